// Runs every benchmark case twice over, through webrtc-wasm and through the
// browser's objects directly (raw.js), alternating which side goes first,
// and leaves the results in `window.bench` for bench/run.mjs to collect.
// webrtc-wasm is the Rust API (bench/src/lib.rs, built into ./pkg) except in
// the "JS API" cases, which use the npm package's classes (api.js).
//
// Query parameters: `quick` (small sizes and few repetitions, to check that
// everything runs),
// `cases=bulk,messages,api-bulk,api-messages,latency,setup,stats,api-stats,api-file,api-file-apart,scale-channels,scale-rate,scale-setup,sfu,memory`.
import * as apart from "./apart.js";
import * as api from "./api.js";
import init, * as ours from "./pkg/webrtc_wasm_bench.js";
import * as raw from "./raw.js";
import * as sfuRoom from "./sfu.js";

const params = new URLSearchParams(location.search);
const quick = params.has("quick");
const allCases =
  "bulk,messages,api-bulk,api-messages,latency,setup,stats,api-stats,api-file,api-file-apart,scale-channels,scale-rate,scale-setup,sfu,memory";
const selected = new Set((params.get("cases") ?? allCases).split(","));
const KiB = 1024;
const MiB = 1024 * KiB;
const plan = quick
  ? {
      bulkBytes: 4 * MiB,
      bulkReps: 3,
      fileReps: 3,
      messages: 5_000,
      messageReps: 3,
      pings: 200,
      pingReps: 3,
      setupReps: 5,
      statsReps: 5,
      cycles: 20,
      scaleReps: 2,
      pairs: [1, 5],
      channels: [1, 16],
      spreadChannels: [1, 10],
      spreadSeconds: 1,
      participants: [2, 4],
      sfuReps: 2,
    }
  : {
      bulkBytes: 64 * MiB,
      bulkReps: 5,
      // File transfers vary more from run to run (in Chromium by a third).
      fileReps: 9,
      messages: 100_000,
      messageReps: 9,
      pings: 2_000,
      pingReps: 5,
      setupReps: 31,
      statsReps: 31,
      cycles: 1_000,
      scaleReps: 5,
      pairs: [1, 10, 50],
      channels: [1, 16, 64, 256],
      spreadChannels: [1, 10, 100],
      spreadSeconds: 5,
      participants: [2, 4, 8],
      sfuReps: 9,
    };

const bench = (window.bench = { plan, quick, log: [], results: [], errors: [], done: false });
const out = document.getElementById("log");
function log(line) {
  bench.log.push(line);
  out.textContent += line + "\n";
}

const sorted = (values) => [...values].sort((x, y) => x - y);
function median(values) {
  const s = sorted(values);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
// Quantile `q` of times read from a clock that ticks in steps (even cross-
// origin isolated, Firefox's `performance.now()` steps by 20 µs and
// Chromium's by 5 µs, about a tenth of a loopback round trip). Each reading
// stands for the step around it, and the quantile is interpolated within the
// step it falls in, as the median of grouped data is, so that a difference
// smaller than a step still shows instead of rounding to zero or one whole
// step. The step is the smallest gap between two readings; for readings
// without steps that gap is tiny, and this is the nearest-rank quantile.
function steppedQuantile(values, q) {
  const s = sorted(values.map((value) => Math.round(value * 1000) / 1000));
  let step = Infinity;
  for (let i = 1; i < s.length; i++) {
    if (s[i] > s[i - 1]) step = Math.min(step, s[i] - s[i - 1]);
  }
  if (step === Infinity) return s[0];
  const rank = q * s.length;
  let below = 0;
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j < s.length && s[j] === s[i]) j++;
    if (below + (j - i) >= rank) return s[i] + ((rank - below) / (j - i) - 0.5) * step;
    below += j - i;
    i = j;
  }
  return s[s.length - 1];
}
const round = (value, digits = 3) => Number(value.toPrecision(digits + 2));
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// Runs `reps` rounds; each round runs every side once, rotating which goes
// first. Returns each side's list of results.
async function rotate(reps, sides) {
  const names = Object.keys(sides);
  const results = Object.fromEntries(names.map((name) => [name, []]));
  for (let i = 0; i < reps; i++) {
    for (let j = 0; j < names.length; j++) {
      const name = names[(i + j) % names.length];
      results[name].push(await sides[name]());
    }
  }
  return results;
}

