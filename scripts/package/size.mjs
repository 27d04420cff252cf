// Prints what each entry of the built package loads and its size, raw and
// gzip -9: the files moduleGraph() finds from the entry, plus the .wasm
// (fetched by the default entry itself, by the app for the slim entry).
//
// Usage: node scripts/package/size.mjs [pkg dir] [--json]
import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

import { moduleGraph } from "./graph.mjs";

const args = process.argv.slice(2);
const json = args.includes("--json");
const pkg = resolve(args.find((arg) => !arg.startsWith("--")) ?? fileURLToPath(new URL("../../pkg", import.meta.url)));
const wasm = join(pkg, "dist/webrtc_wasm_bg.wasm");

function measure(files) {
  const rows = files.map((file) => {
    const bytes = readFileSync(file);
    return { file: relative(pkg, file), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const sum = (key) => rows.reduce((total, row) => total + row[key], 0);
  return { rows, raw: sum("raw"), gzip: sum("gzip") };
}

// The wasm: the default entry fetches it itself, a slim app passes it to init().
const loads = (entry) => [...new Set([...moduleGraph(join(pkg, entry)), wasm])];
const entries = {
  "webrtc-wasm": measure(loads("dist/index.js")),
  "webrtc-wasm/slim": measure(loads("dist/slim.js")),
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
