//! Browser tests of the transports under a connection (ICE, DTLS, SCTP),
//! receiver parameters, header-extension negotiation, certificate expiry
//! and encoded transforms.
#![cfg(target_arch = "wasm32")]

mod common;

use std::time::Duration;

use common::*;
use futures::channel::mpsc;
use futures::{Stream, StreamExt};
use sha2::{Digest, Sha256};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use webrtc_wasm::{
    CertificateAlgorithm, Configuration, DataChannelInit, DtlsTransportState, Error,
    IceGathererState, IceRole, IceTransportState, Listener, MediaKind, OfferOptions,
    OscillatorAudioSource, PeerConnection, RtcErrorDetailType, RtpHeaderExtension,
    SctpTransportState, SessionDescription, TransceiverDirection, TransceiverInit,
};

wasm_bindgen_test_configure!(run_in_browser);

const LIMIT: Duration = Duration::from_secs(20);

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
export function counting_worker() {
  const code = `self.onrtctransform = (event) => {
    const transformer = event.transformer;
    let frames = 0;
    transformer.readable.pipeThrough(new TransformStream({
      transform(frame, controller) {
        frames += 1;
        if (frames === 5) self.postMessage({ side: transformer.options.side, frames });
        controller.enqueue(frame);
      },
    })).pipeTo(transformer.writable);
  };`;
  return new Worker(URL.createObjectURL(new Blob([code], { type: "text/javascript" })));
}

export function dtls_error_event(detail, received, sent) {
  return new RTCErrorEvent("error", {
    error: new RTCError({ errorDetail: detail, receivedAlert: received, sentAlert: sent }, "handshake failed"),
  });
}
"#)]
extern "C" {
    /// A worker that passes every encoded frame of an `RTCRtpScriptTransform`
    /// through and posts `{ side, frames: 5 }` (`side` from the transform's
    /// options) once five frames went through.
    fn counting_worker() -> web_sys::Worker;

    /// An `RTCErrorEvent` named `error` carrying a DTLS `RTCError`.
    #[wasm_bindgen(catch)]
    fn dtls_error_event(detail: &str, received: u32, sent: u32) -> Result<web_sys::Event, JsValue>;
}

fn pcs() -> (PeerConnection, PeerConnection) {
    let a = PeerConnection::new(&Configuration::default()).expect("new a");
    let b = PeerConnection::new(&Configuration::default()).expect("new b");
    trickle(&a, &b);
    trickle(&b, &a);
    (a, b)
}

async fn both_connected(a: &PeerConnection, b: &PeerConnection) {
    let (ra, rb) = must_within(
        "both peers connected",
        LIMIT,
        futures::future::join(a.connected(), b.connected()),
    )
    .await;
    ra.expect("a connected");
    rb.expect("b connected");
}

/// The next item of `stream` that satisfies `wanted`, failing the test on
/// timeout or when the stream ends first.
async fn next_matching<T: std::fmt::Debug>(
    what: &str,
    stream: &mut (impl Stream<Item = T> + Unpin),
    wanted: impl Fn(&T) -> bool,
) -> Vec<T> {
    must_within(what, LIMIT, async {
        let mut seen = Vec::new();
        loop {
            let item = stream
                .next()
                .await
                .unwrap_or_else(|| panic!("stream ended before {what}: {seen:?}"));
            let done = wanted(&item);
            seen.push(item);
            if done {
                return seen;
            }
        }
    })
    .await
}

/// The lines of `sdp` that start with `prefix`.
fn lines_with<'a>(sdp: &'a str, prefix: &str) -> Vec<&'a str> {
    sdp.lines().filter(|l| l.starts_with(prefix)).collect()
}

/// The `a=fingerprint:sha-256` value of `sdp`, as bytes.
fn sha256_fingerprint(sdp: &str) -> Vec<u8> {
    let line = sdp
        .lines()
        .find_map(|l| l.strip_prefix("a=fingerprint:sha-256 "))
        .expect("a sha-256 fingerprint");
    line.trim()
        .split(':')
        .map(|byte| u8::from_str_radix(byte, 16).expect("hex"))
        .collect()
}

