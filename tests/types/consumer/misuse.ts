// Misuse that must not compile: each `@ts-expect-error` line has to be an
// error (tsc reports an unused directive otherwise).
import { DataChannel, PeerConnection, PerfectNegotiation, type DataChannelInit, type SignalingTransport } from "webrtc-wasm";
import * as slim from "webrtc-wasm/slim";

export async function misuse(pc: PeerConnection, channel: DataChannel, transport: SignalingTransport): Promise<void> {
  // Both partial-reliability limits at once.
  // @ts-expect-error
  pc.createDataChannel("both", { maxRetransmits: 1, maxPacketLifeTime: 1 });
  // @ts-expect-error
  const both: DataChannelInit = { ordered: false, maxRetransmits: 0, maxPacketLifeTime: 100 };
  void both;
  // A string where a number belongs.
  // @ts-expect-error
  pc.createDataChannel("string", { maxRetransmits: "0" });
  // An unknown priority.
  // @ts-expect-error
  pc.createDataChannel("priority", { priority: "urgent" });

  // Unknown event names.
  // @ts-expect-error
  pc.on("connectionchange", () => {});
  // @ts-expect-error
  channel.on("data", () => {});
  // @ts-expect-error
  PerfectNegotiation.start(pc, transport, { polite: true }).on("restart", () => {});
  // @ts-expect-error
  pc.events("candidate");

  // Listeners whose argument type does not match the event's.
  // @ts-expect-error
  pc.on("connectionstatechange", (state: number) => void state);
  // @ts-expect-error
  pc.on("icecandidate", (candidate: RTCIceCandidate) => void candidate);
  // @ts-expect-error
  pc.on("datachannel", (channel: RTCDataChannel) => void channel);
  // @ts-expect-error
  channel.on("message", (message: ArrayBuffer) => void message);
  // @ts-expect-error
  channel.on("error", (error: string) => void error);
  // A listener that is not a function.
  // @ts-expect-error
  pc.on("track", "listener");

  // Sending a number, or nothing.
  // @ts-expect-error
  await channel.send(42);
  // @ts-expect-error
  await channel.send();
  // trySend takes no Blob (it cannot wait to read one).
  // @ts-expect-error
  channel.trySend(new Blob(["x"]));

  // Received messages are strings or bytes, never ArrayBuffers.
  // @ts-expect-error
  const buffer: ArrayBuffer = await channel.receive();
  void buffer;

  // Read-only attributes.
  // @ts-expect-error
  channel.label = "renamed";
  // @ts-expect-error
  pc.connectionState = "closed";
  // @ts-expect-error
  channel.highWatermark = 1;

  // The raw objects are the browser's, not the package's.
  // @ts-expect-error
  const wrapped: DataChannel = channel.raw;
  void wrapped;

  // Negotiation needs its role.
  // @ts-expect-error
  PerfectNegotiation.start(pc, transport, {});
  // A transport must give incoming signals one way or the other, not both or none.
  // @ts-expect-error
  PerfectNegotiation.start(pc, { send() {} }, { polite: true });
  // A signal is a description or a candidate.
  // @ts-expect-error
  await transport.send({ offer: "v=0" });

  // The default entry initialises itself: it exports no init().
  // @ts-expect-error
  await import("webrtc-wasm").then((api) => api.init());
  // init() takes a URL, a response, bytes or a module, not a number.
  // @ts-expect-error
  await slim.init(42);
  // @ts-expect-error
  slim.initSync("webrtc_wasm_bg.wasm");

  // The constructor takes an RTCConfiguration.
  // @ts-expect-error
  new PeerConnection({ iceServers: "stun:stun.example" });

  // Only the modelled types have a typed list, and their members are typed.
  const report = await new PeerConnection().getStats();
  // @ts-expect-error
  report.ofType("track");
  // @ts-expect-error
  const width: string | undefined = report.ofType("inbound-rtp")[0]?.frameWidth;
  void width;
  // The period is a number of milliseconds.
  // @ts-expect-error
  new PeerConnection().statsEvery("1s");

  // Media: kinds, directions and handles are typed.
  // @ts-expect-error
  pc.addTransceiver("text");
  // @ts-expect-error
  pc.addTransceiver("audio", { direction: "sideways" });
  // @ts-expect-error
  pc.removeTrack(pc.addTrack(new MediaStreamTrack()).raw);
  const transceiver = pc.addTransceiver("video");
  // @ts-expect-error
  transceiver.direction = "up";
  // @ts-expect-error
  transceiver.receiver.track = null;
  // @ts-expect-error
  transceiver.sender.dtmf?.on("tone", () => {});
  // @ts-expect-error
  transceiver.sender.dtmf?.on("tonechange", (tone: number) => void tone);

  // Files: content, metadata and progress are typed.
  // @ts-expect-error
  await pc.sendFile("text");
  // @ts-expect-error
  await pc.sendFile(new Blob([]), { metadata: { when: new Date() } });
  // @ts-expect-error
  await pc.sendFile(new Blob([]), { onProgress: (bytes: number) => void bytes });
  for await (const incoming of pc.incomingFiles()) {
    // @ts-expect-error
    incoming.info.size.toFixed();
    // @ts-expect-error
    incoming.info = { name: "x", size: 1, type: "", metadata: null };
  }
}
