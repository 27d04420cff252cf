//! The one error type of the crate, mapped from the browser's exceptions.
//!
//! WebRTC methods reject with a [`DOMException`] (whose `name` tells the case),
//! an [`RTCError`] (a `DOMException` named `OperationError` with extra details)
//! or a plain JavaScript `TypeError` / `RangeError`. [`Error::from_js`] turns
//! any of them into a typed [`Error`].
//!
//! The other way, an [`Error`] converts into the JavaScript exception named
//! [`Error::name`]: the spec's name for the browser's cases, and the crate's
//! own name for its own (`ClosedError`, `FullError`, `MessageTooLargeError`
//! with `size` and `max`, `ReceiveBufferFullError` with `limit`,
//! `ConnectionFailedError`, `NoLocalCandidatesError`, `DecodeError`), so
//! JavaScript code can tell them apart by `name`, and [`Error::from_js`] gives
//! back the same variant with the same fields.
//!
//! [`DOMException`]: https://developer.mozilla.org/en-US/docs/Web/API/DOMException
//! [`RTCError`]: https://developer.mozilla.org/en-US/docs/Web/API/RTCError

use std::fmt;

use wasm_bindgen::JsValue;

use crate::object::{get_int, get_string};

mod js;

/// A convenient alias for results whose error is this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in this crate.
///
/// Browser exceptions keep their message; the variant tells the
/// [`DOMException` name](https://developer.mozilla.org/en-US/docs/Web/API/DOMException#error_names).
/// New variants may be added, so match with a wildcard arm.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// `InvalidStateError`: the object is in the wrong state for the call,
    /// e.g. the connection is closed or there is no remote description yet.
    #[error("InvalidStateError: {0}")]
    InvalidState(String),
    /// `InvalidAccessError`: a parameter is not acceptable, e.g. a candidate
    /// whose `sdpMid` names no media section.
    #[error("InvalidAccessError: {0}")]
    InvalidAccess(String),
    /// `InvalidModificationError`: an attempt to change something that cannot
    /// change, e.g. a configuration's certificates or a modified SDP.
    #[error("InvalidModificationError: {0}")]
    InvalidModification(String),
    /// `OperationError`, carrying the [`RTCError`] details when the browser
    /// gives them.
    ///
    /// [`RTCError`]: https://developer.mozilla.org/en-US/docs/Web/API/RTCError
    #[error("OperationError: {message}")]
    Operation {
        /// The browser's message.
        message: String,
        /// The `RTCError` members, if the exception was an `RTCError`.
        detail: Option<RtcErrorDetail>,
    },
    /// `NotReadableError`: a resource could not be read, e.g. a certificate
    /// or a device.
    #[error("NotReadableError: {0}")]
    NotReadable(String),
    /// `NotSupportedError`: the browser does not support the request, e.g. a
    /// certificate algorithm.
    #[error("NotSupportedError: {0}")]
    NotSupported(String),
    /// `InvalidCharacterError`: a string holds a character that is not
    /// allowed, e.g. a DTMF tone outside `0-9A-D#*,`.
    #[error("InvalidCharacterError: {0}")]
    InvalidCharacter(String),
    /// `SyntaxError`: a string could not be parsed, e.g. an ICE server URL.
    #[error("SyntaxError: {0}")]
    Syntax(String),
    /// A JavaScript `TypeError`: a value of the wrong type or shape, e.g. a
    /// candidate with neither `sdpMid` nor `sdpMLineIndex`.
    #[error("TypeError: {0}")]
    Type(String),
    /// A JavaScript `RangeError`: a number out of range.
    #[error("RangeError: {0}")]
    Range(String),
    /// The connection reached `failed` while the caller waited for it to
    /// connect.
    #[error("the connection failed")]
    ConnectionFailed,
    /// ICE gathering completed without a single local candidate, so the
    /// connection can never be established. Typical cause: a relay-only
    /// policy with TURN credentials the server rejects (the
    /// `icecandidateerror` events tell which server and why).
    #[error("ICE gathering completed without any local candidate")]
    NoLocalCandidates,
    /// A data-channel message is larger than the channel's maximum message
    /// size; nothing was sent and the channel stays open.
    #[error("the message is {size} bytes, over the maximum of {max}")]
    MessageTooLarge {
        /// The message's size in bytes.
        size: usize,
        /// The largest message the channel can send.
        max: usize,
    },
    /// The data channel's send queue is above its high watermark; nothing was
    /// sent. Wait (`send().await`) or retry later.
    #[error("the send queue is full")]
    Full,
    /// A data channel received more unread bytes (or a signaling transport
    /// more unread signals, or a connection more unread incoming channels)
    /// than its receive limit allows. Everything received before the
    /// overflow can still be read; the channel or transport was closed so
    /// that a flooding remote cannot grow memory without bound.
    #[error("the receive buffer is full (limit {limit})")]
    ReceiveBufferFull {
        /// The limit that was exceeded: bytes for a data channel, items for
        /// a transport or an event queue.
        limit: usize,
    },
    /// The object was closed (or its events stopped) while the caller waited
    /// on it.
    #[error("closed")]
    Closed,
    /// A value received from the browser or from the remote side does not have
    /// the shape the spec says.
    #[error("unexpected value: {0}")]
    Decode(String),
    /// The operation was cancelled: a file transfer the other side
    /// rejected or cancelled, or that this side cancelled. The spec's
    /// `AbortError`.
    #[error("AbortError: {0}")]
    Aborted(String),
    /// Content did not arrive as it was sent: a file transfer whose size or
    /// content hash (SHA-256 over its blocks) does not match.
    #[error("IntegrityError: {0}")]
    Integrity(String),
    /// Any other exception, with its name and message.
    #[error("{name}: {message}")]
    Other {
        /// The exception's `name`.
        name: String,
        /// The exception's `message`.
        message: String,
    },
}

