// A saved machine's state, packed and unpacked: frames of MEMBER_BYTES each, so that a resume
// decodes them on two threads at once and hands each one on as it is decoded, without ever
// holding the whole state. New saves are zstd frames (zstd.ts); saves made before are gzip
// members (gzip.ts) and still resume, on one thread.

import { gunzip, gzipStateBytes, inflateInto, MEMBER_BYTES, MEMBERS_MISFIT } from "./gzip.ts";
import { unzstdFrame, zstdFrames } from "./zstd.ts";

export type Codec = "gzip" | "zstd";

/** A state as stored: its codec (none: gzip), bytes, members' sizes and, for zstd, each frame's checksum and the whole's size. */
export interface PackedState {
  codec?: Codec;
  state: Blob;
  members?: number[];
  sums?: number[];
  rawBytes?: number;
}

/** Where a state goes as it is decoded. */
export interface StateSink {
  /**
   * Called first, with the state's size: reads what the sink needs before the rest arrives.
   * READ gives a copy of LENGTH bytes at OFFSET.
   */
  prepare(bytes: number, read: (offset: number, length: number) => Promise<Uint8Array>): Promise<void>;
  /** The state's bytes from OFFSET on, valid only during the call. Every byte comes once, in no set order. */
  take(offset: number, bytes: Uint8Array): void;
}

/**
 * Decodes one zstd frame on another thread, into INTO when it is given and large enough (its
 * memory then comes back in the answer), for SIZE bytes checked against the frame's checksum SUM.
 */
export type FrameDecoder = (frame: Blob, sum: number, size: number, into?: ArrayBuffer) => Promise<Uint8Array>;

/** Frames a helper thread works on at once: one decodes while the other's answer travels. */
const HELPER_FRAMES = 2;

/** DATA's first LENGTH bytes packed as a new save is. */
export async function packState(data: ArrayBuffer, length = data.byteLength): Promise<Required<PackedState> & { codec: "zstd" }> {
  const { state, members, sums } = await zstdFrames(data, length, MEMBER_BYTES);
  return { codec: "zstd", state, members, sums, rawBytes: length };
}

/**
 * The state decoded into SINK. This thread works from the first frame on, HELPER (when given) from
 * the last back, until they meet. Rejects when a frame is damaged or the frames do not add up;
 * the sink may have taken part of the state by then.
 */
export async function streamState(packed: PackedState, sink: StateSink, helper?: FrameDecoder): Promise<void> {
  const codec = packed.codec ?? "gzip";
  const frames = framesOf(packed);
  if (codec === "gzip") {
    let whole: Uint8Array;
    if (frames) await inflateInto(frames, (whole = new Uint8Array(await gzipStateBytes(frames))));
    else whole = new Uint8Array(await gunzip(packed.state));
    await sink.prepare(whole.length, async (offset, length) => {
      if (offset + length > whole.length) throw new Error(MEMBERS_MISFIT);
      return whole.slice(offset, offset + length);
    });
    return sink.take(0, whole);
  }
  if (!frames || packed.sums?.length !== frames.length) throw new Error(MEMBERS_MISFIT);
  const sums = packed.sums;
  const bytes = zstdStateBytes(packed, frames.length);
  const sizeOf = (i: number) => Math.min(MEMBER_BYTES, bytes - i * MEMBER_BYTES);
  const frameOf = async (i: number) => new Uint8Array(await frames[i]!.arrayBuffer());

  // What the sink reads first, decoded once and kept until the others are under way.
  const early = new Map<number, Uint8Array>();
  await sink.prepare(bytes, async (offset, length) => {
    if (offset < 0 || length < 0 || offset + length > bytes) throw new Error(MEMBERS_MISFIT);
    const out = new Uint8Array(length);
    for (let i = Math.floor(offset / MEMBER_BYTES); i * MEMBER_BYTES < offset + length; i++) {
      let frame = early.get(i);
      if (!frame) {
        const decoded = new Uint8Array(sizeOf(i));
        await unzstdFrame(await frameOf(i), sums[i]!, decoded.length, (view) => decoded.set(view));
        early.set(i, (frame = decoded));
      }
      const from = Math.max(offset, i * MEMBER_BYTES);
      const to = Math.min(offset + length, i * MEMBER_BYTES + frame.length);
      out.set(frame.subarray(from - i * MEMBER_BYTES, to - i * MEMBER_BYTES), from - offset);
    }
    return out;
  });
  for (const [i, frame] of early) sink.take(i * MEMBER_BYTES, frame);

  const left = [...frames.keys()].filter((i) => !early.has(i));
  early.clear();
  let failed = false;
  const mine = async () => {
    for (let i = left.shift(); i !== undefined && !failed; i = left.shift()) {
      const at = i * MEMBER_BYTES;
      await unzstdFrame(await frameOf(i), sums[i]!, sizeOf(i), (view) => sink.take(at, view));
    }
  };
  // Memory the helper's answers arrive in, sent back for the next frames.
  const spare: ArrayBuffer[] = [];
  const helped = async () => {
    for (let i = left.pop(); i !== undefined && !failed; i = left.pop()) {
      const decoded = await helper!(frames[i]!, sums[i]!, sizeOf(i), spare.pop());
      if (decoded.length !== sizeOf(i)) throw new Error(MEMBERS_MISFIT);
      sink.take(i * MEMBER_BYTES, decoded);
      spare.push(decoded.buffer as ArrayBuffer);
    }
  };
  const work = [mine(), ...(helper ? Array.from({ length: HELPER_FRAMES }, helped) : [])].map((p) =>
    p.catch((error: unknown) => {
      failed = true;
      throw error;
    }),
  );
  await Promise.all(work);
}

/** One frame decoded into INTO (when large enough) or fresh memory: what a helper thread does. */
export async function decodeFrame(frame: Blob, sum: number, size: number, into?: ArrayBuffer): Promise<Uint8Array> {
  const out = into && into.byteLength >= size ? new Uint8Array(into, 0, size) : new Uint8Array(size);
  await unzstdFrame(new Uint8Array(await frame.arrayBuffer()), sum, size, (view) => out.set(view));
  return out;
}

/** A save's members as Blobs, or undefined for a save from before members (one gzip stream). */
function framesOf(packed: PackedState): Blob[] | undefined {
  if (!packed.members) return undefined;
  const blobs: Blob[] = [];
  let at = 0;
  for (const size of packed.members) blobs.push(packed.state.slice(at, (at += size)));
  if (at !== packed.state.size) throw new Error(`the saved state holds ${packed.state.size} bytes, its members ${at}`);
  return blobs;
}

/** A zstd state's size, from its record: every frame but the last holds MEMBER_BYTES. */
function zstdStateBytes(packed: PackedState, frames: number): number {
  const bytes = packed.rawBytes ?? -1;
  if (!(bytes >= 0 && bytes <= MEMBER_BYTES * frames && (frames === 1 || bytes > MEMBER_BYTES * (frames - 1)))) throw new Error(MEMBERS_MISFIT);
  return bytes;
}
