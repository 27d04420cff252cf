// End-to-end check of the npm package through the demo: serves the webpack
// build in dist/, opens it in headless Chromium and Firefox through their
// WebDriver servers, and waits until both peers are connected and each side
// received the other's data-channel message.
//
// Usage: node tests/e2e/demo.mjs <dist dir>
import { resolve } from "node:path";

import { browsers, serve, sleep, withBrowser } from "../../scripts/webdriver.mjs";

const dist = resolve(process.argv[2] ?? "dist");
const TIMEOUT_MS = 30_000;

async function check(page) {
  const read = `return {
    cells: Object.fromEntries([...document.querySelectorAll("td[id]")].map((c) => [c.id, c.textContent])),
    log: document.getElementById("log").textContent,
  };`;
  const deadline = Date.now() + TIMEOUT_MS;
  let state;
  while (Date.now() < deadline) {
    state = await page.run(read);
    const { cells, log } = state;
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
  return { ok: false, detail: JSON.stringify(state, null, 2) };
}

const server = await serve(dist);
const url = `http://127.0.0.1:${server.address().port}/`;
let passed = 0;
let failed = 0;
for (const name of Object.keys(browsers)) {
  let result;
  try {
    result = await withBrowser(name, url, check);
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
