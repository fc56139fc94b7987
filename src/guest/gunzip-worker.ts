// A worker of the machine's worker for a resume: decompresses its share of a saved machine's gzip
// members while the machine's worker decompresses the rest (see gunzipMembers).

/// <reference lib="webworker" />
import { gunzip } from "./gzip.ts";

declare const self: DedicatedWorkerGlobalScope;

export type GunzipReply = { ok: true; parts: ArrayBuffer[] } | { ok: false; message: string };

self.onmessage = async ({ data: members }: MessageEvent<Blob[]>) => {
  try {
    const parts: ArrayBuffer[] = [];
    for (const member of members) parts.push(await gunzip(member));
    // Transferred, not copied: half a machine state.
    self.postMessage({ ok: true, parts } satisfies GunzipReply, parts);
  } catch (error) {
    self.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) } satisfies GunzipReply);
  }
};
