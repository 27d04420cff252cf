// Uses every class, method and attribute of the package's API as a
// TypeScript app would, compiled with `tsc --strict --noEmit` (never run).
// The types it assigns to are the ones the package promises.
import {
  ClosedError,
  ConnectionFailedError,
  DataChannel,
  DecodeError,
  DtmfSender,
  FILE_PROTOCOL,
  FullError,
  IncomingFile,
  IntegrityError,
  MessageTooLargeError,
  NoLocalCandidatesError,
  PeerConnection,
  PerfectNegotiation,
  ReceiveBufferFullError,
  RtpReceiver,
  RtpSender,
  RtpTransceiver,
  StatsReport,
  WebRtcError,
  isKnownStats,
  liveListenerCount,
  statsRates,
  wasmMemoryBytes,
  type CandidatePairStats,
  type DataChannelEventMap,
  type DtmfSenderEventMap,
  type FileInfo,
  type JsonValue,
  type ReceiveFileOptions,
  type SendFileOptions,
  type TransferProgress,
  type RtpHeaderExtension,
  type TransceiverInit,
  type TrackEvent,
  type DataChannelInit,
  type IceCandidateError,
  type IceRestartPolicy,
  type InboundRtpStats,
  type KnownStats,
  type ListenOptions,
  type Message,
  type NegotiationEvent,
  type NegotiationEventMap,
  type NegotiationOptions,
  type PeerConnectionEventMap,
  type SendData,
  type Signal,
  type SelectedCandidatePair,
  type SignalingTransport,
  type Stats,
  type StatsOfType,
  type StatsRates,
  type StatsType,
  type Unsubscribe,
  type WaitOptions,
} from "webrtc-wasm";
import * as slim from "webrtc-wasm/slim";

// Both entries export the same classes.
const samePeerConnection: typeof PeerConnection = slim.PeerConnection;
const sameDataChannel: typeof DataChannel = slim.DataChannel;
const sameNegotiation: typeof PerfectNegotiation = slim.PerfectNegotiation;

export async function loading(url: URL, response: Response, bytes: ArrayBuffer, module: WebAssembly.Module): Promise<void> {
  await slim.init();
  await slim.init(url);
  await slim.init(url.href);
  await slim.init(response);
  await slim.init(fetch(url));
  await slim.init(bytes);
  await slim.init(new Uint8Array(bytes));
  await slim.init(module);
  slim.initSync(bytes);
  slim.initSync(module);
  const input: slim.InitInput = url;
  await slim.init(input);
}

