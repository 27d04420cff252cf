// End-to-end check of the npm package through the demo: serves the webpack
// build in dist/ with the demo's signaling rooms, opens it in headless
// Chromium and Firefox through their WebDriver servers, and drives it as a
// person would.
//
// In each browser, two peers in one page: they connect and greet each
// other; a chat message carrying markup arrives as text and runs nothing; a
// generated 20 MiB file arrives with the sender's SHA-256; the receiver
// cancels a 64 MiB file and both sides end with an AbortError; an ICE
// restart is shown on both sides and the chat still flows; a call starts
// from each side and video plays both ways, with mute and camera off
// renegotiated; the charts follow the stats; axe-core finds no serious or
// critical violation, on a laptop-sized and a phone-sized window. Then two
// tabs connect over a BroadcastChannel and chat.
//
// Then Chromium and Firefox, two browser processes, meet in a room of the
// signaling server: chat both ways, a 20 MiB file with its SHA-256, video
// both ways, the charts updating on each side.
//
// Screenshots of each scenario go to screenshots/ (ignored by git).
//
// The multi-party room through Janus (the test command starts it): four
// participants in one page, in each browser, each publishing three
// simulcast layers and decoding the other three; then two in Chromium and
// two in Firefox in one room, each seeing the other three.
//
// Usage: node tests/e2e/demo.mjs <dist dir> [rooms|chrome|firefox|across|sfu ...]
// (the scenarios to run; all of them by default)
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";

import { WebSocket } from "ws";

import { browsers, serve, sleep, withBrowser } from "../../scripts/browsers.mjs";
import { attachJanus } from "../../www/janus-proxy.mjs";
import { attachSignaling } from "../../www/signaling-server.mjs";

const dist = resolve(process.argv[2] ?? "dist");
const only = process.argv.slice(3);
const selected = (name) => only.length === 0 || only.includes(name);
const screenshots = resolve(new URL("../../screenshots", import.meta.url).pathname);
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const TIMEOUT_MS = 60_000;
const XSS = `<img src=x onerror="window.__xss = true; alert(1)">`;