string_enum! {
    /// The kind of an [`RTCError`](https://developer.mozilla.org/en-US/docs/Web/API/RTCError/errorDetail).
    pub enum RtcErrorDetailType {
        /// `data-channel-failure`: a data channel failed.
        DataChannelFailure = "data-channel-failure",
        /// `dtls-failure`: the DTLS handshake or connection failed.
        DtlsFailure = "dtls-failure",
        /// `fingerprint-failure`: the remote certificate matched no fingerprint.
        FingerprintFailure = "fingerprint-failure",
        /// `sctp-failure`: the SCTP association failed.
        SctpFailure = "sctp-failure",
        /// `sdp-syntax-error`: the SDP could not be parsed.
        SdpSyntaxError = "sdp-syntax-error",
        /// `hardware-encoder-not-available`.
        HardwareEncoderNotAvailable = "hardware-encoder-not-available",
        /// `hardware-encoder-error`.
        HardwareEncoderError = "hardware-encoder-error",
    }
}

/// The members of an [`RTCError`](https://developer.mozilla.org/en-US/docs/Web/API/RTCError)
/// beyond its name and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RtcErrorDetail {
    /// [`errorDetail`](https://developer.mozilla.org/en-US/docs/Web/API/RTCError/errorDetail).
    pub error_detail: RtcErrorDetailType,
    /// [`sdpLineNumber`](https://developer.mozilla.org/en-US/docs/Web/API/RTCError/sdpLineNumber):
    /// the offending SDP line for `sdp-syntax-error`.
    pub sdp_line_number: Option<i64>,
    /// [`httpRequestStatusCode`](https://developer.mozilla.org/en-US/docs/Web/API/RTCError/httpRequestStatusCode).
    pub http_request_status_code: Option<i64>,
    /// [`sctpCauseCode`](https://developer.mozilla.org/en-US/docs/Web/API/RTCError/sctpCauseCode)
    /// for `sctp-failure`.
    pub sctp_cause_code: Option<i64>,
    /// [`receivedAlert`](https://developer.mozilla.org/en-US/docs/Web/API/RTCError/receivedAlert):
    /// the DTLS alert received, for `dtls-failure`.
    pub received_alert: Option<u32>,
    /// [`sentAlert`](https://developer.mozilla.org/en-US/docs/Web/API/RTCError/sentAlert):
    /// the DTLS alert sent, for `dtls-failure`.
    pub sent_alert: Option<u32>,
}

