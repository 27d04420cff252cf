// Perfect negotiation from JavaScript: user-supplied transports (subscribe
// and async-iterable styles), glare, its events, stop(), and the ready
// BroadcastChannel and WebSocket transports.
import { afterEach, describe, expect, test } from "vitest";
import { type DataChannel, type PeerConnection, PerfectNegotiation } from "webrtc-wasm";
import {
  closeAll,
  negotiatePair,
  newPc,
  nextEvent,
  servicesPort,
  track,
  transportPair,
  type TransportStyle,
} from "./helpers";

afterEach(closeAll);

/** Sends one message each way over a pair of open channels. */
async function exchange(x: DataChannel, y: DataChannel): Promise<void> {
  await x.send("ping");
  expect(await y.receive()).toBe("ping");
  await y.send(new Uint8Array([1, 2, 3]));
  expect(await x.receive()).toEqual(new Uint8Array([1, 2, 3]));
}

/** `a` creates a channel; resolves with both ends once open. */
async function channelPair(a: PeerConnection, b: PeerConnection, label: string): Promise<[DataChannel, DataChannel]> {
  const remote = nextEvent(b, "datachannel");
  const local = a.createDataChannel(label);
  const other = await remote;
  await Promise.all([local.opened, other.opened]);
  expect(other.label).toBe(label);
  return [local, other];
}

describe("over an in-page transport", () => {
  const combinations: [TransportStyle, TransportStyle][] = [
    ["subscribe", "subscribe"],
    ["iterable", "iterable"],
    ["subscribe", "iterable"],
  ];
  test.each(combinations)("%s and %s transports connect", async (x, y) => {
    const { ca, cb, na, nb, ta, tb } = await negotiatePair([x, y]);
    expect(na).toBeInstanceOf(PerfectNegotiation);
    expect(nb).toBeInstanceOf(PerfectNegotiation);
    expect(na.running).toBe(true);
    expect(nb.running).toBe(true);
    expect(ta.sent.some((s) => "description" in s && s.description.type === "offer")).toBe(true);
    expect(tb.sent.some((s) => "description" in s && s.description.type === "answer")).toBe(true);
    expect(ta.sent.some((s) => "candidate" in s)).toBe(true);
    await exchange(ca, cb);
  });

  test("pc.negotiate(transport, options) starts it like PerfectNegotiation.start", async () => {
    const a = newPc();
    const b = newPc();
    const [ta, tb] = transportPair(["subscribe", "iterable"]);
    const na = track(a.negotiate(ta, { polite: true }));
    const nb = track(b.negotiate(tb, { polite: false }));
    expect(na).toBeInstanceOf(PerfectNegotiation);
    expect(nb.running).toBe(true);
    const [x, y] = await channelPair(a, b, "via-negotiate");
    await exchange(x, y);
  });

  test("glare: both sides create channels at the same moment and still connect", async () => {
    const a = newPc();
    const b = newPc();
    const [ta, tb] = transportPair(["subscribe", "iterable"], { glare: true });
    const na = track(PerfectNegotiation.start(a, ta, { polite: true }));
    const nb = track(PerfectNegotiation.start(b, tb, { polite: false }));
    const seen: Record<"a" | "b", string[]> = { a: [], b: [] };
    const errors: Error[] = [];
    for (const [side, negotiation] of [
      ["a", na],
      ["b", nb],
    ] as const) {
      negotiation.on("ignoredoffer", () => seen[side].push("ignoredoffer"));
      negotiation.on("rollback", () => seen[side].push("rollback"));
      negotiation.on("error", (e) => errors.push(e));
      negotiation.on("badsignal", (e) => errors.push(e));
    }
    const fromB = nextEvent(a, "datachannel");
    const fromA = nextEvent(b, "datachannel");
    const ca = a.createDataChannel("from-a");
    const cb = b.createDataChannel("from-b");
    const [onA, onB] = await Promise.all([fromB, fromA]);
    await Promise.all([ca.opened, cb.opened, onA.opened, onB.opened]);
    expect(onA.label).toBe("from-b");
    expect(onB.label).toBe("from-a");
    await exchange(ca, onB);
    await exchange(cb, onA);
    // Both really offered at once.
    expect(ta.sent.find((s) => "description" in s)).toMatchObject({ description: { type: "offer" } });
    expect(tb.sent.find((s) => "description" in s)).toMatchObject({ description: { type: "offer" } });
    // The impolite side ignores the colliding offer; the polite side rolls back.
    expect(seen.a).not.toContain("ignoredoffer");
    expect(seen.b).not.toContain("rollback");
    expect(seen.a.includes("rollback") || seen.b.includes("ignoredoffer")).toBe(true);
    expect(errors).toEqual([]);
  });

  test("a signal that does not decode is a badsignal event; negotiation goes on", async () => {
    const a = newPc();
    const b = newPc();
    const [ta, tb] = transportPair(["subscribe", "subscribe"]);
    const na = track(PerfectNegotiation.start(a, ta, { polite: true }));
    track(PerfectNegotiation.start(b, tb, { polite: false }));
    const events = na.events();
    ta.inject("not json at all");
    const first = await events.next();
    expect(first.done).toBe(false);
    expect(first.value?.type).toBe("badsignal");
    expect(na.running).toBe(true);
    const [x, y] = await channelPair(a, b, "after-bad");
    await exchange(x, y);
  });

  test.each(["subscribe", "iterable"] as const)("stop() ends it and lets go of a %s transport", async (style) => {
    const pc = newPc();
    const [transport] = transportPair([style, style]);
    const negotiation = PerfectNegotiation.start(pc, transport, { polite: true });
    expect(negotiation.running).toBe(true);
    const events = negotiation.events();
    const next = events.next();
    negotiation.stop();
    expect(negotiation.running).toBe(false);
    await expect(next).resolves.toEqual({ done: true, value: undefined });
    expect(transport.released).toBe(1);
    negotiation.stop();
    expect(transport.released).toBe(1);
    // The connection itself stays as it was.
    expect(pc.signalingState).toBe("stable");
    expect(pc.connectionState).toBe("new");
  });

  test("[Symbol.dispose]() stops it", () => {
    const [transport] = transportPair(["subscribe", "subscribe"]);
    const negotiation = PerfectNegotiation.start(newPc(), transport, { polite: false });
    negotiation[Symbol.dispose]();
    expect(negotiation.running).toBe(false);
    expect(transport.released).toBe(1);
  });
});

