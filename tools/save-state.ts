// Build stage: cold-boots the finished guest, waits until Docker answers at the prompt,
// shrinks what the state must hold, saves the machine state and compresses it.
// usage: tsx tools/save-state.ts GUEST_DIR   (holds kernel, initrd, bios and the chunked disk)

import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GUEST_FILES } from "../src/guest/guest-manifest.ts";
import { startToPrompt } from "../src/guest/node-machine.ts";

const guestDir = process.argv[2];
if (!guestDir) throw new Error("usage: save-state.ts GUEST_DIR");

const started = Date.now();
const machine = await startToPrompt(guestDir, "boot", { timeoutS: 900 });
console.log(`save-state: prompt after ${Math.round((Date.now() - started) / 1000)} s of cold boot`);

// Leading spaces keep these out of the learner's history (HISTCONTROL=ignorespace in .bashrc).
const prepare = [
  " docker info --format '{{.Driver}} {{.DefaultRuntime}} {{.Images}} images' && docker images --format '{{.Repository}}:{{.Tag}}' | wc -l",
  // Evict every clean file page, including the daemons' mapped code: after a restore they read
  // back from the chunked disk only the pages they touch (state 55 -> 22 MB, first run +1 s).
  // The write reports EAGAIN once nothing more can go, which is the point.
  " sync; echo 1G > /sys/fs/cgroup/memory.reclaim 2>/dev/null; true",
  // Zero every free page (v86 leaves all-zero pages out of a state) and drop clean caches, so the
  // state holds the daemons' data and little else. A dd reading /dev/zero into a buffer larger
  // than free memory takes every page until the OOM killer ends it (oom_score_adj 1000 makes it
  // the one); its pages return zeroed. Lifting the lowmem reserve for that moment lets it reach
  // the DMA zone too, which still holds boot leftovers (state 20.1 -> 18.7 MB). dmesg -C leaves
  // the learner's kernel log without the OOM report.
  " sync; echo 3 > /proc/sys/vm/drop_caches; r=$(cat /proc/sys/vm/lowmem_reserve_ratio); echo $r | sed 's/[0-9]\\+/0/g' > /proc/sys/vm/lowmem_reserve_ratio; { (echo 1000 > /proc/self/oom_score_adj; exec dd if=/dev/zero of=/dev/null bs=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) - 4096 ))k count=1); } 2>/dev/null; echo $r > /proc/sys/vm/lowmem_reserve_ratio; echo 3 > /proc/sys/vm/drop_caches; dmesg -C",
  " history -c; clear",
];
for (const command of prepare) {
  const result = await machine.shell.run(command, 600);
  if (result.exitCode !== 0) throw new Error(`save-state: "${command}" failed (${result.exitCode}):\n${result.output}`);
  if (result.output.trim() && !command.includes("clear")) console.log(`save-state: ${result.output.trim()}`);
}
// Let the daemons settle after the burst of work before freezing them.
await new Promise((resolve) => setTimeout(resolve, 3000));
const state = new Uint8Array(await machine.emulator.save_state());
await machine.stop();
const raw = join(guestDir, "state.bin");
writeFileSync(raw, state);
// Level 22 keeps a 128 MB window, within what every zstd decoder (v86's included) accepts.
execFileSync("zstd", ["-q", "-f", "--ultra", "-22", "-T2", raw, "-o", join(guestDir, GUEST_FILES.state)]);
rmSync(raw);
console.log(`save-state: state ${(state.length / 1e6).toFixed(1)} MB raw, saved in ${Math.round((Date.now() - started) / 1000)} s`);
