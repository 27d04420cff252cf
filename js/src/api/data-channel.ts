// The package's DataChannel: the Rust channel's backpressure, size limit
// and bounded receive queue, with JavaScript's promises, async iteration
// and WHATWG streams.
import type { WasmDataChannel } from "../../wasm/webrtc_wasm.js";
import { installDispose, type Disposal } from "../dispose.js";
import { ClosedError, FullError, toError, wrap, wrapAsync } from "./errors.js";
import {
  abortable,
  listen,
  NOTHING,
  onDom,
  scopedListen,
  signalOf,
  StreamReader,
  until,
  waitFor,
  type ListenOptions,
  type Scope,
  type Unsubscribe,
  type WaitOptions,
} from "./events.js";

/** A received message: text as a string, binary as a `Uint8Array`. */
export type Message = string | Uint8Array;

/** What `send()` takes. Views send the bytes they cover; a `Blob` is read first. */
export type SendData = string | ArrayBuffer | ArrayBufferView | Blob;

/** The events of a {@link DataChannel} and the value each listener gets. */
export interface DataChannelEventMap {
  /** The channel opened. */
  open: undefined;
  /** The channel started closing. */
  closing: undefined;
  /** The channel closed. */
  close: undefined;
  /** An error event, with its `RTCError`. */
  error: Error;
  /** A message. `message` listeners take messages instead of the iterator and `readable`. */
  message: Message;
  /** The send queue drained to `bufferedAmountLowThreshold`. */
  bufferedamountlow: undefined;
}

const channels = new WeakMap<RTCDataChannel, DataChannel>();

/** The value of the channel's events the TypeScript layer reads itself: an `error` event's `RTCError`, else nothing. */
const DOM_EVENTS: Record<string, (event: Event) => unknown> = {
  __proto__: null as never,
  open: noopValue,
  closing: noopValue,
  close: noopValue,
  error: (event) => (event as RTCErrorEvent).error,
};

function noopValue(): undefined {
  return undefined;
}

/** The bytes a view covers. */
function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}
/** @internal The priority each channel was created with (for browsers without the attribute). */
export const createdPriority = new WeakMap<RTCDataChannel, RTCPriorityType | undefined>();
const RESOLVED: Promise<void> = Promise.resolve();
const noop = () => {};

/**
 * A data channel (`RTCDataChannel`) with backpressure, size checks and a
 * bounded receive queue. Like the browser's channel it stays open until
 * `close()` or until its connection closes.
 *
 * See https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel
 */
export class DataChannel implements AsyncIterable<Message> {
  readonly #w: WasmDataChannel;
  readonly #raw: RTCDataChannel;
  #messages: StreamReader<Message> | undefined;
  #queued = 0;
  #tail: Promise<void> = RESOLVED;
  #opened: Promise<void> | undefined;
  #closed: Promise<void> | undefined;
  #readable: ReadableStream<Message> | undefined;
  #writable: WritableStream<SendData> | undefined;
  #released = false;
  readonly #onRelease: Array<() => void> = [];
  /** The listeners on the browser's channel, all removed at release. */
  readonly #scope: Scope = { stops: new Set(), closed: () => this.#released || this.#raw.readyState === "closed" };

  static {
    installDispose(this, "close");
  }

