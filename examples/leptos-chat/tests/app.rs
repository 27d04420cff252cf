//! The leptos-chat app in real browsers: mounted into the test page and
//! driven through its DOM, as a person would.

use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlButtonElement, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let element = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&element).unwrap();
    element.unchecked_into()
}

fn find(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).unwrap()
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector)
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default()
}

/// Waits for `condition`, checking every 10 ms, for at most 20 s.
async fn until(what: &str, condition: impl Fn() -> bool) {
    for _ in 0..2000 {
        if condition() {
            return;
        }
        TimeoutFuture::new(10).await;
    }
    panic!("timed out waiting for {what}");
}

/// Types `message` into a peer's box and submits it.
fn type_and_send(root: &Element, peer: &str, message: &str) {
    let input: HtmlInputElement = find(root, &format!("#{peer} input[name=message]"))
        .unwrap()
        .unchecked_into();
    input.set_value(message);
    let event = web_sys::Event::new_with_event_init_dict("input", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    input.dispatch_event(&event).unwrap();
    let button: HtmlButtonElement = find(root, &format!("#{peer} form button"))
        .unwrap()
        .unchecked_into();
    button.click();
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
    type_and_send(&root, "peer-a", "hello <b>B</b>");
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
    type_and_send(&root, "peer-b", "hi A");
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
    let burst: HtmlButtonElement = find(&root, "#peer-a .burst").unwrap().unchecked_into();
    burst.click();
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
    let toggle: HtmlInputElement = find(&root, "#mount-b").unwrap().unchecked_into();
    toggle.click();
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
    toggle.click();
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