/// The messages a worker posts, as a stream; the guard removes the listener.
fn worker_messages(worker: &web_sys::Worker) -> (Listener, mpsc::UnboundedReceiver<JsValue>) {
    let (sender, receiver) = mpsc::unbounded();
    let listener = Listener::new(worker, "message", move |event| {
        let event: web_sys::MessageEvent = event.unchecked_into();
        sender
            .unbounded_send(event.data())
            .expect("test receiver alive");
    });
    (listener, receiver)
}

fn transform_options(side: &str) -> JsValue {
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"side".into(), &side.into()).unwrap();
    options.into()
}

#[wasm_bindgen_test]
async fn ice_transport_reports_states_candidates_and_the_selected_pair() {
    let (a, b) = pcs();
    let _channel = a
        .create_data_channel("t", &DataChannelInit::default())
        .unwrap();
    let offer = a.create_offer(&OfferOptions::default()).await.unwrap();
    a.set_local_description(&offer).await.unwrap();
    b.set_remote_description(&offer).await.unwrap();
    let answer = b.create_answer().await.unwrap();
    b.set_local_description(&answer).await.unwrap();
    a.set_remote_description(&answer).await.unwrap();

    let ice = a
        .sctp()
        .expect("sctp after negotiation")
        .transport()
        .expect("RTCSctpTransport.transport")
        .ice_transport()
        .expect("RTCDtlsTransport.iceTransport");
    let mut states = ice.state_changes();
    let (pairs_sender, mut pairs) = mpsc::unbounded();
    let _pair_listener = ice.on_selected_candidate_pair_change(move |pair| {
        pairs_sender.unbounded_send(pair).unwrap();
    });
    // Checks need a network round trip, so they cannot have finished before
    // the listener was added.
    if !matches!(
        ice.state(),
        IceTransportState::Connected | IceTransportState::Completed
    ) {
        let seen = next_matching("ICE connected", &mut states, |s| {
            matches!(
                s,
                IceTransportState::Connected | IceTransportState::Completed
            )
        })
        .await;
        assert!(
            seen.iter().all(|s| matches!(
                s,
                IceTransportState::Checking
                    | IceTransportState::Connected
                    | IceTransportState::Completed
            )),
            "{seen:?}"
        );
    }
    both_connected(&a, &b).await;

    let local_sdp = a.local_description().unwrap().sdp;
    let remote_sdp = a.remote_description().unwrap().sdp;
    // Neither browser reports the component.
    assert_eq!(ice.component(), None);
    if is_firefox() {
        // Firefox's RTCIceTransport has the states, the role and the state
        // events, not the candidate and parameter methods (nor
        // selectedcandidatepairchange).
        assert_eq!(ice.role(), Some(IceRole::Controlling));
        let b_ice = b
            .sctp()
            .unwrap()
            .transport()
            .unwrap()
            .ice_transport()
            .unwrap();
        assert_eq!(b_ice.role(), Some(IceRole::Controlled));
        for result in [
            ice.selected_candidate_pair().map(drop),
            ice.local_candidates().map(drop),
            ice.remote_candidates().map(drop),
            ice.local_parameters().map(drop),
            ice.remote_parameters().map(drop),
        ] {
            assert!(matches!(result, Err(Error::NotSupported(_))), "{result:?}");
        }
        return;
    }

    let pair = ice
        .selected_candidate_pair()
        .unwrap()
        .expect("a selected pair once connected");
    let local_ufrag = SessionDescription::offer(local_sdp.clone())
        .ice_ufrag()
        .map(str::to_owned);
    let remote_ufrag = SessionDescription::answer(remote_sdp.clone())
        .ice_ufrag()
        .map(str::to_owned);
    assert_eq!(pair.local.username_fragment, local_ufrag, "{pair:?}");
    assert_eq!(pair.remote.username_fragment, remote_ufrag, "{pair:?}");
    let local_fields = pair.local.parse().expect("the local candidate parses");
    let remote_fields = pair.remote.parse().expect("the remote candidate parses");
    assert!(local_fields.port > 0 && remote_fields.port > 0, "{pair:?}");

    // A selectedcandidatepairchange event carried the same pair. Chromium
    // may select more than one pair on the way (a peer-reflexive IPv4 pair,
    // then a host IPv6 one), each announced in turn: the current pair is
    // one of the announced ones.
    let mut announced_pairs = Vec::new();
    while !announced_pairs.contains(&pair) {
        let announced = must_within("selectedcandidatepairchange", LIMIT, pairs.next())
            .await
            .expect("the listener is alive");
        announced_pairs.push(announced.expect("the event's pair"));
    }

    let locals = ice.local_candidates().unwrap();
    assert!(
        locals.iter().any(|c| c.candidate == pair.local.candidate),
        "{locals:?} lacks {pair:?}"
    );
    assert!(
        locals
            .iter()
            .all(|c| c.username_fragment == local_ufrag && c.parse().is_some()),
        "{locals:?}"
    );
    // Chromium lists only candidates added to the transport itself, and
    // gives no ICE parameters or role for a connection's transports.
    assert_eq!(ice.remote_candidates().unwrap(), Vec::new());
    assert_eq!(ice.local_parameters().unwrap(), None);
    assert_eq!(ice.remote_parameters().unwrap(), None);
    assert_eq!(ice.role(), None);
}

