// A v86 hard disk backed by content-addressed compressed chunks, loaded on demand.
// Writes stay in memory as 512-byte sectors, packed into slabs, and are part of a saved machine
// state; the chunks themselves are never modified, so one set of chunks serves every learner.
// Sectors written with zeros cost no copy: `dd if=/dev/zero` does not fill the tab.

import type { DiskIndex } from "./disk-index.ts";

export const SECTOR = 512;

/**
 * Written sectors per slab. A sector in an object of its own cost the tab twice its 512 bytes
 * (1.86 GB written held 3.9 GB, BENCHMARKS.md); in a slab it costs its bytes and a map entry.
 */
const SLAB_SECTORS = 2048;
const SLAB_BYTES = SLAB_SECTORS * SECTOR;
/** The slot of a written sector of zeros whose chunk is not zeros: it keeps no bytes. */
const ZEROS = -1;
const ZERO_SECTOR = new Uint8Array(SECTOR);

/** Where chunk bytes come from: files in Node, HTTP (and the browser cache) in a page. */
export interface ChunkSource {
  /** The chunk's uncompressed bytes (exactly chunkSize long). */
  load(hash: string): Promise<Uint8Array>;
}

export interface ChunkedDiskOptions {
  /** Decompressed chunks kept in memory; the guest's page cache keeps what it reuses. @default 48 MiB */
  cacheBytes?: number;
  /** Called when a chunk cannot be loaded; the guest then sees a read of zeros. */
  onError?: (error: unknown) => void;
}

/** The object v86 accepts as `hda` (its "loadable" buffer interface). */
export class ChunkedDisk {
  readonly byteLength: number;
  onload: ((e: object) => void) | undefined;
  onprogress: ((e: object) => void) | undefined;
  /** Written sector -> its slot in the slabs (slot i: slab i / SLAB_SECTORS), or ZEROS. */
  private readonly written = new Map<number, number>();
  private slabs: Uint8Array[] = [];
  private freeSlots: number[] = [];
  private nextSlot = 0;
  private readonly cache = new Map<number, Uint8Array>();
  private readonly inflight = new Map<number, Promise<Uint8Array>>();
  private readonly cacheLimit: number;
  /** Chunks fetched so far and their uncompressed bytes, for progress and benchmarks. */
  readonly stats = { chunksLoaded: 0, bytesLoaded: 0 };

  constructor(
    private readonly index: DiskIndex,
    private readonly source: ChunkSource,
    private readonly options: ChunkedDiskOptions = {},
  ) {
    this.byteLength = index.size;
    this.cacheLimit = Math.max(1, Math.floor((options.cacheBytes ?? 48 << 20) / index.chunkSize));
  }

  load(): void {
    this.onload?.({});
  }

  get(offset: number, len: number, fn: (data: Uint8Array) => void): void {
    this.read(offset, len).then(fn, (error) => {
      this.options.onError?.(error);
      fn(new Uint8Array(len));
    });
  }

  get_and_cache(offset: number, len: number, fn: (data: Uint8Array) => void): void {
    this.get(offset, len, fn);
  }

  /** Synchronous read when the bytes are at hand (v86 reads the boot sector this way). */
  get_from_cache(offset: number, len: number): Uint8Array | undefined {
    const { chunkSize } = this.index;
    const i = Math.floor(offset / chunkSize);
    if (Math.floor((offset + len - 1) / chunkSize) !== i) return undefined;
    const chunk = this.index.chunks[i] ? this.cache.get(i) : new Uint8Array(chunkSize);
    if (!chunk) return undefined;
    const out = chunk.slice(offset - i * chunkSize, offset - i * chunkSize + len);
    for (let sector = offset / SECTOR; sector < (offset + len) / SECTOR; sector++) {
      const data = this.sectorBytes(sector);
      if (data) out.set(data, sector * SECTOR - offset);
    }
    return out;
  }

  set(offset: number, data: Uint8Array, fn: () => void): void {
    for (let at = 0; at < data.length; at += SECTOR) this.store((offset + at) / SECTOR, data.subarray(at, at + SECTOR));
    fn();
  }

  /**
   * Written sectors, what a saved state must carry: the sector in each slot (-1: a free slot;
   * entries past the slabs' slots are sectors of zeros), then the slabs, which v86 copies into the
   * state without a copy of their own in between.
   */
  get_state(): [Int32Array, ...Uint8Array[]] {
    const capacity = this.slabs.length * SLAB_SECTORS;
    let zeros = 0;
    for (const slot of this.written.values()) if (slot === ZEROS) zeros++;
    const sectors = new Int32Array(capacity + zeros).fill(-1);
    let next = capacity;
    for (const [sector, slot] of this.written) sectors[slot === ZEROS ? next++ : slot] = sector;
    return [sectors, ...this.slabs];
  }