// Polls `script` until `done(value)` holds.
async function waitFor(page, what, script, done) {
  const deadline = Date.now() + TIMEOUT_MS;
  let value;
  while (Date.now() < deadline) {
    value = await page.run(script);
    if (done(value)) return value;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value, null, 2)}`);
}

function shoot(page, name) {
  mkdirSync(screenshots, { recursive: true });
  return page.screenshot().then((png) => writeFileSync(resolve(screenshots, `${name}.png`), png));
}

const say = (side, text) => `
  const input = document.getElementById("${side}-chat-input");
  input.value = ${JSON.stringify(text)};
  document.getElementById("${side}-chat").requestSubmit();`;

async function noDialog(page) {
  const dialogs = await page.dialogs();
  if (dialogs.length > 0) throw new Error(`the page opened a dialog: ${JSON.stringify(dialogs)}`);
}

const click = (id) => `document.getElementById("${id}").click();`;

const messages = `return {
  a: [...document.querySelectorAll("#a-messages li")].map((li) => li.textContent),
  b: [...document.querySelectorAll("#b-messages li")].map((li) => li.textContent),
  markup: document.querySelectorAll("#a-messages *:not(li), #b-messages *:not(li)").length,
  xss: window.__xss === true,
};`;

const state = `return {
  cells: Object.fromEntries([...document.querySelectorAll("td[id]")].map((c) => [c.id, c.textContent])),
  media: { a: document.getElementById("a-media").textContent, b: document.getElementById("b-media").textContent },
  log: document.getElementById("log").textContent,
};`;

// The state of `side`'s received video.
const video = (side) => `
  const v = document.getElementById("${side}-remote");
  return { time: v.currentTime, width: v.videoWidth, height: v.videoHeight, paused: v.paused };`;

// Waits until `side`'s remote video has a picture and its time advances.
async function playing(page, side, what) {
  const first = await waitFor(page, `${what}: video at ${side}`, video(side), (v) => v.width > 0 && v.time > 0);
  return waitFor(page, `${what}: video advancing at ${side}`, video(side), (v) => v.time >= first.time + 1);
}

// The charts: enough points, and figures that moved.
const chartState = `return {
  points: Number(document.getElementById("charts").dataset.points ?? 0),
  plots: document.querySelectorAll("#charts .uplot canvas").length,
  fps: Number.parseFloat(document.getElementById("stat-fps").textContent),
  bitrateIn: Number.parseFloat(document.getElementById("stat-in").textContent),
  count: Number(document.getElementById("stat-count").textContent),
};`;

async function charted(page, what) {
  const state = await waitFor(page, `${what}: the charts`, chartState, (c) => c.points >= 3 && c.fps > 0 && c.bitrateIn > 0);
  if (state.plots !== 4) throw new Error(`${what}: expected four charts: ${JSON.stringify(state)}`);
  return state;
}

// Runs axe-core over the page; fails on any serious or critical violation.
async function accessible(page, what) {
  await page.run(`${axeSource};
    window.__axe = null;
    axe.run(document, { resultTypes: ["violations"] }).then(
      (r) => { window.__axe = r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) })); },
      (e) => { window.__axe = String(e); });`);
  const violations = await waitFor(page, `${what}: axe-core`, "return window.__axe;", (v) => v !== null);
  if (typeof violations === "string") throw new Error(`${what}: axe-core failed: ${violations}`);
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  if (bad.length > 0) throw new Error(`${what}: accessibility violations: ${JSON.stringify(bad, null, 2)}`);
}

// Sends a generated file of `mib` MiB from `from`; returns the sender's
// SHA-256 once the sender's row says it is sent.
async function sendGenerated(from, mib) {
  await from.run(`
    document.getElementById("generate-size").value = "${mib}";
    document.getElementById("generate").requestSubmit();`);
  const sent = await waitFor(
    from,
    `the ${mib} MiB file sent`,
    `const row = [...document.querySelectorAll("#sent li")].find((li) => li.textContent.includes("${mib}MiB"));
     return { sha: row?.dataset.sha256 ?? null, status: row?.querySelector(".status")?.textContent ?? null };`,
    (s) => s.sha !== null && /^(sent|[A-Z]\w*Error)/.test(s.status ?? ""),
  );
  if (!sent.status.startsWith("sent") || !/^[0-9a-f]{64}$/.test(sent.sha)) throw new Error(`the file was not sent: ${JSON.stringify(sent)}`);
  return sent.sha;
}

// Checks that `to` received that file whole, with the sender's hash.
async function receivedWhole(to, mib, sha) {
  const file = await waitFor(
    to,
    `the ${mib} MiB file received`,
    `const row = [...document.querySelectorAll("#received li")].find((li) => li.textContent.includes("${mib}MiB"));
     return {
       sha: row?.dataset.sha256 ?? null,
       status: row?.querySelector(".status")?.textContent ?? null,
       check: row?.querySelector(".sha")?.textContent ?? null,
       link: row?.querySelector("a")?.download ?? null,
       progress: row?.querySelector("progress")?.value ?? null,
     };`,
    (f) => /^(received|[A-Z]\w*Error)/.test(f.status ?? ""),
  );
  if (
    file.sha !== sha ||
    file.check !== "SHA-256 matches the sender's" ||
    file.link !== `generated-${mib}MiB.bin` ||
    file.progress !== mib * 2 ** 20
  ) {
    throw new Error(`the file did not arrive whole: ${JSON.stringify({ sent: sha, ...file })}`);
  }
}

async function loopback(page, name) {
  await waitFor(
    page,
    "both connected and greeted",
    state,
    ({ cells, log }) =>
      cells["a-connection"] === "connected" &&
      cells["b-connection"] === "connected" &&
      cells["a-signaling"] === "stable" &&
      cells["b-signaling"] === "stable" &&
      cells["a-path"] === "host over udp" &&
      cells["b-path"] === "host over udp" &&
      cells["a-restarts"] === "0" &&
      log.includes('a: received "hello from B"') &&
      log.includes('b: received "hello from A"'),
  );

  // Markup in a message is text at the other side, and runs nothing.
  await page.run(say("a", XSS));
  await page.run(say("b", "and back"));
  const chat = await waitFor(page, "the chat both ways", messages, (m) => m.b.includes(`them: ${XSS}`) && m.a.includes("them: and back"));
  if (chat.markup !== 0 || chat.xss) throw new Error(`markup was rendered: ${JSON.stringify(chat)}`);
  await noDialog(page);
  if (!chat.a.includes(`me: ${XSS}`)) throw new Error(`A does not show what it sent: ${JSON.stringify(chat)}`);

  // A generated file, hashed by the sender and again on arrival.
  await receivedWhole(page, 20, await sendGenerated(page, 20));

  // The receiver cancels a 64 MiB file as soon as it is offered: both
  // sides end with an AbortError.
  await page.run(`
    document.getElementById("generate-size").value = "64";
    document.getElementById("generate").requestSubmit();`);
  await waitFor(
    page,
    "the 64 MiB file offered to B",
    `const row = document.querySelector("#received li");
     const cancel = row && row.textContent.includes("64MiB") ? row.querySelector("button") : null;
     cancel?.click();
     return cancel !== null;`,
    (clicked) => clicked,
  );
  const cancelled = await waitFor(
    page,
    "both sides to end the cancelled transfer",
    `return [...document.querySelectorAll("#sent li, #received li")]
       .filter((li) => li.textContent.includes("64MiB"))
       .map((li) => li.querySelector(".status").textContent);`,
    (statuses) => statuses.length === 2 && statuses.every((s) => !s.startsWith("waiting") && !/MiB,/.test(s)),
  );
  if (!cancelled.every((status) => status.startsWith("AbortError"))) {
    throw new Error(`the cancel did not end both sides with an AbortError: ${JSON.stringify(cancelled)}`);
  }

  // An ICE restart from A: both sides count it, stay connected, and the
  // chat goes on.
  await page.run(click("restart-ice"));
  await waitFor(
    page,
    "the ICE restart on both sides",
    state,
    ({ cells, log }) =>
      cells["a-restarts"] === "1" &&
      cells["b-restarts"] === "1" &&
      cells["a-connection"] === "connected" &&
      cells["b-connection"] === "connected" &&
      /a: ICE restarted \(1\)/.test(log) &&
      /b: ICE restarted \(1\)/.test(log),
  );
  await page.run(say("a", "after the restart"));
  await waitFor(page, "the chat after the restart", messages, (m) => m.b.includes("them: after the restart"));

  // A call: A starts, B answers with its own media; video plays both ways
  // and each side names the codecs.
  await page.run(click("a-start"));
  await waitFor(page, "B receiving A's video", state, ({ media }) => media.b.includes("receiving") && media.b.includes("video"));
  await page.run(click("b-start"));
  await playing(page, "a", "loopback");
  await playing(page, "b", "loopback");
  const codecs = await waitFor(page, "the codecs", state, ({ media }) =>
    [media.a, media.b].every((m) => /out (audio|video) \w+.*in (audio|video) \w+/.test(m) && !m.includes("?")),
  );
  if (!/video (VP8|VP9|H264|AV1)/.test(codecs.media.a)) throw new Error(`no video codec shown: ${JSON.stringify(codecs.media)}`);

  // Mute (replaceTrack) and camera off (direction, renegotiated): A shows
  // both; B sees A's video direction change in its own transceiver.
  await page.run(click("a-mute"));
  await waitFor(page, "A muted", state, ({ media }) => media.a.includes(", muted"));
  await page.run(click("a-camera"));
  await waitFor(
    page,
    "A's camera off on both sides",
    state,
    ({ media }) => media.a.includes("video recvonly (now recvonly)") && media.b.includes("video sendrecv (now sendonly)"),
  );
  await page.run(click("a-camera"));
  await page.run(click("a-mute"));
  await waitFor(
    page,
    "A's camera on and unmuted",
    state,
    ({ media }) => media.a.includes("video sendrecv (now sendrecv)") && !media.a.includes("muted") && media.b.includes("video sendrecv (now sendrecv)"),
  );
  await playing(page, "b", "camera on again");
  await charted(page, name);

  // Laptop and phone sizes: no serious accessibility violation in either;
  // screenshots of the call and the charts.
  await page.resize(1280, 1100);
  await accessible(page, `${name}, laptop`);
  await page.run(`document.getElementById("a-call").scrollIntoView();`);
  await shoot(page, `demo-loopback-call-${name}`);
  await page.run(`document.getElementById("stats-title").scrollIntoView();`);
  await shoot(page, `demo-loopback-stats-${name}`);
  await page.run(`document.getElementById("files-title").scrollIntoView();`);
  await shoot(page, `demo-loopback-files-${name}`);
  await page.resize(400, 860);
  await accessible(page, `${name}, phone`);
  const overflow = await page.run("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
  if (overflow > 0) throw new Error(`${name}: the page is ${overflow}px wider than a phone's viewport`);
  await page.run("window.scrollTo(0, 0);");
  await shoot(page, `demo-loopback-phone-top-${name}`);
  await page.run(`document.getElementById("a-call").scrollIntoView();`);
  await shoot(page, `demo-loopback-phone-call-${name}`);
  await page.resize(1280, 1100);

  // Two tabs, no server: peer A here, peer B in another tab, over a
  // BroadcastChannel; B's tab opens second, as a person would open it.
  const room = `e2e-${name}-${Date.now()}`;
  const tabA = await page.openTab(`${url}?room=${room}`);
  const tabB = await page.openTab(`${url}?room=${room}&role=polite`);
  const greeted = (side, other) => `return {
    state: document.getElementById("${side}-connection").textContent,
    path: document.getElementById("${side}-path").textContent,
    other: document.getElementById("${other}-connection").textContent,
    log: document.getElementById("log").textContent,
  };`;
  await waitFor(
    page,
    "tab B connected and greeted by A",
    greeted("b", "a"),
    (t) => t.state === "connected" && t.other === "the other tab" && t.log.includes('b: received "hello from A"') && t.path === "host over udp",
  );
  await page.run(say("b", "from the other tab"));
  await shoot(page, `demo-two-tabs-b-${name}`);
  await page.switchTo(tabA);
  await waitFor(
    page,
    "tab A connected and greeted by B",
    greeted("a", "b"),
    (t) => t.state === "connected" && t.log.includes('a: received "hello from B"') && t.log.includes('a: received "from the other tab"'),
  );
  if (tabA === tabB) throw new Error("the two tabs are one");
}

