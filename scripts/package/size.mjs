// Prints what each entry of the built package loads and its size, raw and
// gzip -9: the JavaScript modules reachable from the entry through static
// relative imports, plus the .wasm (fetched by the default entry itself,
// by the app for the slim entry).
//
// Usage: node scripts/package/size.mjs [pkg dir] [--json]
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const json = args.includes("--json");
const pkg = resolve(args.find((arg) => !arg.startsWith("--")) ?? fileURLToPath(new URL("../../pkg", import.meta.url)));
const wasm = join(pkg, "wasm/webrtc_wasm_bg.wasm");

// Relative module specifiers of `import ... from`, `export ... from` and bare `import "..."`.
const SPECIFIER = /(?:^|[\s;}])(?:import|export)\s*(?:[\w*{$][^'"`;]*?from\s*)?["'](\.{1,2}\/[^"']+)["']/g;

function modules(entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    if (!existsSync(file)) throw new Error(`${relative(pkg, file)} is imported but missing`);
    seen.add(file);
    for (const [, specifier] of readFileSync(file, "utf8").matchAll(SPECIFIER)) {
      visit(resolve(dirname(file), specifier));
    }
  };
  visit(join(pkg, entry));
  return [...seen];
}

function measure(files) {
  const rows = files.map((file) => {
    const bytes = readFileSync(file);
    return { file: relative(pkg, file), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const sum = (key) => rows.reduce((total, row) => total + row[key], 0);
  return { rows, raw: sum("raw"), gzip: sum("gzip") };
}

const entries = {
  "webrtc-wasm": measure([...modules("dist/index.js"), wasm]),
  "webrtc-wasm/slim": measure([...modules("dist/slim.js"), wasm]),
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
