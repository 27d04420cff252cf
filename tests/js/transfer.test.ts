// File transfer through the JavaScript API: between two connections of the
// package, against the wire format spoken by hand over a raw channel, and
// with the Rust crate's own transfer on the other side (tests/interop, a
// second wasm module in this page).
import { afterEach, describe, expect, test } from "vitest";
import {
  ClosedError,
  FILE_PROTOCOL,
  IncomingFile,
  IntegrityError,
  PeerConnection,
  type TransferProgress,
  wasmMemoryBytes,
} from "webrtc-wasm";
import init, { receiveFile as rustReceiveFile, sendFile as rustSendFile } from "../../target/js-interop/interop.js";
import { closeAll, connectPair, newPc, outcome, pattern } from "./helpers";

afterEach(closeAll);

const MiB = 1024 * 1024;

const hex = (digest: ArrayBuffer) => [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return hex(await crypto.subtle.digest("SHA-256", bytes));
}

/** The content hash of the wire format, from its definition: the SHA-256 of the SHA-256 digests of the 4 MiB blocks. */
async function contentHash(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digests: Uint8Array<ArrayBuffer>[] = [];
  for (let at = 0; at < bytes.length; at += 4 * MiB) {
    digests.push(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes.subarray(at, at + 4 * MiB))));
  }
  return hex(await crypto.subtle.digest("SHA-256", await new Blob(digests).arrayBuffer()));
}

/** Runs `body` as in a page without Web Crypto (an insecure context): `crypto.subtle` is undefined meanwhile. */
async function withoutWebCrypto<T>(body: () => Promise<T>): Promise<T> {
  Object.defineProperty(crypto, "subtle", { value: undefined, configurable: true });
  try {
    expect(globalThis.crypto.subtle).toBeUndefined();
    return await body();
  } finally {
    delete (crypto as { subtle?: unknown }).subtle;
    expect(globalThis.crypto.subtle).toBeInstanceOf(SubtleCrypto);
  }
}

/** The next file `pc` is offered (listening from this call on). */
function nextFile(pc: PeerConnection): Promise<IncomingFile> {
  const files = pc.incomingFiles();
  return files.next().then(async (result) => {
    await files.return?.();
    if (result.done === true) throw new Error("no file came");
    return result.value;
  });
}

/** Reads a content stream to the end (rejecting with the stream's error). */
async function readAll(readable: ReadableStream<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  const reader = readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return new Uint8Array(await new Blob(parts).arrayBuffer());
    parts.push(value as Uint8Array<ArrayBuffer>);
  }
}

/**
 * Whether `error` ends a transfer whose other side vanished: `ClosedError`,
 * or the error event the browser fires for the aborted association
 * (Chromium: an RTCError, `sctp-failure`).
 */
function vanished(error: unknown): boolean {
  return error instanceof ClosedError || (error instanceof RTCError && error.errorDetail === "sctp-failure");
}

/** A stream of `total` pattern bytes in `piece`-byte chunks, made as it is read; `cancelled` hears a cancel. */
function generated(total: number, piece: number, cancelled?: (reason: unknown) => void): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>(
    {
      cancel: cancelled,
      pull(controller) {
        if (offset >= total) {
          controller.close();
          return;
        }
        const length = Math.min(piece, total - offset);
        controller.enqueue(pattern(length, offset & 0xff));
        offset += length;
      },
    },
    { highWaterMark: 0 },
  );
}

/** The offered file's reader, once 2 MiB of its content have been read. */
async function midTransfer(offered: Promise<IncomingFile>): Promise<ReadableStreamDefaultReader<Uint8Array>> {
  const reader = (await offered).readable.getReader();
  let bytes = 0;
  while (bytes < 2 * MiB) bytes += (await reader.read()).value?.length ?? 0;
  return reader;
}