export async function peerConnection(signal: AbortSignal): Promise<void> {
  const algorithm: EcKeyGenParams = { name: "ECDSA", namedCurve: "P-256" };
  const certificate: RTCCertificate = await PeerConnection.generateCertificate(algorithm);
  await PeerConnection.generateCertificate("Ed25519");
  const pc = new PeerConnection({ iceServers: [{ urls: "stun:stun.example:3478" }], certificates: [certificate] });
  const plain = new PeerConnection();
  const configuration: RTCConfiguration = pc.getConfiguration();
  pc.setConfiguration({ ...configuration, iceTransportPolicy: "relay" });

  const offer: RTCSessionDescriptionInit = await pc.createOffer();
  await pc.createOffer({ iceRestart: true });
  const applied: RTCSessionDescriptionInit = await pc.setLocalDescription(offer);
  await pc.setLocalDescription();
  await plain.setRemoteDescription(applied);
  const answer: RTCSessionDescriptionInit = await plain.createAnswer();
  await pc.setRemoteDescription(answer);
  await pc.setRemoteDescription({ type: "rollback" });
  await pc.addIceCandidate({ candidate: "candidate:1 1 udp 1 127.0.0.1 9 typ host", sdpMid: "0" });
  await pc.addIceCandidate(null);
  await pc.addIceCandidate();
  pc.restartIce();
  await pc.connected();
  await pc.connected({ signal });
  await pc.iceGatheringComplete();
  await pc.iceGatheringComplete({ signal });

  const connectionState: RTCPeerConnectionState = pc.connectionState;
  const iceConnectionState: RTCIceConnectionState = pc.iceConnectionState;
  const iceGatheringState: RTCIceGatheringState = pc.iceGatheringState;
  const signalingState: RTCSignalingState = pc.signalingState;
  const descriptions: (RTCSessionDescriptionInit | null)[] = [
    pc.localDescription,
    pc.remoteDescription,
    pc.currentLocalDescription,
    pc.pendingLocalDescription,
    pc.currentRemoteDescription,
    pc.pendingRemoteDescription,
  ];
  const trickle: boolean | null = pc.canTrickleIceCandidates;
  const sctp: RTCSctpTransport | null = pc.sctp;
  const dtls: RTCDtlsTransport | undefined = sctp?.transport;
  const ice: RTCIceTransport | undefined = dtls?.iceTransport;
  const raw: RTCPeerConnection = pc.raw;
  void [connectionState, iceConnectionState, iceGatheringState, signalingState, descriptions, trickle, ice, raw];

  const options: ListenOptions = { signal, once: true };
  const unsubscribers: Unsubscribe[] = [
    pc.on("connectionstatechange", (state: RTCPeerConnectionState) => void state),
    pc.on("iceconnectionstatechange", (state: RTCIceConnectionState) => void state),
    pc.on("icegatheringstatechange", (state: RTCIceGatheringState) => void state),
    pc.on("signalingstatechange", (state: RTCSignalingState) => void state),
    pc.on("icecandidate", (candidate: RTCIceCandidateInit | null) => void plain.addIceCandidate(candidate)),
    pc.on("icecandidateerror", (error: IceCandidateError) => {
      const fields: [string | null, number | null, string, number, string] = [
        error.address,
        error.port,
        error.url,
        error.errorCode,
        error.errorText,
      ];
      void fields;
    }),
    pc.on("negotiationneeded", (nothing: undefined) => void nothing, options),
    pc.on("datachannel", (channel: DataChannel) => void channel.label),
    pc.on("track", (event: TrackEvent) => {
      const track: MediaStreamTrack = event.track;
      const streams: readonly MediaStream[] = event.streams;
      const receiver: RtpReceiver = event.receiver;
      const transceiver: RtpTransceiver = event.transceiver;
      void [track, streams, receiver, transceiver];
    }),
    // A listener that ignores its argument fits every event.
    pc.on("negotiationneeded", () => {}),
  ];
  for (const unsubscribe of unsubscribers) unsubscribe();

  for await (const state of pc.events("connectionstatechange", { signal })) {
    const typed: RTCPeerConnectionState = state;
    void typed;
  }
  for await (const candidate of pc.iceCandidates()) {
    const typed: RTCIceCandidateInit | null = candidate;
    void typed;
  }
  for await (const channel of pc.dataChannels({ signal })) {
    const typed: DataChannel = channel;
    void typed;
    break;
  }
  const eventMapEntry: PeerConnectionEventMap["icecandidate"] = null;
  void eventMapEntry;

  pc.close();
  pc.close();
  plain.close();
}

