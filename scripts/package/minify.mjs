// Minifies the JavaScript modules of pkg/dist/ (bundle.mjs's output) in
// place. Each source map maps through the bundler's to tsc's output, with
// the sources included. Class names are kept: they show in stack traces
// and logs, and the error classes' names are part of the API. (The bundler
// writes classes as `var Name = class ...`, whose name comes from the
// variable, so those variables are not renamed either.)
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { minify } from "terser";

const dist = resolve(fileURLToPath(new URL("../../pkg/dist", import.meta.url)));
const modules = readdirSync(dist).filter((file) => file.endsWith(".js"));
let before = 0;
let after = 0;
for (const name of modules) {
  const file = join(dist, name);
  const code = readFileSync(file, "utf8");
  const map = `${file}.map`;
  const classVariables = [...code.matchAll(/\b(?:var|let|const)\s+([\w$]+)\s*=\s*class\b/g)].map((m) => m[1]);
  const result = await minify(
    { [name]: code },
    {
      module: true,
      compress: { passes: 2 },
      mangle: { reserved: classVariables },
      keep_classnames: true,
      sourceMap: {
        content: existsSync(map) ? readFileSync(map, "utf8") : undefined,
        includeSources: true,
        url: `${name}.map`,
      },
    },
  );
  if (result.code === undefined || typeof result.map !== "string") throw new Error(`terser gave nothing for ${name}`);
  writeFileSync(file, result.code);
  writeFileSync(map, result.map);
  before += code.length;
  after += result.code.length;
}
console.error(`[build] minified ${modules.length} modules: ${before} -> ${after} bytes`);
