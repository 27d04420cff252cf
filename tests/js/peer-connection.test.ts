// PeerConnection: configuration, offers and answers, descriptions, ICE,
// attributes, connected()/iceGatheringComplete(), events and iterators.
import { afterEach, describe, expect, test } from "vitest";
import {
  ClosedError,
  DataChannel,
  liveListenerCount,
  PeerConnection,
  ReceiveBufferFullError,
  RtpReceiver,
  RtpTransceiver,
  WebRtcError,
} from "webrtc-wasm";
import { closeAll, connectPair, endOfCandidates, newPc, nextEvent, offerAndAnswer, servicesPort } from "./helpers";

afterEach(closeAll);

const ufrag = (description: RTCSessionDescriptionInit | null | undefined): string | undefined =>
  /a=ice-ufrag:(\S+)/.exec(description?.sdp ?? "")?.[1];

/** The urls of a configuration's ICE servers, flattened. */
const urlsOf = (configuration: RTCConfiguration): string[] =>
  (configuration.iceServers ?? []).flatMap((server) => [server.urls].flat());

/** A connection with an offer of one data channel, applied locally or not. */
async function offerer(): Promise<{ pc: PeerConnection; offer: RTCSessionDescriptionInit }> {
  const pc = newPc();
  pc.createDataChannel("x");
  return { pc, offer: await pc.createOffer() };
}

describe("configuration", () => {
  test("the constructor takes a configuration object that getConfiguration returns", () => {
    const pc = newPc({
      iceServers: [{ urls: ["stun:127.0.0.1:3478"] }, { urls: "turn:127.0.0.1:3478", username: "u", credential: "p" }],
      bundlePolicy: "max-bundle",
      iceTransportPolicy: "relay",
    });
    const configuration = pc.getConfiguration();
    expect(configuration.bundlePolicy).toBe("max-bundle");
    expect(configuration.iceTransportPolicy).toBe("relay");
    expect(urlsOf(configuration)).toEqual(["stun:127.0.0.1:3478", "turn:127.0.0.1:3478"]);
  });

  test("without a configuration the spec defaults apply", () => {
    const configuration = newPc().getConfiguration();
    expect(configuration.bundlePolicy).toBe("balanced");
    expect(configuration.iceTransportPolicy).toBe("all");
    expect(urlsOf(configuration)).toEqual([]);
  });

  test("setConfiguration changes what getConfiguration returns", () => {
    const pc = newPc();
    pc.setConfiguration({ ...pc.getConfiguration(), iceTransportPolicy: "relay", iceServers: [{ urls: "stun:127.0.0.1:1234" }] });
    expect(pc.getConfiguration().iceTransportPolicy).toBe("relay");
    expect(urlsOf(pc.getConfiguration())).toEqual(["stun:127.0.0.1:1234"]);
  });

  test("generateCertificate makes an ECDSA P-256 certificate the connection then uses", async () => {
    const certificate = await PeerConnection.generateCertificate({ name: "ECDSA", namedCurve: "P-256" } as EcKeyGenParams);
    expect(certificate).toBeInstanceOf(RTCCertificate);
    expect(certificate.expires).toBeGreaterThan(Date.now());
    const pc = newPc({ certificates: [certificate] });
    pc.createDataChannel("x");
    const offer = await pc.createOffer();
    const fingerprint = certificate.getFingerprints().find((f) => f.algorithm === "sha-256")?.value;
    expect(fingerprint).toMatch(/^[0-9a-f:]+$/i);
    expect(offer.sdp?.toLowerCase()).toContain(`a=fingerprint:sha-256 ${fingerprint?.toLowerCase()}`);
  });
});