/** A raw channel speaking the wire format by hand, and its messages as a queue. */
async function rawTransferChannel(pc: PeerConnection): Promise<{ channel: RTCDataChannel; next(): Promise<unknown> }> {
  const channel = pc.raw.createDataChannel("file:by-hand", { protocol: FILE_PROTOCOL });
  const next = messagesOf(channel);
  await new Promise((resolve) => channel.addEventListener("open", resolve, { once: true }));
  return { channel, next };
}

/** A raw channel's messages from now on, one per call: text parsed as JSON, binary as an `ArrayBuffer`. */
function messagesOf(channel: RTCDataChannel): () => Promise<unknown> {
  channel.binaryType = "arraybuffer";
  const queue: unknown[] = [];
  let wake: (() => void) | undefined;
  channel.addEventListener("message", (event) => {
    queue.push(typeof event.data === "string" ? JSON.parse(event.data) : event.data);
    wake?.();
  });
  return async () => {
    while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return queue.shift();
  };
}

describe("between two connections", () => {
  test("a Blob arrives whole, with its name, type, metadata and progress on both sides", async () => {
    const { a, b } = await connectPair();
    const content = pattern(5 * MiB + 123, 7);
    const file = new File([content], "report.bin", { type: "application/x-test" });
    const offered = nextFile(b);
    const sent: TransferProgress[] = [];
    const sending = a.sendFile(file, { metadata: { album: "x", n: [1, 2] }, onProgress: (p) => sent.push(p) });
    const incoming = await offered;
    expect(incoming.info).toEqual({ name: "report.bin", size: content.length, type: "application/x-test", metadata: { album: "x", n: [1, 2] } });
    const received: TransferProgress[] = [];
    const blob = await readAll(incoming.accept({ onProgress: (p) => received.push(p) }));
    await sending;
    expect(await sha256(blob)).toBe(await sha256(content));
    for (const progress of [sent, received]) {
      expect(progress.length).toBeGreaterThan(1);
      expect(progress.at(-1)).toMatchObject({ bytes: content.length, total: content.length });
      expect(progress.every((p, i) => i === 0 || p.bytes > (progress[i - 1]?.bytes ?? 0))).toBe(true);
      expect(progress.at(-1)?.bytesPerSecond).toBeGreaterThan(0);
    }
    expect(incoming.progress.bytes).toBe(content.length);
    // Each content message was at most the negotiated maximum and 256 KiB.
    const largest = Math.max(...sent.map((p, i) => p.bytes - (sent[i - 1]?.bytes ?? 0)));
    expect(largest).toBe(Math.min(a.sctp?.maxMessageSize ?? 0, 256 * 1024));
  });

  test("a stream of unknown size, bytes and views; blob() holds the content with its type", async () => {
    const { a, b } = await connectPair();
    const offered = nextFile(b);
    const sending = a.sendFile(generated(3 * MiB + 1, 100_000), { name: "live.dat" });
    const incoming = await offered;
    expect(incoming.info).toEqual({ name: "live.dat", size: null, type: "", metadata: null });
    const [blob] = await Promise.all([incoming.blob(), sending]);
    expect(blob.size).toBe(3 * MiB + 1);
    const expected = new Uint8Array(await new Response(generated(3 * MiB + 1, 100_000)).arrayBuffer());
    expect(await sha256(new Uint8Array(await blob.arrayBuffer()))).toBe(await sha256(expected));

    for (const content of [pattern(1000).buffer, new DataView(pattern(1000, 3).buffer, 10, 500)]) {
      const next = nextFile(b);
      const done = a.sendFile(content, { type: "text/plain" });
      const file = await next;
      expect(file.info.size).toBe(content.byteLength);
      const bytes = new Uint8Array(await (await file.blob()).arrayBuffer());
      await done;
      const view = new Uint8Array(content instanceof ArrayBuffer ? content : content.buffer, content instanceof ArrayBuffer ? 0 : content.byteOffset, content.byteLength);
      expect(bytes).toEqual(view);
      expect(await outcome(() => file.accept())).toMatchObject({ name: "InvalidStateError" });
    }
  });

  test("several transfers at once, and chat keeps flowing during a 64 MiB one", async () => {
    const { a, b, ca, cb } = await connectPair();
    const files = b.incomingFiles();
    const sending = [a.sendFile(generated(64 * MiB, MiB), { name: "big", size: 64 * MiB }), a.sendFile(pattern(MiB), { name: "small" })];
    const seen: string[] = [];
    const reading: Promise<number>[] = [];
    for (let i = 0; i < 2; i++) {
      const next = await files.next();
      if (next.done === true) throw new Error("the files ended");
      seen.push(next.value.info.name);
      reading.push(readAll(next.value.readable).then((bytes) => bytes.length));
    }
    await files.return?.();
    expect([...seen].sort()).toEqual(["big", "small"]);
    // Round trips on the chat channel while the big file is in flight.
    const completed: number[] = [];
    const echo = (async () => {
      for await (const message of cb) await cb.send(message);
    })();
    let bigDone = false;
    let bigEnded = 0;
    void sending[0]?.then(() => {
      bigDone = true;
      bigEnded = performance.now();
    });
    while (!bigDone && completed.length < 50) {
      await ca.send(`ping ${completed.length}`);
      expect(await ca.receive()).toBe(`ping ${completed.length}`);
      completed.push(performance.now());
    }
    const lengths = await Promise.all(reading);
    expect(Object.fromEntries(seen.map((name, i) => [name, lengths[i]]))).toEqual({ big: 64 * MiB, small: MiB });
    await Promise.all(sending);
    ca.close();
    await echo;
    // Chat kept flowing: at least three round trips completed while the
    // big file was still in flight (a chat queued behind the file would
    // complete none before it). How fast they were is the benchmark's
    // business, not a wall-clock bound here.
    expect(completed.filter((at) => at < bigEnded).length).toBeGreaterThanOrEqual(3);
  });
});

