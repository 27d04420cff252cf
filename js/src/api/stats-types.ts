// Generated from the Rust stats structs (src/stats/types/) by
// src/stats/typescript.rs; do not edit. `cargo test --lib typescript`
// fails when this file and the structs differ; with UPDATE_GENERATED=1
// it writes this file.

/** What every stats object has. */
export interface StatsBase<T extends string> {
  /** The object's id, unique in its report. */
  readonly id: string;
  /** When it was measured, in milliseconds since the epoch. */
  readonly timestamp: number;
  /** The spec's `type`. */
  readonly type: T;
}

/**
 * A codec in use.
 *
 * See [`RTCCodecStats`](https://developer.mozilla.org/en-US/docs/Web/API/RTCCodecStats).
 */
export interface CodecStats extends StatsBase<"codec"> {
  /** The RTP payload type. */
  readonly payloadType?: number;
  /** The transport the codec is used on. */
  readonly transportId?: string;
  /** The MIME type, e.g. `"video/VP8"`. */
  readonly mimeType?: string;
  /** The clock rate in Hz. */
  readonly clockRate?: number;
  /** The number of audio channels. */
  readonly channels?: number;
  /** The `a=fmtp` parameters. */
  readonly sdpFmtpLine?: string;
}

/**
 * A received RTP stream.
 *
 * See [`RTCInboundRtpStreamStats`](https://developer.mozilla.org/en-US/docs/Web/API/RTCInboundRtpStreamStats).
 */
export interface InboundRtpStats extends StatsBase<"inbound-rtp"> {
  /** The SSRC. */
  readonly ssrc?: number;
  /** `audio` or `video`. */
  readonly kind?: "audio" | "video" | (string & {});
  /** The transport's stats id. */
  readonly transportId?: string;
  /** The codec's stats id. */
  readonly codecId?: string;
  /** Packets received. */
  readonly packetsReceived?: number;
  /** Packets lost (may be negative with duplicates). */
  readonly packetsLost?: number;
  /** Jitter in seconds. */
  readonly jitter?: number;
  /** The receiving track's id. */
  readonly trackIdentifier?: string;
  /** The media section's mid. */
  readonly mid?: string;
  /** The matching remote-outbound-rtp stats id. */
  readonly remoteId?: string;
  /** Payload bytes received. */
  readonly bytesReceived?: number;
  /** Header and padding bytes received. */
  readonly headerBytesReceived?: number;
  /** Packets discarded by the jitter buffer. */
  readonly packetsDiscarded?: number;
  /** When the last packet arrived. */
  readonly lastPacketReceivedTimestamp?: number;
  /** Video frames decoded. */
  readonly framesDecoded?: number;
  /** Key frames decoded. */
  readonly keyFramesDecoded?: number;
  /** Video frames rendered. */
  readonly framesRendered?: number;
  /** Video frames dropped. */
  readonly framesDropped?: number;
  /** Video frames received. */
  readonly framesReceived?: number;
  /** The last decoded frame's width. */
  readonly frameWidth?: number;
  /** The last decoded frame's height. */
  readonly frameHeight?: number;
  /** Frames decoded in the last second. */
  readonly framesPerSecond?: number;
  /** Sum of quantization parameters. */
  readonly qpSum?: number;
  /** Seconds spent decoding. */
  readonly totalDecodeTime?: number;
  /** Sum of the delays between decoded frames, in seconds. */
  readonly totalInterFrameDelay?: number;
  /** Sum of the squared delays between decoded frames. */
  readonly totalSquaredInterFrameDelay?: number;
  /** Video pauses. */
  readonly pauseCount?: number;
  /** Seconds paused. */
  readonly totalPausesDuration?: number;
  /** Video freezes. */
  readonly freezeCount?: number;
  /** Seconds frozen. */
  readonly totalFreezesDuration?: number;
  /** Seconds between receiving and decoding frames. */
  readonly totalProcessingDelay?: number;
  /** NACKs sent. */
  readonly nackCount?: number;
  /** FIRs sent. */
  readonly firCount?: number;
  /** PLIs sent. */
  readonly pliCount?: number;
  /** Sum of jitter-buffer delays, in seconds. */
  readonly jitterBufferDelay?: number;
  /** Sum of jitter-buffer target delays. */
  readonly jitterBufferTargetDelay?: number;
  /** Samples or frames that left the jitter buffer. */
  readonly jitterBufferEmittedCount?: number;
  /** Sum of minimum jitter-buffer delays. */
  readonly jitterBufferMinimumDelay?: number;
  /** Audio samples received. */
  readonly totalSamplesReceived?: number;
  /** Audio samples concealed. */
  readonly concealedSamples?: number;
  /** Concealed samples that were silent. */
  readonly silentConcealedSamples?: number;
  /** Concealment events. */
  readonly concealmentEvents?: number;
  /** Samples inserted to slow playout. */
  readonly insertedSamplesForDeceleration?: number;
  /** Samples removed to speed playout. */
  readonly removedSamplesForAcceleration?: number;
  /** The audio level, 0 to 1. */
  readonly audioLevel?: number;
  /** Total audio energy. */
  readonly totalAudioEnergy?: number;
  /** Seconds of audio received. */
  readonly totalSamplesDuration?: number;
  /** FEC packets received. */
  readonly fecPacketsReceived?: number;
  /** FEC packets discarded. */
  readonly fecPacketsDiscarded?: number;
  /** FEC bytes received. */
  readonly fecBytesReceived?: number;
  /** Retransmitted packets received. */
  readonly retransmittedPacketsReceived?: number;
  /** Retransmitted bytes received. */
  readonly retransmittedBytesReceived?: number;
  /** The RTX SSRC. */
  readonly rtxSsrc?: number;
  /** The FEC SSRC. */
  readonly fecSsrc?: number;
  /** The decoder's name. */
  readonly decoderImplementation?: string;
  /** Whether the decoder is power-efficient (hardware). */
  readonly powerEfficientDecoder?: boolean;
  /** The media-playout stats id. */
  readonly playoutId?: string;
  /** The estimated playout time of the last frame. */
  readonly estimatedPlayoutTimestamp?: number;
}

