// Requests to the guest's agent (images/rootfs/usr/local/sbin/sandbox-agent) over a serial
// link: one line per request and per answer, arguments and payloads in base64.

import type { SerialLink } from "./serial-link.ts";

export interface AgentAnswer {
  status: number;
  /** Raw payload bytes. */
  data: Uint8Array;
  text(): string;
}

interface Pending {
  resolve: (answer: AgentAnswer) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
  op: string;
}

/** Where job() keeps each job's script, output and exit status in the guest (a tmpfs, out of the learner's way). */
const JOBS = "/run/sandbox-jobs";
/** How much of a job's output comes back: its end, where a failure says why. */
const JOB_OUTPUT_BYTES = 4000;

/** Lines the agent sends unasked (id 0) after a "watch" request, by channel. */
export type PushChannel = "lab" | "docker";

export class AgentClient {
  private nextId: number;
  private buffer = "";
  private readonly pending = new Map<number, Pending>();
  private readonly pushHandlers = new Map<string, Set<(text: string) => void>>();
  private readonly busyListeners = new Set<(busy: boolean) => void>();
  private busy = false;
  /** Jobs under way (see job()): the agent works for the page between their polls too. */
  private jobs = 0;
  private readonly unsubscribe: () => void;

  /** FIRST_ID: the first request's id, so that two clients on one port never answer each other's. */
  constructor(
    private readonly link: SerialLink,
    firstId = 1,
  ) {
    this.nextId = firstId;
    this.unsubscribe = link.onOutput((text) => this.receive(text));
  }

  private receive(text: string): void {
    this.buffer += text;
    let newline: number;
    while ((newline = this.buffer.indexOf("\n")) >= 0) {
      const line = this.buffer.slice(0, newline).replace(/\r$/, "");
      this.buffer = this.buffer.slice(newline + 1);
      const [id, status, payload = ""] = line.split(" ");
      if (id === "0") {
        const text = new TextDecoder().decode(fromBase64(payload));
        this.pushHandlers.get(status ?? "")?.forEach((handler) => handler(text));
        continue;
      }
      const waiter = this.pending.get(Number(id));
      if (!waiter) continue;
      this.pending.delete(Number(id));
      this.busyChanged();
      clearTimeout(waiter.timer);
      const data = fromBase64(payload);
      waiter.resolve({ status: Number(status), data, text: () => new TextDecoder().decode(data) });
    }
  }