// Chromium (peer A, first in the room) and Firefox (peer B) through the
// signaling server.
async function acrossBrowsers(chrome, firefox) {
  const connected = (side, other) => (p) =>
    p.cells[`${side}-connection`] === "connected" &&
    p.cells[`${side}-path`] === "host over udp" &&
    p.cells[`${other}-connection`] === "the other browser" &&
    p.log.includes(`${side}: received "hello from ${other.toUpperCase()}"`);
  await waitFor(chrome, "Chromium connected and greeted", state, connected("a", "b"));
  await waitFor(firefox, "Firefox connected and greeted", state, connected("b", "a"));

  await chrome.run(say("a", "from Chromium"));
  await firefox.run(say("b", XSS));
  await waitFor(firefox, "Chromium's message in Firefox", messages, (m) => m.b.includes("them: from Chromium"));
  const chat = await waitFor(chrome, "Firefox's message in Chromium", messages, (m) => m.a.includes(`them: ${XSS}`));
  if (chat.markup !== 0 || chat.xss) throw new Error(`markup was rendered: ${JSON.stringify(chat)}`);
  await noDialog(chrome);
  await noDialog(firefox);

  await receivedWhole(firefox, 20, await sendGenerated(chrome, 20));

  await chrome.run(click("a-start"));
  await waitFor(firefox, "Firefox receiving Chromium's video", state, ({ media }) => media.b.includes("receiving") && media.b.includes("video"));
  await firefox.run(click("b-start"));
  const inFirefox = await playing(firefox, "b", "Chromium to Firefox");
  const inChrome = await playing(chrome, "a", "Firefox to Chromium");
  await charted(chrome, "Chromium");
  await charted(firefox, "Firefox");
  for (const [p, name] of [
    [chrome, "chrome"],
    [firefox, "firefox"],
  ]) {
    await p.run(`document.getElementById("${name === "chrome" ? "a" : "b"}-call").scrollIntoView();`);
    await shoot(p, `demo-server-call-${name}`);
    await p.run(`document.getElementById("stats-title").scrollIntoView();`);
    await shoot(p, `demo-server-stats-${name}`);
  }
  return { inFirefox, inChrome };
}

