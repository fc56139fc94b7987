// The page's handle on the machine: starts the emulator worker and talks to it through a
// small typed interface (start, reset, input, output, progress, errors).

import type { OfflineProgress } from "./chunk-prefetcher.ts";
import type { DiskStats, DiskWait, FromWorker, HttpResult, ResumeResult, SaveResult, StartProgress, ToWorker } from "./machine-protocol.ts";
import type { SerialLink } from "./serial-link.ts";

type Handler<T> = (value: T) => void;

export type SaveOutcome = { ok: true; save: SaveResult } | { ok: false; message: string; quota: boolean };

export class MachineClient {
  private readonly worker: Worker;
  private readonly output = [new Set<Handler<string>>(), new Set<Handler<string>>()] as const;
  private readonly progress = new Set<Handler<StartProgress>>();
  private readonly running = new Set<Handler<{ restoreSeconds: number; resume: ResumeResult }>>();
  private readonly saves = new Set<Handler<SaveOutcome>>();
  private readonly errors = new Set<Handler<string>>();
  private readonly offlineProgress = new Set<Handler<OfflineProgress>>();
  private readonly diskWaits = new Set<Handler<DiskWait | undefined>>();
  private statsWaiters: Handler<{ disk: DiskStats; startBytes: number }>[] = [];
  private readonly httpWaiters = new Map<number, Handler<HttpResult>>();
  private nextHttpId = 1;

  /** @param guestUrl folder of the built guest (manifest.json), relative to the page */
  constructor(private readonly guestUrl: string) {
    this.worker = new Worker(new URL("./machine-worker.ts", import.meta.url), { type: "module" });
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
    this.worker.onerror = (event) => this.errors.forEach((h) => h(event.message || "the machine's worker failed to load"));
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case "output":
        this.output[message.port].forEach((h) => h(message.data));
        break;
      case "progress":
        this.progress.forEach((h) => h(message.progress));
        break;
      case "running":
        this.running.forEach((h) => h({ restoreSeconds: message.restoreSeconds, resume: message.resume }));
        break;
      case "saved":
        this.saves.forEach((h) => h({ ok: true, save: message.save }));
        break;
      case "save-failed":
        this.saves.forEach((h) => h({ ok: false, message: message.message, quota: message.quota }));
        break;
      case "error":
        this.errors.forEach((h) => h(message.message));
        break;
      case "offline":
        this.offlineProgress.forEach((h) => h(message.progress));
        break;
      case "disk-wait":
        this.diskWaits.forEach((h) => h(message.wait));
        break;
      case "http":
        this.httpWaiters.get(message.id)?.(message.result);
        this.httpWaiters.delete(message.id);
        break;
      case "stats":
        this.statsWaiters.forEach((h) => h(message));
        this.statsWaiters = [];
        break;
    }
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  start(): void {
    this.post({ type: "start", guestUrl: new URL(this.guestUrl, document.baseURI).href });
  }

  /** Restores the built state: a fresh machine in about a second (the learner's save is forgotten). */
  reset(): void {
    this.post({ type: "reset" });
  }

  /** The learner's command runs or the page waits on the guest's agent (true): background fetching holds back. */
  busy(busy: boolean): void {
    this.post({ type: "busy", busy });
  }

  /** Saves the machine in the browser, with LAB (/lab as .tar.gz) beside it; see onSave. */
  save(lab: Uint8Array | undefined, labAt: number, lesson: string | undefined): void {
    this.post({ type: "save", lab, labAt, lesson });
  }

  /** Keystrokes for the learner's shell. */
  send(data: string): void {
    this.post({ type: "input", port: 0, data });
  }

  onOutput(handler: Handler<string>): () => void {
    return subscribe(this.output[0], handler);
  }
  onProgress(handler: Handler<StartProgress>): () => void {
    return subscribe(this.progress, handler);
  }
  /** The machine runs after a start (fresh or resumed) or a reset; its prompt follows. */
  onRunning(handler: Handler<{ restoreSeconds: number; resume: ResumeResult }>): () => void {
    return subscribe(this.running, handler);
  }
  onSave(handler: Handler<SaveOutcome>): () => void {
    return subscribe(this.saves, handler);
  }
  onError(handler: Handler<string>): () => void {
    return subscribe(this.errors, handler);
  }
  /** How much of the disk the browser holds for offline use, and whether it is being fetched. */
  onOffline(handler: Handler<OfflineProgress>): () => void {
    return subscribe(this.offlineProgress, handler);
  }

  /** Why the machine waits for a part of its disk the browser does not hold, or undefined when it goes on. */
  onDiskWait(handler: Handler<DiskWait | undefined>): () => void {
    return subscribe(this.diskWaits, handler);
  }

  /** Fetch the rest of the disk in the background (true), or stop (false). */
  fetchForOffline(fetch: boolean): void {
    this.post({ type: "offline", fetch });
  }

  /** The second serial port, where the guest's agent answers. */
  readonly agent: SerialLink = {
    send: (data) => this.post({ type: "input", port: 1, data }),
    onOutput: (handler) => subscribe(this.output[1], handler),
  };

  /** GET `path` on a port of the guest through its network card, inside the page. */
  httpGet(port: number, path: string): Promise<HttpResult> {
    const id = this.nextHttpId++;
    return new Promise((resolve) => {
      this.httpWaiters.set(id, resolve);
      this.post({ type: "http", id, port, path });
    });
  }

  stats(): Promise<{ disk: DiskStats; startBytes: number }> {
    return new Promise((resolve) => {
      this.statsWaiters.push(resolve);
      this.post({ type: "stats" });
    });
  }

  dispose(): void {
    this.worker.terminate();
  }
}

function subscribe<T>(set: Set<Handler<T>>, handler: Handler<T>): () => void {
  set.add(handler);
  return () => set.delete(handler);
}
