import { describe, expect, it } from "vitest";
import { MemorySink } from "./state-memory.ts";

const PAGE = 4096;
const MEMORY = 2 << 20; // a 2 MB guest: 512 pages, 256 of them below 1 MB

/**
 * A state laid out as v86 writes one: header, JSON block, then buffers (4-byte aligned). The CPU
 * state's entry 77 is the packed memory, 78 its bitmap; a buffer before and one after stand for the
 * devices' own. PAGES: the guest pages that are not zero, each filled with its number.
 */
function v86State(pages: number[]) {
  const bitmap = new Uint8Array(MEMORY / PAGE / 8);
  for (const page of pages) bitmap[page >> 3]! |= 1 << (page & 7);
  const packed = new Uint8Array(pages.length * PAGE);
  pages.forEach((page, i) => packed.fill(page & 0xff, i * PAGE, (i + 1) * PAGE));
  const before = new Uint8Array([1, 2, 3, 4, 5]);
  const after = new Uint8Array([9, 8, 7]);
  const buffers = [before, packed, bitmap, after];
  const infos: { offset: number; length: number }[] = [];
  let size = 0;
  for (const buffer of buffers) {
    infos.push({ offset: size, length: buffer.length });
    size = (size + buffer.length + 3) & ~3;
  }
  const state: unknown[] = [];
  state[76] = { __state_type__: "Uint8Array", buffer_id: 0 };
  state[77] = { __state_type__: "Uint8Array", buffer_id: 1 };
  state[78] = { __state_type__: "Uint8Array", buffer_id: 2 };
  state[79] = { __state_type__: "Uint8Array", buffer_id: 3 };
  const info = new TextEncoder().encode(JSON.stringify({ buffer_infos: infos, state }));
  const start = (16 + info.length + 3) & ~3;
  const bytes = new Uint8Array(start + size);
  new Int32Array(bytes.buffer, 0, 4).set([0x86768676 | 0, 6, bytes.length, info.length]);
  bytes.set(info, 16);
  buffers.forEach((buffer, i) => bytes.set(buffer, start + infos[i]!.offset));
  return { bytes, at: (i: number) => start + infos[i]!.offset };
}

/** STATE through a sink in pieces of PIECE bytes, last piece first; what it wrote and kept. */
async function sinkOf(state: Uint8Array, piece: number) {
  const memory = new Uint8Array(MEMORY);
  const writes: number[] = [];
  const sink = new MemorySink((address, bytes) => {
    writes.push(bytes.length);
    memory.set(bytes, address);
  }, MEMORY);
  await sink.prepare(state.length, async (offset, length) => state.slice(offset, offset + length));
  for (let at = Math.floor((state.length - 1) / piece) * piece; at >= 0; at -= piece) sink.take(at, state.subarray(at, Math.min(at + piece, state.length)));
  return { memory, writes, rest: new Uint8Array(sink.state()) };
}

describe("MemorySink", () => {
  const pages = [0, 1, 255, 256, 257, 258, 300, 511];
  const { bytes, at } = v86State(pages);

  for (const piece of [bytes.length, 5000, 4096, 777]) {
    it(`writes the pages above 1 MB where they were and keeps the rest for the restore (pieces of ${piece} bytes)`, async () => {
      const { memory, rest } = await sinkOf(bytes, piece);
      for (let page = 0; page < MEMORY / PAGE; page++) {
        const expected = page >= 256 && pages.includes(page) ? page & 0xff : 0;
        expect(memory.subarray(page * PAGE, (page + 1) * PAGE).every((b) => b === expected), `page ${page}`).toBe(true);
      }
      // The header, the JSON, the other buffers and the three pages below 1 MB are as they were.
      expect(rest.subarray(0, at(1) + 3 * PAGE)).toEqual(bytes.subarray(0, at(1) + 3 * PAGE));
      expect(rest.subarray(at(3))).toEqual(bytes.subarray(at(3)));
      // Where the other pages were, nothing was written.
      expect(rest.subarray(at(1) + 3 * PAGE, at(2)).every((b) => b === 0)).toBe(true);
      // The bitmap names the pages below 1 MB only.
      const bitmap = rest.subarray(at(2), at(3));
      expect([...bitmap.subarray(0, 32)]).toEqual([...bytes.subarray(at(2), at(2) + 32)]);
      expect(bitmap.subarray(32).every((b) => b === 0)).toBe(true);
    });
  }

  it("writes neighbouring pages in one copy", async () => {
    const { writes } = await sinkOf(bytes, bytes.length);
    expect(writes).toEqual([3 * PAGE, PAGE, PAGE]); // 256-258, 300, 511
  });

  it("refuses what is not such a state", async () => {
    const read = (state: Uint8Array) => async (offset: number, length: number) => state.slice(offset, offset + length);
    const sink = () => new MemorySink(() => {}, MEMORY);
    const wrongMagic = bytes.slice();
    wrongMagic[0] = 0;
    await expect(sink().prepare(bytes.length, read(wrongMagic))).rejects.toThrow(/not a machine state/);
    await expect(sink().prepare(bytes.length + 4, read(bytes))).rejects.toThrow(/not a machine state/);
    await expect(new MemorySink(() => {}, MEMORY * 2).prepare(bytes.length, read(bytes))).rejects.toThrow(/not a machine state/);
    const fewerPages = v86State([1, 2]).bytes;
    const bitmapSaysMore = fewerPages.slice();
    bitmapSaysMore[v86State([1, 2]).at(2)]! |= 0x80;
    await expect(sink().prepare(fewerPages.length, read(bitmapSaysMore))).rejects.toThrow(/not a machine state/);
  });
});
