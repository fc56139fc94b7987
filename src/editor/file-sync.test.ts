import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LabSync, MAX_EDIT_BYTES, decodeText, isDirty, sortEntries } from "./file-sync.ts";
import type { LabEntry, LabFiles } from "./file-sync.ts";

/** /lab in memory, with inotify: every write (the editor's or the terminal's) pushes its path. */
function fakeGuest(initial: Record<string, string | Uint8Array> = {}) {
  const files = new Map<string, { data: Uint8Array; mtime: number }>();
  let clock = 1;
  const calls: string[] = [];
  let heldWrite: Promise<void> | undefined;
  let heldRead: Promise<void> | undefined;
  let down = false;
  const up = () => {
    if (down) throw new Error("the machine is not running yet");
  };
  const put = (path: string, content: string | Uint8Array) =>
    files.set(path, { data: typeof content === "string" ? new TextEncoder().encode(content) : content, mtime: clock++ });
  for (const [path, content] of Object.entries(initial)) put(path, content);

  const lab: LabFiles = {
    async list() {
      calls.push("list");
      up();
      const entries = new Map<string, LabEntry>();
      for (const [path, file] of files) {
        entries.set(path, { path, kind: "file", size: file.data.length, mtime: file.mtime });
        for (let dir = path.slice(0, path.lastIndexOf("/")); dir.length > "/lab".length; dir = dir.slice(0, dir.lastIndexOf("/"))) {
          entries.set(dir, { path: dir, kind: "dir", size: 4096, mtime: 0 });
        }
      }
      return [...entries.values()];
    },
    async read(path) {
      calls.push(`read ${path}`);
      const data = files.get(path)?.data;
      await heldRead;
      return data;
    },
    async write(path, text) {
      calls.push(`write ${path}`);
      up();
      await heldWrite;
      put(path, text);
      // inotify reports create and close_write for one write.
      sync.changed(path);
      sync.changed(path);
    },
  };
  const sync = new LabSync(lab, { settleMs: 50, maxWaitMs: 400 });
  return {
    sync,
    calls,
    doc: (path: string) => sync.store.getState().docs[path]!,
    text: (path: string) => (files.has(path) ? new TextDecoder().decode(files.get(path)!.data) : undefined),
    /** The learner changes (or with undefined, deletes) a file in the terminal. */
    terminal(path: string, content: string | Uint8Array | undefined) {
      if (content === undefined) files.delete(path);
      else put(path, content);
      sync.changed(path);
    },
    /** The machine stops answering (or answers again). */
    setDown(value: boolean) {
      down = value;
    },
    /** Answers to writes and reads wait; once released, reads are answered last (no order is promised). */
    holdAnswers() {
      let answerWrites!: () => void;
      let answerReads!: () => void;
      heldWrite = new Promise((resolve) => (answerWrites = resolve));
      heldRead = new Promise((resolve) => (answerReads = resolve));
      return () => {
        heldWrite = heldRead = undefined;
        answerWrites();
        setTimeout(answerReads, 10);
      };
    },
  };
}

const settle = () => vi.advanceTimersByTimeAsync(1000);

/** A guest with these files, the editor shown, and `open` opened and read. */
async function shown(initial: Record<string, string | Uint8Array>, ...open: string[]) {
  const guest = fakeGuest(initial);
  guest.sync.setActive(true);
  for (const path of open) guest.sync.open(path);
  await settle();
  guest.calls.length = 0;
  return guest;
}

