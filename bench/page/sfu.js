// The SFU case: N participants of this page join a fresh Janus VideoRoom
// (the test Janus, through the bench server's /janus relay), each publishing
// a generated video and subscribing to every other; the time runs from the
// first join to every subscription connected with its track. The same flow
// runs on the npm package's PeerConnection ("ours") and on the browser's
// RTCPeerConnection ("raw"); www/janus.js speaks Janus for both.
import { generatedVideo } from "./www/generated-video.js";
import { JanusSession, janusCandidates } from "./www/janus.js";

const PLUGIN = "janus.plugin.videoroom";
let loaded;
const load = () => (loaded ??= import("./npm/dist/index.js"));

// What differs between the two sides: making a connection and hearing its
// events.
const sides = {
  ours: async () => {
    const { PeerConnection } = await load();
    return {
      create: () => new PeerConnection(),
      onCandidate: (pc, listener) => pc.on("icecandidate", listener),
      onTrack: (pc, listener) => pc.on("track", ({ track }) => listener(track)),
      connected: (pc) => pc.connected(),
    };
  },
  raw: async () => ({
    create: () => new RTCPeerConnection(),
    onCandidate: (pc, listener) => pc.addEventListener("icecandidate", (e) => listener(e.candidate ? e.candidate.toJSON() : null)),
    onTrack: (pc, listener) => pc.addEventListener("track", (e) => listener(e.track)),
    connected: (pc) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (pc.connectionState === "connected") resolve();
          else if (pc.connectionState === "failed" || pc.connectionState === "closed") reject(new Error(`connection ${pc.connectionState}`));
        };
        pc.addEventListener("connectionstatechange", check);
        check();
      }),
  }),
};

async function publish(side, session, room, stream) {
  const pc = side.create();
  const candidates = janusCandidates(pc, (error) => console.warn(`Janus's candidate: ${error}`));
  const handle = await session.attach(PLUGIN, (message) => candidates.take(message));
  side.onCandidate(pc, (candidate) => handle.trickle(candidate).catch((error) => console.warn(`trickle: ${error}`)));
  const joined = await handle.message({ request: "join", ptype: "publisher", room });
  pc.addTransceiver(stream.getVideoTracks()[0], { direction: "sendonly", streams: [stream] });
  const offer = await pc.createOffer();
  await pc.setLocalDescription(offer);
  const published = await handle.message({ request: "publish" }, offer);
  await pc.setRemoteDescription(published.jsep);
  await candidates.ready();
  await Promise.all([side.connected(pc), candidates.up]);
  return { id: joined.data.id, pc, handle };
}

async function subscribe(side, session, room, feed) {
  const pc = side.create();
  const candidates = janusCandidates(pc, (error) => console.warn(`Janus's candidate: ${error}`));
  const track = new Promise((resolve) => side.onTrack(pc, resolve));
  const handle = await session.attach(PLUGIN, (message) => candidates.take(message));
  side.onCandidate(pc, (candidate) => handle.trickle(candidate).catch((error) => console.warn(`trickle: ${error}`)));
  const attached = await handle.message({ request: "join", ptype: "subscriber", room, streams: [{ feed }] });
  await pc.setRemoteDescription(attached.jsep);
  await candidates.ready();
  const answer = await pc.createAnswer();
  await pc.setLocalDescription(answer);
  await handle.message({ request: "start" }, answer);
  await Promise.all([side.connected(pc), track]);
  return { pc, handle };
}

// Generated videos for `n` participants (made once, shared by both sides).
export function videos(n) {
  return Array.from({ length: n }, (_, i) => generatedVideo({ label: String(i + 1), width: 320, height: 180, fps: 15, hue: i * 47 }));
}

// Sets up a room of `streams.length` participants on `which` side
// ("ours" or "raw"); returns the milliseconds it took and a `close()`.
// `track(connection)` is told of every browser connection made.
export async function room(which, streams, track = () => {}) {
  const made = await sides[which]();
  const side = {
    ...made,
    create: () => {
      const pc = made.create();
      track(pc.raw ?? pc);
      return pc;
    },
  };
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/janus`;
  const session = await JanusSession.connect(url);
  const admin = await session.attach(PLUGIN, () => {});
  const id = 1 + Math.floor(Math.random() * 1e12);
  await admin.message({ request: "create", room: id, publishers: streams.length + 1, videocodec: "vp8", bitrate: 0 });
  const start = performance.now();
  const publishers = await Promise.all(streams.map((stream) => publish(side, session, id, stream)));
  const subscribers = await Promise.all(
    publishers.flatMap((me) => publishers.filter((other) => other !== me).map((other) => subscribe(side, session, id, other.id))),
  );
  const ms = performance.now() - start;
  return {
    ms,
    close: () => {
      for (const { pc } of [...publishers, ...subscribers]) pc.close();
      session.close();
    },
  };
}

// The browser's CPU (all its processes, from the bench server's /cpu)
// over `ms` milliseconds of a running room, in percent of one core.
export async function browserCpu(ms) {
  const read = async () => (await (await fetch("/cpu")).json()).seconds;
  const start = performance.now();
  const before = await read();
  // A measurement window: the room runs meanwhile.
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = await read();
  return ((after - before) / ((performance.now() - start) / 1000)) * 100;
}
