// The editor's view of /lab in the guest: the file tree and the open files, kept in step both ways.
// Plain logic over an injected LabFiles, so conflicts and echo suppression are tested without a
// machine or an editor. The guest agent is slow (a serial line, 50-200 ms a request) and the
// emulator's CPU is precious: nothing polls; a burst of change pushes leads to one listing and
// re-reads only the open files that changed.

import { createStore } from "zustand/vanilla";

export const LAB_DIR = "/lab";
/** Larger files are not read over the serial line; they open read-only. */
export const MAX_EDIT_BYTES = 512 * 1024;

export interface LabEntry {
  /** Absolute, e.g. "/lab/hello/Dockerfile". */
  path: string;
  kind: "file" | "dir" | "other";
  size: number;
  /** Seconds since the epoch, with fractions. */
  mtime: number;
}

/** /lab in the machine that runs now. */
export interface LabFiles {
  /** Everything under /lab. */
  list(): Promise<LabEntry[]>;
  /** A file's bytes; undefined when there is no file at that path. */
  read(path: string): Promise<Uint8Array | undefined>;
  write(path: string, text: string): Promise<void>;
}

export interface LabDoc {
  path: string;
  /** The guest's content as last read or written: the buffer has unsaved edits when text !== base. */
  base: string;
  /** The editor's buffer. */
  text: string;
  /** Counts the times the sync replaced text (not typing), so the editor knows to reload its buffer. */
  revision: number;
  /** Not read yet. */
  loading: boolean;
  /** No such file in the guest (not created yet, or deleted there): saving creates it. */
  missing: boolean;
  /** Why the file cannot be edited here (binary, too large); undefined when it can. */
  readOnly?: string;
  /** The guest's file changed or went while the buffer had unsaved edits; the edits were kept. */
  conflict: boolean;
  saving: boolean;
  /** The last failed read or save. */
  error?: string;
}

export interface LabSyncState {
  /** Entries under /lab in tree order (folders first); undefined until listed once. */
  entries: LabEntry[] | undefined;
  /** Files opened in the editor, by path. */
  docs: Record<string, LabDoc>;
  /** Why the last listing or file creation failed. */
  error?: string;
}

export interface LabSyncTiming {
  /** Quiet time after the last change push before listing. */
  settleMs: number;
  /** Longest wait while pushes keep coming (a long `tar x`). */
  maxWaitMs: number;
}

/** What the guest has at a path. */
interface Theirs {
  text: string;
  missing: boolean;
  readOnly?: string;
}

export const isDirty = (doc: LabDoc) => doc.text !== doc.base;

export class LabSync {
  readonly store = createStore<LabSyncState>(() => ({ entries: undefined, docs: {} }));
  /** Every guest request runs after the previous one, so a read never overtakes a save. */
  private queue: Promise<unknown> = Promise.resolve();
  private pushed = new Set<string>();
  /** The next refresh re-reads every open file (first listing, new machine, failed refresh). */
  private everything = true;
  private active = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private burstStart: number | undefined;
  private readonly pendingSaves = new Map<string, number>();

  constructor(
    private readonly files: LabFiles,
    private readonly timing: LabSyncTiming = { settleMs: 150, maxWaitMs: 1000 },
  ) {}

  /** A path under /lab changed in the guest (a watch push; several per change are normal). */
  changed(path: string): void {
    this.pushed.add(path);
    this.schedule();
  }

  /** A new machine runs (first start, reset): anything may differ. */
  resync(): void {
    this.everything = true;
    this.schedule();
  }

  /** Syncs only while the editor is shown; changes pushed meanwhile are caught up when it is. */
  setActive(active: boolean): void {
    this.active = active;
    if (active) this.schedule();
    else this.cancelTimer();
  }

  /** Opens a file (absolute path under /lab), reading it unless it is open already. */
  open(path: string): void {
    if (this.store.getState().docs[path]) return;
    this.putDoc({ path, base: "", text: "", revision: 0, loading: true, missing: false, conflict: false, saving: false });
    // Not `replace`: a refresh queued earlier may load the file first, and the learner type into it.
    void this.enqueue(() => this.load(path, false)).catch((error: Error) => this.patchDoc(path, { loading: false, error: error.message }));
  }

  /** The editor's buffer changed. */
  edit(path: string, text: string): void {
    const doc = this.store.getState().docs[path];
    if (doc && !doc.readOnly && !doc.loading && doc.text !== text) this.patchDoc(path, { text });
  }

  /** Writes the buffer to the guest. Unsaved edits always win over a conflicting guest change. */
  async save(path: string): Promise<void> {
    const doc = this.store.getState().docs[path];
    if (!doc || doc.readOnly || doc.loading) return;
    const text = doc.text;
    this.pendingSaves.set(path, (this.pendingSaves.get(path) ?? 0) + 1);
    this.patchDoc(path, { saving: true, error: undefined });
    const done = (patch: Partial<LabDoc>) => {
      const left = this.pendingSaves.get(path)! - 1;
      this.pendingSaves.set(path, left);
      this.patchDoc(path, { ...patch, saving: left > 0 });
    };
    try {
      await this.enqueue(async () => {
        await this.files.write(path, text);
        // Set before any later read runs: the watch push of this very write then reads back what we
        // wrote, equal to base, and is no outside change.
        done({ base: text, missing: false, conflict: false });
      });
    } catch (error) {
      done({ error: `could not save: ${(error as Error).message}` });
    }
  }

