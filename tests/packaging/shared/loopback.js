// The check every packaging app runs in the browser: two PeerConnections in
// one page connect through the package's public API and exchange a message
// each way. The outcome goes to `window.__packaging` (read by run.mjs) and
// to the page's title.
//
// `api` is the namespace the app imported ("webrtc-wasm" or
// "webrtc-wasm/slim"); `checks` are the app's own extra checks, run first,
// each returning a short description of what it verified.

const ERROR_CLASSES = [
  "WebRtcError",
  "ClosedError",
  "FullError",
  "MessageTooLargeError",
  "ReceiveBufferFullError",
  "ConnectionFailedError",
  "NoLocalCandidatesError",
  "DecodeError",
];

function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

// The .wasm files this page fetched with fetch() (resource timing), by
// path. (Vite's dev server also serves a `?url` import of the wasm as a
// module, with the same path: a script, not a fetch.)
export function wasmFetches() {
  return performance
    .getEntriesByType("resource")
    .filter((entry) => entry.initiatorType === "fetch")
    .map((entry) => new URL(entry.name).pathname)
    .filter((path) => path.endsWith(".wasm"));
}

async function connect(api) {
  const { PeerConnection } = api;
  const a = new PeerConnection();
  const b = new PeerConnection();
  const failures = [];
  const forward = (to) => (candidate) => {
    to.addIceCandidate(candidate).catch((error) => failures.push(error));
  };
  a.on("icecandidate", forward(b));
  b.on("icecandidate", forward(a));
  const incoming = new Promise((resolve) => b.on("datachannel", resolve, { once: true }));

  const ab = a.createDataChannel("packaging");
  const offer = await a.createOffer();
  await a.setLocalDescription(offer);
  await b.setRemoteDescription(offer);
  const answer = await b.createAnswer();
  await b.setLocalDescription(answer);
  await a.setRemoteDescription(answer);
  const ba = await incoming;
  await Promise.all([a.connected(), b.connected(), ab.opened, ba.opened]);

  await ab.send("hello from A");
  let atB;
  for await (const message of ba) {
    atB = message;
    break;
  }
  await ba.send(new Uint8Array([1, 2, 3]));
  const atA = await ab.receive();

  assert(atB === "hello from A", `B received ${JSON.stringify(atB)}`);
  assert(atA instanceof Uint8Array && atA.join() === "1,2,3", `A received ${String(atA)}`);
  assert(ab instanceof api.DataChannel && ba instanceof api.DataChannel, "channels are DataChannels");
  if (failures.length > 0) throw failures[0];
  a.close();
  b.close();
  return { atB, atA: [...atA] };
}

// Error classes keep their names (and instanceof) through the app's bundler and minifier.
function checkErrors(api) {
  for (const name of ERROR_CLASSES) {
    const error = new api[name]("packaging");
    assert(error.name === name, `new ${name}().name is ${error.name}`);
    assert(error instanceof api.WebRtcError && error instanceof Error, `${name} extends WebRtcError`);
  }
  return "error class names";
}

// A class used before init() (the slim entry) throws an Error that says so.
export function beforeInit(api) {
  return () => {
    let thrown;
    try {
      new api.PeerConnection();
    } catch (error) {
      thrown = error;
    }
    assert(thrown instanceof Error, "new PeerConnection() before init() throws an Error");
    assert(/init\(\)/.test(thrown.message), `the error names init(): ${thrown.message}`);
    return "throws before init()";
  };
}

export async function run(api, checks = []) {
  const result = { ok: false, checked: [] };
  try {
    for (const check of checks) result.checked.push(await check());
    result.checked.push(checkErrors(api));
    result.messages = await connect(api);
    result.wasm = wasmFetches();
    assert(result.wasm.length === 1, `one .wasm fetched, got ${JSON.stringify(result.wasm)}`);
    result.ok = true;
  } catch (error) {
    result.error = `${error?.name}: ${error?.message}\n${error?.stack ?? ""}`;
  }
  window.__packaging = result;
  document.title = result.ok ? "ok" : "failed";
}
