// zstd for saved machines, through WebAssembly (@bokuweb/zstd-wasm; this module is its one home):
// it stores a save in under half the time the browser's gzip takes for the same size (BENCHMARKS.md),
// and that time is a core busy beside the guest after every command. Its frames carry no checksum
// of their own, so each stored frame gets one here: a torn or damaged save fails to decode instead
// of resuming garbage.

import { compress, decompress, init } from "@bokuweb/zstd-wasm";

/** zstd's level: the size of gzip -6 at a fraction of its time. */
const LEVEL = 3;

let loaded: Promise<void> | undefined;
const ready = () => (loaded ??= init());

/** DATA's first LENGTH bytes, one zstd frame per PIECE bytes: the frames, each frame's size and checksum. */
export async function zstdFrames(data: ArrayBuffer, length: number, piece: number): Promise<{ state: Blob; members: number[]; sums: number[] }> {
  await ready();
  const frames: Uint8Array<ArrayBuffer>[] = [];
  for (let at = 0; at < length || !frames.length; at += piece) {
    frames.push(compress(new Uint8Array(data, at, Math.min(piece, length - at)), LEVEL) as Uint8Array<ArrayBuffer>);
  }
  return { state: new Blob(frames), members: frames.map((frame) => frame.length), sums: frames.map(frameSum) };
}

/** One frame decoded, once its checksum (SUM) is checked; rejects a damaged frame or one that does not decode to SIZE bytes. */
export async function unzstdFrame(frame: Uint8Array, sum: number, size: number): Promise<Uint8Array> {
  await ready();
  if (frameSum(frame) !== sum) throw new Error("the saved state is damaged (a checksum does not match)");
  const decoded = decompress(frame, { defaultHeapSize: size });
  if (decoded.length !== size) throw new Error(`a frame of the saved state holds ${decoded.length} bytes, not ${size}`);
  return decoded;
}

/** A 32-bit checksum of BYTES, a word at a time: fast enough to run over a whole save at each resume. */
function frameSum(bytes: Uint8Array): number {
  const aligned = bytes.byteOffset % 4 ? bytes.slice() : bytes;
  const words = new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.length >>> 2);
  let h = aligned.length | 0;
  for (let i = 0; i < words.length; i++) {
    h = Math.imul(h ^ words[i]!, 0x9e3779b1);
    h ^= h >>> 15;
  }
  for (let i = words.length * 4; i < aligned.length; i++) h = Math.imul(h ^ aligned[i]!, 0x9e3779b1);
  return h >>> 0;
}
