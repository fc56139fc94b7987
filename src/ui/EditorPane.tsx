// The Editor pane: a tree of /lab in the guest and Monaco beside it, saved straight into the guest
// and updated when the terminal changes a file. Monaco loads the first time the pane is shown.

import { useEffect, useMemo, useRef, useState } from "react";
import type { KeyboardEvent } from "react";
import { useStore } from "zustand";
import { agentLabFiles, connectLabSync } from "../app/lab-files.ts";
import type { MachineSession } from "../app/machine-session.ts";
import type { WorkspaceStore } from "../app/workspace-store.ts";
import { LAB_DIR, LabSync, isDirty } from "../editor/file-sync.ts";
import type { LabDoc, LabEntry } from "../editor/file-sync.ts";
import type { EditorFile, EditorView } from "../editor/monaco-home.ts";
import { useOpenedOnce } from "./use-opened-once.ts";

const relative = (path: string) => path.slice(LAB_DIR.length + 1);
const baseName = (path: string) => path.slice(path.lastIndexOf("/") + 1);

export function EditorPane({ session, workspace, visible }: { session: MachineSession; workspace: WorkspaceStore; visible: boolean }) {
  const [sync] = useState(() => new LabSync(agentLabFiles(session)));
  useEffect(() => sync.setActive(visible), [sync, visible]);
  const opened = useOpenedOnce(visible);
  // Connected once first shown (its first sync lists everything), so the machine watches /lab
  // only for a learner who opens the editor.
  useEffect(() => (opened ? connectLabSync(session, sync) : undefined), [session, sync, opened]);

  const path = useStore(workspace, (s) => s.editorFile);
  useEffect(() => {
    if (visible && path) sync.open(path);
  }, [sync, visible, path]);
  const doc = useStore(sync.store, (s) => (path ? s.docs[path] : undefined));
  const open = (file: string) => workspace.setState({ editorFile: file });

  const save = () => {
    if (path) void sync.save(path);
  };
  // Capture: Ctrl+S saves wherever the focus is in the pane, before Monaco or the browser sees it.
  const onKeyDownCapture = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      event.stopPropagation();
      save();
    }
  };

  return (
    <div className="editor" onKeyDownCapture={onKeyDownCapture}>
      <FileTree sync={sync} session={session} current={path} onOpen={open} />
      <div className="editor-main">
        <div className="editor-bar">
          <span className="editor-path" title={path}>
            {path ? relative(path) : "No file open"}
            {doc && isDirty(doc) && (
              <span className="dirty-mark" title="Unsaved changes" aria-label="unsaved changes">
                {" "}●
              </span>
            )}
          </span>
          <span className="editor-status small muted">{doc?.saving ? "Saving…" : doc && !doc.loading && !doc.readOnly && !doc.missing && !isDirty(doc) ? "Saved in the machine" : ""}</span>
          <button type="button" onClick={save} disabled={!doc || !!doc.readOnly || doc.loading || !isDirty(doc)} title="Save into the machine (Ctrl+S)">
            Save
          </button>
        </div>
        {doc && <DocNotice doc={doc} sync={sync} />}
        <div className="editor-host-area">
          {opened && <MonacoHost sync={sync} file={doc && !doc.loading ? { path: doc.path, text: doc.text, revision: doc.revision, readOnly: !!doc.readOnly } : undefined} />}
          {!path && <p className="editor-empty muted">Choose a file on the left, or make a new one.</p>}
          {doc?.loading && <p className="editor-empty muted">Reading {baseName(doc.path)}…</p>}
        </div>
      </div>
    </div>
  );
}

/** What the learner should know about the open file: a conflict, why it is read-only, a failed save. */
function DocNotice({ doc, sync }: { doc: LabDoc; sync: LabSync }) {
  const name = baseName(doc.path);
  if (doc.conflict) {
    return (
      <div className="editor-notice conflict" role="alert">
        {doc.missing
          ? `${name} was deleted in the terminal while you had unsaved edits: kept yours; saving writes the file again.`
          : `${name} changed in the terminal while you had unsaved edits: kept yours.`}
        <button type="button" onClick={() => sync.resolve(doc.path, "theirs")}>
          {doc.missing ? "Discard mine" : "Reload theirs"}
        </button>
        <button type="button" onClick={() => sync.resolve(doc.path, "mine")}>
          Keep mine
        </button>
      </div>
    );
  }
  const text = doc.error ?? doc.readOnly ?? (doc.missing && !doc.loading ? `${name} is not in /lab (yet): type and save to create it.` : undefined);
  return text ? <div className={`editor-notice${doc.error ? " error" : ""}`}>{text}</div> : null;
}

/** Monaco, loaded on first mount; shows `file` and feeds typing back to the sync. */
function MonacoHost({ sync, file }: { sync: LabSync; file: EditorFile | undefined }) {
  const host = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<EditorView>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let disposed = false;
    let created: EditorView | undefined;
    import("../editor/monaco-home.ts").then(
      ({ createEditorView }) => {
        if (disposed) return;
        created = createEditorView(host.current!);
        created.onChange((path, text) => sync.edit(path, text));
        setView(created);
      },
      (e: Error) => setError(`The editor could not load: ${e.message}`),
    );
    return () => {
      disposed = true;
      created?.dispose();
    };
  }, [sync]);

  // Runs at every render (file is a new object each time); show() does nothing when nothing changed.
  useEffect(() => view?.show(file), [view, file]);

  return (
    <>
      <div className="editor-host" ref={host} />
      {!view && <p className="editor-empty muted">{error ?? "Loading the editor…"}</p>}
    </>
  );
}

