// Edge cases of listeners, aborts, streams and lifetimes: a `message`
// listener registered over unread messages, a queued send aborted while
// an earlier one waits for room, cancelled and aborted streams, a closed
// connection or channel refusing new listeners, and when perfect
// negotiation stops.
import { afterEach, describe, expect, test, vi } from "vitest";
import {
  type DataChannel,
  type Message,
  PerfectNegotiation,
  type Signal,
  type SignalingTransport,
  liveListenerCount,
} from "webrtc-wasm";
import { closeAll, connectPair, newPc, NONE, pattern, receiveMany, track } from "./helpers";

afterEach(closeAll);

const reason = () => new Error("aborted by the test");

/** A value of the wrong type, passed where TypeScript would refuse it. */
const wrong = <T>(value: unknown): T => value as T;

/** What calling `f` threw (synchronously), or `NONE`. */
function thrown(f: () => unknown): unknown {
  try {
    f();
    return NONE;
  } catch (error) {
    return error;
  }
}

/** The `name` of what calling `f` threw, or `"(nothing thrown)"`. */
function thrownName(f: () => unknown): string {
  const error = thrown(f);
  return error === NONE ? "(nothing thrown)" : String((error as { name?: unknown }).name);
}

/**
 * Resolves once `count` more messages have reached `channel`. The listener
 * goes on the browser's channel after the library's own (added when the
 * channel was wrapped), and listeners run in the order they were added, so
 * by then the library has taken each of those messages.
 */
function arrivals(channel: DataChannel, count: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const raw = channel.raw;
    const onMessage = () => {
      seen += 1;
      if (seen < count) return;
      raw.removeEventListener("message", onMessage);
      resolve();
    };
    raw.addEventListener("message", onMessage);
  });
}

/** A connected pair whose receiving channel holds `messages` unread. */
async function pairWithUnread(messages: string[]) {
  const pair = await connectPair();
  const arrived = arrivals(pair.cb, messages.length);
  for (const message of messages) await pair.ca.send(message);
  await arrived;
  const total = messages.reduce((sum, message) => sum + message.length, 0);
  expect(pair.cb.unreadBytes).toBe(total);
  return pair;
}

describe("a message listener registered over unread messages", () => {
  test("with once: it takes the first; receive() gets the rest in order", async () => {
    const baseline = liveListenerCount();
    const { a, b, ca, cb } = await pairWithUnread(["m1", "m2", "m3"]);
    const calls: Message[] = [];
    const first = new Promise<Message>((resolve) => {
      cb.on(
        "message",
        (message) => {
          calls.push(message);
          resolve(message);
        },
        { once: true },
      );
    });
    expect(await first).toBe("m1");
    expect(cb.unreadBytes).toBe(4);
    expect(await receiveMany(cb, 2)).toEqual(["m2", "m3"]);
    // Later messages go to the reader too.
    await ca.send("m4");
    expect(await cb.receive()).toBe("m4");
    expect(calls).toEqual(["m1"]);
    expect(cb.unreadBytes).toBe(0);

    a.close();
    b.close();
    await Promise.all([ca.closed, cb.closed]);
    await vi.waitFor(() => expect(liveListenerCount()).toBe(baseline), { timeout: 2000 });
  });

  test("aborting its own signal in its first call: it takes the first; receive() gets the rest", async () => {
    const { ca, cb } = await pairWithUnread(["m1", "m2", "m3"]);
    const controller = new AbortController();
    const calls: Message[] = [];
    const first = new Promise<Message>((resolve) => {
      cb.on(
        "message",
        (message) => {
          calls.push(message);
          controller.abort();
          resolve(message);
        },
        { signal: controller.signal },
      );
    });
    expect(await first).toBe("m1");
    expect(cb.unreadBytes).toBe(4);
    expect(await receiveMany(cb, 2)).toEqual(["m2", "m3"]);
    await ca.send("m4");
    expect(await cb.receive()).toBe("m4");
    expect(calls).toEqual(["m1"]);
  });
});

test("a send aborted while queued behind one that waits for room rejects at once and is never delivered", async () => {
  const { ca, cb } = await connectPair();
  ca.setWatermarks(1024, 512);
  const big = pattern(64 * 1024, 1);
  const small = pattern(1024, 2);
  // An empty queue takes any message: this one is handed over at once.
  await ca.send(big);
  expect(ca.bufferedAmount).toBeGreaterThan(1024);
  const settled: string[] = [];
  const waiting = ca.send(small).then(
    () => void settled.push("waiting sent"),
    (error: unknown) => {
      settled.push("waiting failed");
      throw error;
    },
  );
  const controller = new AbortController();
  const why = reason();
  const aborted = ca.send("must not arrive", { signal: controller.signal }).then(
    () => void settled.push("aborted sent"),
    (error: unknown) => {
      settled.push("aborted rejected");
      throw error;
    },
  );
  const after = ca.send("after");
  controller.abort(why);
  await expect(aborted).rejects.toBe(why);
  expect(settled).toEqual(["aborted rejected"]);
  await waiting;
  await after;
  expect(settled).toEqual(["aborted rejected", "waiting sent"]);
  expect(await receiveMany(cb, 3)).toEqual([big, small, "after"]);
  // Nothing else is on the way: the next message is the one sent next.
  await ca.send("last");
  expect(await cb.receive()).toBe("last");
});

