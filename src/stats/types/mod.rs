//! One struct per stats type of the
//! [webrtc-stats](https://w3c.github.io/webrtc-stats/) spec.
//!
//! Every member is an `Option` (browsers report different subsets); members
//! the crate does not model, and members whose type is not the spec's, are
//! kept in `other` as the browser gave them.

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::value::{Members, StatsValue, TakeMembers, typed};
use crate::data_channel::DataChannelState;
use crate::media::{DtlsTransportState, MediaKind};
use crate::peer_connection::IceConnectionState;
use crate::session::{CandidateProtocol, CandidateType};

string_enum! {
    /// The state of a candidate pair.
    ///
    /// See [`RTCStatsIceCandidatePairState`](https://w3c.github.io/webrtc-stats/#rtcstatsicecandidatepairstate-enum).
    pub enum CandidatePairState {
        /// `frozen`.
        Frozen = "frozen",
        /// `waiting`.
        Waiting = "waiting",
        /// `in-progress`.
        InProgress = "in-progress",
        /// `failed`.
        Failed = "failed",
        /// `succeeded`.
        Succeeded = "succeeded",
    }
}

string_enum! {
    /// The ICE role of the local agent.
    ///
    /// See [`RTCIceRole`](https://w3c.github.io/webrtc-pc/#dom-rtcicerole).
    pub enum IceRole {
        /// `unknown`.
        Undetermined = "unknown",
        /// `controlling`.
        Controlling = "controlling",
        /// `controlled`.
        Controlled = "controlled",
    }
}

string_enum! {
    /// Why a video encoder is sending less than it could.
    ///
    /// See [`RTCQualityLimitationReason`](https://w3c.github.io/webrtc-stats/#rtcqualitylimitationreason-enum).
    pub enum QualityLimitationReason {
        /// `none`.
        None = "none",
        /// `cpu`.
        Cpu = "cpu",
        /// `bandwidth`.
        Bandwidth = "bandwidth",
        /// `other`.
        Other = "other",
    }
}

