//! Browser tests of handle identity: every handle of one browser object
//! shares one state and the object closes with the last handle; the
//! application keeps `binaryType`, its own `bufferedAmountLowThreshold`,
//! and the configuration members it does not set.
#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use common::*;
use futures::StreamExt;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use webrtc_wasm::{
    BundlePolicy, Configuration, DataChannel, DataChannelState, IceServer, Message, PeerConnection,
    PeerConnectionState,
};

wasm_bindgen_test_configure!(run_in_browser);

const LIMIT: Duration = Duration::from_secs(20);

#[wasm_bindgen_test]
async fn every_datachannel_listener_gets_the_same_channel() {
    let pair = connected_pair(&Configuration::default(), &Configuration::default()).await;
    let from_callbacks: Rc<RefCell<Vec<DataChannel>>> = Rc::default();
    let first = pair.b.on_data_channel({
        let seen = from_callbacks.clone();
        move |channel| seen.borrow_mut().push(channel)
    });
    let second = pair.b.on_data_channel({
        let seen = from_callbacks.clone();
        move |channel| seen.borrow_mut().push(channel)
    });
    let mut stream = pair.b.data_channels();
    let sender = pair
        .a
        .create_data_channel("shared", &Default::default())
        .unwrap();
    let from_stream = must_within("announced", LIMIT, stream.next())
        .await
        .unwrap();
    drop((first, second, stream));
    let handles = from_callbacks.take();
    assert_eq!(handles.len(), 2);
    assert!(handles.iter().all(|h| *h == from_stream));
    // `From` on the raw object finds the same state too.
    let from_raw = DataChannel::from(from_stream.as_raw().clone());
    assert_eq!(from_raw, from_stream);
    assert_ne!(from_stream, pair.remote);

    // One queue: a message is read once, whichever handle reads it.
    must_within("open", LIMIT, sender.open()).await.unwrap();
    sender.send(Message::text("one")).await.unwrap();
    sender.send(Message::text("two")).await.unwrap();
    let mut reader = from_raw.clone();
    assert_eq!(
        must_within("one", LIMIT, reader.next()).await,
        Some(Ok(Message::text("one")))
    );
    let mut other = handles[0].clone();
    assert_eq!(
        must_within("two", LIMIT, other.next()).await,
        Some(Ok(Message::text("two")))
    );
    // One set of watermarks and limits.
    handles[1].set_watermarks(4096, 1024).unwrap();
    assert_eq!(from_stream.watermarks(), (4096, 1024));
    handles[1].set_receive_limit(1 << 20).unwrap();
    assert_eq!(from_raw.receive_limit(), 1 << 20);

    // Dropping all but one handle leaves the channel open.
    drop(handles);
    drop((reader, other, from_raw));
    assert_eq!(from_stream.ready_state(), DataChannelState::Open);
    sender.send(Message::text("still open")).await.unwrap();
    let mut last = from_stream;
    assert_eq!(
        must_within("after drops", LIMIT, last.next()).await,
        Some(Ok(Message::text("still open")))
    );
    // The last one closes it.
    drop(last);
    must_within("closed by the last handle", LIMIT, sender.closed()).await;
}

#[wasm_bindgen_test]
async fn connections_made_from_one_raw_object_share_a_state() {
    let pc = PeerConnection::new(&Configuration::default()).unwrap();
    let raw = pc.as_raw().clone();
    let again = PeerConnection::from(raw.clone());
    assert_eq!(again, pc);
    assert_ne!(PeerConnection::new(&Configuration::default()).unwrap(), pc);
    drop(pc);
    // The other handle keeps it open.
    assert_ne!(
        raw.connection_state(),
        web_sys::RtcPeerConnectionState::Closed
    );
    assert_eq!(again.connection_state(), PeerConnectionState::New);
    drop(again);
    assert_eq!(
        raw.connection_state(),
        web_sys::RtcPeerConnectionState::Closed
    );
    // A closed, unwrapped object wraps afresh.
    let fresh = PeerConnection::from(raw);
    assert_eq!(fresh.connection_state(), PeerConnectionState::Closed);
}

#[wasm_bindgen_test]
async fn binary_type_stays_arraybuffer_while_wrapped() {
    let pair = connected_pair(&Configuration::default(), &Configuration::default()).await;
    let raw: JsValue = pair.remote.as_raw().clone().into();
    let refused = js_sys::Reflect::set(&raw, &"binaryType".into(), &"blob".into());
    let error = refused.expect_err("binaryType = 'blob' is refused");
    assert!(error.is_instance_of::<js_sys::TypeError>(), "{error:?}");
    assert_eq!(pair.remote.binary_type(), "arraybuffer");
    // Setting the value it has is allowed.
    js_sys::Reflect::set(&raw, &"binaryType".into(), &"arraybuffer".into()).unwrap();
    pair.channel
        .send(Message::binary(vec![1, 2, 3]))
        .await
        .unwrap();
    let mut remote = pair.remote.clone();
    assert_eq!(
        must_within("binary", LIMIT, remote.next()).await,
        Some(Ok(Message::binary(vec![1, 2, 3])))
    );
    drop(remote);
    // Given back: the attribute is the browser's again.
    let Pair { remote, .. } = pair;
    let raw_channel = remote.into_raw();
    js_sys::Reflect::set(&raw_channel, &"binaryType".into(), &"blob".into()).unwrap();
    assert_eq!(raw_channel.binary_type(), web_sys::RtcDataChannelType::Blob);
}

/// A burst through `send().await` that goes far over the high watermark.
async fn burst(channel: &DataChannel, messages: usize) {
    for _ in 0..messages {
        channel
            .send(Message::binary(vec![7; 64 * 1024]))
            .await
            .unwrap();
    }
}

