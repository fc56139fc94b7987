// Messages between the page and the worker that runs the emulator.

import type { DiskWait } from "./browser-chunk-source.ts";
import type { OfflineProgress } from "./chunk-prefetcher.ts";

export type { DiskWait };

export type StartPhase = "downloading" | "restoring" | "starting";

export interface StartProgress {
  phase: StartPhase;
  /** Bytes downloaded so far and in all, for the downloading phase. */
  loaded: number;
  total: number;
}

export type ToWorker =
  /** Starts the learner's saved machine if there is a usable one, else a fresh one. */
  | { type: "start"; guestUrl: string }
  /** Save the machine now; LAB (/lab as .tar.gz, begun at LAB_AT) is kept beside it for a rescue. */
  | { type: "save"; lab: Uint8Array | undefined; labAt: number; lesson: string | undefined }
  | { type: "input"; port: 0 | 1; data: string }
  /** A fresh machine; the saved one is forgotten. */
  | { type: "reset" }
  | { type: "stats" }
  /** Fetch the whole disk into the browser's cache in the background, or stop doing so. */
  | { type: "offline"; fetch: boolean }
  /** The learner's command runs or the page waits on the guest's agent (true): background work holds back. */
  | { type: "busy"; busy: boolean }
  | { type: "http"; id: number; port: number; path: string };

export interface DiskStats {
  chunksLoaded: number;
  /** Compressed bytes the disk fetched from the network. */
  networkBytes: number;
  /** Seconds in which the guest's reads waited for chunks (from Cache Storage or the network). */
  waitSeconds: number;
  writtenBytes: number;
}

export type FromWorker =
  | { type: "progress"; progress: StartProgress }
  | { type: "output"; port: 0 | 1; data: string }
  /** The machine runs (restored or reset); the shell prompt follows on port 0. */
  | { type: "running"; restoreSeconds: number; resume: ResumeResult }
  | { type: "saved"; save: SaveResult }
  | { type: "save-failed"; message: string; quota: boolean }
  | { type: "stats"; disk: DiskStats; startBytes: number }
  | { type: "error"; message: string }
  | { type: "offline"; progress: OfflineProgress }
  /** Why the guest's reads of a part of its disk the browser does not hold wait now; none: they do not. */
  | { type: "disk-wait"; wait: DiskWait | undefined }
  | { type: "http"; id: number; result: HttpResult };

/** What a start made of the learner's saved machine. */
export interface ResumeResult {
  /** When the resumed machine was saved (epoch ms); none: a fresh machine. */
  savedAt?: number;
  /** The lesson whose starting state the resumed machine has. */
  lesson?: string;
  /** Why the newest save was not resumed, for the learner. */
  notice?: string;
  /** /lab (.tar.gz) of a save that could not be resumed, to put into the fresh machine. */
  rescue?: Uint8Array;
}

export interface SaveResult {
  savedAt: number;
  /** When its /lab archive was begun (epoch ms): every command finished before is in the save. */
  labAt: number;
  /** Stored (compressed) bytes of the state, and its bytes before compression. */
  bytes: number;
  rawBytes: number;
  /** The running machine's state before its clean file cache was left out (rawBytes when it was not). */
  fullRawBytes: number;
  /** Of rawBytes: the pages of memory left to the built state (held as zeros), and the disk's written sectors. */
  baseBytes: number;
  diskBytes: number;
  /** How long the guest stood still for the save. */
  pausedSeconds: number;
  /** Then how long its ports were held while it dropped its file cache, until the rewind (any input ends that at once). */
  heldSeconds: number;
  /** From the request to the save being stored. */
  seconds: number;
}

/** A GET on a guest port: the response, or why there is none. */
export type HttpResult =
  | { ok: true; status: number; statusText: string; headers: Record<string, string>; body: Uint8Array }
  | { ok: false; nothingListens: boolean; message: string };
