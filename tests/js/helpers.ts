// Shared plumbing for the JavaScript API tests: connections that are closed
// after each test, two connected peers (trickled candidates, or perfect
// negotiation over an in-page transport), and typed one-shot event waits.
import { inject } from "vitest";
import {
  type DataChannel,
  type DataChannelEventMap,
  type DataChannelInit,
  type Message,
  PeerConnection,
  type PeerConnectionEventMap,
  PerfectNegotiation,
  type Signal,
  type SignalingTransport,
  type Unsubscribe,
} from "webrtc-wasm";

declare module "vitest" {
  export interface ProvidedContext {
    servicesPort: number;
    turnPort: number;
  }
}

/** The port of scripts/test-services.mjs (the WebSocket signaling relay). */
export const servicesPort = (): number => inject("servicesPort");

/** A relay-only configuration through the tests' coturn (scripts/turn.sh), reached over `transport`. */
export function relayOnly(transport: "udp" | "tcp"): RTCConfiguration {
  return {
    iceServers: [{ urls: `turn:127.0.0.1:${inject("turnPort")}?transport=${transport}`, username: "webrtc", credential: "webrtc" }],
    iceTransportPolicy: "relay",
  };
}

type Closable = { close(): void } | { stop(): void };
const open = new Set<Closable>();

/** Something that `closeAll()` closes (or stops) after the test. */
export function track<T extends Closable>(value: T): T {
  open.add(value);
  return value;
}

/** A new connection, closed after the test. */
export function newPc(configuration?: RTCConfiguration): PeerConnection {
  return track(new PeerConnection(configuration));
}

/** Closes everything `track` registered (an `afterEach` hook). */
export function closeAll(): void {
  for (const value of open) {
    if ("close" in value) value.close();
    else value.stop();
  }
  open.clear();
}

/** The next `type` event of a connection. */
export function nextEvent<K extends keyof PeerConnectionEventMap>(
  pc: PeerConnection,
  type: K,
  accept: (event: PeerConnectionEventMap[K]) => boolean = () => true,
): Promise<PeerConnectionEventMap[K]> {
  return new Promise((resolve) => {
    const off: Unsubscribe = pc.on(type, (event) => {
      if (!accept(event)) return;
      off();
      resolve(event);
    });
  });
}

/** The next `type` event of a channel. */
export function nextChannelEvent<K extends keyof DataChannelEventMap>(
  channel: DataChannel,
  type: K,
): Promise<DataChannelEventMap[K]> {
  return new Promise((resolve) => {
    const off: Unsubscribe = channel.on(type, (event) => {
      off();
      resolve(event);
    });
  });
}

/** Resolves once `pc` has gathered every candidate: its `icecandidate` event with `null`. */
export function endOfCandidates(pc: PeerConnection): Promise<void> {
  return nextEvent(pc, "icecandidate", (c) => c === null).then(() => undefined);
}

/**
 * Takes `pc` through two signaling states, "have-local-offer" then
 * "stable", with an answer from another connection.
 */
export async function offerAndAnswer(pc: PeerConnection): Promise<void> {
  pc.createDataChannel("offer-and-answer");
  const offer = await pc.setLocalDescription();
  const other = newPc();
  await other.setRemoteDescription(offer);
  await pc.setRemoteDescription(await other.createAnswer());
}

/** Resolves once `pc.connectionState` is `state` (at once if it is). */
export function connectionState(pc: PeerConnection, state: RTCPeerConnectionState): Promise<void> {
  if (pc.connectionState === state) return Promise.resolve();
  return nextEvent(pc, "connectionstatechange", (s) => s === state).then(() => undefined);
}

