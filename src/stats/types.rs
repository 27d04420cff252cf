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
        $(#[$meta:meta])*
        pub struct $name:ident = $type_name:literal {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty = $key:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct $name {
            /// The object's id, unique in its report.
            pub id: String,
            /// When it was measured, in milliseconds since the epoch.
            pub timestamp: f64,
            $( $(#[$fmeta])* pub $field: Option<$ty>, )*
            /// Members not modelled here, or not of the spec's type, as the
            /// browser reported them.
            pub other: Members,
        }

        impl $name {
            /// The spec's `type` string.
            pub const TYPE: &'static str = $type_name;

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
    /// A received RTP stream.
    ///
    /// See [`RTCInboundRtpStreamStats`](https://developer.mozilla.org/en-US/docs/Web/API/RTCInboundRtpStreamStats).
    pub struct InboundRtpStats = "inbound-rtp" {
        /// The SSRC.
        ssrc: u32 = "ssrc",
        /// `audio` or `video`.
        kind: MediaKind = "kind",
        /// The transport's stats id.
        transport_id: String = "transportId",
        /// The codec's stats id.
        codec_id: String = "codecId",
        /// Packets received.
        packets_received: u64 = "packetsReceived",
        /// Packets lost (may be negative with duplicates).
        packets_lost: i64 = "packetsLost",
        /// Jitter in seconds.
        jitter: f64 = "jitter",
        /// The receiving track's id.
        track_identifier: String = "trackIdentifier",
        /// The media section's mid.
        mid: String = "mid",
        /// The matching remote-outbound-rtp stats id.
        remote_id: String = "remoteId",
        /// Payload bytes received.
        bytes_received: u64 = "bytesReceived",
        /// Header and padding bytes received.
        header_bytes_received: u64 = "headerBytesReceived",
        /// Packets discarded by the jitter buffer.
        packets_discarded: u64 = "packetsDiscarded",
        /// When the last packet arrived.
        last_packet_received_timestamp: f64 = "lastPacketReceivedTimestamp",
        /// Video frames decoded.
        frames_decoded: u32 = "framesDecoded",
        /// Key frames decoded.
        key_frames_decoded: u32 = "keyFramesDecoded",
        /// Video frames rendered.
        frames_rendered: u32 = "framesRendered",
        /// Video frames dropped.
        frames_dropped: u32 = "framesDropped",
        /// Video frames received.
        frames_received: u32 = "framesReceived",
        /// The last decoded frame's width.
        frame_width: u32 = "frameWidth",
        /// The last decoded frame's height.
        frame_height: u32 = "frameHeight",
        /// Frames decoded in the last second.
        frames_per_second: f64 = "framesPerSecond",
        /// Sum of quantization parameters.
        qp_sum: u64 = "qpSum",
        /// Seconds spent decoding.
        total_decode_time: f64 = "totalDecodeTime",
        /// Sum of the delays between decoded frames, in seconds.
        total_inter_frame_delay: f64 = "totalInterFrameDelay",
        /// Sum of the squared delays between decoded frames.
        total_squared_inter_frame_delay: f64 = "totalSquaredInterFrameDelay",
        /// Video pauses.
        pause_count: u32 = "pauseCount",
        /// Seconds paused.
        total_pauses_duration: f64 = "totalPausesDuration",
        /// Video freezes.
        freeze_count: u32 = "freezeCount",
        /// Seconds frozen.
        total_freezes_duration: f64 = "totalFreezesDuration",
        /// Seconds between receiving and decoding frames.
        total_processing_delay: f64 = "totalProcessingDelay",
        /// NACKs sent.
        nack_count: u32 = "nackCount",
        /// FIRs sent.
        fir_count: u32 = "firCount",
        /// PLIs sent.
        pli_count: u32 = "pliCount",
        /// Sum of jitter-buffer delays, in seconds.
        jitter_buffer_delay: f64 = "jitterBufferDelay",
        /// Sum of jitter-buffer target delays.
        jitter_buffer_target_delay: f64 = "jitterBufferTargetDelay",
        /// Samples or frames that left the jitter buffer.
        jitter_buffer_emitted_count: u64 = "jitterBufferEmittedCount",
        /// Sum of minimum jitter-buffer delays.
        jitter_buffer_minimum_delay: f64 = "jitterBufferMinimumDelay",
        /// Audio samples received.
        total_samples_received: u64 = "totalSamplesReceived",
        /// Audio samples concealed.
        concealed_samples: u64 = "concealedSamples",
        /// Concealed samples that were silent.
        silent_concealed_samples: u64 = "silentConcealedSamples",
        /// Concealment events.
        concealment_events: u64 = "concealmentEvents",
        /// Samples inserted to slow playout.
        inserted_samples_for_deceleration: u64 = "insertedSamplesForDeceleration",
        /// Samples removed to speed playout.
        removed_samples_for_acceleration: u64 = "removedSamplesForAcceleration",
        /// The audio level, 0 to 1.
        audio_level: f64 = "audioLevel",
        /// Total audio energy.
        total_audio_energy: f64 = "totalAudioEnergy",
        /// Seconds of audio received.
        total_samples_duration: f64 = "totalSamplesDuration",
        /// FEC packets received.
        fec_packets_received: u64 = "fecPacketsReceived",
        /// FEC packets discarded.
        fec_packets_discarded: u64 = "fecPacketsDiscarded",
        /// FEC bytes received.
        fec_bytes_received: u64 = "fecBytesReceived",
        /// Retransmitted packets received.
        retransmitted_packets_received: u64 = "retransmittedPacketsReceived",
        /// Retransmitted bytes received.
        retransmitted_bytes_received: u64 = "retransmittedBytesReceived",
        /// The RTX SSRC.
        rtx_ssrc: u32 = "rtxSsrc",
        /// The FEC SSRC.
        fec_ssrc: u32 = "fecSsrc",
        /// The decoder's name.
        decoder_implementation: String = "decoderImplementation",
        /// Whether the decoder is power-efficient (hardware).
        power_efficient_decoder: bool = "powerEfficientDecoder",
        /// The media-playout stats id.
        playout_id: String = "playoutId",
        /// The estimated playout time of the last frame.
        estimated_playout_timestamp: f64 = "estimatedPlayoutTimestamp",
    }
}

stats_type! {
    /// A sent RTP stream.
    ///
    /// See [`RTCOutboundRtpStreamStats`](https://developer.mozilla.org/en-US/docs/Web/API/RTCOutboundRtpStreamStats).
    pub struct OutboundRtpStats = "outbound-rtp" {
        /// The SSRC.
        ssrc: u32 = "ssrc",
        /// `audio` or `video`.
        kind: MediaKind = "kind",
        /// The transport's stats id.
        transport_id: String = "transportId",
        /// The codec's stats id.
        codec_id: String = "codecId",
        /// Packets sent.
        packets_sent: u64 = "packetsSent",
        /// Payload bytes sent.
        bytes_sent: u64 = "bytesSent",
        /// The media section's mid.
        mid: String = "mid",
        /// The media-source stats id.
        media_source_id: String = "mediaSourceId",
        /// The matching remote-inbound-rtp stats id.
        remote_id: String = "remoteId",
        /// The simulcast rid.
        rid: String = "rid",
        /// Header and padding bytes sent.
        header_bytes_sent: u64 = "headerBytesSent",
        /// Retransmitted packets sent.
        retransmitted_packets_sent: u64 = "retransmittedPacketsSent",
        /// Retransmitted bytes sent.
        retransmitted_bytes_sent: u64 = "retransmittedBytesSent",
        /// The RTX SSRC.
        rtx_ssrc: u32 = "rtxSsrc",
        /// The encoder's target bitrate, bits per second.
        target_bitrate: f64 = "targetBitrate",
        /// Sum of the encoder's per-frame byte targets.
        total_encoded_bytes_target: u64 = "totalEncodedBytesTarget",
        /// The last encoded frame's width.
        frame_width: u32 = "frameWidth",
        /// The last encoded frame's height.
        frame_height: u32 = "frameHeight",
        /// Frames encoded in the last second.
        frames_per_second: f64 = "framesPerSecond",
        /// Frames sent.
        frames_sent: u32 = "framesSent",
        /// Frames much larger than average.
        huge_frames_sent: u32 = "hugeFramesSent",
        /// Frames encoded.
        frames_encoded: u32 = "framesEncoded",
        /// Key frames encoded.
        key_frames_encoded: u32 = "keyFramesEncoded",
        /// Sum of quantization parameters.
        qp_sum: u64 = "qpSum",
        /// Seconds spent encoding.
        total_encode_time: f64 = "totalEncodeTime",
        /// Seconds packets waited before sending.
        total_packet_send_delay: f64 = "totalPacketSendDelay",
        /// Why quality is limited.
        quality_limitation_reason: QualityLimitationReason = "qualityLimitationReason",
        /// How often the resolution changed for quality limits.
        quality_limitation_resolution_changes: u32 = "qualityLimitationResolutionChanges",
        /// NACKs received.
        nack_count: u32 = "nackCount",
        /// FIRs received.
        fir_count: u32 = "firCount",
        /// PLIs received.
        pli_count: u32 = "pliCount",
        /// The encoder's name.
        encoder_implementation: String = "encoderImplementation",
        /// Whether the encoder is power-efficient (hardware).
        power_efficient_encoder: bool = "powerEfficientEncoder",
        /// Whether the encoding is active.
        active: bool = "active",
        /// The SVC scalability mode.
        scalability_mode: String = "scalabilityMode",
    }
}

stats_type! {
    /// What the remote peer reports about a stream this side sends
    /// (from RTCP receiver reports).
    ///
    /// See [`RTCRemoteInboundRtpStreamStats`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRemoteInboundRtpStreamStats).
    pub struct RemoteInboundRtpStats = "remote-inbound-rtp" {
        /// The SSRC.
        ssrc: u32 = "ssrc",
        /// `audio` or `video`.
        kind: MediaKind = "kind",
        /// The transport's stats id.
        transport_id: String = "transportId",
        /// The codec's stats id.
        codec_id: String = "codecId",
        /// Packets the remote peer received.
        packets_received: u64 = "packetsReceived",
        /// Packets the remote peer lost.
        packets_lost: i64 = "packetsLost",
        /// Jitter in seconds.
        jitter: f64 = "jitter",
        /// The matching outbound-rtp stats id.
        local_id: String = "localId",
        /// The last round-trip time, seconds.
        round_trip_time: f64 = "roundTripTime",
        /// Sum of round-trip times, seconds.
        total_round_trip_time: f64 = "totalRoundTripTime",
        /// Round-trip measurements made.
        round_trip_time_measurements: u64 = "roundTripTimeMeasurements",
        /// The fraction lost in the last report.
        fraction_lost: f64 = "fractionLost",
    }
}

stats_type! {
    /// What the remote peer reports about a stream it sends (from RTCP
    /// sender reports).
    ///
    /// See [`RTCRemoteOutboundRtpStreamStats`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRemoteOutboundRtpStreamStats).
    pub struct RemoteOutboundRtpStats = "remote-outbound-rtp" {
        /// The SSRC.
        ssrc: u32 = "ssrc",
        /// `audio` or `video`.
        kind: MediaKind = "kind",
        /// The transport's stats id.
        transport_id: String = "transportId",
        /// The codec's stats id.
        codec_id: String = "codecId",
        /// Packets the remote peer sent.
        packets_sent: u64 = "packetsSent",
        /// Bytes the remote peer sent.
        bytes_sent: u64 = "bytesSent",
        /// The matching inbound-rtp stats id.
        local_id: String = "localId",
        /// The remote peer's clock when it sent the report.
        remote_timestamp: f64 = "remoteTimestamp",
        /// Sender reports sent.
        reports_sent: u64 = "reportsSent",
        /// The last round-trip time, seconds.
        round_trip_time: f64 = "roundTripTime",
        /// Sum of round-trip times, seconds.
        total_round_trip_time: f64 = "totalRoundTripTime",
        /// Round-trip measurements made.
        round_trip_time_measurements: u64 = "roundTripTimeMeasurements",
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

stats_type! {
    /// A transport (ICE + DTLS).
    ///
    /// See [`RTCTransportStats`](https://developer.mozilla.org/en-US/docs/Web/API/RTCTransportStats).
    pub struct TransportStats = "transport" {
        /// Packets sent.
        packets_sent: u64 = "packetsSent",
        /// Packets received.
        packets_received: u64 = "packetsReceived",
        /// Bytes sent.
        bytes_sent: u64 = "bytesSent",
        /// Bytes received.
        bytes_received: u64 = "bytesReceived",
        /// The ICE role.
        ice_role: IceRole = "iceRole",
        /// The local ICE username fragment.
        ice_local_username_fragment: String = "iceLocalUsernameFragment",
        /// The DTLS state.
        dtls_state: DtlsTransportState = "dtlsState",
        /// The ICE state.
        ice_state: IceConnectionState = "iceState",
        /// The selected candidate pair's stats id.
        selected_candidate_pair_id: String = "selectedCandidatePairId",
        /// The local certificate's stats id.
        local_certificate_id: String = "localCertificateId",
        /// The remote certificate's stats id.
        remote_certificate_id: String = "remoteCertificateId",
        /// The TLS version.
        tls_version: String = "tlsVersion",
        /// The DTLS cipher suite.
        dtls_cipher: String = "dtlsCipher",
        /// `client` or `server`.
        dtls_role: String = "dtlsRole",
        /// The SRTP protection profile.
        srtp_cipher: String = "srtpCipher",
        /// How often the selected pair changed.
        selected_candidate_pair_changes: u32 = "selectedCandidatePairChanges",
    }
}

stats_type! {
    /// A local/remote candidate pair.
    ///
    /// See [`RTCIceCandidatePairStats`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceCandidatePairStats).
    pub struct CandidatePairStats = "candidate-pair" {
        /// The transport's stats id.
        transport_id: String = "transportId",
        /// The local candidate's stats id.
        local_candidate_id: String = "localCandidateId",
        /// The remote candidate's stats id.
        remote_candidate_id: String = "remoteCandidateId",
        /// The check state.
        state: CandidatePairState = "state",
        /// Whether the pair was nominated.
        nominated: bool = "nominated",
        /// Whether this is the selected pair (Firefox; not in the spec).
        selected: bool = "selected",
        /// Packets sent.
        packets_sent: u64 = "packetsSent",
        /// Packets received.
        packets_received: u64 = "packetsReceived",
        /// Bytes sent.
        bytes_sent: u64 = "bytesSent",
        /// Bytes received.
        bytes_received: u64 = "bytesReceived",
        /// When the last packet was sent.
        last_packet_sent_timestamp: f64 = "lastPacketSentTimestamp",
        /// When the last packet was received.
        last_packet_received_timestamp: f64 = "lastPacketReceivedTimestamp",
        /// Sum of STUN round-trip times, seconds.
        total_round_trip_time: f64 = "totalRoundTripTime",
        /// The last STUN round-trip time, seconds.
        current_round_trip_time: f64 = "currentRoundTripTime",
        /// The estimated outgoing bitrate, bits per second.
        available_outgoing_bitrate: f64 = "availableOutgoingBitrate",
        /// The estimated incoming bitrate, bits per second.
        available_incoming_bitrate: f64 = "availableIncomingBitrate",
        /// STUN requests received.
        requests_received: u64 = "requestsReceived",
        /// STUN requests sent.
        requests_sent: u64 = "requestsSent",
        /// STUN responses received.
        responses_received: u64 = "responsesReceived",
        /// STUN responses sent.
        responses_sent: u64 = "responsesSent",
        /// Consent-freshness requests sent.
        consent_requests_sent: u64 = "consentRequestsSent",
        /// Packets discarded on send (socket errors).
        packets_discarded_on_send: u64 = "packetsDiscardedOnSend",
        /// Bytes discarded on send.
        bytes_discarded_on_send: u64 = "bytesDiscardedOnSend",
    }
}

stats_type! {
    /// A local or remote ICE candidate.
    ///
    /// See [`RTCIceCandidateStats`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceCandidateStats).
    /// Serialized on its own it says `local-candidate`; inside a
    /// [`Stats`](super::Stats) it keeps the type it was reported with.
    pub struct IceCandidateStats = "local-candidate" {
        /// The transport's stats id.
        transport_id: String = "transportId",
        /// The address (an IP or an mDNS name).
        address: String = "address",
        /// The port.
        port: u16 = "port",
        /// `udp` or `tcp`.
        protocol: CandidateProtocol = "protocol",
        /// `host`, `srflx`, `prflx` or `relay`.
        candidate_type: CandidateType = "candidateType",
        /// The candidate's priority.
        priority: u32 = "priority",
        /// The STUN or TURN server URL it came from.
        url: String = "url",
        /// The protocol to the TURN server, for relay candidates.
        relay_protocol: String = "relayProtocol",
        /// The foundation.
        foundation: String = "foundation",
        /// The related address.
        related_address: String = "relatedAddress",
        /// The related port.
        related_port: u16 = "relatedPort",
        /// The ICE username fragment.
        username_fragment: String = "usernameFragment",
        /// The TCP type.
        tcp_type: String = "tcpType",
    }
}

stats_type! {
    /// A DTLS certificate.
    ///
    /// See [`RTCCertificateStats`](https://developer.mozilla.org/en-US/docs/Web/API/RTCCertificateStats).
    pub struct CertificateStats = "certificate" {
        /// The fingerprint.
        fingerprint: String = "fingerprint",
        /// The fingerprint's hash function.
        fingerprint_algorithm: String = "fingerprintAlgorithm",
        /// The DER certificate in base64.
        base64_certificate: String = "base64Certificate",
        /// The issuer's stats id.
        issuer_certificate_id: String = "issuerCertificateId",
    }
}

/// A stats object of a type this crate does not model: the obsolete types
/// (`track`, `stream`, `sender`, `receiver`, `csrc`, `ice-server`,
/// `transceiver`) and any a browser adds. Every member is kept.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OtherStats {
    /// The `type` string.
    pub type_name: String,
    /// The object's id.
    pub id: String,
    /// When it was measured.
    pub timestamp: f64,
    /// Every other member.
    pub members: Members,
}

impl OtherStats {
    /// Decodes from the members of a stats object.
    pub fn from_members(members: Members) -> Self {
        let mut stats = Self::default();
        stats.take_all(members);
        stats
    }
}

impl TakeMembers for OtherStats {
    /// Takes `type`, `id` and `timestamp`; every other member is kept.
    fn set(&mut self, key: &str, value: StatsValue) -> Result<(), StatsValue> {
        match key {
            "type" => self.type_name = typed(value)?,
            "id" => self.id = typed(value)?,
            "timestamp" => self.timestamp = typed(value)?,
            _ => return Err(value),
        }
        Ok(())
    }

    fn keep(&mut self, key: String, value: StatsValue) {
        self.members.insert(key, value);
    }
}

impl Serialize for OtherStats {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (key, value) in [("id", &self.id), ("type", &self.type_name)] {
            if !self.members.contains_key(key) {
                map.serialize_entry(key, value)?;
            }
        }
        if !self.members.contains_key("timestamp") {
            map.serialize_entry("timestamp", &self.timestamp)?;
        }
        for (key, value) in &self.members {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}