impl Error {
    /// Builds the variant that matches an exception `name` (as in
    /// `DOMException.name` or `Error.name`): one of the spec's names
    /// (`"InvalidStateError"`, `"TypeError"`, ...) or one of the crate's own
    /// (`"ClosedError"`, `"FullError"`, `"ConnectionFailedError"`,
    /// `"NoLocalCandidatesError"`, `"DecodeError"`). Any other name gives
    /// [`Error::Other`], keeping it.
    ///
    /// `"MessageTooLargeError"` and `"ReceiveBufferFullError"` need their
    /// numeric members (`size` and `max`, `limit`), which a name and a
    /// message do not carry: they give [`Error::Other`] here, and
    /// [`Error::from_js`] reads the members from the exception.
    pub fn from_name(name: &str, message: impl Into<String>) -> Self {
        Self::from_parts(name, message.into(), |_| None)
    }

    /// [`Error::from_name`], with `number` giving the exception's integer
    /// members by key.
    fn from_parts(name: &str, message: String, number: impl Fn(&str) -> Option<usize>) -> Self {
        match name {
            "InvalidStateError" => Error::InvalidState(message),
            "InvalidAccessError" => Error::InvalidAccess(message),
            "InvalidModificationError" => Error::InvalidModification(message),
            "OperationError" => Error::Operation {
                message,
                detail: None,
            },
            "NotReadableError" => Error::NotReadable(message),
            "NotSupportedError" => Error::NotSupported(message),
            "InvalidCharacterError" => Error::InvalidCharacter(message),
            "SyntaxError" => Error::Syntax(message),
            "TypeError" => Error::Type(message),
            "RangeError" => Error::Range(message),
            "ConnectionFailedError" => Error::ConnectionFailed,
            "NoLocalCandidatesError" => Error::NoLocalCandidates,
            "FullError" => Error::Full,
            "ClosedError" => Error::Closed,
            "DecodeError" => Error::Decode(message),
            "AbortError" => Error::Aborted(message),
            "IntegrityError" => Error::Integrity(message),
            "MessageTooLargeError" => match (number("size"), number("max")) {
                (Some(size), Some(max)) => Error::MessageTooLarge { size, max },
                _ => Error::Other {
                    name: name.to_owned(),
                    message,
                },
            },
            "ReceiveBufferFullError" => match number("limit") {
                Some(limit) => Error::ReceiveBufferFull { limit },
                None => Error::Other {
                    name: name.to_owned(),
                    message,
                },
            },
            _ => Error::Other {
                name: name.to_owned(),
                message,
            },
        }
    }

    /// The exception name this error stands for: the spec's name for the
    /// browser's exceptions (`"InvalidStateError"`, `"OperationError"`,
    /// `"TypeError"`, ...), the crate's own name for its own conditions
    /// (`"ClosedError"`, `"FullError"`, `"MessageTooLargeError"`,
    /// `"ReceiveBufferFullError"`, `"ConnectionFailedError"`,
    /// `"NoLocalCandidatesError"`, `"DecodeError"`), and the kept name for
    /// [`Error::Other`]. It is the `name` of the JavaScript exception the
    /// error converts into, and [`Error::from_name`] maps it back.
    pub fn name(&self) -> &str {
        match self {
            Error::InvalidState(_) => "InvalidStateError",
            Error::InvalidAccess(_) => "InvalidAccessError",
            Error::InvalidModification(_) => "InvalidModificationError",
            Error::Operation { .. } => "OperationError",
            Error::NotReadable(_) => "NotReadableError",
            Error::NotSupported(_) => "NotSupportedError",
            Error::InvalidCharacter(_) => "InvalidCharacterError",
            Error::Syntax(_) => "SyntaxError",
            Error::Type(_) => "TypeError",
            Error::Range(_) => "RangeError",
            Error::ConnectionFailed => "ConnectionFailedError",
            Error::NoLocalCandidates => "NoLocalCandidatesError",
            Error::MessageTooLarge { .. } => "MessageTooLargeError",
            Error::Full => "FullError",
            Error::ReceiveBufferFull { .. } => "ReceiveBufferFullError",
            Error::Closed => "ClosedError",
            Error::Decode(_) => "DecodeError",
            Error::Aborted(_) => "AbortError",
            Error::Integrity(_) => "IntegrityError",
            Error::Other { name, .. } => name,
        }
    }

