// File transfer: the wire format of the Rust crate's `transfer` module (see
// the README, "File transfer"), spoken over the package's DataChannel, so
// that a Rust peer and a JavaScript peer understand each other. One channel
// per transfer; the sender keeps at most WINDOW bytes beyond what the
// receiver's reader took in flight, so neither side holds the whole file.
import type { DataChannel, Message } from "./data-channel.js";
import { ClosedError, DecodeError, IntegrityError } from "./errors.js";
import { signalOf, type WaitOptions } from "./events.js";
import type { PeerConnection } from "./peer-connection.js";
import { ContentHash } from "./content-hash.js";

/** The data-channel protocol of a file transfer (the channel's label is `file:` and the file's name). */
export const FILE_PROTOCOL: "webrtc-wasm-file/2" = "webrtc-wasm-file/2";
/** The largest content message, whatever larger maximum the browsers negotiated. */
const MAX_CHUNK = 256 * 1024;
/** The most content bytes in flight beyond the receiver's last acknowledgement. */
const WINDOW = 8 * 1024 * 1024;
/** The receiver acknowledges each time its reader has taken this many more bytes. */
const ACK_EVERY = 1024 * 1024;
/** The largest control message (the header with its metadata). */
const MAX_CONTROL = 64 * 1024;
/** How long a receiver waits for the header of a new transfer channel. */
const HEADER_TIMEOUT_MS = 10_000;
/** At most this many incoming transfer channels wait for their header at once. */
const PENDING_HEADERS = 16;

/** A value JSON can hold. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** What the receiver learns of a file before accepting it. */
export interface FileInfo {
  /** The file's name (`""` when the sender gave none). */
  readonly name: string;
  /** Its size in bytes; `null` when the sender does not know it (a stream). */
  readonly size: number | null;
  /** Its MIME type; `""` when unknown. */
  readonly type: string;
  /** What the sending application sent along; `null` when nothing. */
  readonly metadata: JsonValue;
}

/** How far a transfer has come, for a progress bar. */
export interface TransferProgress {
  /** Content bytes sent (or received and read) so far. */
  readonly bytes: number;
  /** The size; `null` when unknown. */
  readonly total: number | null;
  /** The average rate since the content started, in bytes per second. */
  readonly bytesPerSecond: number;
}

/** The options of `sendFile()`. */
export interface SendFileOptions extends WaitOptions {
  /** The name the receiver sees (default: the `File`'s name, else `""`). */
  name?: string;
  /** The MIME type (default: the `Blob`'s type, else `""`). */
  type?: string;
  /** The size of a stream's content, when known (a `Blob` has its own): the receiver checks it. */
  size?: number;
  /** Anything the receiving application should know, as JSON (at most 64 KiB with the rest of the header). */
  metadata?: JsonValue;
  /** Called after each chunk is sent. */
  onProgress?: (progress: TransferProgress) => void;
}

/** The options of {@link IncomingFile.accept}. */
export interface ReceiveFileOptions extends WaitOptions {
  /** Called after each chunk the reader takes. */
  onProgress?: (progress: TransferProgress) => void;
}

type Controls = {
  file: { name: string; size?: number; type: string; metadata?: JsonValue };
  accept: Record<string, never>;
  reject: { reason: string };
  ack: { bytes: number };
  end: { size: number; content_hash: string };
  done: Record<string, never>;
  cancel: { reason: string; integrity?: boolean };
};
type Control = { [K in keyof Controls]: [K, Controls[K]] }[keyof Controls];