// `rotate` for webrtc-wasm (`ours`) against raw JavaScript (`raw`).
function alternate(reps, runOurs, runRaw) {
  return rotate(reps, { ours: runOurs, raw: runRaw });
}

// One result entry. `higherIsBetter` orients the ratio so that above 1 means
// webrtc-wasm did better than raw JavaScript; `target` is the ratio the
// project aims for.
function record(name, unit, oursRuns, rawRuns, { higherIsBetter, target }) {
  const ours = median(oursRuns);
  const rawJs = median(rawRuns);
  const ratio = higherIsBetter ? ours / rawJs : rawJs / ours;
  bench.results.push({
    case: name,
    unit,
    ours: round(ours),
    raw_js: round(rawJs),
    ratio: round(ratio),
    target,
    runs: { ours: oursRuns.map((v) => round(v)), raw_js: rawRuns.map((v) => round(v)) },
  });
  log(`${name}: ours ${round(ours)} ${unit}, raw JS ${round(rawJs)} ${unit}, ratio ${ratio.toFixed(3)}`);
}

async function bulk() {
  for (const chunk of [16 * KiB, 64 * KiB, 256 * KiB]) {
    await ours.bulk(MiB, chunk);
    await raw.bulk(MiB, chunk);
    const mbps = (ms) => plan.bulkBytes / 1e6 / (ms / 1000);
    const runs = await alternate(
      plan.bulkReps,
      async () => mbps(await ours.bulk(plan.bulkBytes, chunk)),
      async () => mbps(await raw.bulk(plan.bulkBytes, chunk)),
    );
    record(`bulk throughput, ${chunk / KiB} KiB messages`, "MB/s", runs.ours, runs.raw, {
      higherIsBetter: true,
      target: 0.97,
    });
  }
}

// webrtc-wasm reads as a stream (`while let Some(m) = channel.next().await`)
// and, separately, with an `on_message` callback, which is what the raw side
// does.
async function messages() {
  for (const size of [64, KiB]) {
    await ours.messages(1000, size, false);
    await ours.messages(1000, size, true);
    await raw.messages(1000, size);
    const rate = (ms) => plan.messages / (ms / 1000);
    const runs = await rotate(plan.messageReps, {
      stream: async () => rate(await ours.messages(plan.messages, size, false)),
      callback: async () => rate(await ours.messages(plan.messages, size, true)),
      raw: async () => rate(await raw.messages(plan.messages, size)),
    });
    const label = size < KiB ? `${size} B` : `${size / KiB} KiB`;
    const options = { higherIsBetter: true, target: 0.9 };
    record(`message rate, ${label} messages`, "messages/s", runs.stream, runs.raw, options);
    record(`message rate, ${label} messages, on_message`, "messages/s", runs.callback, runs.raw, options);
  }
}

// The npm package's DataChannel: `await channel.send()` on one side,
// `for await (const message of channel)` on the other (api.js), against
// the same raw JavaScript as `bulk`.
async function apiBulk() {
  const chunk = 64 * KiB;
  await api.bulk(MiB, chunk);
  await raw.bulk(MiB, chunk);
  const mbps = (ms) => plan.bulkBytes / 1e6 / (ms / 1000);
  const runs = await alternate(
    plan.bulkReps,
    async () => mbps(await api.bulk(plan.bulkBytes, chunk)),
    async () => mbps(await raw.bulk(plan.bulkBytes, chunk)),
  );
  record(`JS API: bulk throughput, ${chunk / KiB} KiB messages`, "MB/s", runs.ours, runs.raw, {
    higherIsBetter: true,
    target: 0.95,
  });
}

