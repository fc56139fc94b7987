import { copyFileSync, createReadStream, existsSync, linkSync, mkdirSync, readdirSync, realpathSync, rmSync, statSync } from "node:fs";
import { join, normalize, resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import type { Plugin } from "vite";
import { lessonValidation } from "./tools/lesson-validation-plugin.ts";
import { serviceWorker } from "./tools/service-worker-plugin.ts";

const GUEST_DIR = join(import.meta.dirname, "build", "guest");
/** The pack of the chunks read first (tools/disk-pack.ts): served and copied beside the guest's files. */
const PACK_DIR = join(import.meta.dirname, "build", "pack");

/** Serves the built guest (and its pack) at ./guest/ in development and copies them into the site on build. */
function guestArtifacts(): Plugin {
  let outDir = "dist";
  return {
    name: "guest-artifacts",
    configResolved(config) {
      // Absolute: `--outDir /tmp/site` must not land in the repo as ./tmp/site.
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const match = /\/guest\/(.*)$/.exec((req.url ?? "").split("?")[0]!);
        if (!match) return next();
        const file = [GUEST_DIR, PACK_DIR]
          .map((dir) => ({ dir, file: normalize(join(dir, decodeURIComponent(match[1]!))) }))
          .find(({ dir, file }) => file.startsWith(dir) && existsSync(file) && statSync(file).isFile())?.file;
        if (!file) return next();
        res.setHeader("Content-Length", statSync(file).size);
        createReadStream(file).pipe(res);
      });
    },
    closeBundle() {
      if (!existsSync(join(GUEST_DIR, "manifest.json"))) {
        throw new Error("no built guest in build/guest: run npm run build:guest first");
      }
      const target = join(outDir, "guest");
      rmSync(target, { recursive: true, force: true });
      linkTree(GUEST_DIR, target);
      // Without a pack the site still works, reading the disk chunk by chunk.
      if (existsSync(join(PACK_DIR, "pack.json"))) linkTree(PACK_DIR, target);
      else this.warn("no disk pack in build/pack (npm run build:guest makes it): the site reads the disk chunk by chunk");
    },
  };
}

/** Puts every file under FROM into TO as a hard link: the guest's files are cached by their inputs
 *  and never change, and its 9,000 chunks (600 MB) took up to a minute to copy. A copy where a link
 *  cannot be made (another file system). */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = realpathSync(join(from, entry.name));
    const target = join(to, entry.name);
    if (statSync(source).isDirectory()) linkTree(source, target);
    else {
      try {
        linkSync(source, target);
      } catch {
        copyFileSync(source, target);
      }
    }
  }
}

export default defineConfig({
  // Relative URLs: the built folder works under any base path on any static host.
  base: "./",
  // The service worker comes last: it lists what the others emitted (guestArtifacts copies synchronously).
  plugins: [
    lessonValidation(join(import.meta.dirname, "lessons")),
    react(),
    guestArtifacts(),
    serviceWorker(join(import.meta.dirname, "src", "offline", "service-worker.ts")),
  ],
  // v86 reaches for node:fs and node:crypto only when it runs in Node; in the worker those
  // branches never run, so the imports stay as they are instead of being resolved.
  worker: { format: "es", rollupOptions: { external: [/^node:/] } },
  // Monaco's chunk (~3.5 MB) is the largest; it loads only when the Editor tab first opens.
  build: { target: "es2022", chunkSizeWarningLimit: 4000 },
});
