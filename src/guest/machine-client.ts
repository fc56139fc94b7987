// The page's handle on the machine: starts the emulator worker and talks to it through a
// small typed interface (start, reset, input, output, progress, errors).

import type { OfflineProgress } from "./chunk-prefetcher.ts";
import type { DiskStats, FromWorker, HttpResult, StartProgress, ToWorker } from "./machine-protocol.ts";
import type { SerialLink } from "./serial-link.ts";

type Handler<T> = (value: T) => void;

export class MachineClient {
  private readonly worker: Worker;
  private readonly output = [new Set<Handler<string>>(), new Set<Handler<string>>()] as const;
  private readonly progress = new Set<Handler<StartProgress>>();
  private readonly running = new Set<Handler<{ restoreSeconds: number }>>();
  private readonly errors = new Set<Handler<string>>();
  private readonly offlineProgress = new Set<Handler<OfflineProgress>>();
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
        this.running.forEach((h) => h({ restoreSeconds: message.restoreSeconds }));
        break;
      case "error":
        this.errors.forEach((h) => h(message.message));
        break;
      case "offline":
        this.offlineProgress.forEach((h) => h(message.progress));
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

  /** Restores the saved state: a fresh machine in about a second. */
  reset(): void {
    this.post({ type: "reset" });
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
  /** The machine runs after a start or a reset; its prompt follows. */
  onRunning(handler: Handler<{ restoreSeconds: number }>): () => void {
    return subscribe(this.running, handler);
  }
  onError(handler: Handler<string>): () => void {
    return subscribe(this.errors, handler);
  }
  /** How much of the disk the browser holds for offline use, and whether it is being fetched. */
  onOffline(handler: Handler<OfflineProgress>): () => void {
    return subscribe(this.offlineProgress, handler);
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
