//! Browser tests of media: real tracks (canvas, WebAudio, fake devices)
//! through transceivers, directions, codec preferences, encodings,
//! replaceTrack and DTMF.
#![cfg(target_arch = "wasm32")]

mod common;

use std::time::Duration;

use common::*;
use futures::StreamExt;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use webrtc_wasm::media::DtlsTransportState;
use webrtc_wasm::{
    CanvasVideoSource, Configuration, Error, MediaKind, OscillatorAudioSource, PeerConnection,
    RtpReceiver, RtpSender, TrackEvent, TransceiverDirection, TransceiverInit,
};

wasm_bindgen_test_configure!(run_in_browser);

const LIMIT: Duration = Duration::from_secs(20);

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
export function watch_payload_types(receiver) {
  const code = `self.onrtctransform = (event) => {
    const { readable, writable } = event.transformer;
    const seen = new Set();
    readable.pipeThrough(new TransformStream({
      transform(frame, controller) {
        const pt = frame.getMetadata().payloadType;
        if (!seen.has(pt)) { seen.add(pt); self.postMessage(pt); }
        controller.enqueue(frame);
      },
    })).pipeTo(writable);
  };`;
  const worker = new Worker(URL.createObjectURL(new Blob([code], { type: "text/javascript" })));
  const seen = [];
  worker.onmessage = (event) => seen.push(event.data);
  receiver.transform = new RTCRtpScriptTransform(worker, {});
  seen.worker = worker;
  return seen;
}
"#)]
extern "C" {
    /// Puts an `RTCRtpScriptTransform` on `receiver` that passes every
    /// encoded frame through and lists the RTP payload types it has seen,
    /// in order of first appearance, in the array it returns.
    fn watch_payload_types(receiver: &web_sys::RtcRtpReceiver) -> js_sys::Array;
}

/// The payload types `a=rtpmap` maps to telephone-event in the audio section.
fn telephone_event_payload_types(sdp: &str) -> Vec<u32> {
    let mut in_audio = false;
    let mut types = Vec::new();
    for line in sdp.lines() {
        if line.starts_with("m=") {
            in_audio = line.starts_with("m=audio");
        } else if let Some(map) = line.strip_prefix("a=rtpmap:").filter(|_| in_audio) {
            let (pt, codec) = map.split_once(' ').unwrap_or_default();
            if codec.to_ascii_lowercase().starts_with("telephone-event/") {
                types.push(pt.parse().unwrap());
            }
        }
    }
    types
}

fn pcs() -> (PeerConnection, PeerConnection) {
    let a = PeerConnection::new(&Configuration::default()).unwrap();
    let b = PeerConnection::new(&Configuration::default()).unwrap();
    trickle(&a, &b);
    trickle(&b, &a);
    (a, b)
}

async fn connect(a: &PeerConnection, b: &PeerConnection) {
    negotiate(a, b).await;
    let (ra, rb) = must_within(
        "connected",
        LIMIT,
        futures::future::join(a.connected(), b.connected()),
    )
    .await;
    ra.unwrap();
    rb.unwrap();
}

async fn next_track(tracks: &mut webrtc_wasm::EventStream<TrackEvent>) -> TrackEvent {
    must_within("track event", LIMIT, tracks.next())
        .await
        .unwrap()
}

