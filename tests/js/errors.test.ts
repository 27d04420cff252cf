// Errors: the library's own classes (exported, instanceof, name, members),
// and the browser's spec-named exceptions kept as they are.
import { type MockInstance, afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import {
  ClosedError,
  ConnectionFailedError,
  DecodeError,
  FullError,
  MessageTooLargeError,
  NoLocalCandidatesError,
  PeerConnection,
  PerfectNegotiation,
  ReceiveBufferFullError,
  WebRtcError,
} from "webrtc-wasm";
import { closeAll, newPc, outcome, NONE, track, transportPair } from "./helpers";

afterEach(closeAll);

let consoleErrors: MockInstance<typeof console.error>;
beforeAll(() => {
  consoleErrors = vi.spyOn(console, "error");
});
afterAll(() => consoleErrors.mockRestore());

const libraryClasses = {
  ClosedError,
  FullError,
  MessageTooLargeError,
  ReceiveBufferFullError,
  ConnectionFailedError,
  NoLocalCandidatesError,
  DecodeError,
} as const;

/** A valid offer SDP (of a connection with one data channel). */
async function offerSdp(): Promise<string> {
  const pc = newPc();
  pc.createDataChannel("x");
  const offer = await pc.createOffer();
  if (!offer.sdp) throw new Error("an offer without SDP");
  return offer.sdp;
}

describe("the library's error classes", () => {
  test("WebRtcError extends Error; every other class extends WebRtcError", () => {
    expect(typeof WebRtcError).toBe("function");
    expect(WebRtcError.prototype).toBeInstanceOf(Error);
    for (const [name, cls] of Object.entries(libraryClasses)) {
      expect(typeof cls, name).toBe("function");
      expect(cls.prototype, name).toBeInstanceOf(WebRtcError);
      expect(cls.name).toBe(name);
    }
  });

  test("an instance has its class's name, its message, and instanceof works", () => {
    for (const [name, cls] of Object.entries(libraryClasses)) {
      const error = new (cls as new (message?: string) => Error)("what happened");
      expect(error, name).toBeInstanceOf(cls);
      expect(error, name).toBeInstanceOf(WebRtcError);
      expect(error, name).toBeInstanceOf(Error);
      expect(error.name).toBe(name);
      expect(error.message).toBe("what happened");
    }
  });

  test("ClosedError from connected() on a closed connection", async () => {
    const pc = newPc();
    pc.close();
    const error = await outcome(() => pc.connected());
    expect(error).toBeInstanceOf(ClosedError);
    expect(error).toBeInstanceOf(WebRtcError);
    expect((error as Error).name).toBe("ClosedError");
    expect((error as Error).message).not.toBe("");
  });

  test("NoLocalCandidatesError from connected() when no candidate can be gathered", async () => {
    const pc = newPc({ iceTransportPolicy: "relay" });
    pc.createDataChannel("x");
    await pc.setLocalDescription();
    const error = await outcome(() => pc.connected());
    expect(error).toBeInstanceOf(NoLocalCandidatesError);
    expect((error as Error).name).toBe("NoLocalCandidatesError");
  });

  test("DecodeError for a signal that does not decode (badsignal)", async () => {
    const pc = newPc();
    const [transport] = transportPair();
    const negotiation = track(PerfectNegotiation.start(pc, transport, { polite: true }));
    const bad = new Promise<Error>((resolve) => negotiation.on("badsignal", resolve));
    transport.inject("{ this is not json");
    const error = await bad;
    expect(error).toBeInstanceOf(DecodeError);
    expect(error).toBeInstanceOf(WebRtcError);
    expect(error.name).toBe("DecodeError");
    expect(negotiation.running).toBe(true);
  });
});

describe("spec-named exceptions stay the browser's", () => {
  test("setRemoteDescription with an answer in stable: InvalidStateError", async () => {
    const sdp = await offerSdp();
    const error = await outcome(() => newPc().setRemoteDescription({ type: "answer", sdp }));
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe("InvalidStateError");
    expect(error).not.toBeInstanceOf(WebRtcError);
  });

  test("a malformed SDP: a spec-named Error, not a panic", async () => {
    for (const sdp of ["garbage", "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"]) {
      const error = await outcome(() => newPc().setRemoteDescription({ type: "offer", sdp }));
      expect(error).not.toBe(NONE);
      expect(error).toBeInstanceOf(Error);
      expect(["OperationError", "SyntaxError", "InvalidAccessError"]).toContain((error as Error).name);
      expect(error).not.toBeInstanceOf(WebRtcError);
      if (error instanceof RTCError) expect(typeof error.errorDetail).toBe("string");
    }
  });

  test("addIceCandidate before a remote description: InvalidStateError", async () => {
    const error = await outcome(() => newPc().addIceCandidate({ candidate: "candidate:1 1 udp 1 127.0.0.1 9 typ host", sdpMid: "0" }));
    expect((error as Error).name).toBe("InvalidStateError");
  });

  test("setConfiguration changing bundlePolicy: InvalidModificationError", async () => {
    const pc = newPc({ bundlePolicy: "max-bundle" });
    const error = await outcome(() => pc.setConfiguration({ bundlePolicy: "max-compat" }));
    expect((error as Error).name).toBe("InvalidModificationError");
  });

  test("generateCertificate with an unknown algorithm: NotSupportedError", async () => {
    const error = await outcome(() => PeerConnection.generateCertificate({ name: "no-such-algorithm" }));
    expect((error as Error).name).toBe("NotSupportedError");
  });

  test("createDataChannel and createOffer on a closed connection: InvalidStateError", async () => {
    const pc = newPc();
    pc.close();
    expect((await outcome(() => pc.createDataChannel("x"))) as Error).toMatchObject({ name: "InvalidStateError" });
    expect((await outcome(() => pc.createOffer())) as Error).toMatchObject({ name: "InvalidStateError" });
  });

  test("no Rust panic reached the console", () => {
    const panics = consoleErrors.mock.calls.filter((args) => args.some((a) => String(a).includes("panicked at")));
    expect(panics).toEqual([]);
  });
});