/**
 * The page's live JS memory after a garbage collection, in Chromium
 * (cross-origin isolated, with `gc()` from webdriver.json); `undefined` in
 * browsers without the measurement (Firefox).
 */
async function liveJsBytes(): Promise<number | undefined> {
  const measure = (performance as { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> })
    .measureUserAgentSpecificMemory;
  if (measure === undefined) return undefined;
  if (!crossOriginIsolated) throw new Error("the test page is not cross-origin isolated");
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("Chromium runs without --expose-gc");
  gc();
  return (await measure.call(performance)).bytes;
}

test("256 MiB arrive with the hash checked, while wasm memory and Chromium's live JS memory grow under 32 MiB", { timeout: 180_000 }, async () => {
  const { a, b } = await connectPair();
  const total = 256 * MiB;
  const baseline = await liveJsBytes();
  const wasmBefore = wasmMemoryBytes();
  let peak = baseline ?? 0;
  const offered = nextFile(b);
  const sending = a.sendFile(generated(total, MiB), { name: "big", size: total });
  const reader = (await offered).readable.getReader();
  let received = 0;
  let nextSample = 16 * MiB;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.length;
    if (received >= nextSample && baseline !== undefined) {
      peak = Math.max(peak, (await liveJsBytes()) ?? 0);
      nextSample += 32 * MiB;
    }
  }
  await sending;
  expect(received).toBe(total);
  const wasmGrowth = wasmMemoryBytes() - wasmBefore;
  const jsGrowth = peak - (baseline ?? 0);
  console.info(`256 MiB transfer: live JS memory +${(jsGrowth / MiB).toFixed(1)} MiB (measured: ${baseline !== undefined}), wasm memory +${(wasmGrowth / MiB).toFixed(1)} MiB`);
  expect(jsGrowth).toBeLessThan(32 * MiB);
  expect(wasmGrowth).toBeLessThan(32 * MiB);
});

