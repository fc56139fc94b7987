// A worker of the machine's worker for a resume: decodes its share of a saved machine's members
// while the machine's worker decodes the rest (see unpackState).

/// <reference lib="webworker" />
import { decodeShare } from "./state-codec.ts";
import type { Share } from "./state-codec.ts";

declare const self: DedicatedWorkerGlobalScope;

export type DecodeRequest = Share;
export type DecodeReply = { ok: true; share: ArrayBuffer } | { ok: false; message: string };

self.onmessage = async ({ data }: MessageEvent<DecodeRequest>) => {
  try {
    const share = await decodeShare(data);
    // Transferred, not copied: half a machine state.
    self.postMessage({ ok: true, share } satisfies DecodeReply, [share]);
  } catch (error) {
    self.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) } satisfies DecodeReply);
  }
};
