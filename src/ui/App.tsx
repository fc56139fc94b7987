// The page layout: lesson pane, work area (editor, preview and architecture tabs), terminal.

import { useStore } from "zustand";
import type { LessonController } from "../app/lesson-controller.ts";
import type { MachineSession } from "../app/machine-session.ts";
import { PANELS, type Panel, type WorkspaceStore } from "../app/workspace-store.ts";
import { ArchitecturePane } from "./ArchitecturePane.tsx";
import { EditorPane } from "./EditorPane.tsx";
import { LessonPane } from "./LessonPane.tsx";
import { MachineStatusBadge } from "./MachineStatusBadge.tsx";
import { PreviewPane } from "./PreviewPane.tsx";
import { TerminalPane } from "./TerminalPane.tsx";

const TAB_NAMES: Record<Panel, string> = { editor: "Editor", preview: "Preview", architecture: "Architecture" };

export function App({ session, lessons, workspace }: { session: MachineSession; lessons: LessonController; workspace: WorkspaceStore }) {
  const status = useStore(session.store, (s) => s.status);
  const tab = useStore(workspace, (s) => s.panel);
  const setTab = (panel: Panel | undefined) => workspace.setState({ panel });
  return (
    <div className="app">
      <header className="app-header">
        <h1>
          <span className="logo" aria-hidden="true">▣</span> Docker Sandbox
        </h1>
        <span className="tagline">a real Docker engine, running in this tab</span>
        <div className="header-actions">
          <MachineStatusBadge store={session.store} />
          <button
            type="button"
            className="reset-button"
            onClick={() => session.reset()}
            disabled={status === "loading" || status === "error" || status === "resetting"}
            title="Restore the machine to its fresh state (your lesson progress stays)"
          >
            Reset machine
          </button>
        </div>
      </header>
      <main className="workspace">
        <LessonPane lessons={lessons} />
        <section className="work-area">
          <div className={`tab-area ${tab ? "open" : "closed"}`}>
            <div className="tab-strip" role="tablist">
              {PANELS.map((panel) => (
                <button
                  key={panel}
                  id={`tab-${panel}`}
                  role="tab"
                  aria-selected={tab === panel}
                  aria-controls={`panel-${panel}`}
                  className="tab"
                  onClick={() => setTab(tab === panel ? undefined : panel)}
                >
                  {TAB_NAMES[panel]}
                </button>
              ))}
            </div>
            {/* Panes stay mounted and hidden when another tab is chosen, so the editor keeps its
                buffers and the architecture view its state; each loads its heavy parts when first shown. */}
            <TabPanel panel="editor" open={tab}>
              <EditorPane session={session} workspace={workspace} visible={tab === "editor"} />
            </TabPanel>
            <TabPanel panel="preview" open={tab}>
              <PreviewPane session={session} workspace={workspace} visible={tab === "preview"} />
            </TabPanel>
            <TabPanel panel="architecture" open={tab}>
              <ArchitecturePane session={session} workspace={workspace} visible={tab === "architecture"} />
            </TabPanel>
          </div>
          <TerminalPane session={session} />
        </section>
      </main>
    </div>
  );
}

function TabPanel({ panel, open, children }: { panel: Panel; open: Panel | undefined; children: React.ReactNode }) {
  return (
    <div id={`panel-${panel}`} className="tab-panel" role="tabpanel" aria-labelledby={`tab-${panel}`} hidden={open !== panel}>
      {children}
    </div>
  );
}
