// The default entry: loads the wasm module itself (top-level await) from
// the package's own file, so that importing it is all an app needs.
import { init } from "./init.js";

await init(new URL("./webrtc_wasm_bg.wasm", import.meta.url));

export * from "./api/index.js";
