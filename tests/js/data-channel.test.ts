// DataChannel: attributes, sending and receiving every kind of data,
// backpressure (FIFO send, trySend, flush), size limits, async iteration,
// streams, opened/closed, events and the receive limit.
import { afterEach, describe, expect, test, vi } from "vitest";
import {
  ClosedError,
  type DataChannel,
  FullError,
  type Message,
  MessageTooLargeError,
  ReceiveBufferFullError,
  WebRtcError,
} from "webrtc-wasm";
import {
  closeAll,
  connectPair,
  newPc,
  nextChannelEvent,
  pattern,
  receiveBytes,
  receiveMany,
} from "./helpers";

afterEach(closeAll);

/** A binary message that starts with its index. */
function numbered(index: number, length: number): Uint8Array<ArrayBuffer> {
  const bytes = pattern(length, index);
  new DataView(bytes.buffer).setUint16(0, index);
  return bytes;
}
const indexOf = (message: Message): number => {
  if (typeof message === "string") throw new Error(`expected binary, got ${JSON.stringify(message)}`);
  return new DataView(message.buffer, message.byteOffset, message.byteLength).getUint16(0);
};

describe("attributes", () => {
  test("an in-band channel with options, on both sides", async () => {
    const { ca, cb } = await connectPair({
      label: "chat",
      init: { ordered: false, maxRetransmits: 0, protocol: "proto-1", priority: "high" },
    });
    for (const channel of [ca, cb]) {
      expect(channel.label).toBe("chat");
      expect(channel.ordered).toBe(false);
      expect(channel.maxRetransmits).toBe(0);
      expect(channel.maxPacketLifeTime).toBeNull();
      expect(channel.protocol).toBe("proto-1");
      expect(channel.negotiated).toBe(false);
      expect(typeof channel.id).toBe("number");
      expect(channel.readyState).toBe("open");
      expect(channel.bufferedAmount).toBe(0);
      expect(channel.maxMessageSize).toBeGreaterThan(0);
      expect(channel.raw).toBeInstanceOf(RTCDataChannel);
      expect(channel.raw.label).toBe("chat");
    }
    expect(ca.id).toBe(cb.id);
    expect(ca.priority).toBe("high");
  });

  test("defaults, and maxPacketLifeTime", async () => {
    const { ca, cb } = await connectPair({ init: { maxPacketLifeTime: 500 } });
    for (const channel of [ca, cb]) {
      expect(channel.ordered).toBe(true);
      expect(channel.maxPacketLifeTime).toBe(500);
      expect(channel.maxRetransmits).toBeNull();
      expect(channel.protocol).toBe("");
    }
    expect(ca.priority).toBe("low");
  });

  test("a negotiated pair: negotiated, the given id, no datachannel event", async () => {
    const events: DataChannel[] = [];
    const pair = await connectPair();
    pair.b.on("datachannel", (channel) => events.push(channel));
    const x = pair.a.createDataChannel("side", { negotiated: true, id: 7 });
    const y = pair.b.createDataChannel("side", { negotiated: true, id: 7 });
    await Promise.all([x.opened, y.opened]);
    for (const channel of [x, y]) {
      expect(channel.negotiated).toBe(true);
      expect(channel.id).toBe(7);
      expect(channel.label).toBe("side");
    }
    await x.send("to y");
    await y.send("to x");
    expect(await y.receive()).toBe("to y");
    expect(await x.receive()).toBe("to x");
    expect(events).toEqual([]);
  });

  test("readyState from connecting to closed", async () => {
    const pc = newPc();
    const channel = pc.createDataChannel("x");
    expect(channel.readyState).toBe("connecting");
    const { ca, cb } = await connectPair();
    expect(ca.readyState).toBe("open");
    ca.close();
    expect(["closing", "closed"]).toContain(ca.readyState);
    await Promise.all([ca.closed, cb.closed]);
    expect(ca.readyState).toBe("closed");
    expect(cb.readyState).toBe("closed");
  });

  test("bufferedAmountLowThreshold, watermarks and receiveLimit read back what was set", async () => {
    const { ca } = await connectPair();
    expect(ca.highWatermark).toBeGreaterThan(ca.lowWatermark);
    expect(ca.lowWatermark).toBeGreaterThanOrEqual(0);
    ca.setWatermarks(65536, 16384);
    expect(ca.highWatermark).toBe(65536);
    expect(ca.lowWatermark).toBe(16384);
    ca.bufferedAmountLowThreshold = 1234;
    expect(ca.bufferedAmountLowThreshold).toBe(1234);
    expect(ca.receiveLimit).toBeGreaterThan(0);
    ca.receiveLimit = 4096;
    expect(ca.receiveLimit).toBe(4096);
    expect(ca.unreadBytes).toBe(0);
  });

  test("unreadBytes counts what waits to be read", async () => {
    const { ca, cb } = await connectPair();
    for (let i = 0; i < 3; i++) await ca.send(pattern(10, i));
    await vi.waitFor(() => expect(cb.unreadBytes).toBe(30));
    expect(await cb.receive()).toEqual(pattern(10, 0));
    expect(cb.unreadBytes).toBe(20);
  });
});