describe("offers, answers and descriptions", () => {
  test("createOffer and createAnswer return descriptions without applying them", async () => {
    const { pc: a, offer } = await offerer();
    expect(offer.type).toBe("offer");
    expect(offer.sdp).toMatch(/^v=0\r\n/);
    expect(offer.sdp).toContain("m=application");
    expect(a.signalingState).toBe("stable");
    expect(a.localDescription).toBeNull();

    const b = newPc();
    await b.setRemoteDescription(offer);
    const answer = await b.createAnswer();
    expect(answer.type).toBe("answer");
    expect(answer.sdp).toContain("m=application");
    expect(b.signalingState).toBe("have-remote-offer");
    expect(b.localDescription).toBeNull();
  });

  test("explicit setLocalDescription resolves with the applied description", async () => {
    const { pc, offer } = await offerer();
    const applied = await pc.setLocalDescription(offer);
    expect(applied.type).toBe("offer");
    expect(ufrag(applied)).toBe(ufrag(offer));
    expect(applied.sdp).toBe(pc.localDescription?.sdp);
    expect(pc.signalingState).toBe("have-local-offer");
    expect(pc.pendingLocalDescription?.type).toBe("offer");
    expect(pc.currentLocalDescription).toBeNull();
  });

  test("implicit setLocalDescription makes the offer or the answer the state calls for", async () => {
    const a = newPc();
    a.createDataChannel("x");
    const offer = await a.setLocalDescription();
    expect(offer.type).toBe("offer");
    expect(offer.sdp).toBe(a.localDescription?.sdp);
    expect(a.signalingState).toBe("have-local-offer");

    const b = newPc();
    await b.setRemoteDescription(offer);
    // An object without `type` is implicit too.
    const answer = await b.setLocalDescription({} as RTCSessionDescriptionInit);
    expect(answer.type).toBe("answer");
    expect(answer.sdp).toBe(b.localDescription?.sdp);
    expect(b.signalingState).toBe("stable");
    expect(b.currentLocalDescription?.type).toBe("answer");
    expect(b.currentRemoteDescription?.type).toBe("offer");

    await a.setRemoteDescription(answer);
    expect(a.signalingState).toBe("stable");
    expect(a.currentLocalDescription?.type).toBe("offer");
    expect(a.currentRemoteDescription?.type).toBe("answer");
  });

  test("setRemoteDescription({ type: 'rollback' }) returns to stable", async () => {
    const { offer } = await offerer();
    const b = newPc();
    await b.setRemoteDescription(offer);
    expect(b.signalingState).toBe("have-remote-offer");
    expect(b.pendingRemoteDescription?.type).toBe("offer");
    await b.setRemoteDescription({ type: "rollback" });
    expect(b.signalingState).toBe("stable");
    expect(b.remoteDescription).toBeNull();
    expect(b.pendingRemoteDescription).toBeNull();
  });

  test("setLocalDescription({ type: 'rollback' }) returns to stable", async () => {
    const { pc, offer } = await offerer();
    await pc.setLocalDescription(offer);
    expect(await pc.setLocalDescription({ type: "rollback" })).toEqual({ type: "rollback", sdp: "" });
    expect(pc.signalingState).toBe("stable");
    expect(pc.localDescription).toBeNull();
  });

  test("addIceCandidate takes gathered candidates, then null or nothing for the end of candidates", async () => {
    const { pc: a } = await offerer();
    const gathered: (RTCIceCandidateInit | null)[] = [];
    a.on("icecandidate", (candidate) => gathered.push(candidate));
    const end = endOfCandidates(a);
    const offer = await a.setLocalDescription();
    await end;
    expect(gathered.at(-1)).toBeNull();
    const candidates = gathered.filter((c): c is RTCIceCandidateInit => c !== null && c.candidate !== "");
    expect(candidates.length).toBeGreaterThan(0);
    for (const candidate of candidates) {
      expect(candidate.candidate).toMatch(/^candidate:/);
      expect(typeof candidate.sdpMid).toBe("string");
    }

    const b = newPc();
    await b.setRemoteDescription(offer);
    for (const candidate of candidates) await b.addIceCandidate(candidate);
    await expect(b.addIceCandidate(null)).resolves.toBeUndefined();
    await expect(b.addIceCandidate()).resolves.toBeUndefined();
  });

  test("restartIce: the next offer has a new ice-ufrag", async () => {
    const { a, b } = await connectPair();
    const before = ufrag(a.localDescription);
    expect(before).toBeDefined();
    const needed = nextEvent(a, "negotiationneeded");
    a.restartIce();
    await needed;
    const offer = await a.createOffer();
    expect(ufrag(offer)).toBeDefined();
    expect(ufrag(offer)).not.toBe(before);
    // The restart completes over the same exchange.
    await a.setLocalDescription(offer);
    await b.setRemoteDescription(offer);
    await a.setRemoteDescription(await b.setLocalDescription());
    expect(ufrag(a.currentLocalDescription)).toBe(ufrag(offer));
    expect(a.signalingState).toBe("stable");
  });
});

