//! Browser tests of perfect negotiation: glare, renegotiation storms,
//! signals out of order, duplicated or garbled, and signaling transports.
#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use common::*;
use futures::StreamExt;
use wasm_bindgen_futures::spawn_local;
use wasm_bindgen_test::*;
use webrtc_wasm::negotiation::IceRestartPolicy;
use webrtc_wasm::signaling::{BroadcastChannelTransport, PairSender, PairTransport, pair};
use webrtc_wasm::{
    CanvasVideoSource, Configuration, DataChannel, DataChannelInit, DataChannelState, MediaKind,
    Message, NegotiationEvent, NegotiationOptions, PeerConnection, PeerConnectionState,
    PerfectNegotiation, Signal, SignalingState, TransceiverDirection, TransceiverInit,
};

wasm_bindgen_test_configure!(run_in_browser);

const LIMIT: Duration = Duration::from_secs(30);

struct Peers {
    a: PeerConnection,
    b: PeerConnection,
    _na: PerfectNegotiation,
    _nb: PerfectNegotiation,
    /// Every event either driver reported.
    events: Rc<RefCell<Vec<NegotiationEvent>>>,
}

fn collect(negotiation: &PerfectNegotiation, into: &Rc<RefCell<Vec<NegotiationEvent>>>) {
    let mut events = negotiation.events();
    let into = into.clone();
    spawn_local(async move {
        while let Some(event) = events.next().await {
            into.borrow_mut().push(event);
        }
    });
}

fn peers_over(ta: PairTransport, tb: PairTransport) -> Peers {
    peers_with(ta, tb, NegotiationOptions::impolite())
}

/// Like [`peers_over`], with `impolite` as `a`'s options.
fn peers_with(ta: PairTransport, tb: PairTransport, impolite: NegotiationOptions) -> Peers {
    let a = PeerConnection::new(&Configuration::default()).unwrap();
    let b = PeerConnection::new(&Configuration::default()).unwrap();
    let na = PerfectNegotiation::start(&a, ta, impolite);
    let nb = PerfectNegotiation::start(&b, tb, NegotiationOptions::polite());
    let events = Rc::new(RefCell::new(Vec::new()));
    collect(&na, &events);
    collect(&nb, &events);
    Peers {
        a,
        b,
        _na: na,
        _nb: nb,
        events,
    }
}

fn peers() -> Peers {
    let (ta, tb) = pair();
    peers_over(ta, tb)
}

impl Peers {
    /// Errors reported so far (ignored offers and rollbacks are expected).
    fn errors(&self) -> Vec<NegotiationEvent> {
        self.events
            .borrow()
            .iter()
            .filter(|e| {
                matches!(
                    e,
                    NegotiationEvent::Error(_) | NegotiationEvent::BadSignal(_)
                )
            })
            .cloned()
            .collect()
    }

    /// Waits until no exchange is in flight and both sides agree on every
    /// media section (see [`in_agreement`]).
    async fn converged(&self) {
        let describe = |pc: &PeerConnection| {
            format!(
                "{:?} {:?}",
                pc.signaling_state(),
                pc.get_transceivers()
                    .iter()
                    .map(|t| (t.mid(), t.direction(), t.current_direction()))
                    .collect::<Vec<_>>()
            )
        };
        let done = within(LIMIT, async {
            while !in_agreement(&self.a, &self.b) {
                sleep(20).await;
            }
        })
        .await;
        assert!(
            done.is_some(),
            "negotiation did not converge:\na: {}\nb: {}\nevents: {:?}",
            describe(&self.a),
            describe(&self.b),
            self.events.borrow()
        );
    }

    /// How many collisions (ignored offers and rollbacks) were reported.
    fn collisions(&self) -> usize {
        self.events
            .borrow()
            .iter()
            .filter(|e| {
                matches!(
                    e,
                    NegotiationEvent::IgnoredOffer | NegotiationEvent::RolledBack
                )
            })
            .count()
    }
}