    /// The error's message, without its name.
    pub fn message(&self) -> String {
        match self {
            Error::InvalidState(m)
            | Error::InvalidAccess(m)
            | Error::InvalidModification(m)
            | Error::NotReadable(m)
            | Error::NotSupported(m)
            | Error::InvalidCharacter(m)
            | Error::Syntax(m)
            | Error::Type(m)
            | Error::Range(m)
            | Error::Decode(m)
            | Error::Aborted(m)
            | Error::Integrity(m)
            | Error::Operation { message: m, .. }
            | Error::Other { message: m, .. } => m.clone(),
            Error::ConnectionFailed
            | Error::NoLocalCandidates
            | Error::Closed
            | Error::MessageTooLarge { .. }
            | Error::ReceiveBufferFull { .. }
            | Error::Full => self.to_string(),
        }
    }

    /// Converts any thrown JavaScript value (a `DOMException`, an `RTCError`,
    /// an `Error`, one of the exceptions this crate's errors convert into, or
    /// anything else) into an [`Error`]. The exception an [`Error`] converts
    /// into comes back as the same variant with the same fields.
    pub fn from_js(value: JsValue) -> Self {
        let name = get_string(&value, "name");
        let message = get_string(&value, "message")
            .or_else(|| value.as_string())
            .unwrap_or_else(|| crate::object::describe(&value));
        let Some(name) = name else {
            return Error::Other {
                name: "Error".to_owned(),
                message,
            };
        };
        let mut error = Error::from_parts(&name, message, |key| get_int(&value, key));
        if let Error::Operation { detail, .. } = &mut error {
            *detail = rtc_error_detail(&value);
        }
        error
    }
}

impl From<JsValue> for Error {
    fn from(value: JsValue) -> Self {
        Error::from_js(value)
    }
}

fn rtc_error_detail(value: &JsValue) -> Option<RtcErrorDetail> {
    if !value.is_object() {
        return None;
    }
    let detail = get_string(value, "errorDetail")?;
    Some(RtcErrorDetail {
        error_detail: RtcErrorDetailType::from(detail.as_str()),
        sdp_line_number: get_int(value, "sdpLineNumber"),
        http_request_status_code: get_int(value, "httpRequestStatusCode"),
        sctp_cause_code: get_int(value, "sctpCauseCode"),
        received_alert: get_int(value, "receivedAlert"),
        sent_alert: get_int(value, "sentAlert"),
    })
}

