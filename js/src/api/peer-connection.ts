// The package's PeerConnection.
import { WasmPeerConnection, type WasmDataChannel } from "../../wasm/webrtc_wasm.js";
import { installDispose, type Disposal } from "../dispose.js";
import { assertInitialized } from "../init.js";
import { createdPriority, DataChannel } from "./data-channel.js";
import { ClosedError, ConnectionFailedError, NoLocalCandidatesError, wrap, wrapAsync } from "./errors.js";
import { dataChannelInit, offerOptions, sessionDescription } from "./options.js";
import { StatsReport } from "./stats.js";
import { incomingFiles, sendFile, type IncomingFile, type SendFileOptions } from "./transfer.js";
import {
  PerfectNegotiation,
  stopNegotiations,
  type NegotiationOptions,
  type SignalingTransport,
} from "./negotiation.js";
import {
  domEvents,
  listen,
  onDom,
  signalOf,
  StreamReader,
  until,
  waitFor,
  type ListenOptions,
  type Scope,
  type Unsubscribe,
  type WaitOptions,
} from "./events.js";
import {
  checkEncodings,
  receiverOf,
  RtpSender,
  senderOf,
  transceiverOf,
  type RtpReceiver,
  type RtpTransceiver,
  type TransceiverInit,
} from "./media.js";

/** A failure to gather a candidate from a STUN or TURN server (`icecandidateerror`). */
export interface IceCandidateError {
  /** The local address used to reach the server; `null` when not exposed. */
  readonly address: string | null;
  /** The local port; `null` when not exposed. */
  readonly port: number | null;
  /** The server's URL. */
  readonly url: string;
  /** The STUN error code (e.g. 401 for wrong TURN credentials; 701 when the server could not be reached). */
  readonly errorCode: number;
  /** The STUN reason phrase. */
  readonly errorText: string;
}

/** A remote track arrived (`track`). */
export interface TrackEvent {
  /** The track the media plays on (the receiver's). */
  readonly track: MediaStreamTrack;
  /** The remote streams the sender put the track in. */
  readonly streams: readonly MediaStream[];
  readonly receiver: RtpReceiver;
  readonly transceiver: RtpTransceiver;
}

/** The events of a {@link PeerConnection} and the value each listener gets. */
export interface PeerConnectionEventMap {
  connectionstatechange: RTCPeerConnectionState;
  iceconnectionstatechange: RTCIceConnectionState;
  icegatheringstatechange: RTCIceGatheringState;
  signalingstatechange: RTCSignalingState;
  /** A local candidate to send to the remote peer; `null` once gathering is complete (send it too). */
  icecandidate: RTCIceCandidateInit | null;
  icecandidateerror: IceCandidateError;
  negotiationneeded: undefined;
  /** A channel the remote peer opened. */
  datachannel: DataChannel;
  track: TrackEvent;
}

interface DataChannelOptions {
  /** Whether messages arrive in order (default true). */
  ordered?: boolean;
  /** The subprotocol name. */
  protocol?: string;
  /** The channel's priority. */
  priority?: RTCPriorityType;
}

/** At most one of the two partial-reliability limits. */
type Reliability =
  | { maxRetransmits?: number; maxPacketLifeTime?: undefined }
  | { maxRetransmits?: undefined; maxPacketLifeTime?: number };

/** In-band (the default) or negotiated by the application with an id both sides use. */
type ChannelNegotiation = { negotiated?: false; id?: undefined } | { negotiated: true; id: number };

/** The options of `createDataChannel()` (checked: a `TypeError` or `RangeError` for a wrong one). */
export type DataChannelInit = DataChannelOptions & Reliability & ChannelNegotiation;

const wasmOf = new WeakMap<PeerConnection, WasmPeerConnection>();

/** @internal The wasm connection behind `pc`. */
export function wasmConnection(pc: PeerConnection): WasmPeerConnection {
  const w = wasmOf.get(pc);
  if (w === undefined) throw new TypeError("not a PeerConnection");
  return w;
}

/** A copy of a description, as `{ type, sdp }`. */
function copyOf(description: RTCSessionDescriptionInit): RTCSessionDescriptionInit {
  return { type: description.type, sdp: description.sdp ?? "" };
}

/** A copy of a description, or `null`. */
function descriptionOrNull(description: RTCSessionDescription | null): RTCSessionDescriptionInit | null {
  return description === null ? null : copyOf(description);
}

/** `null` and `undefined` as `undefined`. */
function optional<T>(value: T | null | undefined): T | undefined {
  return value ?? undefined;
}