/// Whether no exchange is in flight between `a` and `b` and they agree on
/// every media section:
/// - both are `stable` with no pending description;
/// - each side's current remote description is the other's current local
///   one (their `o=` lines, whose version changes with every description,
///   are equal), so no offer or answer is on its way;
/// - every transceiver that is not stopped has a mid the other side has too,
///   and its `current_direction` is what its `direction` and the other
///   side's give (it sends where the other receives, and receives where the
///   other sends), so no direction change waits for a negotiation.
fn in_agreement(a: &PeerConnection, b: &PeerConnection) -> bool {
    let quiet = |pc: &PeerConnection| {
        pc.signaling_state() == SignalingState::Stable
            && pc.pending_local_description().is_none()
            && pc.pending_remote_description().is_none()
    };
    let origin = |description: Option<webrtc_wasm::SessionDescription>| {
        description.and_then(|d| {
            d.sdp
                .lines()
                .find(|l| l.starts_with("o="))
                .map(str::to_owned)
        })
    };
    quiet(a)
        && quiet(b)
        && origin(a.current_local_description()).is_some()
        && origin(a.current_local_description()) == origin(b.current_remote_description())
        && origin(b.current_local_description()) == origin(a.current_remote_description())
        && directions_agree(a, b)
        && directions_agree(b, a)
}

/// See [`in_agreement`].
fn directions_agree(pc: &PeerConnection, other: &PeerConnection) -> bool {
    use TransceiverDirection as D;
    let sends = |d: &D| matches!(d, D::SendRecv | D::SendOnly);
    let receives = |d: &D| matches!(d, D::SendRecv | D::RecvOnly);
    let theirs = other.get_transceivers();
    pc.get_transceivers()
        .iter()
        .filter(|t| t.direction() != D::Stopped)
        .all(|t| {
            let Some(mid) = t.mid() else { return false };
            let Some(peer) = theirs.iter().find(|u| u.mid().as_deref() == Some(&mid)) else {
                return false;
            };
            let (mine, their) = (t.direction(), peer.direction());
            let expected = match (
                sends(&mine) && receives(&their),
                receives(&mine) && sends(&their),
            ) {
                (true, true) => D::SendRecv,
                (true, false) => D::SendOnly,
                (false, true) => D::RecvOnly,
                (false, false) => D::Inactive,
            };
            t.current_direction() == Some(expected)
        })
}

/// The channel labelled `label` that `pc` is told about.
async fn announced(
    channels: &mut webrtc_wasm::EventStream<DataChannel>,
    label: &str,
) -> DataChannel {
    loop {
        let channel = must_within("datachannel", LIMIT, channels.next())
            .await
            .unwrap();
        if channel.label() == label {
            return channel;
        }
    }
}

#[wasm_bindgen_test]
async fn glare_fifty_times_in_a_row_converges() {
    const ROUNDS: usize = 50;
    // Signals take 50 ms each way, as over a network, so that both sides'
    // offers are out before either arrives (Firefox asks for negotiation
    // later than Chromium does, and over an instant transport the first
    // offer would land before the other side made its own).
    let (ta, relay_a) = pair();
    let (relay_b, tb) = pair();
    let (to_a, to_b) = (relay_a.sender(), relay_b.sender());
    let latency = |_: &PairSender, signal: Signal| vec![(50, signal)];
    relay(relay_a, to_b, latency);
    relay(relay_b, to_a, latency);
    let peers = peers_over(ta, tb);
    let mut a_incoming = peers.a.data_channels();
    let mut b_incoming = peers.b.data_channels();
    // The first connection comes from one side (see the README's browser
    // table: a polite side whose very first offer is rolled back can stop
    // gathering in Chromium); every round after it is a collision.
    let first = peers
        .a
        .create_data_channel("first", &DataChannelInit::default())
        .unwrap();
    must_within("first channel open", LIMIT, first.open())
        .await
        .unwrap();
    announced(&mut b_incoming, "first").await;
    peers.converged().await;
    let mut rounds_with_collisions = 0;
    for round in 0..ROUNDS {
        let collisions = peers.collisions();
        // Both sides change at the same moment.
        let from_a = peers
            .a
            .create_data_channel(&format!("a{round}"), &DataChannelInit::default())
            .unwrap();
        let from_b = peers
            .b
            .create_data_channel(&format!("b{round}"), &DataChannelInit::default())
            .unwrap();
        let kind = if round % 2 == 0 {
            MediaKind::Audio
        } else {
            MediaKind::Video
        };
        let init = TransceiverInit::default().direction(TransceiverDirection::RecvOnly);
        peers.a.add_transceiver(kind.clone(), &init).unwrap();
        peers.b.add_transceiver(kind, &init).unwrap();
        peers.converged().await;
        must_within("a's channel open", LIMIT, from_a.open())
            .await
            .unwrap();
        must_within("b's channel open", LIMIT, from_b.open())
            .await
            .unwrap();
        let at_b = announced(&mut b_incoming, &format!("a{round}")).await;
        let at_a = announced(&mut a_incoming, &format!("b{round}")).await;
        must_within("channels open on the other side", LIMIT, async {
            at_b.open().await.unwrap();
            at_a.open().await.unwrap();
        })
        .await;
        assert!(
            peers.errors().is_empty(),
            "round {round}: {:?}",
            peers.errors()
        );
        if peers.collisions() > collisions {
            rounds_with_collisions += 1;
        }
    }
    // Both sides offer at once in every round; the offers crossed in all 50
    // rounds in both browsers when measured.
    assert!(
        rounds_with_collisions >= ROUNDS * 9 / 10,
        "offers collided in only {rounds_with_collisions} of {ROUNDS} rounds"
    );
    must_within("connected", LIMIT, peers.a.connected())
        .await
        .unwrap();
}

