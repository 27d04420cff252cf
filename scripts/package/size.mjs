// Prints what each entry of the built package loads and its size, raw and
// gzip -9: the files moduleGraph() finds from the entry, plus the .wasm
// (fetched by the default entry itself, by the app for the slim entry).
//
// Usage: node scripts/package/size.mjs [pkg dir] [--json]
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { fileSize, measure, moduleGraph } from "./graph.mjs";

const args = process.argv.slice(2);
const json = args.includes("--json");
const pkg = resolve(args.find((arg) => !arg.startsWith("--")) ?? fileURLToPath(new URL("../../pkg", import.meta.url)));
const wasm = join(pkg, "dist/webrtc_wasm_bg.wasm");

function sizes(files) {
  const rows = files.map((file) => ({ file: relative(pkg, file), ...fileSize(file) }));
  return { rows, ...measure(files) };
}

// The wasm: the default entry fetches it itself, a slim app passes it to init().
const loads = (entry) => [...new Set([...moduleGraph(join(pkg, entry)), wasm])];
const entries = {
  "webrtc-wasm": sizes(loads("dist/index.js")),
  "webrtc-wasm/slim": sizes(loads("dist/slim.js")),
};
if (json) {
  console.log(JSON.stringify(entries, null, 2));
} else {
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  for (const [entry, { rows, raw, gzip }] of Object.entries(entries)) {
    console.log(`${entry}: ${kb(raw)} raw, ${kb(gzip)} gzip -9 (${gzip} bytes), ${rows.length} files`);
    for (const row of rows) console.log(`  ${row.file.padEnd(56)} ${kb(row.raw).padStart(11)} ${kb(row.gzip).padStart(11)}`);
  }
}
