// A worker of the machine's worker: decodes saved frames it is handed while the machine's worker
// decodes others and writes them all into the machine (see streamState), and reads the built state
// for a save stored as a difference from it (base-pages.ts). Its memory (85 MB for the built state
// decoded) goes when the machine's worker ends it.

/// <reference lib="webworker" />
import { readBuilt } from "./base-pages.ts";
import { decodeFrame } from "./state-codec.ts";

declare const self: DedicatedWorkerGlobalScope;

export interface FrameRequest {
  id: number;
  frame: Blob;
  sum: number;
  size: number;
  /** Memory to decode into, sent back with the answer. */
  into?: ArrayBuffer;
}

/** The built state as fetched (zstd), and what is wanted of it: the pages PAGES names, or without it their fingerprints. */
export interface BuiltRequest {
  id: number;
  built: Blob;
  memoryBytes: number;
  pages?: Uint8Array;
}

export type DecodeRequest = FrameRequest | BuiltRequest;
export type DecodeReply = { id: number; ok: true; bytes: Uint8Array<ArrayBuffer> } | { id: number; ok: false; message: string };

self.onmessage = async ({ data }: MessageEvent<DecodeRequest>) => {
  try {
    const bytes = "built" in data ? await readBuilt(data.built, data.memoryBytes, data.pages) : ((await decodeFrame(data.frame, data.sum, data.size, data.into)) as Uint8Array<ArrayBuffer>);
    // Transferred, not copied.
    self.postMessage({ id: data.id, ok: true, bytes } satisfies DecodeReply, [bytes.buffer]);
  } catch (error) {
    self.postMessage({ id: data.id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies DecodeReply);
  }
};
