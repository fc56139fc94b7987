// Saves the running machine from the emulator's worker: waits for the guest's disk reads to land,
// takes v86's state (the only moment the guest stands still), then the compact state without the
// guest's clean file cache (save-compaction.ts), and hands that to the save writer, a worker of its
// own that leaves out the pages the built state holds (base-pages.ts), compresses, checksums and
// stores it. One save at a time.
// The writer hands the state's buffer back, and the next save writes into it: writing into fresh
// memory makes the host fault in each of its pages while the guest stands still (a 460 MB state:
// 0.8-1.4 s into a fresh buffer in Chromium, 40-50 ms into one written before). So both states
// keep their buffers. A learner who stops typing gets that memory back after a while; the save
// after that has the writer fault in a new buffer for the whole state first, on its own thread,
// while the guest runs on.

import type { HttpChunkSource } from "./browser-chunk-source.ts";
import { MEMORY_BYTES } from "./emulator.ts";
import type { Emulator } from "./emulator.ts";
import type { GuestManifest } from "./guest-manifest.ts";
import type { FromWorker } from "./machine-protocol.ts";
import { compactState } from "./save-compaction.ts";
import type { SaveReply, SaveRequest, WarmReply, WarmRequest } from "./save-writer.ts";
import type { PortLink } from "./serial-link.ts";

type Outcome = Extract<FromWorker, { type: "saved" | "save-failed" }>;

const TOO_BIG = "its memory and disk hold more than one save can carry (2 GB). Remove big files or images (df -h / shows the disk), and it is saved again after your next command";

/** How long the last save's buffers are kept for the next one. */
const SPARE_KEPT_MS = 120_000;

export class MachineSaver {
  private queue: Promise<unknown> = Promise.resolve();
  private writer: Worker | undefined;
  private nextId = 1;
  private readonly replies = new Map<number, (reply: SaveReply | WarmReply) => void>();
  /** The last save's buffers, for the next save to write into: the whole state's and the compact one's. */
  private spare: ArrayBuffer | undefined;
  private compactSpare: ArrayBuffer | undefined;
  private spareTimer: ReturnType<typeof setTimeout> | undefined;
  /** While the guest drops its cache before a rewind: what it is sent then is undone. */
  private rewinding: Promise<unknown> | undefined;
  /** Ends that drop early. */
  private wanted = () => {};
  /** The last state's size, which the next one is likely near. */
  private lastRawBytes: number | undefined;

  constructor(
    /** The machine running now: a reset starts a new one. */
    private readonly emulator: () => Emulator,
    private readonly guest: GuestManifest,
    private readonly chunks: HttpChunkSource,
    /** Bytes the guest has written to its disk, which its state carries. */
    private readonly diskWrittenBytes: () => number,
    /** The ports the page talks to the machine through, or undefined while it must not be rewound (a request of the preview's under way). */
    private readonly rewindablePorts: () => readonly PortLink[] | undefined,
    /** The built state's page fingerprints (base-pages.ts): read by the first save, on another thread. */
    private readonly builtFingerprints: () => Promise<Uint32Array>,
  ) {}

  /** Undefined when the built state could not be read: saves then hold all their pages. */
  private fingerprints: Promise<Uint32Array | undefined> | undefined;

  /** Saves after any save under way; LAB is /lab as .tar.gz (begun at LAB_AT), LESSON the lesson the machine is prepared for. */
  save(lab: Uint8Array | undefined, labAt: number, lesson: string | undefined): Promise<Outcome> {
    const outcome = this.queue.then(() =>
      this.saveNow(lab, labAt, lesson).catch(
        (error: unknown): Outcome => ({ type: "save-failed", message: error instanceof Error ? error.message : String(error), quota: false }),
      ),
    );
    this.queue = outcome;
    return outcome;
  }

  /** Resolves when the machine is not in a stretch that a rewind will undo, ending such a stretch at once. */
  async outsideRewind(): Promise<void> {
    while (this.rewinding) {
      this.wanted();
      await this.rewinding;
    }
  }

