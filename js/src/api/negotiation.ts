// Perfect negotiation from JavaScript, driven by the Rust driver.
import { WasmNegotiation } from "../../wasm/webrtc_wasm.js";
import { installDispose, type Disposal } from "../dispose.js";
import { assertInitialized } from "../init.js";
import { ClosedError, toError, wrap } from "./errors.js";
import {
  abortable,
  checkListen,
  signalOf,
  StreamReader,
  type ListenOptions,
  type Unsubscribe,
  type WaitOptions,
} from "./events.js";
import { wasmConnection, type PeerConnection } from "./peer-connection.js";
import { negotiationOptions } from "./options.js";

/** One signaling message: the same JSON as the Rust crate's `Signal`. */
export type Signal = { description: RTCSessionDescriptionInit } | { candidate: RTCIceCandidateInit | null };

/**
 * A signaling channel the application supplies: `send` carries a signal to
 * the remote peer; the remote peer's signals come in through `signals` (an
 * async iterable) or `subscribe` (a callback registration). Signals may
 * arrive as objects or as their JSON text.
 */
export type SignalingTransport =
  | {
      send(signal: Signal): void | Promise<void>;
      signals: AsyncIterable<Signal | string>;
      subscribe?: undefined;
    }
  | {
      send(signal: Signal): void | Promise<void>;
      subscribe(deliver: (signal: Signal | string) => void): Unsubscribe | void;
      signals?: undefined;
    };

/** When and how often the impolite side restarts ICE (all times in ms). */
export interface IceRestartPolicy {
  /** How long `disconnected` may last before a restart (`failed` restarts at once). Default 3000. */
  graceMs?: number;
  /** The most restarts in a row without reaching `connected`. Default 8. */
  maxAttempts?: number;
  /** The wait before the second restart; it doubles each time. Default 1000. */
  backoffMs?: number;
  /** The longest wait between restarts. Default 16000. */
  maxBackoffMs?: number;
  /** How long a first connection may stay `new`/`connecting` before a restart. Default 10000. */
  connectTimeoutMs?: number;
}

/** The options of perfect negotiation. */
export interface NegotiationOptions {
  /** Whether this side is the polite one; the two sides must differ. */
  polite: boolean;
  /** The ICE-restart policy, or `false` to turn recovery off. On by default. */
  iceRestart?: IceRestartPolicy | false;
}

/** The events of a {@link PerfectNegotiation} and the value each listener gets. */
export interface NegotiationEventMap {
  /** An offer collided with ours and was ignored (impolite side). */
  ignoredoffer: undefined;
  /** A collision made this (polite) side roll back its own offer. */
  rollback: undefined;
  /** ICE is being restarted; `attempt` counts from 1 since the last `connected`. */
  icerestart: { readonly attempt: number };
  /** The restart policy gave up. */
  icerestartgaveup: undefined;
  /** A received signal did not decode (a `DecodeError`); it was dropped. */
  badsignal: Error;
  /** Applying a signal, making a description or sending failed. */
  error: Error;
}

/** An event of {@link PerfectNegotiation.events}. */
export type NegotiationEvent =
  | { readonly type: "ignoredoffer" | "rollback" | "icerestartgaveup" }
  | { readonly type: "icerestart"; readonly attempt: number }
  | { readonly type: "badsignal" | "error"; readonly error: Error };

type Listener = (value: unknown) => void;

const EVENT_TYPES: readonly string[] = ["ignoredoffer", "rollback", "icerestart", "icerestartgaveup", "badsignal", "error"];

/** The negotiations running on each connection. */
const negotiations = new WeakMap<PeerConnection, Set<PerfectNegotiation>>();

/** @internal Stops every negotiation of `pc` (its `close()`). */
export function stopNegotiations(pc: PeerConnection): void {
  for (const negotiation of [...(negotiations.get(pc) ?? [])]) negotiation.stop();
}

function toEvent(value: unknown): NegotiationEvent {
  const event = value as { type: string; attempt?: number; error?: unknown };
  if (event.error !== undefined) return { type: event.type as "error", error: toError(event.error) as Error };
  if (event.type === "icerestart") return { type: "icerestart", attempt: event.attempt ?? 0 };
  return { type: event.type as "rollback" };
}

function detail(event: NegotiationEvent): unknown {
  if ("error" in event) return event.error;
  if (event.type === "icerestart") return { attempt: event.attempt };
  return undefined;
}

/**
 * Perfect negotiation for one connection: offers, answers and candidates
 * go over the transport; glare is resolved (one side polite, the other
 * impolite); ICE restarts when the connection fails. Runs until `stop()`,
 * the connection closes or the transport ends.
 *
 * See https://developer.mozilla.org/en-US/docs/Web/API/WebRTC_API/Perfect_negotiation
 */