export async function dataChannel(pc: PeerConnection, signal: AbortSignal, blob: Blob): Promise<void> {
  const inits: DataChannelInit[] = [
    {},
    { ordered: false, maxRetransmits: 0 },
    { ordered: false, maxPacketLifeTime: 500 },
    { protocol: "chat", priority: "high" },
    { negotiated: true, id: 0 },
  ];
  const channel: DataChannel = pc.createDataChannel("chat", inits[1]);
  pc.createDataChannel("plain");

  const raw: RTCDataChannel = channel.raw;
  const label: string = channel.label;
  const ordered: boolean = channel.ordered;
  const maxRetransmits: number | null = channel.maxRetransmits;
  const maxPacketLifeTime: number | null = channel.maxPacketLifeTime;
  const protocol: string = channel.protocol;
  const negotiated: boolean = channel.negotiated;
  const id: number | null = channel.id;
  const priority: RTCPriorityType = channel.priority;
  const readyState: RTCDataChannelState = channel.readyState;
  const bufferedAmount: number = channel.bufferedAmount;
  const maxMessageSize: number = channel.maxMessageSize;
  const highWatermark: number = channel.highWatermark;
  const lowWatermark: number = channel.lowWatermark;
  const unreadBytes: number = channel.unreadBytes;
  void [raw, label, ordered, maxRetransmits, maxPacketLifeTime, protocol, negotiated, id, priority, readyState];
  void [bufferedAmount, maxMessageSize, highWatermark, lowWatermark, unreadBytes];
  channel.bufferedAmountLowThreshold = channel.bufferedAmountLowThreshold + 1;
  channel.setWatermarks(1 << 20, 1 << 18);
  channel.receiveLimit = channel.receiveLimit * 2;

  await channel.opened;
  const data: SendData[] = ["text", new ArrayBuffer(8), new Uint8Array(8), new DataView(new ArrayBuffer(8)), blob];
  for (const item of data) await channel.send(item);
  await channel.send("with a signal", { signal });
  channel.trySend("text");
  channel.trySend(new ArrayBuffer(8));
  channel.trySend(new Float32Array(2));
  await channel.flush();
  await channel.flush({ signal });

  const received: Message = await channel.receive();
  await channel.receive({ signal });
  if (typeof received === "string") {
    const text: string = received;
    void text;
  } else {
    const bytes: Uint8Array = received;
    void bytes;
  }
  for await (const message of channel) {
    const typed: Message = message;
    void typed;
    break;
  }
  for await (const message of channel.messages({ signal })) {
    const typed: Message = message;
    void typed;
    break;
  }
  const iterator: AsyncIterator<Message> = channel[Symbol.asyncIterator]();
  void iterator;
  const readable: ReadableStream<Message> = channel.readable;
  const writable: WritableStream<SendData> = channel.writable;
  await blob.stream().pipeTo(writable, { signal });
  const reader = readable.getReader();
  const chunk: ReadableStreamReadResult<Message> = await reader.read();
  void chunk;

  const unsubscribers: Unsubscribe[] = [
    channel.on("open", (nothing: undefined) => void nothing),
    channel.on("closing", () => {}),
    channel.on("close", () => {}, { once: true }),
    channel.on("error", (error: Error) => void error.message),
    channel.on("message", (message: Message) => void message),
    channel.on("bufferedamountlow", () => {}, { signal }),
  ];
  for (const unsubscribe of unsubscribers) unsubscribe();
  const eventMapEntry: DataChannelEventMap["message"] = "text";
  void eventMapEntry;

  channel.close();
  await channel.closed;
}

export async function negotiation(pc: PeerConnection, socket: WebSocket, signal: AbortSignal): Promise<void> {
  const outgoing: Signal[] = [];
  const incoming: AsyncIterable<Signal | string> = (async function* () {
    yield { description: { type: "offer", sdp: "" } } satisfies Signal;
    yield { candidate: null } satisfies Signal;
    yield '{"candidate":null}';
  })();
  const iterated: SignalingTransport = { send: (s) => void outgoing.push(s), signals: incoming };
  const subscribed: SignalingTransport = {
    send: async (s: Signal) => socket.send(JSON.stringify(s)),
    subscribe: (deliver: (signal: Signal | string) => void) => {
      const listener = (event: MessageEvent<string>) => deliver(event.data);
      socket.addEventListener("message", listener);
      return () => socket.removeEventListener("message", listener);
    },
  };
  const policy: IceRestartPolicy = { graceMs: 1000, maxAttempts: 3, backoffMs: 500, maxBackoffMs: 8000, connectTimeoutMs: 10_000 };
  const polite: NegotiationOptions = { polite: true, iceRestart: policy };
  const impolite: NegotiationOptions = { polite: false, iceRestart: false };

  const started: PerfectNegotiation = PerfectNegotiation.start(pc, iterated, polite);
  const negotiated: PerfectNegotiation = pc.negotiate(subscribed, impolite);
  const overWebSocket: PerfectNegotiation = await PerfectNegotiation.overWebSocket(pc, "ws://127.0.0.1:1/room", { polite: true, signal });
  const overBroadcastChannel: PerfectNegotiation = PerfectNegotiation.overBroadcastChannel(pc, "room", { polite: false });

  const running: boolean = started.running;
  void running;
  const unsubscribers: Unsubscribe[] = [
    started.on("ignoredoffer", (nothing: undefined) => void nothing),
    started.on("rollback", () => {}),
    started.on("icerestart", (event: { readonly attempt: number }) => void event.attempt),
    started.on("icerestartgaveup", () => {}, { once: true }),
    started.on("badsignal", (error: Error) => void error.message),
    started.on("error", (error: Error) => void error.message, { signal }),
  ];
  for (const unsubscribe of unsubscribers) unsubscribe();
  const eventMapEntry: NegotiationEventMap["icerestart"] = { attempt: 1 };
  void eventMapEntry;
  for await (const event of started.events({ signal })) {
    const typed: NegotiationEvent = event;
    switch (event.type) {
      case "icerestart":
        void (event.attempt satisfies number);
        break;
      case "badsignal":
      case "error":
        void (event.error satisfies Error);
        break;
      default:
        void typed;
    }
  }
  for (const n of [started, negotiated, overWebSocket, overBroadcastChannel]) n.stop();
}

