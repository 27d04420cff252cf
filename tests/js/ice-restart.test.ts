// The ICE-restart policy of perfect negotiation, driven from JavaScript: a
// first connection whose candidates are lost recovers through a restart,
// and a policy that runs out of attempts says so.
import { afterEach, expect, test } from "vitest";
import { PerfectNegotiation, type IceRestartPolicy, type NegotiationEventMap, type Signal, type SignalingTransport } from "webrtc-wasm";
import { closeAll, newPc, track } from "./helpers.js";

afterEach(closeAll);

/** Two transport ends in this page that drop candidates while `dropping()` says so. */
function lossyPair(dropping: () => boolean): [SignalingTransport, SignalingTransport] {
  const inboxes = [new Set<(signal: Signal | string) => void>(), new Set<(signal: Signal | string) => void>()];
  const end = (self: number): SignalingTransport => ({
    send: (signal) => {
      if ("candidate" in signal && dropping()) return;
      const text = JSON.stringify(signal);
      setTimeout(() => {
        for (const deliver of inboxes[1 - self]!) deliver(text);
      }, 0);
    },
    subscribe: (deliver) => {
      inboxes[self]!.add(deliver);
      return () => void inboxes[self]!.delete(deliver);
    },
  });
  return [end(0), end(1)];
}

/** The events of `type` from either negotiation, in order. */
function collect<K extends keyof NegotiationEventMap>(
  negotiations: PerfectNegotiation[],
  type: K,
): NegotiationEventMap[K][] {
  const seen: NegotiationEventMap[K][] = [];
  for (const negotiation of negotiations) negotiation.on(type, (event) => seen.push(event));
  return seen;
}

test("lost candidates: the connect timeout restarts ICE, icerestart reports attempt 1, and the connection connects", async () => {
  let dropping = true;
  const [ta, tb] = lossyPair(() => dropping);
  const a = newPc();
  const b = newPc();
  const policy: IceRestartPolicy = { connectTimeoutMs: 800, backoffMs: 200, graceMs: 500 };
  const na = track(PerfectNegotiation.start(a, ta, { polite: true, iceRestart: policy }));
  const nb = track(PerfectNegotiation.start(b, tb, { polite: false, iceRestart: policy }));
  const errors = collect([na, nb], "error");
  const restarted = new Promise<number>((resolve) => {
    const onRestart = ({ attempt }: { attempt: number }) => {
      // From the restart on, candidates get through.
      dropping = false;
      resolve(attempt);
    };
    na.on("icerestart", onRestart, { once: true });
    nb.on("icerestart", onRestart, { once: true });
  });
  a.createDataChannel("after-a-restart");
  expect(a.connectionState).not.toBe("connected");
  expect(await restarted).toBe(1);
  await Promise.all([a.connected(), b.connected()]);
  expect(errors).toEqual([]);
  expect(na.running && nb.running).toBe(true);
});

test("a policy out of attempts reports icerestart for each, then icerestartgaveup", async () => {
  const [ta, tb] = lossyPair(() => true);
  const a = newPc();
  const b = newPc();
  const policy: IceRestartPolicy = { connectTimeoutMs: 400, backoffMs: 100, graceMs: 200, maxAttempts: 2 };
  const na = track(PerfectNegotiation.start(a, ta, { polite: true, iceRestart: policy }));
  const nb = track(PerfectNegotiation.start(b, tb, { polite: false, iceRestart: policy }));
  const restarts: number[] = [];
  na.on("icerestart", ({ attempt }) => restarts.push(attempt));
  nb.on("icerestart", ({ attempt }) => restarts.push(attempt));
  const gaveUp = new Promise<void>((resolve) => {
    na.on("icerestartgaveup", () => resolve(), { once: true });
    nb.on("icerestartgaveup", () => resolve(), { once: true });
  });
  a.createDataChannel("never");
  await gaveUp;
  // The impolite side restarts; the polite one only answers.
  expect(restarts).toEqual([1, 2]);
  expect(a.connectionState).not.toBe("connected");
});
