// The demo, on the public npm API only. Three ways to connect:
//   (no query)        two peers in this page;
//   ?room=R[&role=polite]  this tab and another tab, over a BroadcastChannel;
//   ?server=R         this browser and another (or another machine), through
//                     the WebSocket rooms of the server that served the page.
// Every way negotiates with the library's perfect negotiation, so the call,
// camera direction and ICE restarts renegotiate on their own.
import { PeerConnection, PerfectNegotiation, liveListenerCount, statsRates } from "../pkg/dist/index.js";
import { call } from "./call.js";
import { charts } from "./charts.js";

const $ = (id) => document.getElementById(id);
const logBox = $("log");
const log = (line) => {
  logBox.textContent += `${new Date().toISOString().slice(11, 23)}  ${line}\n`;
  logBox.scrollTop = logBox.scrollHeight;
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

// The running peers of this page, and which one sends files.
let peers = [];
let filesFrom = null;

const isAbort = (error) => error?.name === "AbortError";
const describePath = (selected) => {
  const relay = selected.relayed ? `, relayed over ${selected.relayProtocol ?? "?"}` : "";
  return `${selected.local.candidateType ?? "?"} over ${selected.protocol ?? "?"}${relay}`;
};

function figures(rates, rtt, count) {
  $("stat-in").textContent = `${((rates.bitrateIn + rates.dataChannelBytesInPerSecond * 8) / 1e6).toFixed(2)} Mbit/s`;
  $("stat-out").textContent = `${((rates.bitrateOut + rates.dataChannelBytesOutPerSecond * 8) / 1e6).toFixed(2)} Mbit/s`;
  $("stat-rtt").textContent = rtt === null ? "not measured" : `${rtt.toFixed(1)} ms`;
  $("stat-loss").textContent = String(rates.packetsLost);
  $("stat-fps").textContent = rates.framesPerSecond.toFixed(1);
  $("stat-count").textContent = String(count);
}

// Reads the connection's stats every second: the selected candidate pair
// (it changes after an ICE restart may pick another), the codecs in use,
// and, for the charted peer, the rates between the last two reports.
async function followStats(pc, side, media, plot, signal) {
  let previous = null;
  let count = 0;
  for await (const report of pc.statsEvery(1000, { signal })) {
    const selected = report.selectedCandidatePair();
    const path = selected === null ? "-" : describePath(selected);
    if ($(`${side}-path`).textContent !== path) show(`${side}-path`, path);
    media.codecs(report);
    if (plot !== null && previous !== null) {
      const rates = statsRates(previous, report);
      const rtt = selected?.roundTripTime == null ? null : selected.roundTripTime * 1000;
      plot.add(rates, rtt);
      figures(rates, rtt, ++count);
    }
    previous = report;
  }
}

// One peer of this page: its states in the table, each ICE restart (a new
// local ICE username fragment once signaling is stable again, whichever side
// started it), its call, its stats. `close()` ends all of it.
function peer(side, pc, negotiation, { chart }) {
  const abort = new AbortController();
  pc.on("connectionstatechange", (s) => {
    show(`${side}-connection`, s);
    log(`${side}: connectionState ${s}`);
  });
  pc.on("iceconnectionstatechange", (s) => show(`${side}-ice`, s));
  let ufrag = null;
  let restarts = 0;
  pc.on("signalingstatechange", (s) => {
    show(`${side}-signaling`, s);
    if (s !== "stable") return;
    const now = /a=ice-ufrag:(\S+)/.exec(pc.localDescription?.sdp ?? "")?.[1] ?? null;
    if (ufrag !== null && now !== null && now !== ufrag) {
      restarts++;
      show(`${side}-restarts`, String(restarts));
      log(`${side}: ICE restarted (${restarts}), new ufrag ${now}`);
    }
    ufrag = now ?? ufrag;
  });
  negotiation.on("icerestart", ({ attempt }) => log(`${side}: the connection failed; restarting ICE (attempt ${attempt})`));
  negotiation.on("icerestartgaveup", () => log(`${side}: ICE restarts gave up`));
  negotiation.on("badsignal", (error) => log(`${side}: a bad signal was dropped: ${error.message}`));
  negotiation.on("error", (error) => log(`${side}: negotiation: ${error}`));
  for (const row of ["connection", "ice", "signaling", "channel", "path"]) show(`${side}-${row}`, "-");
  show(`${side}-connection`, pc.connectionState);
  show(`${side}-signaling`, pc.signalingState);
  show(`${side}-restarts`, "0");
  const media = call(pc, side, log);
  const plot = chart ? charts($("charts")) : null;
  followStats(pc, side, media, plot, abort.signal).catch((error) => {
    if (!isAbort(error)) log(`${side}: stats: ${error}`);
  });
  return {
    side,
    pc,
    close() {
      abort.abort();
      media.stop();
      plot?.clear();
      // Closing stops the negotiation and removes every listener the
      // library holds on the connection.
      pc.close();
    },
  };
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
  cancel.setAttribute("aria-label", `Cancel ${name}`);
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

// Sends `file`, with a progress bar and a cancel button. A generated file
// carries its SHA-256 in the metadata, for the receiver to show that what
// arrived is what was made (the library checks every file's hash on its
// own; this makes it visible).
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

// Takes every file offered to `pc`: accepts it, shows its progress, and
// gives a download link once its SHA-256 has been checked.
async function receiveFiles(pc) {
  for await (const incoming of pc.incomingFiles()) {
    const { name, size, type } = incoming.info;
    const view = transferRow("received", name, size);
    const abort = new AbortController();
    view.cancel.onclick = () => abort.abort(new DOMException("cancelled by the receiver", "AbortError"));
    (async () => {
      let last = null;
      // What arrived so far, as a Blob the browser keeps (and spills to
      // disk when large), plus the chunks since the last fold: the file
      // never sits whole in the page's memory.
      let blob = new Blob([], { type });
      let batch = [];
      let batchBytes = 0;
      const fold = () => {
        blob = new Blob([blob, ...batch], { type });
        batch = [];
        batchBytes = 0;
      };
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
        batch.push(value);
        batchBytes += value.byteLength;
        if (batchBytes >= 8 * 2 ** 20) fold();
      }
      fold();
      // The library has checked the SHA-256 of every file already; for a
      // generated file (made in memory by the sender) the page shows it.
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

function reset() {
  for (const p of peers) p.close();
  peers = [];
  filesFrom = null;
  logBox.textContent = "";
  for (const id of ["a-messages", "b-messages", "sent", "received"]) $(id).textContent = "";
  for (const id of ["stat-in", "stat-out", "stat-rtt", "stat-loss", "stat-fps"]) $(id).textContent = "-";
  $("stat-count").textContent = "0";
}

// Two ends of a signaling path inside this page.
function inPageTransports() {
  const deliver = [null, null];
  const end = (mine, theirs) => ({
    send: (signal) => queueMicrotask(() => deliver[theirs]?.(signal)),
    subscribe: (callback) => {
      deliver[mine] = callback;
      return () => {
        deliver[mine] = null;
      };
    },
  });
  return [end(0, 1), end(1, 0)];
}

async function loopback() {
  reset();
  const a = new PeerConnection({});
  const b = new PeerConnection({});
  const [toB, toA] = inPageTransports();
  peers = [
    peer("a", a, a.negotiate(toB, { polite: false }), { chart: true }),
    peer("b", b, b.negotiate(toA, { polite: true }), { chart: false }),
  ];
  filesFrom = a;
  // File transfers come as channels of their own; the chat is "chat".
  b.on("datachannel", (channel) => {
    if (channel.label === "chat") chat(channel, "b").catch((e) => log(`b: chat: ${e}`));
  });
  receiveFiles(b).catch((e) => log(`b: files: ${e}`));
  // The impolite side opens the chat, which makes the first offer.
  chat(a.createDataChannel("chat"), "a").catch((e) => log(`a: chat: ${e}`));
  await Promise.all([a.connected(), b.connected()]);
  log(`connected; live listeners: ${liveListenerCount()}`);
}

// This page as one of two parties; the other is elsewhere (`where`). The
// impolite one (A) opens the chat when `openChat()` is called.
function party(polite, where, negotiate) {
  reset();
  const side = polite ? "b" : "a";
  const other = polite ? "a" : "b";
  const pc = new PeerConnection({});
  peers = [peer(side, pc, negotiate(pc), { chart: true })];
  filesFrom = pc;
  for (const row of ["connection", "ice", "signaling", "channel", "path", "restarts"]) show(`${other}-${row}`, where);
  $(`${other}-call`).hidden = true;
  $(`${other}-chat`).hidden = true;
  $(`${other}-messages`).append(element("li", `This peer is in ${where}.`));
  pc.on("datachannel", (channel) => {
    if (channel.label === "chat") chat(channel, side).catch((e) => log(`${side}: chat: ${e}`));
  });
  receiveFiles(pc).catch((e) => log(`${side}: files: ${e}`));
  pc.connected().then(
    () => log(`connected; live listeners: ${liveListenerCount()}`),
    (error) => log(`${side}: not connected: ${error.message}`),
  );
  return {
    openChat: () => chat(pc.createDataChannel("chat"), side).catch((e) => log(`${side}: chat: ${e}`)),
  };
}

// Two tabs of this browser, with no server: this tab is one peer, the
// other tab the other, negotiating over a BroadcastChannel. Peer A (the
// impolite side) opens the chat once peer B says it is there, so that the
// first offer is not sent before anyone listens.
function tabs(room, polite) {
  const presence = new BroadcastChannel(`webrtc-wasm-demo/${room}/presence`);
  const me = party(polite, "the other tab", (pc) =>
    PerfectNegotiation.overBroadcastChannel(pc, `webrtc-wasm-demo/${room}`, { polite }),
  );
  if (polite) {
    presence.onmessage = (event) => {
      if (event.data === "hello") presence.postMessage("join");
    };
    presence.postMessage("join");
  } else {
    let opened = false;
    presence.onmessage = (event) => {
      if (event.data !== "join" || opened) return;
      opened = true;
      me.openChat();
    };
    presence.postMessage("hello");
  }
  log(`room ${room}: this tab is peer ${polite ? "B" : "A"}`);
}

// Two browsers through the server's WebSocket room: the server says which
// role this page has and when the other peer comes and goes; everything
// else on the socket is a signal for the negotiation. A session starts each
// time both are there.
function server(room) {
  const url = new URL(`/signal/${encodeURIComponent(room)}`, location.href);
  url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(url);
  let deliver = null;
  let polite = null;
  const transport = {
    send: (signal) => socket.send(JSON.stringify(signal)),
    subscribe: (callback) => {
      deliver = callback;
      return () => {
        if (deliver === callback) deliver = null;
      };
    },
  };
  const onRoom = ({ polite: role, peers: count, left }) => {
    if (typeof role === "boolean") {
      polite = role;
      log(`room ${room}: this browser is peer ${polite ? "B" : "A"}`);
    }
    if (count === 2) {
      const me = party(polite, "the other browser", (pc) => pc.negotiate(transport, { polite }));
      log(`room ${room}: the other peer is here`);
      if (!polite) me.openChat();
    } else if (left) {
      reset();
      log(`room ${room}: the other peer left; waiting for it to come back`);
    } else {
      log(`room ${room}: waiting for the other peer; open this page's address in another browser`);
    }
  };
  socket.onmessage = (event) => {
    let message = null;
    try {
      message = JSON.parse(event.data);
    } catch {
      // Not JSON: the negotiation reports it as a bad signal.
    }
    if (message !== null && typeof message === "object" && "room" in message) onRoom(message.room);
    else deliver?.(event.data);
  };
  socket.onclose = (event) => {
    log(`the signaling server closed the socket: ${event.code} ${event.reason}`);
    $("mode").textContent = `Not connected to the signaling server (${event.reason || `code ${event.code}`}).`;
  };
}

const sendAll = (files) => {
  for (const file of files) sendFile(filesFrom, file).catch((e) => log(`file: ${e}`));
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
drop.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" && event.key !== " ") return;
  event.preventDefault();
  $("file-input").click();
});
$("generate").addEventListener("submit", (event) => {
  event.preventDefault();
  const file = generated(Number($("generate-size").value));
  file
    .arrayBuffer()
    .then((bytes) => crypto.subtle.digest("SHA-256", bytes))
    .then((digest) => sendFile(filesFrom, file, hex(digest)))
    .catch((e) => log(`file: ${e}`));
});
$("restart-ice").addEventListener("click", () => {
  const first = peers[0];
  if (first === undefined) return;
  log(`${first.side}: restarting ICE`);
  first.pc.restartIce();
});
$("two-tabs").addEventListener("click", () => {
  const name = crypto.randomUUID().slice(0, 8);
  window.open(`?room=${name}&role=polite`, "_blank");
  location.search = `?room=${name}`;
});
$("server").addEventListener("click", () => {
  location.search = `?server=${crypto.randomUUID().slice(0, 8)}`;
});
$("sfu").addEventListener("click", () => {
  location.search = `?sfu=${crypto.randomUUID().slice(0, 8)}&n=4`;
});

const params = new URLSearchParams(location.search);
if (params.has("sfu")) {
  const name = params.get("sfu");
  const count = Math.min(Math.max(Number(params.get("n") ?? 4) || 4, 1), 8);
  document.querySelector("main").hidden = true;
  $("restart").hidden = true;
  $("room-section").hidden = false;
  $("mode").textContent = `Room ${name} through Janus, ${count} participant(s) in this page: open `;
  const link = new URL(location.href);
  link.searchParams.set("n", "1");
  $("mode").append(element("span", link.href, "share"), " in other tabs or browsers to join.");
  const roomLog = $("room-log");
  const say = (line) => {
    roomLog.textContent += `${new Date().toISOString().slice(11, 23)}  ${line}\n`;
    roomLog.scrollTop = roomLog.scrollHeight;
  };
  import("./room.js")
    .then(({ room }) => room({ name, count, container: $("participants"), log: say }))
    .then((joined) => {
      window.__room = joined;
      say(`${count} participant(s) joined`);
    })
    .catch((error) => say(`error: ${error}`));
} else if (params.has("server")) {
  const room = params.get("server");
  $("restart").hidden = true;
  $("mode").textContent = "Room ";
  $("mode").append(element("strong", room), ": open ", element("span", location.href, "share"), " in another browser or on another machine.");
  $("files-title").textContent = "Files, both ways";
  server(room);
} else if (params.has("room")) {
  const room = params.get("room");
  $("restart").hidden = true;
  $("mode").textContent = `Room ${room}: this tab and another tab of this browser, negotiating over a BroadcastChannel (no server).`;
  $("files-title").textContent = "Files, both ways";
  tabs(room, params.get("role") === "polite");
} else {
  $("restart").addEventListener("click", () => {
    loopback().catch((error) => log(`error: ${error}`));
  });
  loopback().catch((error) => log(`error: ${error}`));
}
