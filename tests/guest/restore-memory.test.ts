// v86/patches/0005: a restore into a machine that has not run skips zeroing its memory above
// 1 MB, which holds only when nothing but the BIOS images has written there before the restore.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { createEmulator } from "../../src/guest/emulator.ts";
import { chunkedDisk, DEFAULT_GUEST_DIR, readManifest } from "../../src/guest/node-machine.ts";

type Cpu = { memory_size: Uint32Array; guest_ran: boolean; is_memory_zeroed(addr: number, length: number): boolean };

it("a new machine's memory above 1 MB is all zeros until the restore, which leaves it to the state", async () => {
  const guest = readManifest(DEFAULT_GUEST_DIR);
  const file = (name: string) => new Uint8Array(readFileSync(join(DEFAULT_GUEST_DIR, name))).buffer;
  const { bios, vgaBios, state, diskIndex } = guest.artifacts;
  const emulator = createEmulator({
    bios: file(bios.file),
    vgaBios: file(vgaBios.file),
    disk: chunkedDisk(DEFAULT_GUEST_DIR, diskIndex.file, guest.disk.folder),
    state: file(state.file),
  });
  const cpu = () => (emulator as unknown as { v86: { cpu: Cpu } }).v86.cpu;
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
