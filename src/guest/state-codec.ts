// A saved machine's state, packed and unpacked: members of MEMBER_BYTES each, so that a resume
// decodes them on two threads at once. New saves are zstd frames (zstd.ts), saves made before
// are gzip members (gzip.ts) and still resume.

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

/** A run of members to decode into BYTES, handed to another thread. */
export interface Share {
  codec: Codec;
  members: Blob[];
  sums: number[] | undefined;
  bytes: number;
}

/** Decodes a share elsewhere (another thread). */
export type ShareDecoder = (share: Share) => Promise<ArrayBuffer>;

/** DATA's first LENGTH bytes packed as a new save is. */
export async function packState(data: ArrayBuffer, length = data.byteLength): Promise<Required<PackedState> & { codec: "zstd" }> {
  const { state, members, sums } = await zstdFrames(data, length, MEMBER_BYTES);
  return { codec: "zstd", state, members, sums, rawBytes: length };
}

/**
 * The state whole: its members split between this thread and HELPER (when given), which work at
 * the same time. Rejects when a member is damaged or the members do not add up.
 */
export async function unpackState(packed: PackedState, helper?: ShareDecoder): Promise<ArrayBuffer> {
  const codec = packed.codec ?? "gzip";
  if (!packed.members) {
    if (codec !== "gzip") throw new Error(MEMBERS_MISFIT);
    return gunzip(packed.state); // a save from before members: one gzip stream
  }
  const blobs: Blob[] = [];
  let at = 0;
  for (const size of packed.members) blobs.push(packed.state.slice(at, (at += size)));
  if (at !== packed.state.size) throw new Error(`the saved state holds ${packed.state.size} bytes, its members ${at}`);
  const bytes = codec === "gzip" ? await gzipStateBytes(blobs) : zstdStateBytes(packed, blobs.length);
  const share = (from: number, to: number): Share => ({
    codec,
    members: blobs.slice(from, to),
    sums: packed.sums?.slice(from, to),
    bytes: Math.min(to * MEMBER_BYTES, bytes) - from * MEMBER_BYTES,
  });
  // The helper takes the second half: both halves are ready at about the same time.
  const split = helper ? Math.ceil(blobs.length / 2) : blobs.length;
  const remote = helper && blobs.length > split ? helper(share(split, blobs.length)) : undefined;
  remote?.catch(() => undefined); // awaited below, unless this thread's half fails first
  const whole = new Uint8Array(bytes);
  const mine = share(0, split);
  await decodeInto(mine, whole.subarray(0, mine.bytes));
  if (remote) whole.set(new Uint8Array(await remote), mine.bytes);
  return whole.buffer;
}

/** A share decoded into a new buffer (what a helper thread does). */
export async function decodeShare(share: Share): Promise<ArrayBuffer> {
  const out = new Uint8Array(share.bytes);
  await decodeInto(share, out);
  return out.buffer;
}

async function decodeInto(share: Share, out: Uint8Array): Promise<void> {
  if (share.codec === "gzip") return inflateInto(share.members, out);
  if (share.sums?.length !== share.members.length) throw new Error(MEMBERS_MISFIT);
  for (const [i, member] of share.members.entries()) {
    const at = i * MEMBER_BYTES;
    const size = i === share.members.length - 1 ? out.length - at : MEMBER_BYTES;
    if (size < 0 || at + size > out.length) throw new Error(MEMBERS_MISFIT);
    out.set(await unzstdFrame(new Uint8Array(await member.arrayBuffer()), share.sums[i]!, size), at);
  }
}

/** A zstd state's size, from its record: every frame but the last holds MEMBER_BYTES. */
function zstdStateBytes(packed: PackedState, frames: number): number {
  const bytes = packed.rawBytes ?? -1;
  if (!(bytes >= 0 && bytes <= MEMBER_BYTES * frames && (frames === 1 || bytes > MEMBER_BYTES * (frames - 1)))) throw new Error(MEMBERS_MISFIT);
  return bytes;
}
