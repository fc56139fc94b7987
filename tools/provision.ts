// Build stage: boots the guest once on its disk image file in provisioning mode, which pulls
// the course's images from the built-in mirror into Docker; the image file keeps the result.
// usage: tsx tools/provision.ts WORK   (WORK/disk.img, WORK/out/vmlinuz, WORK/out/initramfs.img)

import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { startNodeMachine } from "../src/guest/node-machine.ts";
import { plainText } from "../src/guest/shell-marks.ts";

const work = process.argv[2];
if (!work) throw new Error("usage: provision.ts WORK");
const TIMEOUT_S = 45 * 60;

const log = createWriteStream(join(work, "provision.log"));
const machine = await startNodeMachine(work, {
  kind: "provision",
  diskImage: join(work, "disk.img"),
  kernel: join(work, "out/vmlinuz"),
  initrd: join(work, "out/initramfs.img"),
});
const started = Date.now();
let text = "";
const exitCode = await new Promise<number>((resolve, reject) => {
  const timer = setTimeout(
    () => reject(new Error(`provision: timed out after ${TIMEOUT_S} s; last output:\n${plainText(text).slice(-1500)}`)),
    TIMEOUT_S * 1000,
  );
  machine.console.onOutput((chunk) => {
    log.write(chunk);
    text = (text + chunk).slice(-20000);
    for (const line of chunk.split("\n")) {
      if (line.startsWith("preloading ")) console.log(`provision: ${line.trim()} (${Math.round((Date.now() - started) / 1000)} s)`);
    }
    const exit = /sandbox-provision-exit=(\d+)/.exec(text);
    if (exit && text.includes("sandbox-provision-done")) {
      clearTimeout(timer);
      resolve(Number(exit[1]));
    }
  });
});
await machine.stop();
log.end();
if (exitCode !== 0) {
  console.error(plainText(text).slice(-3000));
  throw new Error(`provision: the guest's preload failed (exit ${exitCode}); see ${join(work, "provision.log")}`);
}
console.log(`provision: done in ${Math.round((Date.now() - started) / 1000)} s`);