// The same as `apiBulk` with 64 B messages, against the same raw
// JavaScript as `messages`.
async function apiMessages() {
  const size = 64;
  await api.messages(1000, size);
  await raw.messages(1000, size);
  const rate = (ms) => plan.messages / (ms / 1000);
  const runs = await alternate(
    plan.messageReps,
    async () => rate(await api.messages(plan.messages, size)),
    async () => rate(await raw.messages(plan.messages, size)),
  );
  record(`JS API: message rate, ${size} B messages`, "messages/s", runs.ours, runs.raw, {
    higherIsBetter: true,
    target: 0.85,
  });
}

// File transfer: a Blob through the package's `sendFile` (read as a stream
// at the other side, its content hash checked) against the raw `blob.stream()` +
// `bufferedamountlow` loop, which neither checks nor acknowledges anything.
// `where` names the receiver's place in the case's name.
async function fileTransfer(where, oursSend, rawSend) {
  const bytes = new Uint8Array(plan.bulkBytes);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) & 255;
  const blob = new Blob([bytes]);
  const warm = blob.slice(0, MiB);
  await oursSend(warm);
  await rawSend(warm);
  const mbps = (ms) => blob.size / 1e6 / (ms / 1000);
  const runs = await alternate(
    plan.fileReps,
    async () => mbps(await oursSend(blob)),
    async () => mbps(await rawSend(blob)),
  );
  record(`JS API: file transfer, ${blob.size / MiB} MiB Blob${where}`, "MB/s", runs.ours, runs.raw, {
    higherIsBetter: true,
    target: 0.95,
  });
}

// Both ends in this page, on its one thread.
const apiFile = () => fileTransfer("", api.sendBlob, raw.sendBlob);

// The receiver in an iframe of another site, which the browser runs in a
// process of its own (apart.js checks that it does): each end hashes or
// counts on its own thread, as on two machines.
async function apiFileApart() {
  if (!(await apart.separate())) {
    throw new Error("the iframe of 127.0.0.2 shares this page's thread: the case would measure one thread");
  }
  await fileTransfer(", receiver in another process", apart.oursSendBlob, apart.rawSendBlob);
}

// All pairs are up at once and the pings rotate one by one, so that a slow
// stretch of the machine hits every side alike. webrtc-wasm's ends read as
// streams in one pair and with `on_message` callbacks in the other.
async function latency() {
  const streams = await ours.PingPong.start(64, false);
  const callbacks = await ours.PingPong.start(64, true);
  const theirs = await raw.pingPong(64);
  try {
    const sides = { stream: () => streams.ping(), callback: () => callbacks.ping(), raw: () => theirs.ping() };
    await rotate(100, sides);
    const medians = { stream: [], callback: [], raw: [] };
    const p99s = { stream: [], callback: [], raw: [] };
    for (let block = 0; block < plan.pingReps; block++) {
      const runs = await rotate(plan.pings, sides);
      for (const side of Object.keys(sides)) {
        const micros = runs[side].map((ms) => ms * 1000);
        medians[side].push(steppedQuantile(micros, 0.5));
        p99s[side].push(steppedQuantile(micros, 0.99));
      }
    }
    const options = { higherIsBetter: false, target: 0.95 };
    record("round trip, 64 B, median", "µs", medians.stream, medians.raw, options);
    record("round trip, 64 B, p99", "µs", p99s.stream, p99s.raw, options);
    record("round trip, 64 B, median, on_message", "µs", medians.callback, medians.raw, options);
    record("round trip, 64 B, p99, on_message", "µs", p99s.callback, p99s.raw, options);
  } finally {
    streams.close();
    callbacks.close();
    theirs.close();
  }
}

async function setup() {
  await ours.setup();
  await raw.setup();
  const runs = await alternate(plan.setupReps, () => ours.setup(), () => raw.setup());
  record("connection setup to open channel", "ms", runs.ours, runs.raw, { higherIsBetter: false, target: 0.95 });
}

