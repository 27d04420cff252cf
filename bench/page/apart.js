// The "apart" file-transfer case: the sender in this page, the receiver in
// an iframe of another site (peer.js at 127.0.0.2), which Chromium and
// Firefox run in a process of its own. Each end then hashes (the package)
// or counts (raw) on its own main thread, as two machines would, where the
// one-page case has both ends share one thread. The connection is set up
// without trickle; the clock runs from the first byte given to the sender
// to the receiver's word that it has everything, back over the connection.

import { gathered, LOW_WATERMARK, once, sendBlobOn } from "./raw.js";

let loaded;
const load = () => (loaded ??= import("./npm/dist/index.js"));

let peer;
let nextId = 0;
const pending = new Map();

// The iframe, loaded once.
function frame() {
  peer ??= new Promise((resolve, reject) => {
    const origin = `http://127.0.0.2:${location.port}`;
    const iframe = document.createElement("iframe");
    iframe.src = `${origin}/peer.html`;
    iframe.hidden = true;
    const timer = setTimeout(() => reject(new Error(`${origin}/peer.html did not load`)), 10_000);
    window.addEventListener("message", (event) => {
      if (event.origin !== origin) return;
      if (event.data.ready) {
        clearTimeout(timer);
        resolve({ window: iframe.contentWindow, origin });
        return;
      }
      const call = pending.get(event.data.id);
      pending.delete(event.data.id);
      if ("error" in event.data) call?.reject(new Error(`peer: ${event.data.error}`));
      else call?.resolve(event.data.result);
    });
    document.body.append(iframe);
  });
  return peer;
}

async function call(op, args = {}) {
  const { window: target, origin } = await frame();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    target.postMessage({ id, op, ...args }, origin);
  });
}

/**
 * Whether the iframe runs on another thread: its 10 ms timer keeps ticking
 * while this page's thread is kept busy for 300 ms.
 */
export async function separate() {
  const before = await call("ticks");
  const until = performance.now() + 300;
  while (performance.now() < until);
  const after = await call("ticks");
  return after - before >= 20;
}

/** `blob` through the package's `sendFile` to the iframe; milliseconds. */
export async function oursSendBlob(blob) {
  const { PeerConnection } = await load();
  const a = new PeerConnection();
  try {
    const control = a.createDataChannel("bench");
    await a.setLocalDescription();
    await a.iceGatheringComplete();
    const answer = await call("answer", { mode: "ours", offer: a.localDescription });
    await a.setRemoteDescription(answer);
    await Promise.all([a.connected(), control.opened]);
    const start = performance.now();
    await a.sendFile(blob);
    return performance.now() - start;
  } finally {
    a.close();
    await call("close");
  }
}

/** `blob` through the raw `blob.stream()` + `bufferedamountlow` loop to the iframe; milliseconds. */
export async function rawSendBlob(blob) {
  const a = new RTCPeerConnection();
  try {
    const channel = a.createDataChannel("bench");
    channel.binaryType = "arraybuffer";
    channel.bufferedAmountLowThreshold = LOW_WATERMARK;
    await a.setLocalDescription(await a.createOffer());
    await gathered(a);
    const answer = await call("answer", { mode: "raw", offer: a.localDescription.toJSON(), total: blob.size });
    await a.setRemoteDescription(answer);
    if (channel.readyState !== "open") await once(channel, "open");
    const done = once(channel, "message");
    const start = performance.now();
    await sendBlobOn(channel, a.sctp.maxMessageSize, blob);
    await done;
    return performance.now() - start;
  } finally {
    a.close();
    await call("close");
  }
}
