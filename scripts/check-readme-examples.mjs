// The README's Leptos and Yew components are the doc examples of
// webrtc-wasm-leptos and webrtc-wasm-yew, which `cargo test` compiles for
// wasm32 (scripts/test-frameworks.sh): this checks that the two copies are
// the same text, so the README shows code that builds.
import { readFileSync } from "node:fs";

const root = new URL("..", import.meta.url);
const readme = readFileSync(new URL("README.md", root), "utf8");
const section = readme.slice(readme.indexOf("### Leptos and Yew"), readme.indexOf("### Where the browsers differ"));
const blocks = [...section.matchAll(/```rust\n([\s\S]*?)```/g)].map((m) => m[1]);

function docExample(path) {
  const source = readFileSync(new URL(path, root), "utf8");
  const match = source.match(/\/\/! ```no_run\n((?:\/\/!.*\n)*?)\/\/! ```\n/);
  if (!match) throw new Error(`${path}: no no_run example`);
  return match[1].replace(/^\/\/! ?/gm, "");
}

const pairs = [
  ["crates/webrtc-wasm-leptos/src/lib.rs", blocks[0]],
  ["crates/webrtc-wasm-yew/src/lib.rs", blocks[1]],
];
let failed = 0;
for (const [path, block] of pairs) {
  if (block === undefined || docExample(path) !== block) {
    console.error(`README's example differs from the doc example of ${path}`);
    failed++;
  }
}
if (blocks.length !== 2) {
  console.error(`expected 2 Rust blocks in the README's Leptos and Yew section, found ${blocks.length}`);
  failed++;
}
// The wasm-pack testing walk-through: its test and its webdriver.json are
// the example app's own files, which `npm test` runs in both browsers.
const testing = readme.slice(readme.indexOf("### Testing your app with wasm-pack test"), readme.indexOf("## JavaScript / TypeScript"));
const walkthrough = [
  ["examples/wasm-pack-testing/tests/web.rs", testing.match(/```rust\n([\s\S]*?)```/)?.[1]],
  ["examples/wasm-pack-testing/webdriver.json", testing.match(/```json\n([\s\S]*?)```/)?.[1]],
];
for (const [path, block] of walkthrough) {
  if (block === undefined || readFileSync(new URL(path, root), "utf8") !== block) {
    console.error(`README's "Testing your app with wasm-pack test" differs from ${path}`);
    failed++;
  }
}
if (failed === 0) console.log("README examples: the same as the crates' doc examples and the example app's files");
process.exit(failed === 0 ? 0 : 1);
