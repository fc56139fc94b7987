// Chunk source for Node (harness, build, tests): reads gzip chunks from a folder.

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { chunkFileName } from "./disk-index.ts";
import type { ChunkSource } from "./chunked-disk.ts";

export class FolderChunkSource implements ChunkSource {
  constructor(private readonly folder: string) {}

  async load(hash: string): Promise<Uint8Array> {
    return new Uint8Array(gunzipSync(await readFile(join(this.folder, chunkFileName(hash)))));
  }
}
