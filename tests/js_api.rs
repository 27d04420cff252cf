//! Browser tests of the npm-facing API (feature `js`), through its Rust
//! types: input validation, subscriptions and promise results.
#![cfg(all(target_arch = "wasm32", feature = "js"))]

mod common;

use std::time::Duration;

use common::*;
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use webrtc_wasm::js::JsPeerConnection;

wasm_bindgen_test_configure!(run_in_browser);

const LIMIT: Duration = Duration::from_secs(20);

fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in entries {
        Reflect::set(&object, &(*key).into(), value).unwrap();
    }
    object.into()
}

async fn settle(promise: Promise) -> Result<JsValue, JsValue> {
    must_within("promise", LIMIT, JsFuture::from(promise)).await
}

fn exception_name(error: &JsValue) -> String {
    Reflect::get(error, &"name".into())
        .unwrap()
        .as_string()
        .unwrap()
}

#[wasm_bindgen_test]
async fn wrongly_typed_input_is_a_type_error_not_a_panic() {
    let pc = JsPeerConnection::new(None).unwrap();
    // A value of the wrong type is a TypeError, a number out of range a
    // RangeError.
    let bad_candidates = [
        (
            object(&[("candidate", "candidate:x".into()), ("sdpMid", 0.into())]),
            "TypeError",
        ),
        (
            object(&[
                ("candidate", "candidate:x".into()),
                ("sdpMLineIndex", 70000.into()),
            ]),
            "RangeError",
        ),
        (
            object(&[
                ("candidate", "candidate:x".into()),
                ("sdpMLineIndex", (-1).into()),
            ]),
            "RangeError",
        ),
        (object(&[("candidate", 5.into())]), "TypeError"),
        (JsValue::from_str("not an object"), "TypeError"),
    ];
    for (candidate, name) in bad_candidates {
        let error = settle(pc.add_ice_candidate(Some(candidate.clone())))
            .await
            .unwrap_err();
        assert_eq!(exception_name(&error), name, "{candidate:?}");
    }
    // Descriptions and the data channel, offer and negotiation options are
    // checked by the package's TypeScript layer, which calls the browser
    // itself for descriptions (tests/js/bad-input.test.ts).

    // The browser itself rejects a malformed configuration.
    let bad_servers = object(&[("iceServers", "stun:nowhere".into())]);
    let error: JsValue = JsPeerConnection::new(Some(bad_servers)).unwrap_err().into();
    assert_eq!(exception_name(&error), "TypeError");
}

#[wasm_bindgen_test]
async fn subscriptions_live_until_unsubscribed_or_closed() {
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    let remote = JsPeerConnection::new(None).unwrap();
    let pc = JsPeerConnection::new(None).unwrap();
    let count = Rc::new(Cell::new(0));
    let callback = Closure::<dyn FnMut()>::new({
        let count = count.clone();
        move || count.set(count.get() + 1)
    });
    let function: js_sys::Function = callback
        .as_ref()
        .unchecked_ref::<js_sys::Function>()
        .clone();
    let first = pc.on("datachannel", function.clone()).unwrap();
    let second = pc.on("datachannel", function.clone()).unwrap();
    assert!(first.active() && second.active());
    second.unsubscribe();
    assert!(!second.active());
    drop(second);
    // The connection's other events are the TypeScript layer's.
    let error: JsValue = pc.on("negotiationneeded", function).unwrap_err().into();
    assert_eq!(exception_name(&error), "TypeError");
    trickle(remote.connection(), pc.connection());
    trickle(pc.connection(), remote.connection());
    remote.adopt_data_channel(remote.connection().as_raw().create_data_channel("x"));
    negotiate(remote.connection(), pc.connection()).await;
    must_within("datachannel", LIMIT, async {
        while count.get() == 0 {
            sleep(10).await;
        }
    })
    .await;
    // Both listeners would have run in the same dispatch.
    assert_eq!(count.get(), 1, "only the remaining subscription ran");
    pc.close();
    remote.close();
    assert!(!first.active());
    assert_eq!(
        pc.connection().connection_state(),
        webrtc_wasm::PeerConnectionState::Closed
    );
    // A closed connection takes no more listeners.
    let again = callback
        .as_ref()
        .unchecked_ref::<js_sys::Function>()
        .clone();
    let error: JsValue = pc.on("datachannel", again).unwrap_err().into();
    assert_eq!(exception_name(&error), "InvalidStateError");
}
