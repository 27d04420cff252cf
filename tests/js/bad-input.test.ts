// Bad input from JavaScript: each row is one call with a wrong argument and
// the exception it must throw or reject with. Never success, never a panic.
//
// The expected classes follow the contract: a wrong type is a TypeError; a
// number that is NaN, infinite, fractional, negative or out of range is a
// RangeError; the browser's own checks keep their spec names (SyntaxError,
// InvalidAccessError, InvalidStateError, ...); using a closed channel is the
// library's ClosedError.
import { type MockInstance, afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import {
  ClosedError,
  DecodeError,
  type DataChannel,
  type DataChannelInit,
  PeerConnection,
  type PeerConnectionEventMap,
  type DataChannelEventMap,
  PerfectNegotiation,
  type SendData,
  type SignalingTransport,
} from "webrtc-wasm";
import { closeAll, connectPair, newPc, NONE, outcome, type Pair, track, transportPair } from "./helpers";

/** A value of the wrong type, passed where TypeScript would refuse it. */
const wrong = <T>(value: unknown): T => value as T;

type Expected = (new (...args: never[]) => Error) | string;

let pair: Pair;
let consoleErrors: MockInstance<typeof console.error>;

beforeAll(async () => {
  consoleErrors = vi.spyOn(console, "error");
  pair = await connectPair();
});
afterAll(() => {
  closeAll();
  consoleErrors.mockRestore();
});

const channel = (): DataChannel => pair.ca;
const dataChannel = (init: unknown) => () => newPc().createDataChannel("x", wrong<DataChannelInit>(init));
const quietTransport = (): SignalingTransport => ({ send() {}, subscribe: () => () => {} });

/** An open channel of the shared pair, closed, once its closing is complete. */
async function closedChannel(): Promise<DataChannel> {
  const extra = pair.a.createDataChannel("to-close");
  await extra.opened;
  extra.close();
  await extra.closed;
  return extra;
}

const rows: [string, () => unknown, Expected][] = [
  // The connection's configuration.
  ["new PeerConnection('stun:x') (not an object)", () => new PeerConnection(wrong("stun:x")), TypeError],
  ["new PeerConnection(42)", () => new PeerConnection(wrong(42)), TypeError],
  ["iceServers: a string", () => new PeerConnection(wrong({ iceServers: "stun:127.0.0.1" })), TypeError],
  ["iceServers: an http: URL", () => new PeerConnection({ iceServers: [{ urls: "http://example.com" }] }), "SyntaxError"],
  ["iceServers: turn: without credentials", () => new PeerConnection({ iceServers: [{ urls: "turn:127.0.0.1" }] }), "InvalidAccessError"],
  ["bundlePolicy: an unknown value", () => new PeerConnection(wrong({ bundlePolicy: "sometimes" })), TypeError],
  ["setConfiguration('x')", () => newPc().setConfiguration(wrong("x")), TypeError],
  ["setConfiguration on a closed connection", () => {
    const pc = newPc();
    pc.close();
    pc.setConfiguration({});
  }, "InvalidStateError"],
  ["generateCertificate(42)", () => PeerConnection.generateCertificate(wrong(42)), TypeError],
  ["createOffer('x')", () => newPc().createOffer(wrong("x")), TypeError],
  ["createOffer({ iceRestart: 'yes' })", () => newPc().createOffer(wrong({ iceRestart: "yes" })), TypeError],

  // createDataChannel.
  ["createDataChannel(42) (a non-string label)", () => newPc().createDataChannel(wrong(42)), TypeError],
  ["createDataChannel with a label over 65535 bytes", () => newPc().createDataChannel("x".repeat(65536)), TypeError],
  ["createDataChannel('x', 'reliable') (init not an object)", dataChannel("reliable"), TypeError],
  ["maxRetransmits: '0'", dataChannel({ maxRetransmits: "0" }), TypeError],
  ["maxRetransmits: NaN", dataChannel({ maxRetransmits: Number.NaN }), RangeError],
  ["maxRetransmits: Infinity", dataChannel({ maxRetransmits: Number.POSITIVE_INFINITY }), RangeError],
  ["maxRetransmits: -1", dataChannel({ maxRetransmits: -1 }), RangeError],
  ["maxRetransmits: 1.5", dataChannel({ maxRetransmits: 1.5 }), RangeError],
  ["maxPacketLifeTime: 70000", dataChannel({ maxPacketLifeTime: 70000 }), RangeError],
  ["maxRetransmits and maxPacketLifeTime both", dataChannel({ maxRetransmits: 0, maxPacketLifeTime: 100 }), TypeError],
  ["negotiated without an id", dataChannel({ negotiated: true }), TypeError],
  ["negotiated with id 70000", dataChannel({ negotiated: true, id: 70000 }), RangeError],
  ["negotiated with id 65535", dataChannel({ negotiated: true, id: 65535 }), RangeError],
  ["ordered: 'yes'", dataChannel({ ordered: "yes" }), TypeError],
  ["protocol: 5", dataChannel({ protocol: 5 }), TypeError],
  ["priority: 'urgent'", dataChannel({ priority: "urgent" }), TypeError],
  ["createDataChannel on a closed connection", () => {
    const pc = newPc();
    pc.close();
    return pc.createDataChannel("x");
  }, "InvalidStateError"],

  // Listeners and events.
  ["pc.on with a non-function listener", () => newPc().on("connectionstatechange", wrong("not a function")), TypeError],
  ["pc.on with an unknown event name", () => newPc().on(wrong<keyof PeerConnectionEventMap>("nosuchevent"), () => {}), TypeError],
  ["pc.on with a signal that is not an AbortSignal", () => newPc().on("signalingstatechange", () => {}, wrong({ signal: {} })), TypeError],
  ["pc.events with an unknown event name", () => newPc().events(wrong<keyof PeerConnectionEventMap>("nosuchevent")).next(), TypeError],
  ["channel.on with a non-function listener", () => channel().on("message", wrong(42)), TypeError],
  ["channel.on with an unknown event name", () => channel().on(wrong<keyof DataChannelEventMap>("nosuchevent"), () => {}), TypeError],

  // Descriptions and candidates.
  ["setRemoteDescription('offer') (not an object)", () => newPc().setRemoteDescription(wrong("offer")), TypeError],
  ["setRemoteDescription of an unknown type", () => newPc().setRemoteDescription(wrong({ type: "bogus", sdp: "" })), TypeError],
  ["setRemoteDescription with a numeric sdp", () => newPc().setRemoteDescription(wrong({ type: "offer", sdp: 5 })), TypeError],
  ["setLocalDescription of an unknown type", () => newPc().setLocalDescription(wrong({ type: "bogus" })), TypeError],
  ["addIceCandidate('candidate:...') (not an object)", () => pair.b.addIceCandidate(wrong("candidate:1 1 udp 1 127.0.0.1 9 typ host")), TypeError],
  ["addIceCandidate with a numeric candidate", () => pair.b.addIceCandidate(wrong({ candidate: 5, sdpMid: "0" })), TypeError],
  ["addIceCandidate with sdpMLineIndex -1", () => pair.b.addIceCandidate({ candidate: "candidate:1 1 udp 1 127.0.0.1 9 typ host", sdpMLineIndex: -1 }), RangeError],

  // The channel's settings.
  ["setWatermarks(1000, 2000) (low above high)", () => channel().setWatermarks(1000, 2000), RangeError],
  ["setWatermarks(NaN, 0)", () => channel().setWatermarks(Number.NaN, 0), RangeError],
  ["setWatermarks(-1, 0)", () => channel().setWatermarks(-1, 0), RangeError],
  ["setWatermarks('1000', 0)", () => channel().setWatermarks(wrong("1000"), 0), TypeError],
  ["receiveLimit = 0", () => {
    channel().receiveLimit = 0;
  }, RangeError],
  ["receiveLimit = NaN", () => {
    channel().receiveLimit = Number.NaN;
  }, RangeError],
  ["receiveLimit = '1000'", () => {
    channel().receiveLimit = wrong("1000");
  }, TypeError],
  ["bufferedAmountLowThreshold = -1", () => {
    channel().bufferedAmountLowThreshold = -1;
  }, RangeError],

  // Sending.
  ["send(42)", () => channel().send(wrong<SendData>(42)), TypeError],
  ["send({})", () => channel().send(wrong<SendData>({})), TypeError],
  ["send(null)", () => channel().send(wrong<SendData>(null)), TypeError],
  ["send(undefined)", () => channel().send(wrong<SendData>(undefined)), TypeError],
  ["trySend(42)", () => channel().trySend(wrong(42)), TypeError],
  ["trySend(a Blob)", () => channel().trySend(wrong(new Blob(["x"]))), TypeError],
  ["send on a closed channel", async () => (await closedChannel()).send("x"), ClosedError],
  ["trySend on a closed channel", async () => (await closedChannel()).trySend("x"), ClosedError],
  ["receive on a closed channel", async () => (await closedChannel()).receive(), ClosedError],

  // Negotiation.
  ["PerfectNegotiation.start without polite", () => track(PerfectNegotiation.start(newPc(), quietTransport(), wrong({}))), TypeError],
  ["PerfectNegotiation.start with polite: 'yes'", () => track(PerfectNegotiation.start(newPc(), quietTransport(), wrong({ polite: "yes" }))), TypeError],
  ["PerfectNegotiation.start with a transport without send", () => track(PerfectNegotiation.start(newPc(), wrong({ subscribe: () => () => {} }), { polite: true })), TypeError],
  ["PerfectNegotiation.start with both subscribe and signals", () => {
    const both = { send() {}, subscribe: () => () => {}, signals: { async *[Symbol.asyncIterator]() {} } };
    return track(PerfectNegotiation.start(newPc(), wrong(both), { polite: true }));
  }, TypeError],
  ["iceRestart.maxAttempts: -1", () => track(PerfectNegotiation.start(newPc(), quietTransport(), { polite: true, iceRestart: { maxAttempts: -1 } })), RangeError],
  ["a signal that does not decode (badsignal)", async () => {
    const [transport] = transportPair();
    const negotiation = track(PerfectNegotiation.start(newPc(), transport, { polite: true }));
    const bad = new Promise<Error>((resolve) => negotiation.on("badsignal", resolve));
    transport.inject({ neither: "description nor candidate" } as never);
    throw await bad;
  }, DecodeError],
  ["a signal with a description of unknown type (badsignal)", async () => {
    const [transport] = transportPair();
    const negotiation = track(PerfectNegotiation.start(newPc(), transport, { polite: true }));
    const bad = new Promise<Error>((resolve) => negotiation.on("badsignal", resolve));
    transport.inject(JSON.stringify({ description: { type: "bogus", sdp: "" } }));
    throw await bad;
  }, DecodeError],
];

describe("bad input", () => {
  test("the table has at least 30 rows", () => {
    expect(rows.length).toBeGreaterThanOrEqual(30);
  });

  test.each(rows)("%s", async (_, call, expected) => {
    const error = await outcome(call);
    expect(error, "the call succeeded").not.toBe(NONE);
    if (typeof expected === "string") {
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).name).toBe(expected);
    } else {
      expect(error).toBeInstanceOf(expected);
      expect((error as Error).name).toBe(expected.name);
    }
  });

  test("the connection used by the rows still works", async () => {
    await pair.ca.send("still open");
    expect(await pair.cb.receive()).toBe("still open");
  });

  test("no Rust panic reached the console", () => {
    const panics = consoleErrors.mock.calls.filter((args) => args.some((a) => String(a).includes("panicked at")));
    expect(panics).toEqual([]);
  });
});
