// Web Worker that owns the emulator in the page, so emulation never blocks the UI.
// Downloads the small start files (with progress), restores the learner's saved machine (or the
// built state), relays the two serial ports as batched text, saves the machine when asked and
// fetches the rest of the disk into the browser's cache in the background.

/// <reference lib="webworker" />
import { concatBytes } from "./bytes.ts";
import { HttpChunkSource } from "./browser-chunk-source.ts";
import { ChunkedDisk } from "./chunked-disk.ts";
import { ChunkPack } from "./chunk-pack.ts";
import type { PackInfo } from "./chunk-pack.ts";
import { ChunkPrefetcher, prefetchOrder } from "./chunk-prefetcher.ts";
import { parseDiskIndex } from "./disk-index.ts";
import { createEmulator, machineAwaitingState, MEMORY_BYTES, restoreRest } from "./emulator.ts";
import { guestHttpGet, NothingListensError } from "./guest-http.ts";
import { MachineSaver } from "./machine-saver.ts";
import { writeBasePages } from "./base-pages.ts";
import { decodeThread } from "./decode-thread.ts";
import { streamState } from "./state-codec.ts";
import { MemorySink } from "./state-memory.ts";
import { clearSaves, readSaves } from "../persistence/machine-saves.ts";
import type { MachineSave } from "../persistence/machine-saves.ts";
import { chooseResume } from "../persistence/resume-choice.ts";
import type { Emulator } from "./emulator.ts";
import type { Artifact, GuestManifest } from "./guest-manifest.ts";
import type { FromWorker, HttpResult, ResumeResult, ToWorker } from "./machine-protocol.ts";
import { serialLink } from "./serial-link.ts";
import type { PortLink } from "./serial-link.ts";

declare const self: DedicatedWorkerGlobalScope;

const post = (message: FromWorker) => self.postMessage(message);

let emulator: Emulator | undefined;
/** The built machine, where a first visit and a reset start; read only when one of those needs it. */
let builtState: () => Promise<ArrayBuffer> = () => Promise.reject(new Error("the machine has not started"));
let firmware: { bios: ArrayBuffer; vgaBios: ArrayBuffer } | undefined;
let disk: ChunkedDisk | undefined;
let chunks: HttpChunkSource | undefined;
let prefetcher: ChunkPrefetcher | undefined;
/** Starts fetching the pack, or reads a stored one whole: at the first prompt, so that it does not slow the start (3 s of 8 here). */
let startPack = () => {};
let saver: MachineSaver | undefined;
let startBytes = 0;
const links: PortLink[] = [];
/** The preview's requests under way: their TCP exchange must not be rewound (see save-compaction.ts). */
let httpRequests = 0;

const CACHE_NAME = "docker-sandbox-start-v1";

/** Fetches a start file, from Cache Storage when its hash was seen before; reports bytes. */
async function download(url: string, sha256: string, onBytes: (n: number) => void): Promise<ArrayBuffer> {
  const key = `${url}?sha256=${sha256}`;
  const cache = typeof caches === "undefined" ? undefined : await caches.open(CACHE_NAME).catch(() => undefined);
  const cached = await cache?.match(key);
  if (cached) {
    const body = await cached.arrayBuffer();
    onBytes(body.byteLength);
    return body;
  }
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`could not download ${url} (HTTP ${response.status})`);
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    startBytes += value.length;
    onBytes(value.length);
  }
  const body = concatBytes(parts);
  await cache?.put(key, new Response(body)).catch(() => undefined);
  return body.buffer;
}

/** A machine resumed from SAVE, restored and not yet running; rejects (the machine gone) when the save cannot be read. */
async function openSave(save: MachineSave): Promise<Emulator> {
  const { emulator: machine, write } = await machineAwaitingState({ ...firmware!, disk: disk! });
  const helper = decodeThread();
  try {
    const { basePages } = save;
    // Read beside the save's frames: the pages the save left to the built state (base-pages.ts).
    const base = basePages && builtState().then((built) => helper.built({ built: new Blob([built]), memoryBytes: MEMORY_BYTES, pages: basePages }));
    base?.catch(() => undefined);
    const sink = new MemorySink(write, MEMORY_BYTES, basePages);
    await streamState(save, sink, helper.decode);
    if (base) writeBasePages(await base, basePages, write, MEMORY_BYTES);
    restoreRest(machine, sink.state());
    return machine;
  } catch (error) {
    await machine.destroy();
    throw error;
  } finally {
    helper.close();
  }
}

