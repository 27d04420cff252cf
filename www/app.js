import { PeerConnection, PerfectNegotiation, liveListenerCount } from "../pkg/dist/index.js";

const $ = (id) => document.getElementById(id);
const logBox = $("log");
const log = (line) => {
  logBox.textContent += `${new Date().toISOString().slice(11, 23)}  ${line}\n`;
};

function show(id, value) {
  const cell = $(id);
  cell.textContent = value;
  cell.className = value;
}

// Makes an element with text content only: nothing a peer sends is ever
// parsed as HTML.
function element(tag, text = "", className = "") {
  const node = document.createElement(tag);
  node.textContent = text;
  if (className) node.className = className;
  return node;
}

let session = null;

// Shows the pair of candidates the connection uses, once it has one: the
// local candidate's type (host, srflx, relay) and the protocol.
async function showPath(pc, side) {
  for (let tries = 0; tries < 50; tries++) {
    const selected = (await pc.getStats()).selectedCandidatePair();
    if (selected !== null) {
      const relay = selected.relayed ? `, relayed over ${selected.relayProtocol ?? "?"}` : "";
      show(`${side}-path`, `${selected.local.candidateType ?? "?"} over ${selected.protocol ?? "?"}${relay}`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  show(`${side}-path`, "none reported");
}

function watch(pc, side) {
  pc.on("connectionstatechange", (s) => {
    show(`${side}-connection`, s);
    log(`${side}: connectionState ${s}`);
  });
  pc.on("iceconnectionstatechange", (s) => show(`${side}-ice`, s));
  pc.on("signalingstatechange", (s) => show(`${side}-signaling`, s));
}

// One side of the chat: shows the channel's state, sends what is typed,
// lists what arrives (as text).
async function chat(channel, side) {
  const list = $(`${side}-messages`);
  const add = (text, mine) => {
    list.append(element("li", `${mine ? "me" : "them"}: ${text}`, mine ? "mine" : ""));
    list.scrollTop = list.scrollHeight;
  };
  show(`${side}-channel`, channel.readyState);
  channel.on("close", () => show(`${side}-channel`, "closed"));
  const form = $(`${side}-chat`);
  const input = $(`${side}-chat-input`);
  form.onsubmit = (event) => {
    event.preventDefault();
    const text = input.value;
    if (text === "" || channel.readyState !== "open") return;
    channel
      .send(text)
      .then(() => {
        add(text, true);
        input.value = "";
      })
      .catch((e) => log(`${side}: send: ${e}`));
  };
  await channel.opened;
  show(`${side}-channel`, "open");
  await channel.send(`hello from ${side.toUpperCase()}`);
  for await (const message of channel) {
    const text = typeof message === "string" ? message : `(${message.byteLength} bytes)`;
    add(text, false);
    log(`${side}: received ${JSON.stringify(text)}`);
  }
}

const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
const mbps = (progress) => `${(progress.bytesPerSecond / 1e6).toFixed(1)} MB/s`;

// A transfer's row: name, progress bar, rate, a cancel button.
function transferRow(listId, name, total) {
  const row = element("li");
  const title = element("div", name || "(unnamed)");
  const bar = element("progress");
  bar.max = total ?? 1;
  bar.value = 0;
  bar.setAttribute("aria-label", `Progress of ${name}`);
  const status = element("div", "waiting", "status");
  const cancel = element("button", "Cancel");
  cancel.type = "button";
  row.append(title, bar, status, cancel);
  $(listId).prepend(row);
  const progress = (p) => {
    if (p.total !== null) bar.max = p.total;
    bar.value = p.bytes;
    status.textContent = `${(p.bytes / 2 ** 20).toFixed(1)} MiB, ${mbps(p)}`;
  };
  const finish = (text, className) => {
    status.textContent = text;
    status.className = `status ${className}`;
    cancel.remove();
  };
  return { row, cancel, progress, finish, status };
}

// Sends `file` from A, with a progress bar and a cancel button. A
// generated file carries its SHA-256 in the metadata, for the receiver to
// show that what arrived is what was made (the library checks every file's
// hash on its own; this makes it visible).
async function sendFile(pc, file, sha256 = null) {
  const view = transferRow("sent", file.name, file.size);
  const abort = new AbortController();
  view.cancel.onclick = () => abort.abort(new DOMException("cancelled by the sender", "AbortError"));
  if (sha256) view.row.dataset.sha256 = sha256;
  try {
    let last = null;
    await pc.sendFile(file, {
      signal: abort.signal,
      metadata: sha256 ? { sha256 } : null,
      onProgress: (p) => {
        last = p;
        view.progress(p);
      },
    });
    view.finish(`sent, ${last ? mbps(last) : ""}`, "done");
  } catch (error) {
    view.finish(`${error.name}: ${error.message}`, "error");
  }
}

// Takes every file B is offered: accepts it, shows its progress, and
// gives a download link once its SHA-256 has been checked.
async function receiveFiles(pc) {
  for await (const incoming of pc.incomingFiles()) {
    const { name, size, type } = incoming.info;
    const view = transferRow("received", name, size);
    const abort = new AbortController();
    view.cancel.onclick = () => abort.abort(new DOMException("cancelled by the receiver", "AbortError"));
    (async () => {
      let last = null;
      const parts = [];
      const reader = incoming
        .accept({
          signal: abort.signal,
          onProgress: (p) => {
            last = p;
            view.progress(p);
          },
        })
        .getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
      }
      const blob = new Blob(parts, { type });
      const expected = incoming.info.metadata?.sha256;
      if (typeof expected === "string") {
        const actual = hex(await crypto.subtle.digest("SHA-256", await blob.arrayBuffer()));
        view.row.dataset.sha256 = actual;
        view.row.append(element("div", actual === expected ? "SHA-256 matches the sender's" : "SHA-256 differs", "sha"));
      }
      const link = element("a", `Download ${name || "file"}`);
      link.href = URL.createObjectURL(blob);
      link.download = name || "file";
      view.row.append(link);
      view.finish(`received, ${last ? mbps(last) : ""}`, "done");
    })().catch((error) => view.finish(`${error.name}: ${error.message}`, "error"));
  }
}

// A file of `mib` MiB of pseudo-random bytes (the same for the same size).
function generated(mib) {
  const bytes = new Uint8Array(mib * 2 ** 20);
  let x = 0x9e3779b9 ^ mib;
  for (let i = 0; i < bytes.length; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x;
    bytes[i + 1] = x >>> 8;
    bytes[i + 2] = x >>> 16;
    bytes[i + 3] = x >>> 24;
  }
  return new File([bytes], `generated-${mib}MiB.bin`, { type: "application/octet-stream" });
}

async function connect() {
  // Closing removes every listener the library holds on the old pair.
  session?.a.close();
  session?.b.close();
  logBox.textContent = "";
  for (const id of ["a-messages", "b-messages", "sent", "received"]) $(id).textContent = "";
  const a = new PeerConnection({});
  const b = new PeerConnection({});
  session = { a, b };
  watch(a, "a");
  watch(b, "b");
  a.on("icecandidate", (c) => b.addIceCandidate(c).catch((e) => log(`b: addIceCandidate: ${e}`)));
  b.on("icecandidate", (c) => a.addIceCandidate(c).catch((e) => log(`a: addIceCandidate: ${e}`)));
  // File transfers come as channels of their own; the chat is "chat".
  b.on("datachannel", (channel) => {
    if (channel.label === "chat") chat(channel, "b").catch((e) => log(`b: error: ${e}`));
  });
  receiveFiles(b).catch((e) => log(`b: files: ${e}`));
  for (const side of ["a", "b"]) {
    for (const row of ["connection", "ice", "signaling"]) show(`${side}-${row}`, "new");
    show(`${side}-path`, "-");
  }
  show("a-signaling", a.signalingState);
  show("b-signaling", b.signalingState);

  const channel = a.createDataChannel("chat");
  chat(channel, "a").catch((e) => log(`a: error: ${e}`));

  await b.setRemoteDescription(await a.setLocalDescription());
  await a.setRemoteDescription(await b.setLocalDescription());
  log("offer/answer exchanged");
  await Promise.all([a.connected(), b.connected()]);
  log(`connected; live listeners: ${liveListenerCount()}`);
  await Promise.all([showPath(a, "a"), showPath(b, "b")]);
}

// Two tabs of this browser, with no server: this tab is one peer, the
// other tab the other, negotiating over a BroadcastChannel. Peer A (the
// impolite side) opens the chat once peer B says it is there, so that the
// first offer is not sent before anyone listens.
async function connectTabs(room, polite) {
  const side = polite ? "b" : "a";
  const other = polite ? "a" : "b";
  const pc = new PeerConnection({});
  const negotiation = PerfectNegotiation.overBroadcastChannel(pc, `webrtc-wasm-demo/${room}`, { polite });
  negotiation.on("icerestart", ({ attempt }) => log(`${side}: ICE restart ${attempt}`));
  const presence = new BroadcastChannel(`webrtc-wasm-demo/${room}/presence`);
  session = { a: polite ? null : pc, b: polite ? pc : null };
  watch(pc, side);
  for (const row of ["connection", "ice", "signaling", "channel", "path"]) show(`${other}-${row}`, "other tab");
  for (const id of [`${other}-chat-input`, `${other}-chat`]) $(id).hidden = true;
  $(`${other}-messages`).append(element("li", "This peer is in the other tab."));
  if (polite) {
    for (const id of ["drop", "generate"]) $(id).hidden = true;
    $("file-input").closest("label").hidden = true;
    pc.on("datachannel", (channel) => {
      if (channel.label === "chat") chat(channel, "b").catch((e) => log(`b: error: ${e}`));
    });
    receiveFiles(pc).catch((e) => log(`b: files: ${e}`));
    presence.onmessage = (event) => {
      if (event.data === "hello") presence.postMessage("join");
    };
    presence.postMessage("join");
  } else {
    let opened = false;
    presence.onmessage = (event) => {
      if (event.data !== "join" || opened) return;
      opened = true;
      chat(pc.createDataChannel("chat"), "a").catch((e) => log(`a: error: ${e}`));
    };
    presence.postMessage("hello");
  }
  log(`room ${room}: this tab is peer ${side.toUpperCase()}`);
  await pc.connected();
  log(`connected; live listeners: ${liveListenerCount()}`);
  await showPath(pc, side);
}

const sendAll = (files) => {
  for (const file of files) sendFile(session.a, file).catch((e) => log(`a: file: ${e}`));
};
$("file-input").addEventListener("change", (event) => {
  sendAll(event.target.files);
  event.target.value = "";
});
const drop = $("drop");
drop.addEventListener("dragover", (event) => {
  event.preventDefault();
  drop.classList.add("over");
});
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (event) => {
  event.preventDefault();
  drop.classList.remove("over");
  sendAll(event.dataTransfer.files);
});
$("generate").addEventListener("submit", (event) => {
  event.preventDefault();
  const file = generated(Number($("generate-size").value));
  file
    .arrayBuffer()
    .then((bytes) => crypto.subtle.digest("SHA-256", bytes))
    .then((digest) => sendFile(session.a, file, hex(digest)))
    .catch((e) => log(`a: file: ${e}`));
});
const params = new URLSearchParams(location.search);
const room = params.get("room");
$("two-tabs").addEventListener("click", () => {
  const name = crypto.randomUUID().slice(0, 8);
  window.open(`?room=${name}&role=polite`, "_blank");
  location.search = `?room=${name}`;
});
if (room === null) {
  $("restart").addEventListener("click", () => {
    connect().catch((error) => log(`error: ${error}`));
  });
  connect().catch((error) => log(`error: ${error}`));
} else {
  $("restart").hidden = true;
  $("mode").textContent = `Room ${room}: this tab and another tab of this browser, negotiating over a BroadcastChannel (no server).`;
  connectTabs(room, params.get("role") === "polite").catch((error) => log(`error: ${error}`));
}
