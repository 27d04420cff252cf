//! The hooks in real browsers: components mounted into the test page.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use webrtc_wasm::signaling::{PairTransport, pair};
use webrtc_wasm::{
    Configuration, DataChannelInit, DataChannelState, Error, IceServer, Message,
    NegotiationOptions, OscillatorAudioSource, PeerConnectionState, live_listener_count,
};
use webrtc_wasm_leptos::{
    UseDataChannel, UsePeerConnection, UsePerfectNegotiation, UseStats, live_task_count,
    use_data_channel, use_data_channel_from, use_peer_connection, use_perfect_negotiation,
    use_remote_data_channel, use_remote_tracks, use_stats_with_callback,
};

use webrtc_wasm_test_support::{container, quiet_for, until};

wasm_bindgen_test_configure!(run_in_browser);

/// What one mounted peer exposes to the test.
#[derive(Clone, Copy)]
struct Peer {
    pc: UsePeerConnection,
    chat: UseDataChannel,
    negotiation: UsePerfectNegotiation,
    stats: UseStats,
}

/// The hooks of one peer, as a component would call them; `reports`
/// counts the stats callback's calls.
fn peer(transport: PairTransport, polite: bool, history: usize, reports: Rc<Cell<u32>>) -> Peer {
    let pc = use_peer_connection(&Configuration::default()).expect("a connection");
    let options = if polite {
        NegotiationOptions::polite()
    } else {
        NegotiationOptions::impolite()
    };
    let negotiation = use_perfect_negotiation(&pc, transport, options);
    // One side opens the channel, so the first offer comes from one side
    // (see the README's browser table on first-offer collisions).
    let chat = if polite {
        use_remote_data_channel(&pc, "chat", history)
    } else {
        let channel = pc
            .connection()
            .unwrap()
            .create_data_channel("chat", &DataChannelInit::default())
            .expect("a channel");
        use_data_channel_from(channel, history)
    };
    let stats = use_stats_with_callback(&pc, Duration::from_millis(100), move |_| {
        reports.set(reports.get() + 1)
    });
    Peer {
        pc,
        chat,
        negotiation,
        stats,
    }
}

/// Two peers, each in its own mounted component, negotiating over an
/// in-page transport.
struct Mounted {
    a: Peer,
    b: Peer,
    handles: Vec<Box<dyn std::any::Any>>,
    reports: Rc<Cell<u32>>,
}

fn mount_pair(history: usize) -> Mounted {
    let (ta, tb) = pair();
    let reports = Rc::new(Cell::new(0));
    let slot: Rc<RefCell<Option<Peer>>> = Rc::default();
    let mut handles: Vec<Box<dyn std::any::Any>> = Vec::new();
    let mut peers = Vec::new();
    for (transport, polite) in [(ta, false), (tb, true)] {
        let slot_in = slot.clone();
        let counter = reports.clone();
        let handle = mount_to(container(), move || {
            let peer = peer(transport, polite, history, counter);
            *slot_in.borrow_mut() = Some(peer);
            view! { <p class="state">{move || format!("{:?}", peer.pc.connection_state.get())}</p> }
        });
        handles.push(Box::new(handle));
        peers.push(slot.borrow_mut().take().expect("the component ran"));
    }
    Mounted {
        a: peers[0],
        b: peers[1],
        handles,
        reports,
    }
}