/** The entries under /lab as an indented list: arrows move, Enter opens a file or folds a folder. */
function FileTree({ sync, session, current, onOpen }: { sync: LabSync; session: MachineSession; current: string | undefined; onOpen: (path: string) => void }) {
  const entries = useStore(sync.store, (s) => s.entries);
  const listError = useStore(sync.store, (s) => s.error);
  const docs = useStore(sync.store, (s) => s.docs);
  const status = useStore(session.store, (s) => s.status);
  const [folded, setFolded] = useState<ReadonlySet<string>>(new Set());
  const [focused, setFocused] = useState<string>();
  const [naming, setNaming] = useState(false);
  const list = useRef<HTMLUListElement>(null);

  const rows = useMemo(
    () => (entries ?? []).filter((e) => ![...folded].some((dir) => e.path.startsWith(`${dir}/`))),
    [entries, folded],
  );
  const toggle = (dir: string) =>
    setFolded((f) => {
      const next = new Set(f);
      if (!next.delete(dir)) next.add(dir);
      return next;
    });
  const activate = (entry: LabEntry) => (entry.kind === "dir" ? toggle(entry.path) : entry.kind === "file" && onOpen(entry.path));
  const tabStop = rows.find((r) => r.path === focused)?.path ?? rows.find((r) => r.path === current)?.path ?? rows[0]?.path;

  const focusRow = (path: string | undefined) => {
    if (!path) return;
    setFocused(path);
    list.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"]`)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent, entry: LabEntry, index: number) => {
    const parent = entry.path.slice(0, entry.path.lastIndexOf("/"));
    const moves: Record<string, () => void> = {
      ArrowDown: () => focusRow(rows[index + 1]?.path),
      ArrowUp: () => focusRow(rows[index - 1]?.path),
      Home: () => focusRow(rows[0]?.path),
      End: () => focusRow(rows.at(-1)?.path),
      Enter: () => activate(entry),
      " ": () => activate(entry),
      ArrowRight: () => (entry.kind === "dir" && folded.has(entry.path) ? toggle(entry.path) : focusRow(rows[index + 1]?.path)),
      ArrowLeft: () => (entry.kind === "dir" && !folded.has(entry.path) ? toggle(entry.path) : parent !== LAB_DIR && focusRow(parent)),
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    move();
  };

  const create = (name: string) => {
    setNaming(false);
    const clean = name.trim().replace(/^\/+/, "");
    if (!clean || clean.split("/").some((part) => part === ".." || part === "")) return;
    const path = `${LAB_DIR}/${clean}`;
    void sync.create(path).then((created) => created && onOpen(path));
  };

  return (
    <nav className="file-tree" aria-label="Files in /lab">
      <div className="file-tree-bar">
        <span className="small muted">/lab</span>
        <button type="button" className="small" onClick={() => setNaming(true)} disabled={status !== "ready" && status !== "busy"}>
          New file
        </button>
      </div>
      {naming && (
        <input
          className="new-file-input"
          aria-label="New file name"
          placeholder="e.g. Dockerfile or app/main.py"
          autoFocus
          onKeyDown={(e) => {
            if (e.key === "Enter") create(e.currentTarget.value);
            if (e.key === "Escape") setNaming(false);
          }}
          onBlur={() => setNaming(false)}
        />
      )}
      {listError && (status === "ready" || status === "busy") && <p className="small error-text">{listError}</p>}
      {entries === undefined ? (
        <p className="small muted">Waiting for the machine…</p>
      ) : rows.length === 0 ? (
        <p className="small muted">/lab is empty.</p>
      ) : (
        <ul role="tree" aria-label="/lab" ref={list}>
          {rows.map((entry, index) => {
            const depth = entry.path.split("/").length - 3;
            const doc = docs[entry.path];
            return (
              <li
                key={entry.path}
                role="treeitem"
                data-path={entry.path}
                aria-selected={entry.path === current}
                aria-expanded={entry.kind === "dir" ? !folded.has(entry.path) : undefined}
                tabIndex={entry.path === tabStop ? 0 : -1}
                className={`tree-row ${entry.kind}${entry.path === current ? " current" : ""}`}
                style={{ paddingLeft: `${0.5 + depth * 0.9}rem` }}
                onClick={() => {
                  setFocused(entry.path);
                  activate(entry);
                }}
                onKeyDown={(e) => onKeyDown(e, entry, index)}
              >
                <span className="tree-icon" aria-hidden="true">
                  {entry.kind === "dir" ? (folded.has(entry.path) ? "▸" : "▾") : ""}
                </span>
                {baseName(entry.path)}
                {doc && isDirty(doc) && (
                  <span className="dirty-mark" aria-label="unsaved changes">
                    {" "}●
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </nav>
  );
}
