//! The yew-call app in real browsers: rendered into the test page and
//! driven through its DOM, as a person would.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlVideoElement};
use webrtc_wasm_test_support::{click, container, find, text, until};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_call_plays_mutes_shows_stats_and_destroying_closes_it() {
    let listeners = webrtc_wasm::live_listener_count();
    let tasks = webrtc_wasm_yew::live_task_count();
    let root: Element = container().into();
    let app = yew::Renderer::<yew_call::App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;

    until("both connected", || {
        text(&root, "#party-a .connection-state") == "connected"
            && text(&root, "#party-b .connection-state") == "connected"
    })
    .await;
    until("two remote tracks each", || {
        text(&root, "#party-a .remote-tracks") == "2"
            && text(&root, "#party-b .remote-tracks") == "2"
    })
    .await;

    // The remote video plays at both parties.
    for party in ["party-a", "party-b"] {
        let video: HtmlVideoElement = find(&root, &format!("#{party} video.remote"))
            .unwrap()
            .unchecked_into();
        until("frames with a size", || video.video_width() > 0).await;
        let start = video.current_time();
        until("playback advancing", || video.current_time() > start + 0.2).await;
    }

    // The stats panel shows the decoded frames growing and the codec.
    until("frames decoded at B", || {
        text(&root, "#party-b .frames")
            .parse::<u32>()
            .is_ok_and(|f| f > 0)
    })
    .await;
    let frames: u32 = text(&root, "#party-b .frames").parse().unwrap();
    until("more frames", || {
        text(&root, "#party-b .frames").parse::<u32>().unwrap() > frames
    })
    .await;
    assert!(
        text(&root, "#party-a .codec").starts_with("video/"),
        "{}",
        text(&root, "#party-a .codec")
    );
    assert!(text(&root, "#party-a .bitrate").ends_with("kbit/s"));

    // Mute at A: its audio transceiver stops sending once renegotiated, and
    // B's answers by sending only.
    // B adds its media once connected: then both send and receive.
    until("both directions negotiated", || {
        text(&root, "#party-a .audio-direction") == "sendrecv"
            && text(&root, "#party-b .audio-direction") == "sendrecv"
    })
    .await;
    click(&root, "#party-a .mute");
    until("A's button says Unmute", || {
        text(&root, "#party-a .mute") == "Unmute"
    })
    .await;
    until("A's audio receives only", || {
        text(&root, "#party-a .audio-direction") == "recvonly"
    })
    .await;
    until("B's audio sends only", || {
        text(&root, "#party-b .audio-direction") == "sendonly → sendrecv"
    })
    .await;
    click(&root, "#party-a .mute");
    until("A's audio sends again", || {
        text(&root, "#party-a .audio-direction") == "sendrecv"
    })
    .await;
    // Camera off at B.
    click(&root, "#party-b .camera");
    until("B's video receives only", || {
        text(&root, "#party-b .video-direction") == "recvonly"
    })
    .await;
    assert_eq!(text(&root, "#party-b .camera"), "Camera on");
    assert_eq!(text(&root, "#party-a .failure"), "");

    app.destroy();
    // Yew tears components down on its scheduler's next run.
    yew::scheduler::flush().await;
    assert_eq!(root.child_element_count(), 0);
    until("every task ended", || {
        webrtc_wasm_yew::live_task_count() == tasks
    })
    .await;
    until("every listener removed", || {
        webrtc_wasm::live_listener_count() == listeners
    })
    .await;
}
