// The pack: the disk chunks a learner's first commands read, as one file in the order the guest
// reads them (tools/disk-pack.ts makes it). One request brings them all, where one request per
// chunk costs Chromium 20–80 ms each on a busy machine. Its chunks are served from memory as they
// arrive, each let go once read; once whole, the pack is kept as one entry in Cache Storage, which
// serves a second read in slices, and on the next visit (offline too) the restore's reads in slices
// until the first prompt reads it whole.

/** pack.json: the pack's file and its chunks in order, each its hash and compressed size. */
export interface PackInfo {
  file: string;
  sha256: string;
  bytes: number;
  chunks: [hash: string, bytes: number][];
}

interface Place {
  at: number;
  end: number;
}

export class ChunkPack {
  private readonly places = new Map<string, Place>();
  /** Chunks at hand in memory that the guest has not read yet: a read takes its chunk out (the
   *  guest's own page cache keeps what it reuses), so the memory shrinks as the learner works. */
  private readonly unread = new Map<string, Uint8Array>();
  /** True until the pack is whole or has failed: a read of a chunk not here yet waits for it. */
  private arriving = true;
  private received = 0;
  /** Chunks of the pack, in its order, kept in memory so far. */
  private kept = 0;
  private stored: Blob | undefined;
  /** Chunks a read has taken: a stored pack read whole later leaves them out of memory. */
  private readonly taken = new Set<string>();
  private whole: Promise<void> | undefined;
  private waiters: { end: number; wake: () => void }[] = [];
  /** Settles when the pack is whole (in memory or stored) or has failed. */
  readonly settled: Promise<void>;
  /** Compressed bytes that came over the network (not from Cache Storage). */
  networkBytes = 0;

  constructor(
    private readonly url: string,
    private readonly info: PackInfo,
    private readonly cache: Promise<Cache | undefined>,
    stored?: Blob,
  ) {
    let at = 0;
    for (const [hash, bytes] of info.chunks) {
      this.places.set(hash, { at, end: at + bytes });
      at += bytes;
    }
    // A pack that cannot be had leaves each chunk to its own file.
    this.settled = this.bring(stored).then(
      () => {
        this.arriving = false;
        this.wake(Infinity);
      },
      () => {
        this.arriving = false;
        this.unread.clear();
        this.wake(Infinity);
      },
    );
  }

  /** The pack the browser already holds (a repeat visit, offline), or undefined. Its chunks come in
   *  slices of the stored entry until `readWhole`: reading all 100 MB at the start delayed the
   *  prompt by about 1.3 s, and the restore reads few of them. */
  static async stored(url: string, info: PackInfo, cache: Promise<Cache | undefined>): Promise<ChunkPack | undefined> {
    const blob = await (await (await cache)?.match(url).catch(() => undefined))?.blob().catch(() => undefined);
    return blob?.size === info.bytes ? new ChunkPack(url, info, cache, blob) : undefined;
  }

  /** Once the pack is here, reads a stored pack into memory (the chunks not taken yet), so that the
   *  reads that follow skip Cache Storage. Does nothing for a pack already in memory or not stored. */
  readWhole(): Promise<void> {
    return (this.whole ??= this.settled.then(async () => {
      if (!this.stored || this.kept === this.info.chunks.length) return;
      const whole = await this.stored.arrayBuffer().catch(() => undefined);
      if (whole?.byteLength === this.info.bytes) this.keep(new Uint8Array(whole), whole.byteLength);
    }));
  }

  has(hash: string): boolean {
    return this.places.has(hash);
  }

  /** The hashes of the pack's chunks. */
  hashes(): string[] {
    return [...this.places.keys()];
  }

  /** True when the pack is kept in Cache Storage (its chunks are at hand offline). */
  get isStored(): boolean {
    return this.stored !== undefined;
  }

  /** HASH's compressed bytes; undefined when the pack does not hold it or could not be had. */
  async get(hash: string): Promise<Uint8Array | undefined> {
    const place = this.places.get(hash);
    if (!place) return undefined;
    if (this.arriving && this.received < place.end) await new Promise<void>((wake) => this.waiters.push({ end: place.end, wake }));
    this.taken.add(hash);
    const bytes = this.unread.get(hash);
    if (bytes) {
      this.unread.delete(hash);
      return bytes;
    }
    try {
      return this.stored && new Uint8Array(await this.stored.slice(place.at, place.end).arrayBuffer());
    } catch {
      return undefined; // evicted under us: the chunk's own file serves
    }
  }

  private async bring(stored: Blob | undefined): Promise<void> {
    const cache = await this.cache;
    // Stored since this visit's start (by another tab): its chunks are at hand as for a repeat visit.
    stored ??= await (await cache?.match(this.url).catch(() => undefined))?.blob();
    if (stored?.size === this.info.bytes) {
      this.stored = stored;
      this.received = stored.size;
      return;
    }
    const response = await fetch(this.url);
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status} for ${this.url}`);
    const whole = new Uint8Array(this.info.bytes);
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (this.received + value.length > whole.length) throw new Error(`${this.url} is longer than pack.json says`);
      whole.set(value, this.received);
      this.received += value.length;
      this.keep(whole, this.received);
      this.networkBytes += value.length;
    }
    if (this.received !== whole.length) throw new Error(`${this.url} ended at ${this.received} of ${whole.length} bytes`);
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", whole));
    if ([...digest].map((b) => b.toString(16).padStart(2, "0")).join("") !== this.info.sha256) throw new Error(`${this.url} does not match its sha256`);
    // Storage that refuses the pack (quota, a private window) leaves its unread chunks in memory for this visit.
    await cache?.put(this.url, new Response(whole)).catch(() => undefined);
    this.stored = await (await cache?.match(this.url).catch(() => undefined))?.blob();
  }

  /** Keeps each chunk of WHOLE that is complete in its first TO bytes and not kept yet; wakes the reads waiting for them. */
  private keep(whole: Uint8Array, to: number): void {
    for (; this.kept < this.info.chunks.length; this.kept++) {
      const place = this.places.get(this.info.chunks[this.kept]![0])!;
      if (place.end > to) break;
      const hash = this.info.chunks[this.kept]![0];
      if (!this.taken.has(hash)) this.unread.set(hash, whole.slice(place.at, place.end));
    }
    this.wake(to);
  }

  private wake(upTo: number): void {
    const ready = this.waiters.filter((w) => w.end <= upTo);
    if (!ready.length) return;
    this.waiters = this.waiters.filter((w) => w.end > upTo);
    ready.forEach((w) => w.wake());
  }
}
