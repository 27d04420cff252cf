import { PeerConnection, liveListenerCount } from "../pkg/dist/index.js";

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
  pc.on("connectionstatechange", (s) => {
    show(`${side}-connection`, s);
    log(`${side}: connectionState ${s}`);
  });
  pc.on("iceconnectionstatechange", (s) => show(`${side}-ice`, s));
  pc.on("signalingstatechange", (s) => show(`${side}-signaling`, s));
}

// Shows a channel's state and logs what it receives; says hello once open.
async function run(channel, side) {
  show(`${side}-channel`, channel.readyState);
  channel.on("close", () => show(`${side}-channel`, "closed"));
  await channel.opened;
  show(`${side}-channel`, "open");
  await channel.send(`hello from ${side.toUpperCase()}`);
  for await (const message of channel) log(`${side}: received "${message}"`);
}

async function connect() {
  // Closing removes every listener the library holds on the old pair.
  session?.a.close();
  session?.b.close();
  logBox.textContent = "";
  const a = new PeerConnection({});
  const b = new PeerConnection({});
  session = { a, b };
  watch(a, "a");
  watch(b, "b");
  a.on("icecandidate", (c) => b.addIceCandidate(c).catch((e) => log(`b: addIceCandidate: ${e}`)));
  b.on("icecandidate", (c) => a.addIceCandidate(c).catch((e) => log(`a: addIceCandidate: ${e}`)));
  b.on("datachannel", (channel) => run(channel, "b").catch((e) => log(`b: error: ${e}`)));
  for (const side of ["a", "b"]) {
    for (const row of ["connection", "ice", "signaling"]) show(`${side}-${row}`, "new");
  }
  show("a-signaling", a.signalingState);
  show("b-signaling", b.signalingState);

  const channel = a.createDataChannel("demo");
  run(channel, "a").catch((e) => log(`a: error: ${e}`));

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