export function errors(error: unknown): string {
  const count: number = liveListenerCount();
  void count;
  const base: WebRtcError = new ClosedError("closed");
  void base;
  if (error instanceof MessageTooLargeError) return `${error.name}: ${error.size} > ${error.max}`;
  if (error instanceof ReceiveBufferFullError) return `${error.name}: over ${error.limit}`;
  const classes: (typeof WebRtcError)[] = [ClosedError, FullError, ConnectionFailedError, NoLocalCandidatesError, DecodeError];
  for (const cls of classes) {
    if (error instanceof cls) return error.name;
  }
  if (error instanceof WebRtcError) return error.message;
  if (error instanceof DOMException) return error.name;
  return String(error);
}

export const waitOptions: WaitOptions = {};
void [samePeerConnection, sameDataChannel, sameNegotiation];

export async function stats(pc: PeerConnection, track: MediaStreamTrack): Promise<number> {
  const report: StatsReport = await pc.getStats();
  const ofTrack: StatsReport = await pc.getStats(track);
  const inbound: InboundRtpStats[] = report.ofType("inbound-rtp");
  const frames: number | undefined = inbound[0]?.framesDecoded;
  const kind: "audio" | "video" | (string & {}) | undefined = inbound[0]?.kind;
  const pairs: StatsOfType<"candidate-pair">[] = report.ofType("candidate-pair");
  const pair: CandidatePairStats | undefined = pairs[0];
  const selected: SelectedCandidatePair | null = report.selectedCandidatePair();
  const relayed: boolean | undefined = selected?.relayed;
  const protocol: string | null | undefined = selected?.relayProtocol;
  const one: Stats | undefined = report.get("id");
  if (one !== undefined && isKnownStats(one)) {
    const known: KnownStats = one;
    const type: StatsType = known.type;
    if (known.type === "media-source" && known.kind === "video") {
      const width: number | undefined = known.width;
      void width;
    }
    void type;
  }
  for (const s of report) {
    const id: string = s.id;
    const at: number = s.timestamp;
    void [id, at];
  }
  let rates: StatsRates | undefined;
  for await (const later of pc.statsEvery(1000, { signal: AbortSignal.timeout(5000) })) {
    rates = statsRates(report, later);
    break;
  }
  const bitrate: number | undefined = rates?.bitrateIn;
  void [ofTrack, frames, kind, pair, relayed, protocol, bitrate, new StatsReport([...report])];
  return report.size + report.timestamp;
}

