//! The leptos-chat app in real browsers: mounted into the test page and
//! driven through its DOM, as a person would.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlInputElement};
use webrtc_wasm_test_support::{click, container, find, text, type_into, until};

wasm_bindgen_test_configure!(run_in_browser);

/// Types `message` into a peer's box and submits it.
fn send_from(root: &Element, peer: &str, message: &str) {
    type_into(root, &format!("#{peer} input[name=message]"), message);
    click(root, &format!("#{peer} form button"));
}

#[wasm_bindgen_test]
async fn peers_chat_show_stats_and_the_toggle_unmounts_peer_b() {
    let listeners = webrtc_wasm::live_listener_count();
    let tasks = webrtc_wasm_leptos::live_task_count();
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), leptos_chat::App);
    let root: Element = root.into();

    until("both connected", || {
        text(&root, "#peer-a .connection-state") == "connected"
            && text(&root, "#peer-b .connection-state") == "connected"
    })
    .await;
    until("the channel open", || {
        text(&root, "#peer-a .channel-state") == "open"
            && text(&root, "#peer-b .channel-state") == "open"
    })
    .await;

    // A message typed at A appears at B, as text (markup is not parsed).
    send_from(&root, "peer-a", "hello <b>B</b>");
    until("B shows it", || {
        text(&root, "#peer-b .log") == "them: hello <b>B</b>"
    })
    .await;
    assert!(find(&root, "#peer-b .log b").is_none());
    assert_eq!(text(&root, "#peer-a .log"), "me: hello <b>B</b>");
    let input: HtmlInputElement = find(&root, "#peer-a input[name=message]")
        .unwrap()
        .unchecked_into();
    assert_eq!(input.value(), "");
    send_from(&root, "peer-b", "hi A");
    until("A shows the reply", || {
        text(&root, "#peer-a .log").ends_with("them: hi A")
    })
    .await;

    // The stats panel's numbers move.
    until("a report with the chat's bytes", || {
        text(&root, "#peer-b .bytes-received")
            .parse::<u64>()
            .is_ok_and(|b| b >= 14)
    })
    .await;
    let count: u64 = text(&root, "#peer-a .stats-count").parse().unwrap();
    until("another report", || {
        text(&root, "#peer-a .stats-count").parse::<u64>().unwrap() > count
    })
    .await;
    assert!(
        text(&root, "#peer-a .path").starts_with("host over udp"),
        "{}",
        text(&root, "#peer-a .path")
    );
    assert!(text(&root, "#peer-a .rtt").ends_with(" ms"));

    // The burst fills the send queue: the indicator shows bytes, then drains.
    click(&root, "#peer-a .burst");
    until("the queue indicator rose", || {
        text(&root, "#peer-a .buffered").parse::<u64>().unwrap() > 0
    })
    .await;
    until("16 binary messages at B", || {
        text(&root, "#peer-b .log").matches("(65536 bytes)").count() == 16
    })
    .await;
    until("the queue drained", || {
        text(&root, "#peer-a .buffered") == "0"
    })
    .await;

    // Unchecking B unmounts it: its section goes, its connection closes,
    // and A sees the channel close.
    click(&root, "#mount-b");
    until("B gone", || find(&root, "#peer-b").is_none()).await;
    until("A's channel closed", || {
        text(&root, "#peer-a .channel-state") == "closed"
    })
    .await;
    until("A's negotiation stopped", || {
        text(&root, "#peer-a .negotiation") == "stopped"
    })
    .await;

    // Checking it again starts a new session that connects.
    click(&root, "#mount-b");
    until("session 2 connected", || {
        text(&root, ".session") == "Session 2"
            && text(&root, "#peer-a .channel-state") == "open"
            && text(&root, "#peer-b .channel-state") == "open"
    })
    .await;
    assert_eq!(text(&root, "#peer-a .log"), "");

    // Unmounting the app closes everything it opened.
    drop(handle);
    assert_eq!(root.child_element_count(), 0);
    until("every task ended", || {
        webrtc_wasm_leptos::live_task_count() == tasks
    })
    .await;
    until("every listener removed", || {
        webrtc_wasm::live_listener_count() == listeners
    })
    .await;
}
