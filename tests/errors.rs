//! Browser tests of errors: every `Error` variant crosses into a JavaScript
//! exception and back unchanged; `addIceCandidate()` and `createOffer()`
//! reject with the exceptions MDN lists, as typed variants, in both
//! browsers; stats decoding survives cyclic, deep and throwing values.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{HOST_CANDIDATE, callee_with_remote_offer};
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use webrtc_wasm::stats::{MAX_DEPTH, MAX_VALUES, Stats, StatsReport, StatsValue};
use webrtc_wasm::{
    Configuration, DataChannelInit, Error, IceCandidate, OfferOptions, PeerConnection,
    RtcErrorDetail, RtcErrorDetailType, SignalingState,
};

wasm_bindgen_test_configure!(run_in_browser);

fn new_pc() -> PeerConnection {
    PeerConnection::new(&Configuration::default()).expect("new PeerConnection")
}

fn member(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

fn detail(kind: RtcErrorDetailType) -> RtcErrorDetail {
    RtcErrorDetail {
        error_detail: kind,
        sdp_line_number: None,
        http_request_status_code: None,
        sctp_cause_code: None,
        received_alert: None,
        sent_alert: None,
    }
}

/// Whether the page has the `RTCError` constructor.
fn has_rtc_error() -> bool {
    member(&js_sys::global(), "RTCError").is_function()
}

/// One value of every variant, with the class its exception must have.
fn every_variant() -> Vec<(Error, &'static str)> {
    let full_detail = RtcErrorDetail {
        error_detail: RtcErrorDetailType::DtlsFailure,
        sdp_line_number: Some(7),
        http_request_status_code: Some(404),
        sctp_cause_code: Some(12),
        received_alert: Some(40),
        sent_alert: Some(42),
    };
    let wide_detail = RtcErrorDetail {
        sdp_line_number: Some(1 << 40),
        ..detail(RtcErrorDetailType::SdpSyntaxError)
    };
    vec![
        (Error::InvalidState("s".into()), "DOMException"),
        (Error::InvalidAccess("a".into()), "DOMException"),
        (Error::InvalidModification("m".into()), "DOMException"),
        (
            Error::Operation {
                message: "o".into(),
                detail: None,
            },
            "DOMException",
        ),
        (
            Error::Operation {
                message: "dtls".into(),
                detail: Some(full_detail),
            },
            "RTCError",
        ),
        (
            Error::Operation {
                message: "sctp".into(),
                detail: Some(RtcErrorDetail {
                    sctp_cause_code: Some(3),
                    ..detail(RtcErrorDetailType::SctpFailure)
                }),
            },
            "RTCError",
        ),
        // An SDP line beyond the IDL `long` cannot go through the
        // constructor, and a detail type no browser knows is refused by it:
        // both travel on a DOMException.
        (
            Error::Operation {
                message: "wide".into(),
                detail: Some(wide_detail),
            },
            "DOMException",
        ),
        (
            Error::Operation {
                message: "new".into(),
                detail: Some(detail(RtcErrorDetailType::Unknown("new-kind".into()))),
            },
            "DOMException",
        ),
        (Error::NotReadable("r".into()), "DOMException"),
        (Error::NotSupported("n".into()), "DOMException"),
        (Error::InvalidCharacter("c".into()), "DOMException"),
        (Error::Syntax("x".into()), "DOMException"),
        (Error::Type("t".into()), "TypeError"),
        (Error::Range("r".into()), "RangeError"),
        (Error::ConnectionFailed, "Error"),
        (Error::NoLocalCandidates, "Error"),
        (
            Error::MessageTooLarge {
                size: 300_000,
                max: 262_144,
            },
            "Error",
        ),
        (Error::Full, "Error"),
        (Error::ReceiveBufferFull { limit: 16 << 20 }, "Error"),
        (Error::Closed, "Error"),
        (Error::Decode("d".into()), "Error"),
        (Error::Aborted("a".into()), "DOMException"),
        (Error::Integrity("i".into()), "Error"),
        (
            Error::Other {
                name: "QuotaExceededError".into(),
                message: "q".into(),
            },
            "DOMException",
        ),
    ]
}

#[wasm_bindgen_test]
fn every_variant_crosses_into_javascript_and_back_unchanged() {
    for (error, class) in every_variant() {
        let value: JsValue = error.clone().into();
        assert_eq!(
            member(&value, "name").as_string().as_deref(),
            Some(error.name()),
            "{error:?}"
        );
        assert_eq!(
            member(&value, "message").as_string(),
            Some(error.message()),
            "{error:?}"
        );
        assert!(
            value.is_instance_of::<js_sys::Error>(),
            "{error:?} is an Error"
        );
        match class {
            "TypeError" => assert!(value.is_instance_of::<js_sys::TypeError>(), "{error:?}"),
            "RangeError" => assert!(value.is_instance_of::<js_sys::RangeError>(), "{error:?}"),
            "DOMException" => {
                assert!(value.is_instance_of::<web_sys::DomException>(), "{error:?}")
            }
            "RTCError" => {
                if has_rtc_error() {
                    assert!(is_instance(&value, "RTCError"), "{error:?} is an RTCError");
                } else {
                    assert!(value.is_instance_of::<web_sys::DomException>(), "{error:?}");
                }
            }
            _ => {
                assert!(
                    !value.is_instance_of::<web_sys::DomException>(),
                    "{error:?}"
                );
                assert!(!value.is_instance_of::<js_sys::TypeError>(), "{error:?}");
            }
        }
        assert_eq!(Error::from_js(value), error);
    }
}

/// `value instanceof globalThis[constructor]`.
fn is_instance(value: &JsValue, constructor: &str) -> bool {
    let prototype = member(&member(&js_sys::global(), constructor), "prototype");
    prototype.is_object() && prototype.unchecked_ref::<Object>().is_prototype_of(value)
}

#[wasm_bindgen_test]
fn library_exceptions_carry_their_numbers() {
    let value: JsValue = Error::MessageTooLarge { size: 9, max: 4 }.into();
    assert_eq!(member(&value, "name"), "MessageTooLargeError");
    assert_eq!(member(&value, "size").as_f64(), Some(9.0));
    assert_eq!(member(&value, "max").as_f64(), Some(4.0));
    let value: JsValue = Error::ReceiveBufferFull { limit: 1024 }.into();
    assert_eq!(member(&value, "name"), "ReceiveBufferFullError");
    assert_eq!(member(&value, "limit").as_f64(), Some(1024.0));
    for (error, name) in [
        (Error::Closed, "ClosedError"),
        (Error::Full, "FullError"),
        (Error::ConnectionFailed, "ConnectionFailedError"),
        (Error::NoLocalCandidates, "NoLocalCandidatesError"),
        (Error::Decode("x".into()), "DecodeError"),
        (Error::Aborted("x".into()), "AbortError"),
        (Error::Integrity("x".into()), "IntegrityError"),
    ] {
        let value: JsValue = error.into();
        assert_eq!(member(&value, "name"), name);
    }
    // An exception with the name but without its numbers is kept as it is.
    let bare = js_sys::Error::new("no numbers");
    bare.set_name("MessageTooLargeError");
    assert_eq!(
        Error::from_js(bare.into()),
        Error::Other {
            name: "MessageTooLargeError".into(),
            message: "no numbers".into()
        }
    );
}

#[wasm_bindgen_test]
fn rtc_error_members_are_the_specs() {
    let error = Error::Operation {
        message: "dtls".into(),
        detail: Some(RtcErrorDetail {
            error_detail: RtcErrorDetailType::DtlsFailure,
            sdp_line_number: Some(7),
            http_request_status_code: Some(404),
            sctp_cause_code: Some(12),
            received_alert: Some(40),
            sent_alert: Some(42),
        }),
    };
    let value: JsValue = error.into();
    assert_eq!(member(&value, "name"), "OperationError");
    assert_eq!(member(&value, "errorDetail"), "dtls-failure");
    for (key, n) in [
        ("sdpLineNumber", 7.0),
        ("httpRequestStatusCode", 404.0),
        ("sctpCauseCode", 12.0),
        ("receivedAlert", 40.0),
        ("sentAlert", 42.0),
    ] {
        assert_eq!(member(&value, key).as_f64(), Some(n), "{key}");
    }
    // A browser's own RTCError decodes the same way.
    if has_rtc_error() {
        let init = Object::new();
        Reflect::set(&init, &"errorDetail".into(), &"sdp-syntax-error".into()).unwrap();
        Reflect::set(&init, &"sdpLineNumber".into(), &3.into()).unwrap();
        let constructor: Function = member(&js_sys::global(), "RTCError").unchecked_into();
        let native =
            Reflect::construct(&constructor, &Array::of2(&init, &"bad line".into())).unwrap();
        assert_eq!(
            Error::from_js(native),
            Error::Operation {
                message: "bad line".into(),
                detail: Some(RtcErrorDetail {
                    sdp_line_number: Some(3),
                    ..detail(RtcErrorDetailType::SdpSyntaxError)
                }),
            }
        );
    }
}

// addIceCandidate(): the exceptions of MDN's "Exceptions" section.

fn candidate(
    text: &str,
    mid: Option<&str>,
    index: Option<u16>,
    ufrag: Option<&str>,
) -> IceCandidate {
    IceCandidate {
        candidate: text.into(),
        sdp_mid: mid.map(str::to_owned),
        sdp_m_line_index: index,
        username_fragment: ufrag.map(str::to_owned),
    }
}

/// The error a callee with a remote offer gives for `rejected`; the callee
/// then still takes a valid candidate, by mid and by index, with the
/// remote ufrag.
async fn rejection_of(rejected: IceCandidate) -> Error {
    let (_caller, callee) = callee_with_remote_offer().await;
    let error = callee
        .add_ice_candidate(Some(&rejected))
        .await
        .expect_err("rejected");
    let ufrag = callee.remote_description().unwrap();
    let ufrag = ufrag.ice_ufrag().unwrap();
    for valid in [
        candidate(HOST_CANDIDATE, Some("0"), None, None),
        candidate(HOST_CANDIDATE, None, Some(0), Some(ufrag)),
    ] {
        callee
            .add_ice_candidate(Some(&valid))
            .await
            .expect("a valid candidate after a rejected one");
    }
    error
}

#[wasm_bindgen_test]
async fn add_ice_candidate_without_mid_and_index_is_a_type_error() {
    let error = rejection_of(candidate(HOST_CANDIDATE, None, None, None)).await;
    assert!(matches!(error, Error::Type(_)), "{error:?}");
    // Also before any remote description: the check comes first.
    let error = new_pc()
        .add_ice_candidate(Some(&candidate(HOST_CANDIDATE, None, None, None)))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Type(_)), "{error:?}");
}