#[wasm_bindgen_test]
async fn audio_and_video_flow_between_peers() {
    let video = CanvasVideoSource::new(320, 240, 30).unwrap();
    let audio = OscillatorAudioSource::new(440.0).unwrap();
    let (a, b) = pcs();
    let mut tracks = b.tracks();
    let stream = video.stream();
    let video_sender = a
        .add_track(&video.track(), std::slice::from_ref(&stream))
        .unwrap();
    let audio_sender = a
        .add_track(&audio.track(), std::slice::from_ref(&stream))
        .unwrap();
    assert_eq!(video_sender.track().unwrap().id(), video.track().id());
    assert_eq!(a.get_senders().len(), 2);
    assert_eq!(a.get_transceivers().len(), 2);
    connect(&a, &b).await;

    let mut kinds = Vec::new();
    for _ in 0..2 {
        let event = next_track(&mut tracks).await;
        assert_eq!(
            event.track.ready_state(),
            web_sys::MediaStreamTrackState::Live
        );
        assert_eq!(event.receiver.track().id(), event.track.id());
        assert!(event.transceiver.mid().is_some());
        assert_eq!(event.streams.len(), 1, "the sender's stream arrives");
        assert_eq!(event.streams[0].id(), stream.id());
        kinds.push(event.track.kind());
    }
    kinds.sort();
    assert_eq!(kinds, ["audio", "video"]);
    assert_eq!(b.get_receivers().len(), 2);

    let bytes = grows_past(&b, "inbound-rtp", "video", "bytesReceived", 0.0).await;
    let frames = grows_past(&b, "inbound-rtp", "video", "framesDecoded", 0.0).await;
    grows_past(&b, "inbound-rtp", "video", "bytesReceived", bytes).await;
    grows_past(&b, "inbound-rtp", "video", "framesDecoded", frames).await;
    let audio_bytes = grows_past(&b, "inbound-rtp", "audio", "bytesReceived", 0.0).await;
    grows_past(&b, "inbound-rtp", "audio", "bytesReceived", audio_bytes).await;

    assert_eq!(
        video_sender.transport().map(|t| t.state()),
        Some(DtlsTransportState::Connected)
    );
    let receiver = b
        .get_receivers()
        .into_iter()
        .find(|r| r.track().kind() == "audio")
        .unwrap();
    // Browsers report sources once the audio is played out.
    let play = js_sys::Function::new_with_args(
        "track",
        "const a = new Audio(); a.srcObject = new MediaStream([track]); a.muted = true; a.play(); return a;",
    );
    let _player = play
        .call1(&wasm_bindgen::JsValue::NULL, &receiver.track())
        .unwrap();
    let sources = must_within("an SSRC to be heard", LIMIT, async {
        loop {
            let sources = receiver.get_synchronization_sources().unwrap();
            if !sources.is_empty() {
                return sources;
            }
            sleep(100).await;
        }
    })
    .await;
    assert!(sources.iter().all(|s| s.source != 0 && s.timestamp > 0.0));
    assert!(receiver.get_contributing_sources().unwrap().is_empty());
    let sender_report = audio_sender.get_stats().await.unwrap();
    assert!(sender_report.size() > 0);
    drop((video, audio));
}

/// `a` sends video on a new transceiver; `b` answers sending its own.
async fn two_way_video() -> (
    PeerConnection,
    PeerConnection,
    CanvasVideoSource,
    CanvasVideoSource,
) {
    let (a, b) = pcs();
    let a_video = CanvasVideoSource::new(160, 120, 15).unwrap();
    let b_video = CanvasVideoSource::new(160, 120, 15).unwrap();
    a.add_transceiver(&a_video.track(), &TransceiverInit::default())
        .unwrap();
    let offer = a.set_local_description_implicit().await.unwrap();
    b.set_remote_description(&offer).await.unwrap();
    let remote = b.get_transceivers().pop().unwrap();
    remote
        .sender()
        .replace_track(Some(&b_video.track()))
        .await
        .unwrap();
    remote
        .set_direction(TransceiverDirection::SendRecv)
        .unwrap();
    let answer = b.set_local_description_implicit().await.unwrap();
    a.set_remote_description(&answer).await.unwrap();
    must_within("connected", LIMIT, a.connected())
        .await
        .unwrap();
    (a, b, a_video, b_video)
}