/**
 * The connection's events that need nothing of the wasm module: each
 * listener reads the browser's event directly, and this gives the value it
 * gets. (`datachannel` goes through the wasm module, which wraps the
 * channel and keeps its messages until they are read.)
 */
const DOM_EVENTS: Record<string, (event: Event, pc: RTCPeerConnection, scope: Scope) => unknown> = {
  __proto__: null as never,
  connectionstatechange: (_, pc) => pc.connectionState,
  iceconnectionstatechange: (_, pc) => pc.iceConnectionState,
  icegatheringstatechange: (_, pc) => pc.iceGatheringState,
  signalingstatechange: (_, pc) => pc.signalingState,
  icecandidate: (event) => {
    const candidate = (event as RTCPeerConnectionIceEvent).candidate;
    return candidate === null
      ? null
      : {
          candidate: candidate.candidate,
          sdpMid: optional(candidate.sdpMid),
          sdpMLineIndex: optional(candidate.sdpMLineIndex),
          usernameFragment: optional(candidate.usernameFragment),
        };
  },
  icecandidateerror: (event): IceCandidateError => {
    const error = event as RTCPeerConnectionIceErrorEvent;
    return {
      address: error.address ?? null,
      port: error.port ?? null,
      url: error.url,
      errorCode: error.errorCode,
      errorText: error.errorText,
    };
  },
  negotiationneeded: () => null,
  track: (event, _, scope): TrackEvent => {
    const track = event as RTCTrackEvent;
    return {
      track: track.track,
      streams: [...track.streams],
      receiver: receiverOf(track.receiver),
      transceiver: transceiverOf(track.transceiver, scope),
    };
  },
};

/**
 * A WebRTC connection (`RTCPeerConnection`) whose data channels have
 * backpressure and size checks, whose waits reject instead of hanging, and
 * whose errors are typed. It stays open until `close()`.
 *
 * See https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection
 */
export class PeerConnection {
  readonly #w: WasmPeerConnection;
  readonly #raw: RTCPeerConnection;
  readonly #channels = new Set<DataChannel>();
  /** What stops the listeners and streams of browser events (the connection's and its media objects'), all at close(). */
  readonly #scope: Scope = { stops: new Set(), closed: () => this.#raw.signalingState === "closed" };

  static {
    installDispose(this, "close");
  }

