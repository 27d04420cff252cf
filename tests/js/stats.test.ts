// Typed stats: a call with audio, video and data between two connections in
// this page (fake-device media), its reports held to the model the Rust
// structs declare in both browsers; the selected pair, rates, the periodic
// stream and the lookups.
import { afterEach, describe, expect, test } from "vitest";
import {
  isKnownStats,
  PeerConnection,
  StatsReport,
  statsRates,
  type Stats,
  type StatsType,
} from "webrtc-wasm";
import { closeAll, connectPair, newPc, type Pair, relayOnly } from "./helpers";
import { STATS_MEMBER_KINDS } from "./stats-member-kinds";

afterEach(closeAll);

const tracks: MediaStreamTrack[] = [];
afterEach(() => {
  for (const t of tracks.splice(0)) t.stop();
});

/** A connected pair where `a` sends fake-device audio and video to `b`, next to the data channel. */
async function call(): Promise<Pair> {
  const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } });
  tracks.push(...media.getTracks());
  return connectPair({
    setup: (a) => {
      for (const t of media.getTracks()) a.raw.addTrack(t, media);
    },
  });
}

/** Waits (polling reports, as a user would) until `ready` holds for one of `pc`'s reports. */
async function reportWhere(pc: PeerConnection, ready: (report: StatsReport) => boolean): Promise<StatsReport> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const report = await pc.getStats();
    if (ready(report)) return report;
    if (Date.now() > deadline) throw new Error(`no report satisfied the condition: ${JSON.stringify(report)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The key of STATS_MEMBER_KINDS for a stats object. */
function variantOf(s: Stats): string {
  return s.type === "media-source" ? `media-source/${String(s["kind"])}` : s.type;
}

const RANGES: Record<string, [number, number]> = {
  u16: [0, 0xffff],
  u32: [0, 0xffffffff],
  u64: [0, Number.MAX_SAFE_INTEGER],
  i64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** Whether `value` is what the Rust decoder takes for a member of kind `kind`. */
function fits(kind: string, value: unknown): boolean {
  if (kind === "string" || kind === "number" || kind === "boolean") return typeof value === kind;
  const [min, max] = RANGES[kind] ?? [1, 0];
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

describe("a call with audio, video and data", () => {
  test("every type present is modelled, every modelled member the browser gave is typed, and nothing is lost", async () => {
    const { a, b } = await call();
    const received = await reportWhere(b, (r) =>
      r.ofType("inbound-rtp").some((s) => s.kind === "video" && (s.framesDecoded ?? 0) > 0),
    );
    const sent = await reportWhere(a, (r) => r.ofType("remote-inbound-rtp").length >= 2);
    const expected: StatsType[] = [
      "codec",
      "peer-connection",
      "data-channel",
      "transport",
      "candidate-pair",
      "local-candidate",
      "remote-candidate",
      // Firefox reports no certificate stats.
      ...(navigator.userAgent.includes("Firefox") ? [] : (["certificate"] as const)),
    ];
    const types = (report: StatsReport) => new Set([...report].map((s) => s.type));
    for (const type of [...expected, "inbound-rtp"]) expect(types(received), type).toContain(type);
    for (const type of [...expected, "outbound-rtp", "remote-inbound-rtp", "media-source"]) {
      expect(types(sent), type).toContain(type);
    }
    for (const report of [received, sent]) {
      for (const s of report) {
        // Modelled types are known; the rest are the spec's obsolete types.
        if (!isKnownStats(s)) {
          expect(["track", "stream", "sender", "receiver", "csrc", "ice-server", "transceiver"]).toContain(s.type);
          continue;
        }
        const kinds = STATS_MEMBER_KINDS[variantOf(s)];
        expect(kinds, variantOf(s)).toBeDefined();
        // Every modelled member the browser reports has the model's type
        // (the Rust decoder would take it; the TypeScript type is true).
        const wrong = Object.entries(kinds ?? {}).filter(([key, kind]) => key in s && !fits(kind, s[key as keyof typeof s]));
        expect(wrong, `${s.type} ${s.id}`).toEqual([]);
        expect(typeof s.id).toBe("string");
        expect(typeof s.timestamp).toBe("number");
      }
    }
    // Nothing lost: the report holds the browser's objects as they are.
    const raw = await b.raw.getStats();
    const report = StatsReport.from(raw);
    expect(report.size).toBe(raw.size);
    for (const [id, object] of raw) expect(report.get(id)).toEqual(object);
    const [video] = received.ofType("inbound-rtp").filter((s) => s.kind === "video");
    expect(typeof video?.framesDecoded).toBe("number");
    expect(video?.frameWidth).toBeGreaterThan(0);
    expect(received.get(video?.codecId ?? "")?.type).toBe("codec");
    const audioOut = sent.ofType("outbound-rtp").find((s) => s.kind === "audio");
    expect(audioOut?.packetsSent).toBeGreaterThan(0);
    expect(sent.ofType("media-source").map((s) => s.kind).sort()).toEqual(["audio", "video"]);
  });

  test("the rates between two reports: bitrate both ways, frames per second, data-channel throughput", async () => {
    const { a, b, ca } = await call();
    await reportWhere(b, (r) => r.ofType("inbound-rtp").some((s) => s.kind === "video" && (s.framesDecoded ?? 0) > 0));
    const [a0, b0] = await Promise.all([a.getStats(), b.getStats()]);
    const payload = new Uint8Array(16 * 1024);
    for (let i = 0; i < 64; i += 1) await ca.send(payload);
    await ca.flush();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const [a1, b1] = await Promise.all([a.getStats(), b.getStats()]);
    const out = statsRates(a0, a1);
    const into = statsRates(b0, b1);
    expect(out.seconds).toBeGreaterThan(1);
    expect(out.bitrateOut).toBeGreaterThan(0);
    expect(into.bitrateIn).toBeGreaterThan(0);
    expect(into.framesPerSecond).toBeGreaterThan(0);
    // 1 MiB sent within the interval.
    expect(Math.round(out.dataChannelBytesOutPerSecond * out.seconds)).toBeGreaterThanOrEqual(64 * 16 * 1024);
    expect(Math.round(into.dataChannelBytesInPerSecond * into.seconds)).toBeGreaterThanOrEqual(64 * 16 * 1024);
    // No time between a report and itself: no rates.
    expect(statsRates(a1, a1)).toEqual({
      seconds: 0,
      bitrateIn: 0,
      bitrateOut: 0,
      packetsLost: 0,
      framesPerSecond: 0,
      dataChannelBytesInPerSecond: 0,
      dataChannelBytesOutPerSecond: 0,
    });
  });

  test("getStats(track) gives the streams of that track only", async () => {
    const { a } = await call();
    const video = tracks.find((t) => t.kind === "video");
    if (video === undefined) throw new Error("no video track");
    // Firefox may report one sending stream before the other has sent anything.
    const report = await reportWhere(a, (r) => r.ofType("outbound-rtp").length >= 2);
    expect(report.ofType("outbound-rtp").map((s) => s.kind).sort()).toEqual(["audio", "video"]);
    const ofTrack = await a.getStats(video);
    expect(ofTrack.ofType("outbound-rtp").map((s) => s.kind)).toEqual(["video"]);
    await expect(a.getStats("not a track" as unknown as MediaStreamTrack)).rejects.toBeInstanceOf(TypeError);
  });
});

describe("the selected candidate pair", () => {
  test("host candidates over UDP: not relayed, the pair that carried the data", async () => {
    const { a, b, ca } = await connectPair();
    await ca.send(new Uint8Array(1000));
    for (const pc of [a, b]) {
      const report = await reportWhere(pc, (r) => r.selectedCandidatePair() !== null);
      const selected = report.selectedCandidatePair();
      expect(selected?.relayed).toBe(false);
      expect(selected?.relayProtocol).toBeNull();
      expect(selected?.protocol).toBe("udp");
      expect(selected?.local.candidateType).toBe("host");
      expect(selected?.pair.state).toBe("succeeded");
      expect(selected?.pair.localCandidateId).toBe(selected?.local.id);
      expect(selected?.pair.remoteCandidateId).toBe(selected?.remote.id);
      // It is the pair the bytes went through.
      const busiest = report
        .ofType("candidate-pair")
        .reduce((max, p) => ((p.bytesSent ?? 0) > (max.bytesSent ?? 0) ? p : max));
      expect(selected?.pair.id).toBe(busiest.id);
    }
  });

  for (const transport of ["udp", "tcp"] as const) {
    test(`through coturn over ${transport}: relayed, over ${transport}, and the pair that carried the data`, async () => {
      const { a, b, ca } = await connectPair({ configuration: relayOnly(transport) });
      await ca.send(new Uint8Array(1000));
      for (const pc of [a, b]) {
        const report = await reportWhere(pc, (r) => (r.selectedCandidatePair()?.pair.bytesSent ?? 0) > 0);
        const selected = report.selectedCandidatePair();
        expect(selected?.relayed).toBe(true);
        expect(selected?.local.candidateType).toBe("relay");
        expect(selected?.relayProtocol).toBe(transport);
        // The path to the peer is the TURN server's relayed UDP.
        expect(selected?.protocol).toBe("udp");
        expect(selected?.pair.state).toBe("succeeded");
        const busiest = report
          .ofType("candidate-pair")
          .reduce((max, p) => ((p.bytesSent ?? 0) > (max.bytesSent ?? 0) ? p : max));
        expect(selected?.pair.id).toBe(busiest.id);
      }
    });
  }

  test("none before the connection has one", async () => {
    const pc = newPc();
    pc.createDataChannel("x");
    expect((await pc.getStats()).selectedCandidatePair()).toBeNull();
  });
});

/** Counts the calls of `pc`'s browser `getStats` from now on (the real method runs). */
function countGetStats(pc: PeerConnection): { count: number } {
  const calls = { count: 0 };
  const getStats = pc.raw.getStats.bind(pc.raw);
  pc.raw.getStats = (selector?: MediaStreamTrack | null) => {
    calls.count += 1;
    return getStats(selector);
  };
  return calls;
}

describe("statsEvery", () => {
  test("yields a report per period and stops its timer when the loop ends", async () => {
    const { a } = await connectPair();
    const calls = countGetStats(a);
    const reports: StatsReport[] = [];
    for await (const report of a.statsEvery(50)) {
      reports.push(report);
      if (reports.length === 3) break;
    }
    expect(calls.count).toBe(3);
    expect(reports.every((r) => r instanceof StatsReport && r.size > 0)).toBe(true);
    expect(reports[2]!.timestamp).toBeGreaterThan(reports[0]!.timestamp);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(calls.count).toBe(3);
  });

  test("an aborted signal rejects the pending next() with its reason and stops the timer", async () => {
    const { a } = await connectPair();
    const calls = countGetStats(a);
    const controller = new AbortController();
    const reports = a.statsEvery(100, { signal: controller.signal });
    expect((await reports.next()).done).toBe(false);
    const pending = reports.next();
    const reason = new Error("stop");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(calls.count).toBe(1);
    await expect(reports.next()).resolves.toEqual({ done: true, value: undefined });
  });

  test("ends when the connection closes", async () => {
    const pc = newPc();
    const reports = pc.statsEvery(50);
    const next = reports.next();
    pc.close();
    await expect(next).resolves.toEqual({ done: true, value: undefined });
  });

  test("ends, without an error, when the connection closes while a report is made", async () => {
    const pc = newPc();
    const getStats = pc.raw.getStats.bind(pc.raw);
    pc.raw.getStats = (selector?: MediaStreamTrack | null) => {
      pc.close();
      return getStats(selector);
    };
    await expect(pc.statsEvery(10).next()).resolves.toEqual({ done: true, value: undefined });
  });

  test("a period that is not a positive number of milliseconds is refused", () => {
    const pc = newPc();
    expect(() => pc.statsEvery(0)).toThrow(RangeError);
    expect(() => pc.statsEvery(Number.NaN)).toThrow(RangeError);
    expect(() => pc.statsEvery("50" as unknown as number)).toThrow(TypeError);
  });
});

describe("lookups", () => {
  const objects: Stats[] = [
    { type: "transport", id: "T", timestamp: 3, selectedCandidatePairId: "P" },
    { type: "candidate-pair", id: "P", timestamp: 2, localCandidateId: "L", remoteCandidateId: "R", nominated: true, state: "succeeded" },
    { type: "local-candidate", id: "L", timestamp: 1, candidateType: "relay", relayProtocol: "tcp", protocol: "udp" },
    { type: "remote-candidate", id: "R", timestamp: 1, candidateType: "host" },
    { type: "track", id: "X", timestamp: 1, frameWidth: 640 },
    { type: "media-source", id: "M", timestamp: 1, kind: "haptic" },
    { type: "media-source", id: "A", timestamp: 1, kind: "audio", audioLevel: 0.5 },
  ];

  test("by id and type; unmodelled types and media-source kinds are not known", () => {
    const report = new StatsReport(objects);
    expect(report.size).toBe(7);
    expect(report.timestamp).toBe(3);
    expect(report.get("P")?.type).toBe("candidate-pair");
    expect(report.ofType("local-candidate").map((s) => s.id)).toEqual(["L"]);
    expect(report.ofType("media-source").map((s) => s.id)).toEqual(["A"]);
    expect([...report].filter((s) => !isKnownStats(s)).map((s) => s.id)).toEqual(["X", "M"]);
    expect(JSON.parse(JSON.stringify(report)).map((s: Stats) => s.id)).toEqual(["T", "P", "L", "R", "X", "M", "A"]);
  });

  test("the selected pair the transport names, relayed over TCP to the TURN server", () => {
    expect(new StatsReport(objects).selectedCandidatePair()).toMatchObject({
      relayed: true,
      relayProtocol: "tcp",
      protocol: "udp",
      roundTripTime: null,
      pair: { id: "P" },
      local: { id: "L" },
      remote: { id: "R" },
    });
  });

  test("without a transport's pair: the one marked selected (Firefox), else the nominated pair with the latest packet", () => {
    const pair = (id: string, extra: object): Stats =>
      ({ type: "candidate-pair", id, timestamp: 1, localCandidateId: "L", remoteCandidateId: "R", ...extra }) as Stats;
    const candidates = objects.slice(2, 4);
    const selected = new StatsReport([pair("A", { nominated: true, state: "succeeded" }), pair("B", { selected: true }), ...candidates]);
    expect(selected.selectedCandidatePair()?.pair.id).toBe("B");
    const latest = new StatsReport([
      pair("A", { nominated: true, state: "succeeded", lastPacketSentTimestamp: 10 }),
      pair("B", { nominated: true, state: "succeeded", lastPacketReceivedTimestamp: 20 }),
      pair("C", { nominated: true, state: "in-progress", lastPacketReceivedTimestamp: 30 }),
      ...candidates,
    ]);
    expect(latest.selectedCandidatePair()?.pair.id).toBe("B");
    expect(new StatsReport([pair("A", { nominated: false }), ...candidates]).selectedCandidatePair()).toBeNull();
  });

  test("rates match counters by id; a counter that went down counts 0; packets lost can go down", () => {
    const at = (timestamp: number, bytes: number, lost: number) =>
      new StatsReport([
        { type: "inbound-rtp", id: "I", timestamp, kind: "video", bytesReceived: bytes, packetsLost: lost, framesDecoded: bytes / 100 },
        { type: "inbound-rtp", id: timestamp > 1000 ? "new" : "gone", timestamp, kind: "audio", bytesReceived: 1e9 },
      ] as Stats[]);
    const rates = statsRates(at(1000, 1000, 5), at(3000, 5000, 3));
    expect(rates).toMatchObject({ seconds: 2, bitrateIn: 16000, packetsLost: -2, framesPerSecond: 20 });
    expect(statsRates(at(1000, 5000, 0), at(2000, 1000, 0)).bitrateIn).toBe(0);
  });
});