#[wasm_bindgen_test]
async fn direction_changes_renegotiate_and_stop_ends_the_transceiver() {
    let (a, b, _a_video, _b_video) = two_way_video().await;
    let transceiver = a.get_transceivers().pop().unwrap();
    assert_eq!(
        transceiver.current_direction(),
        Some(TransceiverDirection::SendRecv)
    );
    let mut needed = a.negotiation_needed();
    for direction in [
        TransceiverDirection::RecvOnly,
        TransceiverDirection::Inactive,
    ] {
        transceiver.set_direction(direction.clone()).unwrap();
        assert_eq!(transceiver.direction(), direction);
        must_within("negotiationneeded", LIMIT, needed.next()).await;
        negotiate(&a, &b).await;
        assert_eq!(transceiver.current_direction(), Some(direction));
    }
    assert!(matches!(
        transceiver.set_direction(TransceiverDirection::Stopped),
        Err(Error::Type(_))
    ));
    transceiver.stop().unwrap();
    assert_eq!(transceiver.direction(), TransceiverDirection::Stopped);
    negotiate(&a, &b).await;
    assert_eq!(
        transceiver.current_direction(),
        Some(TransceiverDirection::Stopped)
    );
    let error = transceiver
        .set_direction(TransceiverDirection::SendRecv)
        .unwrap_err();
    assert!(matches!(error, Error::InvalidState(_)), "{error:?}");
}

#[wasm_bindgen_test]
async fn codec_preferences_choose_the_codec_that_is_used() {
    let sendable = RtpSender::capabilities(MediaKind::Video).expect("video capabilities");
    let receivable = RtpReceiver::capabilities(MediaKind::Video).expect("video capabilities");
    // A codec both sides have that is not the default first choice.
    let default_first = receivable
        .codecs
        .iter()
        .find(|c| c.is_media())
        .unwrap()
        .mime_type
        .clone();
    let chosen = ["video/VP9", "video/VP8", "video/H264"]
        .into_iter()
        .find(|m| {
            !m.eq_ignore_ascii_case(&default_first)
                && !sendable.codecs_of(m).is_empty()
                && !receivable.codecs_of(m).is_empty()
        })
        .expect("a second video codec");
    let mut preferred = receivable.codecs_of(chosen);
    preferred.extend(
        receivable
            .codecs
            .iter()
            .filter(|c| !c.mime_type.eq_ignore_ascii_case(chosen))
            .cloned(),
    );

    let (a, b) = pcs();
    let video = CanvasVideoSource::new(160, 120, 15).unwrap();
    let transceiver = a
        .add_transceiver(
            &video.track(),
            &TransceiverInit::default().direction(TransceiverDirection::SendOnly),
        )
        .unwrap();
    transceiver.set_codec_preferences(&preferred).unwrap();
    let offer = a.create_offer(&Default::default()).await.unwrap();
    let m_line = offer
        .sdp
        .lines()
        .find(|l| l.starts_with("m=video"))
        .unwrap();
    let first_pt = m_line.split_whitespace().nth(3).unwrap();
    let rtpmap = format!("a=rtpmap:{first_pt} ");
    let first_codec = offer
        .sdp
        .lines()
        .find_map(|l| l.strip_prefix(&rtpmap))
        .unwrap();
    let name = chosen.split('/').nth(1).unwrap();
    assert!(
        first_codec.starts_with(name),
        "first codec {first_codec}, wanted {name}"
    );

    connect(&a, &b).await;
    grows_past(&a, "outbound-rtp", "video", "bytesSent", 0.0).await;
    let stats = raw_stats(&a).await;
    let outbound = stats
        .iter()
        .find(|s| member(s, "type") == "outbound-rtp" && member(s, "kind") == "video")
        .unwrap();
    let codec_id = member(outbound, "codecId");
    let codec = stats
        .iter()
        .find(|s| member(s, "id") == codec_id)
        .expect("codec stats");
    let mime = member(codec, "mimeType").as_string().unwrap();
    assert!(
        mime.eq_ignore_ascii_case(chosen),
        "sending {mime}, wanted {chosen}"
    );

    let bogus = webrtc_wasm::RtpCodec {
        mime_type: "video/NOPE".into(),
        clock_rate: 90000,
        channels: None,
        sdp_fmtp_line: None,
    };
    let error = transceiver.set_codec_preferences(&[bogus]).unwrap_err();
    assert!(
        matches!(
            error,
            Error::InvalidModification(_) | Error::InvalidAccess(_)
        ),
        "{error:?}"
    );
}