/** The learner's saved machine to resume, if any is usable, restored; what became of it either way. */
async function savedMachine(guest: GuestManifest, saves: readonly MachineSave[]): Promise<{ machine?: Emulator; result: ResumeResult }> {
  const choice = await chooseResume(saves, guest.key, guest.v86Build, openSave);
  const notice = choice.notice ? { notice: choice.notice } : {};
  if (choice.resume) {
    const { savedAt, lesson } = choice.resume;
    return { machine: choice.opened, result: { savedAt, ...(lesson ? { lesson } : {}), ...notice } };
  }
  return { result: { ...notice, ...(choice.rescue ? { rescue: new Uint8Array(await choice.rescue.arrayBuffer()) } : {}) } };
}

async function start(guestUrl: string): Promise<void> {
  const base = new URL(guestUrl, self.location.href);
  const manifestResponse = await fetch(new URL("manifest.json", base));
  if (!manifestResponse.ok) throw new Error(`no guest at ${base.href} (manifest.json: HTTP ${manifestResponse.status})`);
  const guest = (await manifestResponse.json()) as GuestManifest;
  const { bios, vgaBios, state: stateFile, diskIndex } = guest.artifacts;
  // The total is known once the saves are listed (a resume does not read the built state): no
  // progress before then, so that it never shrinks.
  let total = 0;
  let loaded = 0;
  const progress = () => {
    if (total) post({ type: "progress", progress: { phase: "downloading", loaded, total } });
  };
  const fetchFile = (file: Artifact, report: boolean) =>
    download(new URL(file.file, base).href, file.sha256, (n) => {
      loaded += n;
      if (report) progress();
    });
  // Storage that cannot be read (a private window, an eviction) is a visit without a save.
  const saves = readSaves().catch(() => []);
  // The built state (17 MB) is read at the start only when there is no save to resume; a save that
  // cannot be resumed, or a reset, reads it when it needs it.
  let stateRead: Promise<ArrayBuffer> | undefined;
  builtState = () => (stateRead ??= fetchFile(stateFile, false));
  const packInfo = packList(base);
  const startFiles = Promise.all([bios, vgaBios, diskIndex].map((f) => fetchFile(f, true)));
  const firstVisit = !(await saves).length;
  total = bios.bytes + vgaBios.bytes + diskIndex.bytes + (firstVisit ? stateFile.bytes : 0);
  if (firstVisit) stateRead = fetchFile(stateFile, true);
  progress();
  const [biosData, vgaData, indexData] = await startFiles;
  await stateRead;
  firmware = { bios: biosData!, vgaBios: vgaData! };
  const index = parseDiskIndex(JSON.parse(new TextDecoder().decode(indexData)));
  chunks = new HttpChunkSource(new URL(`${guest.disk.folder}/`, base).href, index.chunkSize, (wait) => post({ type: "disk-wait", wait }));
  const pack = await packInfo;
  if (pack) {
    const source = chunks;
    const url = new URL(pack.file, base).href;
    startPack = () => void (source.pack ??= new ChunkPack(url, pack, source.cache)).readWhole();
    // A pack the browser already holds (a repeat visit, offline) serves the restore's reads: the
    // browser holds some of the chunks they need in the pack only.
    source.pack = await ChunkPack.stored(url, pack, source.cache);
  }
  disk = new ChunkedDisk(index, chunks, {
    onError: (error) => post({ type: "error", message: `the machine's disk could not load a part: ${String(error)}` }),
  });
  prefetcher = new ChunkPrefetcher(prefetchOrder(index), guest.disk.storedBytes, chunks, (progress) => post({ type: "offline", progress }));
  post({ type: "offline", progress: prefetcher.progress });
  post({ type: "progress", progress: { phase: "restoring", loaded: total, total } });
  const restoreStarted = performance.now();
  const { machine, result } = await savedMachine(guest, await saves);
  saver = new MachineSaver(
    () => emulator!,
    guest,
    chunks,
    () => disk?.writtenBytes ?? 0,
    () => (httpRequests ? undefined : links),
    async () => {
      const helper = decodeThread();
      try {
        const prints = await helper.built({ built: new Blob([await builtState()]), memoryBytes: MEMORY_BYTES });
        return new Uint32Array(prints.buffer, prints.byteOffset, prints.length / 4);
      } finally {
        helper.close();
      }
    },
  );
  launch(machine ?? (await builtState()), result, restoreStarted, () => post({ type: "progress", progress: { phase: "starting", loaded: total, total } }));
}

