// Headless Chromium and Firefox for the end-to-end tests (tests/e2e), the
// packaging tests and the benchmarks (bench/run.mjs): Chromium through
// Playwright (playwright-core driving the installed Chromium), Firefox
// through geckodriver and the WebdriverIO client. Both give the same `page`
// (see withBrowser). Also a static file server for the pages they open.
import { spawn } from "node:child_process";
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import { homedir } from "node:os";
import { extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";
import { remote } from "webdriverio";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
// The flags and preferences the Rust browser tests use too: fake media
// devices, autoplay, loopback ICE in Firefox.
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

// A script body (statements, with `return`) as Playwright's expression.
const expression = (script) => `(() => {\n${script}\n})()`;

async function chromiumPage(url, use, { chromeArgs }) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_BIN ?? "/usr/bin/chromium",
    args: [...webdriverConfig["goog:chromeOptions"].args, ...chromeArgs],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1100 } });
    const tabs = [];
    const dialogs = [];
    const open = async (tabUrl) => {
      const tab = await context.newPage();
      // A dialog is noted and dismissed: a page under test should open none.
      tab.on("dialog", (dialog) => {
        dialogs.push(dialog.message());
        dialog.dismiss().catch(() => {});
      });
      tabs.push(tab);
      await tab.goto(tabUrl);
      return tabs.length - 1;
    };
    let current = await open(url);
    return await use({
      version: browser.version(),
      run: (script) => tabs[current].evaluate(expression(script)),
      tab: async () => current,
      openTab: async (tabUrl) => {
        current = await open(tabUrl);
        return current;
      },
      switchTo: async (handle) => {
        current = handle;
        await tabs[current].bringToFront();
      },
      resize: (width, height) => tabs[current].setViewportSize({ width, height }),
      screenshot: () => tabs[current].screenshot(),
      dialogs: async () => [...dialogs],
    });
  } finally {
    await browser.close();
  }
}

async function firefoxPage(url, use, { firefoxPrefs }) {
  const port = await freePort();
  const driver = spawn(process.env.GECKODRIVER_BIN ?? join(homedir(), ".cargo/bin/geckodriver"), ["--port", String(port)], {
    stdio: "ignore",
  });
  let browser;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/status`)).ok) break;
      } catch (error) {
        if (i > 100) throw new Error(`geckodriver did not start: ${error}`);
      }
      await sleep(100);
    }
    browser = await remote({
      hostname: "127.0.0.1",
      port,
      path: "/",
      logLevel: "silent",
      capabilities: {
        browserName: "firefox",
        // Classic WebDriver: scripts run as function bodies, as in Chromium.
        "wdio:enforceWebDriverClassic": true,
        unhandledPromptBehavior: "ignore",
        "moz:firefoxOptions": {
          binary: process.env.FIREFOX_BIN ?? "/usr/bin/firefox-esr",
          args: ["-headless"],
          prefs: { ...webdriverConfig["moz:firefoxOptions"].prefs, ...firefoxPrefs },
        },
      },
    });
    await browser.setWindowSize(1280, 1100);
    await browser.url(url);
    return await use({
      version: browser.capabilities.browserVersion,
      run: (script) => browser.execute(script),
      tab: () => browser.getWindowHandle(),
      openTab: async (tabUrl) => {
        const { handle } = await browser.createWindow("tab");
        await browser.switchToWindow(handle);
        await browser.url(tabUrl);
        return handle;
      },
      switchTo: (handle) => browser.switchToWindow(handle),
      resize: (width, height) => browser.setWindowSize(width, height),
      screenshot: async () => Buffer.from(await browser.takeScreenshot(), "base64"),
      // The open dialog's text, if one is open (prompts are left open).
      dialogs: () => browser.getAlertText().then(
        (text) => [text],
        () => [],
      ),
    });
  } finally {
    await browser?.deleteSession().catch(() => {});
    driver.kill();
  }
}

export const browsers = { chrome: chromiumPage, firefox: firefoxPage };

// Opens `url` in the headless browser `name` ("chrome" or "firefox") and
// calls `use(page)`, where:
// - `page.run(script)` runs a script body (statements, with `return`) in the
//   current tab and resolves to its result;
// - `page.screenshot()` gives a PNG of the viewport, and
//   `page.resize(width, height)` sizes it (the window, in Firefox);
// - `page.openTab(url)` opens a tab and makes it current, returning its
//   handle; `page.tab()` is the current one's, `page.switchTo(handle)`;
// - `page.dialogs()` lists the dialogs (alert, confirm, prompt) the page
//   opened;
// - `page.version` is the browser's version.
// `chromeArgs` are added to Chromium's command line, `firefoxPrefs` to
// Firefox's preferences. The browser is shut down afterwards.
export function withBrowser(name, url, use, { chromeArgs = [], firefoxPrefs = {} } = {}) {
  const open = browsers[name];
  if (open === undefined) throw new Error(`no browser called ${name}`);
  return open(url, use, { chromeArgs, firefoxPrefs });
}