#[wasm_bindgen_test]
async fn ice_restart_fires_gathering_state_changes() {
    let (a, b) = pcs();
    let _channel = a
        .create_data_channel("t", &DataChannelInit::default())
        .unwrap();
    negotiate(&a, &b).await;
    both_connected(&a, &b).await;
    let ice = a
        .sctp()
        .unwrap()
        .transport()
        .unwrap()
        .ice_transport()
        .unwrap();
    must_within("first gathering", LIMIT, async {
        let mut changes = ice.gathering_state_changes();
        while ice.gathering_state() != IceGathererState::Complete {
            changes.next().await.expect("the stream is alive");
        }
    })
    .await;

    let mut gathering = ice.gathering_state_changes();
    a.restart_ice().unwrap();
    negotiate(&a, &b).await;
    let seen = next_matching("gathering complete again", &mut gathering, |s| {
        *s == IceGathererState::Complete
    })
    .await;
    assert_eq!(
        seen,
        [IceGathererState::Gathering, IceGathererState::Complete]
    );
    // The restart kept the transport: the same object, with new credentials.
    let again = a
        .sctp()
        .unwrap()
        .transport()
        .unwrap()
        .ice_transport()
        .unwrap();
    assert_eq!(again, ice);
    assert_eq!(gathering.listener().event_type(), "gatheringstatechange");
}

#[wasm_bindgen_test]
async fn dtls_transport_is_shared_and_exposes_the_remote_certificate() {
    let (a, b) = pcs();
    let tone = OscillatorAudioSource::new(440.0).unwrap();
    let sender = a.add_track(&tone.track(), &[tone.stream()]).unwrap();
    let _channel = a
        .create_data_channel("t", &DataChannelInit::default())
        .unwrap();
    negotiate(&a, &b).await;
    both_connected(&a, &b).await;

    let dtls = sender.transport().expect("the sender's transport");
    let receiver = a.get_transceivers()[0].receiver();
    let sctp = a.sctp().unwrap();
    // One bundle: the sender, the receiver and the data channels share it.
    assert_eq!(receiver.transport().as_ref(), Some(&dtls));
    assert_eq!(sctp.transport().unwrap(), dtls);
    assert_eq!(dtls.state(), DtlsTransportState::Connected);
    assert_eq!(
        dtls.ice_transport().unwrap(),
        sctp.transport().unwrap().ice_transport().unwrap()
    );

    let certificates = dtls.remote_certificates().unwrap();
    assert_eq!(certificates.len(), 1, "{certificates:?}");
    // The DER certificate hashes to the fingerprint b announced.
    let b_sdp = b.local_description().unwrap().sdp;
    assert_eq!(
        Sha256::digest(&certificates[0]).to_vec(),
        sha256_fingerprint(&b_sdp)
    );
}

