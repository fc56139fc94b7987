// The page layout: lesson pane, work area (editor and preview tabs), terminal, status bar.

import { useState } from "react";
import { useStore } from "zustand";
import type { LessonController } from "../app/lesson-controller.ts";
import type { MachineSession } from "../app/machine-session.ts";
import { LessonPane } from "./LessonPane.tsx";
import { MachineStatusBadge } from "./MachineStatusBadge.tsx";
import { TerminalPane } from "./TerminalPane.tsx";

const TABS = ["Editor", "Preview"] as const;

export function App({ session, lessons }: { session: MachineSession; lessons: LessonController }) {
  const status = useStore(session.store, (s) => s.status);
  const [tab, setTab] = useState<(typeof TABS)[number] | undefined>(undefined);
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
              {TABS.map((name) => (
                <button key={name} role="tab" aria-selected={tab === name} className="tab" onClick={() => setTab(tab === name ? undefined : name)}>
                  {name}
                </button>
              ))}
            </div>
            {tab && (
              <div className="tab-panel" role="tabpanel">
                <p className="muted">
                  {tab === "Editor"
                    ? "The editor shows the files of /lab. Until a lesson opens one, use nano or cat in the terminal."
                    : "The preview shows the web pages your containers publish. Until then, try: curl localhost:8080"}
                </p>
              </div>
            )}
          </div>
          <TerminalPane session={session} />
        </section>
      </main>
    </div>
  );
}
