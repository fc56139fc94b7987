// Vite plugin: writes the site's service worker (src/offline/service-worker.ts) into the build as
// sw.js, with the list of the app shell's files and a version hashed from their contents, so every
// build that changes a byte of the shell is a new version and an unchanged one is not.

import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { build } from "esbuild";
import type { Plugin } from "vite";

export const SERVICE_WORKER_FILE = "sw.js";

/** Files under DIR, relative to it, with "/" separators. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split("\\").join("/"));
}

/**
 * The shell: the page and everything the bundler emitted, the guest's manifest and the pack's list. The guest's
 * start files and disk chunks are content-addressed and cached by the machine's worker (a copy
 * here would double the download of a first visit).
 */
export function shellFiles(outDir: string): string[] {
  const emitted = filesUnder(outDir).filter((file) => file !== SERVICE_WORKER_FILE && !file.startsWith("guest/"));
  const guest = ["guest/manifest.json", "guest/pack.json"].filter((file) => existsSync(join(outDir, file)));
  return [...emitted.map((file) => (file === "index.html" ? "./" : file)), ...guest].sort();
}

export function serviceWorker(source: string): Plugin {
  let outDir = "dist";
  return {
    name: "service-worker",
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const files = shellFiles(outDir);
      const hash = createHash("sha256");
      for (const file of files) hash.update(file).update("\0").update(readFileSync(join(outDir, file === "./" ? "index.html" : file)));
      const result = await build({
        entryPoints: [source],
        bundle: true,
        write: false,
        format: "iife",
        target: "es2022",
        minify: true,
        define: { __SHELL_FILES__: JSON.stringify(files), __SHELL_VERSION__: JSON.stringify(hash.digest("hex").slice(0, 16)) },
      });
      writeFileSync(join(outDir, SERVICE_WORKER_FILE), result.outputFiles[0]!.contents);
    },
  };
}
