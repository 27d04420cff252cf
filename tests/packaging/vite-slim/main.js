import * as api from "webrtc-wasm/slim";
import wasmUrl from "webrtc-wasm/webrtc_wasm_bg.wasm?url";
import { beforeInit, run } from "./loopback.js";

run(api, [
  beforeInit(api),
  async () => {
    await api.init(wasmUrl);
    return "init(url)";
  },
]);