#[wasm_bindgen_test]
async fn states_follow_the_browser_and_unmounting_closes_everything() {
    let listeners = live_listener_count();
    let tasks = live_task_count();
    let mounted = mount_pair(10);
    let (a, b) = (mounted.a, mounted.b);
    assert!(live_task_count() > tasks);
    assert_eq!(
        a.pc.connection_state.get_untracked(),
        PeerConnectionState::New
    );
    assert!(a.negotiation.running.get_untracked());
    until("both connected", || {
        a.pc.connection_state.get_untracked() == PeerConnectionState::Connected
            && b.pc.connection_state.get_untracked() == PeerConnectionState::Connected
    })
    .await;
    assert_eq!(
        a.pc.signaling_state.get_untracked(),
        webrtc_wasm::SignalingState::Stable
    );
    until("the channel open", || {
        b.chat.ready_state.get_untracked() == DataChannelState::Open
    })
    .await;
    // What the page shows follows the signal.
    let shown = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .query_selector_all("p.state")
        .unwrap();
    assert!(shown.length() >= 2);

    let raw_a = a.pc.connection().unwrap().as_raw().clone();
    let raw_channel = b.chat.channel().unwrap().as_raw().clone();
    drop(mounted.handles);
    // The connection is closed at once; the tasks end on the executor's next turn.
    assert_eq!(
        raw_a.connection_state(),
        web_sys::RtcPeerConnectionState::Closed
    );
    assert!(a.pc.connection().is_none());
    assert_eq!(b.chat.try_send("late").unwrap_err(), Error::Closed);
    until("every task ended", || live_task_count() == tasks).await;
    until("every listener removed", || {
        live_listener_count() == listeners
    })
    .await;
    until("the remote channel closed", || {
        raw_channel.ready_state() == web_sys::RtcDataChannelState::Closed
    })
    .await;
}

#[wasm_bindgen_test]
async fn messages_arrive_in_a_bounded_history_and_the_send_queue_drains() {
    let mounted = mount_pair(3);
    let (a, b) = (mounted.a, mounted.b);
    until("both channels open", || {
        a.chat.ready_state.get_untracked() == DataChannelState::Open
            && b.chat.ready_state.get_untracked() == DataChannelState::Open
    })
    .await;
    for n in 1..=5 {
        a.chat.try_send(format!("m{n}")).unwrap();
    }
    b.chat.send(Message::binary(vec![7_u8; 3])).await.unwrap();
    until("five messages at b", || {
        b.chat.received.get_untracked() == 5
    })
    .await;
    let texts: Vec<String> = b
        .chat
        .messages
        .get_untracked()
        .iter()
        .map(|m| m.as_text().unwrap().to_owned())
        .collect();
    assert_eq!(texts, ["m3", "m4", "m5"]);
    until("one message at a", || a.chat.received.get_untracked() == 1).await;
    assert_eq!(
        a.chat.messages.get_untracked(),
        [Message::binary(vec![7_u8; 3])]
    );

    // A burst fills the send queue: the indicator rises, try_send says Full
    // at the high watermark, and the indicator falls back to zero.
    let chunk = vec![0_u8; 64 * 1024];
    let mut sent = 0;
    let full = loop {
        match a.chat.try_send(Message::binary(chunk.clone())) {
            Ok(()) => sent += 1,
            Err(error) => break error,
        }
    };
    assert_eq!(full, Error::Full);
    assert!(sent > 0);
    assert!(a.chat.buffered_amount.get_untracked() > 0);
    until("the queue drained", || {
        a.chat.buffered_amount.get_untracked() == 0
    })
    .await;
    until("the burst arrived", || {
        b.chat.received.get_untracked() == 5 + sent
    })
    .await;
    assert_eq!(b.chat.messages.get_untracked().len(), 3);
    assert_eq!(b.chat.error.get_untracked(), None);
    drop(mounted.handles);
}

#[wasm_bindgen_test]
async fn stats_arrive_with_rates_and_stop_when_unmounted() {
    let tasks = live_task_count();
    let mounted = mount_pair(10);
    let (a, b) = (mounted.a, mounted.b);
    until("the channel open", || {
        a.chat.ready_state.get_untracked() == DataChannelState::Open
    })
    .await;
    a.chat
        .try_send(Message::binary(vec![1_u8; 10_000]))
        .unwrap();
    until("two reports with rates", || {
        a.stats.count.get_untracked() >= 2 && a.stats.rates.get_untracked().is_some()
    })
    .await;
    until("the channel's bytes in the stats", || {
        b.stats.report.with_untracked(|report| {
            report
                .as_ref()
                .and_then(|report| report.data_channels().next().map(|d| d.bytes_received))
                .flatten()
                .is_some_and(|bytes| bytes >= 10_000)
        })
    })
    .await;
    assert_eq!(a.stats.error.get_untracked(), None);
    // The callback saw every report of both peers.
    assert_eq!(
        u64::from(mounted.reports.get()),
        a.stats.count.get_untracked() + b.stats.count.get_untracked()
    );

    drop(mounted.handles);
    until("every task ended", || live_task_count() == tasks).await;
    let after = mounted.reports.get();
    // Five periods with no report: the timers are gone, not just slow.
    quiet_for(500).await;
    assert_eq!(mounted.reports.get(), after);
}

