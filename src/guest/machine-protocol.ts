// Messages between the page and the worker that runs the emulator.

import type { OfflineProgress } from "./chunk-prefetcher.ts";

export type StartPhase = "downloading" | "restoring" | "starting";

export interface StartProgress {
  phase: StartPhase;
  /** Bytes downloaded so far and in all, for the downloading phase. */
  loaded: number;
  total: number;
}

export type ToWorker =
  | { type: "start"; guestUrl: string }
  | { type: "input"; port: 0 | 1; data: string }
  | { type: "reset" }
  | { type: "stats" }
  /** Fetch the whole disk into the browser's cache in the background, or stop doing so. */
  | { type: "offline"; fetch: boolean }
  | { type: "http"; id: number; port: number; path: string };

export interface DiskStats {
  chunksLoaded: number;
  /** Compressed bytes the disk fetched from the network. */
  networkBytes: number;
  writtenBytes: number;
}

export type FromWorker =
  | { type: "progress"; progress: StartProgress }
  | { type: "output"; port: 0 | 1; data: string }
  /** The machine runs (restored or reset); the shell prompt follows on port 0. */
  | { type: "running"; restoreSeconds: number }
  | { type: "stats"; disk: DiskStats; startBytes: number }
  | { type: "error"; message: string }
  | { type: "offline"; progress: OfflineProgress }
  | { type: "http"; id: number; result: HttpResult };

/** A GET on a guest port: the response, or why there is none. */
export type HttpResult =
  | { ok: true; status: number; statusText: string; headers: Record<string, string>; body: Uint8Array }
  | { ok: false; nothingListens: boolean; message: string };
