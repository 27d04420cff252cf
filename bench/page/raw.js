// The raw-JavaScript side of `npm run bench`: the browser's WebRTC objects
// used directly, written the way a careful engineer would, doing exactly
// what the matching export of bench/src/lib.rs does through webrtc-wasm.

// The same watermarks as the library's defaults (1 MiB / 256 KiB).
const HIGH_WATERMARK = 1024 * 1024;
export const LOW_WATERMARK = 256 * 1024;

export const once = (target, type) =>
  new Promise((resolve) => target.addEventListener(type, resolve, { once: true }));

/** Resolves once `pc` has gathered its candidates. */
export function gathered(pc) {
  return pc.iceGatheringState === "complete"
    ? Promise.resolve()
    : new Promise((resolve) =>
        pc.addEventListener("icegatheringstatechange", () => pc.iceGatheringState === "complete" && resolve()),
      );
}

/**
 * The best-practice loop for a file: `blob.stream()` cut into messages of
 * the negotiated maximum size (at most 256 KiB), each sent once the queue
 * has room below the high watermark (`bufferedamountlow`).
 */
export async function sendBlobOn(channel, maxMessageSize, blob) {
  const chunk = Math.min(maxMessageSize, 256 * 1024);
  const reader = blob.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    for (let at = 0; at < value.length; at += chunk) {
      const piece = value.subarray(at, at + chunk);
      const queued = channel.bufferedAmount;
      if (queued > 0 && queued + piece.length > HIGH_WATERMARK) await once(channel, "bufferedamountlow");
      channel.send(piece);
    }
  }
}

// Two peers in this page with an open data channel from `a` to `b`.
async function connect() {
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  // After a close the browser rejects: nothing to do then.
  a.onicecandidate = (e) => b.addIceCandidate(e.candidate).catch(() => {});
  b.onicecandidate = (e) => a.addIceCandidate(e.candidate).catch(() => {});
  const announced = once(b, "datachannel");
  const channel = a.createDataChannel("bench");
  channel.binaryType = "arraybuffer";
  channel.bufferedAmountLowThreshold = LOW_WATERMARK;
  await negotiate(a, b);
  const remote = async () => {
    const { channel: remote } = await announced;
    remote.binaryType = "arraybuffer";
    remote.bufferedAmountLowThreshold = LOW_WATERMARK;
    if (remote.readyState !== "open") await once(remote, "open");
    return remote;
  };
  const local = channel.readyState === "open" ? undefined : once(channel, "open");
  const [, remoteChannel] = await Promise.all([local, remote()]);
  return { a, b, channel, remote: remoteChannel };
}

async function negotiate(a, b) {
  const offer = await a.createOffer();
  await a.setLocalDescription(offer);
  await b.setRemoteDescription(offer);
  const answer = await b.createAnswer();
  await b.setLocalDescription(answer);
  await a.setRemoteDescription(answer);
}

function close(pair) {
  pair.a.close();
  pair.b.close();
}

// Gives both connections to `track` (the page's probe of those not yet
// collected), when given, then closes them.
function closeTracked(pair, track) {
  track?.(pair.a);
  track?.(pair.b);
  close(pair);
}

// `count` messages of `size` bytes one way; milliseconds until all arrived.
async function oneWay(count, size) {
  const pair = await connect();
  const payload = new Uint8Array(size);
  for (let i = 0; i < size; i++) payload[i] = i & 255;
  const total = count * size;
  let bytes = 0;
  let seen = 0;
  const received = new Promise((resolve) => {
    pair.remote.onmessage = (e) => {
      bytes += e.data.byteLength;
      seen += 1;
      if (bytes >= total && seen >= count) resolve();
    };
  });
  const start = performance.now();
  // The `bufferedamountlow` loop: send while the queue stays under the high
  // watermark, otherwise wait until it drains to the low one.
  const channel = pair.channel;
  for (let i = 0; i < count; i++) {
    const queued = channel.bufferedAmount;
    if (queued > 0 && queued + size > HIGH_WATERMARK) await once(channel, "bufferedamountlow");
    channel.send(payload);
  }
  await received;
  const elapsed = performance.now() - start;
  close(pair);
  return elapsed;
}

export async function bulk(total, chunk) {
  return oneWay(Math.ceil(total / chunk), chunk);
}

export async function messages(count, size) {
  return oneWay(count, size);
}

// Sends `blob` from `a` to `b` the best-practice raw way: its stream, cut
// into messages of the negotiated maximum (at most 256 KiB, as the
// library's transfer), with the `bufferedamountlow` loop. Milliseconds until
// `b` has every byte.
export async function sendBlob(blob) {
  const pair = await connect();
  try {
    const total = blob.size;
    let bytes = 0;
    const received = new Promise((resolve) => {
      pair.remote.onmessage = (e) => {
        bytes += e.data.byteLength;
        if (bytes >= total) resolve();
      };
    });
    const start = performance.now();
    await sendBlobOn(pair.channel, pair.a.sctp.maxMessageSize, blob);
    await received;
    return performance.now() - start;
  } finally {
    close(pair);
  }
}

// Two peers; `b` echoes every message. `ping()` resolves to one round
// trip's milliseconds.
export async function pingPong(size) {
  const pair = await connect();
  pair.remote.onmessage = (e) => pair.remote.send(e.data);
  const ping = new Uint8Array(size).fill(7);
  let reply;
  pair.channel.onmessage = () => reply();
  return {
    async ping() {
      const replied = new Promise((resolve) => (reply = resolve));
      const start = performance.now();
      pair.channel.send(ping);
      await replied;
      return performance.now() - start;
    },
    close: () => close(pair),
  };
}

