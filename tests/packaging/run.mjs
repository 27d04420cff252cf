// Packaging tests: the packed npm package (npm pack pkg/) installed into
// small apps exactly as a user installs it, built, and run in headless
// Chromium and Firefox, where each page connects two PeerConnections and
// exchanges a message each way (shared/loopback.js). Also publint and
// arethetypeswrong on the same tarball, and the size budget of what the
// default entry loads: 64 KB gzip -9 for the release build (nightly Rust),
// 80 KB for the stable fallback (scripts/build.sh says which it made).
//
// Apps (each directory here is one, with its own package.json):
//   webpack/    webpack 5, no configuration: production and development builds
//   vite/       Vite, no configuration: the dev server and the production build
//   vite-slim/  the same with the slim entry and a `?url` import of the wasm
//   plain/      no bundler: the files as installed, with an import map
// Bundlers come from the npm cache (--prefer-offline) at the versions the
// root package.json pins.
//
// Usage: node tests/packaging/run.mjs   (after scripts/build.sh; prints
// one line per test and `packaging: N passed, M failed`)
import { execFile, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";

import { measure, moduleGraph } from "../../scripts/package/graph.mjs";
import { browsers, freePort, serve, sleep, withBrowser } from "../../scripts/browsers.mjs";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const here = join(root, "tests/packaging");
const bin = join(root, "node_modules/.bin");
const PAGE_TIMEOUT_MS = 30_000;
const run = promisify(execFile);

const started = Date.now();
const log = (message) => console.error(`[packaging ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);

const results = [];
function report(name, ok, detail = "") {
  results.push(ok);
  console.log(`test packaging ${name} ... ${ok ? "ok" : `FAILED\n${detail}`}`);
}

async function sh(command, args, options = {}) {
  try {
    return await run(command, args, { maxBuffer: 64 << 20, ...options });
  } catch (error) {
    throw new Error(`${command} ${args.join(" ")} failed:\n${error.stdout ?? ""}${error.stderr ?? ""}`);
  }
}

// Starts the Vite dev server of `dir`; resolves once it answers.
async function viteDev(dir) {
  const port = await freePort();
  const child = spawn(join(dir, "node_modules/.bin/vite"), ["--host", "127.0.0.1", "--port", String(port), "--strictPort"], {
    cwd: dir,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`vite dev server in ${dir} exited: ${stderr}`);
    try {
      if ((await fetch(url)).ok) return { url, close: () => child.kill() };
    } catch (error) {
      if (i > 300) throw new Error(`vite dev server in ${dir} did not answer: ${error}\n${stderr}`);
    }
    await sleep(100);
  }
}

async function staticServer(dir) {
  const server = await serve(dir);
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

// Opens each page in turn in one browser session and waits for its result.
async function runPages(browser, pages) {
  await withBrowser(browser, "about:blank", async (page) => {
    for (const { name, url } of pages) {
      const target = JSON.stringify(url);
      await page.run(`location.assign(${target}); return null;`);
      const deadline = Date.now() + PAGE_TIMEOUT_MS;
      let result = null;
      let lastError;
      while (result === null && Date.now() < deadline) {
        try {
          result = await page.run(`return location.href === ${target} ? (window.__packaging ?? null) : null;`);
          lastError = undefined;
        } catch (error) {
          // The page is being replaced; the next poll reads the new one.
          lastError = error;
        }
        if (result === null) await sleep(100);
      }
      const test = `${name} in ${browser}`;
      if (result === null) report(test, false, `no result within ${PAGE_TIMEOUT_MS} ms${lastError ? `: ${lastError}` : ""}`);
      else report(test, result.ok, JSON.stringify(result, null, 2));
    }
  });
}

// The root package.json's devDependencies pin the versions the apps use, so
// that the npm cache already holds them.
function checkPinnedVersions(apps) {
  const pinned = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).devDependencies;
  for (const app of apps) {
    const manifest = JSON.parse(readFileSync(join(here, app, "package.json"), "utf8"));
    for (const [name, version] of Object.entries(manifest.devDependencies ?? {})) {
      if (pinned[name] !== version) {
        throw new Error(`tests/packaging/${app} wants ${name}@${version}, the root package.json pins ${pinned[name]}`);
      }
    }
  }
}

const work = mkdtempSync(join(tmpdir(), "webrtc-wasm-packaging-"));
const closers = [];
let setupFailed = false;
try {
  const apps = readdirSync(here, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== "shared")
    .map((entry) => entry.name);
  checkPinnedVersions(apps);

  const { stdout: packed } = await sh("npm", ["pack", join(root, "pkg"), "--pack-destination", work, "--silent"]);
  const tarball = join(work, packed.trim().split("\n").pop());
  log(`packed ${tarball}`);

  await Promise.all(
    apps.map(async (app) => {
      const dir = join(work, app);
      cpSync(join(here, app), dir, { recursive: true });
      cpSync(join(here, "shared/loopback.js"), join(dir, app === "webpack" ? "src" : "", "loopback.js"));
      await sh("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", tarball], { cwd: dir });
    }),
  );
  log(`installed ${apps.join(", ")}`);

  for (const [tool, args] of [
    ["publint", ["run", tarball, "--strict"]],
    // The package is ESM-only, for browsers: the esm-only profile leaves out
    // the CommonJS resolutions (node10, node16 from CJS). The wasm file's
    // export is an asset for bundlers' `?url` imports, not a module, so it
    // has no types to check.
    ["attw", [tarball, "--profile", "esm-only", "--exclude-entrypoints", "./webrtc_wasm_bg.wasm", "--no-color", "--format", "table"]],
  ]) {
    try {
      await sh(join(bin, tool), args, { cwd: work });
      report(tool, true);
    } catch (error) {
      report(tool, false, error.message);
    }
  }

  {
    const toolchain = readFileSync(join(root, "js/wasm/toolchain"), "utf8").trim();
    const budget = toolchain === "nightly" ? 64_000 : 80_000;
    const files = moduleGraph(join(root, "pkg/dist/index.js"));
    const { gzip } = measure(files);
    log(`the default entry loads ${gzip} bytes gzip -9 (${toolchain} build)`);
    report(
      `default entry within ${budget / 1000} KB gzip (${toolchain} build)`,
      files.some((file) => file.endsWith(".wasm")) && gzip <= budget,
      `  ${gzip} bytes gzip -9 in ${files.length} files: ${files.join(", ")}`,
    );
  }

  const webpack = join(work, "webpack");
  await sh(join(webpack, "node_modules/.bin/webpack"), ["--mode", "production"], { cwd: webpack });
  await sh(join(webpack, "node_modules/.bin/webpack"), ["--mode", "development", "--output-path", "dist-dev"], { cwd: webpack });
  for (const app of ["vite", "vite-slim"]) {
    await sh(join(work, app, "node_modules/.bin/vite"), ["build"], { cwd: join(work, app) });
  }
  log("built webpack (production, development), vite, vite-slim");

  const server = async (promise) => {
    const started = await promise;
    closers.push(started.close);
    return started.url;
  };
  const [webpackUrl, viteDevUrl, viteSlimDevUrl, viteBuildUrl, viteSlimBuildUrl, plainUrl] = await Promise.all([
    server(staticServer(webpack)),
    server(viteDev(join(work, "vite"))),
    server(viteDev(join(work, "vite-slim"))),
    server(staticServer(join(work, "vite/dist"))),
    server(staticServer(join(work, "vite-slim/dist"))),
    server(staticServer(join(work, "plain"))),
  ]);
  const pages = [
    { name: "webpack production build", url: `${webpackUrl}index.html` },
    { name: "webpack development build", url: `${webpackUrl}dev.html` },
    { name: "vite dev server", url: viteDevUrl },
    { name: "vite production build", url: viteBuildUrl },
    { name: "vite slim entry, ?url, dev server", url: viteSlimDevUrl },
    { name: "vite slim entry, ?url, production build", url: viteSlimBuildUrl },
    { name: "plain page with an import map", url: `${plainUrl}index.html` },
    { name: "plain page, slim entry, init(Response)", url: `${plainUrl}slim.html?via=response` },
    { name: "plain page, slim entry, initSync(bytes)", url: `${plainUrl}slim.html?via=initSync` },
  ];
  for (const browser of Object.keys(browsers)) {
    try {
      await runPages(browser, pages);
    } catch (error) {
      report(`${browser} session`, false, String(error?.stack ?? error));
    }
    log(`ran the pages in ${browser}`);
  }
} catch (error) {
  setupFailed = true;
  report("setup", false, String(error?.stack ?? error));
} finally {
  for (const close of closers) close();
  if (process.env.KEEP_PACKAGING_APPS) log(`apps kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

const passed = results.filter(Boolean).length;
const failed = results.length - passed;
console.log(`packaging: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && !setupFailed ? 0 : 1);
