//! Browser tests of every queue a remote peer fills: each is bounded, and a
//! remote that floods it is met with `Error::ReceiveBufferFull` after
//! everything taken before, and a closed channel or transport.
#![cfg(target_arch = "wasm32")]

mod common;

use std::time::Duration;

use common::*;
use futures::{SinkExt, StreamExt};
use wasm_bindgen_test::*;
use webrtc_wasm::negotiation::{MAX_PENDING_CANDIDATES, MAX_PENDING_GENERATIONS, MAX_SIGNAL_SIZE};
use webrtc_wasm::signaling::{
    BroadcastChannelTransport, MAX_UNREAD_SIGNAL_BYTES, WebSocketTransport, pair,
};
use webrtc_wasm::{
    Configuration, DEFAULT_EVENT_QUEUE_LIMIT, DEFAULT_RECEIVE_LIMIT, DataChannelInit,
    DataChannelState, Error, IceCandidate, Message, NegotiationEvent, NegotiationOptions,
    PeerConnection, PerfectNegotiation, Signal,
};

wasm_bindgen_test_configure!(run_in_browser);

const LIMIT: Duration = Duration::from_secs(20);

fn numbered(i: usize, size: usize) -> Message {
    let mut bytes = vec![(i % 251) as u8; size];
    bytes[..8].copy_from_slice(&(i as u64).to_le_bytes());
    Message::Binary(bytes)
}

#[wasm_bindgen_test]
async fn a_flooded_channel_keeps_its_limit_then_reports_and_closes() {
    let pair = connected_pair(&Configuration::default(), &Configuration::default()).await;
    assert_eq!(pair.remote.receive_limit(), DEFAULT_RECEIVE_LIMIT);
    assert_eq!(
        pair.remote.set_receive_limit(0),
        Err(Error::Range("the receive limit must be above 0".into()))
    );
    let limit = 64 * 1024;
    pair.remote.set_receive_limit(limit).unwrap();
    // 100 messages of 1 KiB, queued at once (far under the high watermark),
    // and nothing reads them: the 65th would pass the 64 KiB limit.
    for i in 0..100 {
        pair.channel.try_send(numbered(i, 1024)).unwrap();
    }
    must_within("the flooded channel closes", LIMIT, pair.remote.closed()).await;
    must_within(
        "the flooding side sees it close",
        LIMIT,
        pair.channel.closed(),
    )
    .await;
    assert_eq!(pair.channel.ready_state(), DataChannelState::Closed);
    assert_eq!(pair.remote.unread_bytes(), limit);

    let mut remote = pair.remote.clone();
    for i in 0..64 {
        let message = must_within("a kept message", LIMIT, remote.next())
            .await
            .expect("a kept message")
            .expect("a message, not an error");
        assert_eq!(message, numbered(i, 1024), "message {i}");
    }
    let overflow = must_within("the overflow", LIMIT, remote.next()).await;
    assert_eq!(overflow, Some(Err(Error::ReceiveBufferFull { limit })));
    assert_eq!(must_within("the end", LIMIT, remote.next()).await, None);
    assert_eq!(pair.remote.unread_bytes(), 0);
}

#[wasm_bindgen_test]
async fn on_message_callbacks_take_messages_past_the_limit() {
    let pair = connected_pair(&Configuration::default(), &Configuration::default()).await;
    pair.remote.set_receive_limit(4 * 1024).unwrap();
    let (sender, mut received) = futures::channel::mpsc::unbounded();
    let _guard = pair.remote.on_message(move |message| {
        sender.unbounded_send(message).expect("the test reads");
    });
    for i in 0..32 {
        pair.channel.try_send(numbered(i, 1024)).unwrap();
    }
    for i in 0..32 {
        let message = must_within("a message", LIMIT, received.next())
            .await
            .expect("a message")
            .expect("not an error");
        assert_eq!(message, numbered(i, 1024));
    }
    assert_eq!(pair.remote.ready_state(), DataChannelState::Open);
    assert_eq!(pair.remote.unread_bytes(), 0);
}

