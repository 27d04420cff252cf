// Runs every benchmark case twice over, through webrtc-wasm and through the
// browser's objects directly (raw.js), alternating which side goes first,
// and leaves the results in `window.bench` for bench/run.mjs to collect.
// webrtc-wasm is the Rust API (bench/src/lib.rs, built into ./pkg) except in
// the "JS API" cases, which use the npm package's classes (api.js).
//
// Query parameters: `quick` (small sizes and few repetitions, to check that
// everything runs),
// `cases=bulk,messages,api-bulk,api-messages,latency,setup,stats,api-stats,api-file,memory`.
import * as api from "./api.js";
import init, * as ours from "./pkg/webrtc_wasm_bench.js";
import * as raw from "./raw.js";

const params = new URLSearchParams(location.search);
const quick = params.has("quick");
const allCases = "bulk,messages,api-bulk,api-messages,latency,setup,stats,api-stats,api-file,memory";
const selected = new Set((params.get("cases") ?? allCases).split(","));
const KiB = 1024;
const MiB = 1024 * KiB;
const plan = quick
  ? { bulkBytes: 4 * MiB, bulkReps: 3, messages: 5_000, messageReps: 3, pings: 200, pingReps: 3, setupReps: 5, statsReps: 5, cycles: 20 }
  : { bulkBytes: 64 * MiB, bulkReps: 5, messages: 100_000, messageReps: 9, pings: 2_000, pingReps: 5, setupReps: 31, statsReps: 31, cycles: 1_000 };

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
// at the other side, its SHA-256 checked) against the raw `blob.stream()` +
// `bufferedamountlow` loop, which neither checks nor acknowledges anything.
async function apiFile() {
  const bytes = new Uint8Array(plan.bulkBytes);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) & 255;
  const blob = new Blob([bytes]);
  const warm = blob.slice(0, MiB);
  await api.sendBlob(warm);
  await raw.sendBlob(warm);
  const mbps = (ms) => blob.size / 1e6 / (ms / 1000);
  const runs = await alternate(
    plan.bulkReps,
    async () => mbps(await api.sendBlob(blob)),
    async () => mbps(await raw.sendBlob(blob)),
  );
  record(`JS API: file transfer, ${blob.size / MiB} MiB Blob`, "MB/s", runs.ours, runs.raw, {
    higherIsBetter: true,
    target: 0.95,
  });
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
    record(`stats: full report, ${objects} objects`, "ms", runs.ours.slice(1), runs.raw.slice(1), {
      higherIsBetter: false,
      target: 0.83,
    });
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

// Collects garbage where the page may (Chromium with --js-flags=--expose-gc),
// after letting closed connections finish.
async function settle() {
  await sleep(1000);
  if (typeof window.gc === "function") {
    window.gc();
    await sleep(200);
    window.gc();
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
  };
}

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
        if (typeof window.gc === "function") window.gc();
        if ((i + 1) % 100 === 0) log(`  ${i + 1} cycles`);
      }
    }
    await settle();
    return { before, after: await snapshot() };
  };
  const mine = await measure(ours.setup);
  const theirs = await measure(raw.setup);
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
    log(`${name} ...`);
    try {
      await run();
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
