// The tabs that choose what the work area shows. Wide: Editor, Preview and Architecture above the
// terminal (pressing the open one closes it). Narrow, one column: Lesson and Terminal join them,
// and the chosen one fills the screen.

import { useStore } from "zustand";
import { PANELS, type Panel, type WorkspaceStore } from "../app/workspace-store.ts";

type Tab = "lesson" | "terminal" | Panel;
const NAMES: Record<Tab, string> = { lesson: "Lesson", terminal: "Terminal", editor: "Editor", preview: "Preview", architecture: "Architecture" };
const CONTROLS: Record<Tab, string> = {
  lesson: "lesson-pane",
  terminal: "terminal-pane",
  editor: "panel-editor",
  preview: "panel-preview",
  architecture: "panel-architecture",
};

export function PaneTabs({ workspace, narrow }: { workspace: WorkspaceStore; narrow: boolean }) {
  const { panel, narrowView } = useStore(workspace);
  const tabs: readonly Tab[] = narrow ? ["lesson", "terminal", ...PANELS] : PANELS;
  const selected: Tab | undefined = narrow && narrowView === "lesson" ? "lesson" : (panel ?? (narrow ? "terminal" : undefined));
  const choose = (tab: Tab) => {
    if (tab === "lesson") workspace.setState({ narrowView: "lesson" });
    else if (tab === "terminal") workspace.setState({ narrowView: "work", panel: undefined });
    else workspace.setState({ narrowView: "work", panel: !narrow && panel === tab ? undefined : tab });
  };
  return (
    <div className={`tab-strip ${narrow ? "narrow-tabs" : ""}`} role="tablist" aria-label={narrow ? "Show" : "Panes"}>
      {tabs.map((tab) => (
        <button
          key={tab}
          id={`tab-${tab}`}
          type="button"
          role="tab"
          aria-selected={selected === tab}
          aria-controls={CONTROLS[tab]}
          className="tab"
          onClick={() => choose(tab)}
        >
          {NAMES[tab]}
        </button>
      ))}
    </div>
  );
}