export class PerfectNegotiation {
  #w: WasmNegotiation;
  readonly #pc: PeerConnection;
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #pump: StreamReader<NegotiationEvent>;
  #detach: (() => void) | undefined;
  #stopped = false;

  static {
    installDispose(this, "stop");
  }

  private constructor(w: WasmNegotiation, pc: PeerConnection) {
    this.#w = w;
    this.#pc = pc;
    let running = negotiations.get(pc);
    if (running === undefined) {
      running = new Set();
      negotiations.set(pc, running);
    }
    running.add(this);
    // The driver's events, for `on()`; they end when the driver stops (the
    // connection closed, the transport overflowed or failed), and then so
    // does this negotiation: its transport is released.
    this.#pump = new StreamReader(wrap(() => w.events()), toEvent);
    const pump = async () => {
      for await (const event of this.#pump.iterator(undefined, true)) this.#emit(event.type, detail(event));
    };
    pump().then(
      () => this.stop(),
      (error: unknown) => {
        this.#emit("error", error);
        this.stop();
      },
    );
  }

  /** Starts negotiating `pc` over a transport of the application's. */
  static start(pc: PeerConnection, transport: SignalingTransport, options: NegotiationOptions): PerfectNegotiation {
    assertInitialized();
    if (typeof transport !== "object" || transport === null || typeof transport.send !== "function") {
      throw new TypeError("the transport must be an object with a send(signal) method");
    }
    const hasSignals = transport.signals !== undefined;
    const hasSubscribe = transport.subscribe !== undefined;
    if (hasSignals === hasSubscribe) {
      throw new TypeError("the transport must have exactly one of signals (an async iterable) and subscribe(deliver)");
    }
    if (hasSubscribe && typeof transport.subscribe !== "function") throw new TypeError("subscribe must be a function");
    if (hasSignals && typeof (transport.signals as AsyncIterable<unknown>)[Symbol.asyncIterator] !== "function") {
      throw new TypeError("signals must be an async iterable");
    }
    let negotiation: PerfectNegotiation | undefined;
    const report = (error: unknown) => {
      if (negotiation !== undefined) negotiation.#emit("error", error);
    };
    const send = (signal: Signal) => {
      try {
        const sent = transport.send(signal);
        if (sent !== undefined && typeof (sent as Promise<void>).then === "function") {
          (sent as Promise<void>).then(undefined, report);
        }
      } catch (error) {
        report(error);
        throw error;
      }
    };
    const checked = negotiationOptions(options);
    const w = wrap(() => WasmNegotiation.start(wasmConnection(pc), send, ...checked));
    negotiation = new PerfectNegotiation(w, pc);
    try {
      negotiation.#attach(transport);
    } catch (error) {
      negotiation.stop();
      throw error;
    }
    return negotiation;
  }

  /**
   * Connects to a WebSocket signaling relay that passes text frames between
   * the two peers, then negotiates over it (signals as JSON text). Rejects
   * with `ClosedError` when the socket does not open, or `signal.reason`.
   * Negotiation stops when the socket closes.
   */
  static async overWebSocket(
    pc: PeerConnection,
    url: string | URL,
    options: NegotiationOptions & WaitOptions,
  ): Promise<PerfectNegotiation> {
    assertInitialized();
    wasmConnection(pc);
    const signal = signalOf(options);
    negotiationOptions(options);
    signal?.throwIfAborted();
    const socket = new WebSocket(url);
    try {
      await abortable(
        new Promise<void>((resolve, reject) => {
          socket.addEventListener("open", () => resolve(), { once: true });
          socket.addEventListener("close", () => reject(new ClosedError(`the WebSocket to ${String(url)} did not open`)), {
            once: true,
          });
        }),
        signal,
      );
    } catch (error) {
      socket.close();
      throw error;
    }
    return PerfectNegotiation.#overChannel(pc, options, (text) => socket.send(text), socket, () => socket.close());
  }

  /**
   * Negotiates with a peer in another tab or frame of this origin, over a
   * `BroadcastChannel` of this name (signals as JSON text).
   */
  static overBroadcastChannel(pc: PeerConnection, name: string, options: NegotiationOptions): PerfectNegotiation {
    assertInitialized();
    if (typeof name !== "string") throw new TypeError("the channel name must be a string");
    wasmConnection(pc);
    const channel = new BroadcastChannel(name);
    return PerfectNegotiation.#overChannel(pc, options, (text) => channel.postMessage(text), channel, () => channel.close());
  }

  /** Negotiation over a channel of text messages; it stops when the channel closes. */
  static #overChannel(
    pc: PeerConnection,
    options: NegotiationOptions,
    send: (text: string) => void,
    target: EventTarget,
    close: () => void,
  ): PerfectNegotiation {
    let negotiation: PerfectNegotiation | undefined;
    const onClose = () => negotiation?.stop();
    try {
      negotiation = PerfectNegotiation.start(
        pc,
        {
          send: (signal) => send(JSON.stringify(signal)),
          subscribe: (deliver) => {
            // Frames that are not text reach the driver and are reported as bad signals.
            const onMessage = (event: Event) => deliver((event as MessageEvent<Signal | string>).data);
            target.addEventListener("message", onMessage);
            target.addEventListener("close", onClose);
            return () => {
              target.removeEventListener("message", onMessage);
              target.removeEventListener("close", onClose);
              close();
            };
          },
        },
        options,
      );
    } catch (error) {
      close();
      throw error;
    }
    return negotiation;
  }

