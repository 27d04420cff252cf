// Runs the benchmark page (bench/page, with the npm package served at
// /npm/ for its "JS API" cases) in headless Chromium and Firefox, measures
// the npm package's size next to simple-peer's and PeerJS's, and writes
// bench/results.json, bench/results.md and bench/results.svg.
//
// Usage (scripts/bench.sh builds what it needs first):
//   node bench/run.mjs --npm <the built package, pkg/> [--quick]
//                      [--cases bulk,api-bulk,stats,...] [--browsers chrome,firefox]
import { createReadStream, existsSync, readFileSync, readdirSync, readlinkSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import { extname, join, relative, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

import { measure, moduleGraph } from "../scripts/package/graph.mjs";
import { sleep, withBrowser } from "../scripts/browsers.mjs";
import { attachJanus } from "../www/janus-proxy.mjs";

const here = resolve(fileURLToPath(new URL(".", import.meta.url)));
const root = resolve(here, "..");
const { values: options } = parseArgs({
  options: {
    npm: { type: "string" },
    quick: { type: "boolean", default: false },
    cases: { type: "string" },
    browsers: { type: "string", default: "chrome,firefox" },
  },
});
if (!options.npm) {
  console.error("usage: node bench/run.mjs --npm <pkg dir> [--quick] [--cases ...] [--browsers ...]");
  process.exit(2);
}
const npmDir = resolve(options.npm);
const BROWSER_TIMEOUT_MS = 90 * 60 * 1000;
const names = { chrome: "Chromium", firefox: "Firefox" };


function packageSizes() {
  // What the default entry ("webrtc-wasm", dist/index.js) loads; each file
  // on its own, by kind.
  const files = moduleGraph(join(npmDir, "dist", "index.js"));
  const wasm = files.filter((f) => f.endsWith(".wasm"));
  const js = files.filter((f) => f.endsWith(".js"));
  if (wasm.length !== 1 || js.length === 0 || wasm.length + js.length !== files.length) {
    throw new Error(`unexpected files loaded by ${npmDir}/dist/index.js: ${files.join(", ")}`);
  }
  const parts = [
    { name: ".wasm", files: wasm },
    { name: "JavaScript (the API and the wasm-bindgen glue, bundled)", files: js },
  ].map(({ name, files: group }) => ({
    name,
    files: group.map((f) => relative(npmDir, f)),
    ...measure(group),
  }));
  const { version } = JSON.parse(readFileSync(join(npmDir, "package.json"), "utf8"));
  const dependency = (name, file) => {
    const dir = join(root, "node_modules", name);
    const { version } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    return { name: `${name} ${version}`, files: file, ...measure([join(dir, file)]) };
  };
  return {
    npm: {
      name: `webrtc-wasm ${version}`,
      files: `default entry: .wasm and ${js.length} modules`,
      ...measure(files),
      parts,
    },
    references: [dependency("simple-peer", "simplepeer.min.js"), dependency("peerjs", "dist/peerjs.min.js")],
  };
}

const types = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

// Serves the page from bench/page and the npm package at /npm/, on a free
// loopback port, with `headers` on every response.
// The CPU time (user + system, in seconds) of every browser process on
// this machine, from /proc: the SFU case reads it around a window of a
// running room. Processes of other users, or gone meanwhile, are skipped.
const CLOCK_TICKS = 100;
function browserCpuSeconds() {
  let ticks = 0;
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const exe = readlinkSync(`/proc/${pid}/exe`);
      if (!/\/(chromium|chrome|firefox[^/]*)\//.test(exe)) continue;
      // The fields after the command name (which may hold spaces): utime
      // and stime are the 12th and 13th of them.
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone, or not ours to read.
    }
  }
  return ticks / CLOCK_TICKS;
}

function servePage(headers) {
  const mounts = [
    ["/npm/", npmDir],
    // The demo's Janus client, for the SFU case.
    ["/www/", join(here, "..", "www")],
    ["/", join(here, "page")],
  ];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path === "/cpu") {
      res.writeHead(200, { ...headers, "content-type": "application/json" }).end(JSON.stringify({ seconds: browserCpuSeconds() }));
      return;
    }
    const [prefix, dir] = mounts.find(([p]) => path.startsWith(p));
    const file = resolve(dir, `.${path.slice(prefix.length - 1)}${path.endsWith("/") ? "index.html" : ""}`);
    if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { ...headers, "content-type": types[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  // The SFU case reaches the test Janus through the page's origin.
  attachJanus(server);
  // The same pages on 127.0.0.2 and the same port: another site, which the
  // "apart" file-transfer case loads in an iframe of its own process.
  // Where 127.0.0.2 cannot be bound (a system whose loopback has only
  // 127.0.0.1), that case fails on its own and the others run.
  const other = createServer((req, res) => server.emit("request", req, res));
  return new Promise((ok) =>
    server.listen(0, "127.0.0.1", () => {
      other.once("error", (error) => {
        console.log(`[bench] no server on 127.0.0.2 (${error.message}): the api-file-apart case cannot run`);
        ok(server);
      });
      other.listen(server.address().port, "127.0.0.2", () => {
        server.once("close", () => other.close());
        ok(server);
      });
    }),
  );
}

async function runPage(browser, url) {
  // Chromium: exact heap figures and a `gc()` for the memory case.
  const chromeArgs = ["--enable-blink-features=ForceEagerMeasureMemory", "--js-flags=--expose-gc"];
  return withBrowser(
    browser,
    url,
    async (page) => {
      const deadline = Date.now() + BROWSER_TIMEOUT_MS;
      let shown = 0;
      for (;;) {
        const state = await page.run(
          `const b = window.bench; return b ? { done: b.done, log: b.log.slice(${shown}) } : null;`,
        );
        for (const line of state?.log ?? []) console.log(`[${browser}] ${line}`);
        shown += state?.log.length ?? 0;
        if (state?.done) break;
        if (Date.now() > deadline) throw new Error(`${browser}: no result after ${BROWSER_TIMEOUT_MS / 60000} min`);
        await sleep(1000);
      }
      const result = await page.run(
        "const b = window.bench; return { results: b.results, errors: b.errors, plan: b.plan, npmFiles: b.npmFiles, userAgent: navigator.userAgent, crossOriginIsolated: window.crossOriginIsolated };",
      );
      return { ...result, version: page.version };
    },
    { chromeArgs },
  );
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const fmt = (value) => (value === null || value === undefined ? "–" : String(value));
const verdict = (entry) => {
  if (entry.ratio === null || entry.target === null) return "";
  return entry.ratio >= entry.target ? "met" : "**missed**";
};

function markdown(report) {
  const lines = [];
  lines.push("# webrtc-wasm benchmarks", "");
  lines.push(
    `${report.quick ? "**Quick run (small sizes, few repetitions): not representative.** " : ""}` +
      `Generated ${report.generated} on ${report.machine.cpus} × ${report.machine.cpu}, ` +
      `${report.machine.memoryGiB} GiB, ${report.machine.os}, Node ${report.machine.node}.`,
  );
  lines.push("");
  for (const [browser, info] of Object.entries(report.browsers)) {
    lines.push(
      `- ${names[browser]} ${info.version}, cross-origin isolated: ${info.crossOriginIsolated}` +
        `${info.generated ? ` (measured ${info.generated})` : ""} (\`${info.userAgent}\`)`,
    );
  }
  for (const { browser, case: name, error } of report.errors) {
    lines.push(`- **${names[browser]}: ${name ?? "the run"} failed**: \`${error.split("\n")[0]}\``);
  }
  lines.push("");
  lines.push(
    "Each side runs in the same page; rounds alternate which side goes first. Figures are medians over the runs. " +
      "The ratio is oriented so that above 1 means webrtc-wasm did better than raw JavaScript " +
      "(ours / raw for rates, raw / ours for times). " +
      "The “JS API” cases use the npm package's `DataChannel` (`await channel.send()` on one side, " +
      "`for await (const message of channel)` on the other); the other cases use the Rust API.",
    "",
  );
  lines.push("| case | browser | unit | webrtc-wasm | raw JS | ratio | target | |");
  lines.push("|---|---|---|--:|--:|--:|--:|---|");
  for (const entry of report.results.filter((e) => e.ratio !== null && e.browser)) {
    lines.push(
      `| ${entry.case}${entry.measured ? ` (measured ${entry.measured.slice(0, 16)})` : ""} | ${names[entry.browser]} | ${entry.unit} | ${entry.ours} | ${entry.raw_js} | ` +
        `${entry.ratio.toFixed(3)} | ≥ ${entry.target} | ${verdict(entry)} |`,
    );
  }
  lines.push("", "## Memory", "");
  lines.push(
    "Create → connect → close cycles after 20 warm-up cycles; figures are after − before, once closed " +
      "connections have been collected (`gc()` in Chromium; in Firefox, which lets no page force a collection, allocation pressure until the probe below stops changing). " +
      "JS heap: Chromium's `performance.measureUserAgentSpecificMemory()`; Firefox exposes no heap figure to pages. " +
      "Browser connections not collected: a `FinalizationRegistry` probe over every `RTCPeerConnection` the cycles made, " +
      "in both browsers. Wasm memory and listeners exist only on the webrtc-wasm side. " +
      "Per channel: the growth while that many channels are open on one connection, divided by their number.",
    "",
  );
  lines.push("| case | browser | unit | webrtc-wasm | raw JS |");
  lines.push("|---|---|---|--:|--:|");
  for (const entry of report.results.filter((e) => e.ratio === null && e.browser)) {
    const when = entry.measured ? ` (measured ${entry.measured.slice(0, 16)})` : "";
    lines.push(`| ${entry.case}${when} | ${names[entry.browser]} | ${entry.unit} | ${fmt(entry.ours)} | ${fmt(entry.raw_js)} |`);
  }
  lines.push("", "## Package size", "");
  lines.push("| package | files | raw | gzip -9 |");
  lines.push("|---|---|--:|--:|");
  for (const entry of report.packages) {
    lines.push(`| ${entry.name} | ${entry.files} | ${kb(entry.raw)} | ${kb(entry.gzip)} |`);
  }
  const [npm, simplePeer] = report.packages;
  lines.push("", `${npm.name}: every file the default entry (\`dist/index.js\`) loads, each compressed on its own:`, "");
  lines.push("| part | files | raw | gzip -9 |");
  lines.push("|---|---|--:|--:|");
  for (const part of npm.parts) {
    lines.push(`| ${part.name} | ${part.files.map((f) => `\`${f}\``).join(", ")} | ${kb(part.raw)} | ${kb(part.gzip)} |`);
  }
  lines.push("");
  lines.push(
    "The npm package's media, stats and file transfer are TypeScript over the browser's objects; its wasm module " +
      "(connections, data channels, negotiation) is the same whichever parts an application uses, so there is no " +
      "separate data-channel-only build yet.",
    "",
  );
  lines.push(
    `- The npm package (what its default entry loads) ≤ 64 KB gzipped: ${kb(npm.gzip)}, ` +
      `${npm.gzip <= 64_000 ? "met" : "**missed**"}.`,
  );
  lines.push(
    `- Smaller than ${simplePeer.name} (${kb(simplePeer.gzip)} gzipped): ` +
      `${kb(npm.gzip)}, ${npm.gzip < simplePeer.gzip ? "met" : "**missed**"}.`,
  );
  return lines.join("\n") + "\n";
}

const escape = (text) => String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;");

// A horizontal bar chart of the ratios (one bar per browser per case, a line
// at 1 and a tick at each target) and of the package sizes.
function chart(report) {
  const ratios = report.results.filter((e) => e.ratio !== null && e.browser);
  const caseNames = [...new Set(ratios.map((e) => e.case))];
  const browsers = Object.keys(report.browsers);
  const colors = { chrome: "#3b7dd8", firefox: "#e66c2c" };
  const left = 330;
  const width = 900;
  const plotWidth = width - left - 60;
  const bar = 12;
  const rowHeight = browsers.length * bar + 12;
  const maxRatio = Math.max(1.25, ...ratios.map((e) => e.ratio)) * 1.05;
  const x = (ratio) => left + (ratio / maxRatio) * plotWidth;
  const parts = [];
  let y = 50;
  parts.push(`<text x="${width / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">webrtc-wasm vs raw JavaScript (ratio, higher is better for webrtc-wasm)</text>`);
  browsers.forEach((b, i) => {
    parts.push(`<rect x="${left + i * 150}" y="32" width="12" height="12" fill="${colors[b]}"/>`);
    parts.push(`<text x="${left + i * 150 + 18}" y="42" font-size="12">${names[b]} ${escape(report.browsers[b].version)}</text>`);
  });
  y += 10;
  const top = y;
  for (const name of caseNames) {
    parts.push(`<text x="${left - 8}" y="${y + rowHeight / 2}" text-anchor="end" font-size="12">${escape(name)}</text>`);
    browsers.forEach((b, i) => {
      const entry = ratios.find((e) => e.case === name && e.browser === b);
      if (!entry) return;
      const by = y + 4 + i * bar;
      parts.push(`<rect x="${left}" y="${by}" width="${x(entry.ratio) - left}" height="${bar - 2}" fill="${colors[b]}"/>`);
      parts.push(`<text x="${x(entry.ratio) + 4}" y="${by + bar - 3}" font-size="10">${entry.ratio.toFixed(3)}</text>`);
      parts.push(`<line x1="${x(entry.target)}" x2="${x(entry.target)}" y1="${by - 1}" y2="${by + bar - 1}" stroke="#000" stroke-width="2"/>`);
    });
    y += rowHeight;
  }
  parts.push(`<line x1="${x(1)}" x2="${x(1)}" y1="${top - 4}" y2="${y}" stroke="#555" stroke-dasharray="4 3"/>`);
  parts.push(`<text x="${x(1)}" y="${y + 14}" text-anchor="middle" font-size="11">1.0 = raw JavaScript; black ticks: targets</text>`);
  parts.push(`<line x1="${left}" x2="${left}" y1="${top - 4}" y2="${y}" stroke="#000"/>`);
  y += 50;
  parts.push(`<text x="${width / 2}" y="${y}" text-anchor="middle" font-size="16" font-weight="bold">Package size, gzip -9 (KB)</text>`);
  y += 16;
  const maxSize = Math.max(64_000, ...report.packages.map((p) => p.gzip)) * 1.1;
  const sx = (bytes) => left + (bytes / maxSize) * plotWidth;
  const sizeTop = y;
  for (const entry of report.packages) {
    const ours = entry.name.startsWith("webrtc-wasm");
    parts.push(`<text x="${left - 8}" y="${y + 13}" text-anchor="end" font-size="12">${escape(entry.name)}</text>`);
    parts.push(`<rect x="${left}" y="${y + 3}" width="${sx(entry.gzip) - left}" height="14" fill="${ours ? "#2a9d5b" : "#999"}"/>`);
    parts.push(`<text x="${sx(entry.gzip) + 4}" y="${y + 14}" font-size="10">${(entry.gzip / 1000).toFixed(1)}</text>`);
    y += 22;
  }
  parts.push(`<line x1="${sx(64_000)}" x2="${sx(64_000)}" y1="${sizeTop}" y2="${y}" stroke="#000" stroke-dasharray="4 3"/>`);
  parts.push(`<text x="${sx(64_000)}" y="${y + 14}" text-anchor="middle" font-size="11">64 KB target</text>`);
  y += 30;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" font-family="sans-serif">\n` +
    `<rect width="100%" height="100%" fill="#fff"/>\n${parts.join("\n")}\n</svg>\n`
  );
}

const packages = packageSizes();
console.log(
  `[size] ${packages.npm.name} (default entry) ${kb(packages.npm.gzip)} gzip ` +
    `(${packages.npm.parts.map((p) => `${p.name} ${kb(p.gzip)}`).join(", ")}); ` +
    packages.references.map((r) => `${r.name} ${kb(r.gzip)}`).join(", "),
);

// Cross-origin isolation gives both browsers fine-grained performance.now().
const server = await servePage({
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-embedder-policy": "require-corp",
  // The other site's iframe (127.0.0.2) may be embedded.
  "cross-origin-resource-policy": "cross-origin",
  "cache-control": "no-store",
});
const query = new URLSearchParams();
if (options.quick) query.set("quick", "");
if (options.cases) query.set("cases", options.cases);
const url = `http://127.0.0.1:${server.address().port}/?${query}`;

const report = {
  generated: new Date().toISOString(),
  quick: options.quick,
  machine: {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: os.cpus()[0]?.model ?? "unknown",
    cpus: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.versions.node,
  },
  browsers: {},
  plan: null,
  results: [],
  errors: [],
  packages: [packages.npm, ...packages.references],
};
let failed = false;
try {
  for (const browser of options.browsers.split(",")) {
    try {
      const run = await runPage(browser, url);
      report.browsers[browser] = {
        version: run.version,
        userAgent: run.userAgent,
        crossOriginIsolated: run.crossOriginIsolated,
      };
      report.plan = run.plan;
      for (const entry of run.results) report.results.push({ case: entry.case, browser, ...entry });
      // The files the browser fetched from the package are the ones measured.
      if (run.npmFiles?.length) {
        const measured = packages.npm.parts.flatMap((part) => part.files);
        const missing = run.npmFiles.filter((f) => !measured.includes(f));
        const unused = measured.filter((f) => !run.npmFiles.includes(f));
        if (missing.length > 0 || unused.length > 0) {
          run.errors.push({
            case: "package size",
            error: `the page loaded ${run.npmFiles.join(", ")} from the package; the size counts ${measured.join(", ")}`,
          });
        } else {
          console.log(`[${browser}] the page loaded the ${measured.length} files of the package that the size counts`);
        }
      }
      for (const { case: name, error } of run.errors) {
        console.error(`[${browser}] ${name} failed: ${error}`);
        report.errors.push({ browser, case: name, error });
        failed = true;
      }
    } catch (error) {
      console.error(String(error));
      report.errors.push({ browser, case: null, error: String(error) });
      failed = true;
    }
  }
} finally {
  server.close();
}

// A run of some of the browsers keeps the other browsers' results of the
// previous run (same plan), so that one browser can be measured again.
const previousFile = join(here, "results.json");
if (existsSync(previousFile)) {
  const previous = JSON.parse(readFileSync(previousFile, "utf8"));
  const keep = Object.keys(previous.browsers ?? {}).filter((b) => !(b in report.browsers));
  if (keep.length > 0 && previous.quick === report.quick && !options.cases) {
    for (const b of keep) {
      report.browsers[b] = { ...previous.browsers[b], generated: previous.generated };
      report.results.push(...previous.results.filter((e) => e.browser === b));
      report.errors.push(...(previous.errors ?? []).filter((e) => e.browser === b));
    }
    console.log(`kept the previous run's results for ${keep.join(", ")} (${previous.generated})`);
  }
}

// A run of some cases keeps the previous figures of everything else (the
// other cases, and every case of a browser it did not run; same plan), each
// marked with when it was measured.
if (options.cases && existsSync(previousFile)) {
  const previous = JSON.parse(readFileSync(previousFile, "utf8"));
  const ran = new Set(options.cases.split(","));
  if (previous.quick === report.quick) {
    const measuredNow = (e) => e.browser in report.browsers && ran.has(e.group);
    const kept = previous.results.filter((e) => e.browser && e.group && !measuredNow(e));
    report.results.push(...kept.map((e) => ({ ...e, measured: e.measured ?? previous.generated })));
    for (const [b, info] of Object.entries(previous.browsers ?? {})) report.browsers[b] ??= info;
    if (kept.length > 0) console.log(`kept ${kept.length} figures of what this run did not measure`);
  }
}

report.results.push({
  case: "npm package size (what the default entry loads: .wasm, glue, dist modules), gzip -9",
  browser: null,
  unit: "bytes",
  ours: packages.npm.gzip,
  raw_js: null,
  ratio: null,
  compare: Object.fromEntries(packages.references.map((r) => [r.name, r.gzip])),
});

writeFileSync(join(here, "results.json"), JSON.stringify(report, null, 2) + "\n");
writeFileSync(join(here, "results.md"), markdown(report));
writeFileSync(join(here, "results.svg"), chart(report));
console.log(`wrote ${["results.json", "results.md", "results.svg"].map((f) => join("bench", f)).join(", ")}`);
process.exit(failed ? 1 : 0);
