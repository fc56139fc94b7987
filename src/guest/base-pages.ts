// A save stored as a difference from the built state. Once the guest has dropped its file cache,
// most of a save's memory is the kernel's and the daemons', and much of that is the very page the
// built state holds at the same address (Node, lessons 2-5: 80 of 135 MB). A save stores those
// pages as zeros, which compress to nothing, with a bitmap of them beside it; a resume takes them
// from the built state, which the browser holds for resets anyway.
//
// The save's writer compares fingerprints, not bytes, so that it does not hold the built state's
// memory: 64 bits of two hashes per page. Pages below 1 MB stay in every save (v86's restore
// writes them itself).

import { LOW_PAGES, NOT_A_STATE, PAGE, pagesIn, wholeStateLayout } from "./state-layout.ts";
import { unzstdWhole } from "./zstd.ts";

const WORDS = PAGE / 4;

/** STATE's words, for a state whose first byte and packed memory (at MEMORY_AT) are 4-byte aligned, as v86 aligns its buffers. */
function wordsOf(state: Uint8Array, memoryAt: number): Uint32Array {
  if (state.byteOffset % 4 || memoryAt % 4) throw new Error(NOT_A_STATE);
  return new Uint32Array(state.buffer, state.byteOffset, state.length >>> 2);
}

/** Two hashes of the page at word FROM of WORDS into OUT at AT; the first is odd, so 0 marks no page. */
function fingerprint(words: Uint32Array, from: number, out: Uint32Array, at: number): void {
  let a = 0x9e3779b9;
  let b = 0x7f4a7c15;
  for (let i = from; i < from + WORDS; i++) {
    const word = words[i]!;
    a = Math.imul(a ^ word, 0x85ebca6b);
    a ^= a >>> 13;
    b = Math.imul(((b << 5) | (b >>> 27)) ^ word, 0xc2b2ae35);
  }
  out[at] = (a ^ (a >>> 16)) | 1;
  out[at + 1] = b ^ (b >>> 15);
}

/**
 * The fingerprints of the built STATE's pages, for a guest of MEMORY_BYTES: two words per guest
 * page, zeros for the pages it does not hold (all zero) and those below 1 MB.
 */
export function pageFingerprints(state: Uint8Array, memoryBytes: number): Uint32Array {
  const { memory, pages } = wholeStateLayout(state, memoryBytes);
  const words = wordsOf(state, memory.at);
  const prints = new Uint32Array((memoryBytes / PAGE) * 2);
  pages.forEach((page, i) => page >= LOW_PAGES && fingerprint(words, (memory.at + i * PAGE) / 4, prints, page * 2));
  return prints;
}

/**
 * Zeroes the pages of STATE (a whole raw state) that BUILT (pageFingerprints of the built state)
 * says the built state holds at the same address: the bitmap of those pages, undefined for none.
 */
export function leaveOutBasePages(state: Uint8Array, built: Uint32Array): Uint8Array | undefined {
  const memoryBytes = (built.length / 2) * PAGE;
  const { memory, pages } = wholeStateLayout(state, memoryBytes);
  const words = wordsOf(state, memory.at);
  const base = new Uint8Array(memoryBytes / PAGE / 8);
  const print = new Uint32Array(2);
  let found = false;
  pages.forEach((page, i) => {
    if (!built[page * 2]) return;
    const at = memory.at + i * PAGE;
    fingerprint(words, at / 4, print, 0);
    if (print[0] !== built[page * 2] || print[1] !== built[page * 2 + 1]) return;
    state.fill(0, at, at + PAGE);
    base[page >> 3]! |= 1 << (page & 7);
    found = true;
  });
  return found ? base : undefined;
}

/** The pages BASE names, from the built STATE, back to back in address order. */
export function basePages(state: Uint8Array, base: Uint8Array, memoryBytes: number): Uint8Array<ArrayBuffer> {
  const { memory, pages } = wholeStateLayout(state, memoryBytes);
  const wanted = pagesIn(base, memoryBytes / PAGE);
  const out = new Uint8Array(wanted.length * PAGE);
  let next = 0;
  pages.forEach((page, i) => {
    if (page !== wanted[next]) return;
    out.set(state.subarray(memory.at + i * PAGE, memory.at + (i + 1) * PAGE), next * PAGE);
    next++;
  });
  if (next !== wanted.length) throw new Error("the saved machine names pages of its built state that the built state does not hold");
  return out;
}

/** Writes PAGES (basePages' answer for BASE) where the guest had them. */
export function writeBasePages(pages: Uint8Array, base: Uint8Array, write: (address: number, bytes: Uint8Array) => void, memoryBytes: number): void {
  const wanted = pagesIn(base, memoryBytes / PAGE);
  if (wanted.length * PAGE !== pages.length) throw new Error("the built state's pages do not match the save's list of them");
  for (let i = 0; i < wanted.length; ) {
    // Neighbours in the guest's memory go in one copy.
    let next = i + 1;
    while (next < wanted.length && wanted[next] === wanted[next - 1]! + 1) next++;
    write(wanted[i]! * PAGE, pages.subarray(i * PAGE, next * PAGE));
    i = next;
  }
}

/**
 * From the built state as fetched (BUILT, zstd), for a guest of MEMORY_BYTES: the pages the bitmap
 * PAGES names, or without it the fingerprints of all (as bytes). Decoding it takes 85 MB: a thread
 * that ends afterwards runs this (state-decode-worker.ts). What zstd decoded is read at once, with
 * nothing in between: another frame decoded meanwhile would write over it.
 */
export async function readBuilt(built: Blob, memoryBytes: number, pages?: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return unzstdWhole(new Uint8Array(await built.arrayBuffer()), (state) =>
    pages ? basePages(state, pages, memoryBytes) : new Uint8Array(pageFingerprints(state, memoryBytes).buffer as ArrayBuffer),
  );
}
