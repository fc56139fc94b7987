// The machine worker's helper thread (state-decode-worker.ts): decodes a save's frames beside the
// machine's worker during a resume, and reads the built state for saves stored as a difference
// from it. A worker that cannot start leaves the work to the calling thread: the save is not at fault.

import { readBuilt } from "./base-pages.ts";
import { decodeFrame } from "./state-codec.ts";
import type { FrameDecoder } from "./state-codec.ts";
import type { BuiltRequest, DecodeReply, DecodeRequest } from "./state-decode-worker.ts";

export interface DecodeThread {
  decode: FrameDecoder;
  /** What a built state's request asks for (base-pages.ts). */
  built(request: Omit<BuiltRequest, "id">): Promise<Uint8Array>;
  /** Ends the thread and its memory; what it was asked and has not answered rejects. */
  close(): void;
}

export function decodeThread(): DecodeThread {
  const worker = new Worker(new URL("./state-decode-worker.ts", import.meta.url), { type: "module" });
  const waiting = new Map<number, { resolve(bytes: Uint8Array): void; reject(error: Error): void; retry(): void }>();
  let nextId = 0;
  let broken = false;
  worker.onmessage = ({ data }: MessageEvent<DecodeReply>) => {
    const asked = waiting.get(data.id);
    waiting.delete(data.id);
    if (data.ok) asked?.resolve(data.bytes);
    else asked?.reject(new Error(data.message));
  };
  worker.onerror = () => {
    broken = true;
    for (const asked of waiting.values()) asked.retry();
    waiting.clear();
  };
  const ask = (request: Omit<DecodeRequest, "id">, transfer: Transferable[], here: () => Promise<Uint8Array>): Promise<Uint8Array> => {
    if (broken) return here();
    return new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject, retry: () => here().then(resolve, reject) });
      worker.postMessage({ ...request, id } as DecodeRequest, transfer);
    });
  };
  return {
    // A retry cannot use INTO: it went with the request.
    decode: (frame, sum, size, into) =>
      broken ? decodeFrame(frame, sum, size, into) : ask({ frame, sum, size, ...(into ? { into } : {}) }, into ? [into] : [], () => decodeFrame(frame, sum, size)),
    built: (request) => ask(request, [], () => readBuilt(request.built, request.memoryBytes, request.pages)),
    close() {
      worker.terminate();
      for (const asked of waiting.values()) asked.reject(new Error("the machine's helper thread was stopped"));
      waiting.clear();
    },
  };
}