  #deliver(signal: unknown): void {
    if (this.#stopped) return;
    try {
      this.#w.deliver(signal);
    } catch (error) {
      this.#emit("error", toError(error));
    }
  }

  #attach(transport: SignalingTransport): void {
    if (transport.subscribe !== undefined) {
      const detach = transport.subscribe((signal) => this.#deliver(signal));
      this.#detach = typeof detach === "function" ? detach : undefined;
      return;
    }
    const iterator = transport.signals[Symbol.asyncIterator]();
    this.#detach = () => {
      // The iterator's own end; a failure there is reported, not thrown.
      Promise.resolve()
        .then(() => iterator.return?.())
        .catch((error: unknown) => this.#emit("error", error));
    };
    const pump = async () => {
      for (;;) {
        const next = await iterator.next();
        if (next.done || this.#stopped) return;
        this.#deliver(next.value);
      }
    };
    // The transport ended (or failed): so does negotiation.
    pump().then(
      () => this.stop(),
      (error: unknown) => {
        this.#emit("error", error);
        this.stop();
      },
    );
  }

  #emit(type: string, value: unknown): void {
    const listeners = this.#listeners.get(type);
    if (type === "error" && (listeners === undefined || listeners.size === 0)) {
      console.error("webrtc-wasm: perfect negotiation:", value);
      return;
    }
    for (const listener of listeners ?? []) {
      try {
        listener(value);
      } catch (error) {
        console.error("webrtc-wasm: a negotiation listener threw", error);
      }
    }
  }

  /** Whether the driver still runs. */
  get running(): boolean {
    return !this.#stopped && this.#w.running;
  }

  /** Calls `listener` on each event of `type` until unsubscribed, the signal aborts, or negotiation stops. */
  on<K extends keyof NegotiationEventMap>(
    type: K,
    listener: (event: NegotiationEventMap[K]) => void,
    options?: ListenOptions,
  ): Unsubscribe {
    const { signal, once } = checkListen(type, listener, options);
    if (!EVENT_TYPES.includes(type)) throw new TypeError(`unknown event type ${JSON.stringify(type)}`);
    if (this.#stopped) throw new DOMException("negotiation has stopped", "InvalidStateError");
    if (signal?.aborted) return () => {};
    const set = this.#listeners.get(type) ?? new Set<Listener>();
    this.#listeners.set(type, set);
    const registered: Listener = (value) => {
      if (once) unsubscribe();
      (listener as Listener)(value);
    };
    const unsubscribe = () => {
      set.delete(registered);
      signal?.removeEventListener("abort", unsubscribe);
    };
    set.add(registered);
    signal?.addEventListener("abort", unsubscribe, { once: true });
    return unsubscribe;
  }

  /** The events from now on, as an async iterable that ends when negotiation stops or the loop breaks. */
  events(options?: WaitOptions): AsyncIterableIterator<NegotiationEvent> {
    const signal = signalOf(options);
    return new StreamReader(wrap(() => this.#w.events()), toEvent).iterator(signal, true);
  }

  /** Stops negotiating; the connection stays as it is. Idempotent. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    negotiations.get(this.#pc)?.delete(this);
    try {
      this.#detach?.();
    } catch (error) {
      console.error("webrtc-wasm: the transport's unsubscribe threw", error);
    }
    this.#pump.close();
    this.#w.stop();
    this.#listeners.clear();
  }
}

/** `[Symbol.dispose]()` (where the TypeScript lib declares `Symbol.dispose`) calls `stop()`. */
export interface PerfectNegotiation extends Disposal {}