// The signaling server alone: roles, relaying, and what it refuses.
async function rooms() {
  const base = url.replace("http:", "ws:") + "signal/";
  const open = (room) => {
    const ws = new WebSocket(base + room);
    const frames = [];
    const waiters = [];
    ws.on("message", (data) => {
      frames.push(String(data));
      for (const wake of waiters.splice(0)) wake();
    });
    const closed = new Promise((ok) => ws.on("close", (code, reason) => ok({ code, reason: String(reason) })));
    const next = async () => {
      while (frames.length === 0) await new Promise((ok) => waiters.push(ok));
      return frames.shift();
    };
    return { ws, next, closed };
  };
  const expect = async (peer, frame) => {
    const got = await peer.next();
    if (got !== frame) throw new Error(`expected ${frame}, got ${got}`);
  };
  const room = `rooms-${Date.now()}`;
  const first = open(room);
  await expect(first, '{"room":{"polite":false,"peers":1}}');
  const second = open(room);
  await expect(second, '{"room":{"polite":true,"peers":2}}');
  await expect(first, '{"room":{"peers":2}}');
  second.ws.send('{"description":{"type":"offer","sdp":"v=0"}}');
  await expect(first, '{"description":{"type":"offer","sdp":"v=0"}}');
  const third = await open(room).closed;
  if (third.code !== 4001) throw new Error(`a third peer was not refused: ${JSON.stringify(third)}`);
  const badName = await open("no%20spaces").closed;
  if (badName.code !== 4000) throw new Error(`a bad room name was not refused: ${JSON.stringify(badName)}`);
  const big = open(`${room}-big`);
  await big.next();
  big.ws.send("x".repeat(65 * 1024));
  const tooBig = await big.closed;
  if (tooBig.code !== 1009) throw new Error(`an oversize frame did not close the socket: ${JSON.stringify(tooBig)}`);
  // The impolite peer leaves: the other is told, and a newcomer takes the free role.
  first.ws.close();
  await expect(second, '{"room":{"peers":1,"left":true}}');
  const fourth = open(room);
  await expect(fourth, '{"room":{"polite":false,"peers":2}}');
  await expect(second, '{"room":{"peers":2}}');
  second.ws.close();
  fourth.ws.close();
}

