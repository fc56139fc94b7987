// Runs lessons in the page: feeds the learner's finished commands and Check presses to the lesson
// engine, prepares the machine for the open lesson (files, setup), opens the panes the lesson and
// its steps ask for, and keeps progress (and when each step was completed) stored.

import { createStore } from "zustand/vanilla";
import { GuestProbe } from "../adapters/guest-probe.ts";
import { startLesson } from "../adapters/lesson-start.ts";
import { lessonProgress, LessonRunner, typedCommands } from "../lessons/index.ts";
import type { Course, Lesson, Probe, ProgressSnapshot, SessionState, Show } from "../lessons/index.ts";
import { reconcileTimes } from "../persistence/completion-times.ts";
import type { CompletionTimesStore } from "../persistence/completion-times.ts";
import type { ProgressFile } from "../persistence/progress-file.ts";
import type { ProgressStore } from "../persistence/progress-store.ts";
import { progressHydrated } from "../persistence/progress-store.ts";
import type { MachineSession } from "./machine-session.ts";
import { lessonBuilds } from "./warm-up.ts";
import type { WorkspaceStore } from "./workspace-store.ts";

export interface LessonViewState {
  course: Course;
  /** False until stored progress is read. */
  loaded: boolean;
  session: SessionState | undefined;
  /** The machine is being put in the open lesson's starting state. */
  preparing: boolean;
  setupError: string | undefined;
  /**
   * Completed steps of the open lesson whose effects this machine lacks: they were done before it
   * started fresh (no saved machine to resume, or a reset), so a later step may not pass.
   */
  missingSteps: string[];
  /** Those steps' solutions are being run again. */
  replaying: boolean;
}

export interface LessonController {
  readonly store: ReturnType<typeof createLessonViewStore>;
  openLesson(lessonId: string, stepId?: string): void;
  closeLesson(): void;
  check(): void;
  /** The next hint of the active step, then its solution. */
  showHint(): void;
  /** The lesson from its first step, on a fresh machine. */
  resetLesson(): void;
  resetAllProgress(): void;
  /** Runs the solutions of the open lesson's missing steps on this machine, so machine and progress agree. */
  replayMissingSteps(): Promise<void>;
  lesson(id: string | null | undefined): Lesson | undefined;
  /** The progress as it goes into a progress file. */
  progressFile(): ProgressFile;
  /** Puts an imported file's progress in place of the learner's, and opens its lesson. */
  importProgress(file: ProgressFile): void;
}

/** A redo of a lesson's completed steps (lesson 9's builds take a quarter of an hour in a busy page); past it, a hung guest. */
const REDO_TIMEOUT_S = 3600;

const createLessonViewStore = (course: Course) =>
  createStore<LessonViewState>(() => ({
    course,
    loaded: false,
    session: undefined,
    preparing: false,
    setupError: undefined,
    missingSteps: [],
    replaying: false,
  }));

/** Asks the agent of whatever machine runs now (a reset replaces it). */
function liveProbe(machine: MachineSession): Probe {
  const probe = () => {
    const agent = machine.agent();
    if (!agent) throw new Error("the machine is not running yet");
    return new GuestProbe(agent);
  };
  return {
    containers: (options) => probe().containers(options),
    images: () => probe().images(),
    imageNames: () => probe().imageNames(),
    volumes: () => probe().volumes(),
    networks: () => probe().networks(),
    file: (path) => probe().file(path),
    http: (url, waitS) => probe().http(url, waitS),
  };
}

function applyShow(workspace: WorkspaceStore, show: Show | undefined): void {
  if (!show) return;
  workspace.setState({
    panel: show.panel,
    ...(show.file !== undefined ? { editorFile: show.file } : {}),
    ...(show.port !== undefined ? { previewPort: show.port } : {}),
  });
}