  /** Resolves when no save is under way (a reset must not be overwritten by one). */
  settled(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  private async saveNow(lab: Uint8Array | undefined, labAt: number, lesson: string | undefined): Promise<Outcome> {
    const requested = performance.now();
    // Before the wait for reads below: the guest runs on while the buffer is made.
    const into = this.takeSpare() ?? (await this.warmBuffer());
    this.fingerprints ??= this.builtFingerprints().catch(() => undefined);
    // A read in flight would be lost in the state: the restored guest would wait for it forever.
    // One that waits for a network that is gone may take minutes: the save before this one stays.
    const readsLanded = async () => {
      const since = performance.now();
      while (this.chunks.guestWaiting && performance.now() - since < 10_000) await new Promise((resolve) => setTimeout(resolve, 20));
      return !this.chunks.guestWaiting;
    };
    if (!(await readsLanded())) {
      this.keepSpares(into, this.compactSpare);
      return { type: "save-failed", message: "it is waiting for a part of its disk that needs the network; it is saved again after your next command", quota: false };
    }
    const pausedAt = performance.now();
    const emulator = this.emulator();
    // v86 writes into INTO, or makes a larger buffer when the state outgrew it.
    // v86's state counts in signed 32 bits: memory and disk writes past 2 GB make a RangeError.
    const full = await emulator.save_state(into).catch((error: unknown) => {
      if (error instanceof RangeError) return new ArrayBuffer(0);
      throw error;
    });
    const pausedSeconds = (performance.now() - pausedAt) / 1000;
    const diskBytes = this.diskWrittenBytes();
    const fullRawBytes = stateBytes(full);
    if (fullRawBytes <= 0) return { type: "save-failed", message: TOO_BIG, quota: false };
    const ports = this.rewindablePorts();
    const wanted = new Promise((resolve) => (this.wanted = () => resolve(undefined)));
    const compacting = ports ? compactState(emulator, full, fullRawBytes, { ports, into: this.takeCompactSpare(), readsLanded, wanted }) : undefined;
    this.rewinding = compacting;
    const compact = await compacting?.finally(() => (this.rewinding = undefined));
    const savedAt = Date.now();
    // The whole state is the save when the guest could not drop its cache.
    const raw = compact?.state ?? full;
    const rawBytes = stateBytes(raw);
    if (rawBytes <= 0) return { type: "save-failed", message: TOO_BIG, quota: false };
    this.lastRawBytes = fullRawBytes;
    // The writer takes the state it stores; the whole state's buffer waits here for the next save.
    const reply = await this.write(raw, rawBytes, await this.fingerprints, {
      guestKey: this.guest.key,
      v86Build: this.guest.v86Build,
      savedAt,
      lab: lab ? new Blob([lab as Uint8Array<ArrayBuffer>]) : undefined,
      lesson,
    });
    this.keepSpares(raw === full ? reply.raw : full, raw === full ? this.compactSpare : reply.raw);
    if (!reply.ok) return { type: "save-failed", message: reply.message, quota: reply.quota };
    return { type: "saved", save: { savedAt, labAt, bytes: reply.bytes, rawBytes, fullRawBytes, baseBytes: reply.baseBytes, diskBytes, pausedSeconds, heldSeconds: compact?.heldSeconds ?? 0, seconds: (performance.now() - requested) / 1000 } };
  }

  private takeSpare(): ArrayBuffer | undefined {
    clearTimeout(this.spareTimer);
    const spare = this.spare;
    this.spare = undefined;
    return spare;
  }

  private takeCompactSpare(): ArrayBuffer | undefined {
    const spare = this.compactSpare;
    this.compactSpare = undefined;
    return spare;
  }

  private keepSpares(full: ArrayBuffer, compact: ArrayBuffer | undefined): void {
    [this.spare, this.compactSpare] = [full, compact];
    clearTimeout(this.spareTimer);
    this.spareTimer = setTimeout(() => (this.spare = this.compactSpare = undefined), SPARE_KEPT_MS);
  }

  /**
   * A buffer for the next state, faulted in by the writer: as long as v86 would make one (room to
   * grow a quarter), written through as far as this state likely reaches (the last one's size and
   * 32 MB, or all memory and the disk's writes).
   */
  private async warmBuffer(): Promise<ArrayBuffer> {
    const MB = 1 << 20;
    const likely = (this.lastRawBytes ?? MEMORY_BYTES + this.diskWrittenBytes()) + 32 * MB;
    const bytes = Math.ceil((Math.max(likely, MEMORY_BYTES) * 1.25) / MB) * MB;
    const reply = (await this.ask({ id: this.nextId++, warm: { bytes, touch: likely } })) as WarmReply;
    return reply.raw;
  }

  private async write(raw: ArrayBuffer, length: number, fingerprints: Uint32Array | undefined, save: SaveRequest["save"]): Promise<SaveReply> {
    // Transferred, not copied: the state is hundreds of MB.
    return (await this.ask({ id: this.nextId++, raw, length, fingerprints, save }, [raw])) as SaveReply;
  }

  private ask(request: SaveRequest | WarmRequest, transfer: Transferable[] = []): Promise<SaveReply | WarmReply> {
    if (!this.writer) {
      this.writer = new Worker(new URL("./save-writer.ts", import.meta.url), { type: "module" });
      this.writer.onmessage = ({ data }: MessageEvent<SaveReply | WarmReply>) => {
        this.replies.get(data.id)?.(data);
        this.replies.delete(data.id);
      };
    }
    return new Promise((resolve) => {
      this.replies.set(request.id, resolve);
      this.writer!.postMessage(request, transfer);
    });
  }
}

/** A state's length, from its header (the buffer may be longer); 0 for none. */
export function stateBytes(raw: ArrayBuffer): number {
  const bytes = raw.byteLength >= 16 ? new Int32Array(raw, 0, 4)[2]! : 0;
  return bytes > 0 && bytes <= raw.byteLength ? bytes : 0;
}
