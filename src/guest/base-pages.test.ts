import { describe, expect, it } from "vitest";
import { basePages, leaveOutBasePages, pageFingerprints, readBuilt, writeBasePages } from "./base-pages.ts";
import { MEMORY, PAGE, v86State } from "./fixtures/v86-state.ts";
import { decodeFrame } from "./state-codec.ts";
import { MemorySink } from "./state-memory.ts";
import { zstdFrames } from "./zstd.ts";

/** The guest memory a state resumes to: through a sink that skips BASE, then BASE's pages from BUILT. */
async function resumed(state: Uint8Array, built?: Uint8Array, base?: Uint8Array) {
  const memory = new Uint8Array(MEMORY);
  const write = (address: number, bytes: Uint8Array) => memory.set(bytes, address);
  const sink = new MemorySink(write, MEMORY, base);
  await sink.prepare(state.length, async (offset, length) => state.slice(offset, offset + length));
  sink.take(0, state);
  if (built && base) writeBasePages(basePages(built, base, MEMORY), base, write, MEMORY);
  return memory;
}

const named = (bitmap: Uint8Array) => [...Array(MEMORY / PAGE).keys()].filter((page) => bitmap[page >> 3]! & (1 << (page & 7)));

/** No page is all zeros (v86 leaves those out of a state). */
const fill = (page: number) => (page % 251) + 1;

describe("a save as a difference from the built state", () => {
  const built = v86State([0, 1, 256, 257, 300, 301, 400], fill).bytes;
  const prints = pageFingerprints(built, MEMORY);

  it("leaves out the pages above 1 MB that equal the built state's at the same address, and resumes to the same memory", async () => {
    // 300 differs by one byte, 301 is all new, 402 the built state does not hold, 0 is below 1 MB.
    const pages = [0, 256, 257, 300, 301, 402];
    const { bytes: original, at } = v86State(pages, (page) => (page === 301 ? 0x55 : fill(page)));
    original[at(1) + 3 * PAGE + 100] = 0xee;
    const save = original.slice();
    const base = leaveOutBasePages(save, prints);
    expect(named(base!)).toEqual([256, 257]);
    // Exactly those two pages are zeros now.
    const changed = [...save.keys()].filter((i) => save[i] !== original[i]);
    expect(changed).toEqual([...Array(2 * PAGE).keys()].map((i) => at(1) + PAGE + i));
    expect(changed.every((i) => save[i] === 0)).toBe(true);
    const [from, expected] = [await resumed(save, built, base), await resumed(original)];
    expect(Buffer.compare(from, expected)).toBe(0);
    expect(from[301 * PAGE]).toBe(0x55);
  });

  it("leaves nothing out of a save that shares no page with the built state", async () => {
    const save = v86State([256, 300], (page) => fill(page) + 1).bytes;
    const copy = save.slice();
    expect(leaveOutBasePages(copy, prints)).toBeUndefined();
    expect(copy).toEqual(save);
  });

  it("refuses a list of pages the built state does not hold", async () => {
    const base = new Uint8Array(MEMORY / PAGE / 8);
    base[402 >> 3]! |= 1 << (402 & 7);
    expect(() => basePages(built, base, MEMORY)).toThrow(/does not hold/);
  });

  it("reads the built state as fetched (one zstd file) right while frames of a save decode on the same thread", async () => {
    const file = (await zstdFrames(built.buffer as ArrayBuffer, built.length, built.length)).state;
    const base = new Uint8Array(MEMORY / PAGE / 8);
    for (const page of [256, 300, 400]) base[page >> 3]! |= 1 << (page & 7);
    const other = v86State([256, 257, 258, 259], (page) => page % 7).bytes;
    const { state, members, sums } = await zstdFrames(other.buffer as ArrayBuffer, other.length, PAGE);
    let at = 0;
    const frames = members.map((size, i) => decodeFrame(state.slice(at, (at += size)), sums[i]!, Math.min(PAGE, other.length - i * PAGE)));
    const [pages, prints] = await Promise.all([readBuilt(file, MEMORY, base), readBuilt(file, MEMORY), ...frames]);
    expect(Buffer.compare(pages!, basePages(built, base, MEMORY))).toBe(0);
    expect(Buffer.compare(prints!, new Uint8Array(pageFingerprints(built, MEMORY).buffer))).toBe(0);
  });
});
