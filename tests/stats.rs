//! Browser tests of typed stats on a real call: data channel + audio +
//! video, relay through coturn, rates, and the periodic stream.
#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use common::*;
use futures::StreamExt;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_test::*;
use webrtc_wasm::stats::{CandidatePairState, Stats};
use webrtc_wasm::{
    CandidateType, CanvasVideoSource, Configuration, DataChannelInit, Error, MediaKind, Message,
    OscillatorAudioSource, PeerConnection, StatsDelta, StatsReport,
};

wasm_bindgen_test_configure!(run_in_browser);

const LIMIT: Duration = Duration::from_secs(20);

struct Call {
    a: PeerConnection,
    b: PeerConnection,
    _video: CanvasVideoSource,
    _audio: OscillatorAudioSource,
    channel: webrtc_wasm::DataChannel,
}

async fn call(config: &Configuration) -> Call {
    let video = CanvasVideoSource::new(320, 240, 30).unwrap();
    let audio = OscillatorAudioSource::new(440.0).unwrap();
    let a = PeerConnection::new(config).unwrap();
    let b = PeerConnection::new(config).unwrap();
    trickle(&a, &b);
    trickle(&b, &a);
    let stream = video.stream();
    a.add_track(&video.track(), std::slice::from_ref(&stream))
        .unwrap();
    a.add_track(&audio.track(), std::slice::from_ref(&stream))
        .unwrap();
    let channel = a
        .create_data_channel("chat", &DataChannelInit::default())
        .unwrap();
    negotiate(&a, &b).await;
    must_within("connected", LIMIT, a.connected())
        .await
        .unwrap();
    must_within("open", LIMIT, channel.open()).await.unwrap();
    channel.send(Message::text("hello")).await.unwrap();
    grows_past(&b, "inbound-rtp", "video", "framesDecoded", 5.0).await;
    Call {
        a,
        b,
        _video: video,
        _audio: audio,
        channel,
    }
}

#[wasm_bindgen_test]
async fn a_call_reports_every_type_and_counters_grow() {
    let call = call(&Configuration::default()).await;
    let sent = call.a.stats().await.unwrap();
    let received = call.b.stats().await.unwrap();
    assert!(sent.peer_connection().is_some());
    assert!(sent.transports().next().is_some(), "transport");
    assert!(sent.candidate_pairs().next().is_some());
    assert!(sent.local_candidates().next().is_some());
    assert!(sent.remote_candidates().next().is_some());
    let channel = sent.data_channels().next().expect("data-channel");
    assert_eq!(channel.label.as_deref(), Some("chat"));
    for kind in [MediaKind::Audio, MediaKind::Video] {
        let outbound = sent
            .outbound_rtp_of(kind.clone())
            .next()
            .expect("outbound-rtp");
        assert!(
            sent.codec(outbound.codec_id.as_ref()).is_some(),
            "codec of {kind}"
        );
        assert!(
            received.inbound_rtp_of(kind.clone()).next().is_some(),
            "inbound-rtp {kind}"
        );
    }
    assert!(sent.audio_sources().next().is_some());
    assert!(sent.video_sources().next().is_some());
    assert!(sent.codecs().next().is_some());
    // Chromium reports certificates; Firefox does not.
    assert_eq!(sent.certificates().next().is_some(), !is_firefox());
    assert_eq!(
        sent.others().count(),
        0,
        "{:?}",
        sent.others().map(|o| &o.type_name).collect::<Vec<_>>()
    );

    sleep(1500).await;
    call.channel
        .send(Message::binary(vec![0; 10_000]))
        .await
        .unwrap();
    call.channel.flush().await.unwrap();
    sleep(200).await;
    let sent_later = call.a.stats().await.unwrap();
    let received_later = call.b.stats().await.unwrap();
    let out = StatsDelta::between(&sent, &sent_later);
    let inn = StatsDelta::between(&received, &received_later);
    assert!(out.seconds > 1.0, "{out:?}");
    assert!(out.bitrate_out > 10_000.0, "{out:?}");
    assert!(out.data_channel_bytes_out_per_second > 0.0, "{out:?}");
    assert!(inn.bitrate_in > 10_000.0, "{inn:?}");
    assert!(inn.frames_per_second > 1.0, "{inn:?}");
    let frames = |r: &StatsReport| {
        r.inbound_rtp_of(MediaKind::Video)
            .next()
            .unwrap()
            .frames_decoded
            .unwrap()
    };
    assert!(frames(&received_later) > frames(&received));

    for report in [&sent, &received] {
        let selected = report.selected_candidate_pair().expect("selected pair");
        assert_eq!(selected.pair.state, Some(CandidatePairState::Succeeded));
        assert_eq!(selected.local.candidate_type, Some(CandidateType::Host));
        assert!(selected.round_trip_time().is_some());
    }

    // Sender, receiver and track views.
    let sender = call
        .a
        .get_senders()
        .into_iter()
        .find(|s| s.track().is_some_and(|t| t.kind() == "video"))
        .unwrap();
    let own = sender.stats().await.unwrap();
    assert!(own.outbound_rtp_of(MediaKind::Video).next().is_some());
    assert!(own.outbound_rtp_of(MediaKind::Audio).next().is_none());
    let receiver = call
        .b
        .get_receivers()
        .into_iter()
        .find(|r| r.track().kind() == "audio")
        .unwrap();
    let heard = receiver.stats().await.unwrap();
    assert!(heard.inbound_rtp_of(MediaKind::Audio).next().is_some());
    assert!(heard.inbound_rtp_of(MediaKind::Video).next().is_none());
    let by_track = call.b.stats_for_track(&receiver.track()).await.unwrap();
    assert!(by_track.inbound_rtp_of(MediaKind::Audio).next().is_some());
    let stranger = CanvasVideoSource::new(16, 16, 1).unwrap();
    let error = call.a.stats_for_track(&stranger.track()).await.unwrap_err();
    assert!(matches!(error, Error::InvalidAccess(_)), "{error:?}");

    // Serializable, and lossless through JSON.
    let json = serde_json::to_string(&sent).unwrap();
    let back: StatsReport = serde_json::from_str(&json).unwrap();
    assert_eq!(back.len(), sent.len());
    assert_eq!(
        serde_json::to_value(&back).unwrap(),
        serde_json::to_value(&sent).unwrap()
    );
}

