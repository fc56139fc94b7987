// Benchmark part: the same guest (kernel, initramfs, disk) under qemu-system-i386 with software
// emulation, running the same `docker run`, so the v86/qemu ratio is visible in one run.

import { spawn } from "node:child_process";
import { closeSync, ftruncateSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { chunkFileName, parseDiskIndex } from "../src/guest/disk-index.ts";
import { kernelCmdline } from "../src/guest/emulator.ts";
import { DISK_FOLDER, GUEST_FILES } from "../src/guest/guest-manifest.ts";
import type { SerialLink } from "../src/guest/serial-link.ts";
import { ShellRunner } from "../src/guest/shell-runner.ts";
import { median } from "./median.ts";

/** Writes the chunked disk back into one raw image file for qemu. */
function assembleDisk(guestDir: string, target: string): void {
  const index = parseDiskIndex(JSON.parse(readFileSync(join(guestDir, GUEST_FILES.diskIndex), "utf8")));
  const fd = openSync(target, "w");
  ftruncateSync(fd, index.size);
  index.chunks.forEach((hash, i) => {
    if (!hash) return;
    const data = gunzipSync(readFileSync(join(guestDir, DISK_FOLDER, chunkFileName(hash))));
    writeSync(fd, data, 0, data.length, i * index.chunkSize);
  });
  closeSync(fd);
}

/** Medians of three warm `docker run --rm hello-world` (after one first run) and three `docker ps` under qemu. */
export async function measureQemu(guestDir: string): Promise<{ dockerRunWarmS: number; dockerPsS: number }> {
  const disk = join(tmpdir(), `sandbox-qemu-${process.pid}.img`);
  assembleDisk(guestDir, disk);
  const qemu = spawn("qemu-system-i386", [
    "-accel", "tcg", "-m", "512", "-display", "none", "-monitor", "none", "-serial", "stdio", "-no-reboot",
    "-kernel", join(guestDir, GUEST_FILES.kernel), "-initrd", join(guestDir, GUEST_FILES.initrd),
    "-append", kernelCmdline(), "-drive", `file=${disk},format=raw,if=ide`,
  ], { stdio: ["pipe", "pipe", "inherit"] });
  const decoder = new TextDecoder();
  const link: SerialLink = {
    send: (text) => qemu.stdin.write(text),
    onOutput: (listener) => {
      const handler = (data: Buffer) => listener(decoder.decode(data, { stream: true }));
      qemu.stdout.on("data", handler);
      return () => qemu.stdout.off("data", handler);
    },
  };
  const shell = new ShellRunner(link);
  try {
    await shell.waitForPrompt(900);
    await shell.run("docker run --rm hello-world", 600);
    const seconds = async (command: string) => (await shell.run(command, 600)).seconds;
    const warm: number[] = [];
    for (let i = 0; i < 3; i++) warm.push(await seconds("docker run --rm hello-world"));
    const ps: number[] = [];
    for (let i = 0; i < 3; i++) ps.push(await seconds("docker ps"));
    return { dockerRunWarmS: median(warm), dockerPsS: median(ps) };
  } finally {
    shell.dispose();
    qemu.kill("SIGKILL");
    rmSync(disk, { force: true });
  }
}