describe("send and receive", () => {
  test("strings both ways", async () => {
    const { ca, cb } = await connectPair();
    await ca.send("héllo ✓");
    await cb.send("back");
    expect(await cb.receive()).toBe("héllo ✓");
    expect(await ca.receive()).toBe("back");
  });

  test("binary: Uint8Array, ArrayBuffer, DataView, other views and Blob in; Uint8Array out", async () => {
    const { ca, cb } = await connectPair();
    const buffer = new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).buffer;
    await ca.send(new Uint8Array([1, 2, 3]));
    await ca.send(buffer);
    await ca.send(new DataView(buffer, 2, 3));
    await ca.send(new Uint8Array(buffer).subarray(7));
    await ca.send(new Uint16Array([0x0102, 0x0304]));
    await ca.send(new Blob(["ab", new Uint8Array([1, 2])]));
    const received = await receiveMany(cb, 6);
    for (const message of received) expect(message).toBeInstanceOf(Uint8Array);
    expect(received.map((m) => Array.from(m as Uint8Array))).toEqual([
      [1, 2, 3],
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      [2, 3, 4],
      [7, 8, 9],
      Array.from(new Uint8Array(new Uint16Array([0x0102, 0x0304]).buffer)),
      [97, 98, 1, 2],
    ]);
  });

  test("200 concurrent sends under a low high watermark arrive in order, each resolving in order", async () => {
    const { ca, cb } = await connectPair();
    ca.setWatermarks(16 * 1024, 4 * 1024);
    const resolved: number[] = [];
    let highest = 0;
    const sends = Array.from({ length: 200 }, (_, i) =>
      ca.send(numbered(i, 1024)).then(() => {
        resolved.push(i);
        highest = Math.max(highest, ca.bufferedAmount);
      }),
    );
    const received = receiveMany(cb, 200);
    await Promise.all(sends);
    expect(resolved).toEqual(Array.from({ length: 200 }, (_, i) => i));
    // The queue filled up to the high watermark and never went past it.
    expect(highest).toBeLessThanOrEqual(16 * 1024);
    expect(highest).toBeGreaterThan(4 * 1024);
    expect((await received).map(indexOf)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  test("trySend throws FullError above the high watermark; flush resolves at bufferedAmount 0", async () => {
    const { ca, cb } = await connectPair();
    ca.setWatermarks(1024, 512);
    ca.trySend(numbered(0, 4096));
    let error: unknown;
    try {
      ca.trySend(numbered(1, 4096));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FullError);
    expect(error).toBeInstanceOf(WebRtcError);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe("FullError");
    await ca.flush();
    expect(ca.bufferedAmount).toBe(0);
    ca.trySend("end");
    const [first, second] = await receiveMany(cb, 2);
    expect(indexOf(first as Message)).toBe(0);
    expect(second).toBe("end");
  });

  test("flush waits for many queued messages to leave", async () => {
    const { ca, cb } = await connectPair();
    const sends = Array.from({ length: 16 }, (_, i) => ca.send(numbered(i, 16 * 1024)));
    await Promise.all(sends);
    await ca.flush();
    expect(ca.bufferedAmount).toBe(0);
    expect((await receiveMany(cb, 16)).map(indexOf)).toEqual(Array.from({ length: 16 }, (_, i) => i));
  });

  test("a message over maxMessageSize rejects with MessageTooLargeError and the channel stays open", async () => {
    const max = 16 * 1024;
    const { ca, cb } = await connectPair({ maxMessageSize: max });
    expect(ca.maxMessageSize).toBe(max);
    const tooLarge = await ca.send(new Uint8Array(max + 1)).then(
      () => new Error("an oversized send resolved"),
      (e: unknown) => e,
    );
    expect(tooLarge).toBeInstanceOf(MessageTooLargeError);
    expect(tooLarge).toBeInstanceOf(WebRtcError);
    expect(tooLarge).toBeInstanceOf(Error);
    expect((tooLarge as MessageTooLargeError).name).toBe("MessageTooLargeError");
    expect((tooLarge as MessageTooLargeError).size).toBe(max + 1);
    expect((tooLarge as MessageTooLargeError).max).toBe(max);
    // Text counts in UTF-8 bytes.
    const text = "é".repeat(max / 2 + 1);
    await expect(ca.send(text)).rejects.toMatchObject({ name: "MessageTooLargeError", size: max + 2, max });
    expect(() => ca.trySend(new Uint8Array(max + 1))).toThrow(MessageTooLargeError);
    expect(ca.readyState).toBe("open");
    await ca.send(pattern(max, 1));
    await ca.send("after");
    const [exact, after] = await receiveMany(cb, 2);
    expect(exact).toEqual(pattern(max, 1));
    expect(after).toBe("after");
  });
});

describe("reading", () => {
  test("for await over the channel from the datachannel event gets every message, even those sent before the first read", async () => {
    const early = Array.from({ length: 10 }, (_, i) => `early ${i}`);
    const { ca, cb } = await connectPair({
      onLocalChannel: (channel) => {
        channel.on("open", () => {
          for (const message of early) channel.trySend(message);
        });
      },
    });
    const earlyBytes = early.reduce((n, m) => n + new TextEncoder().encode(m).length, 0);
    await vi.waitFor(() => expect(cb.unreadBytes).toBe(earlyBytes));
    for (let i = 0; i < 10; i++) await ca.send(numbered(i, 100));
    // Chromium drops messages still queued when close() follows send() at
    // once, so the sender closes only after everything arrived.
    await vi.waitFor(() => expect(cb.unreadBytes).toBe(earlyBytes + 1000));
    ca.close();
    const got: Message[] = [];
    for await (const message of cb) got.push(message);
    expect(got.slice(0, 10)).toEqual(early);
    expect(got.slice(10).map(indexOf)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(got).toHaveLength(20);
  });

  test("messages() iterates like the channel itself", async () => {
    const { ca, cb } = await connectPair();
    await ca.send("m1");
    await ca.send(new Uint8Array([9]));
    const iterator = cb.messages();
    expect(await iterator.next()).toEqual({ done: false, value: "m1" });
    expect(await iterator.next()).toEqual({ done: false, value: new Uint8Array([9]) });
    ca.close();
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  test("receive() rejects with ClosedError once the channel closed and everything was read", async () => {
    const { ca, cb } = await connectPair();
    await ca.send("last");
    await vi.waitFor(() => expect(cb.unreadBytes).toBe(4));
    ca.close();
    await cb.closed;
    expect(await cb.receive()).toBe("last");
    await expect(cb.receive()).rejects.toBeInstanceOf(ClosedError);
  });

  test("readable: getReader().read() gets each message, then done", async () => {
    const { ca, cb } = await connectPair();
    const reader = cb.readable.getReader();
    await ca.send("one");
    await ca.send(pattern(100));
    expect(await reader.read()).toEqual({ done: false, value: "one" });
    expect(await reader.read()).toEqual({ done: false, value: pattern(100) });
    ca.close();
    expect(await reader.read()).toEqual({ done: true, value: undefined });
  });

  test("a message listener takes the messages, unread ones first", async () => {
    const { ca, cb } = await connectPair();
    await ca.send("before");
    await vi.waitFor(() => expect(cb.unreadBytes).toBe(6));
    const got: Message[] = [];
    const all = new Promise<void>((resolve) => {
      cb.on("message", (message) => {
        got.push(message);
        if (got.length === 3) resolve();
      });
    });
    await ca.send("second");
    await ca.send(new Uint8Array([3]));
    await all;
    expect(got).toEqual(["before", "second", new Uint8Array([3])]);
    expect(cb.unreadBytes).toBe(0);
  });
});

describe("writable", () => {
  test("a ReadableStream of chunks piped to writable arrives whole and in order", async () => {
    const { ca, cb } = await connectPair();
    const chunks = Array.from({ length: 50 }, (_, i) => pattern(1000, i));
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    });
    const arrived = receiveBytes(cb, 50_000);
    await source.pipeTo(ca.writable);
    const expected = new Uint8Array(50_000);
    chunks.forEach((chunk, i) => expected.set(chunk, i * 1000));
    expect(await arrived).toEqual(expected);
  });

  test("new Blob([...]).stream().pipeTo(channel.writable)", async () => {
    const { ca, cb } = await connectPair();
    const bytes = pattern(100_000, 7);
    const arrived = receiveBytes(cb, bytes.length);
    await new Blob([bytes]).stream().pipeTo(ca.writable);
    expect(await arrived).toEqual(bytes);
  });

  test("a writer takes strings and bytes", async () => {
    const { ca, cb } = await connectPair();
    const writer = ca.writable.getWriter();
    await writer.write("text");
    await writer.write(new Uint8Array([1, 2]));
    writer.releaseLock();
    expect(await receiveMany(cb, 2)).toEqual(["text", new Uint8Array([1, 2])]);
  });
});

describe("opened, closed and events", () => {
  test("opened rejects with ClosedError when the channel closes before opening; closed resolves", async () => {
    const channel = newPc().createDataChannel("never");
    channel.close();
    await expect(channel.opened).rejects.toBeInstanceOf(ClosedError);
    await expect(channel.closed).resolves.toBeUndefined();
  });

  test("closed resolves on both sides; close() is idempotent", async () => {
    const { ca, cb } = await connectPair();
    ca.close();
    ca.close();
    await expect(ca.closed).resolves.toBeUndefined();
    await expect(cb.closed).resolves.toBeUndefined();
    ca.close();
    cb.close();
    expect(ca.readyState).toBe("closed");
  });

  test("closing the connection closes its channels", async () => {
    const { a, b, ca, cb } = await connectPair();
    a.close();
    b.close();
    await Promise.all([ca.closed, cb.closed]);
    expect(ca.readyState).toBe("closed");
    expect(cb.readyState).toBe("closed");
  });

  test("open and close events", async () => {
    const opens: unknown[] = [];
    const { ca, cb } = await connectPair({ onLocalChannel: (channel) => channel.on("open", (e) => opens.push(e)) });
    expect(opens).toEqual([undefined]);
    const closes = [nextChannelEvent(ca, "close"), nextChannelEvent(cb, "close")];
    ca.close();
    expect(await Promise.all(closes)).toEqual([undefined, undefined]);
  });

  test("bufferedamountlow fires when the queue drains to the threshold", async () => {
    const { ca } = await connectPair();
    ca.bufferedAmountLowThreshold = 1024;
    const low = nextChannelEvent(ca, "bufferedamountlow");
    for (let i = 0; i < 4; i++) ca.trySend(pattern(16 * 1024, i));
    expect(ca.bufferedAmount).toBeGreaterThan(1024);
    expect(await low).toBeUndefined();
    expect(ca.bufferedAmount).toBeLessThanOrEqual(1024);
  });
});

describe("receive limit", () => {
  test("a remote that floods past receiveLimit: the reader gets what fit, then ReceiveBufferFullError, and the channel closes", async () => {
    const limit = 16 * 1024;
    const { ca, cb } = await connectPair({
      onRemoteChannel: (channel) => {
        channel.receiveLimit = limit;
      },
    });
    expect(cb.receiveLimit).toBe(limit);
    const outcomes = Array.from({ length: 64 }, (_, i) =>
      ca.send(numbered(i, 1024)).then(
        () => "sent",
        (e: unknown) => e,
      ),
    );
    await cb.closed;
    await ca.closed;
    const got: number[] = [];
    let error: unknown;
    for (;;) {
      try {
        got.push(indexOf(await cb.receive()));
      } catch (e) {
        error = e;
        break;
      }
    }
    // 16 messages of 1 KiB fill the 16 KiB exactly; the 17th overflows.
    expect(got).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(error).toBeInstanceOf(ReceiveBufferFullError);
    expect(error).toBeInstanceOf(WebRtcError);
    expect((error as ReceiveBufferFullError).name).toBe("ReceiveBufferFullError");
    expect((error as ReceiveBufferFullError).limit).toBe(limit);
    expect(cb.readyState).toBe("closed");
    await expect(cb.receive()).rejects.toBeInstanceOf(ClosedError);
    for (const result of await Promise.all(outcomes)) {
      if (result !== "sent") expect(result).toBeInstanceOf(ClosedError);
    }
  });
});