#[wasm_bindgen_test]
async fn closing_the_remote_peer_closes_sctp_and_dtls() {
    let pair = connected_pair(&Configuration::default(), &Configuration::default()).await;
    let sctp = pair.a.sctp().unwrap();
    if sctp.state() != SctpTransportState::Connected {
        let mut changes = sctp.state_changes();
        next_matching("SCTP connected", &mut changes, |s| {
            *s == SctpTransportState::Connected
        })
        .await;
    }
    let dtls = sctp.transport().unwrap();
    assert_eq!(dtls.state(), DtlsTransportState::Connected);
    let mut sctp_states = sctp.state_changes();
    let (dtls_sender, mut dtls_states) = mpsc::unbounded();
    let dtls_listener = dtls.on_state_change(move |state| {
        dtls_sender.unbounded_send(state).unwrap();
    });

    pair.b.close();
    let seen = next_matching("SCTP closed", &mut sctp_states, |s| {
        *s == SctpTransportState::Closed
    })
    .await;
    assert_eq!(seen, [SctpTransportState::Closed]);
    let seen = next_matching("DTLS closed", &mut dtls_states, |s| {
        *s == DtlsTransportState::Closed
    })
    .await;
    assert_eq!(seen, [DtlsTransportState::Closed]);
    assert_eq!(sctp.state(), SctpTransportState::Closed);

    // The SCTP transport's listeners, and those of the DTLS transport
    // reached through it, belong to the connection: closing it removes
    // them and ends their streams.
    assert!(dtls_listener.is_active());
    pair.a.close();
    assert!(!dtls_listener.is_active());
    assert!(!sctp_states.listener().is_active());
    assert!(
        must_within("the stream ends", LIMIT, sctp_states.next())
            .await
            .is_none()
    );
}

#[wasm_bindgen_test]
async fn a_fingerprint_mismatch_fails_dtls() {
    let (a, b) = pcs();
    let tone = OscillatorAudioSource::new(440.0).unwrap();
    let sender = a.add_track(&tone.track(), &[tone.stream()]).unwrap();
    let offer = a.create_offer(&OfferOptions::default()).await.unwrap();
    a.set_local_description(&offer).await.unwrap();
    b.set_remote_description(&offer).await.unwrap();
    let answer = b.create_answer().await.unwrap();
    b.set_local_description(&answer).await.unwrap();
    // Change the first byte of b's fingerprint as a's peer sees it.
    let (head, tail) = answer
        .sdp
        .split_once("a=fingerprint:sha-256 ")
        .expect("a fingerprint");
    let first = if tail.starts_with("00") { "11" } else { "00" };
    let forged = format!("{head}a=fingerprint:sha-256 {first}{}", &tail[2..]);
    let dtls = sender.transport();
    a.set_remote_description(&SessionDescription::answer(forged))
        .await
        .unwrap();
    let dtls = dtls.or_else(|| sender.transport()).expect("a transport");
    let (error_sender, mut errors) = mpsc::unbounded();
    let _errors = dtls.on_error(move |error| error_sender.unbounded_send(error).unwrap());
    let mut states = dtls.state_changes();
    next_matching("DTLS failed", &mut states, |s| {
        *s == DtlsTransportState::Failed
    })
    .await;
    assert_eq!(dtls.state(), DtlsTransportState::Failed);
    // Browsers report the failure as the state only, without an `error`
    // event.
    assert!(drain(&mut errors).is_empty());
}

