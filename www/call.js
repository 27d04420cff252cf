// The call of one side: its camera and microphone (or a generated picture
// and tone), sent with addTrack; mute through replaceTrack (no
// renegotiation), camera off through the video transceiver's direction (the
// negotiation carries it to the other side); the codecs in use from the
// typed stats.

import { generatedVideo } from "./generated-video.js";

const $ = (id) => document.getElementById(id);

// A canvas animation and an oscillator: for machines without a camera or
// microphone, or a person who would rather not use them.
function generatedMedia(label) {
  const picture = generatedVideo({ label });
  const video = picture.track;
  const audioContext = new AudioContext();
  const oscillator = audioContext.createOscillator();
  oscillator.frequency.value = label === "A" ? 440 : 660;
  const gain = audioContext.createGain();
  gain.gain.value = 0.05;
  const destination = audioContext.createMediaStreamDestination();
  oscillator.connect(gain).connect(destination);
  oscillator.start();
  const audio = destination.stream.getAudioTracks()[0];
  return {
    stream: new MediaStream([audio, video]),
    source: "a generated picture and tone",
    stop() {
      picture.stop();
      oscillator.stop();
      audioContext.close();
    },
  };
}

async function localMedia(label, generated) {
  if (!generated && navigator.mediaDevices?.getUserMedia) {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
      return { stream, source: "the camera and microphone", stop() {} };
    } catch (error) {
      // No device, or no permission: the generated sources stand in.
      return { ...generatedMedia(label), note: `${error.name}; ` };
    }
  }
  return generatedMedia(label);
}

const codecName = (report, stats) => {
  const codec = stats?.codecId === undefined ? undefined : report.get(stats.codecId);
  return codec?.type === "codec" ? codec.mimeType.replace(/^(audio|video)\//, "") : null;
};

/**
 * The call controls of `side` ("a" or "b") for the connection `pc`; `log`
 * writes a line to the page's log. Returns `stop()` (ends the local media
 * and the controls) and `codecs(report)` (shows the codecs in use).
 */
export function call(pc, side, log) {
  const label = side.toUpperCase();
  const status = $(`${side}-media`);
  const start = $(`${side}-start`);
  const mute = $(`${side}-mute`);
  const camera = $(`${side}-camera`);
  const remoteVideo = $(`${side}-remote`);
  const localVideo = $(`${side}-local`);
  const remote = new MediaStream();
  remoteVideo.srcObject = remote;
  localVideo.srcObject = null;
  let media = null;
  let audioSender = null;
  let videoTransceiver = null;
  let codecs = "";

  const show = () => {
    const parts = [];
    if (media === null) parts.push("not sending");
    else {
      parts.push(`sending ${media.source}${audioSender.track === null ? ", muted" : ""}`);
      const video = videoTransceiver;
      parts.push(`video ${video.direction}${video.currentDirection ? ` (now ${video.currentDirection})` : ""}`);
    }
    if (remote.getTracks().length > 0) parts.push(`receiving ${remote.getTracks().map((t) => t.kind).join(" and ")}`);
    if (codecs) parts.push(codecs);
    status.textContent = parts.join(" · ");
  };

  const onTrack = ({ track }) => {
    remote.addTrack(track);
    track.addEventListener("ended", () => {
      remote.removeTrack(track);
      show();
    });
    log(`${side}: receiving ${track.kind}`);
    show();
  };
  const unsubscribe = pc.on("track", onTrack);
  const onSignaling = pc.on("signalingstatechange", show);

  start.disabled = false;
  mute.disabled = true;
  camera.disabled = true;
  mute.textContent = "Mute";
  camera.textContent = "Camera off";
  mute.setAttribute("aria-pressed", "false");
  camera.setAttribute("aria-pressed", "false");

  start.onclick = async () => {
    start.disabled = true;
    try {
      media = await localMedia(label, $("generated").checked);
      localVideo.srcObject = media.stream;
      for (const track of media.stream.getTracks()) {
        // addTrack takes over a transceiver the other side's offer made,
        // when there is one: a call in each direction stays two m-lines.
        const sender = pc.addTrack(track, media.stream);
        if (track.kind === "audio") audioSender = sender;
        else videoTransceiver = pc.getTransceivers().find((t) => t.sender.raw === sender.raw);
      }
      log(`${side}: call started with ${media.source}${media.note ? ` (${media.note.slice(0, -2)})` : ""}`);
      mute.disabled = false;
      camera.disabled = false;
      show();
    } catch (error) {
      start.disabled = false;
      log(`${side}: call: ${error}`);
    }
  };
  mute.onclick = async () => {
    const muted = audioSender.track === null;
    const track = media.stream.getAudioTracks()[0];
    try {
      await audioSender.replaceTrack(muted ? track : null);
      mute.textContent = muted ? "Mute" : "Unmute";
      mute.setAttribute("aria-pressed", String(!muted));
      show();
    } catch (error) {
      log(`${side}: mute: ${error}`);
    }
  };
  camera.onclick = () => {
    const sending = videoTransceiver.direction === "sendrecv" || videoTransceiver.direction === "sendonly";
    const receiving = videoTransceiver.direction === "sendrecv" || videoTransceiver.direction === "recvonly";
    videoTransceiver.direction = sending ? (receiving ? "recvonly" : "inactive") : receiving ? "sendrecv" : "sendonly";
    camera.textContent = sending ? "Camera on" : "Camera off";
    camera.setAttribute("aria-pressed", String(sending));
    log(`${side}: video direction ${videoTransceiver.direction}`);
    show();
  };

  return {
    codecs(report) {
      const names = (type) =>
        [...new Set(report.ofType(type).map((s) => `${s.kind} ${codecName(report, s) ?? "?"}`))].join(", ");
      const out = names("outbound-rtp");
      const inbound = names("inbound-rtp");
      const next = [out && `out ${out}`, inbound && `in ${inbound}`].filter(Boolean).join(" · ");
      if (next !== codecs) {
        codecs = next;
        show();
      }
    },
    stop() {
      unsubscribe();
      onSignaling();
      for (const track of media?.stream.getTracks() ?? []) track.stop();
      media?.stop();
      media = null;
      start.onclick = mute.onclick = camera.onclick = null;
      start.disabled = mute.disabled = camera.disabled = true;
      status.textContent = "not in a call";
    },
  };
}