export function createLessonController(
  machine: MachineSession,
  course: Course,
  progress: ProgressStore,
  workspace: WorkspaceStore,
  times: CompletionTimesStore,
): LessonController {
  const store = createLessonViewStore(course);
  const byId = new Map(course.lessons.map((l) => [l.id, l]));
  let runner: LessonRunner | undefined;
  /** The lesson being prepared now. */
  let preparing: string | undefined;
  /** Where the learner was at the last change, to see a lesson start or a step become current. */
  let shownAt: { lessonId: string | null; stepId: string | null } = { lessonId: null, stepId: null };

  const showPanes = (session: SessionState) => {
    const lesson = byId.get(session.lessonId ?? "");
    if (session.lessonId !== shownAt.lessonId) {
      if (lesson) applyShow(workspace, lesson.show);
      machine.expectBuilds(lesson !== undefined && lessonBuilds(lesson));
    }
    if (lesson && (session.lessonId !== shownAt.lessonId || session.stepId !== shownAt.stepId)) {
      applyShow(workspace, lesson.steps.find((s) => s.id === session.stepId)?.show);
    }
    shownAt = { lessonId: session.lessonId, stepId: session.stepId };
  };

  const prepare = async () => {
    const lesson = byId.get(runner?.state.lessonId ?? "");
    const agent = machine.agent();
    const { status, preparedLesson } = machine.store.getState();
    if (!lesson || !agent || status !== "ready" || preparedLesson === lesson.id || preparing === lesson.id) return;
    preparing = lesson.id;
    store.setState({ preparing: true, setupError: undefined });
    try {
      await startLesson(agent, lesson, { untouched });
      // Only on this machine: a new one (reset, retry) has no lesson prepared, a resumed one its own.
      if (machine.agent() === agent) machine.store.setState({ preparedLesson: lesson.id });
      store.setState({ preparing: false });
    } catch (error) {
      store.setState({ preparing: false, setupError: (error as Error).message });
    } finally {
      preparing = undefined;
    }
  };

  /** Progress made before the machine running now started fresh; none when it was resumed. */
  let beforeMachine: ProgressSnapshot = {};
  let machineFresh = false;
  /** The machine running now is the built one, with no command run on it and no /lab files rescued into it. */
  let untouched = false;
  machine.onCommandStart(() => (untouched = false));
  // A file the learner wrote (the editor, an import) may be one a cleanup removes.
  machine.onPush("lab", () => (untouched = false));
  const showMissing = () => {
    const lessonId = runner?.state.lessonId;
    if (!runner || !lessonId) return store.setState({ missingSteps: [] });
    const done = lessonProgress(runner.state.progress, lessonId).completedSteps;
    const before = lessonProgress(beforeMachine, lessonId).completedSteps;
    store.setState({ missingSteps: done.filter((step) => before.includes(step)) });
  };
  const noteMachine = () => {
    beforeMachine = machineFresh && runner ? runner.state.progress : {};
    showMissing();
  };

  machine.store.subscribe((state, previous) => {
    if (state.status === "ready" && ["loading", "starting", "resetting"].includes(previous.status)) {
      machineFresh = state.resumedFrom === undefined;
      // A notice on a fresh machine says a save could not be resumed: its /lab files were rescued.
      untouched = machineFresh && state.notice === undefined;
      noteMachine();
    }
    if (state.status === "ready") void prepare();
  });

  void Promise.all([progressHydrated(progress), progressHydrated(times)]).then(() => {
    const stored = progress.getState();
    runner = new LessonRunner({ probe: liveProbe(machine), course, progress: stored.progress });
    if (machine.store.getState().status !== "loading") noteMachine();
    runner.onChange((session) => {
      showMissing();
      showPanes(session);
      store.setState({ session });
      progress.setState({ progress: session.progress, lessonId: session.lessonId });
      times.setState({ times: reconcileTimes(times.getState().times, session.progress, Date.now()) });
    });
    machine.onCommand((event) => {
      if (!store.getState().preparing) void runner?.commandFinished(event);
    });
    if (stored.lessonId && byId.has(stored.lessonId)) runner.openLesson(stored.lessonId);
    store.setState({ loaded: true, session: runner.state });
    void prepare();
  });

  return {
    store,
    lesson: (id) => (id ? byId.get(id) : undefined),
    openLesson(lessonId, stepId) {
      if (!runner) return;
      const changed = runner.state.lessonId !== lessonId;
      runner.openLesson(lessonId, stepId);
      if (changed) void prepare();
    },
    closeLesson() {
      runner?.closeLesson();
    },
    check() {
      void runner?.check();
    },
    showHint() {
      runner?.showHint();
    },
    resetLesson() {
      const id = runner?.state.lessonId;
      if (!runner || !id) return;
      runner.resetLesson(id);
      machine.reset();
    },
    resetAllProgress() {
      if (!runner) return;
      runner.resetAll();
    },
    async replayMissingSteps() {
      const lesson = byId.get(runner?.state.lessonId ?? "");
      const agent = machine.agent();
      const { missingSteps } = store.getState();
      if (!lesson || !agent || !missingSteps.length) return;
      // One script, so a `cd` in one step holds for the next; what types into a running program is left out.
      const lines = lesson.steps
        .filter((step) => missingSteps.includes(step.id))
        .flatMap((step) => typedCommands(step.solution).filter(({ input }) => !input.length).map(({ line }) => line));
      store.setState({ replaying: true });
      untouched = false;
      try {
        // A job, not `sh`: redoing a lesson's builds takes longer here than the agent gives `sh`.
        const { status, output } = await agent.job(lines.join("\n"), REDO_TIMEOUT_S);
        // A redo that failed leaves the notice up: the steps' effects are not all there.
        if (status !== 0) return store.setState({ setupError: `Redoing the completed steps failed (exit ${status}): ${output.trim().slice(-300)}` });
        const { [lesson.id]: _replayed, ...rest } = beforeMachine;
        beforeMachine = rest;
        showMissing();
      } finally {
        store.setState({ replaying: false });
      }
    },
    progressFile() {
      const { lessonId, progress: snapshot } = progress.getState();
      return { lessonId, progress: snapshot, completedAt: times.getState().times };
    },
    importProgress(file) {
      if (!runner) throw new Error("the lessons have not loaded yet");
      // The file's times first: reconciling on the change keeps them for its completed steps.
      times.setState({ times: file.completedAt });
      runner.replaceProgress(file.progress);
      if (file.lessonId && byId.has(file.lessonId)) this.openLesson(file.lessonId);
      else runner.closeLesson();
    },
  };
}