describe("attributes", () => {
  test("a new connection", () => {
    const pc = newPc();
    expect(pc.connectionState).toBe("new");
    expect(pc.iceConnectionState).toBe("new");
    expect(pc.iceGatheringState).toBe("new");
    expect(pc.signalingState).toBe("stable");
    expect(pc.localDescription).toBeNull();
    expect(pc.remoteDescription).toBeNull();
    expect(pc.currentLocalDescription).toBeNull();
    expect(pc.pendingLocalDescription).toBeNull();
    expect(pc.currentRemoteDescription).toBeNull();
    expect(pc.pendingRemoteDescription).toBeNull();
    expect(pc.canTrickleIceCandidates).toBeNull();
    expect(pc.sctp).toBeNull();
    expect(pc.raw).toBeInstanceOf(RTCPeerConnection);
  });

  test("a connected pair", async () => {
    const { a, b } = await connectPair();
    for (const [pc, local, remote] of [
      [a, "offer", "answer"],
      [b, "answer", "offer"],
    ] as const) {
      expect(pc.connectionState).toBe("connected");
      expect(["connected", "completed"]).toContain(pc.iceConnectionState);
      expect(pc.signalingState).toBe("stable");
      expect(pc.localDescription?.type).toBe(local);
      expect(pc.currentLocalDescription?.type).toBe(local);
      expect(pc.pendingLocalDescription).toBeNull();
      expect(pc.remoteDescription?.type).toBe(remote);
      expect(pc.currentRemoteDescription?.type).toBe(remote);
      expect(pc.pendingRemoteDescription).toBeNull();
      expect(pc.canTrickleIceCandidates).toBe(true);
      const sctp = pc.sctp;
      expect(sctp).toBeInstanceOf(RTCSctpTransport);
      expect(sctp).toBe(pc.raw.sctp);
      expect(sctp?.state).toBe("connected");
      expect(sctp?.maxMessageSize).toBeGreaterThan(0);
      expect(sctp?.transport).toBeInstanceOf(RTCDtlsTransport);
      expect(pc.connectionState).toBe(pc.raw.connectionState);
    }
  });

  test("a closed connection", async () => {
    const { a } = await connectPair();
    a.close();
    expect(a.connectionState).toBe("closed");
    expect(a.iceConnectionState).toBe("closed");
    expect(a.signalingState).toBe("closed");
    a.close();
    expect(a.connectionState).toBe("closed");
  });
});

describe("connected() and iceGatheringComplete()", () => {
  test("both resolve", async () => {
    const { a, b } = await connectPair();
    await expect(a.connected()).resolves.toBeUndefined();
    await expect(b.connected()).resolves.toBeUndefined();
    await expect(a.iceGatheringComplete()).resolves.toBeUndefined();
    expect(a.iceGatheringState).toBe("complete");
  });

  test("connected() rejects with ClosedError when the connection closes while it waits", async () => {
    const pc = newPc();
    pc.createDataChannel("x");
    await pc.setLocalDescription();
    const waiting = pc.connected();
    pc.close();
    const error = await waiting.then(
      () => new Error("connected() resolved on a closed connection"),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ClosedError);
    expect(error).toBeInstanceOf(WebRtcError);
    expect((error as Error).name).toBe("ClosedError");
  });

  test("connected() and iceGatheringComplete() on a closed connection reject with ClosedError", async () => {
    const pc = newPc();
    pc.close();
    await expect(pc.connected()).rejects.toBeInstanceOf(ClosedError);
    await expect(pc.iceGatheringComplete()).rejects.toBeInstanceOf(ClosedError);
  });

  test("iceGatheringComplete() rejects with ClosedError when the connection closes while it waits", async () => {
    const pc = newPc();
    const waiting = pc.iceGatheringComplete();
    pc.close();
    await expect(waiting).rejects.toBeInstanceOf(ClosedError);
  });

  test("connected() rejects with signal.reason when its signal aborts", async () => {
    const pc = newPc();
    const controller = new AbortController();
    const reason = new Error("gave up");
    const waiting = pc.connected({ signal: controller.signal });
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(pc.signalingState).toBe("stable");
  });
});

