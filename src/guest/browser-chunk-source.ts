// Chunk source for the page: fetches gzip chunks over HTTP and keeps them in Cache Storage.
// Chunk names are content hashes, so a cached chunk never goes stale and a repeat visit
// (or an offline one) reads the disk without the network.

import { chunkFileName } from "./disk-index.ts";
import type { ChunkSource } from "./chunked-disk.ts";

const CACHE_NAME = "docker-sandbox-chunks-v1";

export class HttpChunkSource implements ChunkSource {
  private cache: Promise<Cache | undefined>;
  /** Compressed bytes fetched from the network (not from Cache Storage). */
  networkBytes = 0;

  constructor(private readonly folderUrl: string) {
    this.cache = typeof caches === "undefined" ? Promise.resolve(undefined) : caches.open(CACHE_NAME).catch(() => undefined);
  }

  async load(hash: string): Promise<Uint8Array> {
    const url = new URL(chunkFileName(hash), this.folderUrl).href;
    const cache = await this.cache;
    let response = await cache?.match(url);
    if (!response) {
      response = await fetchWithRetry(url);
      const body = await response.arrayBuffer();
      this.networkBytes += body.byteLength;
      response = new Response(body);
      await cache?.put(url, response.clone()).catch(() => undefined);
    }
    return gunzip(response);
  }
}

async function fetchWithRetry(url: string, attempts = 3): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(url);
      if (response.ok) return response;
      throw new Error(`HTTP ${response.status} for ${url}`);
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

/** Some hosts serve .gz files with Content-Encoding: gzip and the browser has already inflated them. */
async function gunzip(response: Response): Promise<Uint8Array> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