/**
 * A sent RTP stream.
 *
 * See [`RTCOutboundRtpStreamStats`](https://developer.mozilla.org/en-US/docs/Web/API/RTCOutboundRtpStreamStats).
 */
export interface OutboundRtpStats extends StatsBase<"outbound-rtp"> {
  /** The SSRC. */
  readonly ssrc?: number;
  /** `audio` or `video`. */
  readonly kind?: "audio" | "video" | (string & {});
  /** The transport's stats id. */
  readonly transportId?: string;
  /** The codec's stats id. */
  readonly codecId?: string;
  /** Packets sent. */
  readonly packetsSent?: number;
  /** Payload bytes sent. */
  readonly bytesSent?: number;
  /** The media section's mid. */
  readonly mid?: string;
  /** The media-source stats id. */
  readonly mediaSourceId?: string;
  /** The matching remote-inbound-rtp stats id. */
  readonly remoteId?: string;
  /** The simulcast rid. */
  readonly rid?: string;
  /** Header and padding bytes sent. */
  readonly headerBytesSent?: number;
  /** Retransmitted packets sent. */
  readonly retransmittedPacketsSent?: number;
  /** Retransmitted bytes sent. */
  readonly retransmittedBytesSent?: number;
  /** The RTX SSRC. */
  readonly rtxSsrc?: number;
  /** The encoder's target bitrate, bits per second. */
  readonly targetBitrate?: number;
  /** Sum of the encoder's per-frame byte targets. */
  readonly totalEncodedBytesTarget?: number;
  /** The last encoded frame's width. */
  readonly frameWidth?: number;
  /** The last encoded frame's height. */
  readonly frameHeight?: number;
  /** Frames encoded in the last second. */
  readonly framesPerSecond?: number;
  /** Frames sent. */
  readonly framesSent?: number;
  /** Frames much larger than average. */
  readonly hugeFramesSent?: number;
  /** Frames encoded. */
  readonly framesEncoded?: number;
  /** Key frames encoded. */
  readonly keyFramesEncoded?: number;
  /** Sum of quantization parameters. */
  readonly qpSum?: number;
  /** Seconds spent encoding. */
  readonly totalEncodeTime?: number;
  /** Seconds packets waited before sending. */
  readonly totalPacketSendDelay?: number;
  /** Why quality is limited. */
  readonly qualityLimitationReason?: "none" | "cpu" | "bandwidth" | "other" | (string & {});
  /** How often the resolution changed for quality limits. */
  readonly qualityLimitationResolutionChanges?: number;
  /** NACKs received. */
  readonly nackCount?: number;
  /** FIRs received. */
  readonly firCount?: number;
  /** PLIs received. */
  readonly pliCount?: number;
  /** The encoder's name. */
  readonly encoderImplementation?: string;
  /** Whether the encoder is power-efficient (hardware). */
  readonly powerEfficientEncoder?: boolean;
  /** Whether the encoding is active. */
  readonly active?: boolean;
  /** The SVC scalability mode. */
  readonly scalabilityMode?: string;
}