#[wasm_bindgen_test]
async fn dtls_error_events_carry_the_rtc_error_details() {
    let (a, b) = pcs();
    let _channel = a
        .create_data_channel("t", &DataChannelInit::default())
        .unwrap();
    negotiate(&a, &b).await;
    let dtls = a.sctp().unwrap().transport().unwrap();
    let mut errors = dtls.errors();
    // Browsers fire no `error` event on a failed handshake (see
    // a_fingerprint_mismatch_fails_dtls), so the event is dispatched on the
    // real transport here to check how it is read.
    let event = dtls_error_event("fingerprint-failure", 42, 40).expect("RTCErrorEvent");
    dtls.as_raw().dispatch_event(&event).unwrap();
    let error = must_within("error event", LIMIT, errors.next())
        .await
        .expect("the stream is alive");
    let Error::Operation { message, detail } = error else {
        panic!("{error:?}");
    };
    assert_eq!(message, "handshake failed");
    let detail = detail.expect("RTCError details");
    assert_eq!(detail.error_detail, RtcErrorDetailType::FingerprintFailure);
    assert_eq!(detail.received_alert, Some(42));
    assert_eq!(detail.sent_alert, Some(40));
}

#[wasm_bindgen_test]
async fn receiver_parameters_match_the_negotiated_sdp() {
    let (a, b) = pcs();
    let tone = OscillatorAudioSource::new(440.0).unwrap();
    a.add_track(&tone.track(), &[tone.stream()]).unwrap();
    let mut tracks = b.tracks();
    let receiver = a.get_transceivers()[0].receiver();
    let before = receiver.get_parameters().unwrap();
    assert!(before.codecs.is_empty(), "{before:?}");
    negotiate(&a, &b).await;
    let track = must_within("track", LIMIT, tracks.next()).await.unwrap();

    let parameters = track.receiver.get_parameters().unwrap();
    let offer = b.remote_description().unwrap().sdp;
    let answer = b.local_description().unwrap().sdp;
    assert!(
        parameters
            .codecs
            .iter()
            .any(|c| c.mime_type.eq_ignore_ascii_case("audio/opus")
                && c.clock_rate == 48000
                && c.channels == Some(2)),
        "{parameters:?}"
    );
    for codec in &parameters.codecs {
        let rtpmap = format!("a=rtpmap:{} ", codec.payload_type);
        assert!(answer.contains(&rtpmap), "{codec:?} not in\n{answer}");
    }
    if is_firefox() {
        // Firefox leaves out a receiver's header extensions and RTCP.
        assert_eq!(parameters.header_extensions, Vec::new());
        assert_eq!(parameters.rtcp_reduced_size, None);
        return;
    }
    assert!(!parameters.header_extensions.is_empty(), "{parameters:?}");
    for extension in &parameters.header_extensions {
        let extmap = format!("a=extmap:{} {}", extension.id, extension.uri);
        assert!(
            answer.contains(&extmap) && offer.contains(&extension.uri),
            "{extension:?} not in\n{answer}"
        );
    }
    assert_eq!(
        parameters.rtcp_reduced_size,
        Some(answer.contains("a=rtcp-rsize"))
    );
}

