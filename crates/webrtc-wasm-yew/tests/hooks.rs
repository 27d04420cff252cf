//! The hooks in real browsers: components rendered into the test page.

use std::cell::{Cell, RefCell};
use std::time::Duration;

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use webrtc_wasm::signaling::{PairTransport, pair};
use webrtc_wasm::{
    Configuration, DataChannelInit, DataChannelState, Error, IceServer, Message,
    NegotiationOptions, PeerConnectionState, SignalingState, live_listener_count,
};
use webrtc_wasm_yew::{
    UseDataChannel, UsePeerConnection, UsePerfectNegotiation, UseStats, live_task_count,
    use_data_channel, use_data_channel_with_history, use_peer_connection, use_perfect_negotiation,
    use_remote_data_channel, use_stats_with_callback,
};
use yew::prelude::*;

use webrtc_wasm_test_support::{container, quiet_for, until};

wasm_bindgen_test_configure!(run_in_browser);

/// What one rendered peer exposed at its latest render.
#[derive(Clone)]
struct Latest {
    pc: UsePeerConnection,
    chat: UseDataChannel,
    negotiation: UsePerfectNegotiation,
    stats: UseStats,
}

thread_local! {
    static TRANSPORTS: RefCell<Vec<Option<PairTransport>>> = RefCell::default();
    static LATEST: RefCell<Vec<Option<Latest>>> = RefCell::default();
    static REPORTS: Cell<u32> = const { Cell::new(0) };
    static HISTORY: Cell<usize> = const { Cell::new(10) };
}

fn latest(index: usize) -> Latest {
    LATEST.with(|latest| latest.borrow()[index].clone().expect("rendered"))
}

/// The connection, negotiation and stats of peer `index` (0 impolite, 1
/// polite).
#[hook]
fn use_peer(index: usize) -> (UsePeerConnection, UsePerfectNegotiation, UseStats) {
    let pc = use_peer_connection(&Configuration::default());
    let options = if index == 0 {
        NegotiationOptions::impolite()
    } else {
        NegotiationOptions::polite()
    };
    let negotiation = use_perfect_negotiation(
        &pc,
        move || TRANSPORTS.with(|t| t.borrow_mut()[index].take().expect("one transport each")),
        options,
    );
    let stats = use_stats_with_callback(
        &pc,
        Duration::from_millis(100),
        Callback::from(|_| REPORTS.with(|r| r.set(r.get() + 1))),
    );
    (pc, negotiation, stats)
}

/// Keeps what peer `index` rendered for the test, and shows its state.
fn publish(index: usize, latest: Latest) -> Html {
    let state = format!("{:?}", latest.pc.connection_state);
    LATEST.with(|all| all.borrow_mut()[index] = Some(latest));
    html! { <p class="yew-state">{ state }</p> }
}

/// Peer A: opens the chat channel (one side opens it, so the first offer
/// comes from one side; see the README's browser table on first-offer
/// collisions).
#[function_component]
fn Opener() -> Html {
    let (pc, negotiation, stats) = use_peer(0);
    let chat = use_data_channel_with_history(
        &pc,
        "chat",
        &DataChannelInit::default(),
        HISTORY.with(Cell::get),
    );
    publish(
        0,
        Latest {
            pc,
            chat,
            negotiation,
            stats,
        },
    )
}

/// Peer B: takes the channel A opens.
#[function_component]
fn Taker() -> Html {
    let (pc, negotiation, stats) = use_peer(1);
    let chat = use_remote_data_channel(&pc, "chat", HISTORY.with(Cell::get));
    publish(
        1,
        Latest {
            pc,
            chat,
            negotiation,
            stats,
        },
    )
}

#[function_component]
fn Pair() -> Html {
    html! { <><Opener /><Taker /></> }
}

async fn render_pair(history: usize) -> (yew::AppHandle<Pair>, web_sys::Element) {
    let (a, b) = pair();
    TRANSPORTS.with(|t| *t.borrow_mut() = vec![Some(a), Some(b)]);
    LATEST.with(|l| *l.borrow_mut() = vec![None, None]);
    HISTORY.with(|h| h.set(history));
    REPORTS.with(|r| r.set(0));
    let root: web_sys::Element = container().into();
    let app = yew::Renderer::<Pair>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    (app, root)
}

#[wasm_bindgen_test]
async fn states_follow_the_browser_and_destroying_closes_everything() {
    let listeners = live_listener_count();
    let tasks = live_task_count();
    let (app, root) = render_pair(10).await;
    assert!(live_task_count() > tasks);
    until("both connected", || {
        latest(0).pc.connection_state == PeerConnectionState::Connected
            && latest(1).pc.connection_state == PeerConnectionState::Connected
    })
    .await;
    let a = latest(0);
    assert!(a.negotiation.running);
    assert_eq!(a.pc.signaling_state, SignalingState::Stable);
    // What the page shows follows the state.
    until("the page shows it", || {
        root.inner_html().matches("Connected").count() == 2
    })
    .await;
    until("the channel open", || {
        latest(1).chat.ready_state == DataChannelState::Open
    })
    .await;

    let raw_a = a.pc.connection().unwrap().as_raw().clone();
    let raw_channel = latest(1).chat.channel().unwrap().as_raw().clone();
    drop(a);
    app.destroy();
    // Yew tears components down on its scheduler's next run.
    yew::scheduler::flush().await;
    LATEST.with(|l| l.borrow_mut().clear());
    assert_eq!(
        raw_a.connection_state(),
        web_sys::RtcPeerConnectionState::Closed
    );
    until("every task ended", || live_task_count() == tasks).await;
    until("every listener removed", || {
        live_listener_count() == listeners
    })
    .await;
    until("the remote channel closed", || {
        raw_channel.ready_state() == web_sys::RtcDataChannelState::Closed
    })
    .await;
    assert_eq!(root.child_element_count(), 0);
}

