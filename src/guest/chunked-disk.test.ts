import { describe, expect, it } from "vitest";
import { ChunkedDisk, SECTOR } from "./chunked-disk.ts";
import type { ChunkSource } from "./chunked-disk.ts";

const CHUNK = 4 * SECTOR;

/** Disk of 4 chunks: chunk i is filled with byte i+1, chunk 2 is zeros (not stored). */
function makeDisk(cacheBytes?: number) {
  const loads: string[] = [];
  const source: ChunkSource = {
    async load(hash) {
      loads.push(hash);
      return new Uint8Array(CHUNK).fill(Number(hash.slice(1)));
    },
  };
  const disk = new ChunkedDisk({ size: 4 * CHUNK, chunkSize: CHUNK, chunks: ["h1", "h2", "", "h4"] }, source, { cacheBytes });
  const read = (offset: number, len: number) => new Promise<Uint8Array>((resolve) => disk.get(offset, len, resolve));
  const write = (offset: number, data: Uint8Array) => new Promise<void>((resolve) => disk.set(offset, data, resolve));
  return { disk, loads, read, write };
}

describe("ChunkedDisk", () => {
  it("reads across chunk boundaries and returns zeros for empty chunks without loading them", async () => {
    const { read, loads } = makeDisk();
    const data = await read(CHUNK - SECTOR, 3 * SECTOR + CHUNK);
    expect(data.subarray(0, SECTOR).every((b) => b === 1)).toBe(true);
    expect(data.subarray(SECTOR, SECTOR + CHUNK).every((b) => b === 2)).toBe(true);
    expect(data.subarray(SECTOR + CHUNK).every((b) => b === 0)).toBe(true);
    expect(loads).toEqual(["h1", "h2"]);
  });

  it("loads each chunk once while it stays cached", async () => {
    const { read, loads } = makeDisk();
    await Promise.all([read(0, SECTOR), read(SECTOR, SECTOR)]);
    await read(2 * SECTOR, SECTOR);
    expect(loads).toEqual(["h1"]);
  });

  it("drops the least recently used chunk past its cache limit", async () => {
    const { read, loads } = makeDisk(CHUNK);
    await read(0, SECTOR);
    await read(CHUNK, SECTOR);
    await read(0, SECTOR);
    expect(loads).toEqual(["h1", "h2", "h1"]);
  });

  it("keeps writes over the chunks and carries them through a saved state", async () => {
    const { disk, read, write } = makeDisk();
    await write(SECTOR, new Uint8Array(SECTOR).fill(9));
    const data = await read(0, 3 * SECTOR);
    expect([data[0], data[SECTOR], data[2 * SECTOR]]).toEqual([1, 9, 1]);
    expect(disk.writtenBytes).toBe(SECTOR);

    const restored = makeDisk();
    restored.disk.set_state(disk.get_state());
    const again = await restored.read(0, 3 * SECTOR);
    expect([again[0], again[SECTOR], again[2 * SECTOR]]).toEqual([1, 9, 1]);
  });

  it("keeps no copy of sectors written with zeros, and reads them back as zeros", async () => {
    const { disk, read, write } = makeDisk();
    await write(2 * CHUNK, new Uint8Array(SECTOR).fill(7));
    await write(2 * CHUNK, new Uint8Array(2 * SECTOR)); // zeros over the chunk of zeros: nothing to keep
    expect(disk.writtenBytes).toBe(0);
    await write(CHUNK, new Uint8Array(SECTOR)); // zeros over chunk 2's bytes: kept, as the shared zero sector
    expect(await read(CHUNK, 2 * SECTOR)).toEqual(new Uint8Array(2 * SECTOR).fill(2, SECTOR));
    expect((await read(2 * CHUNK, SECTOR)).every((b) => b === 0)).toBe(true);

    const restored = makeDisk();
    restored.disk.set_state(disk.get_state());
    expect(restored.disk.writtenBytes).toBe(SECTOR);
    expect((await restored.read(CHUNK, SECTOR)).every((b) => b === 0)).toBe(true);
  });

  it("packs written sectors into slabs, reuses the slots of sectors zeroed since, and saves and restores them", async () => {
    // A disk of 2 chunks of 4096 sectors each, both with bytes.
    const chunk = 4096 * SECTOR;
    const source: ChunkSource = { load: async () => new Uint8Array(chunk).fill(1) };
    const make = () => new ChunkedDisk({ size: 2 * chunk, chunkSize: chunk, chunks: ["a", "b"] }, source);
    const disk = make();
    const write = (sector: number, byte: number) => new Promise<void>((resolve) => disk.set(sector * SECTOR, new Uint8Array(SECTOR).fill(byte), resolve));
    for (let sector = 0; sector < 3000; sector++) await write(sector, (sector % 250) + 2);
    expect(disk.get_state().length - 1).toBe(2); // 3000 sectors: two slabs of 2048
    for (let sector = 0; sector < 1000; sector++) await write(sector, 0);
    for (let sector = 5000; sector < 6000; sector++) await write(sector, 7);
    expect(disk.get_state().length - 1).toBe(2); // the zeroed sectors' slots took the new ones
    expect(disk.writtenBytes).toBe(4000 * SECTOR);

    const restored = make();
    restored.set_state(disk.get_state());
    const read = (at: number) => new Promise<Uint8Array>((resolve) => restored.get(at * SECTOR, SECTOR, resolve));
    expect([(await read(999))[0], (await read(1000))[0], (await read(2999))[0], (await read(3000))[0], (await read(5999))[0]]).toEqual([0, 2, 251, 1, 7]);
    expect(restored.writtenBytes).toBe(4000 * SECTOR);
    await new Promise<void>((resolve) => restored.set(6000 * SECTOR, new Uint8Array(SECTOR).fill(9), resolve));
    expect(restored.get_state().length - 1).toBe(2); // a restored disk still knows its free slots
  });

  it("restores a state saved before slabs: the sectors, then their bytes in that order", async () => {
    const { disk, read } = makeDisk();
    const bytes = new Uint8Array(2 * SECTOR);
    bytes.fill(5, 0, SECTOR); // sector 1: fives; sector 8 (chunk 2, zeros as built): zeros, so nothing to keep
    disk.set_state([Int32Array.from([1, 8]), bytes]);
    expect((await read(0, 2 * SECTOR))[SECTOR]).toBe(5);
    expect(disk.writtenBytes).toBe(SECTOR);
  });

  it("answers synchronous reads only when the bytes are at hand", async () => {
    const { disk, read } = makeDisk();
    expect(disk.get_from_cache(0, SECTOR)).toBeUndefined();
    expect(disk.get_from_cache(2 * CHUNK, SECTOR)?.every((b) => b === 0)).toBe(true);
    await read(0, SECTOR);
    expect(disk.get_from_cache(0, SECTOR)?.every((b) => b === 1)).toBe(true);
  });

  it("reports a chunk that fails to load and hands the guest zeros", async () => {
    const errors: unknown[] = [];
    const disk = new ChunkedDisk({ size: CHUNK, chunkSize: CHUNK, chunks: ["bad"] }, { load: () => Promise.reject(new Error("offline")) }, { onError: (e) => errors.push(e) });
    const data = await new Promise<Uint8Array>((resolve) => disk.get(0, SECTOR, resolve));
    expect(data.every((b) => b === 0)).toBe(true);
    expect(errors).toHaveLength(1);
  });
});