async function stats() {
  const call = await ours.Call.start();
  try {
    // Let media flow so that the report holds every kind of stats object.
    await sleep(quick ? 1000 : 3000);
    const pc = call.sender;
    let objects = 0;
    const runs = await alternate(
      plan.statsReps + 2,
      async () => {
        const [ms, count] = await call.stats();
        objects = count;
        return ms;
      },
      async () => (await raw.stats(pc))[0],
    );
    // The first round of each side warms up.
    record(`stats: full report, ${objects} objects, every one decoded`, "ms", runs.ours.slice(1), runs.raw.slice(1), {
      higherIsBetter: false,
      target: 0.83,
    });
    // What a stats panel reads each second: the report decodes only the
    // objects asked for. Both sides must read the same figures.
    let checked = false;
    const lookups = await alternate(
      plan.statsReps + 2,
      async () => {
        // [ms, rtt, frames decoded, relayed]
        const [ms, rtt, frames, relayed] = await call.lookup();
        if (!checked) {
          checked = true;
          const [, rawRtt, rawFrames, rawRelayed] = await raw.lookup(call.receiver);
          if (frames < 0 || rawFrames < 0 || relayed !== rawRelayed || rtt < 0 !== rawRtt < 0) {
            throw new Error(`the lookups differ: ours ${[rtt, frames, relayed]}, raw ${[rawRtt, rawFrames, rawRelayed]}`);
          }
        }
        return ms;
      },
      async () => (await raw.lookup(call.receiver))[0],
    );
    record("stats: selected pair and inbound video of a report", "ms", lookups.ours.slice(1), lookups.raw.slice(1), {
      higherIsBetter: false,
      target: 0.83,
    });
    // Where the time goes: the browser's getStats() alone, and the one
    // JSON.stringify of the report the library makes; the rest of ours is
    // its work in wasm (copying the text in, parsing, typed decoding).
    const parts = await rotate(plan.statsReps, {
      getStats: async () => {
        const start = performance.now();
        await pc.getStats();
        return performance.now() - start;
      },
      stringify: async () => {
        const report = await pc.getStats();
        const start = performance.now();
        JSON.stringify([...report.values()]);
        return performance.now() - start;
      },
    });
    const [getStats, stringify, total] = [median(parts.getStats), median(parts.stringify), median(runs.ours.slice(1))];
    const split = [
      ["getStats() alone", getStats],
      ["JSON.stringify of the report", stringify],
      ["the rest of ours (into wasm, parse, typed decode)", Math.max(total - getStats - stringify, 0)],
    ];
    for (const [what, ms] of split) {
      bench.results.push({ case: `stats: where the time goes, ${what}`, unit: "ms", ours: round(ms), raw_js: null, ratio: null, target: null });
      log(`stats: ${what}: ${round(ms)} ms`);
    }
  } finally {
    call.close();
  }
}

// The npm package's typed stats (the browser's objects under generated
// types) against the same raw report and iteration.
async function apiStats() {
  const call = await api.statsCall();
  try {
    await sleep(quick ? 1000 : 3000);
    let objects = 0;
    const runs = await alternate(
      plan.statsReps + 2,
      async () => {
        const [ms, count] = await api.stats(call.pc);
        objects = count;
        return ms;
      },
      async () => (await raw.stats(call.pc.raw))[0],
    );
    // The first round of each side warms up.
    record(`JS API stats: full report, ${objects} objects`, "ms", runs.ours.slice(1), runs.raw.slice(1), {
      higherIsBetter: false,
      target: 0.83,
    });
  } finally {
    call.close();
  }
}

// Collects garbage where the page may (Chromium with --js-flags=--expose-gc).
// Firefox lets a page force no collection: there, allocation pressure and
// time stand in, until the connection probe stops changing (at most 20 s).
function collect() {
  if (typeof window.gc === "function") {
    window.gc();
    return;
  }
  let garbage = [];
  for (let i = 0; i < 32; i++) garbage.push(new Array(128 * 1024).fill(i));
  garbage = null;
}

async function settle() {
  await sleep(1000);
  collect();
  await sleep(200);
  collect();
  if (typeof window.gc === "function") return;
  let last = probe.live;
  for (let quiet = 0, waited = 0; quiet < 3 && waited < 20_000; waited += 500) {
    await sleep(500);
    collect();
    quiet = probe.live === last ? quiet + 1 : 0;
    last = probe.live;
  }
}