#[wasm_bindgen_test]
async fn the_selected_pair_over_coturn_is_a_relay_pair() {
    let config = relay_config("webrtc");
    let call = call(&config).await;
    for pc in [&call.a, &call.b] {
        let report = pc.stats().await.unwrap();
        let selected = report.selected_candidate_pair().expect("selected pair");
        assert_eq!(selected.local.candidate_type, Some(CandidateType::Relay));
        assert!(selected.local.relay_protocol.is_some() || is_firefox());
    }
}

#[wasm_bindgen_test]
async fn stats_every_yields_and_stops_when_dropped() {
    let call = call(&Configuration::default()).await;
    // Count the browser's getStats calls on this connection.
    let calls = Rc::new(Cell::new(0));
    let raw = call.a.as_raw().clone();
    let original: js_sys::Function = js_sys::Reflect::get(&raw, &"getStats".into())
        .unwrap()
        .unchecked_into();
    let counting = Closure::<dyn FnMut() -> wasm_bindgen::JsValue>::new({
        let calls = calls.clone();
        let raw = raw.clone();
        move || {
            calls.set(calls.get() + 1);
            original.call0(&raw).unwrap()
        }
    });
    js_sys::Reflect::set(&raw, &"getStats".into(), counting.as_ref()).unwrap();

    let mut reports = call.a.stats_every(Duration::from_millis(200));
    let first = must_within("first report", LIMIT, reports.next())
        .await
        .unwrap()
        .unwrap();
    let second = must_within("second report", LIMIT, reports.next())
        .await
        .unwrap()
        .unwrap();
    assert!(second.timestamp() > first.timestamp());
    assert!(StatsDelta::between(&first, &second).bitrate_out > 0.0);
    assert!(calls.get() >= 2, "the stream did not go through getStats");
    drop(reports);
    let after_drop = calls.get();
    sleep(1000).await;
    assert_eq!(
        calls.get(),
        after_drop,
        "the timer kept running after the stream was dropped"
    );

    // The stream does not keep the connection open: it ends when it goes.
    let mut reports = call.b.stats_every(Duration::from_millis(100));
    must_within("a report", LIMIT, reports.next())
        .await
        .unwrap()
        .unwrap();
    let Call { b, .. } = call;
    drop(b);
    must_within("the stream to end", LIMIT, async {
        while let Some(report) = reports.next().await {
            report.unwrap();
        }
    })
    .await;
    js_sys::Reflect::delete_property(&raw, &"getStats".into()).unwrap();
    drop(counting);
}

