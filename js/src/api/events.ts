// Callbacks, async iteration and AbortSignals over the wasm module's
// subscriptions and streams, and over browser events that need no policy of
// the wasm module (a connection's state changes, say).
import { ClosedError, ReceiveBufferFullError, wrap } from "./errors.js";

/** Removes the listener `on()` added. Calling it again does nothing. */
export type Unsubscribe = () => void;

/** Options of `on()`. */
export interface ListenOptions {
  /** Removes the listener when this signal aborts. */
  signal?: AbortSignal;
  /** Removes the listener after its first call. */
  once?: boolean;
}

/** Options of the methods that wait. */
export interface WaitOptions {
  /** Stops waiting when this signal aborts: the promise rejects with `signal.reason`. */
  signal?: AbortSignal;
}

/** A subscription of the wasm module. */
export interface WasmSubscriptionLike {
  unsubscribe(): void;
  free(): void;
}

/**
 * A stream of the wasm module: `tryNext()` takes an item that is there;
 * `wait(callback)` calls back once one may be (or returns `true` when one
 * already may be).
 */
export interface WasmStreamLike {
  tryNext(): unknown;
  wait(callback: () => void): boolean;
  readonly done: boolean;
  close(): void;
  free(): void;
}

function checkSignal(signal: unknown): AbortSignal | undefined {
  if (signal === undefined) return undefined;
  if (!(signal instanceof AbortSignal)) throw new TypeError("signal must be an AbortSignal");
  return signal;
}

/** The `signal` of an options object, checked. */
export function signalOf(options: WaitOptions | undefined): AbortSignal | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== "object" || options === null) throw new TypeError("the options must be an object");
  return checkSignal(options.signal);
}

/**
 * What `start()` returns, until `options.signal` aborts (then a rejection
 * with its reason); a rejection, with nothing started, for wrong options.
 */
export function waitFor<T>(options: WaitOptions | undefined, start: () => Promise<T>): Promise<T> {
  try {
    const signal = signalOf(options);
    return abortable(start(), signal);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** `promise`, or a rejection with `signal.reason` as soon as the signal aborts. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    // The wait already started; its outcome no longer matters to anyone.
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Registers `listener` through `register` (the wasm object's `on`), with
 * the `once` and `signal` options; `map` turns the wasm value into the
 * event's.
 */
export function listen(
  register: (type: string, callback: (value: unknown) => void) => WasmSubscriptionLike,
  type: unknown,
  listener: unknown,
  options: ListenOptions | undefined,
  map: (value: unknown) => unknown,
  registered?: () => void,
): Unsubscribe {
  const { signal, once } = checkListen(type, listener, options);
  if (signal?.aborted) return () => {};
  let subscription: WasmSubscriptionLike | undefined;
  let fired = false;
  const unsubscribe = () => {
    signal?.removeEventListener("abort", unsubscribe);
    if (subscription === undefined) return;
    const removed = subscription;
    subscription = undefined;
    removed.unsubscribe();
    removed.free();
  };
  const callback = (value: unknown) => {
    if (once) {
      if (fired) return;
      fired = true;
      unsubscribe();
    }
    (listener as (event: unknown) => void)(map(value));
  };
  subscription = wrap(() => register(type as string, callback));
  signal?.addEventListener("abort", unsubscribe, { once: true });
  // Only now may events that were waiting reach the listener: it can
  // unsubscribe on the first.
  registered?.();
  return unsubscribe;
}

/** Checks the arguments of an `on()` call; `TypeError` for wrong ones. */
export function checkListen(
  type: unknown,
  listener: unknown,
  options: ListenOptions | undefined,
): { signal: AbortSignal | undefined; once: boolean } {
  if (typeof type !== "string") throw new TypeError("the event type must be a string");
  if (typeof listener !== "function") throw new TypeError("the listener must be a function");
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw new TypeError("the options must be an object");
  }
  const signal = checkSignal(options?.signal);
  const once = options?.once;
  if (once !== undefined && typeof once !== "boolean") throw new TypeError("once must be a boolean");
  return { signal, once: once === true };
}

/** How many listeners this module holds on browser objects now. */
let domListeners = 0;

/** @internal The listeners `domListen()` holds (part of `liveListenerCount()`). */
export function domListenerCount(): number {
  return domListeners;
}

/**
 * @internal Adds `handler` for `type` on `target`; the returned function
 * removes it (and does nothing the second time).
 */
export function domListen(target: EventTarget, type: string, handler: (event: Event) => void): () => void {
  target.addEventListener(type, handler);
  domListeners += 1;
  let active = true;
  return () => {
    if (!active) return;
    active = false;
    target.removeEventListener(type, handler);
    domListeners -= 1;
  };
}

/**
 * @internal What an owner (a connection) stops when it closes: the
 * listeners on its browser objects, each removing itself from the set.
 */
export interface Scope {
  readonly stops: Set<() => void>;
  /** Whether the owner is closed (its objects have no more events). */
  closed(): boolean;
}

/**
 * @internal Listens to `type` on `target` through `push` until the returned
 * function runs or the scope's owner closes (which also calls `closed`).
 * `InvalidStateError` once the owner is closed.
 */
export function scopedListen(
  scope: Scope,
  target: EventTarget,
  type: string,
  push: (event: Event) => void,
  closed?: () => void,
): () => void {
  if (scope.closed()) throw new DOMException("closed", "InvalidStateError");
  const remove = domListen(target, type, push);
  const stop = () => {
    scope.stops.delete(atClose);
    remove();
  };
  const atClose = () => {
    stop();
    closed?.();
  };
  scope.stops.add(atClose);
  return stop;
}

/**
 * @internal Settles once `state(closed)` says so (`true`: resolves; an
 * error: rejects), asking now and on each event of `types` on `target`
 * until the scope's owner closes (`closed` is then `true`).
 */
export function until(
  scope: Scope,
  target: EventTarget,
  types: string[],
  state: (closed: boolean) => boolean | Error,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const stops: (() => void)[] = [];
    const check = (closed: boolean) => {
      const result = state(closed);
      if (result === false) return false;
      for (const stop of stops) stop();
      if (result === true) resolve();
      else reject(result);
      return true;
    };
    if (check(scope.closed())) return;
    for (const type of types) stops.push(scopedListen(scope, target, type, () => check(false), () => check(true)));
  });
}