/**
 * What the remote peer reports about a stream this side sends
 * (from RTCP receiver reports).
 *
 * See [`RTCRemoteInboundRtpStreamStats`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRemoteInboundRtpStreamStats).
 */
export interface RemoteInboundRtpStats extends StatsBase<"remote-inbound-rtp"> {
  /** The SSRC. */
  readonly ssrc?: number;
  /** `audio` or `video`. */
  readonly kind?: "audio" | "video" | (string & {});
  /** The transport's stats id. */
  readonly transportId?: string;
  /** The codec's stats id. */
  readonly codecId?: string;
  /** Packets the remote peer received. */
  readonly packetsReceived?: number;
  /** Packets the remote peer lost. */
  readonly packetsLost?: number;
  /** Jitter in seconds. */
  readonly jitter?: number;
  /** The matching outbound-rtp stats id. */
  readonly localId?: string;
  /** The last round-trip time, seconds. */
  readonly roundTripTime?: number;
  /** Sum of round-trip times, seconds. */
  readonly totalRoundTripTime?: number;
  /** Round-trip measurements made. */
  readonly roundTripTimeMeasurements?: number;
  /** The fraction lost in the last report. */
  readonly fractionLost?: number;
}

/**
 * What the remote peer reports about a stream it sends (from RTCP
 * sender reports).
 *
 * See [`RTCRemoteOutboundRtpStreamStats`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRemoteOutboundRtpStreamStats).
 */
export interface RemoteOutboundRtpStats extends StatsBase<"remote-outbound-rtp"> {
  /** The SSRC. */
  readonly ssrc?: number;
  /** `audio` or `video`. */
  readonly kind?: "audio" | "video" | (string & {});
  /** The transport's stats id. */
  readonly transportId?: string;
  /** The codec's stats id. */
  readonly codecId?: string;
  /** Packets the remote peer sent. */
  readonly packetsSent?: number;
  /** Bytes the remote peer sent. */
  readonly bytesSent?: number;
  /** The matching inbound-rtp stats id. */
  readonly localId?: string;
  /** The remote peer's clock when it sent the report. */
  readonly remoteTimestamp?: number;
  /** Sender reports sent. */
  readonly reportsSent?: number;
  /** The last round-trip time, seconds. */
  readonly roundTripTime?: number;
  /** Sum of round-trip times, seconds. */
  readonly totalRoundTripTime?: number;
  /** Round-trip measurements made. */
  readonly roundTripTimeMeasurements?: number;
}

/**
 * An audio track being sent.
 *
 * See [`RTCAudioSourceStats`](https://w3c.github.io/webrtc-stats/#dom-rtcaudiosourcestats).
 */
export interface AudioSourceStats extends StatsBase<"media-source"> {
  /** The track's id. */
  readonly trackIdentifier?: string;
  /** Always `audio`. */
  readonly kind: "audio";
  /** The audio level, 0 to 1. */
  readonly audioLevel?: number;
  /** Total audio energy. */
  readonly totalAudioEnergy?: number;
  /** Seconds of audio. */
  readonly totalSamplesDuration?: number;
  /** Echo return loss, dB. */
  readonly echoReturnLoss?: number;
  /** Echo return loss enhancement, dB. */
  readonly echoReturnLossEnhancement?: number;
}

/**
 * A video track being sent.
 *
 * See [`RTCVideoSourceStats`](https://w3c.github.io/webrtc-stats/#dom-rtcvideosourcestats).
 */
export interface VideoSourceStats extends StatsBase<"media-source"> {
  /** The track's id. */
  readonly trackIdentifier?: string;
  /** Always `video`. */
  readonly kind: "video";
  /** The last frame's width. */
  readonly width?: number;
  /** The last frame's height. */
  readonly height?: number;
  /** Frames from the source. */
  readonly frames?: number;
  /** Frames in the last second. */
  readonly framesPerSecond?: number;
}

/**
 * Audio playout of received audio.
 *
 * See [`RTCAudioPlayoutStats`](https://w3c.github.io/webrtc-stats/#dom-rtcaudioplayoutstats).
 */
