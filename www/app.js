import { PeerConnection, liveListenerCount } from "../pkg/webrtc_wasm.js";

const logBox = document.getElementById("log");
const log = (line) => {
  logBox.textContent += `${new Date().toISOString().slice(11, 23)}  ${line}\n`;
};

function show(id, value) {
  const cell = document.getElementById(id);
  cell.textContent = value;
  cell.className = value;
}

let session = null;

function watch(pc, side) {
  return [
    pc.onConnectionStateChange((s) => { show(`${side}-connection`, s); log(`${side}: connectionState ${s}`); }),
    pc.onIceConnectionStateChange((s) => show(`${side}-ice`, s)),
    pc.onSignalingStateChange((s) => show(`${side}-signaling`, s)),
  ];
}

function trackChannel(channel, side) {
  show(`${side}-channel`, channel.readyState);
  channel.addEventListener("open", () => show(`${side}-channel`, "open"));
  channel.addEventListener("close", () => show(`${side}-channel`, "closed"));
  channel.addEventListener("message", (event) => log(`${side}: received "${event.data}"`));
}

async function connect() {
  if (session) {
    session.subscriptions.forEach((s) => s.unsubscribe());
    session.a.free();
    session.b.free();
  }
  logBox.textContent = "";
  const a = new PeerConnection({});
  const b = new PeerConnection({});
  const subscriptions = [
    ...watch(a, "a"),
    ...watch(b, "b"),
    a.onIceCandidate((c) => b.addIceCandidate(c).catch((e) => log(`b: addIceCandidate: ${e}`))),
    b.onIceCandidate((c) => a.addIceCandidate(c).catch((e) => log(`a: addIceCandidate: ${e}`))),
    b.onDataChannel((channel) => {
      trackChannel(channel, "b");
      channel.addEventListener("open", () => channel.send("hello from B"));
    }),
  ];
  session = { a, b, subscriptions };
  for (const side of ["a", "b"]) {
    for (const row of ["connection", "ice", "signaling"]) show(`${side}-${row}`, "new");
  }
  show("a-signaling", a.signalingState);
  show("b-signaling", b.signalingState);

  const channel = a.createDataChannel("demo");
  trackChannel(channel, "a");
  channel.addEventListener("open", () => channel.send("hello from A"));

  await b.setRemoteDescription(await a.setLocalDescription());
  await a.setRemoteDescription(await b.setLocalDescription());
  log("offer/answer exchanged");
  await Promise.all([a.connected(), b.connected()]);
  log(`connected; live listeners: ${liveListenerCount()}`);
}

document.getElementById("restart").addEventListener("click", () => {
  connect().catch((error) => log(`error: ${error}`));
});
connect().catch((error) => log(`error: ${error}`));
