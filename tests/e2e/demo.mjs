// End-to-end check of the npm package through the demo: serves the webpack
// build in dist/, opens it in headless Chromium and Firefox through their
// WebDriver servers, and waits until both peers are connected and each side
// received the other's data-channel message.
//
// Usage: node tests/e2e/demo.mjs <dist dir>
import { spawn } from "node:child_process";
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import { homedir } from "node:os";
import { extname, join, resolve } from "node:path";

const dist = resolve(process.argv[2] ?? "dist");
const root = resolve(new URL("../..", import.meta.url).pathname);
const webdriverConfig = JSON.parse(readFileSync(join(root, "webdriver.json"), "utf8"));
const TIMEOUT_MS = 30_000;

const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };

function serve(dir) {
  const server = createServer((req, res) => {
    const path = join(dir, decodeURIComponent(new URL(req.url, "http://x").pathname));
    const file = path.endsWith("/") ? join(path, "index.html") : path;
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

function freePort() {
  return new Promise((ok, fail) => {
    const probe = createNetServer();
    probe.on("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => ok(port));
    });
  });
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

async function webdriver(base, method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value)}`);
  return json.value;
}

const browsers = {
  chrome: {
    driver: process.env.CHROMEDRIVER_BIN ?? "/usr/bin/chromedriver",
    args: (port) => [`--port=${port}`],
    capabilities: {
      browserName: "chrome",
      "goog:chromeOptions": {
        binary: process.env.CHROMIUM_BIN ?? "/usr/bin/chromium",
        args: ["--headless=new", ...webdriverConfig["goog:chromeOptions"].args],
      },
    },
  },
  firefox: {
    driver: process.env.GECKODRIVER_BIN ?? join(homedir(), ".cargo/bin/geckodriver"),
    args: (port) => ["--port", String(port)],
    capabilities: {
      browserName: "firefox",
      "moz:firefoxOptions": {
        binary: process.env.FIREFOX_BIN ?? "/usr/bin/firefox-esr",
        args: ["-headless"],
        prefs: webdriverConfig["moz:firefoxOptions"].prefs,
      },
    },
  },
};

async function runIn(name, url) {
  const browser = browsers[name];
  const port = await freePort();
  const driver = spawn(browser.driver, browser.args(port), { stdio: "ignore" });
  const base = `http://127.0.0.1:${port}`;
  let session;
  try {
    for (let i = 0; ; i++) {
      try {
        await webdriver(base, "GET", "/status");
        break;
      } catch (error) {
        if (i > 100) throw error;
        await sleep(100);
      }
    }
    session = (await webdriver(base, "POST", "/session", {
      capabilities: { alwaysMatch: browser.capabilities },
    })).sessionId;
    await webdriver(base, "POST", `/session/${session}/url`, { url });
    const read = `return {
      cells: Object.fromEntries([...document.querySelectorAll("td[id]")].map((c) => [c.id, c.textContent])),
      log: document.getElementById("log").textContent,
    };`;
    const deadline = Date.now() + TIMEOUT_MS;
    let page;
    while (Date.now() < deadline) {
      page = await webdriver(base, "POST", `/session/${session}/execute/sync`, { script: read, args: [] });
      const { cells, log } = page;
      const done =
        cells["a-connection"] === "connected" &&
        cells["b-connection"] === "connected" &&
        cells["a-signaling"] === "stable" &&
        cells["b-signaling"] === "stable" &&
        log.includes('a: received "hello from B"') &&
        log.includes('b: received "hello from A"');
      if (done) return { ok: true };
      if (log.includes("error")) break;
      await sleep(200);
    }
    return { ok: false, detail: JSON.stringify(page, null, 2) };
  } finally {
    if (session) await webdriver(base, "DELETE", `/session/${session}`).catch(() => {});
    driver.kill();
  }
}

const server = await serve(dist);
const url = `http://127.0.0.1:${server.address().port}/`;
let passed = 0;
let failed = 0;
for (const name of Object.keys(browsers)) {
  let result;
  try {
    result = await runIn(name, url);
  } catch (error) {
    result = { ok: false, detail: String(error) };
  }
  if (result.ok) {
    passed++;
    console.log(`test demo connects two peers in ${name} ... ok`);
  } else {
    failed++;
    console.log(`test demo connects two peers in ${name} ... FAILED\n${result.detail}`);
  }
}
server.close();
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
