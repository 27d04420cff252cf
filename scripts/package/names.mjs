// Shortens the names the wasm module and its wasm-bindgen glue share.
//
// `wasm-opt --minify-imports-and-exports-and-modules` renames every import
// (module and field) and export of the .wasm to a name of a character or
// two, and prints the old-to-new mapping. This script applies that mapping
// to the glue: the fields of the imports object it builds and every
// `wasm.<export>` it reads. Each wasm-bindgen import name ends in a hash of
// 16 hexadecimal digits that gzip cannot compress, and each is written
// twice (.wasm and glue), so this is several kilobytes of the package.
//
// It checks its work against the module itself: every import the .wasm
// asks for must be in the new imports object, every export the glue reads
// must exist, and no old name may be left. A glue of another shape (a new
// wasm-bindgen) fails the build here rather than at run time.
//
// Usage: node scripts/package/names.mjs <dir with webrtc_wasm.js, webrtc_wasm_bg.wasm> <mapping.json>
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [dir, mappingFile] = process.argv.slice(2);
if (!dir || !mappingFile) throw new Error("usage: names.mjs <dir> <mapping.json>");
const gluePath = join(dir, "webrtc_wasm.js");
let glue = readFileSync(gluePath, "utf8");
const mapping = JSON.parse(readFileSync(mappingFile, "utf8"));
const module = new WebAssembly.Module(readFileSync(join(dir, "webrtc_wasm_bg.wasm")));

const fail = (message) => {
  throw new Error(`scripts/package/names.mjs: ${message}`);
};
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// The one module the minified .wasm imports from.
const modules = new Set(WebAssembly.Module.imports(module).map((i) => i.module));
if (modules.size !== 1) fail(`expected one import module, found ${[...modules].join(", ")}`);
const [newModule] = modules;

// The glue's imports object: `return { __proto__: null, "<module>": importN, ... };`
// at the end of __wbg_get_imports, and the body of import0 (the glue's own
// functions) before it.
const returned = /return \{\n\s*__proto__: null,\n((?:\s*"[^"]+": import\d+,\n)+)\s*\};/;
const found = glue.match(returned);
if (!found) fail("no imports object in the glue");
const variableOf = new Map([...found[1].matchAll(/"([^"]+)": (import\d+)/g)].map((m) => [m[1], m[2]]));

const fields = [];
for (const [oldModule, oldName, newName] of mapping.imports) {
  const variable = variableOf.get(oldModule) ?? fail(`no import object for ${oldModule}`);
  if (variable === "import0") {
    // A function defined in the glue: rename its key.
    const key = new RegExp(`^(\\s+)${escape(oldName)}: function`, "m");
    if (!key.test(glue)) fail(`no import ${oldName} in the glue`);
    glue = glue.replace(key, `$1${JSON.stringify(newName)}: function`);
  } else {
    // A function of an inline snippet module (imported as a namespace).
    fields.push(`${JSON.stringify(newName)}: ${variable}.${oldName}`);
  }
}
glue = glue.replace(
  returned,
  `return {\n        __proto__: null,\n        ${JSON.stringify(newModule)}: Object.assign(import0, {${fields.join(", ")}}),\n    };`,
);

// Exports: the glue reads them all as `wasm.<name>`.
const exports = new Map(mapping.exports);
glue = glue.replace(/\bwasm\.(\w+)/g, (whole, name) => {
  const renamed = exports.get(name);
  if (renamed === undefined) fail(`the glue reads wasm.${name}, which the module does not export`);
  return `wasm.${renamed}`;
});

// What the module asks for and gives, against what the glue now has.
const newExports = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
for (const name of glue.matchAll(/\bwasm\.(\w+)/g)) {
  if (!newExports.has(name[1])) fail(`wasm.${name[1]} is not an export of the module`);
}
for (const { name } of WebAssembly.Module.imports(module)) {
  const defined = new RegExp(`(^\\s+"${escape(name)}": function|"${escape(name)}": import\\d+\\.)`, "m");
  if (!defined.test(glue)) fail(`the module imports ${name}, which the glue does not define`);
}
for (const [, oldName] of mapping.imports) {
  if (new RegExp(`^\\s+${escape(oldName)}: function`, "m").test(glue)) fail(`${oldName} was left`);
}
writeFileSync(gluePath, glue);
console.error(
  `[build] shortened ${mapping.imports.length} import and ${mapping.exports.length} export names of the wasm module`,
);
