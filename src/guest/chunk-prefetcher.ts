// Fetches every chunk of the disk into the browser's cache in the background, so that each
// lesson works offline after one visit and a first `docker run` finds its chunks at hand. The
// guest's own work comes first: while it waits for a chunk, runs the learner's command or works
// for the page's agent (a lesson's setup, a check), the prefetcher holds back (fetching and caching chunks costs CPU the emulator would lose).

import type { DiskIndex } from "./disk-index.ts";

export type OfflineState = "idle" | "running" | "paused" | "done" | "failed";

export interface OfflineProgress {
  state: OfflineState;
  chunks: number;
  chunksTotal: number;
  /** Compressed bytes: the share of the disk's stored bytes that the cached chunks make up. */
  bytes: number;
  bytesTotal: number;
  error?: string;
}

export interface PrefetchSource {
  readonly guestWaiting: boolean;
  cachedHashes(): Promise<Set<string>>;
  prefetch(hash: string): Promise<unknown>;
}

/** The disk's stored chunks, each once, in disk order (a file's blocks mostly lie together). */
export function prefetchOrder(index: DiskIndex): string[] {
  return [...new Set(index.chunks.filter((hash) => hash !== ""))];
}

export interface PrefetcherOptions {
  /** Chunks fetched at once. A request's time is mostly waiting (20–80 ms in Chromium on a busy
   *  2-core machine, BENCHMARKS.md), so six, a browser's connections per host, keep it moving. @default 6 */
  concurrency?: number;
  /** How long to hold back when the guest waits for a chunk. @default 100 */
  holdMs?: number;
  /** Least time between two progress reports while running. @default 250 */
  reportMs?: number;
}

export class ChunkPrefetcher {
  private state: OfflineState = "idle";
  private queue: string[] | undefined;
  private done = 0;
  private error: string | undefined;
  private reportedAt = 0;
  private held = false;

  constructor(
    private readonly hashes: readonly string[],
    private readonly storedBytes: number,
    private readonly source: PrefetchSource,
    private readonly onProgress: (progress: OfflineProgress) => void,
    private readonly options: PrefetcherOptions = {},
  ) {}

  get progress(): OfflineProgress {
    const total = this.hashes.length;
    const progress = { state: this.state, chunks: this.done, chunksTotal: total, bytes: Math.round((this.storedBytes * this.done) / Math.max(1, total)), bytesTotal: this.storedBytes };
    return this.error ? { ...progress, error: this.error } : progress;
  }

  /** Starts or resumes; resolves when the prefetcher stops (done, paused or failed). */
  async start(): Promise<void> {
    if (this.state === "running" || this.state === "done") return;
    this.set("running");
    this.error = undefined;
    if (!this.queue) {
      const cached = await this.source.cachedHashes();
      this.queue = this.hashes.filter((hash) => !cached.has(hash));
      this.done = this.hashes.length - this.queue.length;
    }
    await Promise.all(Array.from({ length: this.options.concurrency ?? 6 }, () => this.fetchLoop()));
    // The loops end running when the queue is empty; pause() or a failure has set the state otherwise.
    if (this.running) this.set(this.queue.length ? "failed" : "done");
  }

  pause(): void {
    if (this.state === "running") this.set("paused");
  }

  /** Holds back (while the learner's command or the agent's work runs) without stopping: the state stays as it is. */
  hold(held: boolean): void {
    this.held = held;
  }

  private async fetchLoop(): Promise<void> {
    const queue = this.queue!;
    while (this.running && queue.length) {
      if (this.held || this.source.guestWaiting) {
        await new Promise((resolve) => setTimeout(resolve, this.options.holdMs ?? 100));
        continue;
      }
      const hash = queue.shift()!;
      try {
        await this.source.prefetch(hash);
        this.done++;
        // Every chunk would be thousands of messages to the page; a few a second read the same.
        if (Date.now() - this.reportedAt >= (this.options.reportMs ?? 250)) this.report();
      } catch (error) {
        queue.unshift(hash);
        if (this.running) {
          this.error = error instanceof Error ? error.message : String(error);
          this.set("failed");
        }
      }
    }
  }

  private get running(): boolean {
    return this.state === "running";
  }

  private set(state: OfflineState): void {
    this.state = state;
    this.report();
  }

  private report(): void {
    this.reportedAt = Date.now();
    this.onProgress(this.progress);
  }
}
