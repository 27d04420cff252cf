// Minifies the JavaScript modules of pkg/ (dist/ and the wasm glue) in
// place, each with a source map (sources included) next to it. Class names
// are kept: they show in stack traces and logs.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { minify } from "terser";

const pkg = resolve(fileURLToPath(new URL("../../pkg", import.meta.url)));
const modules = readdirSync(pkg, { recursive: true })
  .filter((file) => file.endsWith(".js"))
  .map((file) => join(pkg, file));
let before = 0;
let after = 0;
for (const file of modules) {
  const code = readFileSync(file, "utf8");
  const name = basename(file);
  const result = await minify(
    { [name]: code },
    {
      module: true,
      compress: true,
      mangle: true,
      keep_classnames: true,
      sourceMap: { includeSources: true, url: `${name}.map` },
    },
  );
  writeFileSync(file, result.code);
  writeFileSync(`${file}.map`, result.map);
  before += code.length;
  after += result.code.length;
}
console.error(`[build] minified ${modules.length} modules: ${before} -> ${after} bytes`);
