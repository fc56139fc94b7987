// A saved machine's memory written straight into a waiting emulator as the save decodes.
//
// A v86 state is a 16-byte header, a JSON block that says where each of its buffers lies, then the
// buffers. The guest's memory is one of them: its non-zero pages back to back (the CPU state's
// entry 77), with a bitmap of which pages they are (entry 78). Decoded into a buffer of its own and
// then copied by v86's restore, every byte of it lands in fresh memory twice, and on hosts where
// page faults are dear fresh memory is most of a resume's time (a 512 MB buffer filled for the
// first time: 1.6-2.1 s in Chromium on this project's host, 20 ms the second time).
//
// This sink puts each memory page where the guest had it, as it arrives, and keeps the rest of
// the state, with the memory's place left unwritten (pages never written cost nothing), for v86's
// restore to read. Pages below 1 MB stay in the state: the restore clears that range for the
// firmware v86 loaded there and writes them itself.

import type { StateSink } from "./state-codec.ts";

const HEADER_BYTES = 16;
const MAGIC = 0x86768676 | 0;
/** The CPU state's entries for the packed memory and its bitmap (v86's cpu.js, get_state). */
const PACKED_MEMORY = 77;
const MEMORY_BITMAP = 78;
const PAGE = 4096;
/** Pages below 1 MB, which v86's restore writes itself. */
const LOW_PAGES = 0x100000 / PAGE;

const NOT_A_STATE = "the saved state is not a machine state this emulator can read";

interface Place {
  at: number;
  length: number;
}

export class MemorySink implements StateSink {
  private rest = new Uint8Array(0);
  /** The guest page each packed page belongs to, in order. */
  private pages = new Int32Array(0);
  private memory: Place = { at: 0, length: 0 };
  private bitmap: Place = { at: 0, length: 0 };
  /** Where the packed pages this sink writes begin (the ones below 1 MB come first and stay in the state). */
  private highFrom = 0;

  /** WRITE puts bytes into the guest's memory at a physical address; the guest has MEMORY_BYTES. */
  constructor(
    private readonly write: (address: number, bytes: Uint8Array) => void,
    private readonly memoryBytes: number,
  ) {}

  async prepare(bytes: number, read: (offset: number, length: number) => Promise<Uint8Array>): Promise<void> {
    const header = new DataView((await read(0, HEADER_BYTES)).buffer);
    const infoBytes = header.getInt32(12, true);
    if (header.getInt32(0, true) !== MAGIC || header.getInt32(8, true) !== bytes || infoBytes <= 0) throw new Error(NOT_A_STATE);
    const info = JSON.parse(new TextDecoder().decode(await read(HEADER_BYTES, infoBytes))) as {
      buffer_infos?: { offset: number; length: number }[];
      state?: ({ buffer_id?: number } | null)[];
    };
    const buffersAt = (HEADER_BYTES + infoBytes + 3) & ~3;
    const place = (entry: number): Place => {
      const found = info.buffer_infos?.[info.state?.[entry]?.buffer_id ?? -1];
      if (!found || found.offset < 0 || buffersAt + found.offset + found.length > bytes) throw new Error(NOT_A_STATE);
      return { at: buffersAt + found.offset, length: found.length };
    };
    this.memory = place(PACKED_MEMORY);
    this.bitmap = place(MEMORY_BITMAP);
    const bits = await read(this.bitmap.at, this.bitmap.length);
    const pageCount = this.memoryBytes / PAGE;
    if (bits.length * 8 < pageCount || this.memory.length % PAGE) throw new Error(NOT_A_STATE);
    const pages: number[] = [];
    for (let page = 0; page < pageCount; page++) if (bits[page >> 3]! & (1 << (page & 7))) pages.push(page);
    if (pages.length * PAGE !== this.memory.length) throw new Error(NOT_A_STATE);
    this.pages = Int32Array.from(pages);
    this.highFrom = this.memory.at + pages.filter((page) => page < LOW_PAGES).length * PAGE;
    this.rest = new Uint8Array(bytes);
  }

  take(offset: number, bytes: Uint8Array): void {
    const end = offset + bytes.length;
    const memoryEnd = this.memory.at + this.memory.length;
    const keep = (from: number, to: number) => from < to && this.rest.set(bytes.subarray(from - offset, to - offset), from);
    keep(offset, Math.min(end, this.highFrom));
    keep(Math.max(offset, memoryEnd), end);
    const stop = Math.min(end, memoryEnd);
    for (let at = Math.max(offset, this.highFrom); at < stop; ) {
      // A run of packed pages that were neighbours in the guest's memory goes in one copy.
      const first = (at - this.memory.at) >> 12;
      let next = first + 1;
      while (next < this.pages.length && this.pages[next] === this.pages[next - 1]! + 1 && this.memory.at + next * PAGE < stop) next++;
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