#[wasm_bindgen_test]
async fn unread_incoming_channels_are_bounded() {
    let pair = connected_pair(&Configuration::default(), &Configuration::default()).await;
    let mut incoming = pair.b.data_channels();
    assert!(incoming.error().is_none());
    incoming.set_limit(4);
    // A raw listener after the stream's: once it has seen all six
    // announcements, the stream's listener has too (it makes no handles,
    // so it keeps no channel open).
    let (seen_tx, mut seen) = futures::channel::mpsc::unbounded();
    let _count = webrtc_wasm::Listener::new(pair.b.as_raw().as_ref(), "datachannel", move |_| {
        seen_tx.unbounded_send(()).expect("the test counts");
    });
    let mut opened = Vec::new();
    for i in 0..6 {
        let channel = pair
            .a
            .create_data_channel(&format!("flood-{i}"), &DataChannelInit::default())
            .unwrap();
        opened.push(channel);
    }
    for _ in 0..6 {
        must_within("an announcement", LIMIT, seen.next())
            .await
            .unwrap();
    }
    // The fifth channel announced did not fit: it is closed, the listener
    // is gone, and the stream yields the four it holds, then ends with the
    // error.
    let mut kept = Vec::new();
    while let Some(channel) = must_within("a kept channel", LIMIT, incoming.next()).await {
        must_within("a kept channel opens", LIMIT, channel.open())
            .await
            .unwrap();
        kept.push(channel);
    }
    assert_eq!(kept.len(), 4);
    assert_eq!(
        incoming.error(),
        Some(&Error::ReceiveBufferFull { limit: 4 })
    );
    let labels: Vec<String> = kept.iter().map(|c| c.label()).collect();
    let not_kept: Vec<_> = opened
        .iter()
        .filter(|c| !labels.contains(&c.label()))
        .collect();
    assert_eq!(not_kept.len(), 2);
    // One of the two not kept was refused (closed); the last one was
    // announced after the listener had gone and stays the browser's.
    must_within(
        "the refused channel closes",
        LIMIT,
        futures::future::select_all(not_kept.iter().map(|c| Box::pin(c.closed()))),
    )
    .await;
    assert!(!incoming.listener().is_active());
    for channel in opened.iter().filter(|c| labels.contains(&c.label())) {
        assert_eq!(channel.ready_state(), DataChannelState::Open);
    }
    assert_eq!(DEFAULT_EVENT_QUEUE_LIMIT, 4096);
}

fn candidate(ufrag: &str, port: u32) -> Signal {
    let mut candidate = IceCandidate::new(
        format!("candidate:1 1 udp 2122260223 192.0.2.1 {port} typ host"),
        "0",
    );
    candidate.username_fragment = Some(ufrag.to_owned());
    Signal::Candidate(Some(candidate))
}

/// Starts a driver on a fresh connection; the test plays the remote peer
/// through the other end of an in-page pair.
fn flooded_driver() -> (
    PeerConnection,
    PerfectNegotiation,
    webrtc_wasm::signaling::PairTransport,
) {
    let (ours, remote) = pair();
    let pc = PeerConnection::new(&Configuration::default()).unwrap();
    let driver = PerfectNegotiation::start(&pc, ours, NegotiationOptions::polite());
    (pc, driver, remote)
}

#[wasm_bindgen_test]
async fn early_candidates_of_one_generation_are_bounded() {
    let (_pc, driver, mut remote) = flooded_driver();
    let mut events = driver.events();
    for port in 0..=MAX_PENDING_CANDIDATES as u32 {
        remote.send(candidate("flood", 1000 + port)).await.unwrap();
    }
    let event = must_within("the overflow is reported", LIMIT, events.next()).await;
    assert_eq!(
        event,
        Some(NegotiationEvent::Error(Error::ReceiveBufferFull {
            limit: MAX_PENDING_CANDIDATES
        }))
    );
    // The driver stopped and closed its transport.
    assert_eq!(must_within("events end", LIMIT, events.next()).await, None);
    assert_eq!(
        must_within("transport ends", LIMIT, remote.next()).await,
        None
    );
    assert_eq!(
        remote.send_raw(candidate("flood", 1).to_json()),
        Err(Error::Closed)
    );
}

#[wasm_bindgen_test]
async fn early_candidates_of_many_generations_are_bounded() {
    let (_pc, driver, mut remote) = flooded_driver();
    let mut events = driver.events();
    // A few candidates of each of more generations than the driver keeps.
    for generation in 0..=MAX_PENDING_GENERATIONS {
        for port in 0..3 {
            remote
                .send(candidate(&format!("gen{generation}"), 2000 + port))
                .await
                .unwrap();
        }
    }
    let event = must_within("the overflow is reported", LIMIT, events.next()).await;
    assert_eq!(
        event,
        Some(NegotiationEvent::Error(Error::ReceiveBufferFull {
            limit: MAX_PENDING_GENERATIONS
        }))
    );
    assert_eq!(
        must_within("transport ends", LIMIT, remote.next()).await,
        None
    );
}