/// Bits per second sent on `a`'s video over `ms`.
async fn video_bitrate(a: &PeerConnection, ms: u32) -> f64 {
    let before = rtp_total(a, "outbound-rtp", "video", "bytesSent").await;
    let start = js_sys::Date::now();
    sleep(ms).await;
    let after = rtp_total(a, "outbound-rtp", "video", "bytesSent").await;
    (after - before) * 8.0 / ((js_sys::Date::now() - start) / 1000.0)
}

#[wasm_bindgen_test]
async fn max_bitrate_lowers_the_sent_bitrate_and_bad_changes_are_typed() {
    let (a, b) = pcs();
    let video = CanvasVideoSource::new(640, 480, 30).unwrap();
    let sender = a.add_track(&video.track(), &[]).unwrap();
    connect(&a, &b).await;
    grows_past(&a, "outbound-rtp", "video", "bytesSent", 0.0).await;
    sleep(2000).await;
    let free = video_bitrate(&a, 3000).await;

    let mut parameters = sender.get_parameters().unwrap();
    assert_eq!(parameters.encodings.len(), 1);
    assert!(!parameters.transaction_id.is_empty());
    assert!(
        !parameters.codecs.is_empty(),
        "negotiated codecs are listed"
    );
    let limit = 40_000;
    parameters.encodings[0].max_bitrate = Some(limit);
    sender.set_parameters(&parameters).await.unwrap();
    assert_eq!(
        sender.get_parameters().unwrap().encodings[0].max_bitrate,
        Some(limit)
    );
    sleep(3000).await;
    let limited = video_bitrate(&a, 3000).await;
    assert!(
        limited < free * 0.7 && limited < f64::from(limit) * 2.0,
        "free {free:.0} b/s, limited to {limit}: {limited:.0} b/s"
    );

    let mut fewer = sender.get_parameters().unwrap();
    fewer.encodings.clear();
    let error = sender.set_parameters(&fewer).await.unwrap_err();
    assert!(matches!(error, Error::InvalidModification(_)), "{error:?}");
    let mut negative = sender.get_parameters().unwrap();
    negative.encodings[0].scale_resolution_down_by = Some(0.5);
    let error = sender.set_parameters(&negative).await.unwrap_err();
    assert!(matches!(error, Error::Range(_)), "{error:?}");
}

#[wasm_bindgen_test]
async fn replace_track_switches_source_without_renegotiation() {
    let (a, b) = pcs();
    let first = CanvasVideoSource::new(160, 120, 15).unwrap();
    let second = CanvasVideoSource::new(160, 120, 15).unwrap();
    let sender = a.add_track(&first.track(), &[]).unwrap();
    connect(&a, &b).await;
    let frames = grows_past(&b, "inbound-rtp", "video", "framesDecoded", 0.0).await;

    let mut needed = a.negotiation_needed();
    sender.replace_track(Some(&second.track())).await.unwrap();
    assert_eq!(sender.track().unwrap().id(), second.track().id());
    drop(first);
    let frames = grows_past(&b, "inbound-rtp", "video", "framesDecoded", frames + 10.0).await;
    assert!(
        within(Duration::from_millis(500), needed.next())
            .await
            .is_none(),
        "negotiationneeded fired"
    );

    let audio = OscillatorAudioSource::new(300.0).unwrap();
    let error = sender
        .replace_track(Some(&audio.track()))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Type(_)), "{error:?}");
    sender.replace_track(None).await.unwrap();
    assert!(sender.track().is_none());
    sender.replace_track(Some(&second.track())).await.unwrap();
    grows_past(&b, "inbound-rtp", "video", "framesDecoded", frames).await;
}

