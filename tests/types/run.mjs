// TypeScript consumer tests: the packed package (npm pack pkg/) installed
// into a consumer project, which is compiled with `tsc --strict --noEmit`
// (no skipLibCheck, so the package's .d.ts files are checked too) under
// the common `lib` settings, with and without `esnext.disposable`:
//   consumer/usage.ts       every class, method and attribute, used as documented
//   consumer/misuse.ts      `@ts-expect-error` lines that must stay errors
//   consumer/disposable.ts  `using` (only where the lib has esnext.disposable)
// plus no-any.mjs over the installed package's declarations.
//
// Usage: node tests/types/run.mjs   (after scripts/build.sh; prints one line
// per test and `types: N passed, M failed`)
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const here = join(root, "tests/types");
const tsc = join(root, "node_modules/.bin/tsc");
const run = promisify(execFile);

const base = { strict: true, noEmit: true, skipLibCheck: false, target: "ES2022", types: [] };
const bundler = { module: "ESNext", moduleResolution: "Bundler" };
const libs = [
  ["ES2020", "DOM"],
  ["ES2022", "DOM"],
  ["ES2023", "DOM", "DOM.Iterable"],
];
const variants = [
  ...libs.map((lib) => ({ lib, options: bundler, disposable: false })),
  ...libs.map((lib) => ({ lib: [...lib, "ESNext.Disposable"], options: bundler, disposable: true })),
  // ESNext includes esnext.disposable.
  { lib: ["ESNext", "DOM"], options: bundler, disposable: true },
  // Node's ESM resolution rules (relative specifiers with extensions, the exports map).
  { lib: ["ES2022", "DOM"], options: { module: "NodeNext", moduleResolution: "NodeNext" }, disposable: false, name: "nodenext resolution" },
  // The strictest flags users turn on.
  {
    lib: ["ES2023", "DOM", "DOM.Iterable", "ESNext.Disposable"],
    options: {
      ...bundler,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      noPropertyAccessFromIndexSignature: true,
      noImplicitOverride: true,
      useUnknownInCatchVariables: true,
    },
    disposable: true,
    name: "strictest flags",
  },
];

const results = [];
function report(name, ok, detail = "") {
  results.push(ok);
  console.log(`test types ${name} ... ${ok ? "ok" : `FAILED\n${detail}`}`);
}

async function sh(command, args, options = {}) {
  try {
    return await run(command, args, { maxBuffer: 64 << 20, ...options });
  } catch (error) {
    const failure = new Error(`${command} ${args.join(" ")} failed`);
    failure.output = `${error.stdout ?? ""}${error.stderr ?? ""}`;
    throw failure;
  }
}

const work = mkdtempSync(join(tmpdir(), "webrtc-wasm-types-"));
let setupFailed = false;
try {
  const { stdout: packed } = await sh("npm", ["pack", join(root, "pkg"), "--pack-destination", work, "--silent"]);
  const tarball = join(work, packed.trim().split("\n").pop());
  writeFileSync(join(work, "package.json"), JSON.stringify({ name: "types-consumer", private: true, type: "module" }));
  await sh("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", tarball], { cwd: work });
  cpSync(join(here, "consumer"), work, { recursive: true });

  try {
    const { stdout } = await sh("node", [join(here, "no-any.mjs"), join(work, "node_modules/webrtc-wasm/dist")]);
    report(`no any in the published .d.ts (${stdout.trim()})`, true);
  } catch (error) {
    report("no any in the published .d.ts", false, error.output);
  }

  // Two compilers at a time (the machine has two cores).
  const queue = variants.map((variant, index) => async () => {
    const name = variant.name ?? `lib ${variant.lib.join("+").toLowerCase()}`;
    const config = join(work, `tsconfig.${index}.json`);
    const files = ["usage.ts", "misuse.ts", ...(variant.disposable ? ["disposable.ts"] : [])];
    writeFileSync(config, JSON.stringify({ compilerOptions: { ...base, ...variant.options, lib: variant.lib }, files }, null, 2));
    try {
      await sh(tsc, ["-p", config], { cwd: work });
      return [`${name} (${files.join(", ")})`, true];
    } catch (error) {
      return [name, false, error.output];
    }
  });
  const outcomes = new Array(queue.length);
  let next = 0;
  await Promise.all(
    [0, 1].map(async () => {
      while (next < queue.length) {
        const index = next++;
        outcomes[index] = await queue[index]();
      }
    }),
  );
  for (const outcome of outcomes) report(...outcome);
} catch (error) {
  setupFailed = true;
  report("setup", false, `${error.message}\n${error.output ?? ""}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

const passed = results.filter(Boolean).length;
const failed = results.length - passed;
console.log(`types: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && !setupFailed ? 0 : 1);
