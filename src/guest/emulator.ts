// The one home of v86: builds the emulator with the options a saved state depends on.
// A state restores only into a machine made with the same options, so every caller
// (build, harness, browser worker) gets them from here.

// Our own build of v86 (v86/build.sh, linked at build/v86; package.json maps #v86 there).
import { V86 } from "#v86";
import type { V86Options } from "#v86";

export type Emulator = V86;

/** Guest RAM. Docker's daemons need ~150 MB; the rest is page cache for image layers. */
export const MEMORY_BYTES = 512 * 1024 * 1024;
const VGA_MEMORY_BYTES = 8 * 1024 * 1024;

/** The guest's address on the card the page's preview talks to (set by sandbox-init). */
export const GUEST_IP = "192.168.86.100";
/** The address v86's in-page TCP peer uses. */
const PAGE_IP = "192.168.86.1";

/** Kernel command line for a cold boot. `mode` selects the build's provisioning run. */
export function kernelCmdline(mode: "normal" | "provision" = "normal"): string {
  return [
    "console=ttyS0",
    "root=/dev/sda",
    "rw",
    "init=/usr/sbin/sandbox-init",
    "tsc=reliable",
    "mitigations=off",
    "random.trust_cpu=on",
    "nowatchdog",
    "init_on_alloc=0",
    // A freed page is zeroed at once, and the state leaves zero pages out: a save after the page
    // cache is dropped carries only the memory in use (issue 14).
    "init_on_free=1",
    "quiet",
    "loglevel=3",
    `sandbox.mode=${mode}`,
  ].join(" ");
}

/** A disk object v86 accepts as a "loadable" (get/set/load/get_state/set_state). */
export interface LoadableDisk {
  readonly byteLength: number;
  load(): void;
  get(offset: number, len: number, fn: (data: Uint8Array) => void): void;
  get_and_cache(offset: number, len: number, fn: (data: Uint8Array) => void): void;
  get_from_cache(offset: number, len: number): Uint8Array | undefined;
  set(offset: number, data: Uint8Array, fn: () => void): void;
  get_state(): unknown;
  set_state(state: never): void;
  onload: ((e: object) => void) | undefined;
  onprogress: ((e: object) => void) | undefined;
}

export interface MachineImages {
  bios: ArrayBuffer;
  vgaBios: ArrayBuffer;
  disk: LoadableDisk;
  /** Restore this state instead of booting; with neither this nor BOOT, the machine waits (machineAwaitingState). */
  state?: ArrayBuffer;
  /** Cold boot: kernel, initramfs and command line. */
  boot?: { kernel: ArrayBuffer; initrd: ArrayBuffer; cmdline: string };
}

/** v86.wasm of the same build; a literal URL, so the site's bundler emits the file. */
const WASM_URL = new URL("../../build/v86/v86.wasm", import.meta.url);

/**
 * How hot a guest page gets before v86 compiles it (v86/patches/0008). Where V8 optimizes each
 * compiled module a second time (every browser page, Node's defaults), fewer and later compiles
 * pay: a first visit's first `docker run` in Chromium took 24-32 s against 46-47 s with upstream's
 * 200 k, Node's unchanged. Where V8 keeps them at its first tier (`--liftoff-only`: check:lessons'
 * machines, the guest tests), 200 k is faster (22 against 30 s). BENCHMARKS.md, 2026-12-04.
 */
export const HOT_PAGE_THRESHOLD = { optimizingV8: 1_000_000, firstTierOnly: 200_000 } as const;

export function createEmulator(images: MachineImages, hotPageThreshold: number = HOT_PAGE_THRESHOLD.optimizingV8): Emulator {
  const options: V86Options = {
    // v86 reads a path with node:fs in Node and fetches a URL in a page.
    wasm_path: WASM_URL.protocol === "file:" ? decodeURIComponent(WASM_URL.pathname) : WASM_URL.href,
    memory_size: MEMORY_BYTES,
    vga_memory_size: VGA_MEMORY_BYTES,
    bios: { buffer: images.bios },
    vga_bios: { buffer: images.vgaBios },
    hda: images.disk as unknown as V86Options["hda"],
    uart1: true,
    // v86's "fetch" backend carries an in-page TCP stack: the page can open connections to guest
    // ports. Its other job, turning the guest's HTTP requests into fetch(), is switched off below.
    net_device: { type: "virtio", relay_url: "fetch", router_ip: PAGE_IP, vm_ip: GUEST_IP, dns_method: "static" },
    // The page addresses the guest by the MAC its kernel knows, i.e. the one in the state.
    preserve_mac_from_state_image: true,
    autostart: Boolean(images.state || images.boot),
    disable_keyboard: true,
    disable_mouse: true,
    disable_speaker: true,
    ...(images.state ? { initial_state: { buffer: images.state } } : {}),
    ...(images.boot && !images.state
      ? {
          bzimage: { buffer: images.boot.kernel },
          initrd: { buffer: images.boot.initrd },
          cmdline: images.boot.cmdline,
        }
      : {}),
  };
  const emulator = new V86(options);
  keepTrafficInside(emulator);
  emulator.add_listener("emulator-ready", () => tuneJit(emulator, hotPageThreshold));
  return emulator;
}

