// Lifetimes: the listeners the library holds on browser objects go away with
// unsubscribe, a finished iterator and close(); [Symbol.dispose] closes.
import { afterEach, expect, test, vi } from "vitest";
import { liveListenerCount } from "webrtc-wasm";
import { closeAll, connectPair, newPc } from "./helpers";

afterEach(closeAll);

test("after closing both connections the live listener count returns to its baseline", async () => {
  const baseline = liveListenerCount();
  const { a, b, ca, cb } = await connectPair();
  a.on("connectionstatechange", () => {});
  b.on("iceconnectionstatechange", () => {}, { once: true });
  ca.on("bufferedamountlow", () => {});
  cb.on("message", () => {});
  const states = a.events("signalingstatechange");
  const pending = states.next();
  expect(liveListenerCount()).toBeGreaterThan(baseline);
  a.close();
  b.close();
  await expect(pending).resolves.toEqual({ done: true, value: undefined });
  await Promise.all([ca.closed, cb.closed]);
  await vi.waitFor(() => expect(liveListenerCount()).toBe(baseline), { timeout: 2000 });
});

test("unsubscribing and breaking out of an iterator remove their listeners", async () => {
  const pc = newPc();
  pc.createDataChannel("x");
  const baseline = liveListenerCount();
  const off = pc.on("icegatheringstatechange", () => {});
  const withListener = liveListenerCount();
  expect(withListener).toBeGreaterThan(baseline);
  off();
  expect(liveListenerCount()).toBe(baseline);
  off();
  expect(liveListenerCount()).toBe(baseline);

  const controller = new AbortController();
  pc.on("icegatheringstatechange", () => {}, { signal: controller.signal });
  expect(liveListenerCount()).toBeGreaterThan(baseline);
  controller.abort();
  expect(liveListenerCount()).toBe(baseline);

  const states = pc.events("signalingstatechange");
  expect(liveListenerCount()).toBeGreaterThan(baseline);
  const applied = pc.setLocalDescription();
  for await (const state of states) {
    expect(state).toBe("have-local-offer");
    break;
  }
  await applied;
  expect(liveListenerCount()).toBe(baseline);
});

test("[Symbol.dispose] closes a connection and a channel", async () => {
  const { a, ca } = await connectPair();
  ca[Symbol.dispose]();
  await ca.closed;
  expect(ca.readyState).toBe("closed");
  a[Symbol.dispose]();
  expect(a.connectionState).toBe("closed");
});
