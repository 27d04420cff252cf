// Named imports only, as apps usually write them, so that the production
// build keeps only what they reach (a namespace import keeps everything).
import {
  ClosedError,
  ConnectionFailedError,
  DataChannel,
  DecodeError,
  FullError,
  MessageTooLargeError,
  NoLocalCandidatesError,
  PeerConnection,
  ReceiveBufferFullError,
  WebRtcError,
} from "webrtc-wasm";
import { init, PeerConnection as SlimPeerConnection } from "webrtc-wasm/slim";
import { checkDispose } from "./dispose.js";
import { run } from "./loopback.js";

const api = {
  ClosedError,
  ConnectionFailedError,
  DataChannel,
  DecodeError,
  FullError,
  MessageTooLargeError,
  NoLocalCandidatesError,
  PeerConnection,
  ReceiveBufferFullError,
  WebRtcError,
};

run(api, [
  async () => {
    // Both entries share one wasm instance and the same classes.
    if (SlimPeerConnection !== PeerConnection) throw new Error("the entries export different classes");
    await init();
    return "one instance for both entries";
  },
  checkDispose,
]);