export interface MediaPlayoutStats extends StatsBase<"media-playout"> {
  /** Always `audio`. */
  readonly kind?: "audio" | "video" | (string & {});
  /** Seconds of synthesized (concealment) samples. */
  readonly synthesizedSamplesDuration?: number;
  /** Synthesis events. */
  readonly synthesizedSamplesEvents?: number;
  /** Seconds of audio played. */
  readonly totalSamplesDuration?: number;
  /** Sum of playout delays. */
  readonly totalPlayoutDelay?: number;
  /** Samples played. */
  readonly totalSamplesCount?: number;
}

/**
 * The connection as a whole.
 *
 * See [`RTCPeerConnectionStats`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnectionStats).
 */
export interface PeerConnectionStats extends StatsBase<"peer-connection"> {
  /** Data channels that have been opened. */
  readonly dataChannelsOpened?: number;
  /** Data channels that have been closed. */
  readonly dataChannelsClosed?: number;
}

/**
 * A data channel.
 *
 * See [`RTCDataChannelStats`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannelStats).
 */
export interface DataChannelStats extends StatsBase<"data-channel"> {
  /** The label. */
  readonly label?: string;
  /** The sub-protocol. */
  readonly protocol?: string;
  /** The SCTP stream id. */
  readonly dataChannelIdentifier?: number;
  /** The state. */
  readonly state?: "connecting" | "open" | "closing" | "closed" | (string & {});
  /** Messages sent. */
  readonly messagesSent?: number;
  /** Payload bytes sent. */
  readonly bytesSent?: number;
  /** Messages received. */
  readonly messagesReceived?: number;
  /** Payload bytes received. */
  readonly bytesReceived?: number;
}

/**
 * A transport (ICE + DTLS).
 *
 * See [`RTCTransportStats`](https://developer.mozilla.org/en-US/docs/Web/API/RTCTransportStats).
 */
export interface TransportStats extends StatsBase<"transport"> {
  /** Packets sent. */
  readonly packetsSent?: number;
  /** Packets received. */
  readonly packetsReceived?: number;
  /** Bytes sent. */
  readonly bytesSent?: number;
  /** Bytes received. */
  readonly bytesReceived?: number;
  /** The ICE role. */
  readonly iceRole?: "unknown" | "controlling" | "controlled" | (string & {});
  /** The local ICE username fragment. */
  readonly iceLocalUsernameFragment?: string;
  /** The DTLS state. */
  readonly dtlsState?: "new" | "connecting" | "connected" | "closed" | "failed" | (string & {});
  /** The ICE state. */
  readonly iceState?: "new" | "checking" | "connected" | "completed" | "disconnected" | "failed" | "closed" | (string & {});
  /** The selected candidate pair's stats id. */
  readonly selectedCandidatePairId?: string;
  /** The local certificate's stats id. */
  readonly localCertificateId?: string;
  /** The remote certificate's stats id. */
  readonly remoteCertificateId?: string;
  /** The TLS version. */
  readonly tlsVersion?: string;
  /** The DTLS cipher suite. */
  readonly dtlsCipher?: string;
  /** `client` or `server`. */
  readonly dtlsRole?: string;
  /** The SRTP protection profile. */
  readonly srtpCipher?: string;
  /** How often the selected pair changed. */
  readonly selectedCandidatePairChanges?: number;
}

/**
 * A local/remote candidate pair.
 *
 * See [`RTCIceCandidatePairStats`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceCandidatePairStats).
 */
export interface CandidatePairStats extends StatsBase<"candidate-pair"> {
  /** The transport's stats id. */
  readonly transportId?: string;
  /** The local candidate's stats id. */
  readonly localCandidateId?: string;
  /** The remote candidate's stats id. */
  readonly remoteCandidateId?: string;
  /** The check state. */
  readonly state?: "frozen" | "waiting" | "in-progress" | "failed" | "succeeded" | (string & {});
  /** Whether the pair was nominated. */
  readonly nominated?: boolean;
  /** Whether this is the selected pair (Firefox; not in the spec). */
  readonly selected?: boolean;
  /** Packets sent. */
  readonly packetsSent?: number;
  /** Packets received. */
  readonly packetsReceived?: number;
  /** Bytes sent. */
  readonly bytesSent?: number;
  /** Bytes received. */
  readonly bytesReceived?: number;
  /** When the last packet was sent. */
  readonly lastPacketSentTimestamp?: number;
  /** When the last packet was received. */
  readonly lastPacketReceivedTimestamp?: number;
  /** Sum of STUN round-trip times, seconds. */
  readonly totalRoundTripTime?: number;
  /** The last STUN round-trip time, seconds. */
  readonly currentRoundTripTime?: number;
  /** The estimated outgoing bitrate, bits per second. */
  readonly availableOutgoingBitrate?: number;
  /** The estimated incoming bitrate, bits per second. */
  readonly availableIncomingBitrate?: number;
  /** STUN requests received. */
  readonly requestsReceived?: number;
  /** STUN requests sent. */
  readonly requestsSent?: number;
  /** STUN responses received. */
  readonly responsesReceived?: number;
  /** STUN responses sent. */
  readonly responsesSent?: number;
  /** Consent-freshness requests sent. */
  readonly consentRequestsSent?: number;
  /** Packets discarded on send (socket errors). */
  readonly packetsDiscardedOnSend?: number;
  /** Bytes discarded on send. */
  readonly bytesDiscardedOnSend?: number;
}

