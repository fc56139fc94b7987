// save-compaction.ts with v86/patches/0009 to 0011 on the real guest: the stored state leaves the
// clean file cache out, the running machine is rewound to the moment before with its cache, its
// clock and what was typed meanwhile, and the compact state resumes a working machine.

import { expect, it } from "vitest";
import { createEmulator } from "../../src/guest/emulator.ts";
import type { LoadableDisk } from "../../src/guest/emulator.ts";
import { chunkedDisk, DEFAULT_GUEST_DIR, readManifest, waitForEmulatorStart } from "../../src/guest/node-machine.ts";
import { stateBytes } from "../../src/guest/machine-saver.ts";
import { compactState } from "../../src/guest/save-compaction.ts";
import { serialLink } from "../../src/guest/serial-link.ts";
import type { PortLink } from "../../src/guest/serial-link.ts";
import { ShellRunner } from "../../src/guest/shell-runner.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { useGuest } from "./guest-machine.ts";

const guest = useGuest();
const cachedKiB = async () => Number(/(\d+)/.exec((await guest.run("grep ^Cached: /proc/meminfo")).output)![1]);
/** Guest clock minus host clock, in seconds, give or take half the command's time (SPREAD). */
async function clockLead(): Promise<{ lead: number; spread: number }> {
  const before = Date.now() / 1000;
  const guestTime = Number((await guest.run("date +%s.%N")).output.trim());
  const after = Date.now() / 1000;
  return { lead: guestTime - (before + after) / 2, spread: (after - before) / 2 };
}

/** Saves the machine and compacts that state; WANTED ends the drop early. */
async function compact(wanted: Promise<unknown> = new Promise(() => {})) {
  const { emulator, console } = guest.machine();
  const full = await emulator.save_state();
  // The harness's console is a port link (serialLink), typed as the plain link its shell needs.
  return { full, compacted: compactState(emulator, full, stateBytes(full), { ports: [console as PortLink], into: undefined, readsLanded: async () => true, wanted }) };
}

let compactSave: ArrayBuffer | undefined;

it("stores the machine without its clean file cache, while the running machine keeps its cache and its clock", async () => {
  await guest.run("echo kept > /lab/kept.txt && docker run -d --name keeper busybox sleep 3600");
  // Files read: page cache the running machine keeps and the save leaves out.
  await guest.run("cat /usr/bin/containerd* /usr/sbin/dockerd /usr/bin/docker > /dev/null");
  const cachedBefore = await cachedKiB();
  const leadBefore = await clockLead();

  const { full, compacted } = await compact();
  const { state, heldSeconds } = await compacted;
  expect(state).toBeDefined();
  console.log(`whole state ${(stateBytes(full) / 1e6).toFixed(1)} MB, compact ${(stateBytes(state!) / 1e6).toFixed(1)} MB, guest held ${heldSeconds.toFixed(2)} s`);
  expect(stateBytes(full) - stateBytes(state!)).toBeGreaterThan(cachedBefore * 1024 * 0.5);
  compactSave = state!.slice(0, stateBytes(state!));

  expect(await cachedKiB()).toBeGreaterThan(cachedBefore * 0.9);
  // Time went on through the rewind: the guest saw a pause, not a jump back.
  const leadAfter = await clockLead();
  expect(Math.abs(leadAfter.lead - leadBefore.lead)).toBeLessThan(0.2 + leadBefore.spread + leadAfter.spread);
  expect((await guest.machine().agent.sh("cat /lab/kept.txt")).output).toBe("kept\n");
  expect((await guest.run("docker run --rm busybox echo after-the-rewind")).output).toContain("after-the-rewind");
}, 600_000);

it("a command typed while the guest drops its cache ends the drop: the whole state is the save, and the command runs once", async () => {
  const { compacted } = await compact();
  const typed = guest.run("echo typed-$((6 * 7))");
  const { state, heldSeconds } = await compacted;
  console.log(`interrupted after ${heldSeconds.toFixed(2)} s`);
  expect(state).toBeUndefined();
  expect((await typed).output.match(/typed-42/g)).toHaveLength(1);
}, 600_000);

it("a disk read in flight when the drop is cut short does not land in the rewound machine", async () => {
  // A reader that goes to the disk all along (O_DIRECT: no cache), so that a read is under way
  // during the drop whatever the drop evicts.
  await guest.run("(while :; do dd if=/dev/sda of=/dev/null bs=4096 count=1 skip=$RANDOM iflag=direct 2>/dev/null; done) & echo $! > /tmp/reader.pid");
  const { emulator, disk } = guest.machine();
  const reads = disk as { get: LoadableDisk["get"] };
  const get = reads.get;
  // Reads the guest begins during the drop are held until after the rewind, as a slow network holds
  // them in a page; the first one ends the drop, as a key typed then would.
  const held: (() => void)[] = [];
  let readBegun = () => {};
  const wanted = new Promise<void>((resolve) => (readBegun = resolve));
  let begun = 0;
  reads.get = (offset, len, fn) => {
    begun++;
    readBegun();
    get.call(disk, offset, len, (data) => held.push(() => fn(data)));
  };
  try {
    await (await compact(wanted)).compacted;
  } finally {
    reads.get = get;
  }
  expect(begun).toBeGreaterThan(0);
  while (held.length < begun) await new Promise((resolve) => setTimeout(resolve, 10));
  // v86 tells of each read it completes: none of these may complete in the rewound machine.
  let landed = 0;
  let delivering = false;
  const onReadEnd = () => delivering && landed++;
  emulator.add_listener("ide-read-end", onReadEnd);
  delivering = true;
  held.forEach((deliver) => deliver());
  delivering = false;
  emulator.remove_listener("ide-read-end", onReadEnd);
  expect(landed).toBe(0);
  await guest.run("kill $(cat /tmp/reader.pid)");
  expect((await guest.run("dmesg | tail -n 1 > /dev/null && docker run --rm busybox echo intact")).output).toContain("intact");
}, 600_000);

it("resumes a working machine from the compact state", async () => {
  expect(compactSave).toBeDefined();
  const manifest = readManifest(DEFAULT_GUEST_DIR);
  const file = (name: string) => new Uint8Array(readFileSync(join(DEFAULT_GUEST_DIR, name))).buffer;
  const emulator = createEmulator({
    bios: file(manifest.artifacts.bios.file),
    vgaBios: file(manifest.artifacts.vgaBios.file),
    disk: chunkedDisk(DEFAULT_GUEST_DIR, manifest.artifacts.diskIndex.file, manifest.disk.folder),
    state: compactSave!,
  });
  const shell = new ShellRunner(serialLink(emulator, 0));
  try {
    await waitForEmulatorStart(emulator, 60);
    await shell.waitForPrompt(60, true);
    expect((await shell.run("cat /lab/kept.txt")).output).toContain("kept");
    expect((await shell.run("docker ps --format '{{.Names}} {{.Status}}'")).output).toMatch(/keeper Up/);
    expect((await shell.run("docker run --rm busybox echo resumed")).output).toContain("resumed");
  } finally {
    shell.dispose();
    await emulator.destroy();
  }
}, 600_000);