  /** A connection with this configuration (`TypeError` / `SyntaxError` for a bad one). */
  constructor(configuration?: RTCConfiguration) {
    assertInitialized();
    this.#w = wrap(() => new WasmPeerConnection(configuration));
    this.#raw = this.#w.raw;
    wasmOf.set(this, this.#w);
  }

  /** See https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/generateCertificate_static */
  static async generateCertificate(algorithm: AlgorithmIdentifier): Promise<RTCCertificate> {
    if (typeof algorithm !== "string" && (typeof algorithm !== "object" || algorithm === null)) {
      throw new TypeError("the algorithm must be a name or an object");
    }
    return RTCPeerConnection.generateCertificate(algorithm);
  }

  #channel(w: WasmDataChannel): DataChannel {
    const channel = DataChannel.wrap(w);
    if (this.#raw.signalingState === "closed") {
      channel.release();
    } else if (!this.#channels.has(channel)) {
      this.#channels.add(channel);
      channel.onRelease(() => this.#channels.delete(channel));
    }
    return channel;
  }

  /** See https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/getConfiguration */
  getConfiguration(): RTCConfiguration {
    return this.#raw.getConfiguration();
  }
  /** Changes the configuration; members left out keep their values. */
  setConfiguration(configuration: RTCConfiguration): void {
    if (typeof configuration !== "object" || configuration === null) {
      throw new TypeError("the configuration must be an object");
    }
    this.#raw.setConfiguration({ ...this.#raw.getConfiguration(), ...configuration });
  }
  /** See https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/createOffer */
  async createOffer(options?: RTCOfferOptions): Promise<RTCSessionDescriptionInit> {
    return copyOf(await this.#raw.createOffer(offerOptions(options)));
  }
  /** See https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/createAnswer */
  async createAnswer(): Promise<RTCSessionDescriptionInit> {
    return copyOf(await this.#raw.createAnswer());
  }
  /**
   * Applies a local description; without one (or without its `type`),
   * creates and applies the offer or answer the signaling state calls for.
   * Resolves with the applied description (a rollback with itself).
   */
  async setLocalDescription(description?: RTCSessionDescriptionInit): Promise<RTCSessionDescriptionInit> {
    const given = sessionDescription(description, true);
    await this.#raw.setLocalDescription(given);
    const applied = this.localDescription ?? given;
    if (applied === undefined) throw new DOMException("no local description after setLocalDescription()", "InvalidStateError");
    return applied;
  }
  /** Applies the remote description; `{ type: "rollback" }` rolls back. */
  async setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    await this.#raw.setRemoteDescription(sessionDescription(description, false) as RTCSessionDescriptionInit);
  }
  /** Adds a remote candidate; `null` or nothing marks the end of candidates. */
  addIceCandidate(candidate?: RTCIceCandidateInit | null): Promise<void> {
    return wrapAsync(this.#w.addIceCandidate(candidate ?? undefined) as Promise<void>);
  }
  /** See https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/restartIce */
  restartIce(): void {
    this.#raw.restartIce();
  }
  /** Closes the connection and its channels and removes every listener the library holds. Idempotent. */
  close(): void {
    this.#w.close();
    for (const stop of [...this.#scope.stops]) stop();
    this.#scope.stops.clear();
    stopNegotiations(this);
    for (const channel of [...this.#channels]) channel.release();
    this.#channels.clear();
  }

  /** Creates a data channel (see {@link DataChannelInit}). */
  createDataChannel(label: string, init?: DataChannelInit): DataChannel {
    if (typeof label !== "string") throw new TypeError("the label must be a string");
    const checked = dataChannelInit(init);
    const raw = this.#raw.createDataChannel(label, checked);
    createdPriority.set(raw, checked.priority);
    return this.#channel(this.#w.adoptDataChannel(raw));
  }

  /**
   * Resolves once connected. Rejects with `ConnectionFailedError`,
   * `NoLocalCandidatesError`, `ClosedError` or `signal.reason` instead of
   * waiting for ever.
   */
  connected(options?: WaitOptions): Promise<void> {
    const raw = this.#raw;
    return waitFor(options, () =>
      until(this.#scope, raw, ["connectionstatechange", "icegatheringstatechange"], (closed) => {
        const state = raw.connectionState;
        if (state === "connected") return true;
        if (state === "failed") return new ConnectionFailedError("the connection failed");
        if (closed || state === "closed") return new ClosedError("the connection is closed");
        // Gathering is complete and the local description has no candidate
        // (the browser adds every gathered candidate to it).
        const description = raw.localDescription;
        return raw.iceGatheringState === "complete" && description !== null && !/^a=candidate:/m.test(description.sdp)
          ? new NoLocalCandidatesError("ICE gathering completed without any local candidate")
          : false;
      }),
    );
  }
  /** Resolves once candidate gathering is complete; rejects with `ClosedError` or `signal.reason`. */
  iceGatheringComplete(options?: WaitOptions): Promise<void> {
    const raw = this.#raw;
    return waitFor(options, () =>
      until(this.#scope, raw, ["icegatheringstatechange"], (closed) =>
        closed ? new ClosedError("the connection is closed") : raw.iceGatheringState === "complete",
      ),
    );
  }

  /** See https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/connectionState */
  get connectionState(): RTCPeerConnectionState {
    return this.#raw.connectionState;
  }
  /** See https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/iceConnectionState */
  get iceConnectionState(): RTCIceConnectionState {
    return this.#raw.iceConnectionState;
  }
  /** See https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/iceGatheringState */
  get iceGatheringState(): RTCIceGatheringState {
    return this.#raw.iceGatheringState;
  }
  /** See https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/signalingState */
  get signalingState(): RTCSignalingState {
    return this.#raw.signalingState;
  }
  /** See https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/localDescription */
  get localDescription(): RTCSessionDescriptionInit | null {
    return descriptionOrNull(this.#raw.localDescription);
  }
  /** See https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/remoteDescription */
  get remoteDescription(): RTCSessionDescriptionInit | null {
    return descriptionOrNull(this.#raw.remoteDescription);
  }
  /** See https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/currentLocalDescription */
  get currentLocalDescription(): RTCSessionDescriptionInit | null {
    return descriptionOrNull(this.#raw.currentLocalDescription);
  }
  /** See https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/pendingLocalDescription */
  get pendingLocalDescription(): RTCSessionDescriptionInit | null {
    return descriptionOrNull(this.#raw.pendingLocalDescription);
  }
  /** See https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/currentRemoteDescription */
  get currentRemoteDescription(): RTCSessionDescriptionInit | null {
    return descriptionOrNull(this.#raw.currentRemoteDescription);
  }
  /** See https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/pendingRemoteDescription */
  get pendingRemoteDescription(): RTCSessionDescriptionInit | null {
    return descriptionOrNull(this.#raw.pendingRemoteDescription);
  }
  /** See https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/canTrickleIceCandidates */
  get canTrickleIceCandidates(): boolean | null {
    return this.#raw.canTrickleIceCandidates;
  }
  /** The SCTP transport of the data channels (its `transport` is the DTLS transport, whose `iceTransport` is the ICE transport); `null` before data channels are negotiated. */
  get sctp(): RTCSctpTransport | null {
    return this.#raw.sctp;
  }
  /** The browser's `RTCPeerConnection`. */
  get raw(): RTCPeerConnection {
    return this.#raw;
  }

  /** What a listener of the browser's `type` events gets for each. */
  #value(type: string): (event: Event) => unknown {
    const value = DOM_EVENTS[type];
    return (event) => value(event, this.#raw, this.#scope);
  }

  #map(type: string): (value: unknown) => unknown {
    if (type === "datachannel") return (value) => this.#channel(value as WasmDataChannel);
    if (type === "negotiationneeded") return () => undefined;
    return (value) => value;
  }

  /** Calls `listener` on each event of `type` until unsubscribed, the signal aborts, or the connection closes. */
  on<K extends keyof PeerConnectionEventMap>(
    type: K,
    listener: (event: PeerConnectionEventMap[K]) => void,
    options?: ListenOptions,
  ): Unsubscribe {
    const map = this.#map(String(type));
    if (typeof type === "string" && type in DOM_EVENTS) {
      return onDom(this.#scope, this.#raw, this.#value(type), type, listener, options, map);
    }
    return listen((t, callback) => this.#w.on(t, callback), type, listener, options, map);
  }

  /**
   * The events of `type`, from now on, as an async iterable that ends when
   * the connection closes or the loop breaks. Events wait in a bounded
   * queue; a reader that falls too far behind gets `ReceiveBufferFullError`.
   */
  events<K extends keyof PeerConnectionEventMap>(
    type: K,
    options?: WaitOptions,
  ): AsyncIterableIterator<PeerConnectionEventMap[K]> {
    if (typeof type !== "string") throw new TypeError("the event type must be a string");
    const signal = signalOf(options);
    const map = this.#map(type) as (value: unknown) => PeerConnectionEventMap[K];
    if (type in DOM_EVENTS) return domEvents(this.#scope, this.#raw, type, this.#value(type), signal, map);
    const stream = wrap(() => this.#w.events(type));
    return new StreamReader(stream, map).iterator(signal, true);
  }

  /**
   * The connection's statistics, typed (see {@link StatsReport}); with a
   * track, those of the RTP streams that send or receive it.
   *
   * See https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/getStats
   */
  async getStats(selector?: MediaStreamTrack | null): Promise<StatsReport> {
    if (selector != null && !(selector instanceof MediaStreamTrack)) {
      throw new TypeError("the selector must be a MediaStreamTrack or null");
    }
    return StatsReport.from(await this.#raw.getStats(selector ?? null));
  }

  /**
   * A report every `ms` milliseconds (the first after `ms`), until the loop
   * ends, the connection closes (a report made while it closed is not
   * yielded), or `options.signal` aborts (the pending `next()` then rejects
   * with its reason). No timer runs between a report and the loop asking
   * for the next.
   */
  statsEvery(ms: number, options?: WaitOptions): AsyncIterableIterator<StatsReport> {
    if (typeof ms !== "number") throw new TypeError("the period must be a number of milliseconds");
    if (!(ms >= 1 && ms <= 0x7fffffff)) throw new RangeError("the period must be from 1 to 2^31 - 1 ms");
    const signal = signalOf(options);
    const tick = () =>
      new Promise<void>((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          reject(signal?.reason);
        };
        const timer = setTimeout(() => {
          signal?.removeEventListener("abort", done);
          resolve();
        }, ms);
        signal?.addEventListener("abort", done, { once: true });
      });
    const closed = () => this.#raw.signalingState === "closed";
    async function* reports(pc: PeerConnection): AsyncGenerator<StatsReport> {
      for (;;) {
        signal?.throwIfAborted();
        await tick();
        if (closed()) return;
        let report: StatsReport;
        try {
          report = await pc.getStats();
        } catch (error) {
          // Closed while the report was made: the end, not an error.
          if (closed()) return;
          throw error;
        }
        if (closed()) return;
        yield report;
      }
    }
    return reports(this);
  }

  /** The local candidates (then `null` at the end of each gathering), as `events("icecandidate")`. */
  iceCandidates(options?: WaitOptions): AsyncIterableIterator<RTCIceCandidateInit | null> {
    return this.events("icecandidate", options);
  }

  /** Starts perfect negotiation over `transport` (see {@link PerfectNegotiation.start}). */
  negotiate(transport: SignalingTransport, options: NegotiationOptions): PerfectNegotiation {
    return PerfectNegotiation.start(this, transport, options);
  }

  /**
   * Sends `track` (in `streams`, as the remote peer will see it) on a new
   * or reused transceiver; negotiation is needed. `InvalidAccessError` when
   * the track is already sent, `InvalidStateError` when closed.
   *
   * See https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/addTrack
   */
  addTrack(track: MediaStreamTrack, ...streams: MediaStream[]): RtpSender {
    return senderOf(this.#raw.addTrack(track, ...streams), this.#scope);
  }
  /**
   * Stops sending the sender's track (its transceiver stops sending;
   * negotiation is needed). `InvalidStateError` when closed.
   *
   * See https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/removeTrack
   */
  removeTrack(sender: RtpSender): void {
    if (!(sender instanceof RtpSender)) throw new TypeError("the sender must be an RtpSender");
    this.#raw.removeTrack(sender.raw);
  }
  /**
   * Adds a transceiver for a kind of media or for a track. `TypeError` for
   * a bad kind or direction, `RangeError` for bad `sendEncodings` (checked
   * here as in `RtpSender.setParameters`), `InvalidStateError` when closed.
   *
   * See https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/addTransceiver
   */
  addTransceiver(trackOrKind: MediaStreamTrack | "audio" | "video", init?: TransceiverInit): RtpTransceiver {
    checkEncodings(init?.sendEncodings);
    return transceiverOf(this.#raw.addTransceiver(trackOrKind, init), this.#scope);
  }
  /** The transceivers in the order they were added (a stopped one until a negotiation removes it). See https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/getTransceivers */
  getTransceivers(): RtpTransceiver[] {
    return this.#raw.getTransceivers().map((t) => transceiverOf(t, this.#scope));
  }
  /** The senders of the transceivers that are not stopped. See https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/getSenders */
  getSenders(): RtpSender[] {
    return this.#raw.getSenders().map((s) => senderOf(s, this.#scope));
  }
  /** The receivers of the transceivers that are not stopped. See https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/getReceivers */
  getReceivers(): RtpReceiver[] {
    return this.#raw.getReceivers().map(receiverOf);
  }

  /**
   * Sends a file, a `Blob`, bytes or a stream of `Uint8Array` chunks to the
   * peer over a data channel of its own (the wire format is in the README,
   * "File transfer"). Resolves once the receiver has checked the size and
   * the content hash (a SHA-256 over its 4 MiB blocks). The content is read
   * as it is sent, never whole in memory, in chunks of the negotiated
   * maximum message size (at most 256 KiB),
   * with the channel's backpressure and a window the receiver's reader
   * opens; chat on other channels does not wait behind it.
   *
   * Rejects with an `AbortError` when the receiver rejects or cancels,
   * `IntegrityError` when the size or hash does not match (or a stream is
   * not as long as `options.size`), `ClosedError` when the channel or
   * connection closes first, `DecodeError` for a message that is not the
   * protocol's, the stream's own error, or `signal.reason` (the receiver
   * then gets an `AbortError`). `TypeError` / `RangeError` for wrong
   * arguments.
   */
  sendFile(
    content: Blob | ReadableStream<Uint8Array> | ArrayBuffer | ArrayBufferView,
    options?: SendFileOptions,
  ): Promise<void> {
    return sendFile(this, content, options);
  }

  /**
   * The transfers the peer starts, from now on, once their header has
   * arrived (at most 16 wait for theirs at once; a channel with no header
   * within 10 s or a bad one is answered with a `cancel` and closed). The
   * transfer channels also appear in `dataChannels()` and `datachannel`
   * events, with the protocol `"webrtc-wasm-file/1"`.
   */
  incomingFiles(options?: WaitOptions): AsyncIterableIterator<IncomingFile> {
    return incomingFiles(this, options);
  }

  /** The channels the remote peer opens, as `events("datachannel")`. */
  dataChannels(options?: WaitOptions): AsyncIterableIterator<DataChannel> {
    return this.events("datachannel", options);
  }
}

/** `[Symbol.dispose]()` (where the TypeScript lib declares `Symbol.dispose`) calls `close()`. */
export interface PeerConnection extends Disposal {}