/** @internal `on()` over the browser's events of `target`, each given to the listener as `value(event)`. */
export function onDom(
  scope: Scope,
  target: EventTarget,
  value: (event: Event) => unknown,
  type: unknown,
  listener: unknown,
  options: ListenOptions | undefined,
  map: (value: unknown) => unknown = (v) => v,
): Unsubscribe {
  const register = (t: string, callback: (value: unknown) => void) => ({
    unsubscribe: scopedListen(scope, target, t, (event) => callback(value(event))),
    free() {},
  });
  return listen(register, type, listener, options, map);
}

/** @internal `events()` over the browser's events of `target`: a stream that ends when the scope's owner closes. */
export function domEvents<T>(
  scope: Scope,
  target: EventTarget,
  type: string,
  value: (event: Event) => unknown,
  signal: AbortSignal | undefined,
  map: (value: unknown) => T = (v) => v as T,
): AsyncIterableIterator<T> {
  let stream: DomEventStream;
  if (scope.closed()) {
    // A closed owner has no more events: the stream has ended.
    stream = new DomEventStream(() => () => {});
    stream.end();
  } else {
    stream = new DomEventStream((push) => scopedListen(scope, target, type, (event) => push(value(event)), () => stream.end()));
  }
  return new StreamReader(stream, map).iterator(signal, true);
}

/** @internal How many unread events a stream of browser events keeps (as the wasm module's event streams). */
export const EVENT_QUEUE_LIMIT: number = 4096;

/**
 * @internal The browser events of one type as a stream for {@link StreamReader}: a
 * bounded queue. A reader that falls {@link EVENT_QUEUE_LIMIT} events
 * behind reads the events before, then gets `ReceiveBufferFullError`, and
 * the stream ends (its listener goes at once).
 */
export class DomEventStream implements WasmStreamLike {
  readonly #items: unknown[] = [];
  readonly #unsubscribe: () => void;
  #error: unknown;
  #ended = false;
  #waiter: (() => void) | undefined;

  /** Listens through `subscribe`, which calls back with each event's value and returns the function that stops it. */
  constructor(subscribe: (push: (value: unknown) => void) => () => void) {
    this.#unsubscribe = subscribe((value) => this.#push(value));
  }