/// Deterministic choices (xorshift).
struct Choices(u32);

impl Choices {
    fn next(&mut self, below: u32) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        self.0 % below
    }
}

#[wasm_bindgen_test]
async fn renegotiation_storms_converge_each_time() {
    let peers = peers();
    let source = CanvasVideoSource::new(64, 48, 10).unwrap();
    let mut choices = Choices(0x9E37_79B9);
    // Channels with the round they were made in. Only channels of earlier
    // rounds are closed: Chromium keeps asking for negotiation after every
    // exchange when a channel is closed before the first one (see README).
    let mut channels: Vec<(u32, DataChannel)> = Vec::new();
    // The first connection comes from one side: in Chromium, a polite side
    // whose very first offer (with a track) is rolled back can stop
    // gathering candidates for good (see the README's browser table).
    let first = peers
        .a
        .create_data_channel("first", &DataChannelInit::default())
        .unwrap();
    must_within("first channel open", LIMIT, first.open())
        .await
        .unwrap();
    for round in 0..20 {
        for _ in 0..=choices.next(3) {
            let pc = if choices.next(2) == 0 {
                &peers.a
            } else {
                &peers.b
            };
            match choices.next(4) {
                0 => {
                    // Adds the track, or removes it where it is sent already
                    // (adding it twice is an error by design).
                    let track = source.track();
                    let sending = pc
                        .get_senders()
                        .into_iter()
                        .find(|s| s.track().is_some_and(|t| t.id() == track.id()));
                    match sending {
                        Some(sender) => pc.remove_track(&sender).unwrap(),
                        None => {
                            pc.add_track(&track, &[]).unwrap();
                        }
                    }
                }
                1 => {
                    if let Some(sender) = pc.get_senders().into_iter().find(|s| s.track().is_some())
                    {
                        pc.remove_track(&sender).unwrap();
                    }
                }
                2 => {
                    let label = format!("s{round}");
                    let channel = pc.create_data_channel(&label, &DataChannelInit::default());
                    channels.push((round, channel.unwrap()));
                }
                _ => {
                    if let Some(at) = channels.iter().position(|(made, _)| *made < round) {
                        channels.remove(at).1.close();
                    }
                }
            }
        }
        peers.converged().await;
        for channel in &channels {
            must_within("channel open", LIMIT, channel.1.open())
                .await
                .unwrap();
        }
        assert!(
            peers.errors().is_empty(),
            "round {round}: {:?}",
            peers.errors()
        );
    }
}

/// Forwards what arrives on `from` to `to`, through `mangle`, which says
/// what to send and after how many milliseconds.
fn relay(
    mut from: PairTransport,
    to: PairSender,
    mangle: impl Fn(&PairSender, Signal) -> Vec<(u32, Signal)> + 'static,
) {
    spawn_local(async move {
        while let Some(signal) = from.next().await {
            let Ok(signal) = signal else { continue };
            for (delay, signal) in mangle(&to, signal) {
                let to = to.clone();
                spawn_local(async move {
                    sleep(delay).await;
                    // The other end goes only when its test is over.
                    if let Err(error) = to.send(&signal) {
                        assert_eq!(error, webrtc_wasm::Error::Closed, "relaying {signal:?}");
                    }
                });
            }
        }
    });
}

