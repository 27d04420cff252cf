// Media: transceivers, senders, receivers and DTMF over the browser's own
// objects. One handle per browser object (so `===` compares them), the
// checks the spec asks for made here too where a browser skips them, and
// listeners that go when their connection closes.
import { domEvents, onDom, type ListenOptions, type Scope, type Unsubscribe, type WaitOptions, signalOf } from "./events.js";
import { StatsReport } from "./stats.js";

const handles = new WeakMap<object, object>();

/** @internal The one handle of `raw`, made by `make` the first time. */
export function handleOf<R extends object, H extends object>(raw: R, make: (raw: R) => H): H {
  let handle = handles.get(raw) as H | undefined;
  if (handle === undefined) {
    handle = make(raw);
    handles.set(raw, handle);
  }
  return handle;
}

function domError(message: string, name: string): DOMException {
  return new DOMException(message, name);
}

/** `RTCRtpScriptTransform`'s constructor, where the browser has it. */
function scriptTransform(): (new (worker: Worker, options?: unknown) => object) | undefined {
  return (globalThis as { RTCRtpScriptTransform?: new (worker: Worker, options?: unknown) => object })
    .RTCRtpScriptTransform;
}

/** Sets (or with `undefined`, clears) the script transform of a sender or receiver. */
function setTransform(raw: object, worker: Worker | undefined, options?: unknown): void {
  const Transform = scriptTransform();
  if (Transform === undefined) throw domError("this browser has no RTCRtpScriptTransform", "NotSupportedError");
  if (worker !== undefined && !(worker instanceof Worker)) throw new TypeError("the worker must be a Worker");
  Reflect.set(raw, "transform", worker === undefined ? null : new Transform(worker, options));
}

/**
 * @internal Checks the encoding ranges the spec sets (Firefox does not check
 * all of them): `RangeError` for a `scaleResolutionDownBy` below 1 or a
 * negative `maxFramerate`.
 */
export function checkEncodings(encodings: readonly RTCRtpEncodingParameters[] | undefined): void {
  for (const { scaleResolutionDownBy: scale, maxFramerate: fps } of encodings ?? []) {
    if (scale !== undefined && !(scale >= 1 && scale < Infinity)) {
      throw new RangeError(`scaleResolutionDownBy must be at least 1, got ${scale}`);
    }
    if (fps !== undefined && !(fps >= 0 && fps < Infinity)) {
      throw new RangeError(`maxFramerate must be a non-negative number, got ${fps}`);
    }
  }
}

/** How many encodings each parameters object had when `getParameters()` gave it. */
const encodingCounts = new WeakMap<object, number>();

/** The events of a {@link DtmfSender} and the value each listener gets. */
export interface DtmfSenderEventMap {
  /** The tone that started playing; `""` once the tone buffer is empty. */
  tonechange: string;
}

const toneOf = (event: Event) => (event as RTCDTMFToneChangeEvent).tone;

/**
 * Plays DTMF tones on an audio sender.
 *
 * See https://developer.mozilla.org/en-US/docs/Web/API/RTCDTMFSender
 */
export class DtmfSender {
  readonly #raw: RTCDTMFSender;
  readonly #scope: Scope;

  /** @internal */
  constructor(raw: RTCDTMFSender, scope: Scope) {
    this.#raw = raw;
    this.#scope = scope;
  }