describe("ends", () => {
  test("a file accepted and never read errors with ClosedError once the connection closes", async () => {
    const { a, b } = await connectPair();
    const offered = nextFile(b);
    const sending = outcome(() => a.sendFile(pattern(10_000)));
    const content = (await offered).accept();
    b.close();
    expect(await sending).toSatisfy(vanished);
    expect(await outcome(() => readAll(content))).toBeInstanceOf(ClosedError);
  });

  test("a rejected file rejects the send with an AbortError carrying the reason", async () => {
    const { a, b } = await connectPair();
    const offered = nextFile(b);
    const sending = outcome(() => a.sendFile(pattern(10_000)));
    const incoming = await offered;
    await incoming.reject("not now");
    const error = await sending;
    expect(error).toBeInstanceOf(DOMException);
    expect(error).toMatchObject({ name: "AbortError", message: expect.stringContaining("not now") });
    expect(await outcome(() => incoming.accept())).toMatchObject({ name: "InvalidStateError" });
  });

  test("the sender's signal cancels mid-transfer: the sender gets its reason, the receiver an AbortError", async () => {
    const { a, b } = await connectPair();
    const controller = new AbortController();
    const offered = nextFile(b);
    let sourceCancelled: unknown;
    const sending = outcome(() =>
      a.sendFile(generated(64 * MiB, MiB, (reason) => (sourceCancelled = reason)), {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.bytes >= 4 * MiB) controller.abort(new Error("user pressed stop"));
        },
      }),
    );
    const reader = (await offered).readable.getReader();
    const received = outcome(async () => {
      for (;;) if ((await reader.read()).done) return;
    });
    expect(await sending).toMatchObject({ message: "user pressed stop" });
    // The content stream was cancelled with the same reason.
    expect(sourceCancelled).toMatchObject({ message: "user pressed stop" });
    expect(await received).toMatchObject({ name: "AbortError", message: expect.stringContaining("cancelled by the sender") });
  });

  test("an abort while the content stream has nothing to give ends the send at once", async () => {
    const { a, b } = await connectPair();
    const controller = new AbortController();
    let cancelled: unknown;
    // One chunk, then nothing (a camera recording that stalls, say).
    const stalled = new ReadableStream<Uint8Array>({
      start: (c) => c.enqueue(pattern(1000)),
      cancel: (reason) => {
        cancelled = reason;
      },
    });
    const offered = nextFile(b);
    const sending = outcome(() =>
      a.sendFile(stalled, {
        signal: controller.signal,
        onProgress: () => controller.abort(new Error("stop")),
      }),
    );
    const reader = (await offered).readable.getReader();
    const received = outcome(async () => {
      for (;;) if ((await reader.read()).done) return;
    });
    expect(await sending).toMatchObject({ message: "stop" });
    expect(cancelled).toMatchObject({ message: "stop" });
    expect(await received).toMatchObject({ name: "AbortError" });
  });

  test("the receiver cancels its stream mid-transfer: the sender gets an AbortError", async () => {
    const { a, b } = await connectPair();
    const offered = nextFile(b);
    const sending = outcome(() => a.sendFile(generated(64 * MiB, MiB)));
    const reader = await midTransfer(offered);
    await reader.cancel();
    expect(await sending).toMatchObject({ name: "AbortError", message: expect.stringContaining("cancelled by the receiver") });
  });

  test("the receiver's signal cancels mid-transfer: its stream errors with the reason, the sender gets an AbortError", async () => {
    const { a, b } = await connectPair();
    const controller = new AbortController();
    const offered = nextFile(b);
    const sending = outcome(() => a.sendFile(generated(64 * MiB, MiB)));
    const content = (await offered).accept({
      signal: controller.signal,
      onProgress: (p) => {
        if (p.bytes >= 2 * MiB) controller.abort(new Error("receiver pressed stop"));
      },
    });
    expect(await outcome(() => readAll(content))).toMatchObject({ message: "receiver pressed stop" });
    expect(await sending).toMatchObject({ name: "AbortError", message: expect.stringContaining("cancelled by the receiver") });
  });

  test("a receiver whose connection closes ends both sides with typed errors, and so does a sender's", async () => {
    for (const vanishing of ["receiver", "sender"] as const) {
      const { a, b } = await connectPair();
      const offered = nextFile(b);
      const sending = outcome(() => a.sendFile(generated(64 * MiB, MiB)));
      const reader = await midTransfer(offered);
      (vanishing === "receiver" ? b : a).close();
      const received = outcome(async () => {
        for (;;) if ((await reader.read()).done) return;
      });
      const [sent, read] = [await sending, await received];
      // The side that closed its own connection gets ClosedError.
      expect(vanishing === "receiver" ? read : sent).toBeInstanceOf(ClosedError);
      expect(vanished(vanishing === "receiver" ? sent : read), String(vanishing === "receiver" ? sent : read)).toBe(true);
    }
  });

  test("a stream longer or shorter than its declared size is an IntegrityError on both sides", async () => {
    for (const [actual, declared] of [
      [MiB + 1, MiB],
      [MiB - 1, MiB],
    ] as const) {
      const { a, b } = await connectPair();
      const offered = nextFile(b);
      const sending = outcome(() => a.sendFile(generated(actual, 64 * 1024), { size: declared }));
      const received = outcome(async () => readAll((await offered).readable));
      expect(await sending).toBeInstanceOf(IntegrityError);
      expect(await received).toBeInstanceOf(IntegrityError);
    }
  });
});