describe("ready transports", () => {
  test("overBroadcastChannel connects two connections in one page", async () => {
    const name = `webrtc-wasm-test-${crypto.randomUUID()}`;
    const a = newPc();
    const b = newPc();
    track(PerfectNegotiation.overBroadcastChannel(a, name, { polite: true }));
    track(PerfectNegotiation.overBroadcastChannel(b, name, { polite: false }));
    const [x, y] = await channelPair(a, b, "broadcast");
    await exchange(x, y);
  });

  test("overWebSocket connects through the signaling relay", async () => {
    const url = `ws://127.0.0.1:${servicesPort()}/signal/js-${crypto.randomUUID()}`;
    const a = newPc();
    const b = newPc();
    const [na, nb] = await Promise.all([
      PerfectNegotiation.overWebSocket(a, url, { polite: true }),
      PerfectNegotiation.overWebSocket(b, url, { polite: false }),
    ]);
    track(na);
    track(nb);
    expect(na.running).toBe(true);
    const [x, y] = await channelPair(a, b, "websocket");
    await exchange(x, y);
  });

  test("overWebSocket rejects with the signal's reason when aborted", async () => {
    const url = `ws://127.0.0.1:${servicesPort()}/signal/js-${crypto.randomUUID()}`;
    const why = new Error("not now");
    const pending = PerfectNegotiation.overWebSocket(newPc(), url, { polite: true, signal: AbortSignal.abort(why) });
    await expect(pending).rejects.toBe(why);
  });
});