describe("streams", () => {
  test("cancelling readable while a read is pending loses no message", async () => {
    const { ca, cb } = await connectPair();
    const reader = cb.readable.getReader();
    const pending = reader.read();
    // The stream calls its source's pull() from a microtask (once started);
    // a task later every microtask has run, so that pull() now waits for a
    // message in the channel.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await reader.cancel();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    await ca.send("x");
    await ca.send("y");
    expect(await cb.receive()).toBe("x");
    expect(await cb.receive()).toBe("y");
  });

  test("aborting the writable's writer drops the chunks waiting for room", async () => {
    const { ca, cb } = await connectPair();
    ca.setWatermarks(1024, 512);
    const writer = ca.writable.getWriter();
    const big = pattern(64 * 1024, 3);
    // An empty queue takes any message: this write completes at once.
    await writer.write(big);
    expect(ca.bufferedAmount).toBeGreaterThan(1024);
    // The first waits for room in the channel, the others behind it.
    const writes = [writer.write(pattern(1024, 4)), writer.write("c3"), writer.write("c4")];
    const why = reason();
    const aborting = writer.abort(why);
    for (const write of writes) await expect(write).rejects.toBe(why);
    await aborting;
    await ca.send("marker");
    expect(await receiveMany(cb, 2)).toEqual([big, "marker"]);
  });
});

describe("after close", () => {
  test("a closed connection refuses listeners, negotiation and channels; its iterators end", async () => {
    const baseline = liveListenerCount();
    const pc = newPc();
    pc.close();
    expect(thrownName(() => pc.on("connectionstatechange", () => {}))).toBe("InvalidStateError");
    await expect(pc.events("signalingstatechange").next()).resolves.toEqual({ done: true, value: undefined });
    let subscribed = 0;
    let unsubscribed = 0;
    const transport: SignalingTransport = {
      send() {},
      subscribe: () => {
        subscribed += 1;
        return () => void (unsubscribed += 1);
      },
    };
    expect(thrownName(() => pc.negotiate(transport, { polite: true }))).toBe("InvalidStateError");
    // Nothing of the transport is left subscribed.
    expect(unsubscribed).toBe(subscribed);
    expect(thrownName(() => pc.createDataChannel("x"))).toBe("InvalidStateError");
    expect(liveListenerCount()).toBe(baseline);
  });

  test("a closed channel refuses listeners, on both ends", async () => {
    const { ca, cb } = await connectPair();
    ca.close();
    await Promise.all([ca.closed, cb.closed]);
    expect(thrownName(() => ca.on("message", () => {}))).toBe("InvalidStateError");
    expect(thrownName(() => cb.on("message", () => {}))).toBe("InvalidStateError");
  });
});

describe("negotiation lifetime", () => {
  test("closing the connection stops negotiation and unsubscribes from the transport", async () => {
    const baseline = liveListenerCount();
    const pc = newPc();
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const negotiation = track(
      PerfectNegotiation.start(pc, { send() {}, subscribe: () => () => release() }, { polite: true }),
    );
    expect(negotiation.running).toBe(true);
    pc.close();
    await released;
    expect(negotiation.running).toBe(false);
    await expect(negotiation.events().next()).resolves.toEqual({ done: true, value: undefined });
    expect(liveListenerCount()).toBe(baseline);
  });

  test("the end of an async-iterable transport stops negotiation; the connection stays", async () => {
    const pc = newPc();
    let finish: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    async function* signals(): AsyncGenerator<Signal> {
      await finished;
    }
    const negotiation = track(pc.negotiate({ send() {}, signals: signals() }, { polite: false }));
    expect(negotiation.running).toBe(true);
    const events = negotiation.events();
    const next = events.next();
    finish();
    await expect(next).resolves.toEqual({ done: true, value: undefined });
    expect(negotiation.running).toBe(false);
    await expect(negotiation.events().next()).resolves.toEqual({ done: true, value: undefined });
    expect(pc.connectionState).toBe("new");
    expect(pc.signalingState).toBe("stable");
  });

  test("a transport whose subscribe throws: start() throws that error and holds nothing", () => {
    const pc = newPc();
    const baseline = liveListenerCount();
    const failure = new Error("subscribe failed");
    const transport: SignalingTransport = {
      send() {},
      subscribe: () => {
        throw failure;
      },
    };
    expect(thrown(() => PerfectNegotiation.start(pc, transport, { polite: true }))).toBe(failure);
    expect(liveListenerCount()).toBe(baseline);
    expect(thrown(() => pc.negotiate(transport, { polite: false }))).toBe(failure);
    expect(liveListenerCount()).toBe(baseline);
  });
});

test("setLocalDescription with a string or a number rejects with TypeError and makes no offer", async () => {
  const pc = newPc();
  pc.createDataChannel("x");
  for (const bad of ["offer", 42]) {
    await expect(pc.setLocalDescription(wrong<RTCSessionDescriptionInit>(bad))).rejects.toBeInstanceOf(TypeError);
    expect(pc.signalingState).toBe("stable");
    expect(pc.localDescription).toBeNull();
  }
});
