import * as api from "webrtc-wasm";
import * as slim from "webrtc-wasm/slim";
import { run } from "./loopback.js";

run(api, [
  async () => {
    // Both entries share one wasm instance and the same classes.
    if (slim.PeerConnection !== api.PeerConnection) throw new Error("the entries export different classes");
    await slim.init();
    return "one instance for both entries";
  },
]);
