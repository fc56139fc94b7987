// v86/patches/0005: a restore into a machine that has not run skips zeroing its memory above
// 1 MB, which holds only when nothing but the BIOS images has written there before the restore.
// v86/patches/0006: a save packs the guest's memory straight into the state, and a restore reads
// it where it lies in the state; the memory must come back byte for byte.
// v86/patches/0007: a save writes into an earlier save's buffer when it is large enough.
// A resume writes a save's memory straight into a waiting machine as it decodes (state-memory.ts)
// and restores the rest: the same memory must come back, byte for byte.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { createEmulator, machineAwaitingState, MEMORY_BYTES, restoreRest } from "../../src/guest/emulator.ts";
import { chunkedDisk, DEFAULT_GUEST_DIR, readManifest } from "../../src/guest/node-machine.ts";
import { decodeFrame, packState, streamState } from "../../src/guest/state-codec.ts";
import { MemorySink } from "../../src/guest/state-memory.ts";

type Cpu = { memory_size: Uint32Array; mem8: Uint8Array; guest_ran: boolean; is_memory_zeroed(addr: number, length: number): boolean };

const guest = readManifest(DEFAULT_GUEST_DIR);
const file = (name: string) => new Uint8Array(readFileSync(join(DEFAULT_GUEST_DIR, name))).buffer;
const images = () => ({
  bios: file(guest.artifacts.bios.file),
  vgaBios: file(guest.artifacts.vgaBios.file),
  disk: chunkedDisk(DEFAULT_GUEST_DIR, guest.artifacts.diskIndex.file, guest.disk.folder),
});
const cpuOf = (emulator: object) => (emulator as { v86: { cpu: Cpu } }).v86.cpu;

function machine(state?: ArrayBuffer) {
  const emulator = createEmulator({ ...images(), state: state ?? file(guest.artifacts.state.file) });
  return { emulator, cpu: () => cpuOf(emulator) };
}

it("a new machine's memory above 1 MB is all zeros until the restore, which leaves it to the state", async () => {
  const { emulator, cpu } = machine();
  const beforeRestore = new Promise<{ ran: boolean; dirtyPages: number }>((resolve) =>
    emulator.add_listener("emulator-ready", () => {
      const { memory_size, guest_ran } = cpu();
      let dirtyPages = 0;
      for (let page = 0x100; page < memory_size[0]! >> 12; page++) if (!cpu().is_memory_zeroed(page << 12, 0x1000)) dirtyPages++;
      resolve({ ran: guest_ran, dirtyPages });
    }),
  );
  const loaded = new Promise<void>((resolve) => emulator.add_listener("emulator-loaded", () => resolve()));
  try {
    expect(await beforeRestore).toEqual({ ran: false, dirtyPages: 0 });
    await loaded;
    expect(cpu().guest_ran).toBe(true);
  } finally {
    await emulator.destroy();
  }
}, 60_000);

it("a running machine's memory saves, into an earlier save's longer buffer, and restores byte for byte, also streamed into a waiting machine", async () => {
  const first = machine();
  let saved: { state: ArrayBuffer; memory: Uint8Array };
  try {
    await new Promise<void>((resolve) => first.emulator.add_listener("emulator-loaded", () => resolve()));
    // The guest runs a while: the saved memory is its own, not the built state's.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await first.emulator.stop();
    const fresh = await first.emulator.save_state();
    // An earlier save's buffer, longer than this state and full of its bytes.
    const earlier = new ArrayBuffer(fresh.byteLength + (1 << 20));
    new Uint8Array(earlier).fill(0xa5);
    const into = await first.emulator.save_state(earlier);
    expect(into).toBe(earlier);
    const length = new Int32Array(into, 0, 4)[2]!;
    expect(length).toBe(fresh.byteLength);
    // One too small: a new buffer with room for the next states to grow.
    const grown = await first.emulator.save_state(new ArrayBuffer(0));
    expect(grown.byteLength).toBeGreaterThanOrEqual(length * 1.25);
    expect(new Int32Array(grown, 0, 4)[2]).toBe(length);
    saved = { state: into.slice(0, length), memory: first.cpu().mem8.slice() };
  } finally {
    await first.emulator.destroy();
  }
  // An uncompressed state, as the page's saves are: the restore's path that reads the memory in place.
  expect(new Uint32Array(saved.state, 0, 1)[0]).toBe(0x86768676);
  const second = machine(saved.state);
  try {
    const restored = await new Promise<Uint8Array>((resolve) =>
      // Before the restored guest runs an instruction (run() only schedules its first tick).
      second.emulator.add_listener("emulator-loaded", () => resolve(second.cpu().mem8.slice())),
    );
    expect(restored.length).toBe(saved.memory.length);
    expect(Buffer.compare(restored, saved.memory)).toBe(0);
  } finally {
    await second.emulator.destroy();
  }
  // As a page resumes a save: packed, then decoded on two threads (the helper's here in line)
  // with the memory written into a waiting machine as it comes.
  const { emulator: third, write } = await machineAwaitingState(images());
  try {
    const sink = new MemorySink(write, MEMORY_BYTES);
    const helped: number[] = [];
    await streamState(await packState(saved.state), sink, (frame, sum, size, into) => {
      helped.push(size);
      return decodeFrame(frame, sum, size, into);
    });
    restoreRest(third, sink.state());
    expect(helped.length).toBeGreaterThan(0);
    expect(Buffer.compare(cpuOf(third).mem8.slice(), saved.memory)).toBe(0);
  } finally {
    await third.destroy();
  }
}, 180_000);