/// Declares a stats struct: the common members, the typed ones, `other`,
/// the decoder and the serializer.
macro_rules! stats_type {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident = $type_name:literal {
            $( $(#[doc = $fdoc:literal])* $field:ident : $ty:ty = $key:literal, )*
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct $name {
            /// The object's id, unique in its report.
            pub id: String,
            /// When it was measured, in milliseconds since the epoch.
            pub timestamp: f64,
            $( $(#[doc = $fdoc])* pub $field: Option<$ty>, )*
            /// Members not modelled here, or not of the spec's type, as the
            /// browser reported them.
            pub other: Members,
        }

        impl $name {
            /// The spec's `type` string.
            pub const TYPE: &'static str = $type_name;

            /// The struct as the TypeScript generator sees it.
            #[cfg(test)]
            pub(crate) fn typescript() -> crate::stats::typescript::Struct {
                use crate::stats::typescript::{Member, TsType};
                crate::stats::typescript::Struct {
                    doc: concat!($($doc, "\n"),*),
                    members: vec![$(Member {
                        key: $key,
                        ts: <$ty as TsType>::ts(),
                        kind: <$ty as TsType>::KIND,
                        doc: concat!($($fdoc, "\n"),*),
                    }),*],
                }
            }

            /// Decodes from the members of a stats object; never fails.
            pub fn from_members(members: Members) -> Self {
                let mut stats = Self::default();
                stats.take_all(members);
                stats
            }

            pub(crate) fn serialize_as<S: Serializer>(
                &self,
                type_name: &str,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(None)?;
                if !self.other.contains_key("id") {
                    map.serialize_entry("id", &self.id)?;
                }
                if !self.other.contains_key("timestamp") {
                    map.serialize_entry("timestamp", &self.timestamp)?;
                }
                if !self.other.contains_key("type") {
                    map.serialize_entry("type", type_name)?;
                }
                $( if let Some(value) = &self.$field {
                    map.serialize_entry($key, value)?;
                } )*
                for (key, value) in &self.other {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }

        impl TakeMembers for $name {
            /// A string `type` is dropped: the struct stands for it.
            fn set(&mut self, key: &str, value: StatsValue) -> Result<(), StatsValue> {
                match key {
                    "type" if value.as_str().is_some() => {}
                    "id" => self.id = typed(value)?,
                    "timestamp" => self.timestamp = typed(value)?,
                    $( $key => self.$field = Some(typed(value)?), )*
                    _ => return Err(value),
                }
                Ok(())
            }

            fn keep(&mut self, key: String, value: StatsValue) {
                self.other.insert(key, value);
            }
        }

        impl Serialize for $name {
            /// The browser's JSON shape (camelCase members and `type`).
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.serialize_as(Self::TYPE, serializer)
            }
        }
    };
}

mod rtp;
mod transport;

pub use rtp::*;
pub use transport::*;

stats_type! {
    /// A codec in use.
    ///
    /// See [`RTCCodecStats`](https://developer.mozilla.org/en-US/docs/Web/API/RTCCodecStats).
    pub struct CodecStats = "codec" {
        /// The RTP payload type.
        payload_type: u32 = "payloadType",
        /// The transport the codec is used on.
        transport_id: String = "transportId",
        /// The MIME type, e.g. `"video/VP8"`.
        mime_type: String = "mimeType",
        /// The clock rate in Hz.
        clock_rate: u32 = "clockRate",
        /// The number of audio channels.
        channels: u32 = "channels",
        /// The `a=fmtp` parameters.
        sdp_fmtp_line: String = "sdpFmtpLine",
    }
}

stats_type! {
    /// An audio track being sent.
    ///
    /// See [`RTCAudioSourceStats`](https://w3c.github.io/webrtc-stats/#dom-rtcaudiosourcestats).
    pub struct AudioSourceStats = "media-source" {
        /// The track's id.
        track_identifier: String = "trackIdentifier",
        /// Always `audio`.
        kind: MediaKind = "kind",
        /// The audio level, 0 to 1.
        audio_level: f64 = "audioLevel",
        /// Total audio energy.
        total_audio_energy: f64 = "totalAudioEnergy",
        /// Seconds of audio.
        total_samples_duration: f64 = "totalSamplesDuration",
        /// Echo return loss, dB.
        echo_return_loss: f64 = "echoReturnLoss",
        /// Echo return loss enhancement, dB.
        echo_return_loss_enhancement: f64 = "echoReturnLossEnhancement",
    }
}

stats_type! {
    /// A video track being sent.
    ///
    /// See [`RTCVideoSourceStats`](https://w3c.github.io/webrtc-stats/#dom-rtcvideosourcestats).
    pub struct VideoSourceStats = "media-source" {
        /// The track's id.
        track_identifier: String = "trackIdentifier",
        /// Always `video`.
        kind: MediaKind = "kind",
        /// The last frame's width.
        width: u32 = "width",
        /// The last frame's height.
        height: u32 = "height",
        /// Frames from the source.
        frames: u32 = "frames",
        /// Frames in the last second.
        frames_per_second: f64 = "framesPerSecond",
    }
}

stats_type! {
    /// Audio playout of received audio.
    ///
    /// See [`RTCAudioPlayoutStats`](https://w3c.github.io/webrtc-stats/#dom-rtcaudioplayoutstats).
    pub struct MediaPlayoutStats = "media-playout" {
        /// Always `audio`.
        kind: MediaKind = "kind",
        /// Seconds of synthesized (concealment) samples.
        synthesized_samples_duration: f64 = "synthesizedSamplesDuration",
        /// Synthesis events.
        synthesized_samples_events: u32 = "synthesizedSamplesEvents",
        /// Seconds of audio played.
        total_samples_duration: f64 = "totalSamplesDuration",
        /// Sum of playout delays.
        total_playout_delay: f64 = "totalPlayoutDelay",
        /// Samples played.
        total_samples_count: u64 = "totalSamplesCount",
    }
}

stats_type! {
    /// The connection as a whole.
    ///
    /// See [`RTCPeerConnectionStats`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnectionStats).
    pub struct PeerConnectionStats = "peer-connection" {
        /// Data channels that have been opened.
        data_channels_opened: u32 = "dataChannelsOpened",
        /// Data channels that have been closed.
        data_channels_closed: u32 = "dataChannelsClosed",
    }
}

stats_type! {
    /// A data channel.
    ///
    /// See [`RTCDataChannelStats`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannelStats).
    pub struct DataChannelStats = "data-channel" {
        /// The label.
        label: String = "label",
        /// The sub-protocol.
        protocol: String = "protocol",
        /// The SCTP stream id.
        data_channel_identifier: u16 = "dataChannelIdentifier",
        /// The state.
        state: DataChannelState = "state",
        /// Messages sent.
        messages_sent: u32 = "messagesSent",
        /// Payload bytes sent.
        bytes_sent: u64 = "bytesSent",
        /// Messages received.
        messages_received: u32 = "messagesReceived",
        /// Payload bytes received.
        bytes_received: u64 = "bytesReceived",
    }
}