async function snapshot() {
  return {
    // The page's live JS memory: Chromium measures it in a cross-origin
    // isolated page (bench/run.mjs makes the measurement eager;
    // `performance.memory` is cached and coarse). Firefox has no equivalent.
    heap: typeof performance.measureUserAgentSpecificMemory === "function" && crossOriginIsolated
      ? (await performance.measureUserAgentSpecificMemory()).bytes
      : null,
    wasm: ours.wasmMemoryBytes(),
    listeners: ours.liveListeners(),
    connections: probe.live,
  };
}

// Counts the browser connections handed to `track` that the collector has
// not taken yet: a leak probe that works in every browser (Firefox has no
// heap figure for a page).
const probe = (() => {
  let live = 0;
  const registry = new FinalizationRegistry(() => {
    live -= 1;
  });
  return {
    track(connection) {
      live += 1;
      registry.register(connection, null);
    },
    get live() {
      return live;
    },
  };
})();

async function memory() {
  const cycles = plan.cycles;
  const measure = async (cycle) => {
    for (let i = 0; i < 20; i++) await cycle();
    await settle();
    const before = await snapshot();
    for (let i = 0; i < cycles; i++) {
      await cycle();
      if ((i + 1) % 50 === 0) {
        // Chromium refuses new connections while about 500 closed ones
        // still wait for the garbage collector.
        collect();
        if ((i + 1) % 100 === 0) log(`  ${i + 1} cycles`);
      }
    }
    await settle();
    return { before, after: await snapshot() };
  };
  const track = (connection) => probe.track(connection);
  const mine = await measure(() => ours.setup(track));
  const theirs = await measure(() => raw.setup(track));
  const growth = ({ before, after }, key) =>
    before[key] === null || after[key] === null ? null : after[key] - before[key];
  const heapOurs = growth(mine, "heap");
  const heapRaw = growth(theirs, "heap");
  const perCycle = (bytes) => (bytes === null ? null : round(bytes / cycles));
  const entries = [
    {
      case: `memory: JS heap growth per cycle, ${cycles} cycles`,
      unit: "bytes",
      ours: perCycle(heapOurs),
      raw_js: perCycle(heapRaw),
    },
    {
      case: `memory: wasm memory growth, ${cycles} cycles`,
      unit: "bytes",
      ours: growth(mine, "wasm"),
      raw_js: null,
    },
    {
      case: `memory: browser connections not collected after ${cycles} cycles`,
      unit: "connections",
      ours: growth(mine, "connections"),
      raw_js: growth(theirs, "connections"),
    },
    {
      case: `memory: live listeners after ${cycles} cycles`,
      unit: "listeners",
      ours: growth(mine, "listeners"),
      raw_js: null,
    },
  ];
  for (const entry of entries) {
    bench.results.push({ ...entry, ratio: null, target: null, snapshots: { ours: mine, raw_js: theirs } });
    log(`${entry.case}: ours ${entry.ours}, raw JS ${entry.raw_js} (${entry.unit})`);
  }
}

// How cost grows with the number of connections and channels: each size is
// its own entry, ours against raw JavaScript.
// Waits until at most `limit` of the connections the probe follows are
// uncollected (at most 60 s): Chromium refuses new connections past about
// 500 live ones, and collects closed ones only some time after gc().
async function settleBelow(limit) {
  await settle();
  for (let waited = 0; probe.live > limit && waited < 60_000; waited += 500) {
    await sleep(500);
    collect();
  }
  if (probe.live > limit) log(`  ${probe.live} closed connections still not collected after 60 s`);
}

async function scaleSetup() {
  const track = (connection) => probe.track(connection);
  for (const n of plan.pairs) {
    const room = 400 - 2 * n;
    await settleBelow(room);
    // Chromium collects few of the connected pairs closed here even after
    // gc() (raw JavaScript's no more than ours) and refuses new connections
    // past 500: fewer rounds of a size when fewer fit.
    const reps = Math.max(1, Math.min(plan.scaleReps, Math.floor((480 - probe.live) / (4 * n))));
    if (reps < plan.scaleReps) log(`  ${reps} rounds of ${n} pairs fit under the browser's limit`);
    const runs = await alternate(
      reps,
      async () => {
        await settleBelow(room);
        return ours.setupMany(n, track);
      },
      async () => {
        await settleBelow(room);
        return raw.setupMany(n, track);
      },
    );
    record(`scale: ${n} connection pairs set up at once, to every channel open`, "ms", runs.ours, runs.raw, {
      higherIsBetter: false,
      target: 0.95,
    });
  }
}

