//! Media: transceivers, senders, receivers, DTMF and test tracks.
//!
//! See [`RTCRtpTransceiver`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpTransceiver),
//! [`RTCRtpSender`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender),
//! [`RTCRtpReceiver`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpReceiver) and
//! [`RTCDTMFSender`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDTMFSender).

mod codec;
mod dtmf;
mod receiver;
mod sender;
mod track;
mod transceiver;

use wasm_bindgen::JsCast;
use web_sys::EventTarget;

pub use codec::{RtpCapabilities, RtpCodec, RtpHeaderExtensionCapability};
pub use dtmf::DtmfSender;
pub use receiver::{RtpReceiver, RtpSource};
pub use sender::{
    DegradationPreference, RtpCodecParameters, RtpEncodingParameters, RtpHeaderExtensionParameters,
    RtpSendParameters, RtpSender,
};
pub use track::{CanvasVideoSource, OscillatorAudioSource};
pub use transceiver::{RtpTransceiver, TransceiverDirection, TransceiverInit};

use crate::sys;

string_enum! {
    /// The kind of a media track.
    ///
    /// See [`MediaStreamTrack.kind`](https://developer.mozilla.org/en-US/docs/Web/API/MediaStreamTrack/kind).
    pub enum MediaKind {
        /// `audio`.
        Audio = "audio",
        /// `video`.
        Video = "video",
    }
}

string_enum! {
    /// The state of a DTLS transport.
    ///
    /// See [`RTCDtlsTransport.state`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDtlsTransport/state).
    pub enum DtlsTransportState {
        /// `new`: DTLS has not started.
        New = "new",
        /// `connecting`: the handshake is in progress.
        Connecting = "connecting",
        /// `connected`: the handshake completed.
        Connected = "connected",
        /// `closed`: closed by a close_notify alert.
        Closed = "closed",
        /// `failed`: failed (an error alert, or a fingerprint mismatch).
        Failed = "failed",
    }
}

/// The DTLS transport that carries a sender's or receiver's packets.
///
/// See [`RTCDtlsTransport`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDtlsTransport).
#[derive(Debug, Clone, PartialEq)]
pub struct DtlsTransport {
    raw: sys::DtlsTransport,
}

impl DtlsTransport {
    pub(crate) fn from_raw(raw: sys::DtlsTransport) -> Self {
        DtlsTransport { raw }
    }

    /// The transport's [state](https://developer.mozilla.org/en-US/docs/Web/API/RTCDtlsTransport/state).
    pub fn state(&self) -> DtlsTransportState {
        DtlsTransportState::from(self.raw.state().as_str())
    }

    /// The browser's `RTCDtlsTransport` (with `iceTransport` and
    /// `getRemoteCertificates()`).
    pub fn as_raw(&self) -> &EventTarget {
        self.raw.unchecked_ref()
    }
}
