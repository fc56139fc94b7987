// A saved machine's memory written straight into a waiting emulator as the save decodes.
//
// Decoded into a buffer of its own and then copied by v86's restore, every byte of the guest's
// memory lands in fresh memory twice, and on hosts where page faults are dear fresh memory is most
// of a resume's time (a 512 MB buffer filled for the first time: 1.6-2.1 s in Chromium on this
// project's host, 20 ms the second time).
//
// This sink puts each memory page (state-layout.ts) where the guest had it, as it arrives, and
// keeps the rest of the state, with the memory's place left unwritten (pages never written cost
// nothing), for v86's restore to read. Pages below 1 MB stay in the state: the restore clears that
// range for the firmware v86 loaded there and writes them itself.

import type { StateSink } from "./state-codec.ts";
import { LOW_PAGES, memoryLayout, PAGE } from "./state-layout.ts";
import type { Place } from "./state-layout.ts";

export class MemorySink implements StateSink {
  private rest = new Uint8Array(0);
  /** The guest page each packed page belongs to, in order. */
  private pages: Int32Array = new Int32Array(0);
  private memory: Place = { at: 0, length: 0 };
  private bitmap: Place = { at: 0, length: 0 };
  /** Where the packed pages this sink writes begin (the ones below 1 MB come first and stay in the state). */
  private highFrom = 0;

  /**
   * WRITE puts bytes into the guest's memory at a physical address; the guest has MEMORY_BYTES.
   * SKIP: a bitmap of pages the state holds as zeros, which come from elsewhere (base-pages.ts).
   */
  constructor(
    private readonly write: (address: number, bytes: Uint8Array) => void,
    private readonly memoryBytes: number,
    private readonly skip?: Uint8Array,
  ) {}

  async prepare(bytes: number, read: (offset: number, length: number) => Promise<Uint8Array>): Promise<void> {
    const { memory, bitmap, pages } = await memoryLayout(bytes, read, this.memoryBytes);
    this.memory = memory;
    this.bitmap = bitmap;
    this.pages = pages;
    this.highFrom = memory.at + pages.filter((page) => page < LOW_PAGES).length * PAGE;
    this.rest = new Uint8Array(bytes);
  }

  take(offset: number, bytes: Uint8Array): void {
    const end = offset + bytes.length;
    const memoryEnd = this.memory.at + this.memory.length;
    const keep = (from: number, to: number) => from < to && this.rest.set(bytes.subarray(from - offset, to - offset), from);
    keep(offset, Math.min(end, this.highFrom));
    keep(Math.max(offset, memoryEnd), end);
    const stop = Math.min(end, memoryEnd);
    const skipped = (i: number) => this.skip !== undefined && (this.skip[this.pages[i]! >> 3]! & (1 << (this.pages[i]! & 7))) !== 0;
    for (let at = Math.max(offset, this.highFrom); at < stop; ) {
      // A run of packed pages that were neighbours in the guest's memory goes in one copy.
      const first = (at - this.memory.at) >> 12;
      let next = first + 1;
      if (skipped(first)) {
        at = Math.min(stop, this.memory.at + next * PAGE);
        continue;
      }
      while (next < this.pages.length && this.pages[next] === this.pages[next - 1]! + 1 && !skipped(next) && this.memory.at + next * PAGE < stop) next++;
      const to = Math.min(stop, this.memory.at + next * PAGE);
      this.write(this.pages[first]! * PAGE + ((at - this.memory.at) & (PAGE - 1)), bytes.subarray(at - offset, to - offset));
      at = to;
    }
  }

  /** The state for v86's restore, once every byte has been taken: its bitmap now names only the pages below 1 MB. */
  state(): ArrayBuffer {
    this.rest.fill(0, this.bitmap.at + LOW_PAGES / 8, this.bitmap.at + this.bitmap.length);
    return this.rest.buffer;
  }
}
