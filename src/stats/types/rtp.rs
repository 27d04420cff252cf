//! The RTP stream stats: inbound, outbound and their remote views.

use super::*;

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
