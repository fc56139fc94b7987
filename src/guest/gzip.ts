// gunzip with the browser's own streams (DecompressionStream), for disk chunks and for saved
// machines made before saves were zstd (state-codec.ts still reads them). gzip's trailer (CRC-32
// and length) is such a save's checksum: a torn or damaged one fails to decompress. A saved machine
// is a run of members, one per MEMBER_BYTES of the state, so that a resume decodes them on two threads.

import { concatBytes } from "./bytes.ts";

/** Uncompressed bytes per member of a saved machine, gzip or zstd (the last holds the rest). */
export const MEMBER_BYTES = 8 << 20;

/** Rejects when DATA is not whole gzip (its CRC-32 or length does not match). */
export function gunzip(data: Blob): Promise<ArrayBuffer> {
  return new Response(data.stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
}

/**
 * DATA inflated on this thread, through the stream itself: wrapping the bytes in a Blob and a
 * Response (as gunzip does) costs a round trip to the browser's process, 8 ms for a 128 KiB disk
 * chunk against 1 ms this way. Rejects when DATA is not whole gzip.
 */
export async function gunzipBytes(data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new DecompressionStream("gzip");
  const writer = stream.writable.getWriter();
  // A damaged input rejects these too; the reader reports it.
  writer.write(data as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  const parts: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return concatBytes(parts);
    parts.push(value);
  }
}

export const MEMBERS_MISFIT = "the saved state's members do not add up";

/**
 * The gzip members MEMBERS inflated into OUT, back to back: each but the last fills MEMBER_BYTES,
 * the last the rest. Written straight in as the stream gives them, not gathered and copied: a
 * machine state is hundreds of MB, and each MB of fresh memory costs page faults. Rejects when a
 * member is damaged or its length does not fit.
 */
export async function inflateInto(members: readonly Blob[], out: Uint8Array): Promise<void> {
  for (const [i, member] of members.entries()) {
    let at = i * MEMBER_BYTES;
    const end = i === members.length - 1 ? out.length : at + MEMBER_BYTES;
    if (end > out.length) throw new Error(MEMBERS_MISFIT);
    const reader = member.stream().pipeThrough(new DecompressionStream("gzip")).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (at + value.length > end) {
        await reader.cancel();
        throw new Error(MEMBERS_MISFIT);
      }
      out.set(value, at);
      at += value.length;
    }
    if (at !== end) throw new Error(MEMBERS_MISFIT);
  }
}

/**
 * The whole state's size, before any of it is inflated: a gzip member ends with its length
 * (ISIZE, mod 2^32; members are smaller), and every member but the last holds MEMBER_BYTES.
 */
export async function gzipStateBytes(members: readonly Blob[]): Promise<number> {
  const last = members[members.length - 1]!;
  const lastBytes = last.size >= 4 ? new DataView(await last.slice(-4).arrayBuffer()).getUint32(0, true) : Infinity;
  if (!(lastBytes <= MEMBER_BYTES)) throw new Error(MEMBERS_MISFIT);
  return MEMBER_BYTES * (members.length - 1) + lastBytes;
}
