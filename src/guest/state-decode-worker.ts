// A worker of the machine's worker for a resume: decodes saved frames it is handed while the
// machine's worker decodes others and writes them all into the machine (see streamState).

/// <reference lib="webworker" />
import { decodeFrame } from "./state-codec.ts";

declare const self: DedicatedWorkerGlobalScope;

export interface DecodeRequest {
  id: number;
  frame: Blob;
  sum: number;
  size: number;
  /** Memory to decode into, sent back with the answer. */
  into?: ArrayBuffer;
}
export type DecodeReply = { id: number; ok: true; bytes: Uint8Array<ArrayBuffer> } | { id: number; ok: false; message: string };

self.onmessage = async ({ data: { id, frame, sum, size, into } }: MessageEvent<DecodeRequest>) => {
  try {
    const bytes = (await decodeFrame(frame, sum, size, into)) as Uint8Array<ArrayBuffer>;
    // Transferred, not copied.
    self.postMessage({ id, ok: true, bytes } satisfies DecodeReply, [bytes.buffer]);
  } catch (error) {
    self.postMessage({ id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies DecodeReply);
  }
};