#[wasm_bindgen_test]
async fn add_ice_candidate_without_remote_description_is_invalid_state() {
    let pc = new_pc();
    for early in [
        candidate(HOST_CANDIDATE, Some("0"), None, None),
        candidate(HOST_CANDIDATE, None, Some(0), None),
        // The state is checked before the candidate string.
        candidate("candidate:not a candidate", Some("0"), None, None),
        IceCandidate::end_of_candidates("0"),
    ] {
        let Err(error) = pc.add_ice_candidate(Some(&early)).await else {
            panic!("{early:?} accepted");
        };
        assert!(
            matches!(error, Error::InvalidState(_)),
            "{early:?}: {error:?}"
        );
    }
    let error = pc.add_ice_candidate(None).await.unwrap_err();
    assert!(matches!(error, Error::InvalidState(_)), "{error:?}");
}

#[wasm_bindgen_test]
async fn add_ice_candidate_on_a_closed_connection_is_invalid_state() {
    let (_caller, callee) = callee_with_remote_offer().await;
    callee.close();
    for late in [
        Some(candidate(HOST_CANDIDATE, Some("0"), None, None)),
        Some(IceCandidate::end_of_candidates("0")),
        None,
    ] {
        let Err(error) = callee.add_ice_candidate(late.as_ref()).await else {
            panic!("{late:?} accepted");
        };
        assert!(
            matches!(error, Error::InvalidState(_)),
            "{late:?}: {error:?}"
        );
    }
}

