// Build stage after the guest: the disk chunks a learner's first commands read, in the order the
// guest reads them, as one file (the pack) beside a list of its chunks (pack.json). The page fetches
// the pack in one request instead of one request per chunk: a first `docker run` reads over 900
// chunks, and on a busy 2-core machine each request costs Chromium 20–80 ms (BENCHMARKS.md).
// Cached under ~/.cache/docker-sandbox/pack/<key>, keyed by the guest and this script; build/pack links to it.
// usage: tsx tools/disk-pack.ts [GUEST_DIR]

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chunkFileName } from "../src/guest/disk-index.ts";
import { DISK_FOLDER } from "../src/guest/guest-manifest.ts";
import type { PackInfo } from "../src/guest/chunk-pack.ts";
import { FolderChunkSource } from "../src/guest/node-chunk-source.ts";
import { readManifest, startToPrompt } from "../src/guest/node-machine.ts";

/** What a learner meets first: the lessons' first container, listing, a web server, a build, compose. */
const FIRST_COMMANDS = [
  "docker run --rm hello-world",
  "docker ps -a",
  "docker images",
  "docker run -d --name pack-web nginx",
  "cd \"$(mktemp -d)\" && printf 'FROM busybox\\nRUN echo hi > /hi\\nCMD cat /hi\\n' > Dockerfile && docker build -q .",
  "docker compose version",
];

const guestDir = process.argv[2] ?? join(process.cwd(), "build", "guest");
const link = join(process.cwd(), "build", "pack");
const guest = readManifest(guestDir);
const key = createHash("sha256").update(guest.key).update(readFileSync(fileURLToPath(import.meta.url))).digest("hex").slice(0, 16);
const cacheRoot = join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "docker-sandbox", "pack");
const done = join(cacheRoot, key);

if (existsSync(join(done, "pack.json"))) {
  console.log(`disk-pack: up to date (${key})`);
} else {
  const started = Date.now();
  // node-machine makes its own chunk source; every chunk the guest reads passes through this load.
  const order = new Set<string>();
  const load = FolderChunkSource.prototype.load;
  FolderChunkSource.prototype.load = function (hash: string) {
    order.add(hash);
    return load.call(this, hash);
  };
  // No background warm-up: its reads would interleave with the commands' in the recorded order.
  const machine = await startToPrompt(guestDir, "restore", { warm: false });
  for (const command of FIRST_COMMANDS) {
    const result = await machine.shell.run(command, 600);
    if (result.exitCode !== 0) throw new Error(`disk-pack: "${command}" failed (${result.exitCode}):\n${result.output}`);
  }
  await machine.stop();
  FolderChunkSource.prototype.load = load;

  const chunks: [string, number][] = [];
  const parts = [...order].map((hash) => {
    const bytes = readFileSync(join(guestDir, DISK_FOLDER, chunkFileName(hash)));
    chunks.push([hash, bytes.length]);
    return bytes;
  });
  const pack = Buffer.concat(parts);
  const sha256 = createHash("sha256").update(pack).digest("hex");
  const info: PackInfo = { file: `pack-${sha256.slice(0, 16)}.bin`, sha256, bytes: pack.length, chunks };
  const tmp = `${done}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(tmp, info.file), pack);
  writeFileSync(join(tmp, "pack.json"), JSON.stringify(info));
  rmSync(done, { recursive: true, force: true });
  renameSync(tmp, done);
  // Keep this pack and the one before it.
  const others = readdirSync(cacheRoot).filter((name) => name !== key).map((name) => join(cacheRoot, name));
  others.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs).slice(1).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  console.log(`disk-pack: ${chunks.length} chunks, ${(pack.length / 1e6).toFixed(1)} MB, in ${Math.round((Date.now() - started) / 1000)} s (${key})`);
}
rmSync(link, { force: true });
symlinkSync(done, link);
process.exit(0);
