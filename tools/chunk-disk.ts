// Build stage: splits the root disk image into content-addressed gzip chunks plus an index.
// Zero chunks are not stored; identical chunks are stored once.
// usage: tsx tools/chunk-disk.ts DISK_IMAGE OUT_FOLDER

import { createHash } from "node:crypto";
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chunkFileName } from "../src/guest/disk-index.ts";
import type { DiskIndex } from "../src/guest/disk-index.ts";

/** 128 KiB: small enough that a first visit fetches little more than it touches. */
export const CHUNK_BYTES = 128 * 1024;

const [image, out] = process.argv.slice(2);
if (!image || !out) throw new Error("usage: chunk-disk.ts DISK_IMAGE OUT_FOLDER");
mkdirSync(out, { recursive: true });
const fd = openSync(image, "r");
const size = fstatSync(fd).size;
if (size % CHUNK_BYTES) throw new Error(`disk image size ${size} is not a multiple of ${CHUNK_BYTES}`);
const chunk = Buffer.alloc(CHUNK_BYTES);
const zeros = Buffer.alloc(CHUNK_BYTES);
const chunks: string[] = [];
let stored = 0;
let storedBytes = 0;
for (let offset = 0; offset < size; offset += CHUNK_BYTES) {
  readSync(fd, chunk, 0, CHUNK_BYTES, offset);
  if (chunk.equals(zeros)) {
    chunks.push("");
    continue;
  }
  const hash = createHash("sha256").update(chunk).digest("hex").slice(0, 24);
  chunks.push(hash);
  const file = join(out, chunkFileName(hash));
  if (!existsSync(file)) {
    const gz = gzipSync(chunk, { level: 9 });
    writeFileSync(file, gz);
    stored++;
    storedBytes += gz.length;
  }
}
closeSync(fd);
const index: DiskIndex = { size, chunkSize: CHUNK_BYTES, chunks };
writeFileSync(join(out, "index.json"), JSON.stringify(index));
console.log(`chunk-disk: ${chunks.length} chunks, ${stored} stored (${(storedBytes / 1e6).toFixed(1)} MB compressed)`);