#[wasm_bindgen_test]
async fn add_ice_candidate_for_an_unknown_mid_is_an_operation_error() {
    let error = rejection_of(candidate(HOST_CANDIDATE, Some("no-such-mid"), None, None)).await;
    assert!(matches!(error, Error::Operation { .. }), "{error:?}");
    // The mid decides even when the index would name a section.
    let error = rejection_of(candidate(
        HOST_CANDIDATE,
        Some("no-such-mid"),
        Some(0),
        None,
    ))
    .await;
    assert!(matches!(error, Error::Operation { .. }), "{error:?}");
}

#[wasm_bindgen_test]
async fn add_ice_candidate_with_an_index_out_of_range_is_an_operation_error() {
    for index in [1, 7, u16::MAX] {
        let error = rejection_of(candidate(HOST_CANDIDATE, None, Some(index), None)).await;
        assert!(
            matches!(error, Error::Operation { .. }),
            "{index}: {error:?}"
        );
    }
}

#[wasm_bindgen_test]
async fn add_ice_candidate_with_an_unknown_ufrag_is_an_operation_error() {
    for rejected in [
        candidate(HOST_CANDIDATE, Some("0"), None, Some("nosuchufrag")),
        candidate(HOST_CANDIDATE, None, Some(0), Some("nosuchufrag")),
        // An end-of-candidates marker of an unknown generation too.
        candidate("", Some("0"), None, Some("nosuchufrag")),
    ] {
        let error = rejection_of(rejected.clone()).await;
        assert!(
            matches!(error, Error::Operation { .. }),
            "{rejected:?}: {error:?}"
        );
    }
}

