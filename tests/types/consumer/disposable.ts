// Compiled only where the lib has `esnext.disposable`: the classes are
// `Disposable`, so `using` closes them at the end of the scope.
import { PeerConnection, PerfectNegotiation, type SignalingTransport } from "webrtc-wasm";

export function scoped(transport: SignalingTransport): void {
  using pc = new PeerConnection();
  using channel = pc.createDataChannel("scoped");
  using negotiation = PerfectNegotiation.start(pc, transport, { polite: true });
  const disposables: Disposable[] = [pc, channel, negotiation];
  pc[Symbol.dispose]();
  channel[Symbol.dispose]();
  negotiation[Symbol.dispose]();
  void disposables;
}
