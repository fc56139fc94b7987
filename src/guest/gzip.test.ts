import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { gunzipMembers, gzipMembers, inflateMembers, MEMBER_BYTES } from "./gzip.ts";
import type { MemberInflater } from "./gzip.ts";

/** Two and a half members of bytes that compress somewhat, as a machine's memory does. */
function state(): ArrayBuffer {
  const bytes = new Uint8Array(MEMBER_BYTES * 2.5);
  const noise = randomBytes(1 << 16);
  for (let at = 0; at < bytes.length; at += 1 << 17) bytes.set(noise.subarray(0, Math.min(1 << 16, bytes.length - at)), at);
  bytes[0] = 1;
  bytes[bytes.length - 1] = 2;
  return bytes.buffer;
}

describe("a saved machine's gzip members", () => {
  it("round-trip on one thread and shared with a helper", async () => {
    const data = state();
    const { state: packed, members } = await gzipMembers(data);
    expect(members).toHaveLength(3);
    expect(members.reduce((a, b) => a + b)).toBe(packed.size);
    const handed: number[][] = [];
    const helper: MemberInflater = (blobs, bytes) => {
      handed.push([blobs.length, bytes]);
      return inflateMembers(blobs, bytes);
    };
    for (const whole of [await gunzipMembers(packed, members), await gunzipMembers(packed, members, helper)]) {
      expect(Buffer.from(whole).equals(Buffer.from(data))).toBe(true);
    }
    expect(handed).toEqual([[1, MEMBER_BYTES / 2]]);
  });

  it("reads a save from before members: one gzip stream", async () => {
    const data = state();
    const { state: packed } = await gzipMembers(data.slice(0, MEMBER_BYTES));
    expect(Buffer.from(await gunzipMembers(packed, undefined)).equals(Buffer.from(data.slice(0, MEMBER_BYTES)))).toBe(true);
  });

  it("an empty state is one empty member", async () => {
    const { state: packed, members } = await gzipMembers(new ArrayBuffer(0));
    expect(members).toHaveLength(1);
    expect((await gunzipMembers(packed, members)).byteLength).toBe(0);
  });

  it("rejects a damaged member, a cut-off state and members that do not add up", async () => {
    const { state: packed, members } = await gzipMembers(state());
    const bytes = new Uint8Array(await packed.arrayBuffer());
    bytes[members[0]! + 100] ^= 0xff;
    await expect(gunzipMembers(new Blob([bytes]), members)).rejects.toThrow();
    await expect(gunzipMembers(packed.slice(0, packed.size - 10), members)).rejects.toThrow(/holds .* bytes, its members/);
    const shifted = [members[0]! + members[1]!, members[2]!];
    await expect(gunzipMembers(packed, shifted)).rejects.toThrow(/do not add up/);
    // The last member's stored length sizes the whole: one that lies is caught either way.
    for (const length of [MEMBER_BYTES + 1, 100]) {
      const lying = new Uint8Array(await packed.arrayBuffer());
      new DataView(lying.buffer).setUint32(lying.length - 4, length, true);
      await expect(gunzipMembers(new Blob([lying]), members)).rejects.toThrow(/do not add up/);
    }
  });
});