#[wasm_bindgen_test]
async fn dtmf_plays_each_tone_then_reports_the_end() {
    let audio = OscillatorAudioSource::new(440.0).unwrap();
    let (a, b) = pcs();
    let sender = a.add_track(&audio.track(), &[]).unwrap();
    // b watches the payload types its receiver gets, from its creation on
    // (Chromium only transforms a receiver's frames when the transform is
    // there before its first packet).
    let offer = a.set_local_description_implicit().await.unwrap();
    b.set_remote_description(&offer).await.unwrap();
    let receiver = b.get_receivers().pop().unwrap();
    let seen = watch_payload_types(receiver.as_raw());
    let answer = b.set_local_description_implicit().await.unwrap();
    a.set_remote_description(&answer).await.unwrap();
    must_within("connected", LIMIT, a.connected())
        .await
        .unwrap();
    // Both sides agreed on telephone-event for the audio section.
    let events_in = |sdp: Option<webrtc_wasm::SessionDescription>| -> Vec<u32> {
        telephone_event_payload_types(&sdp.expect("a description").sdp)
    };
    let negotiated = events_in(b.current_local_description());
    assert!(!negotiated.is_empty(), "the answer has no telephone-event");
    assert_eq!(events_in(a.current_remote_description()), negotiated);
    let audio_pt = within(LIMIT, async {
        loop {
            if let Some(pt) = seen.iter().filter_map(|v| v.as_f64()).next() {
                return pt as u32;
            }
            sleep(50).await;
        }
    })
    .await
    .expect("audio frames reach b's transform");
    assert!(
        !negotiated.contains(&audio_pt),
        "audio came as telephone-event"
    );
    let dtmf = sender.dtmf().expect("audio senders have DTMF");
    if let Some(can) = dtmf.can_insert_dtmf() {
        assert!(can);
    }
    let mut tones = dtmf.tone_changes();
    dtmf.insert_dtmf("123#", 60, 40).unwrap();
    assert_eq!(dtmf.tone_buffer(), "123#");
    let mut heard = Vec::new();
    while heard.last().is_none_or(|t: &String| !t.is_empty()) {
        heard.push(
            must_within("tonechange", LIMIT, tones.next())
                .await
                .unwrap(),
        );
    }
    assert_eq!(heard, ["1", "2", "3", "#", ""]);
    assert_eq!(dtmf.tone_buffer(), "");
    // The tones reached b as telephone-event packets.
    must_within("telephone-event packets at b", LIMIT, async {
        while !seen
            .iter()
            .filter_map(|v| v.as_f64())
            .any(|pt| negotiated.contains(&(pt as u32)))
        {
            sleep(50).await;
        }
    })
    .await;

    assert!(matches!(
        dtmf.insert_dtmf("12X", 100, 70),
        Err(Error::InvalidCharacter(_))
    ));
    assert!(matches!(
        dtmf.insert_dtmf("1", 39, 70),
        Err(Error::Range(_))
    ));
    assert!(matches!(
        dtmf.insert_dtmf("1", 6001, 70),
        Err(Error::Range(_))
    ));
    assert!(matches!(
        dtmf.insert_dtmf("1", 100, 29),
        Err(Error::Range(_))
    ));
    assert_eq!(dtmf.tone_buffer(), "", "rejected tones are not queued");
}

