// Media through the JavaScript API: tracks from fake devices, a canvas and
// WebAudio sent between two connections in this page, with transceivers,
// senders, receivers and DTMF as the library wraps them.
import { afterEach, describe, expect, test } from "vitest";
import {
  DtmfSender,
  liveListenerCount,
  PeerConnection,
  RtpReceiver,
  RtpSender,
  RtpTransceiver,
  type TrackEvent,
} from "webrtc-wasm";
import { closeAll, connectPair, nextEvent, outcome } from "./helpers";

afterEach(closeAll);

const stoppable: { stop(): void }[] = [];
afterEach(() => {
  for (const s of stoppable.splice(0)) s.stop();
});

/** Fake-device audio and video (the browsers run with fake devices). */
async function deviceMedia(): Promise<MediaStream> {
  const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } });
  stoppable.push(...media.getTracks());
  return media;
}

/** A canvas that draws a moving frame, as a video track. */
function canvasTrack(): MediaStreamTrack {
  const canvas = document.createElement("canvas");
  canvas.width = 160;
  canvas.height = 120;
  const context = canvas.getContext("2d");
  if (context === null) throw new Error("no 2d context");
  let frame = 0;
  const timer = setInterval(() => {
    frame += 1;
    context.fillStyle = `hsl(${(frame * 7) % 360} 80% 50%)`;
    context.fillRect(0, 0, 160, 120);
  }, 33);
  const [track] = canvas.captureStream(30).getVideoTracks();
  if (track === undefined) throw new Error("the canvas gave no track");
  stoppable.push({ stop: () => clearInterval(timer) }, track);
  return track;
}

/** A WebAudio oscillator, as an audio track. */
function oscillatorTrack(): MediaStreamTrack {
  const context = new AudioContext();
  const oscillator = context.createOscillator();
  const destination = context.createMediaStreamDestination();
  oscillator.connect(destination);
  oscillator.start();
  const [track] = destination.stream.getAudioTracks();
  if (track === undefined) throw new Error("WebAudio gave no track");
  stoppable.push(track, { stop: () => void context.close() });
  return track;
}

/** A new offer/answer exchange on a connected pair (candidates are already there). */
async function renegotiate(a: PeerConnection, b: PeerConnection): Promise<void> {
  await b.setRemoteDescription(await a.setLocalDescription());
  await a.setRemoteDescription(await b.setLocalDescription());
}