describe("events through on()", () => {
  test("state, candidate, negotiation and datachannel events, each carrying its value", async () => {
    const log: Record<"a" | "b", [string, unknown][]> = { a: [], b: [] };
    const attributes: [string, unknown, unknown][] = [];
    const channels: DataChannel[] = [];
    let ends: Promise<void>[] = [];
    await connectPair({
      setup(a, b) {
        ends = [endOfCandidates(a), endOfCandidates(b)];
        for (const [name, pc] of [
          ["a", a],
          ["b", b],
        ] as const) {
          pc.on("connectionstatechange", (s) => {
            log[name].push(["connectionstatechange", s]);
            attributes.push(["connectionState", s, pc.connectionState]);
          });
          pc.on("iceconnectionstatechange", (s) => log[name].push(["iceconnectionstatechange", s]));
          pc.on("icegatheringstatechange", (s) => log[name].push(["icegatheringstatechange", s]));
          pc.on("signalingstatechange", (s) => {
            log[name].push(["signalingstatechange", s]);
            attributes.push(["signalingState", s, pc.signalingState]);
          });
          pc.on("icecandidate", (c) => log[name].push(["icecandidate", c]));
          pc.on("negotiationneeded", (e) => log[name].push(["negotiationneeded", e]));
        }
        b.on("datachannel", (channel) => channels.push(channel));
      },
    });
    await Promise.all(ends);
    const of = (name: "a" | "b", type: string) => log[name].filter(([t]) => t === type).map(([, v]) => v);

    // connectPair makes the offer at once, before negotiation-needed is
    // checked: neither side needed negotiating.
    expect(of("a", "negotiationneeded")).toEqual([]);
    expect(of("b", "negotiationneeded")).toEqual([]);
    expect(of("a", "signalingstatechange")).toEqual(["have-local-offer", "stable"]);
    expect(of("b", "signalingstatechange")).toEqual(["have-remote-offer", "stable"]);
    for (const name of ["a", "b"] as const) {
      const connection = of(name, "connectionstatechange");
      expect(connection.slice(0, 2)).toEqual(["connecting", "connected"]);
      const ice = of(name, "iceconnectionstatechange");
      expect(ice[0]).toBe("checking");
      expect(ice).toContain("connected");
      expect(of(name, "icegatheringstatechange")).toEqual(["gathering", "complete"]);
      const candidates = of(name, "icecandidate");
      expect(candidates.at(-1)).toBeNull();
      const real = candidates.filter((c) => c !== null && (c as RTCIceCandidateInit).candidate !== "");
      expect(real.length).toBeGreaterThan(0);
      for (const candidate of real) expect((candidate as RTCIceCandidateInit).candidate).toMatch(/^candidate:/);
    }
    for (const [attribute, value, actual] of attributes) expect([attribute, value]).toEqual([attribute, actual]);
    expect(channels).toHaveLength(1);
    expect(channels[0]).toBeInstanceOf(DataChannel);
    expect(channels[0]?.label).toBe("test");
  });

  test("negotiationneeded after createDataChannel", async () => {
    const pc = newPc();
    const needed = nextEvent(pc, "negotiationneeded");
    pc.createDataChannel("x");
    expect(await needed).toBeUndefined();
  });

  test("track: a remote transceiver's track with its receiver and transceiver", async () => {
    const a = newPc();
    const b = newPc();
    a.raw.addTransceiver("audio", { direction: "sendonly" });
    const track = nextEvent(b, "track");
    await b.setRemoteDescription(await a.setLocalDescription());
    const event = await track;
    expect(event.track).toBeInstanceOf(MediaStreamTrack);
    expect(event.track.kind).toBe("audio");
    expect(event.receiver).toBeInstanceOf(RtpReceiver);
    expect(event.receiver.raw).toBeInstanceOf(RTCRtpReceiver);
    expect(event.receiver.track).toBe(event.track);
    expect(event.transceiver).toBeInstanceOf(RtpTransceiver);
    expect(event.transceiver.raw).toBe(b.raw.getTransceivers()[0]);
    expect(event.transceiver.receiver).toBe(event.receiver);
    expect(b.getTransceivers()).toEqual([event.transceiver]);
    expect(Array.isArray(event.streams)).toBe(true);
  });

  test("icecandidateerror: a TURN server that does not answer", async () => {
    const url = `turn:127.0.0.1:${servicesPort()}?transport=tcp`;
    const pc = newPc({ iceServers: [{ urls: url, username: "u", credential: "p" }] });
    const error = nextEvent(pc, "icecandidateerror");
    pc.createDataChannel("x");
    await pc.setLocalDescription();
    const event = await error;
    expect(event.url).toBe(url);
    expect(event.errorCode).toBe(701);
    expect(typeof event.errorText).toBe("string");
    expect(event.address === null || typeof event.address === "string").toBe(true);
    expect(event.port === null || typeof event.port === "number").toBe(true);
  });

  test("once, signal and the returned unsubscribe each stop a listener", async () => {
    const pc = newPc();
    const all: string[] = [];
    const once: string[] = [];
    const aborted: string[] = [];
    const unsubscribed: string[] = [];
    const preAborted: string[] = [];
    pc.on("signalingstatechange", (s) => once.push(s), { once: true });
    const controller = new AbortController();
    pc.on(
      "signalingstatechange",
      (s) => {
        aborted.push(s);
        controller.abort();
      },
      { signal: controller.signal },
    );
    const off = pc.on("signalingstatechange", (s) => {
      unsubscribed.push(s);
      off();
    });
    pc.on("signalingstatechange", (s) => preAborted.push(s), { signal: AbortSignal.abort() });
    pc.on("signalingstatechange", (s) => all.push(s));
    await offerAndAnswer(pc);
    expect(all).toEqual(["have-local-offer", "stable"]);
    expect(once).toEqual(["have-local-offer"]);
    expect(aborted).toEqual(["have-local-offer"]);
    expect(unsubscribed).toEqual(["have-local-offer"]);
    expect(preAborted).toEqual([]);
    off();
  });
});

