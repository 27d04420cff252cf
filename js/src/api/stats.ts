// Typed stats: the browser's own stats objects under the types generated
// from the Rust stats structs (stats-types.ts), with the same lookups,
// selected pair and rates as the Rust crate's StatsReport and StatsDelta.
// Nothing is copied into wasm and back: a report is already JavaScript
// objects, and the browsers report the modelled members with the spec's
// types (tests/js/stats.test.ts holds both browsers to the model).
import {
  MODELLED,
  type CandidatePairStats,
  type KnownStats,
  type LocalCandidateStats,
  type RemoteCandidateStats,
  type Stats,
  type StatsOfType,
  type StatsType,
} from "./stats-types.js";

export type * from "./stats-types.js";

/** Whether `stats` is of a type this library models (narrows a {@link Stats} to a {@link KnownStats}). */
export function isKnownStats(stats: Stats): stats is KnownStats {
  return MODELLED.has(stats.type === "media-source" ? `media-source/${String(stats["kind"])}` : stats.type);
}

/** The selected candidate pair, its two candidates, and how the data goes. */
export interface SelectedCandidatePair {
  readonly pair: CandidatePairStats;
  readonly local: LocalCandidateStats;
  readonly remote: RemoteCandidateStats;
  /** Whether either side is a TURN relay candidate. */
  readonly relayed: boolean;
  /** How the local side reaches its TURN server (`udp`, `tcp`, `tls`); `null` when not relayed or not reported. */
  readonly relayProtocol: string | null;
  /** The transport protocol between the two candidates (`udp` or `tcp`); `null` when not reported. */
  readonly protocol: string | null;
  /** The current round-trip time in seconds; `null` when not measured yet. */
  readonly roundTripTime: number | null;
}

/** The latest packet either way on a pair (for choosing between nominated pairs). */
function lastActivity(pair: CandidatePairStats): number {
  return Math.max(
    pair.lastPacketReceivedTimestamp ?? Number.NEGATIVE_INFINITY,
    pair.lastPacketSentTimestamp ?? Number.NEGATIVE_INFINITY,
  );
}

/**
 * A typed `RTCStatsReport`: the stats objects in the browser's order, with
 * lookups by id and by type.
 *
 * See https://developer.mozilla.org/en-US/docs/Web/API/RTCStatsReport
 */
export class StatsReport implements Iterable<Stats> {
  readonly #stats: readonly Stats[];
  /** By id, made on the first lookup. */
  #byId: Map<string, Stats> | undefined;

  /** A report of these objects (see {@link StatsReport.from} for a browser report). */
  constructor(stats: Iterable<Stats>) {
    this.#stats = [...stats];
  }

  #index(): Map<string, Stats> {
    return (this.#byId ??= new Map(this.#stats.map((s) => [s.id, s])));
  }

  /** The objects of a browser `RTCStatsReport` (or any iterable of stats objects), as they are. */
  static from(report: RTCStatsReport | Iterable<Stats>): StatsReport {
    return new StatsReport(report instanceof RTCStatsReport ? (report.values() as Iterable<Stats>) : report);
  }

  /** How many stats objects there are. */
  get size(): number {
    return this.#stats.length;
  }

  /** The latest timestamp in the report (0 when empty). */
  get timestamp(): number {
    return this.#stats.reduce((latest, s) => Math.max(latest, s.timestamp), 0);
  }

  /** The object with this id. */
  get(id: string): Stats | undefined {
    return this.#index().get(id);
  }

  /** The objects of a modelled `type`. */
  ofType<T extends StatsType>(type: T): StatsOfType<T>[] {
    return this.#stats.filter((s): s is StatsOfType<T> => s.type === type && isKnownStats(s));
  }

  /** Every object, in the browser's order. */
  [Symbol.iterator](): Iterator<Stats> {
    return this.#stats[Symbol.iterator]();
  }