/** Polls `read` (as a user polls stats) until it gives a value `ok` accepts; fails after 20 s. */
async function until<T>(what: string, read: () => Promise<T> | T, ok: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A member of the receiver's inbound-rtp stats (0 before there is one). */
async function inbound(receiver: RtpReceiver, member: "framesDecoded" | "packetsReceived" | "bytesReceived"): Promise<number> {
  const report = await receiver.getStats();
  const stream = report.ofType("inbound-rtp")[0];
  return stream?.[member] ?? 0;
}

/** The mime type of what `sender` sends (from its stats), `""` before it sends. */
async function sentCodec(sender: RtpSender): Promise<string> {
  const report = await sender.getStats();
  const outbound = report.ofType("outbound-rtp").find((s) => (s.bytesSent ?? 0) > 0);
  const codec = report.ofType("codec").find((c) => c.id === outbound?.codecId);
  return codec?.mimeType?.toLowerCase() ?? "";
}

/** Collects `b`'s track events from now on. */
function tracksAt(b: PeerConnection): TrackEvent[] {
  const seen: TrackEvent[] = [];
  b.on("track", (event) => seen.push(event));
  return seen;
}

describe("tracks", () => {
  test("fake-device audio and video reach the other side, with handles that are the connection's own", async () => {
    const media = await deviceMedia();
    let senders: RtpSender[] = [];
    let events: TrackEvent[] = [];
    const pair = await connectPair({
      setup: (a, b) => {
        events = tracksAt(b);
        senders = media.getTracks().map((t) => a.addTrack(t, media));
      },
    });
    const { a, b } = pair;
    expect(senders.map((s) => s.track)).toEqual(media.getTracks());
    expect(a.getSenders()).toEqual(senders);
    expect(a.getSenders()[0]).toBe(senders[0]);
    expect(a.getTransceivers().map((t) => t.sender)).toEqual(senders);
    expect(events.map((e) => e.track.kind).sort()).toEqual(["audio", "video"]);
    for (const event of events) {
      expect(event.receiver).toBeInstanceOf(RtpReceiver);
      expect(event.transceiver).toBeInstanceOf(RtpTransceiver);
      expect(event.transceiver.receiver).toBe(event.receiver);
      expect(event.receiver.track).toBe(event.track);
      expect(event.streams.map((s) => s.id)).toEqual([media.id]);
      expect(b.getReceivers()).toContain(event.receiver);
      expect(event.transceiver.currentDirection).toBe("recvonly");
      expect(event.transceiver.mid).toMatch(/./);
    }
    const video = events.find((e) => e.track.kind === "video");
    const audio = events.find((e) => e.track.kind === "audio");
    if (video === undefined || audio === undefined) throw new Error("no video or no audio track");
    // The remote video plays.
    const element = document.createElement("video");
    element.muted = true;
    element.srcObject = new MediaStream([video.track]);
    await element.play();
    await until("the video's size", () => element.videoWidth, (w) => w > 0);
    const t0 = element.currentTime;
    await until("the video's time", () => element.currentTime, (t) => t > t0);
    expect(await until("audio packets", () => inbound(audio.receiver, "packetsReceived"), (n) => n > 10)).toBeGreaterThan(10);
    expect(video.receiver.transport).toBeInstanceOf(RTCDtlsTransport);
    expect(senders[0]?.transport).toBeInstanceOf(RTCDtlsTransport);
    expect(video.receiver.getSynchronizationSources().length).toBeGreaterThan(0);
    expect(video.receiver.getParameters().codecs.length).toBeGreaterThan(0);
  });

  test("a canvas video and a WebAudio tone flow; removeTrack stops the sending", async () => {
    const videoTrack = canvasTrack();
    const audioTrack = oscillatorTrack();
    let events: TrackEvent[] = [];
    let videoSender!: RtpSender;
    const { a, b } = await connectPair({
      setup: (a, b) => {
        events = tracksAt(b);
        videoSender = a.addTrack(videoTrack);
        a.addTrack(audioTrack);
      },
    });
    if (videoSender === undefined) throw new Error("no sender");
    const video = events.find((e) => e.track.kind === "video");
    const audio = events.find((e) => e.track.kind === "audio");
    if (video === undefined || audio === undefined) throw new Error("no video or no audio track");
    expect(video.streams).toEqual([]);
    await until("canvas frames", () => inbound(video.receiver, "framesDecoded"), (n) => n > 5);
    await until("oscillator packets", () => inbound(audio.receiver, "packetsReceived"), (n) => n > 10);

    a.removeTrack(videoSender);
    expect(videoSender.track).toBeNull();
    const transceiver = a.getTransceivers().find((t) => t.sender === videoSender);
    expect(transceiver?.direction).toBe("recvonly");
    await renegotiate(a, b);
    expect(video.transceiver.currentDirection).toBe("inactive");
    expect(() => a.removeTrack(videoSender.raw as unknown as RtpSender)).toThrow(TypeError);
  });

  test("addTransceiver by kind and by track; bad encodings are RangeErrors before the browser sees them", async () => {
    const { a, b } = await connectPair();
    const audio = a.addTransceiver("audio", { direction: "recvonly" });
    const video = a.addTransceiver(canvasTrack(), { direction: "sendonly", sendEncodings: [{ maxBitrate: 300_000 }] });
    expect(a.getTransceivers()).toEqual([audio, video]);
    expect(audio.sender.track).toBeNull();
    expect(video.sender.getParameters().encodings[0]?.maxBitrate).toBe(300_000);
    await renegotiate(a, b);
    // b has nothing to send for the audio, so it answers "inactive".
    expect(audio.currentDirection).toBe("inactive");
    expect(video.currentDirection).toBe("sendonly");
    expect(b.getTransceivers().map((t) => t.currentDirection)).toEqual(["inactive", "recvonly"]);
    for (const sendEncodings of [[{ scaleResolutionDownBy: 0.5 }], [{ maxFramerate: -1 }]]) {
      expect(() => a.addTransceiver("video", { sendEncodings })).toThrow(RangeError);
    }
    expect(a.getTransceivers()).toHaveLength(2);
    expect(() => a.addTransceiver("text" as "audio")).toThrow(TypeError);
  });
});

describe("transceivers", () => {
  test("a direction change renegotiates; stopped cannot be set; stop() ends the transceiver", async () => {
    let transceiver!: RtpTransceiver;
    const { a, b } = await connectPair({
      setup: (a) => {
        transceiver = a.addTransceiver(canvasTrack(), { direction: "sendrecv" });
      },
    });
    if (transceiver === undefined) throw new Error("no transceiver");
    expect(transceiver.currentDirection).toBe("sendonly");
    const needed = nextEvent(a, "negotiationneeded");
    transceiver.direction = "inactive";
    await needed;
    await renegotiate(a, b);
    expect(transceiver.currentDirection).toBe("inactive");
    expect(() => {
      transceiver.direction = "stopped";
    }).toThrow(TypeError);
    expect(transceiver.direction).toBe("inactive");

    transceiver.stop();
    expect(transceiver.direction).toBe("stopped");
    await renegotiate(a, b);
    expect(transceiver.currentDirection).toBe("stopped");
    expect(a.getSenders()).not.toContain(transceiver.sender);
    expect(a.getTransceivers()).not.toContain(transceiver);
    expect(await outcome(() => (transceiver.direction = "sendrecv"))).toMatchObject({ name: "InvalidStateError" });
  });

  test("codec preferences choose the codec that is sent; an unknown codec is refused", async () => {
    const capabilities = RtpReceiver.getCapabilities("video");
    if (capabilities === null) throw new Error("no video capabilities");
    const media = capabilities.codecs.filter((c) => !/rtx|red|ulpfec|flexfec/i.test(c.mimeType));
    const first = media[0]?.mimeType.toLowerCase();
    const chosen = ["video/vp9", "video/vp8", "video/h264"].find(
      (m) => m !== first && media.some((c) => c.mimeType.toLowerCase() === m),
    );
    if (chosen === undefined) throw new Error("no second video codec");
    const preferred = [
      ...capabilities.codecs.filter((c) => c.mimeType.toLowerCase() === chosen),
      ...capabilities.codecs.filter((c) => c.mimeType.toLowerCase() !== chosen),
    ];
    let transceiver!: RtpTransceiver;
    await connectPair({
      setup: (a) => {
        transceiver = a.addTransceiver(canvasTrack(), { direction: "sendonly" });
        transceiver.setCodecPreferences(preferred);
      },
    });
    if (transceiver === undefined) throw new Error("no transceiver");
    expect(await until("the sent codec", () => sentCodec(transceiver.sender), (m) => m !== "")).toBe(chosen);
    const bogus = { mimeType: "video/NOPE", clockRate: 90000 };
    expect(await outcome(() => transceiver.setCodecPreferences([bogus]))).toMatchObject({
      name: expect.stringMatching(/^(InvalidModificationError|InvalidAccessError)$/),
    });
  });

  test("header-extension control where the browser has it, NotSupportedError where not", async () => {
    const pc = new PeerConnection();
    try {
      const transceiver = pc.addTransceiver("video");
      if ("getHeaderExtensionsToNegotiate" in transceiver.raw) {
        const extensions = transceiver.getHeaderExtensionsToNegotiate();
        expect(extensions.length).toBeGreaterThan(0);
        const changed = extensions.map((e) => (e.uri.endsWith("sdes:mid") ? e : { ...e, direction: "stopped" as const }));
        transceiver.setHeaderExtensionsToNegotiate(changed);
        expect(transceiver.getHeaderExtensionsToNegotiate().map((e) => e.direction)).toEqual(changed.map((e) => e.direction));
        expect(transceiver.getNegotiatedHeaderExtensions().every((e) => e.direction === "stopped")).toBe(true);
      } else {
        for (const call of [
          () => transceiver.getHeaderExtensionsToNegotiate(),
          () => transceiver.setHeaderExtensionsToNegotiate([]),
          () => transceiver.getNegotiatedHeaderExtensions(),
        ]) {
          expect(await outcome(call)).toMatchObject({ name: "NotSupportedError" });
        }
      }
    } finally {
      pc.close();
    }
  });
});

describe("senders", () => {
  test("replaceTrack switches the source without a negotiation; a track of another kind is a TypeError", async () => {
    let sender!: RtpSender;
    let events: TrackEvent[] = [];
    const { a } = await connectPair({
      setup: (a, b) => {
        events = tracksAt(b);
        sender = a.addTrack(canvasTrack());
      },
    });
    if (sender === undefined) throw new Error("no sender");
    const receiver = events[0]?.receiver;
    if (receiver === undefined) throw new Error("no track at b");
    let negotiations = 0;
    a.on("negotiationneeded", () => (negotiations += 1));
    const replacement = canvasTrack();
    await sender.replaceTrack(replacement);
    expect(sender.track).toBe(replacement);
    const before = await inbound(receiver, "framesDecoded");
    await until("frames of the new source", () => inbound(receiver, "framesDecoded"), (n) => n > before + 10);
    expect(await outcome(() => sender.replaceTrack(oscillatorTrack()))).toBeInstanceOf(TypeError);
    await sender.replaceTrack(null);
    expect(sender.track).toBeNull();
    expect(a.signalingState).toBe("stable");
    expect(negotiations).toBe(0);
  });

  test("setParameters lowers the bitrate; changed counts and bad ranges are typed and change nothing", async () => {
    let sender!: RtpSender;
    await connectPair({
      setup: (a) => {
        sender = a.addTrack(canvasTrack());
      },
    });
    if (sender === undefined) throw new Error("no sender");
    const parameters = sender.getParameters();
    expect(parameters.encodings).toHaveLength(1);
    const encoding = parameters.encodings[0];
    if (encoding === undefined) throw new Error("no encoding");
    encoding.maxBitrate = 50_000;
    encoding.scaleResolutionDownBy = 2;
    await sender.setParameters(parameters);
    const applied = sender.getParameters();
    expect(applied.encodings[0]?.maxBitrate).toBe(50_000);
    expect(applied.encodings[0]?.scaleResolutionDownBy).toBe(2);

    const more = sender.getParameters();
    more.encodings.push({ ...more.encodings[0] });
    expect(await outcome(() => sender.setParameters(more))).toMatchObject({ name: "InvalidModificationError" });
    for (const change of [{ scaleResolutionDownBy: 0.5 }, { maxFramerate: -1 }]) {
      const bad = sender.getParameters();
      Object.assign(bad.encodings[0] ?? {}, change);
      expect(await outcome(() => sender.setParameters(bad))).toBeInstanceOf(RangeError);
    }
    expect(sender.getParameters().encodings[0]?.scaleResolutionDownBy).toBe(2);
    expect(await outcome(() => sender.setParameters(null as unknown as RTCRtpSendParameters))).toBeInstanceOf(TypeError);
    const withoutEncodings = { ...sender.getParameters(), encodings: undefined } as unknown as RTCRtpSendParameters;
    expect(await outcome(() => sender.setParameters(withoutEncodings))).toBeInstanceOf(TypeError);
  });

  test("setStreams chooses the streams the remote track arrives in", async () => {
    let sender!: RtpSender;
    const { a, b } = await connectPair({
      setup: (a) => {
        sender = a.addTrack(canvasTrack());
      },
    });
    if (sender === undefined) throw new Error("no sender");
    const one = new MediaStream();
    const two = new MediaStream();
    sender.setStreams(one, two);
    const track = nextEvent(b, "track");
    await renegotiate(a, b);
    expect((await track).streams.map((s) => s.id).sort()).toEqual([one.id, two.id].sort());
  });

  test("capabilities are the browser's", () => {
    expect(RtpSender.getCapabilities("audio")).toEqual(RTCRtpSender.getCapabilities("audio"));
    expect(RtpReceiver.getCapabilities("video")).toEqual(RTCRtpReceiver.getCapabilities("video"));
  });

  test("a script transform is set and cleared where the browser has one, NotSupportedError where not", async () => {
    const pc = new PeerConnection();
    try {
      const sender = pc.addTransceiver("video").sender;
      const worker = new Worker(URL.createObjectURL(new Blob([""], { type: "text/javascript" })));
      stoppable.push({ stop: () => worker.terminate() });
      if ("RTCRtpScriptTransform" in globalThis) {
        sender.setTransform(worker, { side: "send" });
        expect(Reflect.get(sender.raw, "transform")).toBeInstanceOf(Reflect.get(globalThis, "RTCRtpScriptTransform"));
        sender.clearTransform();
        expect(Reflect.get(sender.raw, "transform")).toBeNull();
        expect(() => sender.setTransform({} as Worker)).toThrow(TypeError);
      } else {
        expect(await outcome(() => sender.setTransform(worker))).toMatchObject({ name: "NotSupportedError" });
      }
    } finally {
      pc.close();
    }
  });
});

describe("receivers", () => {
  test("a jitter buffer target is taken in 0..=4000 ms where the browser has it", async () => {
    const pc = new PeerConnection();
    try {
      const receiver = pc.addTransceiver("audio").receiver;
      if ("jitterBufferTarget" in receiver.raw) {
        expect(receiver.jitterBufferTarget).toBeNull();
        receiver.jitterBufferTarget = 500;
        expect(receiver.jitterBufferTarget).toBe(500);
        for (const bad of [-1, 4001, Number.NaN]) {
          expect(() => (receiver.jitterBufferTarget = bad)).toThrow(RangeError);
        }
        expect(receiver.jitterBufferTarget).toBe(500);
        receiver.jitterBufferTarget = null;
        expect(receiver.jitterBufferTarget).toBeNull();
      } else {
        expect(await outcome(() => (receiver.jitterBufferTarget = 500))).toMatchObject({ name: "NotSupportedError" });
      }
    } finally {
      pc.close();
    }
  });
});

describe("DTMF", () => {
  test("tones play in order, then the end; bad tones, durations and gaps are typed and queue nothing", async () => {
    let sender!: RtpSender;
    const { a, b } = await connectPair({
      setup: (a) => {
        sender = a.addTrack(oscillatorTrack());
      },
    });
    if (sender === undefined) throw new Error("no sender");
    const telephoneEvent = (sdp: string | undefined) => /a=rtpmap:\d+ telephone-event\//.test(sdp ?? "");
    expect(telephoneEvent(b.currentLocalDescription?.sdp)).toBe(true);
    const dtmf = sender.dtmf;
    if (dtmf === null) throw new Error("an audio sender has DTMF");
    expect(dtmf).toBeInstanceOf(DtmfSender);
    expect(sender.dtmf).toBe(dtmf);
    expect(dtmf.canInsertDTMF ?? true).toBe(true);
    const heard: string[] = [];
    const ended = new Promise<void>((resolve) => {
      dtmf.on("tonechange", (tone) => {
        heard.push(tone);
        if (tone === "") resolve();
      });
    });
    const iterated: string[] = [];
    const reading = (async () => {
      for await (const tone of dtmf.events("tonechange")) {
        iterated.push(tone);
        if (tone === "") break;
      }
    })();
    dtmf.insertDTMF("1a#", 60, 40);
    expect(dtmf.toneBuffer).toBe("1A#");
    await ended;
    await reading;
    expect(heard).toEqual(["1", "A", "#", ""]);
    expect(iterated).toEqual(heard);
    expect(dtmf.toneBuffer).toBe("");

    const bad: [() => void, string][] = [
      [() => dtmf.insertDTMF("12X"), "InvalidCharacterError"],
      [() => dtmf.insertDTMF("1", 39), "RangeError"],
      [() => dtmf.insertDTMF("1", 6001), "RangeError"],
      [() => dtmf.insertDTMF("1", 100, 29), "RangeError"],
      [() => dtmf.insertDTMF(1 as unknown as string), "TypeError"],
    ];
    for (const [call, name] of bad) expect(await outcome(call)).toMatchObject({ name });
    expect(dtmf.toneBuffer).toBe("");
    expect(() => dtmf.events("nope" as "tonechange")).toThrow(TypeError);
    const video = a.addTransceiver("video");
    expect(video.sender.dtmf).toBeNull();
  });

  test("tone listeners and streams go when the connection closes", async () => {
    const baseline = liveListenerCount();
    const pc = new PeerConnection();
    const dtmf = pc.addTrack(oscillatorTrack()).dtmf;
    if (dtmf === null) throw new Error("no DTMF");
    dtmf.on("tonechange", () => {});
    const stream = dtmf.events("tonechange");
    const next = stream.next();
    expect(liveListenerCount()).toBe(baseline + 2);
    pc.close();
    expect(liveListenerCount()).toBe(baseline);
    expect(await next).toEqual({ value: undefined, done: true });
    expect(await outcome(() => dtmf.on("tonechange", () => {}))).toMatchObject({ name: "InvalidStateError" });
    expect(await dtmf.events("tonechange").next()).toEqual({ value: undefined, done: true });
    expect(await outcome(() => pc.addTrack(oscillatorTrack()))).toMatchObject({ name: "InvalidStateError" });
  });
});