#[wasm_bindgen_test]
async fn fake_camera_and_microphone_work_like_generated_tracks() {
    let devices = web_sys::window()
        .unwrap()
        .navigator()
        .media_devices()
        .unwrap();
    let constraints = web_sys::MediaStreamConstraints::new();
    constraints.set_audio(&true.into());
    constraints.set_video(&true.into());
    let stream: web_sys::MediaStream = JsFuture::from(
        devices
            .get_user_media_with_constraints(&constraints)
            .unwrap(),
    )
    .await
    .expect("getUserMedia with fake devices")
    .unchecked_into();
    let (a, b) = pcs();
    let mut tracks = b.tracks();
    for track in stream.get_tracks().iter() {
        let track: web_sys::MediaStreamTrack = track.unchecked_into();
        a.add_track(&track, std::slice::from_ref(&stream)).unwrap();
    }
    connect(&a, &b).await;
    next_track(&mut tracks).await;
    next_track(&mut tracks).await;
    grows_past(&b, "inbound-rtp", "video", "framesDecoded", 5.0).await;
    grows_past(&b, "inbound-rtp", "audio", "bytesReceived", 1000.0).await;
    for track in stream.get_tracks().iter() {
        track.unchecked_into::<web_sys::MediaStreamTrack>().stop();
    }
}

#[wasm_bindgen_test]
async fn receivers_take_a_jitter_buffer_target_where_supported() {
    let (a, b) = pcs();
    let audio = OscillatorAudioSource::new(440.0).unwrap();
    a.add_track(&audio.track(), &[]).unwrap();
    connect(&a, &b).await;
    let receiver = b.get_receivers().pop().unwrap();
    if receiver.supports_jitter_buffer_target() {
        receiver.set_jitter_buffer_target(Some(500.0)).unwrap();
        assert_eq!(receiver.jitter_buffer_target(), Some(500.0));
        receiver.set_jitter_buffer_target(None).unwrap();
        assert_eq!(receiver.jitter_buffer_target(), None);
    } else {
        let error = receiver.set_jitter_buffer_target(Some(500.0)).unwrap_err();
        assert!(matches!(error, Error::NotSupported(_)));
    }
    let error = receiver.set_jitter_buffer_target(Some(5000.0)).unwrap_err();
    assert!(
        matches!(error, Error::Range(_) | Error::NotSupported(_)),
        "{error:?}"
    );
}

#[wasm_bindgen_test]
async fn transceivers_by_kind_and_remove_track() {
    let (a, b) = pcs();
    let audio = a
        .add_transceiver(
            MediaKind::Audio,
            &TransceiverInit::default().direction(TransceiverDirection::RecvOnly),
        )
        .unwrap();
    assert_eq!(audio.direction(), TransceiverDirection::RecvOnly);
    assert!(audio.sender().track().is_none());
    let video = CanvasVideoSource::new(160, 120, 15).unwrap();
    let sender = a.add_track(&video.track(), &[]).unwrap();
    let error = a.add_track(&video.track(), &[]).unwrap_err();
    assert!(matches!(error, Error::InvalidAccess(_)), "{error:?}");
    connect(&a, &b).await;
    assert!(audio.mid().is_some());
    a.remove_track(&sender).unwrap();
    assert!(sender.track().is_none());
    let removed = a
        .get_transceivers()
        .into_iter()
        .find(|t| t.sender() == sender)
        .unwrap();
    assert_eq!(removed.direction(), TransceiverDirection::RecvOnly);
    let bad = TransceiverInit::default()
        .send_encoding(webrtc_wasm::RtpEncodingParameters::default().scale_resolution_down_by(0.5));
    let error = a.add_transceiver(MediaKind::Video, &bad).unwrap_err();
    assert!(matches!(error, Error::Range(_)), "{error:?}");
}

