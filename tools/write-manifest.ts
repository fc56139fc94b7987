// Build stage: writes manifest.json for a finished guest folder: every artifact with its size
// and content hash, the disk's chunk figures, the shipped images and the package versions.
// usage: tsx tools/write-manifest.ts GUEST_DIR KEY V86_BUILD IMAGES_JSON PACKAGE_VERSIONS

import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { kernelCmdline } from "../src/guest/emulator.ts";
import { parseDiskIndex } from "../src/guest/disk-index.ts";
import { DISK_FOLDER, GUEST_FILES } from "../src/guest/guest-manifest.ts";
import type { Artifact, GuestManifest } from "../src/guest/guest-manifest.ts";

const [guestDir, key, v86Build, imagesJson, versions] = process.argv.slice(2);
if (!guestDir || !key || !v86Build || !imagesJson || versions === undefined) {
  throw new Error("usage: write-manifest.ts GUEST_DIR KEY V86_BUILD IMAGES_JSON PACKAGE_VERSIONS");
}

function artifact(file: string): Artifact {
  const data = readFileSync(join(guestDir!, file));
  return { file, bytes: data.length, sha256: createHash("sha256").update(data).digest("hex") };
}

const index = parseDiskIndex(JSON.parse(readFileSync(join(guestDir, GUEST_FILES.diskIndex), "utf8")));
const chunkFiles = readdirSync(join(guestDir, DISK_FOLDER)).filter((f) => f.endsWith(".gz"));

const manifest: GuestManifest = {
  key,
  builtAt: new Date().toISOString(),
  v86Build,
  kernelCmdline: kernelCmdline(),
  packages: versions.split("\n").filter(Boolean),
  artifacts: {
    bios: artifact(GUEST_FILES.bios),
    vgaBios: artifact(GUEST_FILES.vgaBios),
    kernel: artifact(GUEST_FILES.kernel),
    initrd: artifact(GUEST_FILES.initrd),
    state: artifact(GUEST_FILES.state),
    diskIndex: artifact(GUEST_FILES.diskIndex),
  },
  disk: {
    folder: DISK_FOLDER,
    sizeBytes: index.size,
    chunkBytes: index.chunkSize,
    chunks: index.chunks.length,
    storedChunks: chunkFiles.length,
    storedBytes: chunkFiles.reduce((sum, f) => sum + statSync(join(guestDir, DISK_FOLDER, f)).size, 0),
  },
  images: (JSON.parse(readFileSync(imagesJson, "utf8")) as GuestManifest["images"]).map(({ name, tags, preload, bytes }) => ({
    name,
    tags,
    preload,
    bytes,
  })),
};
writeFileSync(join(guestDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`write-manifest: state ${(manifest.artifacts.state.bytes / 1e6).toFixed(1)} MB, disk ${manifest.disk.storedChunks} chunks (${(manifest.disk.storedBytes / 1e6).toFixed(1)} MB)`);