describe("the wire format", () => {
  // Lengths at SHA-256's 64-byte blocks (the receiver's own SHA-256 where
  // there is no Web Crypto) and at the content hash's 4 MiB blocks.
  const lengths = [0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 1000, 70_001, 4 * MiB - 1, 4 * MiB, 4 * MiB + 1];
  for (const webCrypto of [true, false]) {
    test(`spoken by hand: the receiver takes the content hash of the definition at every block boundary, ${webCrypto ? "with Web Crypto" : "without Web Crypto"}`, { timeout: 60_000 }, async () => {
      const { a, b } = await connectPair();
      for (const length of lengths) {
        const content = pattern(length, length);
        const hash = await contentHash(content);
        const step = length < MiB ? 1000 : 64 * 1024;
        const offered = nextFile(b);
        const sender = await rawTransferChannel(a);
        sender.channel.send(JSON.stringify({ file: { name: `n${length}`, size: length, type: "t" } }));
        const incoming = await offered;
        const receive = async () => {
          const reading = readAll(incoming.readable);
          expect(await sender.next()).toEqual({ accept: {} });
          for (let at = 0; at < length; at += step) sender.channel.send(content.slice(at, at + step));
          sender.channel.send(JSON.stringify({ end: { size: length, content_hash: hash } }));
          return reading;
        };
        expect(await (webCrypto ? receive() : withoutWebCrypto(receive))).toEqual(content);
        // The acknowledgements of each MiB read, then the verdict.
        let answer = await sender.next();
        while (typeof answer === "object" && answer !== null && "ack" in answer) answer = await sender.next();
        expect(answer).toEqual({ done: {} });
        sender.channel.close();
      }
    });
  }

  test("without Web Crypto, the library's sender sends the content hash of the definition", async () => {
    const { a, b } = await connectPair();
    const content = pattern(4 * MiB + 70_001, 3);
    const hash = await contentHash(content);
    const [sending, end] = await withoutWebCrypto(async () => {
      const sending = a.sendFile(new Blob([content]), { name: "soft" });
      const [channel] = await new Promise<RTCDataChannel[]>((resolve) => {
        b.raw.addEventListener("datachannel", (event) => resolve([event.channel]), { once: true });
      });
      if (channel === undefined) throw new Error("no channel");
      const next = messagesOf(channel);
      expect(await next()).toMatchObject({ file: { name: "soft", size: content.length } });
      channel.send(JSON.stringify({ accept: {} }));
      let received = 0;
      let message = await next();
      for (; message instanceof ArrayBuffer; message = await next()) received += message.byteLength;
      expect(received).toBe(content.length);
      channel.send(JSON.stringify({ done: {} }));
      return [sending, message] as const;
    });
    expect(end).toEqual({ end: { size: content.length, content_hash: hash } });
    await sending;
  });

  test("spoken by hand: the library's sender sends the header, the content, acknowledged windows and the end", async () => {
    const { a, b } = await connectPair();
    const content = pattern(10 * MiB + 5, 9);
    const sending = a.sendFile(new Blob([content]), { name: "x", metadata: { k: 1 } });
    const [channel] = await new Promise<RTCDataChannel[]>((resolve) => {
      b.raw.addEventListener("datachannel", (event) => resolve([event.channel]), { once: true });
    });
    if (channel === undefined) throw new Error("no channel");
    expect([channel.label, channel.protocol, channel.ordered]).toEqual(["file:x", FILE_PROTOCOL, true]);
    const next = messagesOf(channel);
    expect(await next()).toEqual({ file: { name: "x", size: content.length, type: "", metadata: { k: 1 } } });
    channel.send(JSON.stringify({ accept: {} }));
    // Without acknowledgements the sender stops at its 8 MiB window.
    const parts: Uint8Array[] = [];
    let received = 0;
    while (received < 8 * MiB) {
      const part = new Uint8Array((await next()) as ArrayBuffer);
      parts.push(part);
      received += part.length;
    }
    expect(received).toBe(8 * MiB);
    channel.send(JSON.stringify({ ack: { bytes: received } }));
    let end: { end: { size: number; content_hash: string } } | undefined;
    while (end === undefined) {
      const message = await next();
      if (message instanceof ArrayBuffer) parts.push(new Uint8Array(message));
      else end = message as typeof end;
    }
    const whole = new Uint8Array(await new Blob(parts as Uint8Array<ArrayBuffer>[]).arrayBuffer());
    // Three blocks: 4 MiB, 4 MiB, 2 MiB + 5 bytes.
    expect(end).toEqual({ end: { size: content.length, content_hash: await contentHash(content) } });
    expect(whole).toEqual(content);
    channel.send(JSON.stringify({ done: {} }));
    await sending;
  });

  test("a corrupted chunk is an IntegrityError, and the sender is told", async () => {
    const { a, b } = await connectPair();
    const content = pattern(100_000);
    const offered = nextFile(b);
    const sender = await rawTransferChannel(a);
    sender.channel.send(JSON.stringify({ file: { name: "c", size: content.length } }));
    const reading = outcome(async () => readAll((await offered).readable));
    expect(await sender.next()).toEqual({ accept: {} });
    const corrupted = content.slice();
    corrupted[50_000] ^= 1;
    sender.channel.send(corrupted);
    sender.channel.send(JSON.stringify({ end: { size: content.length, content_hash: await contentHash(content) } }));
    expect(await reading).toBeInstanceOf(IntegrityError);
    expect(await sender.next()).toEqual({ cancel: { reason: "the content does not match its content hash", integrity: true } });
  });

  test("a bad header or none is answered with a cancel and never offered", async () => {
    const { a, b } = await connectPair();
    const files = b.incomingFiles();
    const first = files.next();
    for (const bad of ["not json", JSON.stringify({ accept: {} }), JSON.stringify({ file: { size: 1 } })]) {
      const sender = await rawTransferChannel(a);
      sender.channel.send(bad);
      const answer = (await sender.next()) as { cancel: { reason: string } };
      expect(answer.cancel.reason).toMatch(/file-transfer message/);
    }
    const offered = a.sendFile(pattern(10), { name: "good" });
    const file = (await first).value as IncomingFile;
    expect(file.info.name).toBe("good");
    await Promise.all([file.blob(), offered]);
    await files.return?.();
  });

  test("wrong arguments are TypeErrors and RangeErrors, with nothing sent", async () => {
    const { a, b } = await connectPair();
    const labels: string[] = [];
    b.raw.addEventListener("datachannel", (event) => labels.push(event.channel.label));
    const cases: [() => unknown, ErrorConstructor][] = [
      [() => a.sendFile("text" as unknown as Blob), TypeError],
      [() => a.sendFile(new Blob(["x"]), 5 as never), TypeError],
      [() => a.sendFile(new Blob(["x"]), { name: 5 as unknown as string }), TypeError],
      [() => a.sendFile(new Blob(["x"]), { size: 2 }), RangeError],
      [() => a.sendFile(generated(1, 1), { size: -1 }), RangeError],
      [() => a.sendFile(new Blob(["x"]), { metadata: { big: 1n } as never }), TypeError],
      [() => a.sendFile(new Blob(["x"]), { metadata: "m".repeat(70_000) }), RangeError],
      [() => a.sendFile(new Blob(["x"]), { onProgress: "no" as never }), TypeError],
    ];
    for (const [call, type] of cases) expect(await outcome(call)).toBeInstanceOf(type);
    // The first transfer channel b sees is the next good one's.
    const offered = nextFile(b);
    const sending = a.sendFile(new Blob(["ok"]), { name: "good" });
    await (await offered).blob();
    await sending;
    expect(labels).toEqual(["file:good"]);

    // A stream of something else than bytes fails the send once it is read, and the receiver is told.
    const next = nextFile(b);
    const bad = outcome(() => a.sendFile(new ReadableStream({ start: (c) => c.enqueue("text") }) as never));
    const received = outcome(async () => readAll((await next).readable));
    expect(await bad).toBeInstanceOf(TypeError);
    expect(await received).toMatchObject({ name: "AbortError", message: expect.stringContaining("Uint8Array") });
  });
});