/** The text of a control message. */
function control<K extends keyof Controls>(kind: K, body: Controls[K]): string {
  return JSON.stringify({ [kind]: body });
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** Checks each member of `body` with its test; a member without `?` in its key must be there. */
function shaped(body: Record<string, unknown>, members: Record<string, (value: unknown) => boolean>): boolean {
  return Object.entries(members).every(([key, test]) => {
    const name = key.replace("?", "");
    return body[name] === undefined ? key.endsWith("?") : test(body[name]);
  });
}

const isString = (value: unknown) => typeof value === "string";
const isAny = () => true;
const SHAPES: Record<keyof Controls, Record<string, (value: unknown) => boolean>> = {
  file: { name: isString, "size?": isCount, "type?": isString, "metadata?": isAny },
  accept: {},
  reject: { reason: isString },
  ack: { bytes: isCount },
  end: { size: isCount, content_hash: isString },
  done: {},
  cancel: { reason: isString, "integrity?": (value) => typeof value === "boolean" },
};

/** A control message, checked: a `DecodeError` for anything else. */
function parseControl(message: Message): Control | DecodeError {
  if (typeof message === "string" && message.length <= MAX_CONTROL) {
    let value: unknown;
    try {
      value = JSON.parse(message);
    } catch {
      value = undefined;
    }
    const entries = typeof value === "object" && value !== null ? Object.entries(value) : [];
    const [kind, body] = entries[0] ?? [];
    if (entries.length === 1 && Object.hasOwn(SHAPES, kind) && typeof body === "object" && body !== null) {
      if (shaped(body as Record<string, unknown>, SHAPES[kind as keyof Controls])) return [kind, body] as Control;
    }
  }
  const shown = typeof message === "string" ? JSON.stringify(message.slice(0, 80)) : `${message.length} binary bytes`;
  return new DecodeError(`not a file-transfer message: ${shown}`);
}

/** `parseControl`, throwing its `DecodeError`. */
function checked(message: Message): Control {
  const parsed = parseControl(message);
  if (parsed instanceof DecodeError) throw parsed;
  return parsed;
}

async function nextControl(channel: DataChannel): Promise<Control> {
  return checked(await channel.receive());
}

function unexpected(kind: string): DecodeError {
  return new DecodeError(`an unexpected file-transfer message: ${kind}`);
}

/** The error a `cancel` from the other side means. */
function cancelled(body: Controls["cancel"]): Error {
  return body.integrity === true
    ? new IntegrityError(body.reason)
    : new DOMException(`the transfer was cancelled: ${body.reason}`, "AbortError");
}

/** Sends `text` now, past the channel's watermarks, if the channel is still open. */
function urgent(channel: DataChannel, text: string): void {
  if (channel.readyState === "open") channel.raw.send(text);
}

/** Tells the other side the transfer stops, and closes its channel. */
function cancel(channel: DataChannel, reason: string, integrity: boolean): void {
  urgent(channel, control("cancel", { reason, integrity }));
  channel.close();
}

/** Cancels the transfer as `error` calls for: nothing for one the other side ended or a closed channel. */
function cancelFor(channel: DataChannel, error: unknown, ours: string): void {
  if (error instanceof ClosedError || (error instanceof DOMException && error.name === "AbortError")) {
    channel.close();
  } else {
    cancel(channel, error instanceof Error && !(error instanceof DOMException) ? error.message : ours, error instanceof IntegrityError);
  }
}

/** How far a transfer that started at `since` (a `performance.now()`) has come. */
function progressOf(bytes: number, total: number | null, since: number): TransferProgress {
  const seconds = (performance.now() - since) / 1000;
  return { bytes, total, bytesPerSecond: seconds > 0 ? bytes / seconds : 0 };
}

/** The `cancel` the other side sent before the channel closed, if one is still unread. */
async function cancelReceived(channel: DataChannel): Promise<Error | undefined> {
  while (channel.unreadBytes > 0) {
    const message = await channel.receive();
    const parsed = parseControl(message);
    if (!(parsed instanceof DecodeError) && parsed[0] === "cancel") return cancelled(parsed[1]);
  }
  return undefined;
}

/** Sends `data` with the channel's backpressure; a failure because the receiver cancelled is that cancel. */
async function send(channel: DataChannel, data: string | Uint8Array): Promise<void> {
  try {
    await channel.send(data);
  } catch (error) {
    throw (await cancelReceived(channel)) ?? error;
  }
}

/** @internal `PeerConnection.sendFile`. */
export async function sendFile(
  pc: PeerConnection,
  content: Blob | ReadableStream<Uint8Array> | ArrayBuffer | ArrayBufferView,
  options: SendFileOptions = {},
): Promise<void> {
  if (typeof options !== "object" || options === null) throw new TypeError("the options must be an object");
  const signal = signalOf(options);
  signal?.throwIfAborted();
  const source = content instanceof ArrayBuffer || ArrayBuffer.isView(content) ? new Blob([content as BufferSource]) : content;
  let size: number | null = null;
  let { name = "", type = "" } = source instanceof Blob ? (source as Partial<File>) : {};
  if (source instanceof Blob) {
    size = source.size;
  } else if (!(source instanceof ReadableStream)) {
    throw new TypeError("the content must be a Blob, a ReadableStream of Uint8Array, an ArrayBuffer or a view");
  }
  name = options.name ?? name;
  type = options.type ?? type;
  if (typeof name !== "string" || typeof type !== "string") throw new TypeError("name and type must be strings");
  if (options.size !== undefined) {
    if (!isCount(options.size)) throw new RangeError(`the size must be a whole number of bytes, not ${options.size}`);
    if (size !== null && options.size !== size) throw new RangeError(`the size is ${size}, not ${options.size}`);
    size = options.size;
  }
  const onProgress = options.onProgress;
  if (onProgress !== undefined && typeof onProgress !== "function") throw new TypeError("onProgress must be a function");
  // Members left undefined are left out; metadata JSON cannot hold (a BigInt, a cycle) is a TypeError here.
  const headerText = control("file", { name, size: size ?? undefined, type, metadata: options.metadata ?? undefined });
  if (headerText.length > MAX_CONTROL) throw new RangeError("the file's name and metadata are over 64 KiB");

  const channel = pc.createDataChannel(`file:${name}`, { protocol: FILE_PROTOCOL });
  const reader = (source instanceof Blob ? source.stream() : source).getReader();
  let sourceFailed = false;
  let cancelling: Promise<void> | undefined;
  // An abort tells the receiver and closes the channel, and cancels the
  // content (which ends a read that waits for it), so that every wait ends.
  const abort = () => {
    cancel(channel, "cancelled by the sender", false);
    cancelling = reader.cancel(signal?.reason);
  };
  signal?.addEventListener("abort", abort, { once: true });
  try {
    await channel.opened;
    await channel.send(headerText);
    const [kind, body] = await nextControl(channel);
    if (kind === "reject") throw new DOMException(`the receiver refused the file: ${body.reason}`, "AbortError");
    if (kind === "cancel") throw cancelled(body);
    if (kind !== "accept") throw unexpected(kind);
    const chunk = Math.max(1, Math.min(channel.maxMessageSize, MAX_CHUNK));
    const hash = new ContentHash();
    const started = performance.now();
    let sent = 0;
    let acked = 0;
    for (;;) {
      let read: ReadableStreamReadResult<Uint8Array>;
      try {
        read = await reader.read();
      } catch (error) {
        sourceFailed = true;
        throw error;
      }
      if (read.done) break;
      const bytes = read.value;
      if (!(bytes instanceof Uint8Array)) throw new TypeError("the content stream must give Uint8Array chunks");
      for (let at = 0; at < bytes.length; at += chunk) {
        const piece = bytes.subarray(at, at + chunk);
        // The acknowledgements (or a cancel) already there, then a wait while the window is full.
        while (channel.unreadBytes > 0 || sent + piece.length > acked + WINDOW) {
          const [kind, body] = await nextControl(channel);
          if (kind === "cancel") throw cancelled(body);
          if (kind !== "ack") throw unexpected(kind);
          acked = Math.max(acked, body.bytes);
        }
        // The browser (or the send queue) has its own copy once send() returns:
        // the hash runs while the piece goes out.
        const sending = send(channel, piece);
        hash.update(piece);
        await sending;
        const backlog = hash.backlog();
        if (backlog) await backlog;
        sent += piece.length;
        onProgress?.(progressOf(sent, size, started));
      }
    }
    if (size !== null && size !== sent) {
      throw new IntegrityError(`the content has ${sent} bytes, not the ${size} its header says`);
    }
    await send(channel, control("end", { size: sent, content_hash: await hash.hex() }));
    for (;;) {
      const [kind, body] = await nextControl(channel);
      if (kind === "done") return;
      if (kind === "cancel") throw cancelled(body);
      if (kind !== "ack") throw unexpected(kind);
    }
  } catch (error) {
    // An abort already told the receiver and closed the channel.
    const reason: unknown = signal?.aborted ? signal.reason : error;
    if (!signal?.aborted) cancelFor(channel, error, "cancelled by the sender");
    if (!sourceFailed) await (cancelling ?? reader.cancel(reason));
    throw reason;
  } finally {
    signal?.removeEventListener("abort", abort);
    channel.close();
  }
}

/**
 * A transfer the peer started, waiting to be accepted (read) or rejected.
 * Until then its sender waits: answer every one, or `cancel()` it.
 */
export class IncomingFile {
  readonly #channel: DataChannel;
  /** What the sender says of the file. */
  readonly info: FileInfo;
  #readable: ReadableStream<Uint8Array> | undefined;
  #rejected = false;
  #received = 0;
  #started = 0;

  /** @internal */
  constructor(channel: DataChannel, info: FileInfo) {
    this.#channel = channel;
    this.info = info;
  }

  /** How far the content has come (bytes the reader has taken). */
  get progress(): TransferProgress {
    return progressOf(this.#received, this.info.size, this.#started);
  }

  /**
   * Accepts the file; its content follows as the stream returned (also
   * `readable`). The stream ends after the last chunk once the size and
   * the content hash match (the sender is then told so); otherwise it errors
   * with `IntegrityError`, an `AbortError` (the sender cancelled),
   * `ClosedError` (the channel closed first) or `DecodeError`, and an
   * aborted `signal` cancels the transfer. Cancelling the stream cancels
   * the transfer. `InvalidStateError` once accepted or rejected.
   */
  accept(options: ReceiveFileOptions = {}): ReadableStream<Uint8Array> {
    if (this.#readable !== undefined || this.#rejected) {
      throw new DOMException("the file was already accepted or rejected", "InvalidStateError");
    }
    if (typeof options !== "object" || options === null) throw new TypeError("the options must be an object");
    const signal = signalOf(options);
    const onProgress = options.onProgress;
    if (onProgress !== undefined && typeof onProgress !== "function") throw new TypeError("onProgress must be a function");
    const channel = this.#channel;
    const { size } = this.info;
    const hash = new ContentHash();
    let acked = 0;
    let finished = false;
    let abort = () => {};
    /** Whether this call ended the transfer (it had not ended). */
    const finish = () => {
      if (finished) return false;
      finished = true;
      signal?.removeEventListener("abort", abort);
      return true;
    };
    const fail = (error: unknown, controller: ReadableStreamDefaultController<Uint8Array>) => {
      if (!finish()) return;
      cancelFor(channel, error, "cancelled by the receiver");
      controller.error(error);
    };
    // A failed answer is the stream's first error (settled here, so that
    // a file accepted and never read leaves no unhandled rejection).
    const accepted = channel.send(control("accept", {})).then(
      () => undefined,
      (error: unknown) => ({ error }),
    );
    this.#started = performance.now();
    this.#readable = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          abort = () => {
            if (!finish()) return;
            cancel(channel, "cancelled by the receiver", false);
            controller.error(signal?.reason);
          };
          if (signal?.aborted) abort();
          signal?.addEventListener("abort", abort, { once: true });
        },
        pull: async (controller) => {
          try {
            const failed = await accepted;
            if (failed !== undefined) throw failed.error;
            for (;;) {
              const message = await channel.receive();
              if (finished) return;
              if (typeof message !== "string") {
                const total = this.#received + message.length;
                if (size !== null && total > size) {
                  throw new IntegrityError(`more content than the ${size} bytes the header says`);
                }
                hash.update(message);
                const backlog = hash.backlog();
                if (backlog) await backlog;
                this.#received = total;
                if (total - acked >= ACK_EVERY) {
                  urgent(channel, control("ack", { bytes: total }));
                  acked = total;
                }
                controller.enqueue(message);
                onProgress?.(this.progress);
                return;
              }
              const [kind, body] = checked(message);
              if (kind === "cancel") throw cancelled(body);
              if (kind !== "end") throw unexpected(kind);
              if (body.size !== this.#received || (size !== null && size !== body.size)) {
                throw new IntegrityError(`${this.#received} bytes arrived, the sender says ${body.size}`);
              }
              if ((await hash.hex()) !== body.content_hash) throw new IntegrityError("the content does not match its content hash");
              urgent(channel, control("done", {}));
              finish();
              controller.close();
              return;
            }
          } catch (error) {
            if (signal?.aborted) return;
            fail(error, controller);
          }
        },
        cancel: (reason) => {
          if (finish()) cancel(channel, reason instanceof Error ? reason.message : "cancelled by the receiver", false);
        },
      },
      { highWaterMark: 0 },
    );
    return this.#readable;
  }

  /** The content (accepting the file if `accept()` was not called). */
  get readable(): ReadableStream<Uint8Array> {
    return this.#readable ?? this.accept();
  }

  /** The whole content in memory, once checked (accepting the file if `accept()` was not called); rejects as the stream errors. */
  async blob(): Promise<Blob> {
    const parts: Uint8Array<ArrayBuffer>[] = [];
    const reader = this.readable.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return new Blob(parts, { type: this.info.type });
      parts.push(value as Uint8Array<ArrayBuffer>);
    }
  }

  /** Refuses the file: the sender's `sendFile` rejects with an `AbortError` carrying `reason`. `InvalidStateError` once accepted. */
  async reject(reason = ""): Promise<void> {
    if (this.#readable !== undefined) throw new DOMException("the file was already accepted", "InvalidStateError");
    this.#rejected = true;
    try {
      await this.#channel.send(control("reject", { reason: String(reason) }));
    } finally {
      this.#channel.close();
    }
  }

  /** Stops the transfer, before or after accepting it: the sender gets an `AbortError`, the content stream errors with `ClosedError`. */
  cancel(reason = "cancelled by the receiver"): void {
    cancel(this.#channel, String(reason), false);
  }
}

/** A file header's info, from its control message. */
function infoOf(body: Controls["file"]): FileInfo {
  return { name: body.name, size: body.size ?? null, type: body.type ?? "", metadata: body.metadata ?? null };
}

/** Reads the header of a new transfer channel; answers a missing or bad one with a `cancel` (and `null`). */
async function readHeader(channel: DataChannel): Promise<IncomingFile | null> {
  let error: Error;
  try {
    const [kind, body] = checked(await channel.receive({ signal: AbortSignal.timeout(HEADER_TIMEOUT_MS) }));
    if (kind === "file") return new IncomingFile(channel, infoOf(body));
    error = unexpected(kind);
  } catch (caught) {
    error = caught instanceof DOMException && caught.name === "TimeoutError" ? new DecodeError("no file-transfer header in time") : (caught as Error);
  }
  cancelFor(channel, error, "no file-transfer header");
  return null;
}

/** @internal `PeerConnection.incomingFiles`. */
export async function* incomingFiles(pc: PeerConnection, options?: WaitOptions): AsyncGenerator<IncomingFile, void, undefined> {
  const channels = pc.dataChannels(options);
  type Settled = { header?: Promise<Settled>; file?: IncomingFile | null; next?: IteratorResult<DataChannel> };
  const headers = new Map<Promise<Settled>, DataChannel>();
  let next: Promise<Settled> | undefined;
  let ended = false;
  try {
    for (;;) {
      if (!ended && next === undefined && headers.size < PENDING_HEADERS) {
        next = channels.next().then((result) => ({ next: result }));
      }
      if (next === undefined && headers.size === 0) return;
      const settled = await Promise.race(next === undefined ? headers.keys() : [next, ...headers.keys()]);
      if (settled.next !== undefined) {
        next = undefined;
        const result = settled.next;
        if (result.done === true) {
          ended = true;
        } else if (result.value.protocol === FILE_PROTOCOL) {
          const header: Promise<Settled> = readHeader(result.value).then((file) => ({ header, file }));
          headers.set(header, result.value);
        }
      } else if (settled.header !== undefined) {
        headers.delete(settled.header);
        if (settled.file != null) yield settled.file;
      }
    }
  } finally {
    await channels.return?.();
    for (const channel of headers.values()) cancel(channel, "the receiver stopped taking files", false);
  }
}
