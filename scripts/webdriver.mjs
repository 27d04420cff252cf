// Headless Chromium and Firefox through their WebDriver servers
// (ChromeDriver, geckodriver), and a static file server for the pages they
// open. Shared by the end-to-end test (tests/e2e/demo.mjs) and the
// benchmarks (bench/run.mjs).
import { spawn } from "node:child_process";
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import { homedir } from "node:os";
import { extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const webdriverConfig = JSON.parse(readFileSync(join(root, "webdriver.json"), "utf8"));

const types = {
  ".css": "text/css",
  ".html": "text/html",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
};

export const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// Serves the files under `dir` on a free loopback port, with `headers` on
// every response. Resolves to the listening server.
export function serve(dir, headers = {}) {
  dir = resolve(dir);
  const server = createServer((req, res) => {
    const path = join(dir, decodeURIComponent(new URL(req.url, "http://x").pathname));
    const file = path.endsWith("/") ? join(path, "index.html") : path;
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { ...headers, "content-type": types[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

// A free TCP port on the loopback interface.
export function freePort() {
  return new Promise((ok, fail) => {
    const probe = createNetServer();
    probe.on("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => ok(port));
    });
  });
}

async function command(base, method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value)}`);
  return json.value;
}

export const browsers = {
  chrome: {
    driver: process.env.CHROMEDRIVER_BIN ?? "/usr/bin/chromedriver",
    args: (port) => [`--port=${port}`],
    capabilities: (extraArgs) => ({
      browserName: "chrome",
      "goog:chromeOptions": {
        binary: process.env.CHROMIUM_BIN ?? "/usr/bin/chromium",
        args: ["--headless=new", ...webdriverConfig["goog:chromeOptions"].args, ...extraArgs],
      },
    }),
  },
  firefox: {
    driver: process.env.GECKODRIVER_BIN ?? join(homedir(), ".cargo/bin/geckodriver"),
    args: (port) => ["--port", String(port)],
    capabilities: (extraArgs, extraPrefs) => ({
      browserName: "firefox",
      "moz:firefoxOptions": {
        binary: process.env.FIREFOX_BIN ?? "/usr/bin/firefox-esr",
        args: ["-headless"],
        prefs: { ...webdriverConfig["moz:firefoxOptions"].prefs, ...extraPrefs },
      },
    }),
  },
};

// Opens `url` in the headless browser `name` ("chrome" or "firefox") and
// calls `use(page)`, where `page.run(script)` runs a synchronous script in
// the page and returns its result, `page.screenshot()` gives a PNG of the
// viewport, `page.resize(width, height)` sizes the window, `page.openTab(url)`,
// `page.tab()` and `page.switchTo(handle)` work with tabs, and
// `page.version` is the browser's version. `chromeArgs` are added to
// Chromium's command line, `firefoxPrefs` to Firefox's preferences. The
// browser and its driver are shut down afterwards.
export async function withBrowser(name, url, use, { chromeArgs = [], firefoxPrefs = {} } = {}) {
  const browser = browsers[name];
  const port = await freePort();
  const driver = spawn(browser.driver, browser.args(port), { stdio: "ignore" });
  const base = `http://127.0.0.1:${port}`;
  let session;
  try {
    for (let i = 0; ; i++) {
      try {
        await command(base, "GET", "/status");
        break;
      } catch (error) {
        if (i > 100) throw error;
        await sleep(100);
      }
    }
    const created = await command(base, "POST", "/session", {
      capabilities: { alwaysMatch: browser.capabilities(chromeArgs, firefoxPrefs) },
    });
    session = created.sessionId;
    await command(base, "POST", `/session/${session}/url`, { url });
    const page = {
      version: created.capabilities.browserVersion,
      run: (script) => command(base, "POST", `/session/${session}/execute/sync`, { script, args: [] }),
      // The current tab's handle; a new tab at `url` (which becomes the
      // current one), returning its handle; switching tabs.
      tab: () => command(base, "GET", `/session/${session}/window`),
      openTab: async (tabUrl) => {
        const { handle } = await command(base, "POST", `/session/${session}/window/new`, { type: "tab" });
        await command(base, "POST", `/session/${session}/window`, { handle });
        await command(base, "POST", `/session/${session}/url`, { url: tabUrl });
        return handle;
      },
      switchTo: (handle) => command(base, "POST", `/session/${session}/window`, { handle }),
      // Sets the window's outer size.
      resize: (width, height) => command(base, "POST", `/session/${session}/window/rect`, { width, height }),
      // A PNG of the viewport.
      screenshot: async () => Buffer.from(await command(base, "GET", `/session/${session}/screenshot`), "base64"),
    };
    return await use(page);
  } finally {
    if (session) await command(base, "DELETE", `/session/${session}`).catch(() => {});
    driver.kill();
  }
}
