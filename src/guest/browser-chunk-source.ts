// Chunk source for the page: fetches gzip chunks over HTTP and keeps them in Cache Storage.
// Chunk names are content hashes, so a cached chunk never goes stale and a repeat visit
// (or an offline one) reads the disk without the network. The same cache is filled in the
// background (prefetch) so that every lesson works offline; the guest's own reads come first.

import { chunkFileName } from "./disk-index.ts";
import { gunzip } from "./gzip.ts";
import type { ChunkSource } from "./chunked-disk.ts";

const CACHE_NAME = "docker-sandbox-chunks-v1";

export class HttpChunkSource implements ChunkSource {
  private cache: Promise<Cache | undefined>;
  /** Compressed bytes fetched from the network (not from Cache Storage). */
  networkBytes = 0;
  /** The guest's reads waiting for a chunk: background fetching holds back while there are any. */
  private waiting = 0;
  /** Chunks on their way from the network, so a read and a prefetch of one chunk fetch it once. */
  private readonly fetching = new Map<string, Promise<Uint8Array>>();

  constructor(private readonly folderUrl: string) {
    this.cache = typeof caches === "undefined" ? Promise.resolve(undefined) : caches.open(CACHE_NAME).catch(() => undefined);
  }

  async load(hash: string): Promise<Uint8Array> {
    this.waiting++;
    try {
      const cached = await (await this.cache)?.match(this.url(hash));
      return inflated(cached ? new Uint8Array(await cached.arrayBuffer()) : await this.fetch(hash, "high"));
    } finally {
      this.waiting--;
    }
  }

  /** True while the guest waits for a chunk. */
  get guestWaiting(): boolean {
    return this.waiting > 0;
  }

  /** Hashes of the chunks already in Cache Storage. */
  async cachedHashes(): Promise<Set<string>> {
    const keys = (await (await this.cache)?.keys()) ?? [];
    return new Set(keys.map((request) => /([^/]+)\.gz$/.exec(new URL(request.url).pathname)?.[1] ?? ""));
  }

  /** Fetches a chunk into Cache Storage at low priority; its compressed size. */
  async prefetch(hash: string): Promise<number> {
    return (await this.fetch(hash, "low")).byteLength;
  }

  private url(hash: string): string {
    return new URL(chunkFileName(hash), this.folderUrl).href;
  }

  private fetch(hash: string, priority: RequestPriority): Promise<Uint8Array> {
    let pending = this.fetching.get(hash);
    if (!pending) {
      const url = this.url(hash);
      pending = fetchWithRetry(url, priority).then(async (response) => {
        const body = new Uint8Array(await response.arrayBuffer());
        this.networkBytes += body.byteLength;
        await (await this.cache)?.put(url, new Response(body)).catch(() => undefined);
        return body;
      });
      const done = () => this.fetching.delete(hash);
      pending.then(done, done);
      this.fetching.set(hash, pending);
    }
    return pending;
  }
}

async function fetchWithRetry(url: string, priority: RequestPriority, attempts = 3): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(url, { priority });
      if (response.ok) return response;
      throw new Error(`HTTP ${response.status} for ${url}`);
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

/** Some hosts serve .gz files with Content-Encoding: gzip and the browser has already inflated them. */
async function inflated(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  return new Uint8Array(await gunzip(new Blob([bytes as Uint8Array<ArrayBuffer>])));
}
