import { describe, expect, it } from "vitest";
import { ChunkPrefetcher, prefetchOrder } from "./chunk-prefetcher.ts";
import type { OfflineProgress, PrefetchSource } from "./chunk-prefetcher.ts";

function fakeSource(cached: string[] = [], failOn?: string) {
  const fetched: string[] = [];
  const source: PrefetchSource & { fetched: string[]; guestWaiting: boolean } = {
    guestWaiting: false,
    fetched,
    cachedHashes: async () => new Set(cached),
    prefetch: async (hash) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (hash === failOn) throw new Error("offline");
      fetched.push(hash);
      return 10;
    },
  };
  return source;
}

describe("prefetchOrder", () => {
  it("lists each stored chunk once, in disk order, without the zero chunks", () => {
    expect(prefetchOrder({ size: 5, chunkSize: 1, chunks: ["b", "", "a", "b", "c"] })).toEqual(["b", "a", "c"]);
  });
});

describe("ChunkPrefetcher", () => {
  it("fetches what is not cached yet and reports progress up to done", async () => {
    const source = fakeSource(["b"]);
    const seen: OfflineProgress[] = [];
    const prefetcher = new ChunkPrefetcher(["a", "b", "c", "d"], 400, source, (p) => seen.push(p), { concurrency: 2, reportMs: 0 });
    await prefetcher.start();
    expect(source.fetched.sort()).toEqual(["a", "c", "d"]);
    expect(seen.at(-1)).toEqual({ state: "done", chunks: 4, chunksTotal: 4, bytes: 400, bytesTotal: 400 });
    expect(seen[0]!.state).toBe("running");
  });

  it("holds back while the guest waits for a chunk", async () => {
    const source = fakeSource();
    source.guestWaiting = true;
    const prefetcher = new ChunkPrefetcher(["a", "b"], 2, source, () => undefined, { holdMs: 5 });
    const running = prefetcher.start();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(source.fetched).toEqual([]);
    source.guestWaiting = false;
    await running;
    expect(source.fetched.sort()).toEqual(["a", "b"]);
  });

  it("holds back while held, and goes on when let go", async () => {
    const source = fakeSource();
    const prefetcher = new ChunkPrefetcher(["a", "b"], 2, source, () => undefined, { holdMs: 5 });
    prefetcher.hold(true);
    const running = prefetcher.start();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(source.fetched).toEqual([]);
    expect(prefetcher.progress.state).toBe("running");
    prefetcher.hold(false);
    await running;
    expect(prefetcher.progress.state).toBe("done");
  });

  it("stops on a failure with the reason, and resumes where it stopped", async () => {
    const source = fakeSource([], "b");
    const prefetcher = new ChunkPrefetcher(["a", "b", "c"], 3, source, () => undefined, { concurrency: 1 });
    await prefetcher.start();
    expect(prefetcher.progress).toMatchObject({ state: "failed", chunks: 1, error: "offline" });
    source.prefetch = async (hash) => {
      source.fetched.push(hash);
      return 1;
    };
    await prefetcher.start();
    expect(prefetcher.progress).toMatchObject({ state: "done", chunks: 3 });
    expect(source.fetched).toEqual(["a", "b", "c"]);
  });

  it("pauses and resumes", async () => {
    const source = fakeSource();
    let paused = false;
    const pauseOnce = (p: OfflineProgress) => p.chunks === 1 && !paused && (paused = true) && prefetcher.pause();
    const prefetcher = new ChunkPrefetcher(["a", "b", "c", "d"], 4, source, pauseOnce, { concurrency: 1, reportMs: 0 });
    await prefetcher.start();
    expect(prefetcher.progress).toMatchObject({ state: "paused", chunks: 1 });
    await prefetcher.start();
    expect(prefetcher.progress).toMatchObject({ state: "done", chunks: 4 });
  });
});
