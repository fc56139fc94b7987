// Which pane of the work area is open beside the terminal, and which file the editor should show.
// Lessons and panes ask through here, so none of them needs to know the others.

import { createStore } from "zustand/vanilla";

export const PANELS = ["editor", "preview", "architecture"] as const;
export type Panel = (typeof PANELS)[number];

export interface WorkspaceState {
  /** The open pane; undefined when the terminal has the whole work area. */
  panel: Panel | undefined;
  /** A path under /lab the editor should open (set by a lesson or the file tree). */
  editorFile: string | undefined;
  /** A published port the preview should show. */
  previewPort: number | undefined;
  /** On a narrow screen, which column shows: the lesson, or the work area (a pane, or the terminal). */
  narrowView: "lesson" | "work";
}

export const createWorkspaceStore = () =>
  createStore<WorkspaceState>(() => ({ panel: undefined, editorFile: undefined, previewPort: undefined, narrowView: "lesson" }));

export type WorkspaceStore = ReturnType<typeof createWorkspaceStore>;
