// The library's own error classes, and the conversion of the exceptions the
// wasm module throws (plain Errors named after these classes) into them.
// Failures the spec names stay the browser's own exceptions: DOMException
// (InvalidStateError, InvalidAccessError, OperationError, ...), RTCError,
// TypeError and RangeError.

/** The base class of the errors only this library raises. */
export class WebRtcError extends Error {
  override name = "WebRtcError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The object was closed, or closed while the caller waited on it. */
export class ClosedError extends WebRtcError {
  override name = "ClosedError" as const;
}

/** `trySend()` found the send queue above its high watermark; nothing was sent. */
export class FullError extends WebRtcError {
  override name = "FullError" as const;
}

/** A message is larger than the channel's negotiated maximum; nothing was sent and the channel stays open. */
export class MessageTooLargeError extends WebRtcError {
  override name = "MessageTooLargeError" as const;
  /** The message's size in bytes. */
  readonly size: number;
  /** The largest message the channel can send. */
  readonly max: number;
  constructor(message: string, size: number, max: number, options?: { cause?: unknown }) {
    super(message, options);
    this.size = size;
    this.max = max;
  }
}

/**
 * More unread data arrived than the receive limit allows. Everything before
 * the overflow was delivered; the channel (or transport, or event stream)
 * was closed so that a flooding remote cannot grow memory without bound.
 */
export class ReceiveBufferFullError extends WebRtcError {
  override name = "ReceiveBufferFullError" as const;
  /** The limit that was exceeded: bytes for a data channel, items for an event stream or transport. */
  readonly limit: number;
  constructor(message: string, limit: number, options?: { cause?: unknown }) {
    super(message, options);
    this.limit = limit;
  }
}

/** The connection reached `failed` while the caller waited for it to connect. */
export class ConnectionFailedError extends WebRtcError {
  override name = "ConnectionFailedError" as const;
}

/** ICE gathering completed without a single local candidate, so the connection can never be established. */
export class NoLocalCandidatesError extends WebRtcError {
  override name = "NoLocalCandidatesError" as const;
}

/** A value from the browser or the remote peer (a signal, say) does not have the expected shape. */
export class DecodeError extends WebRtcError {
  override name = "DecodeError" as const;
}

/** A transferred file's size or content hash (SHA-256 over its 4 MiB blocks) does not match what its sender declared. */
export class IntegrityError extends WebRtcError {
  override name = "IntegrityError" as const;
}

function numberMember(error: object, key: string): number {
  const value: unknown = Reflect.get(error, key);
  return typeof value === "number" ? value : NaN;
}

/** The exception a caller should see for `error`, thrown by the wasm module. */
export function toError(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof WebRtcError) return error;
  const options = { cause: error };
  switch (error.name) {
    case "ClosedError":
      return new ClosedError(error.message, options);
    case "FullError":
      return new FullError(error.message, options);
    case "MessageTooLargeError":
      return new MessageTooLargeError(error.message, numberMember(error, "size"), numberMember(error, "max"), options);
    case "ReceiveBufferFullError":
      return new ReceiveBufferFullError(error.message, numberMember(error, "limit"), options);
    case "ConnectionFailedError":
      return new ConnectionFailedError(error.message, options);
    case "NoLocalCandidatesError":
      return new NoLocalCandidatesError(error.message, options);
    case "DecodeError":
      return new DecodeError(error.message, options);
    default:
      return error;
  }
}

/** Runs `f`, throwing what it throws as the library's error classes. */
export function wrap<T>(f: () => T): T {
  try {
    return f();
  } catch (error) {
    throw toError(error);
  }
}

/** `promise`, rejecting with the library's error classes. */
export function wrapAsync<T>(promise: Promise<T>): Promise<T> {
  return promise.then(undefined, (error: unknown) => {
    throw toError(error);
  });
}