#[wasm_bindgen_test]
async fn negotiation_events_nobody_reads_are_bounded() {
    let (_pc, driver, remote) = flooded_driver();
    let mut events = driver.events();
    // Every garbage signal is a `BadSignal` event; nobody reads them yet.
    let flood = DEFAULT_EVENT_QUEUE_LIMIT + 10;
    for i in 0..flood {
        remote.send_raw(format!("not a signal {i}")).unwrap();
    }
    // The driver reads its transport as it goes: wait until it has seen
    // the last one by sending a signal it answers (a real offer).
    let offerer = PeerConnection::new(&Configuration::default()).unwrap();
    let _channel = offerer
        .create_data_channel("probe", &DataChannelInit::default())
        .unwrap();
    let offer = offerer.create_offer(&Default::default()).await.unwrap();
    offerer.set_local_description(&offer).await.unwrap();
    let mut remote = remote;
    remote.send(Signal::Description(offer)).await.unwrap();
    let answer = must_within("the answer", LIMIT, remote.next()).await;
    assert!(
        matches!(&answer, Some(Ok(Signal::Description(d))) if d.sdp_type == webrtc_wasm::SdpType::Answer),
        "{answer:?}"
    );
    let mut bad = 0;
    let mut last = None;
    while let Some(event) = must_within("an event", LIMIT, events.next()).await {
        match event {
            NegotiationEvent::BadSignal(Error::Decode(_)) => bad += 1,
            other => {
                last = Some(other);
                break;
            }
        }
    }
    assert_eq!(bad, DEFAULT_EVENT_QUEUE_LIMIT);
    assert_eq!(
        last,
        Some(NegotiationEvent::Error(Error::ReceiveBufferFull {
            limit: DEFAULT_EVENT_QUEUE_LIMIT
        }))
    );
    assert_eq!(must_within("events end", LIMIT, events.next()).await, None);
}

/// A short description of a transport's item (signals here are 1 MB).
fn brief(item: &Option<webrtc_wasm::Result<Signal>>) -> String {
    match item {
        Some(Ok(Signal::Description(d))) => format!("a {} of {} bytes", d.sdp_type, d.sdp.len()),
        Some(Ok(Signal::Candidate(_))) => "a candidate".into(),
        Some(Err(error)) => format!("{:.200}", error.to_string()),
        None => "the end".into(),
    }
}

/// The next event of `event_type` on `target`.
async fn next_event(target: &web_sys::EventTarget, event_type: &'static str) {
    let (tx, rx) = futures::channel::oneshot::channel();
    let mut tx = Some(tx);
    let _listener = webrtc_wasm::Listener::new(target, event_type, move |_| {
        if let Some(tx) = tx.take() {
            tx.send(()).expect("the test waits");
        }
    });
    rx.await.expect("the listener lives while waiting");
}

/// A signal of about `size` bytes that decodes.
fn big_signal(size: usize) -> String {
    Signal::Description(webrtc_wasm::SessionDescription::offer(format!(
        "v=0\r\na=x:{}\r\n",
        "a".repeat(size - 64)
    )))
    .to_json()
}

#[wasm_bindgen_test]
async fn an_unread_pair_inbox_is_bounded() {
    let (a, mut b) = pair();
    let one = big_signal(1_000_000);
    let fits = MAX_UNREAD_SIGNAL_BYTES / one.len();
    for _ in 0..fits {
        a.send_raw(one.clone()).unwrap();
    }
    assert_eq!(
        a.send_raw(one.clone()),
        Err(Error::ReceiveBufferFull {
            limit: MAX_UNREAD_SIGNAL_BYTES
        })
    );
    for _ in 0..fits {
        let signal = b.next().await;
        assert!(
            matches!(signal, Some(Ok(Signal::Description(_)))),
            "{}",
            brief(&signal)
        );
    }
    assert_eq!(
        b.next().await,
        Some(Err(Error::ReceiveBufferFull {
            limit: MAX_UNREAD_SIGNAL_BYTES
        }))
    );
    assert_eq!(b.next().await, None);
}