export async function setup(track) {
  const start = performance.now();
  const pair = await connect();
  const elapsed = performance.now() - start;
  closeTracked(pair, track);
  return elapsed;
}

// Milliseconds to obtain `pc`'s report and read every member of every
// stats object, and how many objects it held (`[ms, count]`).
export async function stats(pc) {
  const start = performance.now();
  const report = await pc.getStats();
  let count = 0;
  let members = 0;
  for (const stat of report.values()) {
    count += 1;
    for (const key in stat) {
      if (stat[key] !== undefined) members += 1;
    }
  }
  const elapsed = performance.now() - start;
  return [elapsed, count, members];
}

// Milliseconds to obtain `pc`'s report and read what a call's stats panel
// shows each second: the selected pair's round-trip time and path (the
// transport's selectedCandidatePairId, else the pair Firefox flags
// selected), and the inbound video's frames decoded.
export async function lookup(pc) {
  const start = performance.now();
  const report = await pc.getStats();
  let pair;
  let flagged;
  let frames = -1;
  for (const stats of report.values()) {
    if (stats.type === "transport" && stats.selectedCandidatePairId) pair = report.get(stats.selectedCandidatePairId);
    else if (stats.type === "candidate-pair" && stats.selected) flagged = stats;
    else if (stats.type === "inbound-rtp" && stats.kind === "video" && stats.framesDecoded !== undefined) frames = stats.framesDecoded;
  }
  pair ??= flagged;
  const local = pair && report.get(pair.localCandidateId);
  const remote = pair && report.get(pair.remoteCandidateId);
  const rtt = pair?.currentRoundTripTime ?? -1;
  const relayed = local?.candidateType === "relay" || remote?.candidateType === "relay";
  const elapsed = performance.now() - start;
  return [elapsed, rtt, frames, relayed ? 1 : 0];
}

// Scale: `n` connection pairs set up at once; milliseconds until the channel
// of every pair is open at both ends. Then all close.
// `track` is given every browser connection (the page's probe of those not
// yet collected).
export async function setupMany(n, track) {
  const start = performance.now();
  const pairs = await Promise.all(Array.from({ length: n }, () => connect()));
  const elapsed = performance.now() - start;
  for (const pair of pairs) closeTracked(pair, track);
  return elapsed;
}

// Scale: many channels on one connection. `open(n)` opens `n` more channels
// from `a`, sends one message each way on each, and resolves to the
// milliseconds until every reply arrived; they stay open until `close()`.
export async function channels() {
  const pair = await connect();
  const open = [];
  return {
    async open(n) {
      const start = performance.now();
      const remotes = new Promise((resolve) => {
        let echoed = 0;
        pair.b.ondatachannel = ({ channel }) => {
          channel.binaryType = "arraybuffer";
          open.push(channel);
          channel.onmessage = (e) => {
            channel.send(e.data);
            echoed += 1;
            if (echoed === n) resolve();
          };
        };
      });
      const replies = Array.from({ length: n }, (_, i) => {
        const channel = pair.a.createDataChannel(`c${i}`);
        channel.binaryType = "arraybuffer";
        open.push(channel);
        return new Promise((resolve) => {
          channel.onopen = () => channel.send("a");
          channel.onmessage = resolve;
        });
      });
      await Promise.all([remotes, ...replies]);
      return performance.now() - start;
    },
    close() {
      open.length = 0;
      close(pair);
    },
  };
}

// Scale: `perSecond` messages a second for `seconds` seconds, spread
// round-robin over `count` channels of one connection (in ticks of 10 ms).
// Resolves to every message's one-way delay in milliseconds (each carries
// its send time).
export async function spread(count, perSecond, seconds) {
  const pair = await connect();
  const set = await channelsOf(pair, count);
  const ticks = seconds * 100;
  const perTick = Math.max(1, Math.floor(perSecond / 100));
  const total = ticks * perTick;
  const delays = [];
  const allIn = new Promise((resolve) => {
    for (const [, remote] of set) {
      remote.onmessage = (e) => {
        delays.push(performance.now() - new Float64Array(e.data)[0]);
        if (delays.length === total) resolve();
      };
    }
  });
  const start = performance.now();
  let next = 0;
  for (let tick = 0; tick < ticks; tick++) {
    const wait = start + tick * 10 - performance.now();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
    for (let i = 0; i < perTick; i++) {
      set[next % set.length][0].send(new Float64Array([performance.now()]));
      next += 1;
    }
  }
  await allIn;
  close(pair);
  return delays;
}

// `count` open channels from `a` to `b`, as [local, remote] pairs.
async function channelsOf(pair, count) {
  const remotes = new Promise((resolve) => {
    const list = [];
    pair.b.ondatachannel = async ({ channel }) => {
      channel.binaryType = "arraybuffer";
      if (channel.readyState !== "open") await once(channel, "open");
      list.push(channel);
      if (list.length === count) resolve(list);
    };
  });
  const locals = Array.from({ length: count }, (_, i) => pair.a.createDataChannel(`c${i}`));
  await Promise.all(locals.map((c) => (c.readyState === "open" ? undefined : once(c, "open"))));
  const byLabel = new Map((await remotes).map((r) => [r.label, r]));
  return locals.map((local) => [local, byLabel.get(local.label)]);
}