export async function media(pc: PeerConnection, track: MediaStreamTrack, stream: MediaStream): Promise<void> {
  const sender: RtpSender = pc.addTrack(track, stream);
  const init: TransceiverInit = { direction: "sendonly", streams: [stream], sendEncodings: [{ maxBitrate: 500_000 }] };
  const transceiver: RtpTransceiver = pc.addTransceiver("video", init);
  const byTrack: RtpTransceiver = pc.addTransceiver(track);
  const all: RtpTransceiver[] = pc.getTransceivers();
  const senders: RtpSender[] = pc.getSenders();
  const receivers: RtpReceiver[] = pc.getReceivers();
  pc.removeTrack(sender);
  const mid: string | null = transceiver.mid;
  const current: RTCRtpTransceiverDirection | null = transceiver.currentDirection;
  transceiver.direction = "recvonly";
  const capabilities: RTCRtpCapabilities | null = RtpReceiver.getCapabilities("video");
  transceiver.setCodecPreferences(capabilities?.codecs ?? []);
  const extensions: RtpHeaderExtension[] = transceiver.getHeaderExtensionsToNegotiate();
  transceiver.setHeaderExtensionsToNegotiate(extensions);
  const negotiated: RtpHeaderExtension[] = transceiver.getNegotiatedHeaderExtensions();
  const sent: MediaStreamTrack | null = transceiver.sender.track;
  await sender.replaceTrack(null);
  const parameters: RTCRtpSendParameters = sender.getParameters();
  await sender.setParameters(parameters);
  sender.setStreams(stream);
  const transport: RTCDtlsTransport | null = sender.transport;
  const sendable: RTCRtpCapabilities | null = RtpSender.getCapabilities("audio");
  const sendStats: StatsReport = await sender.getStats();
  const receiver: RtpReceiver = transceiver.receiver;
  const received: MediaStreamTrack = receiver.track;
  receiver.jitterBufferTarget = 200;
  const target: number | null = receiver.jitterBufferTarget;
  const sources: RTCRtpSynchronizationSource[] = receiver.getSynchronizationSources();
  const contributing: RTCRtpContributingSource[] = receiver.getContributingSources();
  const receiveParameters: RTCRtpReceiveParameters = receiver.getParameters();
  const receiveStats: StatsReport = await receiver.getStats();
  const worker = new Worker("transform.js");
  sender.setTransform(worker, { side: "send" });
  sender.clearTransform();
  receiver.setTransform(worker);
  receiver.clearTransform();
  const dtmf: DtmfSender | null = sender.dtmf;
  if (dtmf !== null) {
    dtmf.insertDTMF("123#", 100, 70);
    const buffer: string = dtmf.toneBuffer;
    const can: boolean | null = dtmf.canInsertDTMF;
    const off: Unsubscribe = dtmf.on("tonechange", (tone: string) => void tone, { once: true });
    for await (const tone of dtmf.events("tonechange")) {
      const t: DtmfSenderEventMap["tonechange"] = tone;
      void t;
    }
    void [buffer, can, off];
  }
  pc.on("track", (event: TrackEvent) => {
    const r: RtpReceiver = event.receiver;
    const t: RtpTransceiver = event.transceiver;
    const s: readonly MediaStream[] = event.streams;
    void [r, t, s];
  });
  const raw: [RTCRtpSender, RTCRtpReceiver, RTCRtpTransceiver] = [sender.raw, receiver.raw, transceiver.raw];
  void [byTrack, all, senders, receivers, mid, current, negotiated, sent, transport, sendable, sendStats, received];
  void [target, sources, contributing, receiveParameters, receiveStats, raw];
}

export async function files(pc: PeerConnection, file: File, stream: ReadableStream<Uint8Array>): Promise<void> {
  const onProgress = (progress: TransferProgress) => {
    const total: number | null = progress.total;
    void [progress.bytes, progress.bytesPerSecond, total];
  };
  const metadata: JsonValue = { album: "x", tags: ["a"], n: 1, ok: true, none: null };
  const options: SendFileOptions = { metadata, onProgress, signal: AbortSignal.timeout(60_000) };
  await pc.sendFile(file, options);
  await pc.sendFile(stream, { name: "live", type: "video/webm", size: 1000 });
  await pc.sendFile(new Uint8Array(10));
  await pc.sendFile(new ArrayBuffer(10), { name: "bytes" });
  const protocol: string = FILE_PROTOCOL;
  for await (const incoming of pc.incomingFiles({ signal: AbortSignal.timeout(60_000) })) {
    const info: FileInfo = incoming.info;
    const size: number | null = info.size;
    const meta: JsonValue = info.metadata;
    if (info.name.endsWith(".exe")) {
      await incoming.reject("no executables");
      continue;
    }
    const receive: ReceiveFileOptions = { onProgress };
    const readable: ReadableStream<Uint8Array> = incoming.accept(receive);
    const again: ReadableStream<Uint8Array> = incoming.readable;
    const blob: Blob = await incoming.blob();
    const progress: TransferProgress = incoming.progress;
    incoming.cancel("enough");
    const checked: boolean = new IntegrityError("x") instanceof Error;
    const typed: IncomingFile = incoming;
    void [protocol, size, meta, readable, again, blob, progress, checked, typed];
  }
}

export const memoryBytes: number = wasmMemoryBytes();