  private constructor(w: WasmDataChannel, raw: RTCDataChannel) {
    this.#w = w;
    this.#raw = raw;
    // Once closed, the library's listeners go (not at garbage collection).
    if (raw.readyState === "closed") this.release();
    else scopedListen(this.#scope, raw, "close", () => setTimeout(() => this.release(), 0));
  }

  /** @internal The one DataChannel of a wasm channel (the same object for the same browser channel). */
  static wrap(w: WasmDataChannel): DataChannel {
    const raw = w.raw;
    const known = channels.get(raw);
    if (known !== undefined) {
      w.free();
      return known;
    }
    const channel = new DataChannel(w, raw);
    channels.set(raw, channel);
    return channel;
  }

  /** @internal Removes every listener once the channel is closed (or its connection is). */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#w.release();
    for (const stop of [...this.#scope.stops]) stop();
    for (const hook of this.#onRelease.splice(0)) hook();
  }

  /** @internal Calls `hook` once the channel's listeners are gone. */
  onRelease(hook: () => void): void {
    if (this.#released) hook();
    else this.#onRelease.push(hook);
  }

  /** The browser's `RTCDataChannel`. */
  get raw(): RTCDataChannel {
    return this.#raw;
  }
  /** See https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/label */
  get label(): string {
    return this.#raw.label;
  }
  /** See https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/ordered */
  get ordered(): boolean {
    return this.#raw.ordered;
  }
  /** See https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/maxRetransmits */
  get maxRetransmits(): number | null {
    return this.#raw.maxRetransmits;
  }
  /** See https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/maxPacketLifeTime */
  get maxPacketLifeTime(): number | null {
    return this.#raw.maxPacketLifeTime;
  }
  /** See https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/protocol */
  get protocol(): string {
    return this.#raw.protocol;
  }
  /** See https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/negotiated */
  get negotiated(): boolean {
    return this.#raw.negotiated;
  }
  /** See https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/id */
  get id(): number | null {
    return this.#raw.id;
  }
  /** The channel's priority: the browser's where it has the attribute (not Firefox), else the one it was created with, else `"low"`. */
  get priority(): RTCPriorityType {
    return (this.#raw as { priority?: RTCPriorityType }).priority ?? createdPriority.get(this.#raw) ?? "low";
  }
  /** See https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/readyState */
  get readyState(): RTCDataChannelState {
    // Released: the channel or its connection closed (the browser may
    // update its own channel's state a moment after the connection closes).
    return this.#released ? "closed" : this.#raw.readyState;
  }
  /** See https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/bufferedAmount */
  get bufferedAmount(): number {
    return this.#raw.bufferedAmount;
  }
  /** See https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/bufferedAmountLowThreshold */
  get bufferedAmountLowThreshold(): number {
    return this.#w.bufferedAmountLowThreshold;
  }
  set bufferedAmountLowThreshold(threshold: number) {
    if (typeof threshold !== "number") throw new TypeError("bufferedAmountLowThreshold must be a number");
    wrap(() => {
      this.#w.bufferedAmountLowThreshold = threshold;
    });
  }
  /** The largest message the channel can send (from the SCTP transport or the remote description). */
  get maxMessageSize(): number {
    return this.#w.maxMessageSize;
  }
  /** `send()` waits while more than this many bytes are queued (default 1 MiB). */
  get highWatermark(): number {
    return this.#w.highWatermark;
  }
  /** Waiting senders resume once the queue drains to this many bytes (default 256 KiB). */
  get lowWatermark(): number {
    return this.#w.lowWatermark;
  }
  /** Sets both watermarks (bytes); a `RangeError` unless `low <= high`. */
  setWatermarks(high: number, low: number): void {
    if (typeof high !== "number" || typeof low !== "number") throw new TypeError("the watermarks must be numbers");
    wrap(() => this.#w.setWatermarks(high, low));
  }
  /** The most unread bytes kept (default 16 MiB); past it the reader gets `ReceiveBufferFullError` and the channel closes. */
  get receiveLimit(): number {
    return this.#w.receiveLimit;
  }
  set receiveLimit(bytes: number) {
    if (typeof bytes !== "number") throw new TypeError("receiveLimit must be a number");
    wrap(() => {
      this.#w.receiveLimit = bytes;
    });
  }
  /** Bytes received and not read yet. */
  get unreadBytes(): number {
    return this.#w.unreadBytes;
  }

  /**
   * Sends `data`, waiting while the send queue is above the high watermark.
   * Concurrent calls send in call order. Rejects with
   * `MessageTooLargeError` (nothing sent, the channel stays open),
   * `InvalidStateError` before the channel opens, `ClosedError` once it
   * closes, `TypeError` for data of another type, or `signal.reason` (the
   * message is then not sent).
   */
  send(data: SendData, options?: WaitOptions): Promise<void> {
    let signal: AbortSignal | undefined;
    try {
      signal = signalOf(options);
      signal?.throwIfAborted();
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#queued === 0 && !(data instanceof Blob)) {
      try {
        if (this.#w.trySend(data)) return RESOLVED;
      } catch (error) {
        return Promise.reject(toError(error));
      }
    }
    return this.#enqueue(data, signal);
  }

  #enqueue(data: SendData, signal: AbortSignal | undefined): Promise<void> {
    this.#queued += 1;
    // The bytes as they are now, as the browser's send() takes them: the
    // caller may reuse its buffer while this send waits.
    const copy = data instanceof ArrayBuffer ? data.slice(0) : ArrayBuffer.isView(data) ? bytesOf(data).slice() : data;
    const run = async () => {
      const message = copy instanceof Blob ? new Uint8Array(await abortable(copy.arrayBuffer(), signal)) : copy;
      for (;;) {
        signal?.throwIfAborted();
        await abortable(wrapAsync(this.#w.room(message)), signal);
        signal?.throwIfAborted();
        if (wrap(() => this.#w.trySend(message))) return;
      }
    };
    const sent = this.#tail.then(run).finally(() => {
      this.#queued -= 1;
    });
    this.#tail = sent.then(noop, noop);
    // An abort rejects at once; the send, when its turn comes, sees the
    // signal and sends nothing.
    return abortable(sent, signal);
  }

  /**
   * Sends `data` now if the queue has room; throws `FullError` when it is
   * above the high watermark (nothing sent), and otherwise as `send()`.
   */
  trySend(data: string | ArrayBuffer | ArrayBufferView): void {
    if (this.#queued > 0) throw new FullError("earlier sends are waiting for room");
    if (!wrap(() => this.#w.trySend(data))) throw new FullError("the send queue is full");
  }

  /** Resolves once every message sent so far has left the browser's queue (`bufferedAmount` is 0). */
  flush(options?: WaitOptions): Promise<void> {
    return waitFor(options, () => this.#tail.then(() => wrapAsync(this.#w.flush())));
  }

  #reader(): StreamReader<Message> {
    this.#messages ??= new StreamReader(this.#w.messages(), (value) => value as Message);
    return this.#messages;
  }

  /**
   * The next message. Rejects with `ClosedError` once the channel has
   * closed and every message was read, with `ReceiveBufferFullError` after
   * a flood (everything before it was delivered), or with `signal.reason`
   * (the message stays for the next read).
   */
  async receive(options?: WaitOptions): Promise<Message> {
    const signal = signalOf(options);
    const message = await this.#reader().read(signal);
    if (message === NOTHING) throw new ClosedError("the data channel is closed");
    return message;
  }

  /** The messages, ending when the channel closes; the loop ends early on `break` or an aborted signal. */
  messages(options?: WaitOptions): AsyncIterableIterator<Message> {
    return this.#reader().iterator(signalOf(options), false);
  }

  [Symbol.asyncIterator](): AsyncIterator<Message> {
    return this.messages();
  }

  /** The messages as a WHATWG `ReadableStream` (pull-based: the channel's receive queue is its buffer). */
  get readable(): ReadableStream<Message> {
    if (this.#readable === undefined) {
      // Cancelling stops a pending read before it takes a message, so the
      // message stays for the channel's other readers.
      const cancelled = new AbortController();
      this.#readable = new ReadableStream<Message>(
        {
          pull: async (controller) => {
            let message: Message | typeof NOTHING;
            try {
              message = await this.#reader().read(cancelled.signal);
            } catch (error) {
              if (cancelled.signal.aborted) return;
              throw error;
            }
            if (message === NOTHING) controller.close();
            else controller.enqueue(message);
          },
          cancel: (reason: unknown) => cancelled.abort(reason),
        },
        { highWaterMark: 0 },
      );
    }
    return this.#readable;
  }

  /**
   * A WHATWG `WritableStream` that sends each chunk with `send()`, so
   * `pipeTo` gets the channel's backpressure. Closing it waits for
   * `flush()`; aborting it drops the chunks still waiting to be sent.
   */
  get writable(): WritableStream<SendData> {
    // The controller's signal aborts as soon as the writer aborts, even
    // while a write waits for room.
    this.#writable ??= new WritableStream<SendData>({
      write: (chunk, controller) => this.send(chunk, { signal: controller.signal }),
      close: () => this.flush(),
    });
    return this.#writable;
  }

  /** Resolves when the channel is open; rejects with `ClosedError` if it closes first. */
  get opened(): Promise<void> {
    this.#opened ??= until(this.#scope, this.#raw, ["open", "close"], (released) => {
      const state = this.#raw.readyState;
      if (state === "open") return true;
      return released || state !== "connecting" ? new ClosedError("the data channel closed before it opened") : false;
    });
    return this.#opened;
  }

  /** Resolves when the channel is closed (or its connection is). */
  get closed(): Promise<void> {
    this.#closed ??= until(this.#scope, this.#raw, ["close"], (released) => released || this.#raw.readyState === "closed");
    return this.#closed;
  }

  /** Waits for `opened` with an abort signal. */
  open(options?: WaitOptions): Promise<void> {
    return waitFor(options, () => this.opened);
  }

  /** Calls `listener` on each event of `type` until unsubscribed, the signal aborts, or the channel closes. */
  on<K extends keyof DataChannelEventMap>(
    type: K,
    listener: (event: DataChannelEventMap[K]) => void,
    options?: ListenOptions,
  ): Unsubscribe {
    if (typeof type === "string" && type in DOM_EVENTS) {
      return onDom(this.#scope, this.#raw, DOM_EVENTS[type] as (event: Event) => unknown, type, listener, options);
    }
    return listen(
      (t, callback) => this.#w.on(t, callback),
      type,
      listener,
      options,
      (value) => value,
      () => {
        if (type === "message") this.#w.deliverUnread();
      },
    );
  }

  /**
   * Closes the channel. Messages already received stay readable. Messages
   * still in the browser's send queue (`bufferedAmount` above 0) may be
   * lost: Chromium drops them, Firefox sends them first; `await flush()`
   * before closing waits until the browser has sent them. Idempotent.
   */
  close(): void {
    this.#w.close();
  }
}

/** `[Symbol.dispose]()` (where the TypeScript lib declares `Symbol.dispose`) calls `close()`. */
export interface DataChannel extends Disposal {}