// What the room shows: per participant, the feeds it plays (width and
// time) and the layers it sends (rid and kbit/s).
const roomState = `return [...document.querySelectorAll(".participant")].map((tile) => ({
  name: tile.querySelector("h3")?.textContent,
  feeds: [...tile.querySelectorAll("video")].map((v) => ({ width: v.videoWidth, time: v.currentTime, caption: v.nextElementSibling?.textContent })),
  layers: [...tile.querySelectorAll(".layers li")].map((li) => ({ rid: li.dataset.rid, kbps: Number(li.dataset.kbps) })),
  log: document.getElementById("room-log").textContent,
}));`;

// Waits until each participant of `page` plays `others` feeds (video
// decoded and time moving) and sends at least two layers.
async function roomPlays(page, others, what) {
  const first = await waitFor(page, `${what}: every feed playing`, roomState, (tiles) =>
    tiles.length > 0 && tiles.every((t) => t.feeds.length === others && t.feeds.every((f) => f.width > 0 && f.time > 0)),
  );
  const later = await waitFor(page, `${what}: time moving and layers sent`, roomState, (tiles) =>
    tiles.every((t, i) =>
      t.feeds.every((f, j) => f.time > first[i].feeds[j].time) && t.layers.filter((l) => l.kbps > 0).length >= 2,
    ),
  );
  return later;
}