#[wasm_bindgen_test]
async fn a_flooded_broadcast_channel_transport_reports_and_closes() {
    let name = format!("bounds-{}", js_sys::Math::random());
    let mut transport = BroadcastChannelTransport::new(&name).unwrap();
    let flooder = web_sys::BroadcastChannel::new(&name).unwrap();
    // Created after the transport, so it receives each message after it:
    // once it has seen the last one, the transport has seen them all.
    let counter = web_sys::BroadcastChannel::new(&name).unwrap();
    let (seen_tx, mut seen) = futures::channel::mpsc::unbounded();
    let _count = webrtc_wasm::Listener::new(counter.as_ref(), "message", move |_| {
        seen_tx.unbounded_send(()).expect("the test counts");
    });
    let one = big_signal(1_000_000);
    let fits = MAX_UNREAD_SIGNAL_BYTES / one.len();
    // An oversize frame first: refused before it is copied, and the
    // transport goes on.
    let oversize = "x".repeat(MAX_SIGNAL_SIZE + 1);
    flooder.post_message(&oversize.into()).unwrap();
    for _ in 0..fits + 3 {
        flooder.post_message(&one.as_str().into()).unwrap();
    }
    for _ in 0..fits + 4 {
        must_within("a message delivered", LIMIT, seen.next())
            .await
            .unwrap();
    }
    let first = must_within("the oversize frame", LIMIT, transport.next()).await;
    assert!(
        matches!(&first, Some(Err(Error::Decode(m))) if m.contains("over the")),
        "{}",
        brief(&first)
    );
    for i in 0..fits {
        let signal = must_within("a kept signal", LIMIT, transport.next()).await;
        assert!(
            matches!(signal, Some(Ok(Signal::Description(_)))),
            "signal {i}: {}",
            brief(&signal)
        );
    }
    let overflow = must_within("the overflow", LIMIT, transport.next()).await;
    assert!(
        matches!(overflow, Some(Err(Error::ReceiveBufferFull { limit })) if limit == MAX_UNREAD_SIGNAL_BYTES),
        "{}",
        brief(&overflow)
    );
    assert_eq!(must_within("the end", LIMIT, transport.next()).await, None);
    // Closed: sending through it now fails.
    let sent = transport.send(Signal::Candidate(None)).await;
    assert!(sent.is_err(), "{sent:?}");
    flooder.close();
    counter.close();
}

#[wasm_bindgen_test]
async fn a_flooded_websocket_transport_refuses_oversize_frames_and_closes() {
    let room = format!(
        "ws://127.0.0.1:{}/signal/{}",
        services_port(),
        js_sys::Math::random()
    );
    let mut transport = must_within("socket", LIMIT, WebSocketTransport::connect(&room))
        .await
        .unwrap();
    let flooder = web_sys::WebSocket::new(&room).unwrap();
    must_within("flooder open", LIMIT, next_event(flooder.as_ref(), "open")).await;

    let oversize = "x".repeat(MAX_SIGNAL_SIZE + 1);
    flooder.send_with_str(&oversize).unwrap();
    flooder
        .send_with_str(&Signal::Candidate(None).to_json())
        .unwrap();
    let first = must_within("the oversize frame", LIMIT, transport.next()).await;
    assert!(
        matches!(&first, Some(Err(Error::Decode(m))) if m.contains("over the")),
        "{}",
        brief(&first)
    );
    let second = must_within("the next signal", LIMIT, transport.next()).await;
    assert_eq!(second, Some(Ok(Signal::Candidate(None))));

    let one = big_signal(1_000_000);
    let fits = MAX_UNREAD_SIGNAL_BYTES / one.len();
    for _ in 0..fits + 3 {
        flooder.send_with_str(&one).unwrap();
    }
    // Nothing reads until the overflow has closed the transport's socket.
    let socket: &web_sys::EventTarget = transport.as_raw().as_ref();
    if transport.as_raw().ready_state() != web_sys::WebSocket::CLOSED {
        must_within(
            "the overflow closes the socket",
            LIMIT,
            next_event(socket, "close"),
        )
        .await;
    }
    let mut kept = 0;
    let outcome = loop {
        match must_within("a signal", LIMIT, transport.next()).await {
            Some(Ok(Signal::Description(_))) => kept += 1,
            other => break other,
        }
    };
    assert_eq!(kept, fits);
    assert!(
        matches!(outcome, Some(Err(Error::ReceiveBufferFull { limit })) if limit == MAX_UNREAD_SIGNAL_BYTES),
        "{}",
        brief(&outcome)
    );
    assert_eq!(must_within("the end", LIMIT, transport.next()).await, None);
    flooder.close().unwrap();
}
