// The files a page loads for a module of the built package: the module,
// every module it imports (static `import` and `export ... from` with a
// relative specifier, minified or not), transitively, and the files they
// fetch by `new URL("<relative>", import.meta.url)` (the .wasm), and their
// sizes. Shared by scripts/package/size.mjs, the benchmarks (bench/run.mjs)
// and the packaging tests' size budget.
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const STATIC = /(?:^|[\s;}])(?:import|export)\s*(?:[\w*{$][^'"`;]*?from\s*)?["'](\.{1,2}\/[^'"]+)["']/g;
const URL_OF = /new URL\(\s*["']([^'":]+)["']\s*,\s*import\.meta\.url\s*\)/g;

export function moduleGraph(entry) {
  const files = new Set();
  const visit = (file) => {
    if (files.has(file)) return;
    if (!existsSync(file)) throw new Error(`${file}: not found (imported by the package)`);
    files.add(file);
    const source = readFileSync(file, "utf8");
    for (const [, specifier] of source.matchAll(STATIC)) visit(resolve(dirname(file), specifier));
    for (const [, specifier] of source.matchAll(URL_OF)) {
      const asset = resolve(dirname(file), specifier);
      if (existsSync(asset)) files.add(asset);
    }
  };
  visit(entry);
  return [...files];
}

/** The size of `file`, raw and gzip -9 (compressed on its own, as a web server sends it). */
export function fileSize(file) {
  const bytes = readFileSync(file);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/** The total size of `files`, raw and gzip -9 (each compressed on its own). */
export function measure(files) {
  const sizes = files.map(fileSize);
  return {
    raw: sizes.reduce((total, size) => total + size.raw, 0),
    gzip: sizes.reduce((total, size) => total + size.gzip, 0),
  };
}