// Rooms of N participants through Janus (sfu.js), the npm package's
// PeerConnection against the browser's: the time until every participant
// receives every other's video; and, on one room of each side after a
// warm-up room (which also loads the package), the JS heap each participant
// adds (Chromium) and the browser's CPU per participant while the room
// runs (both browsers, from the bench server's /proc reading).
// How long the SFU case watches a running room's CPU.
const CPU_WINDOW_MS = 3000;

async function sfu() {
  const heap = async () =>
    typeof performance.measureUserAgentSpecificMemory === "function" && crossOriginIsolated
      ? (await performance.measureUserAgentSpecificMemory()).bytes
      : null;
  // One room of two on each side first, not recorded: the package loads and
  // both sides warm up.
  const track = (connection) => probe.track(connection);
  const warm = sfuRoom.videos(2);
  for (const which of ["ours", "raw"]) (await sfuRoom.room(which, warm.map((v) => v.stream), track)).close();
  warm.forEach((v) => v.stop());
  for (const n of plan.participants) {
    // A room makes n publishers and n(n-1) subscriptions; Chromium keeps
    // closed connected ones uncollected for a while and refuses new
    // connections past 500: fewer rounds of a size when fewer fit.
    const perRoom = n * n;
    const room = 460 - perRoom;
    await settleBelow(room);
    const reps = Math.max(1, Math.min(plan.sfuReps, Math.floor((480 - probe.live) / (2 * perRoom))));
    if (reps < plan.sfuReps) log(`  ${reps} rounds of ${n} participants fit under the browser's limit`);
    const streams = sfuRoom.videos(n);
    const perParticipant = { ours: null, raw: null };
    const cpu = { ours: null, raw: null };
    const rooms = { ours: 0, raw: 0 };
    const once = async (which) => {
      if (probe.live > room) await settleBelow(room);
      const measured = ++rooms[which] === Math.min(2, reps);
      const before = measured ? await heap() : null;
      const running = await sfuRoom.room(which, streams.map((v) => v.stream), track);
      if (before !== null) perParticipant[which] = ((await heap()) - before) / n;
      if (measured) cpu[which] = (await sfuRoom.browserCpu(CPU_WINDOW_MS)) / n;
      running.close();
      return running.ms;
    };
    try {
      const runs = await alternate(reps, () => once("ours"), () => once("raw"));
      record(`SFU: ${n} participants through Janus, each receiving every other's video`, "ms", runs.ours, runs.raw, {
        higherIsBetter: false,
        target: 0.95,
      });
      bench.results.push({
        case: `SFU: browser CPU per participant while a room of ${n} runs (one room, ${CPU_WINDOW_MS / 1000} s)`,
        unit: "% of a core",
        ours: Math.round(cpu.ours * 10) / 10,
        raw_js: Math.round(cpu.raw * 10) / 10,
        ratio: null,
        target: null,
      });
      if (perParticipant.ours !== null) {
        bench.results.push({
          case: `SFU: JS heap per participant, ${n} participants (one room)`,
          unit: "bytes",
          ours: Math.round(perParticipant.ours),
          raw_js: Math.round(perParticipant.raw),
          ratio: null,
          target: null,
        });
      }
    } finally {
      streams.forEach((v) => v.stop());
    }
  }
}