/** app.py open with unsaved edits `mine` when the terminal writes `theirs` into it. */
async function bothChanged(mine: string, theirs: string) {
  const guest = await shown({ "/lab/app.py": "a\n" }, "/lab/app.py");
  guest.sync.edit("/lab/app.py", mine);
  guest.terminal("/lab/app.py", theirs);
  await settle();
  return guest;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("LabSync", () => {
  it("lists /lab when first shown, in tree order, and not while hidden", async () => {
    const guest = fakeGuest({ "/lab/b.txt": "b", "/lab/app/x.py": "x", "/lab/a.txt": "a" });
    guest.sync.changed("/lab/b.txt");
    await settle();
    expect(guest.calls).toEqual([]);
    guest.sync.setActive(true);
    await settle();
    expect(guest.sync.store.getState().entries?.map((e) => e.path)).toEqual(["/lab/app", "/lab/app/x.py", "/lab/a.txt", "/lab/b.txt"]);
    expect(guest.calls).toEqual(["list"]);
  });

  it("opens a file; a save is what the guest has at once, and its own watch push is no outside change", async () => {
    const guest = await shown({ "/lab/Dockerfile": "FROM busybox\n" }, "/lab/Dockerfile");
    const { sync } = guest;
    expect(guest.doc("/lab/Dockerfile")).toMatchObject({ text: "FROM busybox\n", base: "FROM busybox\n", loading: false, revision: 1 });

    sync.edit("/lab/Dockerfile", "FROM busybox\nCMD [\"echo\", \"hi\"]\n");
    expect(isDirty(guest.doc("/lab/Dockerfile"))).toBe(true);
    await sync.save("/lab/Dockerfile");
    expect(guest.text("/lab/Dockerfile")).toBe("FROM busybox\nCMD [\"echo\", \"hi\"]\n");
    // The learner types on while the echo of the save is being read back.
    sync.edit("/lab/Dockerfile", "FROM busybox\nCMD [\"echo\", \"hi there\"]\n");
    await settle();
    const doc = guest.doc("/lab/Dockerfile");
    expect(doc).toMatchObject({ conflict: false, saving: false, revision: 1, text: "FROM busybox\nCMD [\"echo\", \"hi there\"]\n" });
    expect(isDirty(doc)).toBe(true);
    expect(guest.calls.filter((c) => c === "list")).toHaveLength(1);
  });

  it("a read never overtakes a save still in flight", async () => {
    const guest = await shown({ "/lab/app.py": "v1\n" }, "/lab/app.py");
    const { sync } = guest;
    sync.edit("/lab/app.py", "v2\n");
    const release = guest.holdAnswers();
    const saving = sync.save("/lab/app.py");
    expect(guest.doc("/lab/app.py").saving).toBe(true);
    guest.sync.changed("/lab/app.py"); // some other push for the same file meanwhile
    await vi.advanceTimersByTimeAsync(100);
    release();
    await settle();
    await saving;
    expect(guest.doc("/lab/app.py")).toMatchObject({ text: "v2\n", base: "v2\n", conflict: false, saving: false, revision: 1 });
  });

  it("edits made as soon as a new file shows are not undone by its first read, queued behind a listing", async () => {
    const guest = await shown({});
    const { sync } = guest;
    // The learner types the moment the file is readable.
    sync.store.subscribe((s) => {
      const doc = s.docs["/lab/Dockerfile"];
      if (doc && !doc.loading && doc.text === "") sync.edit("/lab/Dockerfile", "FROM busybox\n");
    });
    const release = guest.holdAnswers();
    const created = sync.create("/lab/Dockerfile");
    guest.terminal("/lab/other.txt", "x"); // a push whose listing is queued behind the creation
    await vi.advanceTimersByTimeAsync(60);
    release();
    await settle();
    await created;
    expect(guest.doc("/lab/Dockerfile")).toMatchObject({ text: "FROM busybox\n", base: "", revision: 1 });
  });

  it("shows a change made in the terminal within the settle time, re-reading only the changed open file", async () => {
    const guest = await shown({ "/lab/app.py": "print(1)\n", "/lab/other.py": "x\n" }, "/lab/app.py", "/lab/other.py");
    guest.terminal("/lab/app.py", "print(2)\n");
    guest.terminal("/lab/new.txt", "hello\n");
    await vi.advanceTimersByTimeAsync(60);
    expect(guest.calls).toEqual(["list", "read /lab/app.py"]);
    expect(guest.doc("/lab/app.py")).toMatchObject({ text: "print(2)\n", base: "print(2)\n", revision: 2, conflict: false });
    expect(guest.doc("/lab/other.py").revision).toBe(1);
    expect(guest.sync.store.getState().entries?.map((e) => e.path)).toContain("/lab/new.txt");
  });

  it("lists once for a burst of pushes, and at least once a second while they keep coming", async () => {
    const guest = await shown({});
    for (let i = 0; i < 20; i++) {
      guest.terminal(`/lab/f${i}`, "x");
      await vi.advanceTimersByTimeAsync(10);
    }
    await settle();
    expect(guest.calls).toEqual(["list"]);
    guest.calls.length = 0;
    for (let i = 0; i < 100; i++) {
      guest.terminal(`/lab/g${i}`, "x");
      await vi.advanceTimersByTimeAsync(20);
    }
    expect(guest.calls.length).toBeGreaterThanOrEqual(4);
  });

  it("keeps unsaved edits when the terminal changes the file, and says so; theirs can be reloaded", async () => {
    const guest = await bothChanged("mine\n", "theirs\n");
    expect(guest.doc("/lab/app.py")).toMatchObject({ text: "mine\n", base: "theirs\n", conflict: true, revision: 1 });
    guest.sync.resolve("/lab/app.py", "theirs");
    await settle();
    expect(guest.doc("/lab/app.py")).toMatchObject({ text: "theirs\n", conflict: false, revision: 2 });
    expect(isDirty(guest.doc("/lab/app.py"))).toBe(false);
  });

  it("keeping mine and saving writes mine over theirs", async () => {
    const guest = await bothChanged("mine\n", "theirs\n");
    guest.sync.resolve("/lab/app.py", "mine");
    expect(guest.doc("/lab/app.py")).toMatchObject({ conflict: false, text: "mine\n" });
    await guest.sync.save("/lab/app.py");
    await settle();
    expect(guest.text("/lab/app.py")).toBe("mine\n");
    expect(guest.doc("/lab/app.py")).toMatchObject({ conflict: false, base: "mine\n", text: "mine\n" });
  });

  it("no conflict when both sides made the same change", async () => {
    const doc = (await bothChanged("b\n", "b\n")).doc("/lab/app.py");
    expect(doc).toMatchObject({ conflict: false, base: "b\n", text: "b\n" });
    expect(isDirty(doc)).toBe(false);
  });

  it("a file deleted in the terminal empties a clean buffer, and keeps unsaved edits as a conflict", async () => {
    const guest = fakeGuest({ "/lab/a.txt": "a", "/lab/b.txt": "b" });
    const { sync } = guest;
    sync.setActive(true);
    sync.open("/lab/a.txt");
    sync.open("/lab/b.txt");
    await settle();
    sync.edit("/lab/b.txt", "b edited");
    guest.terminal("/lab/a.txt", undefined);
    guest.terminal("/lab/b.txt", undefined);
    await settle();
    const { docs, entries } = sync.store.getState();
    expect(docs["/lab/a.txt"]).toMatchObject({ missing: true, text: "", conflict: false });
    expect(docs["/lab/b.txt"]).toMatchObject({ missing: true, text: "b edited", conflict: true });
    expect(entries).toEqual([]);
    await sync.save("/lab/b.txt");
    expect(guest.text("/lab/b.txt")).toBe("b edited");
    expect(sync.store.getState().docs["/lab/b.txt"]).toMatchObject({ missing: false, conflict: false });
  });

  it("a file opened before it exists (a lesson opens it before seeding) loads when it appears", async () => {
    const guest = fakeGuest();
    const { sync } = guest;
    sync.setActive(true);
    sync.open("/lab/hello/Dockerfile");
    await settle();
    expect(sync.store.getState().docs["/lab/hello/Dockerfile"]).toMatchObject({ missing: true, loading: false, text: "" });
    guest.terminal("/lab/hello/Dockerfile", "FROM python:3.13-slim\n");
    await settle();
    expect(sync.store.getState().docs["/lab/hello/Dockerfile"]).toMatchObject({ missing: false, text: "FROM python:3.13-slim\n", conflict: false });
  });

  it("opens binary and large files read-only, without reading a large one, and ignores edits to them", async () => {
    const guest = await shown({ "/lab/logo.png": new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1]), "/lab/big.log": "x".repeat(MAX_EDIT_BYTES + 1) });
    const { sync } = guest;
    sync.open("/lab/logo.png");
    sync.open("/lab/big.log");
    await settle();
    expect(guest.doc("/lab/logo.png").readOnly).toMatch(/logo\.png is a binary file \(6 bytes\)/);
    expect(guest.doc("/lab/big.log").readOnly).toMatch(/big\.log is 512\.0 KiB, too large to edit here/);
    expect(guest.calls).not.toContain("read /lab/big.log");
    sync.edit("/lab/logo.png", "text");
    await sync.save("/lab/logo.png");
    expect(guest.doc("/lab/logo.png").text).toBe("");
    expect(guest.calls.filter((c) => c.startsWith("write"))).toEqual([]);
  });

  it("re-reads every open file on a new machine", async () => {
    const guest = await shown({ "/lab/app.py": "a\n" }, "/lab/app.py");
    guest.sync.resync();
    await settle();
    expect(guest.calls).toEqual(["list", "read /lab/app.py"]);
  });

  it("catches up on what changed while hidden when shown again", async () => {
    const guest = await shown({ "/lab/app.py": "a\n" }, "/lab/app.py");
    const { sync } = guest;
    sync.setActive(false);
    guest.terminal("/lab/app.py", "b\n");
    await settle();
    expect(guest.calls).toEqual([]);
    sync.setActive(true);
    await settle();
    expect(guest.doc("/lab/app.py").text).toBe("b\n");
  });

  it("reports a failed listing and a failed save, and tries the listing again on the next push", async () => {
    const guest = fakeGuest({ "/lab/app.py": "a\n" });
    const { sync } = guest;
    guest.setDown(true);
    sync.setActive(true);
    await settle();
    expect(sync.store.getState().error).toBe("the machine is not running yet");
    guest.setDown(false);
    sync.changed("/lab/x");
    await settle();
    expect(sync.store.getState()).toMatchObject({ error: undefined, entries: [{ path: "/lab/app.py" }] });
    sync.open("/lab/app.py");
    await settle();
    sync.edit("/lab/app.py", "b\n");
    guest.setDown(true);
    await sync.save("/lab/app.py");
    expect(guest.doc("/lab/app.py")).toMatchObject({ saving: false, error: "could not save: the machine is not running yet", text: "b\n" });
  });

  it("creates an empty file, and opens an existing one as it is", async () => {
    const guest = fakeGuest({ "/lab/Dockerfile": "FROM busybox\n" });
    const { sync } = guest;
    sync.setActive(true);
    await sync.create("/lab/new/app.py");
    await sync.create("/lab/Dockerfile");
    await settle();
    expect(guest.text("/lab/new/app.py")).toBe("");
    expect(guest.text("/lab/Dockerfile")).toBe("FROM busybox\n");
    const { docs, entries } = sync.store.getState();
    expect(docs["/lab/new/app.py"]).toMatchObject({ missing: false, text: "" });
    expect(docs["/lab/Dockerfile"]).toMatchObject({ text: "FROM busybox\n" });
    expect(entries?.map((e) => e.path)).toEqual(["/lab/new", "/lab/new/app.py", "/lab/Dockerfile"]);
  });
});

describe("decodeText", () => {
  it("reads UTF-8 (keeping a byte order mark) and refuses binary", () => {
    expect(decodeText(new TextEncoder().encode("grüße\n"))).toBe("grüße\n");
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe("\ufeffa");
    expect(decodeText(new Uint8Array([0x61, 0]))).toBeUndefined();
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x61]))).toBeUndefined();
  });
});

describe("sortEntries", () => {
  it("puts each folder's sub-folders before its files", () => {
    const entry = (path: string, kind: LabEntry["kind"]): LabEntry => ({ path, kind, size: 0, mtime: 0 });
    const sorted = sortEntries([
      entry("/lab/z.txt", "file"),
      entry("/lab/web/index.html", "file"),
      entry("/lab/a.txt", "file"),
      entry("/lab/web", "dir"),
      entry("/lab/web/css", "dir"),
      entry("/lab/web/css/site.css", "file"),
      entry("/lab/api", "dir"),
    ]);
    expect(sorted.map((e) => e.path)).toEqual([
      "/lab/api",
      "/lab/web",
      "/lab/web/css",
      "/lab/web/css/site.css",
      "/lab/web/index.html",
      "/lab/a.txt",
      "/lab/z.txt",
    ]);
  });
});
