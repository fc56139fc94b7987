// Saves the running machine from the emulator's worker: waits for the guest's disk reads to land,
// takes v86's state (the only moment the guest stands still), and hands it to the save writer,
// a worker of its own that compresses, checksums and stores it. One save at a time.
// The writer hands the state's buffer back, and the next save writes into it: writing into fresh
// memory makes the host fault in each of its pages while the guest stands still (a 460 MB state:
// 0.8-1.4 s into a fresh buffer in Chromium, 40-50 ms into one written before). A learner who
// stops typing gets that memory back after a while; the save after that has the writer fault in a
// new buffer first, on its own thread, while the guest runs on.

import type { HttpChunkSource } from "./browser-chunk-source.ts";
import { MEMORY_BYTES } from "./emulator.ts";
import type { Emulator } from "./emulator.ts";
import type { GuestManifest } from "./guest-manifest.ts";
import type { FromWorker } from "./machine-protocol.ts";
import type { SaveReply, SaveRequest, WarmReply, WarmRequest } from "./save-writer.ts";

type Outcome = Extract<FromWorker, { type: "saved" | "save-failed" }>;

const TOO_BIG = "its memory and disk hold more than one save can carry (2 GB). Remove big files or images (df -h / shows the disk), and it is saved again after your next command";

/** How long the last save's buffer is kept for the next one. */
const SPARE_KEPT_MS = 120_000;

export class MachineSaver {
  private queue: Promise<unknown> = Promise.resolve();
  private writer: Worker | undefined;
  private nextId = 1;
  private readonly replies = new Map<number, (reply: SaveReply | WarmReply) => void>();
  /** The last save's buffer, for the next save to write into. */
  private spare: ArrayBuffer | undefined;
  private spareTimer: ReturnType<typeof setTimeout> | undefined;
  /** The last state's size, which the next one is likely near. */
  private lastRawBytes: number | undefined;

  constructor(
    /** The machine running now: a reset starts a new one. */
    private readonly emulator: () => Emulator,
    private readonly guest: GuestManifest,
    private readonly chunks: HttpChunkSource,
    /** Bytes the guest has written to its disk, which its state carries. */
    private readonly diskWrittenBytes: () => number,
  ) {}

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

  /** Resolves when no save is under way (a reset must not be overwritten by one). */
  settled(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  private async saveNow(lab: Uint8Array | undefined, labAt: number, lesson: string | undefined): Promise<Outcome> {
    const requested = performance.now();
    // Before the wait for reads below: the guest runs on while the buffer is made.
    const into = this.takeSpare() ?? (await this.warmBuffer());
    // A read in flight would be lost in the state: the restored guest would wait for it forever.
    // One that waits for a network that is gone may take minutes: the save before this one stays.
    while (this.chunks.guestWaiting && performance.now() - requested < 10_000) await new Promise((resolve) => setTimeout(resolve, 20));
    if (this.chunks.guestWaiting) {
      this.keepSpare(into);
      return { type: "save-failed", message: "it is waiting for a part of its disk that needs the network; it is saved again after your next command", quota: false };
    }
    const pausedAt = performance.now();
    // v86 writes into INTO, or makes a larger buffer when the state outgrew it.
    // v86's state counts in signed 32 bits: memory and disk writes past 2 GB make a RangeError.
    const raw = await this.emulator()
      .save_state(into)
      .catch((error: unknown) => {
        if (error instanceof RangeError) return new ArrayBuffer(0);
        throw error;
      });
    const pausedSeconds = (performance.now() - pausedAt) / 1000;
    const savedAt = Date.now();
    // A buffer written before may be longer than the state; the state's header holds its length.
    const rawBytes = raw.byteLength >= 16 ? new Int32Array(raw, 0, 4)[2]! : 0;
    if (rawBytes <= 0 || rawBytes > raw.byteLength) return { type: "save-failed", message: TOO_BIG, quota: false };
    this.lastRawBytes = rawBytes;
    const reply = await this.write(raw, rawBytes, {
      guestKey: this.guest.key,
      v86Build: this.guest.v86Build,
      savedAt,
      lab: lab ? new Blob([lab as Uint8Array<ArrayBuffer>]) : undefined,
      lesson,
    });
    if (!reply.ok) return { type: "save-failed", message: reply.message, quota: reply.quota };
    return { type: "saved", save: { savedAt, labAt, bytes: reply.bytes, rawBytes, pausedSeconds, seconds: (performance.now() - requested) / 1000 } };
  }

  private takeSpare(): ArrayBuffer | undefined {
    clearTimeout(this.spareTimer);
    const spare = this.spare;
    this.spare = undefined;
    return spare;
  }

  private keepSpare(raw: ArrayBuffer): void {
    this.spare = raw;
    clearTimeout(this.spareTimer);
    this.spareTimer = setTimeout(() => (this.spare = undefined), SPARE_KEPT_MS);
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

  private async write(raw: ArrayBuffer, length: number, save: SaveRequest["save"]): Promise<SaveReply> {
    // Transferred, not copied: the state is hundreds of MB.
    const reply = (await this.ask({ id: this.nextId++, raw, length, save }, [raw])) as SaveReply;
    this.keepSpare(reply.raw);
    return reply;
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
