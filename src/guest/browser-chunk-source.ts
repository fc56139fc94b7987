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

/** Why the guest's reads wait for a chunk: the network is gone, or the site did not serve it (DETAIL says how, for the learner). */
export type DiskWait = { reason: "network" } | { reason: "site"; detail: string };

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
  /** The guest's reads held until a chunk comes, and why each waits. */
  private readonly held = new Set<Hold>();
  private reported: DiskWait | undefined;

  /** CHUNK_SIZE: the disk's bytes per chunk. ON_WAIT: why the guest's reads wait now, or undefined when none does. */
  constructor(
    private readonly folderUrl: string,
    private readonly chunkSize: number,
    private readonly onWait: (wait: DiskWait | undefined) => void = () => {},
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

  /** A stored chunk that does not inflate to a whole chunk is dropped and fetched again, until a whole one comes. */
  private async loadOwn(hash: string): Promise<Uint8Array> {
    const url = this.url(hash);
    const cache = await this.cache;
    const cached = await cache?.match(url);
    if (cached) {
      const bytes = await this.inflateChunk(new Uint8Array(await cached.arrayBuffer()));
      if (bytes) return bytes;
    }
    const hold: Hold = {};
    try {
      for (let attempt = 1; ; attempt++) {
        if (cached || attempt > 1) await cache?.delete(url).catch(() => false);
        const bytes = await this.inflateChunk(await this.fetch(hash, "high"));
        if (bytes) return bytes;
        if (attempt >= ATTEMPTS) this.hold(hold, { reason: "site", detail: "it sent a damaged copy of a part of the machine" });
        await networkPause(retryPause(attempt));
      }
    } finally {
      this.release(hold);
    }
  }

  private async inflateChunk(bytes: Uint8Array): Promise<Uint8Array | undefined> {
    const out = await inflated(bytes).catch(() => undefined);
    return out?.length === this.chunkSize ? out : undefined;
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
    const body = this.fetchWithRetry(url, priority).then(async (bytes) => {
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
   * A background fetch gives up after a few tries. The guest's read never does: bytes made up in
   * place of a chunk would be a corrupt file in the learner's machine. It waits for a network
   * that is gone, and for a site that refuses the chunk or answers with something else (a deploy
   * half copied, a host that answers every path with its page), and says which.
   */
  private async fetchWithRetry(url: string, priority: RequestPriority): Promise<Uint8Array<ArrayBuffer>> {
    const hold: Hold = {};
    try {
      for (let attempt = 1; ; attempt++) {
        let failure: DiskWait;
        try {
          const response = await fetch(url, { priority });
          const bytes = response.ok ? new Uint8Array(await response.arrayBuffer()) : undefined;
          if (bytes && looksLikeChunk(bytes, this.chunkSize)) return bytes;
          failure = { reason: "site", detail: bytes ? "it answered with something other than a part of the machine" : `it answered HTTP ${response.status} for a part of the machine` };
        } catch {
          failure = { reason: "network" };
        }
        if (attempt >= ATTEMPTS) {
          if (priority !== "high") throw new Error(failure.reason === "network" ? `no network for ${url}` : `${url}: ${failure.detail}`);
          this.hold(hold, failure);
        }
        await networkPause(retryPause(attempt));
      }
    } finally {
      this.release(hold);
    }
  }

  private hold(hold: Hold, wait: DiskWait): void {
    hold.wait = wait;
    this.held.add(hold);
    this.reportWait();
  }

  private release(hold: Hold): void {
    if (this.held.delete(hold)) this.reportWait();
  }

  /** Tells the page why the guest waits, when that changes: the site's answer first, since reloading may mend it. */
  private reportWait(): void {
    const waits = [...this.held].flatMap((hold) => (hold.wait ? [hold.wait] : []));
    const wait = waits.find((w) => w.reason === "site") ?? waits[0];
    if (JSON.stringify(wait) === JSON.stringify(this.reported)) return;
    this.reported = wait;
    this.onWait(wait);
  }
}

/**
 * Whether BYTES can be a chunk: gzip whose trailer gives the chunk's length, or the chunk itself
 * (a host that sends .gz files with Content-Encoding: gzip). Catches pages served in place of a
 * missing file and cut-off bodies before they are stored; the inflate checks the rest.
 */
function looksLikeChunk(bytes: Uint8Array, chunkSize: number): boolean {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes.length === chunkSize;
  const at = bytes.length - 4;
  return at >= 10 && new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0, true) === chunkSize % 2 ** 32;
}

/** One of the guest's reads held, and why. */
type Hold = { wait?: DiskWait };

const ATTEMPTS = 3;
const RETRY_MS = 500;
const MAX_RETRY_MS = 5000;

function retryPause(attempt: number): number {
  return Math.min(RETRY_MS * 2 ** (attempt - 1), MAX_RETRY_MS);
}

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
