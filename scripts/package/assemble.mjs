// Completes pkg/ after tsc wrote pkg/dist/: copies the wasm-bindgen glue
// from js/wasm/ to pkg/wasm/ (where tsc's modules import it from; bundle.mjs
// then takes it into the bundle and removes pkg/wasm/) and the .wasm to
// pkg/dist/ (next to the module that loads it), writes pkg/package.json and
// copies the npm README and the license files. The glue's TypeScript
// declarations stay behind: the package's own declarations never refer to
// them.
//
// Usage: node scripts/package/assemble.mjs
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const pkg = join(root, "pkg");
const generated = join(root, "js/wasm");

// The [package] table's version in Cargo.toml.
function cargoVersion() {
  const toml = readFileSync(join(root, "Cargo.toml"), "utf8");
  const table = toml.split(/^\[/m).find((section) => section.startsWith("package]"));
  const version = table?.match(/^version\s*=\s*"([^"]+)"/m)?.[1];
  if (!version) throw new Error("no [package] version in Cargo.toml");
  return version;
}

mkdirSync(join(pkg, "wasm"), { recursive: true });
copyFileSync(join(generated, "webrtc_wasm.js"), join(pkg, "wasm/webrtc_wasm.js"));
copyFileSync(join(generated, "webrtc_wasm_bg.wasm"), join(pkg, "dist/webrtc_wasm_bg.wasm"));
// Inline JavaScript of the crate (#[wasm_bindgen(inline_js)]), imported by the glue.
if (existsSync(join(generated, "snippets"))) {
  cpSync(join(generated, "snippets"), join(pkg, "wasm/snippets"), { recursive: true });
}

const manifest = {
  name: "webrtc-wasm",
  version: cargoVersion(),
  description:
    "The browser's WebRTC with backpressure, perfect negotiation, ICE restart, typed errors and strict TypeScript types, over a Rust/wasm core.",
  keywords: ["webrtc", "wasm", "peer-connection", "data-channel", "perfect-negotiation", "backpressure", "typescript"],
  license: "MIT OR Apache-2.0",
  repository: { type: "git", url: "git+https://github.com/webrtc-wasm/webrtc-wasm.git" },
  homepage: "https://github.com/webrtc-wasm/webrtc-wasm#readme",
  bugs: { url: "https://github.com/webrtc-wasm/webrtc-wasm/issues" },
  type: "module",
  exports: {
    ".": { types: "./dist/index.d.ts", default: "./dist/index.js" },
    "./slim": { types: "./dist/slim.d.ts", default: "./dist/slim.js" },
    // For apps that load the wasm themselves: `import url from "webrtc-wasm/webrtc_wasm_bg.wasm?url"` (Vite).
    "./webrtc_wasm_bg.wasm": "./dist/webrtc_wasm_bg.wasm",
    "./package.json": "./package.json",
  },
  types: "./dist/index.d.ts",
  // The default entry instantiates the wasm when evaluated: a bundler must
  // keep it even where nothing it exports looks used.
  sideEffects: ["./dist/index.js"],
  files: ["dist"],
};
writeFileSync(join(pkg, "package.json"), JSON.stringify(manifest, null, 2) + "\n");

copyFileSync(join(root, "js/README.md"), join(pkg, "README.md"));
for (const file of ["LICENSE-MIT", "LICENSE-APACHE", "LICENSE"]) {
  if (existsSync(join(root, file))) copyFileSync(join(root, file), join(pkg, file));
}
