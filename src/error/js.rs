//! An [`Error`] into a JavaScript exception: the spec's exception classes
//! and names for the browser's cases, the library's own names (with their
//! numbers) for its own, and an `RTCError` with its members for an
//! `Operation` error with details.

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::{Error, RtcErrorDetail};
use crate::object::{set, set_opt};

impl From<Error> for JsValue {
    /// The JavaScript exception named [`Error::name`]:
    ///
    /// - [`Error::Type`] and [`Error::Range`] become a JavaScript
    ///   `TypeError` and `RangeError`;
    /// - [`Error::Operation`] with [`RtcErrorDetail`] becomes an
    ///   [`RTCError`](https://developer.mozilla.org/en-US/docs/Web/API/RTCError)
    ///   (or, where the browser has no `RTCError` constructor or refuses the
    ///   members, a `DOMException` named `OperationError` with the same
    ///   `errorDetail`, `sdpLineNumber`, `httpRequestStatusCode`,
    ///   `sctpCauseCode`, `receivedAlert` and `sentAlert` members);
    /// - the other browser exceptions and [`Error::Other`] become a
    ///   `DOMException` of that name;
    /// - the crate's own conditions become an `Error` whose `name` is
    ///   `ClosedError`, `FullError`, `MessageTooLargeError` (with numeric
    ///   `size` and `max` members), `ReceiveBufferFullError` (with `limit`),
    ///   `ConnectionFailedError`, `NoLocalCandidatesError` or `DecodeError`.
    ///
    /// [`Error::from_js`] turns each of them back into the same variant.
    fn from(error: Error) -> Self {
        let message = error.message();
        match &error {
            Error::Type(_) => js_sys::TypeError::new(&message).into(),
            Error::Range(_) => js_sys::RangeError::new(&message).into(),
            Error::Operation {
                detail: Some(detail),
                ..
            } => rtc_error(&message, detail),
            Error::ConnectionFailed
            | Error::NoLocalCandidates
            | Error::MessageTooLarge { .. }
            | Error::Full
            | Error::ReceiveBufferFull { .. }
            | Error::Closed
            | Error::Decode(_)
            | Error::Integrity(_) => {
                let exception = js_sys::Error::new(&message);
                exception.set_name(error.name());
                let number = |key, n: usize| set(&exception, key, &JsValue::from_f64(n as f64));
                match error {
                    Error::MessageTooLarge { size, max } => {
                        number("size", size);
                        number("max", max);
                    }
                    Error::ReceiveBufferFull { limit } => number("limit", limit),
                    _ => {}
                }
                exception.into()
            }
            _ => dom_exception(&message, error.name()),
        }
    }
}

/// A `DOMException` with this message and name (an `Error` with them where
/// the constructor is missing).
fn dom_exception(message: &str, name: &str) -> JsValue {
    match web_sys::DomException::new_with_message_and_name(message, name) {
        Ok(exception) => exception.into(),
        Err(_) => {
            let exception = js_sys::Error::new(message);
            exception.set_name(name);
            exception.into()
        }
    }
}

/// An `RTCError` with these members, or, where the browser has no `RTCError`
/// constructor or refuses them, an `OperationError` `DOMException` that
/// carries them as its own members.
fn rtc_error(message: &str, detail: &RtcErrorDetail) -> JsValue {
    let long = |n: Option<i64>| n.map(|n| i32::try_from(n).map(JsValue::from)).transpose();
    let members = [
        ("sdpLineNumber", long(detail.sdp_line_number)),
        (
            "httpRequestStatusCode",
            long(detail.http_request_status_code),
        ),
        ("sctpCauseCode", long(detail.sctp_cause_code)),
        (
            "receivedAlert",
            Ok(detail.received_alert.map(JsValue::from)),
        ),
        ("sentAlert", Ok(detail.sent_alert.map(JsValue::from))),
    ];
    let init = Object::new();
    set(&init, "errorDetail", &detail.error_detail.as_str().into());
    // A member outside the IDL `long` would be wrapped by the constructor;
    // such values go on a DOMException unchanged.
    let mut fits = true;
    for (key, value) in &members {
        match value {
            Ok(Some(value)) => set(&init, key, value),
            Ok(None) => {}
            Err(_) => fits = false,
        }
    }
    let constructor = Reflect::get(&js_sys::global(), &JsValue::from_str("RTCError"))
        .ok()
        .and_then(|c| c.dyn_into::<js_sys::Function>().ok());
    if let (true, Some(constructor)) = (fits, constructor) {
        let args = js_sys::Array::of2(&init, &JsValue::from_str(message));
        if let Ok(exception) = Reflect::construct(&constructor, &args) {
            // A browser whose RTCError lacks a member (Firefox has no
            // `httpRequestStatusCode`) gets it as the exception's own.
            let kept = members.iter().all(|(key, value)| match value {
                Ok(Some(value)) => {
                    let key = JsValue::from_str(key);
                    Reflect::get(&exception, &key).is_ok_and(|read| read == *value)
                        || (Reflect::set(&exception, &key, value).unwrap_or(false)
                            && Reflect::get(&exception, &key).is_ok_and(|read| read == *value))
                }
                _ => true,
            });
            if kept {
                return exception;
            }
        }
    }
    let exception = dom_exception(message, "OperationError");
    if let Some(object) = exception.dyn_ref::<Object>() {
        set(object, "errorDetail", &detail.error_detail.as_str().into());
        let wide = |n: Option<i64>| n.map(|n| JsValue::from_f64(n as f64));
        let all = [
            ("sdpLineNumber", wide(detail.sdp_line_number)),
            (
                "httpRequestStatusCode",
                wide(detail.http_request_status_code),
            ),
            ("sctpCauseCode", wide(detail.sctp_cause_code)),
            ("receivedAlert", detail.received_alert.map(JsValue::from)),
            ("sentAlert", detail.sent_alert.map(JsValue::from)),
        ];
        for (key, value) in all {
            set_opt(object, key, value);
        }
    }
    exception
}