/** Rejects with the first error reported to `fail`. */
function failureLatch(): { fail: (error: unknown) => void; failed: Promise<never> } {
  let fail: (error: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  // Every use races it against the step it guards, which reports it.
  failed.catch(() => undefined);
  return { fail, failed };
}

/**
 * Trickles `from`'s candidates to `to`, holding them until `ready()` says
 * `to` has a remote description. A failed `addIceCandidate` goes to `fail`.
 */
function trickle(from: PeerConnection, to: PeerConnection, fail: (error: unknown) => void): { ready(): void } {
  const held: (RTCIceCandidateInit | null)[] = [];
  let isReady = false;
  const add = (candidate: RTCIceCandidateInit | null): void => {
    to.addIceCandidate(candidate).catch(fail);
  };
  from.on("icecandidate", (candidate) => {
    if (isReady) add(candidate);
    else held.push(candidate);
  });
  return {
    ready() {
      isReady = true;
      for (const candidate of held.splice(0)) add(candidate);
    },
  };
}

/** Sets every `a=max-message-size` of an SDP to `size`. */
export function withMaxMessageSize(description: RTCSessionDescriptionInit, size: number): RTCSessionDescriptionInit {
  const sdp = description.sdp ?? "";
  if (!/a=max-message-size:\d+/.test(sdp)) throw new Error("the description has no a=max-message-size line");
  return { type: description.type, sdp: sdp.replace(/a=max-message-size:\d+/g, `a=max-message-size:${size}`) };
}

export interface Pair {
  a: PeerConnection;
  b: PeerConnection;
  /** The channel `a` created. */
  ca: DataChannel;
  /** The same channel on `b`, from its `datachannel` event. */
  cb: DataChannel;
}

export interface PairOptions {
  label?: string;
  init?: DataChannelInit;
  configuration?: RTCConfiguration;
  /** Rewrites `a=max-message-size` in both descriptions. */
  maxMessageSize?: number;
  /** Called with both connections right after they are created. */
  setup?: (a: PeerConnection, b: PeerConnection) => void;
  /** Called with `a`'s channel right after `createDataChannel`. */
  onLocalChannel?: (channel: DataChannel) => void;
  /** Called with `b`'s channel inside its `datachannel` event. */
  onRemoteChannel?: (channel: DataChannel) => void;
}

/**
 * Two connections in this page, connected by an offer/answer exchange with
 * trickled candidates (`on("icecandidate")` → `addIceCandidate`, failures
 * surfaced), and an open channel pair.
 */
export async function connectPair(options: PairOptions = {}): Promise<Pair> {
  const a = newPc(options.configuration);
  const b = newPc(options.configuration);
  options.setup?.(a, b);
  const { fail, failed } = failureLatch();
  const toB = trickle(a, b, fail);
  const toA = trickle(b, a, fail);
  const remote = new Promise<DataChannel>((resolve) => {
    const off = b.on("datachannel", (channel) => {
      off();
      options.onRemoteChannel?.(channel);
      resolve(channel);
    });
  });
  const ca = a.createDataChannel(options.label ?? "test", options.init);
  options.onLocalChannel?.(ca);
  const size = options.maxMessageSize;
  const munge = (d: RTCSessionDescriptionInit) => (size === undefined ? d : withMaxMessageSize(d, size));
  const steps = async (): Promise<DataChannel> => {
    const offer = await a.setLocalDescription();
    await b.setRemoteDescription(munge(offer));
    toB.ready();
    const answer = await b.setLocalDescription();
    await a.setRemoteDescription(munge(answer));
    toA.ready();
    const cb = await remote;
    await Promise.all([a.connected(), b.connected(), ca.opened, cb.opened]);
    return cb;
  };
  const cb = await Promise.race([steps(), failed]);
  return { a, b, ca, cb };
}

/** Two channels negotiated out of band (`negotiated: true, id`) on a connected pair. */
export async function negotiatedPair(init: DataChannelInit & { id: number }, label = "negotiated") {
  const pair = await connectPair();
  const x = pair.a.createDataChannel(label, { ...init, negotiated: true });
  const y = pair.b.createDataChannel(label, { ...init, negotiated: true });
  await Promise.all([x.opened, y.opened]);
  return { ...pair, x, y };
}

/** One end of an in-page signaling transport, with what it observed. */
export type TestTransport = SignalingTransport & {
  /** Every signal this end sent. */
  readonly sent: Signal[];
  /** How often the negotiation let go of the incoming signals (unsubscribe or iterator return). */
  readonly released: number;
  /** Delivers `item` to this end as if the remote had sent it. */
  inject(item: Signal | string): void;
};

export type TransportStyle = "subscribe" | "iterable";

/** One end: exactly one of `subscribe` and `signals`, by style. */
class End {
  readonly sent: Signal[] = [];
  released = 0;
  peer!: End;
  gate: (() => boolean) | null = null;
  private readonly listeners = new Set<(item: Signal | string) => void>();
  private readonly backlog: (Signal | string)[] = [];
  private readonly waiting: ((result: IteratorResult<Signal | string>) => void)[] = [];
  private ended = false;
  declare subscribe?: (deliver: (signal: Signal | string) => void) => Unsubscribe;
  declare signals?: AsyncIterable<Signal | string>;

  constructor(
    readonly style: TransportStyle,
    private readonly held: (() => void)[],
  ) {
    if (style === "subscribe") {
      this.subscribe = (deliver) => {
        this.listeners.add(deliver);
        for (const item of this.backlog.splice(0)) deliver(item);
        return () => {
          if (this.listeners.delete(deliver)) this.released += 1;
        };
      };
    } else {
      this.signals = {
        [Symbol.asyncIterator]: () => ({
          next: () => {
            const item = this.backlog.shift();
            if (item !== undefined) return Promise.resolve({ done: false, value: item });
            if (this.ended) return Promise.resolve({ done: true, value: undefined });
            return new Promise<IteratorResult<Signal | string>>((resolve) => this.waiting.push(resolve));
          },
          return: () => {
            this.ended = true;
            this.released += 1;
            for (const resolve of this.waiting.splice(0)) resolve({ done: true, value: undefined });
            return Promise.resolve({ done: true, value: undefined });
          },
        }),
      };
    }
  }

  send(signal: Signal): void {
    this.sent.push(signal);
    // Signals travel as JSON, as over a real transport: the subscribe style
    // hands the receiver objects, the iterable style strings.
    const text = JSON.stringify(signal);
    const item: Signal | string = this.peer.style === "subscribe" ? (JSON.parse(text) as Signal) : text;
    const deliver = () => setTimeout(() => this.peer.inject(item), 0);
    if (this.gate && !this.gate()) this.held.push(deliver);
    else {
      for (const release of this.held.splice(0)) release();
      deliver();
    }
  }

  inject(item: Signal | string): void {
    if (this.style === "subscribe") {
      if (this.listeners.size === 0) this.backlog.push(item);
      else for (const deliver of [...this.listeners]) deliver(item);
    } else {
      const waiter = this.waiting.shift();
      if (waiter) waiter({ done: false, value: item });
      else if (!this.ended) this.backlog.push(item);
    }
  }
}

/**
 * Two connected transport ends in this page. With `glare`, nothing is
 * delivered until both ends have sent a description, so that offers made at
 * the same moment cross.
 */
export function transportPair(
  styles: [TransportStyle, TransportStyle] = ["subscribe", "iterable"],
  options: { glare?: boolean } = {},
): [TestTransport, TestTransport] {
  const held: (() => void)[] = [];
  const x = new End(styles[0], held);
  const y = new End(styles[1], held);
  x.peer = y;
  y.peer = x;
  if (options.glare) {
    const bothOffered = () => [x, y].every((end) => end.sent.some((s) => "description" in s));
    x.gate = bothOffered;
    y.gate = bothOffered;
  }
  // Each end has exactly one of `subscribe` and `signals`.
  return [x as End & TestTransport, y as End & TestTransport];
}

export interface NegotiatedPair extends Pair {
  na: PerfectNegotiation;
  nb: PerfectNegotiation;
  ta: TestTransport;
  tb: TestTransport;
}

/**
 * Two connections joined by `PerfectNegotiation.start` over an in-page
 * transport pair (`a` polite, `b` impolite), and a channel `a` created.
 */
export async function negotiatePair(styles: [TransportStyle, TransportStyle]): Promise<NegotiatedPair> {
  const a = newPc();
  const b = newPc();
  const [ta, tb] = transportPair(styles);
  const na = track(PerfectNegotiation.start(a, ta, { polite: true }));
  const nb = track(PerfectNegotiation.start(b, tb, { polite: false }));
  const { fail, failed } = failureLatch();
  na.on("error", fail);
  nb.on("error", fail);
  const remote = nextEvent(b, "datachannel");
  const ca = a.createDataChannel("negotiated-by-pn");
  const cb = await Promise.race([remote, failed]);
  await Promise.race([Promise.all([a.connected(), b.connected(), ca.opened, cb.opened]), failed]);
  return { a, b, ca, cb, na, nb, ta, tb };
}

/** `count` messages read from `channel` with `receive()`. */
export async function receiveMany(channel: DataChannel, count: number): Promise<Message[]> {
  const messages: Message[] = [];
  while (messages.length < count) messages.push(await channel.receive());
  return messages;
}

/** Binary messages read until `total` bytes arrived, concatenated. */
export async function receiveBytes(channel: DataChannel, total: number): Promise<Uint8Array> {
  const out = new Uint8Array(total);
  let at = 0;
  while (at < total) {
    const message = await channel.receive();
    if (typeof message === "string") throw new Error(`expected binary, got the text ${JSON.stringify(message)}`);
    if (at + message.length > total) throw new Error(`more than ${total} bytes arrived`);
    out.set(message, at);
    at += message.length;
  }
  return out;
}

/** Bytes whose values depend on their position (to check order). */
export function pattern(length: number, seed = 0): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + seed) & 0xff;
  return bytes;
}

/** What calling `f` did: the exception it threw or its promise rejected with, or `NONE`. */
export const NONE: unique symbol = Symbol("no exception");
export async function outcome(f: () => unknown): Promise<unknown> {
  try {
    const result = f();
    if (result !== null && typeof result === "object" && typeof (result as PromiseLike<unknown>).then === "function") {
      await result;
    }
    return NONE;
  } catch (error) {
    return error;
  }
}
