// The files a page loads for a module of the built package: the module,
// every module it imports (static `import` and `export ... from` with a
// relative specifier, minified or not), transitively, and the files they
// fetch by `new URL("<relative>", import.meta.url)` (the .wasm). Shared by
// scripts/package/size.mjs and the benchmarks (bench/run.mjs).
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

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
