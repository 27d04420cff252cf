// The receiving peer of the "apart" file-transfer case, loaded by
// apart.js into an iframe of another site (127.0.0.2), which both browsers
// put in a process of its own: the two ends of a transfer then run on two
// main threads, as they do on two machines. It answers the parent page's
// offers (no trickle: the descriptions carry every candidate) and receives
// one transfer per connection, through the npm package or the browser's
// objects directly. The parent's requests are `{ id, op, ... }`; each gets
// `{ id, result }` or `{ id, error }`.
import { gathered } from "./raw.js";

let loaded;
const load = () => (loaded ??= import("./npm/dist/index.js"));
const parent = `http://127.0.0.1:${location.port}`;
let pc = null;
// What went wrong on the package's receiving side of the current
// connection, reported by the `close` that ends it.
let failure = null;
let ticks = 0;
setInterval(() => (ticks += 1), 10);

// The package's side: accept the one file and read its stream to the end
// (the library checks size and content hash, then tells the sender).
async function answerOurs(offer) {
  const { PeerConnection } = await load();
  const b = (pc = new PeerConnection());
  failure = null;
  (async () => {
    for await (const file of b.incomingFiles()) {
      for await (const chunk of file.readable) void chunk;
    }
  })().catch((error) => {
    // The connection's own close ends the loop too: only errors before it count.
    if (pc === b) failure = error;
  });
  await b.setRemoteDescription(offer);
  await b.setLocalDescription();
  await b.iceGatheringComplete();
  return b.localDescription;
}

// The raw side: count the bytes of the parent's channel and say "done" on
// it once `total` have arrived.
async function answerRaw(offer, total) {
  const b = (pc = new RTCPeerConnection());
  b.ondatachannel = ({ channel }) => {
    channel.binaryType = "arraybuffer";
    let bytes = 0;
    channel.onmessage = (e) => {
      bytes += e.data.byteLength;
      if (bytes >= total) channel.send("done");
    };
  };
  await b.setRemoteDescription(offer);
  await b.setLocalDescription(await b.createAnswer());
  await gathered(b);
  return b.localDescription.toJSON();
}

const ops = {
  answer: ({ mode, offer, total }) => (mode === "ours" ? answerOurs(offer) : answerRaw(offer, total)),
  close: () => {
    const failed = failure;
    failure = null;
    pc?.close();
    pc = null;
    if (failed) throw failed;
  },
  ticks: () => ticks,
};

window.addEventListener("message", async (event) => {
  if (event.origin !== parent) return;
  const { id, op, ...args } = event.data;
  try {
    event.source.postMessage({ id, result: await ops[op](args) }, parent);
  } catch (error) {
    event.source.postMessage({ id, error: String(error?.stack ?? error) }, parent);
  }
});
window.parent.postMessage({ ready: true }, parent);
