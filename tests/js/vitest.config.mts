// Vitest browser mode for the JavaScript API's tests: headless Chromium and
// Firefox through the webdriverio provider, driven by a chromedriver and a
// geckodriver that scripts/test-js.sh starts (webdriverio would otherwise try
// to download browsers and drivers). The tests import "webrtc-wasm" as users
// do; it resolves to the built package in pkg/ through that package's own
// `exports` map.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { webdriverio } from "@vitest/browser-webdriverio";
import { defineConfig } from "vitest/config";
import type { Alias } from "vite";

// Vitest 5's reporters call Map.groupBy, which Node only has from version 21.
if (typeof (Map as { groupBy?: unknown }).groupBy !== "function") {
  Object.defineProperty(Map, "groupBy", {
    configurable: true,
    writable: true,
    value<K, V>(items: Iterable<V>, key: (item: V, index: number) => K): Map<K, V[]> {
      const groups = new Map<K, V[]>();
      let index = 0;
      for (const item of items) {
        const k = key(item, index++);
        const group = groups.get(k);
        if (group) group.push(item);
        else groups.set(k, [item]);
      }
      return groups;
    },
  });
}

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const pkgDir = join(root, "pkg");

const webdriverJson = JSON.parse(readFileSync(join(root, "webdriver.json"), "utf8")) as {
  "goog:chromeOptions": { args: string[] };
  "moz:firefoxOptions": { prefs: Record<string, string | number | boolean> };
};

type ExportTarget = string | null | { [condition: string]: ExportTarget };

// The file an `exports` entry gives a browser ESM import, following the
// conditions a bundler targeting the browser uses.
function pickTarget(target: ExportTarget): string | null {
  if (target === null || typeof target === "string") return target;
  for (const condition of ["browser", "import", "module", "default"]) {
    if (condition in target) {
      const picked = pickTarget(target[condition]);
      if (picked !== null) return picked;
    }
  }
  return null;
}

// "webrtc-wasm" and each of its subpaths ("webrtc-wasm/slim", ...) as the
// built package exports them; nothing when the package is not built yet.
function packageAliases(): Alias[] {
  const manifestPath = join(pkgDir, "package.json");
  if (!existsSync(manifestPath)) return [];
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    name: string;
    exports?: Record<string, ExportTarget> | ExportTarget;
    module?: string;
    main?: string;
  };
  const name = manifest.name;
  const exportsField = manifest.exports;
  const entries: [string, ExportTarget][] =
    exportsField && typeof exportsField === "object" && Object.keys(exportsField).some((k) => k.startsWith("."))
      ? Object.entries(exportsField as Record<string, ExportTarget>)
      : [[".", (exportsField as ExportTarget | undefined) ?? manifest.module ?? manifest.main ?? null]];
  const aliases: Alias[] = [];
  for (const [subpath, target] of entries) {
    if (subpath.includes("*")) continue;
    const file = pickTarget(target);
    if (file === null || !/\.m?js$/.test(file)) continue;
    const specifier = subpath === "." ? name : `${name}/${subpath.slice(2)}`;
    const escaped = specifier.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    aliases.push({ find: new RegExp(`^${escaped}$`), replacement: join(pkgDir, file) });
  }
  return aliases;
}

function port(variable: string): number {
  const value = Number(process.env[variable]);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${variable} must name the port of a running driver (scripts/test-js.sh starts them)`);
  }
  return value;
}

const driverPorts = {
  chrome: () => port("WEBRTC_WASM_CHROMEDRIVER_PORT"),
  firefox: () => port("WEBRTC_WASM_GECKODRIVER_PORT"),
};
// Only the selected instances need their driver (`--project chrome`).
const selected = (process.env.WEBRTC_WASM_JS_BROWSERS ?? "chrome,firefox").split(",");

const instances = [];
if (selected.includes("chrome")) {
  instances.push({
    browser: "chrome" as const,
    name: "chrome",
    provider: webdriverio({
      hostname: "127.0.0.1",
      port: driverPorts.chrome(),
      path: "/",
      capabilities: {
        browserName: "chrome",
        "goog:chromeOptions": {
          binary: process.env.CHROMIUM_BIN ?? "/usr/bin/chromium",
          args: [...webdriverJson["goog:chromeOptions"].args],
        },
      },
    }),
  });
}
if (selected.includes("firefox")) {
  instances.push({
    browser: "firefox" as const,
    name: "firefox",
    provider: webdriverio({
      hostname: "127.0.0.1",
      port: driverPorts.firefox(),
      path: "/",
      capabilities: {
        browserName: "firefox",
        "moz:firefoxOptions": {
          binary: process.env.FIREFOX_BIN ?? "/usr/bin/firefox-esr",
          args: ["-headless"],
          prefs: webdriverJson["moz:firefoxOptions"].prefs,
        },
      },
    }),
  });
}

export default defineConfig({
  root,
  cacheDir: join(root, "node_modules/.vite-js-tests"),
  resolve: { alias: packageAliases() },
  // The package is served as it was built: pre-bundling would move its
  // glue away from the .wasm file it loads relative to itself.
  optimizeDeps: { exclude: ["webrtc-wasm"] },
  // Cross-origin isolated, so that Chromium measures the page's memory
  // (performance.measureUserAgentSpecificMemory; performance.memory is
  // cached and coarse).
  server: {
    fs: { allow: [root] },
    headers: { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" },
  },
  test: {
    include: ["tests/js/**/*.test.ts"],
    testTimeout: 30_000,
    provide: {
      servicesPort: Number(process.env.WEBRTC_WASM_SERVICES_PORT ?? 34781),
      turnPort: Number(process.env.WEBRTC_WASM_TURN_PORT ?? 34780),
    },
    hookTimeout: 30_000,
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      instances,
    },
  },
});
