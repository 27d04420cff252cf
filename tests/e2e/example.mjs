// End-to-end check of an example app as `npm run example` serves it: the
// page built by scripts/example.sh (its own entry point, index.html and the
// wasm-bindgen output), opened in headless Chromium and Firefox, driven and
// read through the DOM.
//
// Usage: node tests/e2e/example.mjs <suite> <example> <built dir>
import { resolve } from "node:path";

import { browsers, serve, sleep, withBrowser } from "../../scripts/browsers.mjs";

const [suite, example, dir] = process.argv.slice(2);
const TIMEOUT_MS = 30_000;

// Reads the text of the elements each check looks at.
const readTexts = (selectors) => `
  const text = (s) => document.querySelector(s)?.textContent ?? "";
  return Object.fromEntries(${JSON.stringify(selectors)}.map((s) => [s, text(s)]));`;

// Waits until `done(texts)` holds for the texts of `selectors`.
async function waitFor(page, selectors, done, what) {
  const deadline = Date.now() + TIMEOUT_MS;
  let texts;
  while (Date.now() < deadline) {
    texts = await page.run(readTexts(selectors));
    if (done(texts)) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(texts)}`);
}

const checks = {
  // Both peers connect, and a message typed at A shows at B as text.
  "leptos-chat": async (page) => {
    await waitFor(
      page,
      ["#peer-a .channel-state", "#peer-b .channel-state"],
      (t) => Object.values(t).every((v) => v === "open"),
      "the chat channel open on both sides",
    );
    await page.run(`
      const input = document.querySelector("#peer-a input[name=message]");
      input.value = "hello from the page <i>as text</i>";
      input.dispatchEvent(new Event("input", { bubbles: true }));
      document.querySelector("#peer-a form button").click();`);
    await waitFor(
      page,
      ["#peer-b .log"],
      (t) => t["#peer-b .log"] === "them: hello from the page <i>as text</i>",
      "the message at B",
    );
  },
  // Both parties connect and each plays the other's video.
  "yew-call": async (page) => {
    await waitFor(
      page,
      ["#party-a .connection-state", "#party-b .connection-state"],
      (t) => Object.values(t).every((v) => v === "connected"),
      "both parties connected",
    );
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      const sizes = await page.run(
        `return [...document.querySelectorAll("video.remote")].map((v) => v.videoWidth);`,
      );
      if (sizes.length === 2 && sizes.every((w) => w > 0)) return;
      if (Date.now() > deadline) throw new Error(`no remote video: widths ${JSON.stringify(sizes)}`);
      await sleep(100);
    }
  },
};

const check = checks[example];
if (!check || !dir) {
  console.error("usage: node tests/e2e/example.mjs <suite> <leptos-chat|yew-call> <built dir>");
  process.exit(2);
}
const server = await serve(resolve(dir));
const url = `http://127.0.0.1:${server.address().port}/`;
let passed = 0;
let failed = 0;
for (const name of Object.keys(browsers)) {
  try {
    await withBrowser(name, url, check);
    passed++;
    console.log(`test ${example} served, in ${name} ... ok`);
  } catch (error) {
    failed++;
    console.log(`test ${example} served, in ${name} ... FAILED\n${error}`);
  }
}
server.close();
console.log(`${suite}: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
