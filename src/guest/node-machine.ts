// Starts a guest machine in Node from a built guest folder: restore its saved state, cold-boot
// it, or (for the build) boot it on a writable disk image file.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AgentClient } from "./agent-client.ts";
import { ChunkedDisk } from "./chunked-disk.ts";
import { parseDiskIndex } from "./disk-index.ts";
import { createEmulator, HOT_PAGE_THRESHOLD, kernelCmdline } from "./emulator.ts";
import type { Emulator, LoadableDisk } from "./emulator.ts";
import { DISK_FOLDER, GUEST_FILES } from "./guest-manifest.ts";
import type { GuestManifest } from "./guest-manifest.ts";
import { FolderChunkSource } from "./node-chunk-source.ts";
import { FileDisk } from "./node-file-disk.ts";
import { serialLink } from "./serial-link.ts";
import type { SerialLink } from "./serial-link.ts";
import { ShellRunner } from "./shell-runner.ts";

export type StartMode =
  | { kind: "restore" }
  | { kind: "boot" }
  /** Build only: boot with `sandbox.mode=provision` on a disk image file written in place. */
  | { kind: "provision"; diskImage: string; kernel: string; initrd: string };

export interface NodeMachine {
  emulator: Emulator;
  console: SerialLink;
  /** The guest's agent on the second serial port. */
  agent: AgentClient;
  shell: ShellRunner;
  disk: LoadableDisk;
  stop(): Promise<void>;
}

export const DEFAULT_GUEST_DIR = join(process.cwd(), "build", "guest");

function buffer(path: string): ArrayBuffer {
  const data = readFileSync(path);
  return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
}

export function readManifest(guestDir: string): GuestManifest {
  try {
    return JSON.parse(readFileSync(join(guestDir, "manifest.json"), "utf8")) as GuestManifest;
  } catch (error) {
    throw new Error(`no built guest in ${guestDir} (${(error as Error).message}); run: npm run build:guest`);
  }
}

export function chunkedDisk(guestDir: string, diskIndexFile: string, diskFolder: string): ChunkedDisk {
  const index = parseDiskIndex(JSON.parse(readFileSync(join(guestDir, diskIndexFile), "utf8")));
  return new ChunkedDisk(index, new FolderChunkSource(join(guestDir, diskFolder)), {
    onError: (error) => console.error("disk chunk failed to load:", error),
  });
}

/** V8's flags for this process decide which threshold runs faster (emulator.ts). */
const hotPageThreshold = process.execArgv.includes("--liftoff-only") ? HOT_PAGE_THRESHOLD.firstTierOnly : HOT_PAGE_THRESHOLD.optimizingV8;

export async function startNodeMachine(guestDir: string, mode: StartMode): Promise<NodeMachine> {
  const bios = "/usr/share/seabios/bios.bin";
  const vgaBios = "/usr/share/seabios/vgabios-stdvga.bin";
  let emulator: Emulator;
  let disk: LoadableDisk;
  if (mode.kind === "provision") {
    disk = new FileDisk(mode.diskImage);
    emulator = createEmulator(
      {
        bios: buffer(bios),
        vgaBios: buffer(vgaBios),
        disk,
        boot: { kernel: buffer(mode.kernel), initrd: buffer(mode.initrd), cmdline: kernelCmdline("provision") },
      },
      hotPageThreshold,
    );
  } else {
    const file = (name: keyof typeof GUEST_FILES) => join(guestDir, GUEST_FILES[name]);
    disk = chunkedDisk(guestDir, GUEST_FILES.diskIndex, DISK_FOLDER);
    emulator = createEmulator(
      {
        bios: buffer(file("bios")),
        vgaBios: buffer(file("vgaBios")),
        disk,
        ...(mode.kind === "restore"
          ? { state: buffer(file("state")) }
          : { boot: { kernel: buffer(file("kernel")), initrd: buffer(file("initrd")), cmdline: kernelCmdline() } }),
      },
      hotPageThreshold,
    );
  }
  const console0 = serialLink(emulator, 0);
  // SANDBOX_CONSOLE=1 mirrors the guest console to stderr, for debugging a build or a test.
  if (process.env.SANDBOX_CONSOLE) console0.onOutput((text) => process.stderr.write(text));
  const machine: NodeMachine = {
    emulator,
    console: console0,
    agent: new AgentClient(serialLink(emulator, 1)),
    shell: new ShellRunner(console0),
    disk,
    async stop() {
      machine.shell.dispose();
      machine.agent.dispose();
      await emulator.destroy();
      if (disk instanceof FileDisk) disk.close();
    },
  };
  return machine;
}

export interface StartOptions {
  timeoutS?: number;
  /**
   * After a restore, start the guest's background warm-up at once (the page starts it once the learner
   * has not typed for a moment, and not after a docker command). @default true
   */
  warm?: boolean;
}

/** Starts a machine and waits for its shell prompt; a restored one also gets the current time. */
export async function startToPrompt(guestDir: string, mode: "restore" | "boot", options: StartOptions = {}): Promise<NodeMachine> {
  const timeoutS = options.timeoutS ?? (mode === "boot" ? 400 : 60);
  const machine = await startNodeMachine(guestDir, { kind: mode });
  try {
    await waitForEmulatorStart(machine.emulator, timeoutS);
    // A restored machine sits at the prompt it was saved at: Enter draws a fresh one.
    await machine.shell.waitForPrompt(timeoutS, mode === "restore");
    if (mode === "restore") await setClock(machine.agent, options.warm ?? true);
  } catch (error) {
    await machine.stop();
    throw error;
  }
  return machine;
}

export function waitForEmulatorStart(emulator: Emulator, timeoutS: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (emulator.is_running()) return resolve();
    const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutS} s waiting for the emulator to start`)), timeoutS * 1000);
    emulator.add_listener("emulator-started", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** A restored machine wakes with the time of its save: set the real time, optionally warm up. */
export async function setClock(agent: AgentClient, warm: boolean): Promise<void> {
  const answer = await agent.request("clock", [String(Math.floor(Date.now() / 1000)), warm ? "warm" : "cold"]);
  if (answer.status !== 0) throw new Error(`could not set the guest's clock: ${answer.text()}`);
}