impl fmt::Display for RtcErrorDetail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.error_detail.as_str())?;
        if let Some(line) = self.sdp_line_number {
            write!(f, " (SDP line {line})")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_exception_name_maps_to_its_variant() {
        let cases = [
            ("InvalidStateError", Error::InvalidState("m".into())),
            ("InvalidAccessError", Error::InvalidAccess("m".into())),
            (
                "InvalidModificationError",
                Error::InvalidModification("m".into()),
            ),
            (
                "OperationError",
                Error::Operation {
                    message: "m".into(),
                    detail: None,
                },
            ),
            ("NotReadableError", Error::NotReadable("m".into())),
            ("NotSupportedError", Error::NotSupported("m".into())),
            ("InvalidCharacterError", Error::InvalidCharacter("m".into())),
            ("SyntaxError", Error::Syntax("m".into())),
            ("TypeError", Error::Type("m".into())),
            ("RangeError", Error::Range("m".into())),
        ];
        for (name, expected) in cases {
            let error = Error::from_name(name, "m");
            assert_eq!(error, expected);
            assert_eq!(error.name(), name);
            assert_eq!(error.message(), "m");
            assert_eq!(error.to_string(), format!("{name}: m"));
        }
    }

    /// One value of every variant.
    fn every_variant() -> Vec<Error> {
        vec![
            Error::InvalidState("m".into()),
            Error::InvalidAccess("m".into()),
            Error::InvalidModification("m".into()),
            Error::Operation {
                message: "m".into(),
                detail: None,
            },
            Error::NotReadable("m".into()),
            Error::NotSupported("m".into()),
            Error::InvalidCharacter("m".into()),
            Error::Syntax("m".into()),
            Error::Type("m".into()),
            Error::Range("m".into()),
            Error::ConnectionFailed,
            Error::NoLocalCandidates,
            Error::MessageTooLarge {
                size: 70_000,
                max: 65_536,
            },
            Error::Full,
            Error::ReceiveBufferFull { limit: 1 << 24 },
            Error::Closed,
            Error::Decode("m".into()),
            Error::Aborted("m".into()),
            Error::Integrity("m".into()),
            Error::Other {
                name: "QuotaExceededError".into(),
                message: "m".into(),
            },
        ]
    }

    /// The integer members the JavaScript exception of `error` carries.
    fn members(error: &Error, key: &str) -> Option<usize> {
        match (error, key) {
            (Error::MessageTooLarge { size, .. }, "size") => Some(*size),
            (Error::MessageTooLarge { max, .. }, "max") => Some(*max),
            (Error::ReceiveBufferFull { limit }, "limit") => Some(*limit),
            _ => None,
        }
    }

    #[test]
    fn every_variant_comes_back_from_its_name_message_and_members() {
        let variants = every_variant();
        let mut names: Vec<&str> = variants.iter().map(Error::name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), variants.len(), "names are distinct");
        for error in &variants {
            let back = Error::from_parts(error.name(), error.message(), |key| members(error, key));
            assert_eq!(&back, error);
        }
    }

    #[test]
    fn library_variants_have_library_names() {
        let cases = [
            (Error::ConnectionFailed, "ConnectionFailedError"),
            (Error::NoLocalCandidates, "NoLocalCandidatesError"),
            (
                Error::MessageTooLarge { size: 2, max: 1 },
                "MessageTooLargeError",
            ),
            (Error::Full, "FullError"),
            (
                Error::ReceiveBufferFull { limit: 3 },
                "ReceiveBufferFullError",
            ),
            (Error::Closed, "ClosedError"),
            (Error::Decode("m".into()), "DecodeError"),
            (Error::Integrity("m".into()), "IntegrityError"),
        ];
        for (error, name) in cases {
            assert_eq!(error.name(), name);
        }
        // Unit variants come back from the name alone, whatever the message.
        assert_eq!(Error::from_name("ClosedError", "x"), Error::Closed);
        assert_eq!(Error::from_name("FullError", ""), Error::Full);
        assert_eq!(
            Error::from_name("ConnectionFailedError", "x"),
            Error::ConnectionFailed
        );
        assert_eq!(
            Error::from_name("NoLocalCandidatesError", "x"),
            Error::NoLocalCandidates
        );
        assert_eq!(
            Error::from_name("DecodeError", "bad"),
            Error::Decode("bad".into())
        );
        assert_eq!(
            Error::MessageTooLarge { size: 2, max: 1 }.message(),
            "the message is 2 bytes, over the maximum of 1"
        );
    }

    #[test]
    fn sized_names_without_their_members_stay_other() {
        for name in ["MessageTooLargeError", "ReceiveBufferFullError"] {
            assert_eq!(
                Error::from_name(name, "m"),
                Error::Other {
                    name: name.into(),
                    message: "m".into()
                }
            );
        }
        // One member of two is not enough.
        let half = Error::from_parts("MessageTooLargeError", "m".into(), |key| {
            (key == "size").then_some(5)
        });
        assert!(matches!(half, Error::Other { .. }), "{half:?}");
    }

    #[test]
    fn unknown_names_keep_name_and_message() {
        let error = Error::from_name("QuotaExceededError", "too much");
        assert_eq!(
            error,
            Error::Other {
                name: "QuotaExceededError".into(),
                message: "too much".into()
            }
        );
        assert_eq!(error.name(), "QuotaExceededError");
        assert_eq!(error.to_string(), "QuotaExceededError: too much");
    }

    #[test]
    fn error_detail_strings_round_trip() {
        for s in [
            "data-channel-failure",
            "dtls-failure",
            "fingerprint-failure",
            "sctp-failure",
            "sdp-syntax-error",
            "hardware-encoder-not-available",
            "hardware-encoder-error",
        ] {
            let parsed: RtcErrorDetailType = s.parse().unwrap();
            assert!(!matches!(parsed, RtcErrorDetailType::Unknown(_)), "{s}");
            assert_eq!(parsed.as_str(), s);
        }
        let unknown: RtcErrorDetailType = "new-kind".parse().unwrap();
        assert_eq!(unknown, RtcErrorDetailType::Unknown("new-kind".into()));
        assert_eq!(unknown.as_str(), "new-kind");
    }
}