  /** After a conflict: "theirs" reloads the guest's file into the buffer, "mine" keeps the edits. */
  resolve(path: string, keep: "mine" | "theirs"): void {
    if (keep === "mine") {
      this.patchDoc(path, { conflict: false });
      return;
    }
    void this.enqueue(() => this.load(path, true)).catch((error: Error) => this.patchDoc(path, { error: error.message }));
  }

  /** Creates an empty file unless one exists, and opens it; false (and the reason in error) if it failed. */
  async create(path: string): Promise<boolean> {
    try {
      await this.enqueue(async () => {
        if ((await this.files.read(path)) === undefined) await this.files.write(path, "");
      });
    } catch (error) {
      this.store.setState({ error: `could not create ${path}: ${(error as Error).message}` });
      return false;
    }
    this.open(path);
    this.changed(path);
    return true;
  }

  private schedule(): void {
    if (!this.active || (!this.everything && this.pushed.size === 0)) return;
    const now = Date.now();
    this.burstStart ??= now;
    clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.timing.settleMs, this.burstStart + this.timing.maxWaitMs - now));
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private cancelTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.burstStart = undefined;
  }

  private flush(): void {
    this.cancelTimer();
    const paths = this.pushed;
    const everything = this.everything;
    this.pushed = new Set();
    this.everything = false;
    void this.enqueue(() => this.refresh(paths, everything)).catch((error: Error) => {
      this.everything = true;
      this.store.setState({ error: error.message });
    });
  }

  /** One listing, then a re-read of each open file that was pushed or whose size or time changed. */
  private async refresh(pushed: Set<string>, everything: boolean): Promise<void> {
    const before = new Map(this.store.getState().entries?.map((e) => [e.path, e]));
    const entries = sortEntries(await this.files.list());
    this.store.setState({ entries, error: undefined });
    const now = new Map(entries.map((e) => [e.path, e]));
    for (const path of Object.keys(this.store.getState().docs)) {
      const was = before.get(path);
      const is = now.get(path);
      if (everything || pushed.has(path) || was?.size !== is?.size || was?.mtime !== is?.mtime) await this.load(path, false);
    }
  }

  /** Reads what the guest has and merges it into the doc (a doc still loading takes it); `replace` takes it even over edits. */
  private async load(path: string, replace: boolean): Promise<void> {
    const theirs = await this.readTheirs(path);
    const doc = this.store.getState().docs[path];
    if (!doc) return;
    const same = theirs.text === doc.base && theirs.missing === doc.missing && theirs.readOnly === doc.readOnly;
    if (same && !doc.loading && !replace) return; // nothing new: an echo of our own save, or a touch
    const guest = { base: theirs.text, missing: theirs.missing, loading: false, error: undefined };
    if (replace || doc.loading || !isDirty(doc)) {
      const changedText = doc.text !== theirs.text || doc.loading;
      this.patchDoc(path, { ...guest, readOnly: theirs.readOnly, text: theirs.text, conflict: false, revision: doc.revision + (changedText ? 1 : 0) });
    } else if (doc.text === theirs.text && !theirs.readOnly) {
      this.patchDoc(path, { ...guest, conflict: false }); // both sides made the same change
    } else {
      this.patchDoc(path, { ...guest, conflict: true });
    }
  }

  private async readTheirs(path: string): Promise<Theirs> {
    const name = path.slice(path.lastIndexOf("/") + 1);
    const listed = this.store.getState().entries?.find((e) => e.path === path);
    const tooLarge = (size: number): Theirs => ({
      text: "",
      missing: false,
      readOnly: `${name} is ${formatSize(size)}, too large to edit here: look at it in the terminal (less ${name}).`,
    });
    if (listed && listed.kind === "file" && listed.size > MAX_EDIT_BYTES) return tooLarge(listed.size);
    const bytes = await this.files.read(path);
    if (bytes === undefined) return { text: "", missing: true };
    if (bytes.length > MAX_EDIT_BYTES) return tooLarge(bytes.length);
    const text = decodeText(bytes);
    if (text === undefined) {
      return { text: "", missing: false, readOnly: `${name} is a binary file (${formatSize(bytes.length)}): it is not shown here.` };
    }
    return { text, missing: false };
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private putDoc(doc: LabDoc): void {
    this.store.setState((s) => ({ docs: { ...s.docs, [doc.path]: doc } }));
  }

  private patchDoc(path: string, patch: Partial<LabDoc>): void {
    const doc = this.store.getState().docs[path];
    if (doc) this.putDoc({ ...doc, ...patch });
  }
}

/** UTF-8 text, or undefined for binary content (a NUL byte or invalid UTF-8). */
export function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    // ignoreBOM keeps a byte order mark in the text, so saving writes it back.
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Tree order: each folder's sub-folders first, then its files, each by name. */
export function sortEntries(entries: LabEntry[]): LabEntry[] {
  const key = (e: LabEntry) => {
    const parts = e.path.split("/");
    // Every segment but the last is a folder; the last is one if the entry is.
    return parts.map((name, i) => `${i < parts.length - 1 || e.kind === "dir" ? 0 : 1}${name}`);
  };
  const keys = new Map(entries.map((e) => [e, key(e)]));
  return [...entries].sort((a, b) => {
    const ka = keys.get(a)!;
    const kb = keys.get(b)!;
    for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
      if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
    }
    return ka.length - kb.length;
  });
}
