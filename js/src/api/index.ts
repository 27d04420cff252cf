// The package's API, shared by both entries ("webrtc-wasm" and
// "webrtc-wasm/slim"). Nothing here touches the wasm module until a class
// is used.
import { liveListenerCount as wasmLiveListenerCount, wasmMemoryBytes as wasmMemory } from "../../wasm/webrtc_wasm.js";
import { assertInitialized } from "../init.js";
import { domListenerCount } from "./events.js";

export {
  ClosedError,
  ConnectionFailedError,
  DecodeError,
  FullError,
  IntegrityError,
  MessageTooLargeError,
  NoLocalCandidatesError,
  ReceiveBufferFullError,
  WebRtcError,
} from "./errors.js";
export type { ListenOptions, Unsubscribe, WaitOptions } from "./events.js";
export { DataChannel, type DataChannelEventMap, type Message, type SendData } from "./data-channel.js";
export {
  PeerConnection,
  type DataChannelInit,
  type IceCandidateError,
  type PeerConnectionEventMap,
  type TrackEvent,
} from "./peer-connection.js";
export {
  DtmfSender,
  RtpReceiver,
  RtpSender,
  RtpTransceiver,
  type DtmfSenderEventMap,
  type RtpHeaderExtension,
  type TransceiverInit,
} from "./media.js";
export {
  FILE_PROTOCOL,
  IncomingFile,
  type FileInfo,
  type JsonValue,
  type ReceiveFileOptions,
  type SendFileOptions,
  type TransferProgress,
} from "./transfer.js";
export { isKnownStats, StatsReport, statsRates, type SelectedCandidatePair, type StatsRates } from "./stats.js";
export type * from "./stats-types.js";
export {
  PerfectNegotiation,
  type IceRestartPolicy,
  type NegotiationEvent,
  type NegotiationEventMap,
  type NegotiationOptions,
  type Signal,
  type SignalingTransport,
} from "./negotiation.js";

/** How many event listeners the library holds on browser objects now (for leak checks). */
export function liveListenerCount(): number {
  assertInitialized();
  return wasmLiveListenerCount() + domListenerCount();
}

/**
 * How many bytes the package's wasm memory has now. A wasm memory grows and
 * never shrinks, so this is its high-water mark (for leak checks).
 */
export function wasmMemoryBytes(): number {
  assertInitialized();
  return wasmMemory();
}
