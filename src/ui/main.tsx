// The app around a started machine session (see boot.ts): stores, lessons, autosave and the page.

import { createRoot } from "react-dom/client";
import { bundledCourse } from "../app/course-content.ts";
import { createLessonController } from "../app/lesson-controller.ts";
import { autosaveMachine } from "../app/machine-autosave.ts";
import type { MachineSession } from "../app/machine-session.ts";
import { createWorkspaceStore } from "../app/workspace-store.ts";
import { watchSiteVersion } from "../offline/site-version.ts";
import { createCompletionTimesStore } from "../persistence/completion-times.ts";
import { createProgressStore } from "../persistence/progress-store.ts";
import { createSettingsStore } from "../persistence/settings-store.ts";
import { App } from "./App.tsx";
import { applyTheme } from "./apply-theme.ts";
import { fitVisualViewport } from "./fit-visual-viewport.ts";
import "./app.css";

export function showApp(session: MachineSession): void {
  const settings = createSettingsStore();
  applyTheme(settings);
  fitVisualViewport();
  const autosave = autosaveMachine(session);
  // A new build takes over once this page has saved the machine and stopped its downloads. The
  // offline copy pauses first, so that its downloads do not share the cores with the save's
  // compression (no gain was measurable beside another test's load); the new build goes on with it.
  const siteVersion = watchSiteVersion("sw.js", async () => {
    session.fetchForOffline(false);
    await autosave.flush();
    autosave.dispose();
    session.stop();
  });
  const workspace = createWorkspaceStore();
  const lessons = createLessonController(session, bundledCourse(), createProgressStore(), workspace, createCompletionTimesStore());
  createRoot(document.getElementById("root")!).render(<App session={session} lessons={lessons} workspace={workspace} settings={settings} siteVersion={siteVersion} />);
}