  /** The object `id` names, if it is of `type`. */
  #resolve<T extends StatsType>(id: string | undefined, type: T): StatsOfType<T> | undefined {
    const found = id === undefined ? undefined : this.#index().get(id);
    return found !== undefined && found.type === type && isKnownStats(found) ? (found as StatsOfType<T>) : undefined;
  }

  /**
   * The candidate pair the connection uses: the one a transport names;
   * else the one marked `selected` (Firefox); else, of the nominated and
   * succeeded pairs, the one with the latest packet. `null` before one is
   * selected.
   */
  selectedCandidatePair(): SelectedCandidatePair | null {
    const pairs = this.ofType("candidate-pair");
    let pair = this.ofType("transport")
      .map((t) => this.#resolve(t.selectedCandidatePairId, "candidate-pair"))
      .find((p) => p !== undefined);
    pair ??= pairs.find((p) => p.selected === true);
    pair ??= pairs
      .filter((p) => p.nominated === true && p.state === "succeeded")
      .reduce<CandidatePairStats | undefined>((best, p) => (best === undefined || lastActivity(p) > lastActivity(best) ? p : best), undefined);
    if (pair === undefined) return null;
    const local = this.#resolve(pair.localCandidateId, "local-candidate");
    const remote = this.#resolve(pair.remoteCandidateId, "remote-candidate");
    if (local === undefined || remote === undefined) return null;
    const relayed = local.candidateType === "relay" || remote.candidateType === "relay";
    return {
      pair,
      local,
      remote,
      relayed,
      relayProtocol: (local.candidateType === "relay" ? local.relayProtocol : undefined) ?? null,
      protocol: local.protocol ?? null,
      roundTripTime: pair.currentRoundTripTime ?? null,
    };
  }

  /** The objects as an array (what `JSON.stringify` writes). */
  toJSON(): Stats[] {
    return [...this.#stats];
  }
}

/** Rates between two reports of the same connection (as the Rust crate's `StatsDelta`). */
export interface StatsRates {
  /** Seconds between the reports. */
  readonly seconds: number;
  /** RTP payload received, bits per second (all `inbound-rtp`). */
  readonly bitrateIn: number;
  /** RTP payload sent, bits per second (all `outbound-rtp`). */
  readonly bitrateOut: number;
  /** Packets lost in the interval (all `inbound-rtp`). */
  readonly packetsLost: number;
  /** Video frames decoded per second (video `inbound-rtp`). */
  readonly framesPerSecond: number;
  /** Data-channel payload received, bytes per second. */
  readonly dataChannelBytesInPerSecond: number;
  /** Data-channel payload sent, bytes per second. */
  readonly dataChannelBytesOutPerSecond: number;
}

/**
 * The rates from `earlier` to `later`; all zero when no time passed.
 * Counters are matched by stats id, so streams that appear or disappear
 * between the reports do not count; a counter that went down counts 0.
 */
export function statsRates(earlier: StatsReport, later: StatsReport): StatsRates {
  const seconds = (later.timestamp - earlier.timestamp) / 1000;
  const sum = <T extends StatsType>(type: T, pick: (s: StatsOfType<T>) => number | undefined, clamp = true): number => {
    let total = 0;
    for (const now of later.ofType(type)) {
      const before = earlier.get(now.id);
      if (before === undefined || before.type !== type || !isKnownStats(before)) continue;
      const [a, b] = [pick(now), pick(before as StatsOfType<T>)];
      if (a !== undefined && b !== undefined) total += clamp ? Math.max(a - b, 0) : a - b;
    }
    return total;
  };
  if (!(seconds > 0) || !Number.isFinite(seconds)) {
    return {
      seconds: 0,
      bitrateIn: 0,
      bitrateOut: 0,
      packetsLost: 0,
      framesPerSecond: 0,
      dataChannelBytesInPerSecond: 0,
      dataChannelBytesOutPerSecond: 0,
    };
  }
  const video = (s: KnownStats & { kind?: string }) => s.kind === "video";
  return {
    seconds,
    bitrateIn: (sum("inbound-rtp", (s) => s.bytesReceived) * 8) / seconds,
    bitrateOut: (sum("outbound-rtp", (s) => s.bytesSent) * 8) / seconds,
    packetsLost: sum("inbound-rtp", (s) => s.packetsLost, false),
    framesPerSecond: sum("inbound-rtp", (s) => (video(s) ? s.framesDecoded : undefined)) / seconds,
    dataChannelBytesInPerSecond: sum("data-channel", (s) => s.bytesReceived) / seconds,
    dataChannelBytesOutPerSecond: sum("data-channel", (s) => s.bytesSent) / seconds,
  };
}
