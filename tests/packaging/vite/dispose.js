// `[Symbol.dispose]` survives the production build's tree shaking when the
// classes are imported by name (the methods are installed at run time, so a
// bundler that drops the installing module drops them too).
import { DataChannel, PeerConnection, PerfectNegotiation } from "webrtc-wasm";

export function checkDispose() {
  const classes = { PeerConnection, DataChannel, PerfectNegotiation };
  if (typeof Symbol.dispose !== "symbol") {
    for (const [name, cls] of Object.entries(classes)) {
      if (cls.prototype[Symbol.dispose] !== undefined) throw new Error(`${name} has [Symbol.dispose] without Symbol.dispose`);
    }
    return "no [Symbol.dispose] where the runtime lacks Symbol.dispose";
  }
  for (const [name, cls] of Object.entries(classes)) {
    if (typeof cls.prototype[Symbol.dispose] !== "function") {
      throw new Error(`${name}.prototype[Symbol.dispose] is ${typeof cls.prototype[Symbol.dispose]} after tree shaking`);
    }
  }
  const pc = new PeerConnection();
  pc[Symbol.dispose]();
  if (pc.connectionState !== "closed") throw new Error(`[Symbol.dispose]() left the connection ${pc.connectionState}`);
  return "[Symbol.dispose] kept with named imports";
}
