// Chunk source for the page: fetches gzip chunks over HTTP and keeps them in Cache Storage.
// Chunk names are content hashes, so a cached chunk never goes stale and a repeat visit
// (or an offline one) reads the disk without the network. The same cache is filled in the
// background (prefetch) so that every lesson works offline; the guest's own reads come first.
// The chunks a learner's first commands read come in one request, the pack (chunk-pack.ts).

import { chunkFileName } from "./disk-index.ts";
import { gunzipBytes } from "./gzip.ts";
import type { ChunkPack } from "./chunk-pack.ts";
import type { ChunkSource } from "./chunked-disk.ts";

const CACHE_NAME = "docker-sandbox-chunks-v1";

export class HttpChunkSource implements ChunkSource {
  readonly cache: Promise<Cache | undefined>;
  /** The pack, when the site has one: set before the guest's first read. */
  pack: ChunkPack | undefined;
  private chunkNetworkBytes = 0;
  /** Milliseconds in which at least one of the guest's reads waited for a chunk. */
  waitMs = 0;
  /** The guest's reads waiting for a chunk: background fetching holds back while there are any. */
  private waiting = 0;
  private waitingSince = 0;
  /** Chunks on their way from the network, so a read and a prefetch of one chunk fetch it once. */
  private readonly fetching = new Map<string, { body: Promise<Uint8Array>; priority: RequestPriority }>();
  /** The guest's reads held until the network is back. */
  private networkWaits = 0;

  /** ON_NETWORK_WAIT: the guest's reads start (true) or stop (false) waiting for a network that is gone. */
  constructor(
    private readonly folderUrl: string,
    private readonly onNetworkWait: (waiting: boolean) => void = () => {},
  ) {
    this.cache = typeof caches === "undefined" ? Promise.resolve(undefined) : caches.open(CACHE_NAME).catch(() => undefined);
  }

  /** Compressed bytes fetched from the network (not from Cache Storage), the pack's among them. */
  get networkBytes(): number {
    return this.chunkNetworkBytes + (this.pack?.networkBytes ?? 0);
  }

  async load(hash: string): Promise<Uint8Array> {
    if (this.waiting++ === 0) this.waitingSince = performance.now();
    try {
      const packed = await this.pack?.get(hash);
      // A damaged chunk in the pack (its gzip check fails) is fetched on its own.
      if (packed) return await inflated(packed).catch(() => this.loadOwn(hash));
      return await this.loadOwn(hash);
    } finally {
      if (--this.waiting === 0) this.waitMs += performance.now() - this.waitingSince;
    }
  }

  private async loadOwn(hash: string): Promise<Uint8Array> {
    const cached = await (await this.cache)?.match(this.url(hash));
    return inflated(cached ? new Uint8Array(await cached.arrayBuffer()) : await this.fetch(hash, "high"));
  }

  /** True while the guest waits for a chunk. */
  get guestWaiting(): boolean {
    return this.waiting > 0;
  }

  /** Hashes of the chunks already in Cache Storage. */
  async cachedHashes(): Promise<Set<string>> {
    const keys = (await (await this.cache)?.keys()) ?? [];
    const hashes = new Set(keys.map((request) => /([^/]+)\.gz$/.exec(new URL(request.url).pathname)?.[1] ?? ""));
    if (this.pack?.isStored) this.pack.hashes().forEach((hash) => hashes.add(hash));
    return hashes;
  }

  /** Fetches a chunk into Cache Storage at low priority (a chunk of the pack comes with the pack). */
  async prefetch(hash: string): Promise<void> {
    if (this.pack?.has(hash)) {
      await this.pack.settled;
      if (this.pack.isStored) return;
    }
    await this.fetch(hash, "low");
  }

  private url(hash: string): string {
    return new URL(chunkFileName(hash), this.folderUrl).href;
  }

  private fetch(hash: string, priority: RequestPriority): Promise<Uint8Array> {
    const current = this.fetching.get(hash);
    if (current && (current.priority === "high" || priority === "low")) return current.body;
    // The guest's read of a chunk the background is fetching: it goes on if the background gives up.
    if (current) return current.body.catch(() => this.fetch(hash, "high"));
    const url = this.url(hash);
    const body = this.fetchWithRetry(url, priority).then(async (response) => {
      const bytes = new Uint8Array(await response.arrayBuffer());
      this.chunkNetworkBytes += bytes.byteLength;
      await (await this.cache)?.put(url, new Response(bytes)).catch(() => undefined);
      return bytes;
    });
    const done = () => this.fetching.delete(hash);
    body.then(done, done);
    this.fetching.set(hash, { body, priority });
    return body;
  }

  /**
   * A server's refusal (an HTTP error) fails after a few tries. A network that is gone fails a
   * background fetch the same way, but holds the guest's read until the network is back: bytes
   * made up in its place would be a corrupt file in the learner's machine.
   */
  private async fetchWithRetry(url: string, priority: RequestPriority): Promise<Response> {
    let waiting = false;
    try {
      for (let attempt = 1; ; attempt++) {
        let response: Response | undefined;
        try {
          response = await fetch(url, { priority });
        } catch (error) {
          if (priority !== "high" && attempt >= ATTEMPTS) throw error;
          if (attempt >= ATTEMPTS && !waiting) {
            waiting = true;
            if (this.networkWaits++ === 0) this.onNetworkWait(true);
          }
        }
        if (response?.ok) return response;
        if (response && attempt >= ATTEMPTS) throw new Error(`HTTP ${response.status} for ${url}`);
        await networkPause(Math.min(RETRY_MS * 2 ** (attempt - 1), MAX_RETRY_MS));
      }
    } finally {
      if (waiting && --this.networkWaits === 0) this.onNetworkWait(false);
    }
  }
}

const ATTEMPTS = 3;
const RETRY_MS = 500;
const MAX_RETRY_MS = 5000;

/** MS, or less when the browser says the network is back. */
function networkPause(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      globalThis.removeEventListener?.("online", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    globalThis.addEventListener?.("online", done);
  });
}

/** Some hosts serve .gz files with Content-Encoding: gzip and the browser has already inflated them. */
async function inflated(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  return gunzipBytes(bytes);
}