/**
 * A machine that waits for a state given in two parts: its memory, written as it arrives (WRITE
 * takes bytes and the physical address they go to), then the rest, for restoreRest. Resolves
 * once v86 has loaded.
 */
export function machineAwaitingState(
  images: Omit<MachineImages, "state" | "boot">,
  hotPageThreshold?: number,
): Promise<{ emulator: Emulator; write: (address: number, bytes: Uint8Array) => void }> {
  const emulator = createEmulator(images, hotPageThreshold);
  return new Promise((resolve, reject) =>
    emulator.add_listener("emulator-loaded", () => {
      // v86 hands its memory out as a proxy that makes a new view at each use (its wasm memory may
      // grow and detach older ones); one view, made anew only if that happened, writes faster.
      const mem8 = (emulator as unknown as { v86?: { cpu?: { mem8?: Partial<Uint8Array> } } }).v86?.cpu?.mem8;
      const view = () => new Uint8Array(mem8!.buffer as ArrayBuffer, mem8!.byteOffset, mem8!.length);
      // Loud on purpose, as in tuneJit: a v86 upgrade that moves the guest's memory must not resume garbage.
      if (!(mem8?.buffer instanceof ArrayBuffer) || mem8.length !== MEMORY_BYTES) {
        void emulator.destroy();
        return reject(new Error("v86 no longer keeps the guest's memory where emulator.ts expects it"));
      }
      let memory = view();
      resolve({
        emulator,
        write: (address, bytes) => {
          if (!memory.byteLength) memory = view();
          memory.set(bytes, address);
        },
      });
    }),
  );
}

/** The rest of the state restored into a machine from machineAwaitingState (not yet running). Throws when v86 cannot read STATE. */
export function restoreRest(emulator: Emulator, state: ArrayBuffer): void {
  // V86.restore_state is async only in name: v86's own restores at once, and throws.
  (emulator as unknown as { v86: { restore_state(state: ArrayBuffer): void } }).v86.restore_state(state);
}

/**
 * v86's JIT settings, not part of the saved state, so every machine sets them. v86 compiles hot
 * guest code into wasm modules of up to 3 pages by default; Docker's Go programs run hundreds of
 * hot pages briefly, and the host compiles 3-page modules slower than the guest gains from them:
 * 1-page modules make the first `docker run` after a restore 30 -> 21.8 s and a warm one
 * 5.9 -> 4.9 s (BENCHMARKS.md).
 */
function tuneJit(emulator: V86, hotPageThreshold: number): void {
  type Exports = { set_jit_config(index: number, value: number): void; get_jit_config(index: number): number };
  const exports = (emulator as unknown as { v86?: { cpu?: { wm?: { exports?: Exports } } } }).v86?.cpu?.wm?.exports;
  // Loud on purpose: a v86 upgrade that moves these must not silently lose the speed-up.
  if (!exports?.set_jit_config) throw new Error("v86 no longer exposes set_jit_config where emulator.ts expects it");
  exports.set_jit_config(JIT_CONFIG_MAX_PAGES, 1);
  exports.set_jit_config(JIT_CONFIG_HOT_PAGE_THRESHOLD, hotPageThreshold);
  if (exports.get_jit_config(JIT_CONFIG_HOT_PAGE_THRESHOLD) !== hotPageThreshold) throw new Error("this v86 build lacks the hot-page threshold setting (v86/patches/0008)");
}
const JIT_CONFIG_MAX_PAGES = 1;
const JIT_CONFIG_HOT_PAGE_THRESHOLD = 4;

/** The guest's outgoing HTTP would become the page's fetch(); nothing may leave the tab. */
function keepTrafficInside(emulator: V86): void {
  // v86 creates its network adapter once the wasm module has loaded, after the constructor
  // returns: catch the assignment and replace the adapter's fetch before any packet flows.
  type Adapter = { fetch: (url: string) => Promise<Response> };
  let adapter: Adapter | undefined = (emulator as unknown as { network_adapter?: Adapter }).network_adapter;
  const refuse = async () =>
    new Response("Docker Sandbox has no internet access.", { status: 502, statusText: "Offline", headers: { "Content-Type": "text/plain" } });
  const guard = (a: Adapter | undefined) => {
    if (a) a.fetch = refuse;
    adapter = a;
  };
  guard(adapter);
  Object.defineProperty(emulator, "network_adapter", { configurable: true, enumerable: true, get: () => adapter, set: guard });
}