#[wasm_bindgen_test]
async fn messages_arrive_in_a_bounded_history_and_the_send_queue_drains() {
    let (app, _root) = render_pair(3).await;
    until("both channels open", || {
        latest(0).chat.ready_state == DataChannelState::Open
            && latest(1).chat.ready_state == DataChannelState::Open
    })
    .await;
    let a = latest(0).chat;
    for n in 1..=5 {
        a.try_send(format!("m{n}")).unwrap();
    }
    latest(1)
        .chat
        .send(Message::binary(vec![7_u8; 3]))
        .await
        .unwrap();
    until("five messages at b", || latest(1).chat.received() == 5).await;
    let texts: Vec<String> = latest(1)
        .chat
        .messages()
        .iter()
        .map(|m| m.as_text().unwrap().to_owned())
        .collect();
    assert_eq!(texts, ["m3", "m4", "m5"]);
    until("one message at a", || latest(0).chat.received() == 1).await;
    assert_eq!(latest(0).chat.messages(), [Message::binary(vec![7_u8; 3])]);

    let chunk = vec![0_u8; 64 * 1024];
    let mut sent = 0;
    let full = loop {
        match a.try_send(Message::binary(chunk.clone())) {
            Ok(()) => sent += 1,
            Err(error) => break error,
        }
    };
    assert_eq!(full, Error::Full);
    assert!(sent > 0);
    until("the indicator rose", || latest(0).chat.buffered_amount > 0).await;
    until("the queue drained", || latest(0).chat.buffered_amount == 0).await;
    until("the burst arrived", || {
        latest(1).chat.received() == 5 + sent
    })
    .await;
    assert_eq!(latest(1).chat.messages().len(), 3);
    assert_eq!(latest(1).chat.error, None);
    app.destroy();
    // Yew tears components down on its scheduler's next run.
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn stats_arrive_with_rates_and_stop_when_destroyed() {
    let tasks = live_task_count();
    let (app, _root) = render_pair(10).await;
    until("the channel open", || {
        latest(0).chat.ready_state == DataChannelState::Open
    })
    .await;
    latest(0)
        .chat
        .try_send(Message::binary(vec![1_u8; 10_000]))
        .unwrap();
    until("two reports with rates", || {
        let stats = latest(0).stats;
        stats.count >= 2 && stats.rates.is_some()
    })
    .await;
    until("the channel's bytes in the stats", || {
        latest(1).stats.report.is_some_and(|report| {
            report
                .data_channels()
                .next()
                .and_then(|d| d.bytes_received)
                .is_some_and(|bytes| bytes >= 10_000)
        })
    })
    .await;
    assert_eq!(latest(0).stats.error, None);
    // The callback saw every report the peers rendered, and any since.
    assert!(u64::from(REPORTS.with(Cell::get)) >= latest(0).stats.count + latest(1).stats.count);

    app.destroy();
    // Yew tears components down on its scheduler's next run.
    yew::scheduler::flush().await;
    LATEST.with(|l| l.borrow_mut().clear());
    until("every task ended", || live_task_count() == tasks).await;
    let after = REPORTS.with(Cell::get);
    // Five periods with no report: the timers are gone, not just slow.
    quiet_for(500).await;
    assert_eq!(REPORTS.with(Cell::get), after);
}

#[function_component]
fn BadConfiguration() -> Html {
    let bad = Configuration::default().ice_server(IceServer::stun("http://example.invalid"));
    let pc = use_peer_connection(&bad);
    let chat = use_data_channel(&pc, "never", &DataChannelInit::default());
    let text = match (pc.connection(), chat.try_send("x")) {
        (Err(Error::Syntax(_)), Err(Error::Syntax(_))) => "syntax error, twice".to_owned(),
        other => format!("unexpected: {other:?}"),
    };
    html! { <p>{ text }</p> }
}

#[wasm_bindgen_test]
async fn a_bad_configuration_is_a_typed_error_that_the_channel_repeats() {
    let root: web_sys::Element = container().into();
    let app = yew::Renderer::<BadConfiguration>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    assert_eq!(root.inner_html(), "<p>syntax error, twice</p>");
    app.destroy();
    // Yew tears components down on its scheduler's next run.
    yew::scheduler::flush().await;
}

#[function_component]
fn Early() -> Html {
    let pc = use_peer_connection(&Configuration::default());
    let chat = use_data_channel(&pc, "early", &DataChannelInit::default());
    let remote = use_remote_data_channel(&pc, "from the other side", 10);
    let text = match (
        chat.try_send("too soon"),
        remote.try_send("too soon"),
        remote.channel(),
    ) {
        (Err(Error::InvalidState(_)), Err(Error::InvalidState(_)), Err(Error::InvalidState(_))) => {
            format!(
                "{:?}, {:?}: not open yet",
                chat.ready_state, remote.ready_state
            )
        }
        other => format!("unexpected: {other:?}"),
    };
    html! { <p>{ text }</p> }
}

#[wasm_bindgen_test]
async fn a_data_channel_before_open_refuses_to_send() {
    let root: web_sys::Element = container().into();
    let app = yew::Renderer::<Early>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    assert_eq!(
        root.inner_html(),
        "<p>Connecting, Connecting: not open yet</p>"
    );
    app.destroy();
    // Yew tears components down on its scheduler's next run.
    yew::scheduler::flush().await;
}