/// A first connection that never gets a remote candidate stays `new` or
/// `connecting` with nothing to fail on; the impolite side restarts ICE
/// after the connect timeout, and the new generation connects.
#[wasm_bindgen_test]
async fn a_first_connection_whose_candidates_are_lost_connects_after_a_restart() {
    let (ta, relay_a) = pair();
    let (relay_b, tb) = pair();
    let (to_a, to_b) = (relay_a.sender(), relay_b.sender());
    // Each direction loses every candidate of the first ICE generation it
    // sees, and every end-of-candidates.
    let lose_first_generation = || {
        let first: RefCell<Option<String>> = RefCell::default();
        move |_: &PairSender, signal: Signal| match &signal {
            Signal::Candidate(Some(candidate)) => {
                let ufrag = candidate.username_fragment.clone();
                let first = first
                    .borrow_mut()
                    .get_or_insert(ufrag.clone().unwrap_or_default())
                    .clone();
                if ufrag.as_deref() == Some(first.as_str()) {
                    vec![]
                } else {
                    vec![(0, signal)]
                }
            }
            Signal::Candidate(None) => vec![],
            Signal::Description(_) => vec![(0, signal)],
        }
    };
    relay(relay_a, to_b, lose_first_generation());
    relay(relay_b, to_a, lose_first_generation());
    let policy = IceRestartPolicy {
        connect_timeout: Duration::from_secs(2),
        ..IceRestartPolicy::default()
    };
    let peers = peers_with(
        ta,
        tb,
        NegotiationOptions::impolite().ice_restart(Some(policy)),
    );
    let channel = peers
        .a
        .create_data_channel("late", &DataChannelInit::default())
        .unwrap();
    // Nothing connects on the first generation.
    sleep(1500).await;
    assert_ne!(peers.a.connection_state(), PeerConnectionState::Connected);
    must_within("open after a restart", LIMIT, channel.open())
        .await
        .unwrap();
    let restarts = peers
        .events
        .borrow()
        .iter()
        .filter(|e| matches!(e, NegotiationEvent::IceRestart { .. }))
        .count();
    assert!(restarts >= 1, "{:?}", peers.events.borrow());
    channel.send(Message::text("after restart")).await.unwrap();
}

#[wasm_bindgen_test]
async fn out_of_order_duplicated_and_garbled_signals_still_converge() {
    let (ta, relay_a) = pair();
    let (relay_b, tb) = pair();
    let (to_a, to_b) = (relay_a.sender(), relay_b.sender());
    // Descriptions arrive late (after their candidates), candidates twice,
    // and every description is preceded by garbage.
    let mangle = |to: &PairSender, signal: Signal| match signal {
        Signal::Description(_) => {
            to.send_raw("{\"description\": {\"type\": \"offer\"")
                .unwrap();
            to.send_raw("{\"candidate\": 42}").unwrap();
            vec![(150, signal)]
        }
        Signal::Candidate(_) => vec![(0, signal.clone()), (0, signal)],
    };
    relay(relay_a, to_b, mangle);
    relay(relay_b, to_a, mangle);
    let peers = peers_over(ta, tb);
    let channel = peers
        .a
        .create_data_channel("late", &DataChannelInit::default())
        .unwrap();
    must_within("open", LIMIT, channel.open()).await.unwrap();
    channel.send(Message::text("through")).await.unwrap();
    let bad = peers
        .events
        .borrow()
        .iter()
        .filter(|e| {
            matches!(
                e,
                NegotiationEvent::BadSignal(webrtc_wasm::Error::Decode(_))
            )
        })
        .count();
    assert!(
        bad >= 2,
        "garbled signals were reported: {:?}",
        peers.events.borrow()
    );
    let real_errors: Vec<_> = peers
        .events
        .borrow()
        .iter()
        .filter(|e| matches!(e, NegotiationEvent::Error(_)))
        .cloned()
        .collect();
    assert!(real_errors.is_empty(), "{real_errors:?}");
    // The session keeps working: renegotiate once more.
    let video = CanvasVideoSource::new(64, 48, 10).unwrap();
    peers.b.add_track(&video.track(), &[]).unwrap();
    peers.converged().await;
    let video_at_a = peers.a.get_transceivers();
    assert_eq!(video_at_a.len(), 1);
    assert_eq!(
        video_at_a[0].current_direction(),
        Some(TransceiverDirection::RecvOnly)
    );
}