describe("with the Rust crate on the other side", () => {
  /** A package connection and a raw one that the Rust crate drives, connected. */
  async function mixedPair(): Promise<{ js: PeerConnection; raw: RTCPeerConnection }> {
    await init();
    const js = newPc();
    const raw = new RTCPeerConnection();
    // Whole descriptions, candidates included (no trickling).
    js.createDataChannel("chat");
    await js.setLocalDescription();
    await js.iceGatheringComplete();
    await raw.setRemoteDescription(js.localDescription as RTCSessionDescriptionInit);
    const gathered = new Promise((resolve) => raw.addEventListener("icegatheringstatechange", resolve));
    await raw.setLocalDescription();
    if (raw.iceGatheringState !== "complete") await gathered;
    await js.setRemoteDescription(raw.localDescription as RTCSessionDescriptionInit);
    await js.connected();
    return { js, raw };
  }

  test("a Rust sender and a JavaScript receiver", async () => {
    const { js, raw } = await mixedPair();
    try {
      const content = pattern(3 * MiB + 77, 4);
      const offered = nextFile(js);
      const sending = rustSendFile(raw, "from-rust.bin", "application/x-rust", JSON.stringify({ lang: "rust" }), content, 70_001);
      const incoming = await offered;
      expect(incoming.info).toEqual({ name: "from-rust.bin", size: content.length, type: "application/x-rust", metadata: { lang: "rust" } });
      expect(await readAll(incoming.readable)).toEqual(content);
      await sending;
    } finally {
      raw.close();
    }
  });

  test("a JavaScript sender and a Rust receiver", async () => {
    const { js, raw } = await mixedPair();
    try {
      const content = pattern(3 * MiB + 77, 5);
      const receiving = rustReceiveFile(raw) as Promise<{ name: string; size: number | null; type: string; metadata: string; bytes: Uint8Array }>;
      await js.sendFile(new File([content], "from-js.bin", { type: "application/x-js" }), { metadata: { lang: "ts" } });
      const received = await receiving;
      expect({ ...received, bytes: undefined }).toEqual({ name: "from-js.bin", size: content.length, type: "application/x-js", metadata: '{"lang":"ts"}', bytes: undefined });
      expect(received.bytes).toEqual(content);
    } finally {
      raw.close();
    }
  });
});
