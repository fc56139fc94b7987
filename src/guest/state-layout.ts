// Where a v86 state keeps the guest's memory. A state is a 16-byte header, a JSON block that says
// where each of its buffers lies, then the buffers. The guest's memory is one of them: its non-zero
// pages back to back (the CPU state's entry 77), with a bitmap of which pages they are (entry 78).

export const PAGE = 4096;
/** Pages below 1 MB, which v86's restore writes itself (it clears that range for its firmware). */
export const LOW_PAGES = 0x100000 / PAGE;
const HEADER_BYTES = 16;
const MAGIC = 0x86768676 | 0;
/** The CPU state's entries for the packed memory and its bitmap (v86's cpu.js, get_state). */
const PACKED_MEMORY = 77;
const MEMORY_BITMAP = 78;

export const NOT_A_STATE = "the saved state is not a machine state this emulator can read";

export interface Place {
  at: number;
  length: number;
}

export interface MemoryLayout {
  /** The packed pages. */
  memory: Place;
  bitmap: Place;
  /** The guest page each packed page is, in order. */
  pages: Int32Array;
}

/**
 * Where the memory of a state of BYTES bytes lies, for a guest of MEMORY_BYTES; READ gives LENGTH
 * bytes at OFFSET. Throws NOT_A_STATE for anything else.
 */
export async function memoryLayout(bytes: number, read: (offset: number, length: number) => Promise<Uint8Array> | Uint8Array, memoryBytes: number): Promise<MemoryLayout> {
  const header = await read(0, HEADER_BYTES);
  const fields = new DataView(header.buffer, header.byteOffset, HEADER_BYTES);
  const infoBytes = fields.getInt32(12, true);
  if (fields.getInt32(0, true) !== MAGIC || fields.getInt32(8, true) !== bytes || infoBytes <= 0) throw new Error(NOT_A_STATE);
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
  const memory = place(PACKED_MEMORY);
  const bitmap = place(MEMORY_BITMAP);
  const bits = await read(bitmap.at, bitmap.length);
  const pageCount = memoryBytes / PAGE;
  if (bits.length * 8 < pageCount || memory.length % PAGE) throw new Error(NOT_A_STATE);
  const pages = pagesIn(bits, pageCount);
  if (pages.length * PAGE !== memory.length) throw new Error(NOT_A_STATE);
  return { memory, bitmap, pages };
}

/** The pages a bitmap of PAGE_COUNT pages names, in order. */
export function pagesIn(bits: Uint8Array, pageCount: number): Int32Array {
  const pages: number[] = [];
  for (let page = 0; page < pageCount; page++) if (bits[page >> 3]! & (1 << (page & 7))) pages.push(page);
  return Int32Array.from(pages);
}
