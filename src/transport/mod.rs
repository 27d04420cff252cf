//! The transports under a connection: [`SctpTransport`] (data channels) over
//! [`DtlsTransport`] (encryption) over [`IceTransport`] (connectivity).
//!
//! Each is a handle to the browser's object with typed state getters and
//! events in the crate's two forms: an `on_*` callback returning a
//! [`Listener`](crate::Listener) guard, and a stream. A transport reached
//! through [`PeerConnection::sctp`](crate::PeerConnection::sctp) shares the
//! connection's listeners, so its streams also end when the connection is
//! closed; one reached through an [`RtpSender`](crate::RtpSender) or
//! [`RtpReceiver`](crate::RtpReceiver) keeps its listeners until their guards
//! or streams are dropped.
//!
//! See [`RTCIceTransport`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceTransport),
//! [`RTCDtlsTransport`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDtlsTransport) and
//! [`RTCSctpTransport`](https://developer.mozilla.org/en-US/docs/Web/API/RTCSctpTransport).

mod dtls;
mod ice;
mod sctp;

pub use dtls::{DtlsTransport, DtlsTransportState};
pub use ice::{
    IceCandidatePair, IceComponent, IceGathererState, IceParameters, IceRole, IceTransport,
    IceTransportState,
};
pub use sctp::{SctpTransport, SctpTransportState};

use wasm_bindgen::JsValue;

use crate::error::Error;

/// Whether `target` has a callable member `method`.
fn has_method(target: &JsValue, method: &str) -> bool {
    crate::object::get(target, method).is_function()
}

/// The error for a member the browser does not implement.
fn not_supported(member: &str) -> Error {
    Error::NotSupported(format!("{member} is not available in this browser"))
}
