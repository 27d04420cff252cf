// Relays the page's WebSocket at ws://HOST/janus to Janus's WebSocket
// transport, so that the demo's multi-party room reaches Janus through the
// server that served the page (one origin; Janus itself listens on
// 127.0.0.1 only). Frames pass unchanged both ways; either side closing
// closes the other.
//
// `npm start` attaches it to the webpack dev server and the end-to-end test
// to the server of the built demo. WEBRTC_WASM_JANUS_URL overrides where
// Janus is (default: the test Janus of scripts/janus.sh).
import { WebSocket, WebSocketServer } from "ws";

const PATH = "/janus";
const PROTOCOL = "janus-protocol";
// Janus's messages carry SDP: a few KB, far under this.
const MAX_FRAME = 256 * 1024;
// Frames the page sends before Janus's socket is open.
const MAX_EARLY = 64;

export function attachJanus(server, target = process.env.WEBRTC_WASM_JANUS_URL ?? `ws://127.0.0.1:${process.env.WEBRTC_WASM_JANUS_WS_PORT ?? 34782}`) {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME,
    handleProtocols: (protocols) => (protocols.has(PROTOCOL) ? PROTOCOL : false),
  });
  const onUpgrade = (req, socket, head) => {
    if (new URL(req.url, "http://x").pathname !== PATH) return;
    wss.handleUpgrade(req, socket, head, relay);
  };
  server.on("upgrade", onUpgrade);

  function relay(page) {
    const janus = new WebSocket(target, PROTOCOL, { maxPayload: MAX_FRAME });
    const early = [];
    const close = () => {
      page.close();
      janus.close();
    };
    page.on("message", (data, binary) => {
      if (janus.readyState === WebSocket.OPEN) janus.send(data, { binary });
      else if (early.length < MAX_EARLY) early.push([data, binary]);
      else page.close(1008, "too many frames before Janus answered");
    });
    janus.on("open", () => {
      for (const [data, binary] of early.splice(0)) janus.send(data, { binary });
    });
    janus.on("message", (data, binary) => page.send(data, { binary }));
    page.on("close", close);
    janus.on("close", close);
    // A refused connection or a protocol error: both sides close.
    page.on("error", close);
    janus.on("error", (error) => {
      console.error(`[janus proxy] ${target}: ${error.message}`);
      page.close(1011, "Janus is not reachable");
    });
  }

  return () => {
    server.off("upgrade", onUpgrade);
    for (const client of wss.clients) client.terminate();
    wss.close();
  };
}