#[wasm_bindgen_test]
async fn stopped_header_extensions_leave_the_offer() {
    let (a, b) = pcs();
    let transceiver = a
        .add_transceiver(MediaKind::Audio, &TransceiverInit::default())
        .unwrap();
    let extensions = match transceiver.header_extensions_to_negotiate() {
        Ok(extensions) => extensions,
        Err(error) => {
            assert!(is_firefox(), "{error:?}");
            assert!(matches!(error, Error::NotSupported(_)), "{error:?}");
            let set = transceiver.set_header_extensions_to_negotiate(&[]);
            assert!(matches!(set, Err(Error::NotSupported(_))), "{set:?}");
            let negotiated = transceiver.negotiated_header_extensions();
            assert!(
                matches!(negotiated, Err(Error::NotSupported(_))),
                "{negotiated:?}"
            );
            return;
        }
    };
    assert!(!is_firefox(), "Firefox gained header-extension control");
    const LEVEL: &str = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    const MID: &str = "urn:ietf:params:rtp-hdrext:sdes:mid";
    assert!(
        extensions
            .iter()
            .any(|e| e.uri == LEVEL && e.direction == TransceiverDirection::SendRecv),
        "{extensions:?}"
    );
    let offered = a.create_offer(&OfferOptions::default()).await.unwrap();
    assert!(
        offered.sdp.contains(&format!(" {LEVEL}")),
        "{}",
        offered.sdp
    );

    let stopped: Vec<RtpHeaderExtension> = extensions
        .iter()
        .map(|e| match e.uri.as_str() {
            LEVEL => RtpHeaderExtension::new(LEVEL, TransceiverDirection::Stopped),
            _ => e.clone(),
        })
        .collect();
    transceiver
        .set_header_extensions_to_negotiate(&stopped)
        .unwrap();
    assert_eq!(
        transceiver.header_extensions_to_negotiate().unwrap(),
        stopped
    );

    // Bad lists are typed errors: a mandatory extension, a wrong length.
    let no_mid: Vec<_> = stopped
        .iter()
        .map(|e| match e.uri.as_str() {
            MID => RtpHeaderExtension::new(MID, TransceiverDirection::Stopped),
            _ => e.clone(),
        })
        .collect();
    let error = transceiver
        .set_header_extensions_to_negotiate(&no_mid)
        .unwrap_err();
    assert!(matches!(error, Error::InvalidModification(_)), "{error:?}");
    let error = transceiver
        .set_header_extensions_to_negotiate(&stopped[1..])
        .unwrap_err();
    assert!(matches!(error, Error::InvalidModification(_)), "{error:?}");

    let offer = a.create_offer(&OfferOptions::default()).await.unwrap();
    let extmaps = lines_with(&offer.sdp, "a=extmap:");
    assert!(
        !extmaps.iter().any(|l| l.ends_with(&format!(" {LEVEL}"))),
        "{extmaps:?}"
    );
    assert!(
        extmaps.iter().any(|l| l.ends_with(&format!(" {MID}"))),
        "{extmaps:?}"
    );
    assert_eq!(
        extmaps.len(),
        lines_with(&offered.sdp, "a=extmap:").len() - 1
    );

    a.set_local_description(&offer).await.unwrap();
    b.set_remote_description(&offer).await.unwrap();
    let answer = b.create_answer().await.unwrap();
    b.set_local_description(&answer).await.unwrap();
    a.set_remote_description(&answer).await.unwrap();
    let negotiated = transceiver.negotiated_header_extensions().unwrap();
    let direction_of = |uri: &str| {
        negotiated
            .iter()
            .find(|e| e.uri == uri)
            .map(|e| e.direction.clone())
    };
    assert_eq!(direction_of(LEVEL), Some(TransceiverDirection::Stopped));
    assert_eq!(direction_of(MID), Some(TransceiverDirection::SendRecv));
}

#[wasm_bindgen_test]
async fn certificates_expire_when_asked() {
    let hour = Duration::from_secs(3600);
    let before = js_sys::Date::now();
    let certificate =
        PeerConnection::generate_certificate_with_expiry(&CertificateAlgorithm::EcdsaP256, hour)
            .await
            .unwrap();
    let after = js_sys::Date::now();
    let expires = certificate.expires();
    let hour_ms = hour.as_millis() as f64;
    // Browsers may round the date to the second.
    assert!(
        expires >= before + hour_ms - 1000.0 && expires <= after + hour_ms + 1000.0,
        "expires {expires}, asked {before} + {hour_ms}"
    );
    // Still usable in a connection.
    let pc = PeerConnection::new(&Configuration::default().certificate(certificate)).unwrap();
    let _channel = pc
        .create_data_channel("x", &DataChannelInit::default())
        .unwrap();
    pc.create_offer(&OfferOptions::default()).await.unwrap();

    // An expired certificate cannot make a connection (the spec's
    // InvalidAccessError).
    let expired = PeerConnection::generate_certificate_with_expiry(
        &CertificateAlgorithm::EcdsaP256,
        Duration::ZERO,
    )
    .await
    .unwrap();
    assert!(expired.expires() <= js_sys::Date::now() + 1000.0);
    gloo_timers::future::TimeoutFuture::new(1100).await;
    let error = PeerConnection::new(&Configuration::default().certificate(expired)).unwrap_err();
    assert!(matches!(error, Error::InvalidAccess(_)), "{error:?}");
}