  #push(value: unknown): void {
    if (this.#ended) return;
    if (this.#items.length >= EVENT_QUEUE_LIMIT) {
      this.#error = new ReceiveBufferFullError(
        `the receive buffer is full (limit ${EVENT_QUEUE_LIMIT})`,
        EVENT_QUEUE_LIMIT,
      );
      this.end();
      return;
    }
    this.#items.push(value);
    this.#wake();
  }

  #wake(): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.();
  }

  /** Whether every event was read and no more will come. */
  get done(): boolean {
    return this.#ended && this.#items.length === 0 && this.#error === undefined;
  }

  tryNext(): unknown {
    if (this.#items.length > 0) return this.#items.shift();
    if (this.#error !== undefined) {
      const error = this.#error;
      this.#error = undefined;
      throw error;
    }
    return undefined;
  }

  wait(callback: () => void): boolean {
    if (this.#items.length > 0 || this.#ended) return true;
    this.#waiter = callback;
    return false;
  }

  /** Stops listening: the reader gets the events already queued (and an overflow's error), then the end. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#unsubscribe();
    this.#wake();
  }

  close(): void {
    this.end();
    this.#items.length = 0;
    this.#error = undefined;
  }

  free(): void {}
}

const NOTHING = Symbol("nothing");

/**
 * Reads a wasm stream: `read()` resolves with the next item, or `NOTHING`
 * at the end. A reader that stops waiting (an aborted signal) takes
 * nothing, so no item is lost.
 */
export class StreamReader<T> {
  readonly #stream: WasmStreamLike;
  readonly #map: (value: unknown) => T;
  #closed = false;
  /** The one wait registered with the stream, shared by every reader (so an abandoned wait costs nothing more). */
  #waiting: Promise<void> | undefined;

  constructor(stream: WasmStreamLike, map: (value: unknown) => T) {
    this.#stream = stream;
    this.#map = map;
  }

  #wait(): Promise<void> {
    if (this.#waiting !== undefined) return this.#waiting;
    let resolve: () => void = () => {};
    const waiting = new Promise<void>((settle) => {
      resolve = settle;
    });
    this.#waiting = waiting;
    const wake = () => {
      if (this.#waiting === waiting) this.#waiting = undefined;
      resolve();
    };
    if (this.#stream.wait(wake)) wake();
    return waiting;
  }

  /** The next item, `NOTHING` at the end; rejects with the error that ended the stream or with `signal.reason`. */
  async read(signal?: AbortSignal): Promise<T | typeof NOTHING> {
    for (;;) {
      signal?.throwIfAborted();
      if (this.#closed) return NOTHING;
      const value = wrap(() => this.#stream.tryNext());
      if (value !== undefined) return this.#map(value);
      if (this.#stream.done) return NOTHING;
      await abortable(this.#wait(), signal);
    }
  }

  /** The next item without waiting: `undefined` when none is there. */
  tryRead(): T | undefined {
    if (this.#closed) return undefined;
    const value = wrap(() => this.#stream.tryNext());
    return value === undefined ? undefined : this.#map(value);
  }

  /** Ends the stream and removes its listeners. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stream.close();
    this.#stream.free();
  }

  /** An async iterator over the items; `break` or `return()` closes the stream when `closeOnReturn`. */
  iterator(signal: AbortSignal | undefined, closeOnReturn: boolean): AsyncIterableIterator<T> {
    const done = (): IteratorResult<T> => ({ value: undefined, done: true });
    const iterator: AsyncIterableIterator<T> = {
      next: () => {
        const ended = (error: unknown): never => {
          if (closeOnReturn) this.close();
          throw error;
        };
        try {
          // An item that is there is returned without another wait.
          if (signal === undefined && !this.#closed) {
            const value = wrap(() => this.#stream.tryNext());
            if (value !== undefined) return Promise.resolve({ value: this.#map(value), done: false });
          }
        } catch (error) {
          return Promise.reject(error).catch(ended);
        }
        return this.read(signal).then((item): IteratorResult<T> => {
          if (item !== NOTHING) return { value: item, done: false };
          if (closeOnReturn) this.close();
          return done();
        }, ended);
      },
      return: async () => {
        if (closeOnReturn) this.close();
        return done();
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }
}

export { NOTHING };

/** The end of a stream, as `receive()` reports it. */
export function endOfStream(what: string): ClosedError {
  return new ClosedError(`${what} closed`);
}