/**
 * A local or remote ICE candidate.
 *
 * See [`RTCIceCandidateStats`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceCandidateStats).
 */
export interface IceCandidateStats<T extends string = string> extends StatsBase<T> {
  /** The transport's stats id. */
  readonly transportId?: string;
  /** The address (an IP or an mDNS name). */
  readonly address?: string;
  /** The port. */
  readonly port?: number;
  /** `udp` or `tcp`. */
  readonly protocol?: "udp" | "tcp" | (string & {});
  /** `host`, `srflx`, `prflx` or `relay`. */
  readonly candidateType?: "host" | "srflx" | "prflx" | "relay" | (string & {});
  /** The candidate's priority. */
  readonly priority?: number;
  /** The STUN or TURN server URL it came from. */
  readonly url?: string;
  /** The protocol to the TURN server, for relay candidates. */
  readonly relayProtocol?: string;
  /** The foundation. */
  readonly foundation?: string;
  /** The related address. */
  readonly relatedAddress?: string;
  /** The related port. */
  readonly relatedPort?: number;
  /** The ICE username fragment. */
  readonly usernameFragment?: string;
  /** The TCP type. */
  readonly tcpType?: string;
}

/** A `local-candidate` object. */
export interface LocalCandidateStats extends IceCandidateStats<"local-candidate"> {}

/** A `remote-candidate` object. */
export interface RemoteCandidateStats extends IceCandidateStats<"remote-candidate"> {}

/**
 * A DTLS certificate.
 *
 * See [`RTCCertificateStats`](https://developer.mozilla.org/en-US/docs/Web/API/RTCCertificateStats).
 */
export interface CertificateStats extends StatsBase<"certificate"> {
  /** The fingerprint. */
  readonly fingerprint?: string;
  /** The fingerprint's hash function. */
  readonly fingerprintAlgorithm?: string;
  /** The DER certificate in base64. */
  readonly base64Certificate?: string;
  /** The issuer's stats id. */
  readonly issuerCertificateId?: string;
}

/**
 * A stats object of a type this library does not model (the obsolete
 * `track`, `stream`, `sender`, `receiver`, `csrc`, `ice-server`,
 * `transceiver`, any a browser adds, or a `media-source` of no known
 * kind), with its members as the browser gave them.
 */
export interface OtherStats extends StatsBase<string> {
  readonly [member: string]: unknown;
}

/** A stats object of a type this library models. */
export type KnownStats =
  | CodecStats
  | InboundRtpStats
  | OutboundRtpStats
  | RemoteInboundRtpStats
  | RemoteOutboundRtpStats
  | AudioSourceStats
  | VideoSourceStats
  | MediaPlayoutStats
  | PeerConnectionStats
  | DataChannelStats
  | TransportStats
  | CandidatePairStats
  | LocalCandidateStats
  | RemoteCandidateStats
  | CertificateStats;

/** One stats object, by `type`. */
export type Stats = KnownStats | OtherStats;

/** The `type`s this library models. */
export type StatsType = KnownStats["type"];

/** The stats objects of `type` `T`. */
export type StatsOfType<T extends StatsType> = Extract<KnownStats, { readonly type: T }>;

/** @internal The modelled types, by `type` (and `kind`, for `media-source`: `media-source/audio`). */
export const MODELLED: ReadonlySet<string> = new Set([
  "codec",
  "inbound-rtp",
  "outbound-rtp",
  "remote-inbound-rtp",
  "remote-outbound-rtp",
  "media-source/audio",
  "media-source/video",
  "media-playout",
  "peer-connection",
  "data-channel",
  "transport",
  "candidate-pair",
  "local-candidate",
  "remote-candidate",
  "certificate",
]);