/** The site's pack.json (the service worker keeps it with the page), or undefined: a site without a pack reads chunk by chunk. */
async function packList(base: URL): Promise<PackInfo | undefined> {
  try {
    const response = await fetch(new URL("pack.json", base));
    return response.ok ? ((await response.json()) as PackInfo) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs MACHINE (a restored emulator, or a state for a new one) and tells the page when it runs; the serial ports follow it. */
function launch(machine: ArrayBuffer | Emulator, resume: ResumeResult, started: number, beforeRunning = () => {}): void {
  const current = (emulator = machine instanceof ArrayBuffer ? createEmulator({ ...firmware!, disk: disk!, state: machine }) : machine);
  const ports = [serialLink(current, 0), serialLink(current, 1)];
  links.splice(0, links.length, ...ports);
  ports.forEach((link, port) => link.onOutput((data) => post({ type: "output", port: port as 0 | 1, data })));
  const running = () => {
    beforeRunning();
    post({ type: "running", restoreSeconds: (performance.now() - started) / 1000, resume });
  };
  if (!(machine instanceof ArrayBuffer)) {
    void current.run();
    return running();
  }
  // "loaded" comes after the state is restored; the machine runs from there (autostart).
  current.add_listener("emulator-loaded", running);
}

async function reset(): Promise<void> {
  if (!emulator) return;
  const started = performance.now();
  const state = await builtState();
  // A fresh machine is the built state: with no save, the next visit starts from it too. A save
  // whose guest is dropping its cache ends that first.
  await saver?.outsideRewind();
  await saver?.settled();
  await clearSaves().catch(() => undefined);
  // A new emulator, not the built state restored into this one: after such a restore the second
  // `docker run` stalled for two minutes (136 s against 8 s; cause inside v86 not found).
  await emulator.destroy();
  launch(state, {}, started);
}

async function http(port: number, path: string): Promise<HttpResult> {
  if (!emulator) return { ok: false, nothingListens: false, message: "the machine is not running yet" };
  httpRequests++;
  try {
    await saver?.outsideRewind();
    return { ok: true, ...(await guestHttpGet(emulator, port, path)) };
  } catch (error) {
    return { ok: false, nothingListens: error instanceof NothingListensError, message: error instanceof Error ? error.message : String(error) };
  } finally {
    httpRequests--;
  }
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  const fail = (error: unknown) => post({ type: "error", message: error instanceof Error ? error.message : String(error) });
  switch (message.type) {
    case "start":
      start(message.guestUrl).catch(fail);
      break;
    case "reset":
      reset().catch(fail);
      break;
    case "save":
      void saver?.save(message.lab, message.labAt, message.lesson).then(post);
      break;
    case "input":
      links[message.port]?.send(message.data);
      break;
    case "offline":
      // The page's first prompt sends the first of these.
      startPack();
      if (message.fetch) void prefetcher?.start();
      else prefetcher?.pause();
      break;
    case "busy":
      prefetcher?.hold(message.busy);
      break;
    case "http":
      void http(message.port, message.path).then((result) => post({ type: "http", id: message.id, result }));
      break;
    case "stats":
      post({
        type: "stats",
        startBytes,
        disk: { chunksLoaded: disk?.stats.chunksLoaded ?? 0, networkBytes: chunks?.networkBytes ?? 0, waitSeconds: (chunks?.waitMs ?? 0) / 1000, writtenBytes: disk?.writtenBytes ?? 0 },
      });
      break;
  }
};