#[wasm_bindgen_test]
async fn the_applications_threshold_is_kept_and_its_callbacks_fire_at_it() {
    let pair = connected_pair(&Configuration::default(), &Configuration::default()).await;
    let _reader = pair.remote.on_message(|_| {});
    let channel = &pair.channel;
    assert_eq!(channel.buffered_amount_low_threshold(), 0);
    let threshold = 512 * 1024;
    channel.set_buffered_amount_low_threshold(threshold);
    assert_eq!(channel.as_raw().buffered_amount_low_threshold(), threshold);
    let levels: Rc<RefCell<Vec<u32>>> = Rc::default();
    let _low = channel.on_buffered_amount_low({
        let levels = levels.clone();
        let channel = channel.as_raw().clone();
        move || levels.borrow_mut().push(channel.buffered_amount())
    });
    // 4 MiB through a 1 MiB / 256 KiB window: the library lowers the
    // browser's threshold while it waits.
    burst(channel, 64).await;
    channel.flush().await.unwrap();
    let seen = levels.borrow().clone();
    assert!(!seen.is_empty(), "the callback ran");
    assert!(
        seen.iter().all(|level| *level <= threshold),
        "callbacks only at or below the threshold: {seen:?}"
    );
    // Back to the application's value once nobody waits.
    assert_eq!(channel.buffered_amount_low_threshold(), threshold);
    assert_eq!(channel.as_raw().buffered_amount_low_threshold(), threshold);
}

#[wasm_bindgen_test]
async fn a_zero_threshold_callback_fires_only_on_an_empty_queue() {
    let pair = connected_pair(&Configuration::default(), &Configuration::default()).await;
    let _reader = pair.remote.on_message(|_| {});
    let channel = &pair.channel;
    let levels: Rc<RefCell<Vec<u32>>> = Rc::default();
    let mut events = channel.buffered_amount_low_events();
    let _low = channel.on_buffered_amount_low({
        let levels = levels.clone();
        let channel = channel.as_raw().clone();
        move || levels.borrow_mut().push(channel.buffered_amount())
    });
    burst(channel, 48).await;
    channel.flush().await.unwrap();
    must_within("the stream's event", LIMIT, events.next())
        .await
        .unwrap();
    // The library waits at 256 KiB on the way; none of those events is the
    // application's. Each callback saw the empty queue (Chromium drains it
    // once, at the end; Firefox may empty it between waits too).
    let seen = levels.borrow().clone();
    assert!(!seen.is_empty());
    assert!(seen.iter().all(|level| *level == 0), "{seen:?}");
    let streamed = 1 + drain(&mut events).len();
    assert_eq!(streamed, seen.len());
    assert_eq!(channel.as_raw().buffered_amount_low_threshold(), 0);
}

#[wasm_bindgen_test]
async fn a_partial_configuration_keeps_what_it_does_not_set() {
    let pc = PeerConnection::new(&Configuration::default().bundle_policy(BundlePolicy::MaxBundle))
        .unwrap();
    pc.set_configuration(
        &Configuration::default().ice_server(IceServer::stun("stun:127.0.0.1:3478")),
    )
    .unwrap();
    let now = pc.get_configuration();
    assert_eq!(now.bundle_policy, Some(BundlePolicy::MaxBundle));
    assert_eq!(now.ice_servers.len(), 1);
    assert_eq!(now.ice_servers[0].urls, ["stun:127.0.0.1:3478"]);
    // A member that cannot change still refuses to.
    let changed =
        pc.set_configuration(&Configuration::default().bundle_policy(BundlePolicy::Balanced));
    assert!(
        matches!(changed, Err(webrtc_wasm::Error::InvalidModification(_))),
        "{changed:?}"
    );
}

/// Whether `T` has identity equality that is an equivalence (`Eq`).
fn is_eq<T: Eq>(_: &T) {}

#[wasm_bindgen_test]
async fn media_and_transport_handles_compare_by_identity() {
    use webrtc_wasm::{MediaKind, TransceiverInit};
    let pair = connected_pair(&Configuration::default(), &Configuration::default()).await;
    let audio = pair
        .a
        .add_transceiver(MediaKind::Audio, &TransceiverInit::default())
        .unwrap();
    let video = pair
        .a
        .add_transceiver(MediaKind::Video, &TransceiverInit::default())
        .unwrap();
    is_eq(&audio);
    // Handles of one browser object are equal however they were obtained;
    // handles of two objects are not.
    assert_eq!(
        pair.a.get_transceivers(),
        vec![audio.clone(), video.clone()]
    );
    assert_ne!(audio, video);
    assert_eq!(audio.sender(), pair.a.get_senders()[0]);
    assert_ne!(audio.sender(), video.sender());
    assert_eq!(audio.receiver(), pair.a.get_receivers()[0]);
    assert_ne!(audio.receiver(), video.receiver());
    let dtmf = audio.sender().dtmf().expect("an audio sender has DTMF");
    is_eq(&dtmf);
    assert_eq!(dtmf, audio.sender().dtmf().unwrap());
    // The data channels' transports, reached two ways.
    let sctp = pair.a.sctp().expect("an SCTP transport once connected");
    is_eq(&sctp);
    assert_eq!(sctp, pair.a.sctp().unwrap());
    assert_ne!(Some(sctp.clone()), pair.b.sctp());
    let dtls = sctp.transport().unwrap();
    is_eq(&dtls);
    assert_eq!(dtls, pair.a.sctp().unwrap().transport().unwrap());
    let ice = dtls.ice_transport().unwrap();
    is_eq(&ice);
    assert_eq!(ice, dtls.ice_transport().unwrap());
    assert_ne!(
        ice,
        pair.b
            .sctp()
            .unwrap()
            .transport()
            .unwrap()
            .ice_transport()
            .unwrap()
    );
}