#[wasm_bindgen_test]
async fn set_streams_chooses_the_remote_streams_and_renegotiates() {
    let (a, b) = pcs();
    let video = CanvasVideoSource::new(160, 120, 15).unwrap();
    let transceiver = a
        .add_transceiver(
            &video.track(),
            &TransceiverInit::default().direction(TransceiverDirection::SendOnly),
        )
        .unwrap();
    let sender = transceiver.sender();
    let first = web_sys::MediaStream::new().unwrap();
    let second = web_sys::MediaStream::new().unwrap();
    // `Clone::clone`: `MediaStream::clone` would make new streams.
    sender
        .set_streams(&[Clone::clone(&first), Clone::clone(&second)])
        .unwrap();
    let mut tracks = b.tracks();
    connect(&a, &b).await;
    let offered = a.current_local_description().unwrap().sdp;
    for stream in [&first, &second] {
        assert!(
            offered.contains(&format!("a=msid:{} ", stream.id())),
            "stream {} is not in the offer:\n{offered}",
            stream.id()
        );
    }
    let event = next_track(&mut tracks).await;
    let mut arrived: Vec<String> = event.streams.iter().map(|s| s.id()).collect();
    let mut wanted = vec![first.id(), second.id()];
    arrived.sort();
    wanted.sort();
    assert_eq!(arrived, wanted, "the remote track is in both streams");

    // Another change asks for a negotiation, after which the offer carries
    // only the new stream.
    let mut needed = a.negotiation_needed();
    let third = web_sys::MediaStream::new().unwrap();
    sender.set_streams(std::slice::from_ref(&third)).unwrap();
    must_within("negotiationneeded", LIMIT, needed.next()).await;
    negotiate(&a, &b).await;
    let sdp = a.current_local_description().unwrap().sdp;
    assert!(sdp.contains(&format!("a=msid:{} ", third.id())), "{sdp}");
    assert!(
        !sdp.contains(&first.id()) && !sdp.contains(&second.id()),
        "{sdp}"
    );

    a.close();
    let error = sender.set_streams(&[first]).unwrap_err();
    assert!(matches!(error, Error::InvalidState(_)), "{error:?}");
}

/// The sender's parameters as the browser gives them (`getParameters()`).
fn raw_parameters(sender: &RtpSender) -> wasm_bindgen::JsValue {
    let get: js_sys::Function = member(sender.as_raw(), "getParameters").unchecked_into();
    get.call0(sender.as_raw()).unwrap()
}

/// The members of the first encoding as the browser holds them.
fn raw_encoding(sender: &RtpSender) -> wasm_bindgen::JsValue {
    js_sys::Array::from(&member(&raw_parameters(sender), "encodings")).get(0)
}

/// `scalability_mode`, `network_priority`, `priority` and
/// `degradation_preference` reach the browser and read back as set; Firefox
/// has no `scalabilityMode` or `networkPriority`, so those read back as
/// `None` there, and the sender keeps working.
#[wasm_bindgen_test]
async fn encoding_options_and_degradation_preference_reach_the_browser() {
    let (a, b) = pcs();
    let video = CanvasVideoSource::new(320, 240, 30).unwrap();
    let encoding = webrtc_wasm::RtpEncodingParameters::default()
        .scalability_mode("L1T3")
        .network_priority(webrtc_wasm::Priority::High)
        .priority(webrtc_wasm::Priority::High);
    let transceiver = a
        .add_transceiver(
            &video.track(),
            &TransceiverInit::default()
                .direction(TransceiverDirection::SendOnly)
                .send_encoding(encoding),
        )
        .unwrap();
    let sender = transceiver.sender();
    connect(&a, &b).await;
    grows_past(&b, "inbound-rtp", "video", "framesDecoded", 5.0).await;
    let parameters = sender.get_parameters().unwrap();
    let encoding = &parameters.encodings[0];
    // Each member as the browser reports it, read without the crate.
    let raw = raw_encoding(&sender);
    let raw_string = |key: &str| member(&raw, key).as_string();
    assert_eq!(encoding.scalability_mode, raw_string("scalabilityMode"));
    assert_eq!(
        encoding
            .network_priority
            .as_ref()
            .map(|p| p.as_str().to_owned()),
        raw_string("networkPriority")
    );
    assert_eq!(
        encoding.priority.as_ref().map(|p| p.as_str().to_owned()),
        raw_string("priority")
    );
    assert_eq!(encoding.priority, Some(webrtc_wasm::Priority::High));
    if is_firefox() {
        // Firefox has neither member: the options are dropped.
        assert_eq!(encoding.scalability_mode, None);
        assert_eq!(encoding.network_priority, None);
    } else {
        assert_eq!(encoding.scalability_mode.as_deref(), Some("L1T3"));
        assert_eq!(encoding.network_priority, Some(webrtc_wasm::Priority::High));
        // The encoder really uses the mode.
        let outbound = rtp_stats(&a, "outbound-rtp", "video").await;
        assert_eq!(
            member(&outbound[0], "scalabilityMode")
                .as_string()
                .as_deref(),
            Some("L1T3")
        );
    }

    // Fresh parameters: reading them raw above began a new transaction.
    let mut changed = sender.get_parameters().unwrap();
    changed.encodings[0].network_priority = Some(webrtc_wasm::Priority::Low);
    changed.degradation_preference =
        Some(webrtc_wasm::media::DegradationPreference::MaintainResolution);
    sender.set_parameters(&changed).await.unwrap();
    let again = sender.get_parameters().unwrap();
    let raw_preference = member(&raw_parameters(&sender), "degradationPreference").as_string();
    assert_eq!(
        again
            .degradation_preference
            .as_ref()
            .map(|d| d.as_str().to_owned()),
        raw_preference
    );
    assert_eq!(
        again.degradation_preference,
        Some(webrtc_wasm::media::DegradationPreference::MaintainResolution)
    );
    let network_priority = (!is_firefox()).then_some(webrtc_wasm::Priority::Low);
    assert_eq!(again.encodings[0].network_priority, network_priority);
    let frames = rtp_total(&b, "inbound-rtp", "video", "framesDecoded").await;
    grows_past(&b, "inbound-rtp", "video", "framesDecoded", frames + 5.0).await;
}

