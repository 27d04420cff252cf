// The npm package's side of the "JS API" cases: its PeerConnection and
// DataChannel classes (the built package, pkg/, which bench/run.mjs serves
// at ./npm/), used as its README shows: `await channel.send()` on one side
// and `for await (const message of channel)` on the other, doing what the
// matching export of raw.js does with the browser's objects.
//
// The package is imported through its default entry, which instantiates its
// own wasm module; it is loaded on first use, so that the other cases run
// without it.
let loaded;
const load = () => (loaded ??= import("./npm/dist/index.js"));

// Two peers in this page with an open data channel from `a` to `b`;
// `setup(a)` runs before the offer.
async function connect(setup = () => {}) {
  const { PeerConnection } = await load();
  const a = new PeerConnection();
  const b = new PeerConnection();
  setup(a);
  // After a close the browser rejects: nothing to do then.
  a.on("icecandidate", (candidate) => b.addIceCandidate(candidate).catch(() => {}));
  b.on("icecandidate", (candidate) => a.addIceCandidate(candidate).catch(() => {}));
  const announced = new Promise((resolve) => b.on("datachannel", resolve, { once: true }));
  const channel = a.createDataChannel("bench");
  const offer = await a.createOffer();
  await a.setLocalDescription(offer);
  await b.setRemoteDescription(offer);
  const answer = await b.createAnswer();
  await b.setLocalDescription(answer);
  await a.setRemoteDescription(answer);
  const remote = await announced;
  await Promise.all([channel.opened, remote.opened]);
  return { a, b, channel, remote };
}

function close(pair) {
  pair.a.close();
  pair.b.close();
}

// `count` messages of `size` bytes one way; milliseconds until all arrived.
async function oneWay(count, size) {
  const pair = await connect();
  try {
    const payload = new Uint8Array(size);
    for (let i = 0; i < size; i++) payload[i] = i & 255;
    const total = count * size;
    const received = (async () => {
      let bytes = 0;
      let seen = 0;
      for await (const message of pair.remote) {
        if (typeof message === "string") throw new Error("a binary message arrived as text");
        bytes += message.byteLength;
        seen += 1;
        if (bytes >= total && seen >= count) return;
      }
      throw new Error(`the channel closed after ${seen} of ${count} messages`);
    })();
    const start = performance.now();
    // The send promise waits while the queue is above the high watermark.
    const sent = (async () => {
      const channel = pair.channel;
      for (let i = 0; i < count; i++) await channel.send(payload);
    })();
    await Promise.all([sent, received]);
    return performance.now() - start;
  } finally {
    close(pair);
  }
}

export async function bulk(total, chunk) {
  return oneWay(Math.ceil(total / chunk), chunk);
}

export async function messages(count, size) {
  return oneWay(count, size);
}

// `a.sendFile(blob)` and `b` reading the accepted file's stream (the
// library's transfer: header, window, content hash on both sides). Milliseconds
// until the sender hears that the receiver checked the whole file.
export async function sendBlob(blob) {
  const pair = await connect();
  try {
    const files = pair.b.incomingFiles();
    const start = performance.now();
    const received = (async () => {
      const { value: file } = await files.next();
      await files.return();
      let bytes = 0;
      for await (const chunk of file.readable) bytes += chunk.length;
      if (bytes !== blob.size) throw new Error(`${bytes} of ${blob.size} bytes arrived`);
    })();
    await Promise.all([pair.a.sendFile(blob), received]);
    return performance.now() - start;
  } finally {
    close(pair);
  }
}

// A call between two peers in this page: `a` sends a canvas's video and an
// oscillator's audio next to the data channel, so that its report holds
// every kind of stats object. `close()` ends it.
export async function statsCall() {
  const canvas = Object.assign(document.createElement("canvas"), { width: 320, height: 240 });
  const context = canvas.getContext("2d");
  let frame = 0;
  const painter = setInterval(() => {
    context.fillStyle = `hsl(${(frame += 7) % 360} 80% 50%)`;
    context.fillRect(0, 0, canvas.width, canvas.height);
  }, 33);
  const audio = new AudioContext();
  const oscillator = audio.createOscillator();
  const destination = audio.createMediaStreamDestination();
  oscillator.connect(destination);
  oscillator.start();
  const tracks = [...canvas.captureStream(30).getVideoTracks(), ...destination.stream.getAudioTracks()];
  const pair = await connect((a) => {
    for (const track of tracks) a.raw.addTrack(track);
  });
  return {
    pc: pair.a,
    close() {
      clearInterval(painter);
      for (const track of tracks) track.stop();
      oscillator.stop();
      audio.close();
      close(pair);
    },
  };
}

// Milliseconds to get `pc`'s typed report (PeerConnection.getStats) and read
// every member of every stats object, and how many objects it held
// (`[ms, count]`), as raw.js's stats() does with the browser's report.
export async function stats(pc) {
  const start = performance.now();
  const report = await pc.getStats();
  let count = 0;
  let members = 0;
  for (const stat of report) {
    count += 1;
    for (const key in stat) {
      if (stat[key] !== undefined) members += 1;
    }
  }
  const elapsed = performance.now() - start;
  return [elapsed, count, members];
}
