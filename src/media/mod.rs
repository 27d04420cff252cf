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

pub use codec::{RtpCapabilities, RtpCodec, RtpHeaderExtensionCapability};
pub use dtmf::DtmfSender;
pub use receiver::{RtpReceiveParameters, RtpReceiver, RtpSource};
pub use sender::{
    DegradationPreference, RtpCodecParameters, RtpEncodingParameters, RtpHeaderExtensionParameters,
    RtpSendParameters, RtpSender,
};
pub use track::{CanvasVideoSource, OscillatorAudioSource};
pub use transceiver::{RtpHeaderExtension, RtpTransceiver, TransceiverDirection, TransceiverInit};

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

pub use crate::transport::{DtlsTransport, DtlsTransportState};