#[wasm_bindgen_test]
async fn script_transforms_see_the_encoded_frames_on_both_sides() {
    let (a, b) = pcs();
    let tone = OscillatorAudioSource::new(440.0).unwrap();
    let sender = a.add_track(&tone.track(), &[tone.stream()]).unwrap();
    let send_worker = counting_worker();
    let (_send_listener, mut send_reports) = worker_messages(&send_worker);
    // Chromium and Firefox both have RTCRtpScriptTransform.
    sender
        .set_transform(&send_worker, &transform_options("send"))
        .expect("sender transform");
    let offer = a.create_offer(&OfferOptions::default()).await.unwrap();
    a.set_local_description(&offer).await.unwrap();
    b.set_remote_description(&offer).await.unwrap();
    // Chromium gives a receiver's transform frames only when it is set
    // before the receiver starts, as here (before the answer).
    let receiver = b.get_receivers().pop().expect("b's receiver");
    let receive_worker = counting_worker();
    let (_receive_listener, mut receive_reports) = worker_messages(&receive_worker);
    receiver
        .set_transform(&receive_worker, &transform_options("receive"))
        .expect("receiver transform");
    let answer = b.create_answer().await.unwrap();
    b.set_local_description(&answer).await.unwrap();
    a.set_remote_description(&answer).await.unwrap();
    both_connected(&a, &b).await;

    for (reports, side) in [
        (&mut send_reports, "send"),
        (&mut receive_reports, "receive"),
    ] {
        let report = must_within(side, LIMIT, reports.next())
            .await
            .expect("a report");
        let member = |key: &str| js_sys::Reflect::get(&report, &key.into()).unwrap();
        assert_eq!(member("side").as_string().as_deref(), Some(side));
        assert_eq!(member("frames").as_f64(), Some(5.0));
    }
    // The frames the transforms passed on were sent and received.
    grows_past(&b, "inbound-rtp", "audio", "packetsReceived", 10.0).await;

    // Without its transform the receiver goes on receiving.
    receiver
        .clear_transform()
        .expect("clear the receiver's transform");
    let received = rtp_total(&b, "inbound-rtp", "audio", "packetsReceived").await;
    grows_past(&b, "inbound-rtp", "audio", "packetsReceived", received).await;

    sender
        .clear_transform()
        .expect("clear the sender's transform");
    let sent = rtp_total(&a, "outbound-rtp", "audio", "packetsSent").await;
    if is_firefox() {
        grows_past(&a, "outbound-rtp", "audio", "packetsSent", sent).await;
    } else {
        // Chromium stops sending once a sender's transform is removed
        // (about 50 packets a second were sent until then).
        sleep(1000).await;
        let later = rtp_total(&a, "outbound-rtp", "audio", "packetsSent").await;
        assert!(later <= sent + 10.0, "sent {sent}, then {later}");
    }
}

#[wasm_bindgen_test]
async fn script_transforms_are_not_supported_without_rtc_rtp_script_transform() {
    let pc = PeerConnection::new(&Configuration::default()).unwrap();
    let transceiver = pc
        .add_transceiver(MediaKind::Audio, &TransceiverInit::default())
        .unwrap();
    let worker = counting_worker();
    let global = js_sys::global();
    let name = JsValue::from_str("RTCRtpScriptTransform");
    let saved = js_sys::Reflect::get(&global, &name).unwrap();
    assert!(
        saved.is_function(),
        "both browsers have RTCRtpScriptTransform"
    );
    // Hide the interface, as in a browser without it.
    assert!(js_sys::Reflect::delete_property(&global, &name).unwrap());
    let sent = transceiver.sender().set_transform(&worker, &JsValue::NULL);
    let received = transceiver
        .receiver()
        .set_transform(&worker, &JsValue::NULL);
    let cleared = transceiver.sender().clear_transform();
    js_sys::Reflect::set(&global, &name, &saved).unwrap();
    for result in [sent, received, cleared] {
        assert!(matches!(result, Err(Error::NotSupported(_))), "{result:?}");
    }
    worker.terminate();
}