#[wasm_bindgen_test]
fn a_bad_configuration_is_a_typed_error() {
    let (sender, receiver) = std::sync::mpsc::channel();
    let handle = mount_to(container(), move || {
        let bad = Configuration::default().ice_server(IceServer::stun("http://example.invalid"));
        sender.send(use_peer_connection(&bad).map(|_| ())).unwrap();
        view! { <p></p> }
    });
    let result = receiver.recv().unwrap();
    assert!(matches!(result, Err(Error::Syntax(_))), "{result:?}");
    drop(handle);
}

#[wasm_bindgen_test]
async fn a_data_channel_before_open_refuses_to_send() {
    let (sender, receiver) = std::sync::mpsc::channel();
    let handle = mount_to(container(), move || {
        let pc = use_peer_connection(&Configuration::default()).unwrap();
        let chat = use_data_channel(&pc, "early", &DataChannelInit::default()).unwrap();
        let remote = use_remote_data_channel(&pc, "from the other side", 10);
        sender.send((chat, remote)).unwrap();
        view! { <p></p> }
    });
    let (chat, remote) = receiver.recv().unwrap();
    for hook in [chat, remote] {
        assert_eq!(
            hook.ready_state.get_untracked(),
            DataChannelState::Connecting
        );
        assert!(matches!(
            hook.try_send("too soon"),
            Err(Error::InvalidState(_))
        ));
        assert!(matches!(
            hook.send("too soon").await,
            Err(Error::InvalidState(_))
        ));
    }
    assert!(chat.channel().is_some());
    assert!(remote.channel().is_none());
    drop(handle);
    for hook in [chat, remote] {
        assert_eq!(hook.try_send("too late").unwrap_err(), Error::Closed);
        assert!(matches!(hook.send("too late").await, Err(Error::Closed)));
        assert!(hook.channel().is_none());
    }
}

#[wasm_bindgen_test]
async fn remote_tracks_arrive_in_a_local_signal() {
    let listeners = live_listener_count();
    let tasks = live_task_count();
    let (ta, tb) = pair();
    let sender = mount_to(container(), move || {
        let pc = use_peer_connection(&Configuration::default()).unwrap();
        let _negotiation = use_perfect_negotiation(&pc, ta, NegotiationOptions::impolite());
        let tone = OscillatorAudioSource::new(440.0).unwrap();
        pc.connection()
            .unwrap()
            .add_track(&tone.track(), &[tone.stream()])
            .unwrap();
        // The source plays while the component lives.
        let _tone = StoredValue::new_local(tone);
        view! { <p></p> }
    });
    let (sender_of_tracks, receiver) = std::sync::mpsc::channel();
    let taker = mount_to(container(), move || {
        let pc = use_peer_connection(&Configuration::default()).unwrap();
        let _negotiation = use_perfect_negotiation(&pc, tb, NegotiationOptions::polite());
        sender_of_tracks.send(use_remote_tracks(&pc)).unwrap();
        view! { <p></p> }
    });
    let tracks = receiver.recv().unwrap();
    until("one remote track", || tracks.with_untracked(Vec::len) == 1).await;
    let kind = tracks.with_untracked(|tracks| tracks[0].track.kind());
    assert_eq!(kind, "audio");
    drop(sender);
    drop(taker);
    until("every task ended", || live_task_count() == tasks).await;
    until("every listener removed", || {
        live_listener_count() == listeners
    })
    .await;
}