  /** Sends one request; rejects with a message naming the request when no answer comes in time. */
  request(op: string, args: (string | Uint8Array)[] = [], timeoutS = 30): Promise<AgentAnswer> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.busyChanged();
        reject(new Error(`the guest agent did not answer "${op}" within ${timeoutS} s`));
      }, timeoutS * 1000);
      this.pending.set(id, { resolve, reject, timer, op });
      this.busyChanged();
      const encoded = args.map((a) => toBase64(typeof a === "string" ? new TextEncoder().encode(a) : a));
      this.link.send(`${[id, op, ...encoded].join(" ")}\n`);
    });
  }

  /** Receives what the agent pushes on a channel once "watch" was requested. */
  onPush(channel: PushChannel, handler: (text: string) => void): () => void {
    const handlers = this.pushHandlers.get(channel) ?? new Set();
    this.pushHandlers.set(channel, handlers);
    handlers.add(handler);
    return () => handlers.delete(handler);
  }

  /** Asks the agent to push file changes under /lab and Docker's events (idempotent). */
  async watch(): Promise<void> {
    const answer = await this.request("watch");
    if (answer.status !== 0) throw new Error(`the guest agent could not watch: ${answer.text()}`);
  }

  /** Entries under a directory: type ("f", "d", "l"…), size, mtime in seconds, relative path. */
  async tree(dir: string): Promise<{ type: string; size: number; mtime: number; path: string }[]> {
    const answer = await this.request("tree", [dir]);
    if (answer.status !== 0) throw new Error(`could not list ${dir}: ${answer.text()}`);
    return answer
      .text()
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [type = "", size = "0", mtime = "0", ...path] = line.split(" ");
        return { type, size: Number(size), mtime: Number(mtime), path: path.join(" ") };
      });
  }

  /** Runs a bash script in /lab; resolves with its exit status and output. */
  async sh(script: string, timeoutS = 300): Promise<{ status: number; output: string }> {
    const answer = await this.request("sh", [script], timeoutS + 5);
    return { status: answer.status, output: answer.text() };
  }

  /**
   * Runs a bash script in /lab as a job of its own in the guest, for work that may take longer than
   * the agent gives `sh` (300 s: a redo of lessons that build images takes many minutes here): the
   * agent answers one request at a time, so it starts the job, then is asked every POLL_MS whether it
   * has ended. The client counts as busy throughout. Resolves with the exit status and the output's end.
   */
  async job(script: string, timeoutS: number, pollMs = 2000): Promise<{ status: number; output: string }> {
    const files = `${JOBS}/${Date.now().toString(36)}-${this.nextId}`;
    this.jobs++;
    this.busyChanged();
    try {
      // setsid: out of the process group that the agent's time limit on `sh` ends.
      const started = await this.sh(
        `mkdir -p ${JOBS} && echo ${toBase64(new TextEncoder().encode(script))} | base64 -d > ${files}.sh && ` +
          `{ setsid bash -c 'bash ${files}.sh > ${files}.out 2>&1; echo $? > ${files}.tmp; mv ${files}.tmp ${files}.status' & echo $! > ${files}.pid; } </dev/null >/dev/null 2>&1`,
        30,
      );
      if (started.status !== 0) return started;
      const deadline = Date.now() + timeoutS * 1000;
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, pollMs));
        const ended = await this.sh(`cat ${files}.status 2>/dev/null && tail -c ${JOB_OUTPUT_BYTES} ${files}.out && rm -f ${files}.*`, 30);
        if (ended.status === 0) {
          const newline = ended.output.indexOf("\n");
          return { status: Number(ended.output.slice(0, newline)), output: ended.output.slice(newline + 1) };
        }
        if (Date.now() > deadline) {
          const killed = await this.sh(`kill -- -$(cat ${files}.pid); tail -c ${JOB_OUTPUT_BYTES} ${files}.out; rm -f ${files}.*`, 30);
          return { status: 124, output: `${killed.output}\n(stopped after ${timeoutS} s)` };
        }
      }
    } finally {
      this.jobs--;
      this.busyChanged();
    }
  }

  /** GET on Docker's API, parsed as JSON. */
  async api<T>(path: string, timeoutS?: number): Promise<T> {
    const answer = await this.request("api", [path], timeoutS);
    if (answer.status !== 0) throw new Error(`Docker API ${path}: ${answer.text()}`);
    return JSON.parse(answer.text()) as T;
  }

  /**
   * GET LIST on Docker's API, then every one of ITEMS for each object it names, in one round trip:
   * one array per object, of each item's JSON in order ("{id}" in an item is the object's id; an item
   * starting "base64:" comes as its body in base64). Objects removed since the list are left out.
   */
  async apiEach<T extends unknown[]>(list: string, items: string[]): Promise<T[]> {
    const answer = await this.request("each", [list, ...items], 60);
    if (answer.status !== 0) throw new Error(`Docker API ${list}: ${answer.text()}`);
    return JSON.parse(answer.text()) as T[];
  }

  async writeFile(path: string, data: string | Uint8Array, timeoutS?: number): Promise<void> {
    const answer = await this.request("write", [path, data], timeoutS);
    if (answer.status !== 0) throw new Error(`could not write ${path}: ${answer.text()}`);
  }

  dispose(): void {
    this.unsubscribe();
    for (const waiter of this.pending.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(`the guest agent went away before answering "${waiter.op}"`));
    }
    this.pending.clear();
    this.busyChanged();
  }

  /** Told true when a request or a job starts with none under way, false when the last ends (or gives up). */
  onBusy(listener: (busy: boolean) => void): () => void {
    this.busyListeners.add(listener);
    return () => this.busyListeners.delete(listener);
  }

  private busyChanged(): void {
    const busy = this.pending.size > 0 || this.jobs > 0;
    if (busy === this.busy) return;
    this.busy = busy;
    this.busyListeners.forEach((listener) => listener(busy));
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
