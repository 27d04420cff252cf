// A generated picture for machines without a camera (or people who would
// rather not use one): a canvas with a label, a hue that drifts, a moving
// disc and a time code, captured as a video track. The demo's call and room
// and the SFU benchmark use it.
export function generatedVideo({ label = "", width = 640, height = 480, fps = 30, hue = 0 } = {}) {
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d");
  const scale = height / 480;
  let frame = 0;
  const timer = setInterval(() => {
    frame++;
    context.fillStyle = `hsl(${(hue + frame * 2) % 360} 45% 30%)`;
    context.fillRect(0, 0, width, height);
    context.fillStyle = "#fff";
    context.beginPath();
    context.arc(width / 2 + width * 0.34 * Math.cos(frame / 20), height * 0.54 + height * 0.29 * Math.sin(frame / 15), 40 * scale, 0, 2 * Math.PI);
    context.fill();
    context.font = `bold ${Math.round(64 * scale)}px system-ui, sans-serif`;
    context.fillText(label, 40 * scale, 90 * scale);
    context.font = `${Math.round(32 * scale)}px ui-monospace, monospace`;
    context.fillText(new Date().toISOString().slice(11, 22), 40 * scale, height - 40 * scale);
  }, 1000 / fps);
  const stream = canvas.captureStream(fps);
  return {
    canvas,
    stream,
    track: stream.getVideoTracks()[0],
    stop() {
      clearInterval(timer);
      stream.getTracks().forEach((track) => track.stop());
    },
  };
}