async function sfuRoom(page, name) {
  const tiles = await roomPlays(page, 3, `${name}, 4 participants`);
  await shoot(page, `demo-sfu-${name}`);
  await accessible(page, `${name}, the room`);
  return tiles;
}

const server = await serve(dist);
const closeRooms = attachSignaling(server);
const closeJanus = attachJanus(server);
const url = `http://127.0.0.1:${server.address().port}/`;
let passed = 0;
let failed = 0;
const test = async (what, body) => {
  try {
    await body();
    passed++;
    console.log(`test demo: ${what} ... ok`);
  } catch (error) {
    failed++;
    console.log(`test demo: ${what} ... FAILED\n${error.stack ?? error}`);
  }
};
if (selected("rooms")) await test("the signaling server's rooms: roles, relaying, refusals", rooms);
for (const name of Object.keys(browsers).filter(selected)) {
  await test(`loopback (chat as text, files, cancel, ICE restart, call, charts, axe-core, phone) and two tabs, in ${name}`, () =>
    withBrowser(name, url, (p) => loopback(p, name)),
  );
}
// Between two browser processes, host candidates must be real addresses:
// each browser hides them behind mDNS names by default, which a machine
// without multicast cannot resolve.
if (selected("across")) await test("Chromium and Firefox through the signaling server (chat, 20 MiB file, video both ways, charts)", async () => {
  const room = `cross-${Date.now()}`;
  const result = await withBrowser(
    "chrome",
    `${url}?server=${room}`,
    (chrome) =>
      withBrowser("firefox", `${url}?server=${room}`, (firefox) => acrossBrowsers(chrome, firefox), {
        firefoxPrefs: { "media.peerconnection.ice.obfuscate_host_addresses": false },
      }),
    { chromeArgs: ["--disable-features=WebRtcHideLocalIpsWithMdns"] },
  );
  console.log(`  video in Firefox ${result.inFirefox.width}x${result.inFirefox.height}, in Chromium ${result.inChrome.width}x${result.inChrome.height}`);
});
if (selected("sfu")) {
  for (const name of Object.keys(browsers)) {
    await test(`a room of four through Janus in ${name} (simulcast, every feed decoded, layers charted, axe-core)`, async () => {
      const tiles = await withBrowser(name, `${url}?sfu=sfu-${name}-${Date.now()}&n=4`, (p) => sfuRoom(p, name));
      console.log(`  ${name}: layers sent ${tiles.map((t) => t.layers.map((l) => `${l.rid} ${l.kbps.toFixed(0)}`).join("/")).join(", ")} kbit/s`);
    });
  }
  await test("a room of Chromium and Firefox participants through Janus (two each, each sees the other three)", async () => {
    const name = `sfu-mixed-${Date.now()}`;
    await withBrowser("chrome", `${url}?sfu=${name}&n=2`, (chrome) =>
      withBrowser("firefox", `${url}?sfu=${name}&n=2`, async (firefox) => {
        await Promise.all([roomPlays(chrome, 3, "Chromium's two"), roomPlays(firefox, 3, "Firefox's two")]);
        await shoot(chrome, "demo-sfu-mixed-chrome");
        await shoot(firefox, "demo-sfu-mixed-firefox");
      }),
    );
  });
}
closeRooms();
closeJanus();
server.close();
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
