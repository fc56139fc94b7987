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
 * bytes at OFFSET (a sink reads them as they are decoded). Throws NOT_A_STATE for anything else.
 */
export async function memoryLayout(bytes: number, read: (offset: number, length: number) => Promise<Uint8Array>, memoryBytes: number): Promise<MemoryLayout> {
  const infoBytes = infoBytesOf(await read(0, HEADER_BYTES), bytes);
  const { memory, bitmap } = placesOf(await read(HEADER_BYTES, infoBytes), infoBytes, bytes);
  return { memory, bitmap, pages: packedPages(await read(bitmap.at, bitmap.length), memory, memoryBytes) };
}

/**
 * The same for a whole state at hand, at once: no other work can come between (what zstd
 * decoded is valid only until its next call).
 */
export function wholeStateLayout(state: Uint8Array, memoryBytes: number): MemoryLayout {
  const read = (offset: number, length: number) => state.subarray(offset, offset + length);
  const infoBytes = infoBytesOf(read(0, HEADER_BYTES), state.length);
  const { memory, bitmap } = placesOf(read(HEADER_BYTES, infoBytes), infoBytes, state.length);
  return { memory, bitmap, pages: packedPages(read(bitmap.at, bitmap.length), memory, memoryBytes) };
}

/** The JSON block's length, from the header of what should be a state of BYTES bytes. */
function infoBytesOf(header: Uint8Array, bytes: number): number {
  if (header.length < HEADER_BYTES) throw new Error(NOT_A_STATE);
  const fields = new DataView(header.buffer, header.byteOffset, HEADER_BYTES);
  const infoBytes = fields.getInt32(12, true);
  if (fields.getInt32(0, true) !== MAGIC || fields.getInt32(8, true) !== bytes || infoBytes <= 0 || HEADER_BYTES + infoBytes > bytes) throw new Error(NOT_A_STATE);
  return infoBytes;
}

/** Where the packed memory and its bitmap lie, from the JSON block INFO. */
function placesOf(info: Uint8Array, infoBytes: number, bytes: number): { memory: Place; bitmap: Place } {
  const parsed = JSON.parse(new TextDecoder().decode(info)) as {
    buffer_infos?: { offset: number; length: number }[];
    state?: ({ buffer_id?: number } | null)[];
  };
  const buffersAt = (HEADER_BYTES + infoBytes + 3) & ~3;
  const place = (entry: number): Place => {
    const found = parsed.buffer_infos?.[parsed.state?.[entry]?.buffer_id ?? -1];
    if (!found || found.offset < 0 || buffersAt + found.offset + found.length > bytes) throw new Error(NOT_A_STATE);
    return { at: buffersAt + found.offset, length: found.length };
  };
  return { memory: place(PACKED_MEMORY), bitmap: place(MEMORY_BITMAP) };
}

/** The guest page of each packed page, from the bitmap BITS; they must fill MEMORY. */
function packedPages(bits: Uint8Array, memory: Place, memoryBytes: number): Int32Array {
  const pageCount = memoryBytes / PAGE;
  if (bits.length * 8 < pageCount || memory.length % PAGE) throw new Error(NOT_A_STATE);
  const pages = pagesIn(bits, pageCount);
  if (pages.length * PAGE !== memory.length) throw new Error(NOT_A_STATE);
  return pages;
}

/** The pages a bitmap of PAGE_COUNT pages names, in order. */
export function pagesIn(bits: Uint8Array, pageCount: number): Int32Array {
  const pages: number[] = [];
  for (let page = 0; page < pageCount; page++) if (bits[page >> 3]! & (1 << (page & 7))) pages.push(page);
  return Int32Array.from(pages);
}