#[wasm_bindgen_test]
async fn add_ice_candidate_with_a_malformed_string_is_an_operation_error() {
    for text in [
        "candidate:this is not a candidate",
        "candidate:1 1 udp 2122260223 192.0.2.1 99999 typ host",
        "candidate:1 1 udp notapriority 192.0.2.1 54321 typ host",
        "garbage",
    ] {
        let error = rejection_of(candidate(text, Some("0"), None, None)).await;
        assert!(
            matches!(error, Error::Operation { .. }),
            "{text}: {error:?}"
        );
    }
}

// createOffer(): the exceptions of MDN's "Exceptions" section. Its
// `NotReadableError` (no certificate could be made) and `OperationError`
// (the system's resources could not be examined) come from failures inside
// the browser that no argument or state of the page can cause.

#[wasm_bindgen_test]
async fn create_offer_on_a_closed_connection_is_invalid_state() {
    let pc = new_pc();
    let _channel = pc
        .create_data_channel("x", &DataChannelInit::default())
        .unwrap();
    pc.close();
    let error = pc.create_offer(&OfferOptions::default()).await.unwrap_err();
    assert!(matches!(error, Error::InvalidState(_)), "{error:?}");
    let error = pc
        .create_offer(&OfferOptions {
            ice_restart: true,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidState(_)), "{error:?}");
}

#[wasm_bindgen_test]
async fn create_offer_while_an_offer_is_being_answered_is_invalid_state() {
    let (_caller, callee) = callee_with_remote_offer().await;
    assert_eq!(callee.signaling_state(), SignalingState::HaveRemoteOffer);
    let error = callee
        .create_offer(&OfferOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidState(_)), "{error:?}");
    // The answer still goes through.
    let answer = callee.create_answer().await.unwrap();
    callee.set_local_description(&answer).await.unwrap();
    assert_eq!(callee.signaling_state(), SignalingState::Stable);
}

// Stats decoding of hostile values.

/// `{ a: 1, self: <itself> }`.
fn cyclic() -> Object {
    let object = Object::new();
    Reflect::set(&object, &"type".into(), &"codec".into()).unwrap();
    Reflect::set(&object, &"id".into(), &"c".into()).unwrap();
    Reflect::set(&object, &"self".into(), &object).unwrap();
    object
}

/// An object nested `depth` levels deep under `inner`.
fn nested(depth: usize) -> Object {
    let root = Object::new();
    Reflect::set(&root, &"type".into(), &"codec".into()).unwrap();
    Reflect::set(&root, &"id".into(), &"n".into()).unwrap();
    let mut current = root.clone();
    for _ in 0..depth {
        let next = Object::new();
        Reflect::set(&current, &"inner".into(), &next).unwrap();
        current = next;
    }
    root
}

fn is_decode<T: std::fmt::Debug>(result: Result<T, Error>) -> bool {
    matches!(result, Err(Error::Decode(_)))
}

#[wasm_bindgen_test]
fn stats_of_a_cyclic_object_are_a_decode_error() {
    let object = cyclic();
    assert!(is_decode(Stats::from_js(&object)));
    assert!(is_decode(StatsValue::from_js(&object)));
    // Through an array too.
    let array = Array::of1(&JsValue::from(1));
    array.push(&array);
    assert!(is_decode(StatsValue::from_js(&array)));
    let report = js_sys::Map::new();
    report.set(&"c".into(), &object);
    assert!(is_decode(StatsReport::from_js(&report)));
}

