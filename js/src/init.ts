// Loading the wasm module. Both entries go through this module, so an app
// that imports both (or imports one twice) instantiates the wasm once.
import initWasm, { initSync as initWasmSync } from "../wasm/webrtc_wasm.js";

/**
 * A compiled `WebAssembly.Module`. (The DOM lib declares `WebAssembly.Module`
 * as an empty interface, which a number or a string would satisfy;
 * `& object` keeps primitives out.)
 */
export type WasmModule = WebAssembly.Module & object;

/** Where `init()` gets the wasm from: its URL, a `fetch` response, its bytes or a compiled module. */
export type InitInput = URL | string | Request | Response | BufferSource | WasmModule;

let ready = false;

/**
 * Loads and instantiates the wasm module. Without an argument it fetches
 * `webrtc_wasm_bg.wasm` next to the package's glue module. Calling it again
 * (or after `initSync`) does nothing.
 */
export async function init(input?: InitInput | Promise<InitInput>): Promise<void> {
  if (ready) return;
  await initWasm(input === undefined ? undefined : { module_or_path: await input });
  ready = true;
}

/** Instantiates the wasm module synchronously from its bytes or a compiled module. */
export function initSync(input: BufferSource | WasmModule): void {
  if (ready) return;
  initWasmSync({ module: input });
  ready = true;
}

/** @internal Throws unless the wasm module is ready: the classes call it before they touch the wasm. */
export function assertInitialized(): void {
  if (!ready) {
    throw new Error(
      "webrtc-wasm is not initialised: await init() from \"webrtc-wasm/slim\" before using its classes (the default entry \"webrtc-wasm\" initialises itself)",
    );
  }
}
