import { describe, expect, it } from "vitest";
import { MEMORY, PAGE, v86State } from "./fixtures/v86-state.ts";
import { MemorySink } from "./state-memory.ts";

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