  /**
   * Queues `tones` (`0`-`9`, `A`-`D`, `#`, `*`, and `,` for a two-second
   * pause), each lasting `duration` ms with `interToneGap` ms between
   * them; an empty string cancels the tones still queued.
   * `InvalidCharacterError` for another character, `RangeError` for a
   * duration outside 40..=6000 ms or a gap outside 30..=6000 ms (which the
   * browser would silently clamp), `InvalidStateError` when the sender
   * cannot play tones now.
   *
   * See https://developer.mozilla.org/en-US/docs/Web/API/RTCDTMFSender/insertDTMF
   */
  insertDTMF(tones: string, duration = 100, interToneGap = 70): void {
    if (typeof tones !== "string") throw new TypeError("the tones must be a string");
    const bad = /[^0-9A-D#*,]/i.exec(tones);
    if (bad !== null) throw domError(`"${bad[0]}" is not a DTMF tone (0-9, A-D, #, *, or ',')`, "InvalidCharacterError");
    if (typeof duration !== "number" || !(duration >= 40 && duration <= 6000)) {
      throw new RangeError(`a DTMF tone lasts 40 to 6000 ms, not ${duration}`);
    }
    if (typeof interToneGap !== "number" || !(interToneGap >= 30 && interToneGap <= 6000)) {
      throw new RangeError(`the gap between DTMF tones is 30 to 6000 ms, not ${interToneGap}`);
    }
    this.#raw.insertDTMF(tones, duration, interToneGap);
  }
  /** The tones still to play. See https://developer.mozilla.org/en-US/docs/Web/API/RTCDTMFSender/toneBuffer */
  get toneBuffer(): string {
    return this.#raw.toneBuffer;
  }
  /**
   * Whether tones can be played now; `null` in browsers without the
   * attribute. See https://developer.mozilla.org/en-US/docs/Web/API/RTCDTMFSender/canInsertDTMF
   */
  get canInsertDTMF(): boolean | null {
    return (this.#raw as { canInsertDTMF?: boolean }).canInsertDTMF ?? null;
  }
  /** Calls `listener` with each tone as it starts (then `""`) until unsubscribed, the signal aborts, or the connection closes. */
  on<K extends keyof DtmfSenderEventMap>(
    type: K,
    listener: (event: DtmfSenderEventMap[K]) => void,
    options?: ListenOptions,
  ): Unsubscribe {
    return onDom(this.#scope, this.#raw, toneOf, type, listener, options);
  }
  /** The tones as they start (then `""` each time the buffer empties), until the loop breaks or the connection closes. */
  events<K extends keyof DtmfSenderEventMap>(type: K, options?: WaitOptions): AsyncIterableIterator<DtmfSenderEventMap[K]> {
    if (type !== "tonechange") throw new TypeError(`a DtmfSender has no ${String(type)} event`);
    return domEvents(this.#scope, this.#raw, type, toneOf, signalOf(options));
  }
  /** The browser's `RTCDTMFSender`. */
  get raw(): RTCDTMFSender {
    return this.#raw;
  }
}

/** What a sender and a receiver share. */
abstract class RtpEnd<R extends RTCRtpSender | RTCRtpReceiver> {
  readonly #raw: R;

  /** @internal */
  constructor(raw: R) {
    this.#raw = raw;
  }

  /** The DTLS transport, once negotiated. See https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/transport */
  get transport(): RTCDtlsTransport | null {
    return this.#raw.transport;
  }
  /** The statistics of the RTP streams this end sends or receives. See https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/getStats */
  async getStats(): Promise<StatsReport> {
    return StatsReport.from(await this.#raw.getStats());
  }
  /**
   * Runs the encoded frames through an `RTCRtpScriptTransform` in `worker`
   * (`options` reaches the worker's `rtctransform` event); `NotSupportedError`
   * in browsers without it.
   *
   * See https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/transform
   */
  setTransform(worker: Worker, options?: unknown): void {
    setTransform(this.#raw, worker, options);
  }
  /** Removes the transform; `NotSupportedError` in browsers without `RTCRtpScriptTransform`. */
  clearTransform(): void {
    setTransform(this.#raw, undefined);
  }
  /** The browser's `RTCRtpSender` or `RTCRtpReceiver`. */
  get raw(): R {
    return this.#raw;
  }
}

/**
 * Sends one track's media to the remote peer.
 *
 * See https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender
 */
export class RtpSender extends RtpEnd<RTCRtpSender> {
  readonly #scope: Scope;

  /** @internal */
  constructor(raw: RTCRtpSender, scope: Scope) {
    super(raw);
    this.#scope = scope;
  }

  /** What the browser can send of `kind`; `null` if it cannot. See https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/getCapabilities_static */
  static getCapabilities(kind: "audio" | "video"): RTCRtpCapabilities | null {
    return RTCRtpSender.getCapabilities(kind);
  }
  /** The track being sent, if any. See https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/track */
  get track(): MediaStreamTrack | null {
    return this.raw.track;
  }
  /** The DTMF sender of an audio sender; `null` for video. See https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/dtmf */
  get dtmf(): DtmfSender | null {
    const dtmf = this.raw.dtmf;
    return dtmf === null ? null : handleOf(dtmf, (raw) => new DtmfSender(raw, this.#scope));
  }
  /**
   * Sends another track (or nothing) without renegotiating. Rejects with
   * `TypeError` for a track of another kind, `InvalidStateError` when the
   * transceiver is stopped or the connection closed.
   *
   * See https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/replaceTrack
   */
  replaceTrack(track: MediaStreamTrack | null): Promise<void> {
    return this.raw.replaceTrack(track);
  }
  /** The current parameters, to change and give to `setParameters`. See https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/getParameters */
  getParameters(): RTCRtpSendParameters {
    const parameters = this.raw.getParameters();
    encodingCounts.set(parameters, parameters.encodings.length);
    return parameters;
  }
  /**
   * Applies changed parameters (from `getParameters()`) without
   * renegotiating. Rejects with `InvalidModificationError` when the number
   * of encodings or a read-only member changed, `InvalidStateError` for
   * stale parameters, `RangeError` for a `scaleResolutionDownBy` below 1
   * or a negative `maxFramerate` (checked here too, as Firefox does not).
   *
   * See https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/setParameters
   */
  async setParameters(parameters: RTCRtpSendParameters): Promise<void> {
    if (typeof parameters !== "object" || parameters === null || !Array.isArray(parameters.encodings)) {
      throw new TypeError("the parameters must be an object with its encodings");
    }
    const count = encodingCounts.get(parameters);
    const now = parameters.encodings?.length;
    if (count !== undefined && now !== count) {
      throw domError(`the number of encodings cannot change (${count} to ${now})`, "InvalidModificationError");
    }
    checkEncodings(parameters.encodings);
    await this.raw.setParameters(parameters);
  }
  /** Sets the streams the remote peer sees the track in (negotiation is needed). See https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/setStreams */
  setStreams(...streams: MediaStream[]): void {
    this.raw.setStreams(...streams);
  }
}

/**
 * Receives one track's media from the remote peer.
 *
 * See https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpReceiver
 */
export class RtpReceiver extends RtpEnd<RTCRtpReceiver> {
  /** What the browser can receive of `kind`; `null` if it cannot. See https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpReceiver/getCapabilities_static */
  static getCapabilities(kind: "audio" | "video"): RTCRtpCapabilities | null {
    return RTCRtpReceiver.getCapabilities(kind);
  }
  /** The track the media plays on (there from the start, muted until media arrives). See https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpReceiver/track */
  get track(): MediaStreamTrack {
    return this.raw.track;
  }
  /** The sources that contributed in the last 10 s. See https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpReceiver/getContributingSources */
  getContributingSources(): RTCRtpContributingSource[] {
    return this.raw.getContributingSources();
  }
  /** The synchronization sources of the last 10 s. See https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpReceiver/getSynchronizationSources */
  getSynchronizationSources(): RTCRtpSynchronizationSource[] {
    return this.raw.getSynchronizationSources();
  }
  /** The negotiated parameters. See https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpReceiver/getParameters */
  getParameters(): RTCRtpReceiveParameters {
    return this.raw.getParameters();
  }
  /**
   * The jitter buffer delay the application asks for, in ms; `null` for
   * the browser's choice (and in browsers without the attribute).
   *
   * See https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpReceiver/jitterBufferTarget
   */
  get jitterBufferTarget(): number | null {
    return (this.raw as { jitterBufferTarget?: number | null }).jitterBufferTarget ?? null;
  }
  /** Sets it: `RangeError` outside 0..=4000, `NotSupportedError` in browsers without it (Firefox before 131). */
  set jitterBufferTarget(ms: number | null) {
    if (!("jitterBufferTarget" in this.raw)) throw domError("this browser has no jitterBufferTarget", "NotSupportedError");
    if (ms !== null && !(typeof ms === "number" && ms >= 0 && ms <= 4000)) {
      throw new RangeError(`the jitter buffer target is 0 to 4000 ms, not ${ms}`);
    }
    Reflect.set(this.raw, "jitterBufferTarget", ms);
  }
}

/** A header extension and the direction it is negotiated in. */
export interface RtpHeaderExtension {
  readonly uri: string;
  readonly direction: RTCRtpTransceiverDirection;
}

type WithHeaderExtensions = {
  getHeaderExtensionsToNegotiate?(): RtpHeaderExtension[];
  setHeaderExtensionsToNegotiate?(extensions: RtpHeaderExtension[]): void;
  getNegotiatedHeaderExtensions?(): RtpHeaderExtension[];
};

/**
 * A sender and a receiver that share one m-line.
 *
 * See https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpTransceiver
 */
export class RtpTransceiver {
  readonly #raw: RTCRtpTransceiver;
  readonly #scope: Scope;

  /** @internal */
  constructor(raw: RTCRtpTransceiver, scope: Scope) {
    this.#raw = raw;
    this.#scope = scope;
  }

  /** The m-line's media id, once negotiated. See https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpTransceiver/mid */
  get mid(): string | null {
    return this.#raw.mid;
  }
  /**
   * The preferred direction; setting it asks for a negotiation when it
   * changes. `TypeError` for `"stopped"` (use `stop()`) or an unknown
   * direction, `InvalidStateError` once stopped.
   *
   * See https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpTransceiver/direction
   */
  get direction(): RTCRtpTransceiverDirection {
    return this.#raw.direction;
  }
  set direction(direction: RTCRtpTransceiverDirection) {
    if (direction === "stopped") throw new TypeError('the direction cannot be set to "stopped"; call stop()');
    this.#raw.direction = direction;
  }
  /** The direction last negotiated; `null` before. See https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpTransceiver/currentDirection */
  get currentDirection(): RTCRtpTransceiverDirection | null {
    return this.#raw.currentDirection;
  }
  /** The sender. */
  get sender(): RtpSender {
    return senderOf(this.#raw.sender, this.#scope);
  }
  /** The receiver. */
  get receiver(): RtpReceiver {
    return receiverOf(this.#raw.receiver);
  }
  /** Stops sending and receiving for good (negotiation is needed). See https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpTransceiver/stop */
  stop(): void {
    this.#raw.stop();
  }
  /**
   * The codecs to offer or answer with, in order of preference, taken from
   * `RtpReceiver.getCapabilities(kind).codecs`; an empty list restores the
   * browser's. `InvalidModificationError` for a codec the browser does not
   * have.
   *
   * See https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpTransceiver/setCodecPreferences
   */
  setCodecPreferences(codecs: readonly RTCRtpCodec[]): void {
    this.#raw.setCodecPreferences([...codecs]);
  }
  #extensions(): Required<WithHeaderExtensions> {
    const raw = this.#raw as WithHeaderExtensions;
    if (raw.getHeaderExtensionsToNegotiate === undefined) {
      throw domError("this browser has no header-extension control", "NotSupportedError");
    }
    return raw as Required<WithHeaderExtensions>;
  }
  /** The header extensions to offer and their directions; `NotSupportedError` where the browser lacks the control (Firefox). */
  getHeaderExtensionsToNegotiate(): RtpHeaderExtension[] {
    return this.#extensions().getHeaderExtensionsToNegotiate();
  }
  /** Changes the directions of the header extensions (the same list, in order); `NotSupportedError` where the browser lacks the control. */
  setHeaderExtensionsToNegotiate(extensions: readonly RtpHeaderExtension[]): void {
    this.#extensions().setHeaderExtensionsToNegotiate([...extensions]);
  }
  /** The header extensions the last negotiation agreed on; `NotSupportedError` where the browser lacks the control. */
  getNegotiatedHeaderExtensions(): RtpHeaderExtension[] {
    return this.#extensions().getNegotiatedHeaderExtensions();
  }
  /** The browser's `RTCRtpTransceiver`. */
  get raw(): RTCRtpTransceiver {
    return this.#raw;
  }
}

/** @internal The handle of a sender. */
export function senderOf(raw: RTCRtpSender, scope: Scope): RtpSender {
  return handleOf(raw, (r) => new RtpSender(r, scope));
}

/** @internal The handle of a receiver. */
export function receiverOf(raw: RTCRtpReceiver): RtpReceiver {
  return handleOf(raw, (r) => new RtpReceiver(r));
}

/** @internal The handle of a transceiver. */
export function transceiverOf(raw: RTCRtpTransceiver, scope: Scope): RtpTransceiver {
  return handleOf(raw, (r) => new RtpTransceiver(r, scope));
}

/** What `addTransceiver` takes besides the track or kind (`sendEncodings` checked as in `setParameters`). */
export type TransceiverInit = RTCRtpTransceiverInit;
