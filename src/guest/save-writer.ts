// A worker of the machine's worker: compresses a saved machine state (gzip members: with their checksums) and stores it,
// so that the emulator's thread only pauses for v86's save_state and the guest runs on meanwhile.

/// <reference lib="webworker" />
import { gzipMembers } from "./gzip.ts";
import { storeSave } from "../persistence/machine-saves.ts";
import type { MachineSave } from "../persistence/machine-saves.ts";

declare const self: DedicatedWorkerGlobalScope;

export interface SaveRequest {
  id: number;
  /** v86's uncompressed state (transferred). */
  raw: ArrayBuffer;
  save: Omit<MachineSave, "state" | "members">;
}

export type SaveReply = { id: number; ok: true; bytes: number } | { id: number; ok: false; message: string; quota: boolean };

self.onmessage = async ({ data: { id, raw, save } }: MessageEvent<SaveRequest>) => {
  try {
    const { state, members } = await gzipMembers(raw);
    await storeSave({ ...save, state, members });
    self.postMessage({ id, ok: true, bytes: state.size } satisfies SaveReply);
  } catch (error) {
    const quota = error instanceof DOMException && error.name === "QuotaExceededError";
    self.postMessage({ id, ok: false, message: error instanceof Error ? error.message : String(error), quota } satisfies SaveReply);
  }
};