#[wasm_bindgen_test]
fn stats_nested_too_deep_are_a_decode_error_or_kept_as_text() {
    // Just inside the limit decodes (the root counts as one level).
    let fits = StatsValue::from_js(&nested(MAX_DEPTH - 1)).unwrap();
    let mut level = &fits;
    let mut depth = 0;
    while let StatsValue::Object(members) = level {
        depth += 1;
        match members.get("inner") {
            Some(inner) => level = inner,
            None => break,
        }
    }
    assert_eq!(depth, MAX_DEPTH);
    assert!(is_decode(StatsValue::from_js(&nested(MAX_DEPTH))));
    assert!(is_decode(Stats::from_js(&nested(MAX_DEPTH))));
    // Far deeper than any stack: a typed error, not a crash.
    let deep = nested(200_000);
    assert!(is_decode(StatsValue::from_js(&deep)));
    assert!(is_decode(Stats::from_js(&deep)));
    // In a report: Firefox's JSON.stringify refuses such depth (a decode
    // error); Chromium's writes it, and the object is kept as its text.
    let report = js_sys::Map::new();
    report.set(&"n".into(), &deep);
    match StatsReport::from_js(&report) {
        Err(Error::Decode(_)) => {}
        Ok(report) => assert!(
            matches!(report.get("n"), Some(Stats::Other(other)) if other.members.contains_key("json")),
            "not kept as its text"
        ),
        Err(other) => panic!("{other:?}"),
    }
    // Deeper than serde_json reads but not than JSON.stringify writes: the
    // report decodes, and that object is kept whole, as its text.
    let report = js_sys::Map::new();
    report.set(&"n".into(), &nested(200));
    let report = StatsReport::from_js(&report).unwrap();
    match report.get("n") {
        Some(Stats::Other(other)) => {
            assert_eq!(other.type_name, "codec");
            assert!(
                matches!(other.members.get("json"), Some(StatsValue::String(text)) if text.matches("inner").count() == 200),
                "{other:?}"
            );
            assert!(matches!(
                other.members.get("error"),
                Some(StatsValue::String(_))
            ));
        }
        other => panic!("not kept as its text: {other:?}"),
    }
}

#[wasm_bindgen_test]
fn stats_that_share_members_exponentially_stop_at_the_value_budget() {
    // Each level refers to the next twice: 2^30 paths through 31 objects.
    let mut current = Object::new();
    for _ in 0..30 {
        let parent = Object::new();
        Reflect::set(&parent, &"left".into(), &current).unwrap();
        Reflect::set(&parent, &"right".into(), &current).unwrap();
        current = parent;
    }
    let result = StatsValue::from_js(&current);
    let Err(Error::Decode(message)) = result else {
        panic!("expected a decode error, got {result:?}");
    };
    assert!(message.contains(&MAX_VALUES.to_string()), "{message}");
}

#[wasm_bindgen_test]
fn stats_whose_getters_throw_are_a_decode_error() {
    let object: JsValue =
        js_sys::eval("({ type: 'codec', id: 'g', get payloadType() { throw new Error('no'); } })")
            .unwrap();
    assert!(is_decode(Stats::from_js(&object)));
    assert!(is_decode(StatsValue::from_js(&object)));
    let report = js_sys::Map::new();
    report.set(&"g".into(), &object);
    assert!(is_decode(StatsReport::from_js(&report)));
}

#[wasm_bindgen_test]
fn ordinary_nested_stats_still_decode() {
    let object: JsValue = js_sys::JSON::parse(
        r#"{"type":"outbound-rtp","id":"o","timestamp":1,"kind":"video",
            "qualityLimitationDurations":{"none":1.5,"cpu":0},"list":[[1,[2]],{"a":null}]}"#,
    )
    .unwrap();
    let stats = Stats::from_js(&object).unwrap();
    let report = js_sys::Map::new();
    report.set(&"o".into(), &object);
    let report = StatsReport::from_js(&report).unwrap();
    assert_eq!(report.iter().next(), Some(&stats));
    let Stats::OutboundRtp(outbound) = &stats else {
        panic!("{stats:?}");
    };
    assert_eq!(
        outbound.other.get("list"),
        Some(&StatsValue::Array(vec![
            StatsValue::Array(vec![
                StatsValue::Number(1.0),
                StatsValue::Array(vec![StatsValue::Number(2.0)])
            ]),
            StatsValue::Object([("a".to_owned(), StatsValue::Null)].into_iter().collect()),
        ]))
    );
}

#[wasm_bindgen_test]
fn configuration_members_out_of_range_are_left_unset() {
    for (size, expected) in [
        (JsValue::from(4), Some(4)),
        (JsValue::from(255), Some(255)),
        (JsValue::from(256), None),
        (JsValue::from(-1), None),
        (JsValue::from(3.5), None),
        (JsValue::from(f64::NAN), None),
        (JsValue::from(f64::INFINITY), None),
        (JsValue::from("4"), None),
    ] {
        let object = Object::new();
        Reflect::set(&object, &"iceCandidatePoolSize".into(), &size).unwrap();
        assert_eq!(
            Configuration::from_js(&object).ice_candidate_pool_size,
            expected,
            "{size:?}"
        );
    }
}