  /** A saved state's written sectors; a state saved before slabs holds [sectors, their bytes in that order]. */
  set_state(state: [Int32Array, ...Uint8Array[]]): void {
    const [sectors, ...arrays] = state;
    this.written.clear();
    this.freeSlots = [];
    if (arrays.every((slab) => slab.length === SLAB_BYTES)) {
      // v86 hands each saved array back as a copy of its own: the slabs are taken as they are.
      this.slabs = arrays;
      this.nextSlot = arrays.length * SLAB_SECTORS;
      sectors.forEach((sector, slot) => {
        if (slot >= this.nextSlot) this.written.set(sector, ZEROS);
        else if (sector < 0) this.freeSlots.push(slot);
        else this.written.set(sector, slot);
      });
      return;
    }
    this.slabs = [];
    this.nextSlot = 0;
    const bytes = arrays[0] ?? new Uint8Array(0);
    sectors.forEach((sector, i) => this.store(sector, bytes.subarray(i * SECTOR, (i + 1) * SECTOR)));
  }

  /** Keeps BYTES as the sector's contents: in its slot, unless they are zeros. */
  private store(sector: number, bytes: Uint8Array): void {
    const slot = this.written.get(sector);
    const owned = slot !== undefined && slot !== ZEROS;
    if (isZero(bytes)) {
      if (owned) this.freeSlots.push(slot);
      if (this.index.chunks[Math.floor((sector * SECTOR) / this.index.chunkSize)]) this.written.set(sector, ZEROS);
      else this.written.delete(sector); // zeros over a chunk of zeros: the disk as built
      return;
    }
    const to = owned ? slot : (this.freeSlots.pop() ?? this.nextSlot++);
    if (to >= this.slabs.length * SLAB_SECTORS) this.slabs.push(new Uint8Array(SLAB_BYTES));
    this.slabs[Math.floor(to / SLAB_SECTORS)]!.set(bytes, (to % SLAB_SECTORS) * SECTOR);
    this.written.set(sector, to);
  }

  /** A written sector's bytes (a view: not to be kept), if the guest wrote it. */
  private sectorBytes(sector: number): Uint8Array | undefined {
    const slot = this.written.get(sector);
    if (slot === undefined) return undefined;
    if (slot === ZEROS) return ZERO_SECTOR;
    const at = (slot % SLAB_SECTORS) * SECTOR;
    return this.slabs[Math.floor(slot / SLAB_SECTORS)]!.subarray(at, at + SECTOR);
  }

  /** Bytes of written sectors that a saved state carries. */
  get writtenBytes(): number {
    return this.written.size * SECTOR;
  }

  async read(offset: number, len: number): Promise<Uint8Array> {
    const out = new Uint8Array(len);
    const { chunkSize } = this.index;
    const first = Math.floor(offset / chunkSize);
    const last = Math.floor((offset + len - 1) / chunkSize);
    const chunks = await Promise.all(
      Array.from({ length: last - first + 1 }, (_, i) => this.chunk(first + i)),
    );
    chunks.forEach((chunk, i) => {
      const chunkStart = (first + i) * chunkSize;
      const from = Math.max(offset, chunkStart);
      const to = Math.min(offset + len, chunkStart + chunkSize);
      if (chunk) out.set(chunk.subarray(from - chunkStart, to - chunkStart), from - offset);
    });
    if (this.written.size) {
      for (let sector = offset / SECTOR; sector < (offset + len) / SECTOR; sector++) {
        const data = this.sectorBytes(sector);
        if (data) out.set(data, sector * SECTOR - offset);
      }
    }
    return out;
  }

  private chunk(i: number): Promise<Uint8Array | undefined> | Uint8Array | undefined {
    const hash = this.index.chunks[i];
    if (!hash) return undefined;
    const hit = this.cache.get(i);
    if (hit) {
      this.cache.delete(i); // re-insert: Map order is the LRU order
      this.cache.set(i, hit);
      return hit;
    }
    let pending = this.inflight.get(i);
    if (!pending) {
      pending = this.source.load(hash).then((data) => {
        this.inflight.delete(i);
        this.stats.chunksLoaded++;
        this.stats.bytesLoaded += data.length;
        this.cache.set(i, data);
        while (this.cache.size > this.cacheLimit) this.cache.delete(this.cache.keys().next().value!);
        return data;
      });
      pending.catch(() => this.inflight.delete(i));
      this.inflight.set(i, pending);
    }
    return pending;
  }
}

function isZero(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]) return false;
  return true;
}