/// A whole report decodes exactly as its objects do one by one.
#[wasm_bindgen_test]
async fn a_report_decodes_as_its_objects_do_one_by_one() {
    let call = call(&Configuration::default()).await;
    let raw = wasm_bindgen_futures::JsFuture::from(call.a.as_raw().get_stats())
        .await
        .unwrap();
    let report = StatsReport::from_js(&raw).unwrap();
    let one_by_one: Vec<Stats> = js_sys::try_iter(&raw)
        .unwrap()
        .unwrap()
        .map(|entry| {
            Stats::from_js(&entry.unwrap().unchecked_into::<js_sys::Array>().get(1)).unwrap()
        })
        .collect();
    assert!(report.len() >= 10, "{} objects", report.len());
    assert_eq!(report.iter().cloned().collect::<Vec<_>>(), one_by_one);
}

/// Members of every JSON type, with awkward keys and strings, keep their
/// values through the report decode; undefined and function members, which
/// JSON has no form for, are left out.
#[wasm_bindgen_test]
fn odd_members_decode_as_the_browser_gave_them() {
    let object: js_sys::Object = js_sys::JSON::parse(
        r#"{"id": "odd", "type": "made-up", "timestamp": 1.5,
            "quote \" and \\ and \u001f": "line\nbreak \"quoted\"", "empty": "",
            "nested": {"a": [1, "x", null, true], "b": {"c": false}},
            "flag": false, "nothing": null, "big": 1e300, "tiny": 5e-324,
            "negative": -0.1, "unicode": "caf\u00e9 \ud83d\ude00"}"#,
    )
    .unwrap()
    .unchecked_into();
    let expected = Stats::from_js(&object).unwrap();
    let set = |key: &str, value: &wasm_bindgen::JsValue| {
        js_sys::Reflect::set(&object, &key.into(), value).unwrap();
    };
    set("gone", &wasm_bindgen::JsValue::UNDEFINED);
    set("callback", &js_sys::Function::new_no_args("").into());
    // A plain array of stats objects, and the entries of a Map.
    let list = js_sys::Array::of2(&object, &wasm_bindgen::JsValue::NULL);
    let map = js_sys::Map::new();
    map.set(&"odd".into(), &object);
    for report in [list.into(), wasm_bindgen::JsValue::from(map)] {
        let report = StatsReport::from_js(&report).unwrap();
        assert_eq!(report.len(), 1);
        let decoded = report.get("odd").unwrap();
        assert_eq!(decoded, &expected);
        let Stats::Other(other) = decoded else {
            panic!("{decoded:?}")
        };
        assert_eq!(other.type_name, "made-up");
        let text = other.members.get("quote \" and \\ and \u{1f}");
        assert_eq!(
            text.and_then(|v| v.as_str()),
            Some("line\nbreak \"quoted\"")
        );
        let tiny = other.members.get("tiny").and_then(|v| v.as_f64());
        assert_eq!(tiny, Some(5e-324));
        assert!(!other.members.contains_key("gone"));
        assert!(!other.members.contains_key("callback"));
    }
}

#[wasm_bindgen_test]
fn malformed_reports_decode_without_panicking() {
    let odd = js_sys::Map::new();
    let object = js_sys::Object::new();
    for (key, value) in [
        ("id", wasm_bindgen::JsValue::from("x")),
        ("type", "inbound-rtp".into()),
        ("timestamp", "soon".into()),
        ("bytesReceived", "lots".into()),
        ("ssrc", (-1).into()),
        ("callback", js_sys::Function::new_no_args("").into()),
    ] {
        js_sys::Reflect::set(&object, &key.into(), &value).unwrap();
    }
    odd.set(&"x".into(), &object);
    odd.set(&"y".into(), &wasm_bindgen::JsValue::from(5));
    let report = StatsReport::from_js(&odd).unwrap();
    assert_eq!(report.len(), 1);
    let inbound = report.inbound_rtp().next().unwrap();
    assert_eq!(inbound.bytes_received, None);
    assert!(inbound.other.contains_key("bytesReceived"));
    assert!(matches!(
        StatsReport::from_js(&5.into()),
        Err(Error::Decode(_))
    ));
    // JSON.stringify cannot write a BigInt: a typed error, not a panic.
    js_sys::Reflect::set(&object, &"huge".into(), &js_sys::BigInt::from(5).into()).unwrap();
    assert!(matches!(StatsReport::from_js(&odd), Err(Error::Decode(_))));
}
