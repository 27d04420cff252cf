// The demo's multi-party room through Janus's VideoRoom (?sfu=ROOM&n=N):
// N participants in this page, each publishing a generated video with three
// simulcast layers and subscribing to every other publisher of the room —
// those of this page and those of other tabs, browsers or machines that
// open the same room. The WebRTC side is the npm package's PeerConnection;
// www/janus.js speaks Janus's API, through the page's server (/janus).
import { PeerConnection } from "../pkg/dist/index.js";
import { generatedVideo } from "./generated-video.js";
import { JanusSession, janusCandidates } from "./janus.js";

const PLUGIN = "janus.plugin.videoroom";
const LAYERS = [
  { rid: "h", scaleResolutionDownBy: 1 },
  { rid: "m", scaleResolutionDownBy: 2 },
  { rid: "l", scaleResolutionDownBy: 4 },
];

function element(tag, text = "", className = "") {
  const node = document.createElement(tag);
  node.textContent = text;
  if (className) node.className = className;
  return node;
}

// Sends `pc`'s candidates to Janus until it closes.
async function trickleToJanus(pc, handle, log) {
  try {
    for await (const candidate of pc.iceCandidates()) await handle.trickle(candidate);
  } catch (error) {
    log(`trickle to Janus: ${error}`);
  }
}

// Layers listed high to low, as LAYERS has them.
const order = (rid) => LAYERS.findIndex((layer) => layer.rid === rid);

class Participant {
  constructor(session, room, name, hue, tile, log) {
    Object.assign(this, { session, room, name, tile, log });
    this.video = generatedVideo({ label: name, width: 640, height: 360, fps: 15, hue });
    this.subscriptions = new Map();
    this.layerRates = new Map();
  }

  #refused = (error) => this.log(`Janus's candidate refused: ${error}`);