/// Members the crate does not model go back to the browser untouched: the
/// browser's own parameters object (spied on for one extra member at the
/// top and in an encoding) reaches `setParameters` with them.
#[wasm_bindgen_test]
async fn set_parameters_keeps_members_the_crate_does_not_model() {
    let (a, b) = pcs();
    let video = CanvasVideoSource::new(160, 120, 15).unwrap();
    let sender = a.add_track(&video.track(), &[]).unwrap();
    connect(&a, &b).await;
    let raw = sender.as_raw().clone();
    let spy = js_sys::Function::new_with_args(
        "sender",
        r#"
        const get = sender.getParameters.bind(sender);
        const set = sender.setParameters.bind(sender);
        const given = [];
        sender.getParameters = () => {
          const p = get();
          p.futureMember = { nested: [1, "x"] };
          p.encodings[0].futureEncodingMember = "kept";
          return p;
        };
        sender.setParameters = (p, ...rest) => { given.push(JSON.parse(JSON.stringify(p))); return set(p, ...rest); };
        return given;
        "#,
    );
    let given: js_sys::Array = spy
        .call1(&wasm_bindgen::JsValue::NULL, &raw)
        .unwrap()
        .unchecked_into();
    let mut parameters = sender.get_parameters().unwrap();
    parameters.encodings[0].max_bitrate = Some(200_000);
    sender.set_parameters(&parameters).await.unwrap();
    assert_eq!(given.length(), 1);
    let sent = given.get(0);
    assert_eq!(
        js_sys::JSON::stringify(&member(&sent, "futureMember")).unwrap(),
        r#"{"nested":[1,"x"]}"#
    );
    let encoding = js_sys::Array::from(&member(&sent, "encodings")).get(0);
    assert_eq!(member(&encoding, "futureEncodingMember"), "kept");
    assert_eq!(member(&encoding, "maxBitrate"), 200_000);
    // The modelled members went through as well, and the browser took them.
    js_sys::Reflect::delete_property(&raw, &"getParameters".into()).unwrap();
    js_sys::Reflect::delete_property(&raw, &"setParameters".into()).unwrap();
    assert_eq!(
        sender.get_parameters().unwrap().encodings[0].max_bitrate,
        Some(200_000)
    );
}