#[wasm_bindgen_test]
async fn broadcast_channel_connects_to_a_peer_in_another_frame() {
    let name = format!("webrtc-wasm-test-{}", js_sys::Math::random());
    let document = web_sys::window().unwrap().document().unwrap();
    let frame = document.create_element("iframe").unwrap();
    // A plain-JavaScript polite peer in a same-origin frame: it answers and
    // echoes data-channel messages, speaking the same JSON signals.
    let script = format!(
        r#"<script>
const ch = new BroadcastChannel({name:?});
const pc = new RTCPeerConnection();
pc.onicecandidate = ({{candidate}}) => ch.postMessage(JSON.stringify({{candidate: candidate ? candidate.toJSON() : null}}));
pc.ondatachannel = ({{channel}}) => {{ channel.onmessage = (e) => channel.send('echo:' + e.data); }};
ch.onmessage = async ({{data}}) => {{
  const msg = JSON.parse(data);
  if (msg.description) {{
    await pc.setRemoteDescription(msg.description);
    if (msg.description.type === 'offer') {{
      await pc.setLocalDescription();
      ch.postMessage(JSON.stringify({{description: pc.localDescription}}));
    }}
  }} else if ('candidate' in msg) {{
    try {{ await pc.addIceCandidate(msg.candidate ?? undefined); }} catch (e) {{}}
  }}
}};
</script>"#
    );
    frame.set_attribute("srcdoc", &script).unwrap();
    let loaded: web_sys::EventTarget = frame.clone().into();
    let (tx, mut rx) = futures::channel::mpsc::unbounded();
    let load = webrtc_wasm::Listener::new(&loaded, "load", move |_| {
        tx.unbounded_send(()).expect("the test waits for the load");
    });
    document.body().unwrap().append_child(&frame).unwrap();
    must_within("frame load", LIMIT, rx.next()).await;
    drop(load);

    let a = PeerConnection::new(&Configuration::default()).unwrap();
    let transport = BroadcastChannelTransport::new(&name).unwrap();
    let _negotiation = PerfectNegotiation::start(&a, transport, NegotiationOptions::impolite());
    let mut channel = a
        .create_data_channel("frames", &DataChannelInit::default())
        .unwrap();
    must_within("open across frames", LIMIT, channel.open())
        .await
        .unwrap();
    channel.send(Message::text("ping")).await.unwrap();
    let echo = must_within("echo", LIMIT, channel.next())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(echo, Message::text("echo:ping"));
    assert_eq!(channel.ready_state(), DataChannelState::Open);
    frame.remove();
}

#[wasm_bindgen_test]
fn restart_policy_defaults_are_bounded() {
    let policy = IceRestartPolicy::default();
    assert!(policy.max_attempts > 0 && policy.max_attempts < 100);
    assert!(policy.backoff <= policy.max_backoff);
    assert!(policy.connect_timeout >= Duration::from_secs(1));
    assert_eq!(NegotiationOptions::impolite().ice_restart, Some(policy));
    assert!(!NegotiationOptions::impolite().polite);
}

#[wasm_bindgen_test]
async fn websocket_transport_connects_through_a_signaling_relay() {
    use webrtc_wasm::signaling::WebSocketTransport;
    let room = format!(
        "ws://127.0.0.1:{}/signal/{}",
        services_port(),
        js_sys::Math::random()
    );
    let ta = must_within("socket a", LIMIT, WebSocketTransport::connect(&room))
        .await
        .unwrap();
    let tb = must_within("socket b", LIMIT, WebSocketTransport::connect(&room))
        .await
        .unwrap();
    let a = PeerConnection::new(&Configuration::default()).unwrap();
    let b = PeerConnection::new(&Configuration::default()).unwrap();
    let _na = PerfectNegotiation::start(&a, ta, NegotiationOptions::impolite());
    let _nb = PerfectNegotiation::start(&b, tb, NegotiationOptions::polite());
    let mut incoming = b.data_channels();
    let channel = a
        .create_data_channel("ws", &DataChannelInit::default())
        .unwrap();
    must_within("open", LIMIT, channel.open()).await.unwrap();
    let mut remote = announced(&mut incoming, "ws").await;
    channel
        .send(Message::text("over ws signaling"))
        .await
        .unwrap();
    let got = must_within("message", LIMIT, remote.next())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got, Message::text("over ws signaling"));

    let nowhere = WebSocketTransport::connect("ws://127.0.0.1:9/")
        .await
        .unwrap_err();
    assert_eq!(nowhere, webrtc_wasm::Error::Closed);
    let bad = WebSocketTransport::connect("ftp://127.0.0.1/")
        .await
        .unwrap_err();
    assert!(matches!(bad, webrtc_wasm::Error::Syntax(_)), "{bad:?}");
}