describe("async iterators", () => {
  test("events() yields each event and ends when the connection closes", async () => {
    const pc = newPc();
    const states = pc.events("signalingstatechange");
    const collected = (async () => {
      const out: RTCSignalingState[] = [];
      for await (const state of states) out.push(state);
      return out;
    })();
    await offerAndAnswer(pc);
    pc.close();
    expect(await collected).toEqual(["have-local-offer", "stable"]);
    await expect(states.next()).resolves.toEqual({ done: true, value: undefined });
  });

  test("a reader 4096 events behind gets them all, then ReceiveBufferFullError, and its listener is gone", async () => {
    const pc = newPc();
    const baseline = liveListenerCount();
    const states = pc.events("signalingstatechange");
    expect(liveListenerCount()).toBe(baseline + 1);
    // The browser's own object dispatching faster than anyone reads.
    for (let i = 0; i < 4097; i += 1) pc.raw.dispatchEvent(new Event("signalingstatechange"));
    expect(liveListenerCount()).toBe(baseline);
    const read: RTCSignalingState[] = [];
    let error: unknown;
    try {
      for await (const state of states) read.push(state);
    } catch (caught) {
      error = caught;
    }
    expect(read.length).toBe(4096);
    expect(read.every((state) => state === "stable")).toBe(true);
    expect(error).toBeInstanceOf(ReceiveBufferFullError);
    expect((error as ReceiveBufferFullError).limit).toBe(4096);
    await expect(states.next()).resolves.toEqual({ done: true, value: undefined });
  });

  test("events() ends when the loop breaks", async () => {
    const pc = newPc();
    const states = pc.events("signalingstatechange");
    const changes = offerAndAnswer(pc);
    let first: RTCSignalingState | undefined;
    for await (const state of states) {
      first = state;
      break;
    }
    await changes;
    expect(first).toBe("have-local-offer");
    await expect(states.next()).resolves.toEqual({ done: true, value: undefined });
  });

  test("iceCandidates() yields the candidates, then null, and ends on close", async () => {
    const pc = newPc();
    pc.createDataChannel("x");
    const candidates = pc.iceCandidates();
    await pc.setLocalDescription();
    const seen: (RTCIceCandidateInit | null)[] = [];
    for await (const candidate of candidates) {
      seen.push(candidate);
      if (candidate === null) pc.close();
    }
    expect(seen.at(-1)).toBeNull();
    const real = seen.filter((c) => c !== null && c.candidate !== "");
    expect(real.length).toBeGreaterThan(0);
    expect(real.every((c) => c?.candidate?.startsWith("candidate:"))).toBe(true);
  });

  test("dataChannels() yields the remote's channels and ends on close", async () => {
    let iterator: AsyncIterableIterator<DataChannel> | undefined;
    const { b } = await connectPair({ setup: (_, b) => (iterator = b.dataChannels()) });
    if (!iterator) throw new Error("setup did not run");
    const first = await iterator.next();
    expect(first.done).toBe(false);
    expect(first.value).toBeInstanceOf(DataChannel);
    expect((first.value as DataChannel).label).toBe("test");
    const rest = (async () => {
      const labels: string[] = [];
      for await (const channel of { [Symbol.asyncIterator]: () => iterator as AsyncIterableIterator<DataChannel> }) {
        labels.push(channel.label);
      }
      return labels;
    })();
    b.close();
    expect(await rest).toEqual([]);
  });
});
