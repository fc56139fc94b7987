// zstd for saved machines, through WebAssembly (@bokuweb/zstd-wasm's compiled zstd; this module is
// its one home): it stores a save in under half the time the browser's gzip takes for the same
// size (BENCHMARKS.md), and that time is a core busy beside the guest after every command. Its
// frames carry no checksum of their own, so each stored frame gets one here: a torn or damaged
// save fails to decode instead of resuming garbage.
//
// The library's own calls return every frame in fresh memory, and fresh memory is what a resume
// pays most for where page faults are dear (a 512 MB buffer filled for the first time took 1.6 s
// on this project's host, filled again 20 ms). So this module drives the compiled zstd itself,
// through regions of its memory that later frames reuse. The package's exports list hides that
// file, hence the path.
import { Module as zstd, waitInitialized } from "../../node_modules/@bokuweb/zstd-wasm/dist/web/module.js";

/** zstd's level: the size of gzip -6 at a fraction of its time. */
const LEVEL = 3;

const WASM_URL = new URL("../../node_modules/@bokuweb/zstd-wasm/dist/web/zstd.wasm", import.meta.url);

let loaded: Promise<void> | undefined;
const ready = () =>
  (loaded ??= (async () => {
    // A page fetches the file; Node reads it (its fetch has no file: URLs).
    const { readFile } = WASM_URL.protocol === "file:" ? await import("node:fs/promises") : { readFile: undefined };
    zstd.init(readFile ? await readFile(WASM_URL) : WASM_URL.href);
    await waitInitialized();
  })());

/** DATA's first LENGTH bytes, one zstd frame per PIECE bytes: the frames, each frame's size and checksum. */
export async function zstdFrames(data: ArrayBuffer, length: number, piece: number): Promise<{ state: Blob; members: number[]; sums: number[] }> {
  await ready();
  const frames: Blob[] = [];
  const members: number[] = [];
  const sums: number[] = [];
  for (let at = 0; at < length || !frames.length; at += piece) {
    const bytes = Math.min(piece, length - at);
    const input = region("input", bytes);
    const output = region("output", zstd._ZSTD_compressBound(bytes));
    zstd.HEAPU8.set(new Uint8Array(data, at, bytes), input);
    const size: number = zstd._ZSTD_compress(output, regions.get("output")!.bytes, input, bytes, LEVEL);
    if (zstd._ZSTD_isError(size)) throw new Error("zstd could not compress the machine's state");
    const frame = zstd.HEAPU8.subarray(output, output + size);
    // A Blob copies its parts when it is made: the region is free for the next frame.
    frames.push(new Blob([frame]));
    members.push(size);
    sums.push(frameSum(frame));
  }
  return { state: new Blob(frames), members, sums };
}

/**
 * One frame decoded, once its checksum (SUM) is checked, and handed to USE as a view of zstd's
 * memory, valid only during the call; rejects a damaged frame or one that does not decode to SIZE
 * bytes. The frame goes through one input and one output region that later frames reuse.
 */
export async function unzstdFrame(frame: Uint8Array, sum: number, size: number, use: (bytes: Uint8Array) => void): Promise<void> {
  await ready();
  if (frameSum(frame) !== sum) throw new Error("the saved state is damaged (a checksum does not match)");
  const input = region("input", frame.length);
  const output = region("output", size);
  zstd.HEAPU8.set(frame, input);
  const decoded: number = zstd._ZSTD_decompress(output, size, input, frame.length);
  if (zstd._ZSTD_isError(decoded)) throw new Error("the saved state is damaged (a frame does not decode)");
  if (decoded !== size) throw new Error(`a frame of the saved state holds ${decoded} bytes, not ${size}`);
  // HEAPU8 is read after the calls: a memory that grew replaced it.
  use(zstd.HEAPU8.subarray(output, output + size));
}

/**
 * A zstd file that records its size (the built state, checked against its sha256 when fetched),
 * decoded and handed to USE as a view of zstd's memory, valid only during the call.
 */
export async function unzstdWhole<T>(file: Uint8Array, use: (bytes: Uint8Array) => T): Promise<T> {
  await ready();
  const input = region("input", file.length);
  zstd.HEAPU8.set(file, input);
  const size: number = zstd._ZSTD_getFrameContentSize(input, file.length);
  if (!(size > 0)) throw new Error("the built state does not record its size");
  const output = region("output", size);
  const decoded: number = zstd._ZSTD_decompress(output, size, input, file.length);
  if (zstd._ZSTD_isError(decoded) || decoded !== size) throw new Error("the built state does not decode");
  return use(zstd.HEAPU8.subarray(output, output + size));
}

/** zstd's memory regions kept from frame to frame, grown when a frame needs more. */
const regions = new Map<string, { at: number; bytes: number }>();
function region(name: string, bytes: number): number {
  const held = regions.get(name);
  if (held && held.bytes >= bytes) return held.at;
  if (held) {
    zstd._free(held.at);
    regions.delete(name);
  }
  const at: number = zstd._malloc(Math.max(bytes, 1));
  if (!at) throw new Error("zstd has no memory left for the machine's state");
  regions.set(name, { at, bytes });
  return at;
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
