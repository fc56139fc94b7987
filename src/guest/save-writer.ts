// A worker of the machine's worker: leaves out of a saved machine state the pages the built state
// holds (base-pages.ts), compresses it (zstd frames with their checksums) and stores it, so that the
// emulator's thread only pauses for v86's save_state and the guest runs on meanwhile.

/// <reference lib="webworker" />
import { leaveOutBasePages } from "./base-pages.ts";
import { packState } from "./state-codec.ts";
import { PAGE, pagesIn } from "./state-layout.ts";
import { storeSave } from "../persistence/machine-saves.ts";
import type { MachineSave } from "../persistence/machine-saves.ts";

declare const self: DedicatedWorkerGlobalScope;

export interface SaveRequest {
  id: number;
  /** v86's uncompressed state in its first LENGTH bytes (transferred, and transferred back in the reply). */
  raw: ArrayBuffer;
  length: number;
  /** The built state's page fingerprints: the pages equal to its own are left to it. */
  fingerprints: Uint32Array | undefined;
  save: Omit<MachineSave, "codec" | "state" | "members" | "sums" | "rawBytes" | "basePages">;
}

/** Memory for the next state: BYTES long, its first TOUCH bytes faulted in here, while the guest runs on. */
export interface WarmRequest {
  id: number;
  warm: { bytes: number; touch: number };
}

/** BASE_BYTES: the memory left to the built state. */
export type SaveReply = { id: number; raw: ArrayBuffer } & ({ ok: true; bytes: number; baseBytes: number } | { ok: false; message: string; quota: boolean });
export type WarmReply = { id: number; raw: ArrayBuffer };

self.onmessage = async ({ data }: MessageEvent<SaveRequest | WarmRequest>) => {
  if ("warm" in data) {
    const raw = new ArrayBuffer(data.warm.bytes);
    const bytes = new Uint8Array(raw);
    // A write to each page makes the host give it one; the machine's thread then writes the state without waiting for any.
    for (let at = 0; at < Math.min(data.warm.touch, bytes.length); at += PAGE) bytes[at] = 0;
    self.postMessage({ id: data.id, raw } satisfies WarmReply, [raw]);
    return;
  }
  const { id, raw, length, fingerprints, save } = data;
  let reply: SaveReply;
  try {
    const basePages = fingerprints && leaveOutBasePages(new Uint8Array(raw, 0, length), fingerprints);
    const packed = await packState(raw, length);
    await storeSave({ ...save, ...packed, ...(basePages ? { basePages } : {}) });
    reply = { id, raw, ok: true, bytes: packed.state.size, baseBytes: basePages ? pagesIn(basePages, basePages.length * 8).length * PAGE : 0 };
  } catch (error) {
    const quota = error instanceof DOMException && error.name === "QuotaExceededError";
    reply = { id, raw, ok: false, message: error instanceof Error ? error.message : String(error), quota };
  }
  // The state's buffer goes back for the next save to write into (MachineSaver).
  self.postMessage(reply, [raw]);
};