async function scaleChannels() {
  for (const n of plan.channels) {
    const memory = { ours: [], raw: [] };
    const measure = (side, connect) => async () => {
      const set = await connect();
      await settle();
      const before = await snapshot();
      const ms = await set.open(n);
      await settle();
      const after = await snapshot();
      memory[side].push({ before, after });
      set.close();
      return ms;
    };
    const runs = await alternate(plan.scaleReps, measure("ours", () => ours.Channels.connect()), measure("raw", raw.channels));
    record(`scale: ${n} channels on one connection, opened with one message each way`, "ms", runs.ours, runs.raw, {
      higherIsBetter: false,
      target: 0.95,
    });
    const perChannel = (side, key) => {
      const grown = memory[side].map(({ before, after }) => (before[key] === null ? null : (after[key] - before[key]) / n));
      return grown.includes(null) ? null : round(median(grown));
    };
    const entries = [
      { case: `scale: JS heap per channel, ${n} channels`, ours: perChannel("ours", "heap"), raw_js: perChannel("raw", "heap") },
      { case: `scale: wasm memory per channel, ${n} channels`, ours: perChannel("ours", "wasm"), raw_js: null },
    ];
    for (const entry of entries) {
      bench.results.push({ ...entry, unit: "bytes", ratio: null, target: null });
      log(`${entry.case}: ours ${entry.ours}, raw JS ${entry.raw_js} (bytes)`);
    }
  }
}

async function scaleRate() {
  const perSecond = 1000;
  for (const n of plan.spreadChannels) {
    const medians = { ours: [], raw: [] };
    const p99s = { ours: [], raw: [] };
    await rotate(plan.scaleReps, {
      ours: async () => {
        const micros = [...(await ours.spread(n, perSecond, plan.spreadSeconds))].map((ms) => ms * 1000);
        medians.ours.push(steppedQuantile(micros, 0.5));
        p99s.ours.push(steppedQuantile(micros, 0.99));
      },
      raw: async () => {
        const micros = (await raw.spread(n, perSecond, plan.spreadSeconds)).map((ms) => ms * 1000);
        medians.raw.push(steppedQuantile(micros, 0.5));
        p99s.raw.push(steppedQuantile(micros, 0.99));
      },
    });
    const options = { higherIsBetter: false, target: 0.95 };
    record(`scale: ${perSecond} messages/s over ${n} channels, one-way delay, median`, "µs", medians.ours, medians.raw, options);
    record(`scale: ${perSecond} messages/s over ${n} channels, one-way delay, p99`, "µs", p99s.ours, p99s.raw, options);
  }
}

const cases = {
  bulk,
  messages,
  "api-bulk": apiBulk,
  "api-messages": apiMessages,
  latency,
  setup,
  stats,
  "api-stats": apiStats,
  "api-file": apiFile,
  "api-file-apart": apiFileApart,
  "scale-channels": scaleChannels,
  "scale-rate": scaleRate,
  "scale-setup": scaleSetup,
  sfu,
  // Last: Chromium keeps a few hundred closed connections uncollected for a
  // while after its cycles (raw JavaScript's as well as ours), and refuses
  // new ones past about 500.
  memory,
};

// A case that fails is reported and the others still run.
try {
  await init();
  log(`${navigator.userAgent}${quick ? " (quick)" : ""}`);
  for (const name of selected) {
    if (!(name in cases)) bench.errors.push({ case: name, error: `no case "${name}" (the cases: ${allCases})` });
  }
  for (const [name, run] of Object.entries(cases)) {
    if (!selected.has(name)) continue;
    const start = performance.now();
    const first = bench.results.length;
    log(`${name} ...`);
    try {
      await run();
      // Which case each entry came from, for a run of some cases to keep
      // the others' latest figures (bench/run.mjs).
      for (const entry of bench.results.slice(first)) entry.group = name;
      log(`${name} took ${((performance.now() - start) / 1000).toFixed(1)} s`);
    } catch (error) {
      bench.errors.push({ case: name, error: String(error?.stack ?? error) });
      log(`${name} failed: ${error}`);
    }
  }
} catch (error) {
  bench.errors.push({ case: "init", error: String(error?.stack ?? error) });
  log(`error: ${error}`);
} finally {
  // The package's files the page fetched (bench/run.mjs checks them against
  // the ones it measures).
  bench.npmFiles = performance
    .getEntriesByType("resource")
    .map((entry) => new URL(entry.name).pathname)
    .filter((path) => path.startsWith("/npm/"))
    .map((path) => path.slice("/npm/".length));
  bench.done = true;
}
