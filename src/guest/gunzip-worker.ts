// A worker of the machine's worker for a resume: decompresses its share of a saved machine's gzip
// members while the machine's worker decompresses the rest (see gunzipMembers).

/// <reference lib="webworker" />
import { inflateMembers } from "./gzip.ts";

declare const self: DedicatedWorkerGlobalScope;

export type GunzipRequest = { members: Blob[]; bytes: number };
export type GunzipReply = { ok: true; share: ArrayBuffer } | { ok: false; message: string };

self.onmessage = async ({ data: { members, bytes } }: MessageEvent<GunzipRequest>) => {
  try {
    const share = await inflateMembers(members, bytes);
    // Transferred, not copied: half a machine state.
    self.postMessage({ ok: true, share } satisfies GunzipReply, [share]);
  } catch (error) {
    self.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) } satisfies GunzipReply);
  }
};
