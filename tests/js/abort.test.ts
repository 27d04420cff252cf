// AbortSignal on every wait: the wait rejects with signal.reason, and an
// aborted send is never delivered.
import { afterEach, describe, expect, test } from "vitest";
import type { Message } from "webrtc-wasm";
import { closeAll, connectPair, newPc, pattern, receiveMany } from "./helpers";

afterEach(closeAll);

const reason = () => new Error("aborted by the test");

describe("connections", () => {
  test("connected() and iceGatheringComplete() reject with the reason", async () => {
    const pc = newPc();
    const controller = new AbortController();
    const why = reason();
    const connected = pc.connected({ signal: controller.signal });
    const gathered = pc.iceGatheringComplete({ signal: controller.signal });
    controller.abort(why);
    await expect(connected).rejects.toBe(why);
    await expect(gathered).rejects.toBe(why);
  });

  test("an already aborted signal rejects at once", async () => {
    const why = reason();
    const pc = newPc();
    await expect(pc.connected({ signal: AbortSignal.abort(why) })).rejects.toBe(why);
    await expect(pc.iceGatheringComplete({ signal: AbortSignal.abort(why) })).rejects.toBe(why);
  });

  test("events(), iceCandidates() and dataChannels() reject a pending next() with the reason", async () => {
    const pc = newPc();
    for (const make of [
      (signal: AbortSignal) => pc.events("connectionstatechange", { signal }),
      (signal: AbortSignal) => pc.iceCandidates({ signal }),
      (signal: AbortSignal) => pc.dataChannels({ signal }),
    ]) {
      const controller = new AbortController();
      const why = reason();
      const next = make(controller.signal).next();
      controller.abort(why);
      await expect(next).rejects.toBe(why);
    }
  });
});

describe("channels", () => {
  test("a queued send aborted is rejected with the reason and never delivered", async () => {
    const { ca, cb } = await connectPair();
    ca.setWatermarks(4096, 1024);
    const queued = Array.from({ length: 20 }, (_, i) => ca.send(pattern(4096, i)));
    const controller = new AbortController();
    const why = reason();
    const aborted = ca.send("must not arrive", { signal: controller.signal });
    const after = ca.send("after");
    // Let the first sends go out: the aborted one is still queued behind the rest.
    await queued[0];
    controller.abort(why);
    await expect(aborted).rejects.toBe(why);
    await Promise.all([...queued, after]);
    const received = await receiveMany(cb, 21);
    expect(received.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => pattern(4096, i)));
    expect(received[20]).toBe("after");
    // Nothing else is on the way: the next message is the one sent next.
    await ca.send("last");
    expect(await cb.receive()).toBe("last");
  });

  test("a send with an already aborted signal sends nothing", async () => {
    const { ca, cb } = await connectPair();
    const why = reason();
    await expect(ca.send("never", { signal: AbortSignal.abort(why) })).rejects.toBe(why);
    await ca.send("next");
    expect(await cb.receive()).toBe("next");
  });

  test("an aborted receive() takes no message; the next receive() gets it", async () => {
    const { ca, cb } = await connectPair();
    const controller = new AbortController();
    const why = reason();
    const waiting = cb.receive({ signal: controller.signal });
    controller.abort(why);
    await expect(waiting).rejects.toBe(why);
    await ca.send("kept");
    expect(await cb.receive()).toBe("kept");
  });

  test("messages({ signal }) rejects a pending next() with the reason", async () => {
    const { ca, cb } = await connectPair();
    const controller = new AbortController();
    const why = reason();
    const iterator = cb.messages({ signal: controller.signal });
    const next = iterator.next();
    controller.abort(why);
    await expect(next).rejects.toBe(why);
    await ca.send("still there");
    const got: Message[] = await receiveMany(cb, 1);
    expect(got).toEqual(["still there"]);
  });

  test("flush({ signal }) rejects with the reason", async () => {
    const { ca } = await connectPair();
    for (let i = 0; i < 8; i++) ca.trySend(pattern(16 * 1024, i));
    const controller = new AbortController();
    const why = reason();
    const flushing = ca.flush({ signal: controller.signal });
    controller.abort(why);
    await expect(flushing).rejects.toBe(why);
  });
});
