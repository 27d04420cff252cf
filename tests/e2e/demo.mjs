// End-to-end check of the npm package through the demo: serves the webpack
// build in dist/, opens it in headless Chromium and Firefox through their
// WebDriver servers, and drives it as a person would: the two peers
// connect and greet each other; a chat message carrying markup arrives as
// text and runs nothing; a generated 20 MiB file goes from A to B and the
// SHA-256 of what B received equals the sender's; B cancels a 64 MiB file
// and both sides end with an AbortError; then two tabs of the browser
// connect over a BroadcastChannel and chat. A screenshot of each
// browser's page goes to screenshots/ (ignored by git).
//
// Usage: node tests/e2e/demo.mjs <dist dir>
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

import { browsers, serve, sleep, withBrowser } from "../../scripts/webdriver.mjs";

const dist = resolve(process.argv[2] ?? "dist");
const screenshots = resolve(new URL("../../screenshots", import.meta.url).pathname);
const TIMEOUT_MS = 60_000;
const XSS = `<img src=x onerror="window.__xss = true">`;

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

const say = (side, text) => `
  const input = document.getElementById("${side}-chat-input");
  input.value = ${JSON.stringify(text)};
  document.getElementById("${side}-chat").requestSubmit();`;

const messages = `return {
  a: [...document.querySelectorAll("#a-messages li")].map((li) => li.textContent),
  b: [...document.querySelectorAll("#b-messages li")].map((li) => li.textContent),
  markup: document.querySelectorAll("#a-messages *:not(li), #b-messages *:not(li)").length,
  xss: window.__xss === true,
};`;

async function check(page, name) {
  await waitFor(
    page,
    "both connected and greeted",
    `return {
      cells: Object.fromEntries([...document.querySelectorAll("td[id]")].map((c) => [c.id, c.textContent])),
      log: document.getElementById("log").textContent,
    };`,
    ({ cells, log }) =>
      cells["a-connection"] === "connected" &&
      cells["b-connection"] === "connected" &&
      cells["a-signaling"] === "stable" &&
      cells["b-signaling"] === "stable" &&
      cells["a-path"] === "host over udp" &&
      cells["b-path"] === "host over udp" &&
      log.includes('a: received "hello from B"') &&
      log.includes('b: received "hello from A"'),
  );

  // Markup in a message is text at the other side, and runs nothing.
  await page.run(say("a", XSS));
  await page.run(say("b", "and back"));
  const chat = await waitFor(
    page,
    "the chat both ways",
    messages,
    (m) => m.b.includes(`them: ${XSS}`) && m.a.includes("them: and back"),
  );
  if (chat.markup !== 0 || chat.xss) throw new Error(`markup was rendered: ${JSON.stringify(chat)}`);
  if (!chat.a.includes(`me: ${XSS}`)) throw new Error(`A does not show what it sent: ${JSON.stringify(chat)}`);

  // A generated file, hashed by the sender and again on arrival.
  await page.run(`
    document.getElementById("generate-size").value = "20";
    document.getElementById("generate").requestSubmit();`);
  const file = await waitFor(
    page,
    "the 20 MiB file at B",
    `const sent = document.querySelector("#sent li");
     const received = document.querySelector("#received li");
     return {
       sent: sent?.dataset.sha256 ?? null,
       sentStatus: sent?.querySelector(".status")?.textContent ?? null,
       received: received?.dataset.sha256 ?? null,
       receivedStatus: received?.querySelector(".status")?.textContent ?? null,
       check: received?.querySelector(".sha")?.textContent ?? null,
       link: received?.querySelector("a")?.download ?? null,
       progress: received?.querySelector("progress")?.value ?? null,
     };`,
    (f) => f.received !== null && f.sentStatus?.startsWith("sent"),
  );
  if (
    file.sent !== file.received ||
    !/^[0-9a-f]{64}$/.test(file.sent) ||
    file.check !== "SHA-256 matches the sender's" ||
    file.link !== "generated-20MiB.bin" ||
    file.progress !== 20 * 2 ** 20
  ) {
    throw new Error(`the file did not arrive whole: ${JSON.stringify(file)}`);
  }

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

  // The chat and the files, on a laptop-sized window.
  await page.resize(1280, 1100);
  await page.run(`document.getElementById("a-messages").closest(".columns").previousElementSibling.scrollIntoView();`);
  mkdirSync(screenshots, { recursive: true });
  writeFileSync(resolve(screenshots, `demo-loopback-${name}.png`), await page.screenshot());

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
    (t) => t.state === "connected" && t.other === "other tab" && t.log.includes('b: received "hello from A"') && t.path === "host over udp",
  );
  await page.run(say("b", "from the other tab"));
  writeFileSync(resolve(screenshots, `demo-two-tabs-b-${name}.png`), await page.screenshot());
  await page.switchTo(tabA);
  await waitFor(
    page,
    "tab A connected and greeted by B",
    greeted("a", "b"),
    (t) =>
      t.state === "connected" &&
      t.log.includes('a: received "hello from B"') &&
      t.log.includes('a: received "from the other tab"'),
  );
  if (tabA === tabB) throw new Error("the two tabs are one");
}

const server = await serve(dist);
const url = `http://127.0.0.1:${server.address().port}/`;
let passed = 0;
let failed = 0;
for (const name of Object.keys(browsers)) {
  try {
    await withBrowser(name, url, (page) => check(page, name));
    passed++;
    console.log(`test demo: connect, chat as text, a 20 MiB file, a cancel, two tabs, in ${name} ... ok`);
  } catch (error) {
    failed++;
    console.log(`test demo: connect, chat as text, a 20 MiB file, a cancel, two tabs, in ${name} ... FAILED\n${error}`);
  }
}
server.close();
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