/// When the connection cannot come back (the TURN server of a relay-only
/// connection is down for good), the impolite side restarts ICE as often
/// as its policy allows and then reports that it gave up.
#[wasm_bindgen_test]
async fn the_restart_policy_gives_up_after_its_maximum_attempts() {
    turn_control("start").await;
    let (ta, tb) = pair();
    let policy = IceRestartPolicy {
        grace: Duration::from_millis(500),
        max_attempts: 2,
        backoff: Duration::from_millis(200),
        max_backoff: Duration::from_millis(400),
        ..IceRestartPolicy::default()
    };
    let config = relay_config("webrtc");
    let a = PeerConnection::new(&config).unwrap();
    let b = PeerConnection::new(&config).unwrap();
    let na = PerfectNegotiation::start(
        &a,
        ta,
        NegotiationOptions::impolite().ice_restart(Some(policy)),
    );
    let _nb = PerfectNegotiation::start(&b, tb, NegotiationOptions::polite());
    let channel = a
        .create_data_channel("doomed", &DataChannelInit::default())
        .unwrap();
    must_within("open", LIMIT, channel.open()).await.unwrap();
    let mut events = na.events();
    // Nothing is asserted until coturn runs again (see `Fault`).
    let outage = Fault::turn_outage().await;
    let restarts = within(Duration::from_secs(90), async {
        let mut restarts = Vec::new();
        while let Some(event) = events.next().await {
            match event {
                NegotiationEvent::IceRestart { .. } => restarts.push(event),
                NegotiationEvent::IceRestartGaveUp => {
                    restarts.push(event);
                    break;
                }
                _ => {}
            }
        }
        restarts
    })
    .await;
    let state = a.connection_state();
    outage.end().await;
    assert_eq!(
        restarts,
        Some(vec![
            NegotiationEvent::IceRestart { attempt: 1 },
            NegotiationEvent::IceRestart { attempt: 2 },
            NegotiationEvent::IceRestartGaveUp,
        ])
    );
    assert_ne!(state, PeerConnectionState::Connected);
}

#[wasm_bindgen_test]
fn signals_from_javascript_objects_are_as_strict_as_json() {
    for bad in [
        "null",
        "[]",
        "{}",
        "5",
        r#"{"description":{"type":"offer","sdp":"v=0"},"candidate":null}"#,
        r#"{"description":{"type":"bogus","sdp":"v=0"}}"#,
        r#"{"description":{"sdp":"v=0"}}"#,
        r#"{"description":"offer"}"#,
        r#"{"candidate":{"candidate":5}}"#,
        r#"{"candidate":{"candidate":"x","sdpMLineIndex":70000}}"#,
        r#"{"candidate":"x"}"#,
        r#"{"other":1}"#,
    ] {
        let value = js_sys::JSON::parse(bad).unwrap();
        let error = Signal::from_js(&value).unwrap_err();
        assert!(
            matches!(error, webrtc_wasm::Error::Decode(_)),
            "{bad}: {error:?}"
        );
    }
    let signals = [
        Signal::Description(webrtc_wasm::SessionDescription::offer("v=0\r\n")),
        Signal::Candidate(Some(webrtc_wasm::IceCandidate::new(
            "candidate:1 1 udp 1 1.2.3.4 5 typ host",
            "0",
        ))),
        Signal::Candidate(None),
    ];
    for signal in signals {
        let object = signal.to_js();
        assert_eq!(Signal::from_js(&object).unwrap(), signal);
        // The object is the signal's JSON shape.
        let text = String::from(js_sys::JSON::stringify(&object).unwrap());
        assert_eq!(Signal::from_json(&text).unwrap(), signal);
    }
}
