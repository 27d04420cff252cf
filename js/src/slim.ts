// The entry for apps that load the wasm module themselves: call
// `await init(url | response | bytes | module)` (or `initSync`) before
// using the classes.
export { init, initSync, type InitInput, type WasmModule } from "./init.js";
export * from "./api/index.js";