  async join() {
    const tile = this.tile;
    tile.append(element("h3", this.name));
    const own = element("div", "", "own");
    own.append(this.video.canvas);
    this.video.canvas.setAttribute("aria-label", `${this.name}'s own picture`);
    this.grid = element("div", "", "feeds");
    this.layersList = element("ul", "", "layers");
    this.layersList.setAttribute("aria-label", `${this.name}'s layers sent`);
    tile.append(own, this.grid, this.layersList);

    this.pc = new PeerConnection();
    this.candidates = janusCandidates(this.pc, this.#refused);
    this.handle = await this.session.attach(PLUGIN, (message) => this.#onEvent(message));
    const joined = await this.handle.message({ request: "join", ptype: "publisher", room: this.room, display: this.name });
    this.id = joined.data.id;
    const track = this.video.stream.getVideoTracks()[0];
    this.pc.addTransceiver(track, { direction: "sendonly", streams: [this.video.stream], sendEncodings: LAYERS });
    trickleToJanus(this.pc, this.handle, this.log);
    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    const published = await this.handle.message({ request: "publish" }, offer);
    await this.pc.setRemoteDescription(published.jsep);
    await this.candidates.ready().catch(this.#refused);
    this.log(`${this.name}: publishing as ${this.id}`);
    for (const publisher of joined.data.publishers ?? []) this.#subscribe(publisher);
    this.#followLayers();
  }

  #onEvent(message) {
    if (this.candidates.take(message)) return;
    const data = message.plugindata?.data;
    if (data === undefined) return;
    for (const publisher of data.publishers ?? []) this.#subscribe(publisher);
    const gone = data.unpublished ?? data.leaving;
    if (gone !== undefined && gone !== "ok") this.#unsubscribe(gone);
  }

  async #subscribe(publisher) {
    if (this.subscriptions.has(publisher.id) || publisher.id === this.id) return;
    const pc = new PeerConnection();
    const figure = element("figure");
    const video = element("video");
    Object.assign(video, { autoplay: true, muted: true, playsInline: true });
    video.dataset.feed = String(publisher.id);
    figure.append(video, element("figcaption", publisher.display ?? String(publisher.id)));
    this.grid.append(figure);
    const subscription = { pc, figure, handle: null };
    this.subscriptions.set(publisher.id, subscription);
    pc.on("track", ({ track }) => {
      video.srcObject = new MediaStream([track]);
    });
    const candidates = janusCandidates(pc, this.#refused);
    try {
      subscription.handle = await this.session.attach(PLUGIN, (message) => candidates.take(message));
      trickleToJanus(pc, subscription.handle, this.log);
      const attached = await subscription.handle.message({
        request: "join",
        ptype: "subscriber",
        room: this.room,
        streams: [{ feed: publisher.id }],
      });
      await pc.setRemoteDescription(attached.jsep);
      await candidates.ready().catch(this.#refused);
      const answer = await pc.createAnswer();
      await pc.setLocalDescription(answer);
      await subscription.handle.message({ request: "start" }, answer);
      this.log(`${this.name}: receiving ${publisher.display ?? publisher.id}`);
    } catch (error) {
      this.log(`${this.name}: subscribing to ${publisher.id}: ${error}`);
    }
  }

  #unsubscribe(id) {
    const subscription = this.subscriptions.get(id);
    if (subscription === undefined) return;
    this.subscriptions.delete(id);
    subscription.pc.close();
    subscription.handle?.detach().catch((error) => this.log(`detach: ${error}`));
    subscription.figure.remove();
    this.log(`${this.name}: ${id} left`);
  }

  // The bitrate of each simulcast layer this participant sends, from the
  // outbound-rtp stats of each rid a second apart.
  async #followLayers() {
    this.abort = new AbortController();
    let previous = new Map();
    try {
      for await (const report of this.pc.statsEvery(1000, { signal: this.abort.signal })) {
        const now = new Map();
        this.layersList.replaceChildren();
        const layers = report.ofType("outbound-rtp").filter((s) => s.kind === "video").sort((a, b) => order(a.rid) - order(b.rid));
        for (const layer of layers) {
          const rid = layer.rid ?? "-";
          now.set(rid, { bytes: layer.bytesSent ?? 0, at: report.timestamp });
          const before = previous.get(rid);
          const kbps = before === undefined ? 0 : ((now.get(rid).bytes - before.bytes) * 8) / (report.timestamp - before.at);
          this.layerRates.set(rid, kbps);
          const size = layer.frameWidth ? `${layer.frameWidth}×${layer.frameHeight}` : "not sending";
          const limit = layer.qualityLimitationReason && layer.qualityLimitationReason !== "none" ? `, limited by ${layer.qualityLimitationReason}` : "";
          const item = element("li", `${rid}: ${kbps.toFixed(0)} kbit/s, ${size}${limit}`);
          item.dataset.rid = rid;
          item.dataset.kbps = kbps.toFixed(1);
          this.layersList.append(item);
        }
        previous = now;
      }
    } catch (error) {
      if (error?.name !== "AbortError") this.log(`${this.name}: stats: ${error}`);
    }
  }

  close() {
    this.abort?.abort();
    for (const id of [...this.subscriptions.keys()]) this.#unsubscribe(id);
    this.pc?.close();
    this.handle?.detach().catch((error) => this.log(`detach: ${error}`));
    this.video.stop();
  }
}

// A room id Janus takes (a number) from the name in the address.
export function roomNumber(name) {
  let hash = 7;
  for (const char of name) hash = (hash * 31 + char.codePointAt(0)) % 1_000_000_007;
  return hash + 1;
}

export async function room({ name, count, container, log }) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const session = await JanusSession.connect(`${scheme}://${location.host}/janus`);
  const number = roomNumber(name);
  const admin = await session.attach(PLUGIN, () => {});
  try {
    await admin.message({ request: "create", room: number, publishers: 16, videocodec: "vp8", bitrate: 0, fir_freq: 2 });
    log(`room ${name} created in Janus (${number})`);
  } catch (error) {
    // 427: the room exists (another tab or browser made it).
    if (!String(error.message).includes(" 427:")) throw error;
    log(`room ${name} joined (${number})`);
  }
  const participants = [];
  const tag = crypto.randomUUID().slice(0, 4);
  for (let i = 0; i < count; i++) {
    const tile = element("section", "", "participant");
    container.append(tile);
    const participant = new Participant(session, number, `${tag}-${i + 1}`, (i * 83 + tag.charCodeAt(0) * 7) % 360, tile, log);
    participants.push(participant);
    await participant.join();
  }
  return {
    participants,
    close: () => {
      participants.forEach((p) => p.close());
      session.close();
    },
  };
}
