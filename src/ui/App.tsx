// The page layout: skip links, header, lesson pane, work area (editor, preview and architecture
// tabs) and terminal; on a narrow screen one column whose tabs choose what shows.

import { useCallback, useRef } from "react";
import { useStore } from "zustand";
import type { LessonController } from "../app/lesson-controller.ts";
import type { MachineSession } from "../app/machine-session.ts";
import type { Panel, WorkspaceStore } from "../app/workspace-store.ts";
import type { SiteVersion } from "../offline/site-version.ts";
import type { SettingsStore } from "../persistence/settings-store.ts";
import type { TerminalView } from "../terminal/terminal-view.ts";
import { ArchitecturePane } from "./ArchitecturePane.tsx";
import { CheckAnnouncer } from "./CheckAnnouncer.tsx";
import { DisplaySettings } from "./DisplaySettings.tsx";
import { EditorPane } from "./EditorPane.tsx";
import { LessonPane } from "./LessonPane.tsx";
import { MachineStatusBadge } from "./MachineStatusBadge.tsx";
import { MyWork } from "./MyWork.tsx";
import { OfflineStatus } from "./OfflineStatus.tsx";
import { PaneTabs } from "./PaneTabs.tsx";
import { PreviewPane } from "./PreviewPane.tsx";
import { SaveStatus } from "./SaveStatus.tsx";
import { TerminalPane } from "./TerminalPane.tsx";
import { UpdateBanner } from "./UpdateBanner.tsx";
import { useLessonShortcuts } from "./use-lesson-shortcuts.ts";
import { NARROW_SCREEN, useMediaQuery } from "./use-media-query.ts";

interface AppProps {
  session: MachineSession;
  lessons: LessonController;
  workspace: WorkspaceStore;
  settings: SettingsStore;
  siteVersion: SiteVersion;
}

export function App({ session, lessons, workspace, settings, siteVersion }: AppProps) {
  const status = useStore(session.store, (s) => s.status);
  const { panel: tab, narrowView } = useStore(workspace);
  const narrow = useMediaQuery(NARROW_SCREEN);
  const terminal = useRef<TerminalView>(undefined);
  const onTerminalView = useCallback((view: TerminalView | undefined) => (terminal.current = view), []);
  useLessonShortcuts(lessons);

  const skipToLesson = (event: React.MouseEvent) => {
    event.preventDefault();
    workspace.setState({ narrowView: "lesson" });
    // After the render that shows the lesson column on a narrow screen.
    requestAnimationFrame(() => document.getElementById("lesson-pane")?.focus());
  };
  const skipToTerminal = (event: React.MouseEvent) => {
    event.preventDefault();
    workspace.setState({ narrowView: "work", ...(narrow ? { panel: undefined } : {}) });
    requestAnimationFrame(() => terminal.current?.focus());
  };

  const layout = narrow ? `narrow show-${narrowView === "lesson" ? "lesson" : (tab ?? "terminal")}` : "wide";
  return (
    <div className={`app ${layout}`}>
      <nav className="skip-links" aria-label="Skip links">
        <a href="#lesson-pane" onClick={skipToLesson}>
          Skip to lesson
        </a>
        <a href="#terminal-pane" onClick={skipToTerminal}>
          Skip to terminal
        </a>
      </nav>
      <header className="app-header">
        <h1>
          <span className="logo" aria-hidden="true">▣</span> Docker Sandbox
        </h1>
        <span className="tagline">a real Docker engine, running in this tab</span>
        <div className="header-actions">
          <UpdateBanner version={siteVersion} />
          <MachineStatusBadge store={session.store} />
          <SaveStatus store={session.store} />
          <OfflineStatus session={session} />
          <button
            type="button"
            className="reset-button"
            onClick={() => session.reset()}
            disabled={status === "loading" || status === "error" || status === "resetting"}
            title="Restore the machine to its fresh state; your saved machine is replaced, your lesson progress stays"
          >
            Reset machine
          </button>
          <MyWork session={session} lessons={lessons} />
          <DisplaySettings settings={settings} />
        </div>
        {narrow && <PaneTabs workspace={workspace} narrow />}
      </header>
      <main className="workspace">
        <LessonPane lessons={lessons} />
        <section className="work-area" aria-label="Work area">
          <div className={`tab-area ${tab ? "open" : "closed"}`}>
            {!narrow && <PaneTabs workspace={workspace} narrow={false} />}
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
          <TerminalPane session={session} settings={settings} onView={onTerminalView} />
        </section>
        <CheckAnnouncer lessons={lessons} />
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
