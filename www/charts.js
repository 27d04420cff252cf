// Live charts of one connection's stats, drawn with uPlot: bitrate in and
// out (media and data channels), round-trip time, packets lost and frames
// decoded per second, one point a second over the last two minutes.
import uPlot from "uplot";
import css from "uplot/dist/uPlot.min.css";

const WINDOW = 120;

const style = document.createElement("style");
style.textContent = css;
document.head.append(style);

const CHARTS = [
  {
    title: "Bitrate, Mbit/s",
    least: 0.1,
    series: [
      { label: "media in", stroke: "#2454a6", value: (r) => r.bitrateIn / 1e6 },
      { label: "media out", stroke: "#c05621", value: (r) => r.bitrateOut / 1e6 },
      { label: "data in", stroke: "#2f855a", value: (r) => (r.dataChannelBytesInPerSecond * 8) / 1e6 },
      { label: "data out", stroke: "#805ad5", value: (r) => (r.dataChannelBytesOutPerSecond * 8) / 1e6 },
    ],
  },
  { title: "Round-trip time, ms", least: 1, series: [{ label: "RTT", stroke: "#2454a6", value: (r, rtt) => rtt }] },
  { title: "Packets lost per second", least: 1, series: [{ label: "lost", stroke: "#b00020", value: (r) => r.packetsLost / r.seconds }] },
  { title: "Frames decoded per second", least: 5, series: [{ label: "fps", stroke: "#2f855a", value: (r) => r.framesPerSecond }] },
];

/** Makes the charts in `container`; returns `add(rates, rttMs)` and `clear()`. */
export function charts(container) {
  container.textContent = "";
  const plots = CHARTS.map((chart) => {
    const figure = document.createElement("figure");
    figure.className = "chart";
    figure.setAttribute("role", "img");
    figure.setAttribute("aria-label", `Chart: ${chart.title}, the last two minutes`);
    figure.style.margin = "0";
    container.append(figure);
    const data = [[], ...chart.series.map(() => [])];
    const plot = new uPlot(
      {
        title: chart.title,
        width: Math.max(figure.clientWidth, 240),
        height: 180,
        scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(max * 1.1, chart.least)] } },
        series: [{}, ...chart.series.map((s) => ({ label: s.label, stroke: s.stroke, width: 2, points: { show: false } }))],
        legend: { live: false },
      },
      data,
      figure,
    );
    return { chart, data, plot, figure };
  });
  const resize = new ResizeObserver(() => {
    for (const { plot, figure } of plots) plot.setSize({ width: Math.max(figure.clientWidth, 240), height: 180 });
  });
  for (const { figure } of plots) resize.observe(figure);
  let points = 0;
  return {
    /** Adds a point: `rates` from `statsRates`, `rtt` in ms (or null). */
    add(rates, rtt) {
      const now = Date.now() / 1000;
      for (const { chart, data, plot } of plots) {
        data[0].push(now);
        chart.series.forEach((s, i) => data[i + 1].push(s.value(rates, rtt) ?? null));
        if (data[0].length > WINDOW) for (const column of data) column.shift();
        plot.setData(data);
      }
      points = Math.min(points + 1, WINDOW);
      container.dataset.points = String(points);
    },
    /** Removes the charts and stops following the container's size. */
    clear() {
      resize.disconnect();
      for (const { plot } of plots) plot.destroy();
      container.textContent = "";
      delete container.dataset.points;
    },
  };
}
