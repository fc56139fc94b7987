import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { MEMBER_BYTES } from "./gzip.ts";
import { decodeFrame, packState, streamState } from "./state-codec.ts";
import type { FrameDecoder, PackedState, StateSink } from "./state-codec.ts";

/** Two and a half members of bytes that compress somewhat, as a machine's memory does. */
function state(): ArrayBuffer {
  const bytes = new Uint8Array(MEMBER_BYTES * 2.5);
  const noise = randomBytes(1 << 16);
  for (let at = 0; at < bytes.length; at += 1 << 17) bytes.set(noise.subarray(0, Math.min(1 << 16, bytes.length - at)), at);
  bytes[0] = 1;
  bytes[bytes.length - 1] = 2;
  return bytes.buffer;
}

const same = (a: ArrayBuffer, b: ArrayBuffer) => Buffer.from(a).equals(Buffer.from(b));

/** A helper that decodes on this thread, and the sizes it was handed. */
function helper(): { decode: FrameDecoder; handed: number[] } {
  const handed: number[] = [];
  return {
    handed,
    decode: (frame, sum, size, into) => {
      handed.push(size);
      return decodeFrame(frame, sum, size, into);
    },
  };
}

/**
 * PACKED decoded whole through a sink that first reads its first and last 100 bytes, as the
 * machine's sink reads a state's header and bitmap before the rest.
 */
async function unpackState(packed: PackedState, decode?: FrameDecoder): Promise<ArrayBuffer> {
  let whole = new Uint8Array(0);
  const taken: number[] = [];
  const sink: StateSink = {
    async prepare(bytes, read) {
      whole = new Uint8Array(bytes);
      const head = await read(0, Math.min(100, bytes));
      const tail = await read(Math.max(0, bytes - 100), Math.min(100, bytes));
      whole.set(head, 0);
      whole.set(tail, Math.max(0, bytes - 100));
      await expect(read(bytes - 1, 2)).rejects.toThrow(/do not add up/);
    },
    take(offset, bytes) {
      taken.push(offset);
      whole.set(bytes, offset);
    },
  };
  await streamState(packed, sink, decode);
  expect(new Set(taken).size).toBe(taken.length); // every part once
  return whole.buffer;
}

describe("a saved machine's state in zstd frames", () => {
  it("round-trips on one thread and shared with a helper", async () => {
    const data = state();
    const packed = await packState(data);
    expect(packed.codec).toBe("zstd");
    expect(packed.members).toHaveLength(3);
    expect(packed.members.reduce((a, b) => a + b)).toBe(packed.state.size);
    expect(packed.state.size).toBeLessThan(data.byteLength / 2);
    const { decode, handed } = helper();
    for (const whole of [await unpackState(packed), await unpackState(packed, decode)]) expect(same(whole, data)).toBe(true);
    // The first and last frames were read first, and this thread took the one left.
    expect(handed).toEqual([]);
  });

  it("shares a longer state between this thread and the helper, from both ends", async () => {
    const data = new Uint8Array(MEMBER_BYTES * 6 + 3);
    for (let at = 0; at < data.length; at += 4096) data[at] = at / 4096;
    const { decode, handed } = helper();
    expect(Buffer.from(await unpackState(await packState(data.buffer), decode)).equals(Buffer.from(data))).toBe(true);
    expect(handed.length).toBeGreaterThan(0);
    expect(handed.length).toBeLessThan(5);
  });

  it("packs the first LENGTH bytes of a larger buffer, and an empty state as one frame", async () => {
    const data = state();
    expect(same(await unpackState(await packState(data, MEMBER_BYTES + 5)), data.slice(0, MEMBER_BYTES + 5))).toBe(true);
    const empty = await packState(new ArrayBuffer(0));
    expect(empty.members).toHaveLength(1);
    expect((await unpackState(empty)).byteLength).toBe(0);
  });

  it("rejects a damaged frame, a cut-off state, and members or sizes that do not add up", async () => {
    const packed = await packState(state());
    const bytes = new Uint8Array(await packed.state.arrayBuffer());
    bytes[packed.members[0]! + 100]! ^= 0xff;
    await expect(unpackState({ ...packed, state: new Blob([bytes]) })).rejects.toThrow(/damaged/);
    await expect(unpackState({ ...packed, state: packed.state.slice(0, packed.state.size - 10) })).rejects.toThrow(/holds .* bytes, its members/);
    const shifted = [packed.members[0]! + packed.members[1]!, packed.members[2]!];
    await expect(unpackState({ ...packed, members: shifted, sums: packed.sums.slice(1) })).rejects.toThrow();
    for (const rawBytes of [MEMBER_BYTES * 2, MEMBER_BYTES * 3 + 1, MEMBER_BYTES * 2.5 - 1]) {
      await expect(unpackState({ ...packed, rawBytes })).rejects.toThrow();
    }
    const { sums: _, ...unsummed } = packed;
    await expect(unpackState(unsummed)).rejects.toThrow(/do not add up/);
  });
});

/** DATA as saves before zstd stored it: one gzip member per MEMBER_BYTES. */
function gzipMembers(data: ArrayBuffer): Required<Pick<PackedState, "state" | "members">> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let at = 0; at < data.byteLength || !parts.length; at += MEMBER_BYTES) parts.push(new Uint8Array(gzipSync(new Uint8Array(data, at, Math.min(MEMBER_BYTES, data.byteLength - at)))));
  return { state: new Blob(parts), members: parts.map((part) => part.length) };
}

describe("a saved machine's state in gzip members (saves made before zstd)", () => {
  it("round-trip on one thread and shared with a helper", async () => {
    const data = state();
    const packed = gzipMembers(data);
    expect(packed.members).toHaveLength(3);
    const { decode, handed } = helper();
    for (const whole of [await unpackState(packed), await unpackState(packed, decode)]) expect(same(whole, data)).toBe(true);
    // gzip members decode on this thread.
    expect(handed).toEqual([]);
  });

  it("reads a save from before members: one gzip stream", async () => {
    const data = state().slice(0, MEMBER_BYTES);
    const { state: packed } = gzipMembers(data);
    expect(same(await unpackState({ state: packed }), data)).toBe(true);
  });

  it("rejects a damaged member, a cut-off state and members that do not add up", async () => {
    const packed = gzipMembers(state());
    const bytes = new Uint8Array(await packed.state.arrayBuffer());
    bytes[packed.members[0]! + 100]! ^= 0xff;
    await expect(unpackState({ ...packed, state: new Blob([bytes]) })).rejects.toThrow();
    await expect(unpackState({ ...packed, state: packed.state.slice(0, packed.state.size - 10) })).rejects.toThrow(/holds .* bytes, its members/);
    const shifted = [packed.members[0]! + packed.members[1]!, packed.members[2]!];
    await expect(unpackState({ ...packed, members: shifted })).rejects.toThrow(/do not add up/);
    // The last member's stored length sizes the whole: one that lies is caught either way.
    for (const length of [MEMBER_BYTES + 1, 100]) {
      const lying = new Uint8Array(await packed.state.arrayBuffer());
      new DataView(lying.buffer).setUint32(lying.length - 4, length, true);
      await expect(unpackState({ ...packed, state: new Blob([lying]) })).rejects.toThrow(/do not add up/);
    }
  });
});
