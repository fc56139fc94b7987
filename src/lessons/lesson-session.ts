// The step state machine: which lesson and step are active, the commands run during the step, when
// to evaluate, what a result does (advance, reveal a hint, reveal the solution), and the progress
// snapshot. Pure functions over plain data: no timers, no I/O; lesson-runner.ts drives it.

import type { CheckResult } from "./checks.ts";
import type { Lesson, Step } from "./lesson-parser.ts";
import type { CommandEvent } from "./probe.ts";

/** A learner's progress in one lesson, keyed by step ids so reordering steps keeps it. */
export interface LessonProgress {
  completedSteps: string[];
  /** How many hints of each step are revealed. */
  hintsShown: Record<string, number>;
  /** Steps whose solution commands are revealed. */
  solutionShown: string[];
}

/** Serializable progress for all lessons, keyed by lesson id. */
export type ProgressSnapshot = Record<string, LessonProgress>;

/** What started an evaluation: a finished command, or the learner pressing Check. */
export type Trigger = "command" | "check";

/** Something waiting to be judged: a finished command, or a press of Check. */
export type Judgement = { trigger: "command"; event: CommandEvent } | { trigger: "check" };

/** An evaluation to run: evaluate the step's check against `commands`, then call evaluationFinished. */
export interface Evaluation {
  ticket: number;
  lessonId: string;
  stepId: string;
  trigger: Trigger;
  commands: CommandEvent[];
}

export interface SessionState {
  lessonId: string | null;
  /** The active step; null when no lesson is open or every step is done. */
  stepId: string | null;
  /** Commands judged during the active step, oldest first. Only these count for its check. */
  commands: CommandEvent[];
  /**
   * Commands and Check presses not judged yet, oldest first. Each is judged in turn against the step
   * current once those before it are, so a command typed ahead of a slow evaluation counts for the next step.
   */
  queue: Judgement[];
  /** The evaluation in flight; a result for any other ticket is stale and dropped. */
  pending: Evaluation | null;
  nextTicket: number;
  /** The latest result for the active lesson, for the UI to show. */
  lastResult: { stepId: string; trigger: Trigger; result: CheckResult } | null;
  progress: ProgressSnapshot;
}

export function initialSession(progress: ProgressSnapshot = {}): SessionState {
  return { lessonId: null, stepId: null, commands: [], queue: [], pending: null, nextTicket: 1, lastResult: null, progress };
}

export function lessonProgress(progress: ProgressSnapshot, lessonId: string): LessonProgress {
  return progress[lessonId] ?? { completedSteps: [], hintsShown: {}, solutionShown: [] };
}

/** A new state, and the evaluation to start now (null when none, or when one is already in flight). */
export interface Transition {
  state: SessionState;
  evaluation: Evaluation | null;
}

/**
 * Open a lesson at `stepId`, or at its first step not yet completed (null when all are). Any evaluation
 * in flight becomes stale; commands of the previous step, judged or not, are forgotten.
 */
export function openLesson(state: SessionState, lesson: Lesson, stepId?: string): SessionState {
  const done = lessonProgress(state.progress, lesson.id).completedSteps;
  // An unknown stepId (say, from an old link) falls back to where the learner left off.
  const step = lesson.steps.find((s) => s.id === stepId) ?? lesson.steps.find((s) => !done.includes(s.id));
  return { ...state, lessonId: lesson.id, stepId: step?.id ?? null, commands: [], queue: [], pending: null, lastResult: null };
}

/** Leave the lesson: commands no longer count for any step. */
export function closeLesson(state: SessionState): SessionState {
  return { ...state, lessonId: null, stepId: null, commands: [], queue: [], pending: null, lastResult: null };
}

/** Queue a finished command to be judged (ignored when no step is active). */
export function commandFinished(state: SessionState, event: CommandEvent): Transition {
  if (state.lessonId === null || state.stepId === null) return { state, evaluation: null };
  return startNext({ ...state, queue: [...state.queue, { trigger: "command", event }] });
}

/** The learner pressed Check. A press while another Check waits adds nothing: it asks the same. */
export function checkRequested(state: SessionState): Transition {
  if (state.lessonId === null || state.stepId === null) return { state, evaluation: null };
  if ((state.queue.at(-1) ?? state.pending)?.trigger === "check") return { state, evaluation: null };
  return startNext({ ...state, queue: [...state.queue, { trigger: "check" }] });
}

/** Start judging the oldest queued item against the active step, unless an evaluation is in flight. */
function startNext(state: SessionState): Transition {
  const [head, ...rest] = state.queue;
  if (state.pending !== null || head === undefined || state.lessonId === null || state.stepId === null) return { state, evaluation: null };
  const commands = head.trigger === "command" ? [...state.commands, head.event] : state.commands;
  const evaluation: Evaluation = { ticket: state.nextTicket, lessonId: state.lessonId, stepId: state.stepId, trigger: head.trigger, commands };
  return { state: { ...state, queue: rest, pending: evaluation, nextTicket: state.nextTicket + 1 }, evaluation };
}

/**
 * An evaluation was cancelled or failed to run. If it is still the pending one, its command still
 * counts for the step, and the next queued item is judged.
 */
export function evaluationDropped(state: SessionState, evaluation: Evaluation): Transition {
  if (state.pending?.ticket !== evaluation.ticket) return { state, evaluation: null };
  return startNext({ ...state, commands: evaluation.commands, pending: null });
}

/**
 * Apply a result, then start judging the next queued item. Stale results (the lesson or step changed
 * since the evaluation started) are dropped. Passing completes the step and moves to the next
 * incomplete one, with no judged commands yet. A failed Check reveals the next hint, and after the
 * last hint the step's solution; a failure after a mere command reveals nothing (the learner did not ask).
 */
export function evaluationFinished(state: SessionState, lesson: Lesson, evaluation: Evaluation, result: CheckResult): Transition {
  if (state.pending?.ticket !== evaluation.ticket || state.lessonId !== lesson.id || state.stepId !== evaluation.stepId) return { state, evaluation: null };
  return startNext(applyResult(state, lesson, evaluation, result));
}

function applyResult(state: SessionState, lesson: Lesson, evaluation: Evaluation, result: CheckResult): SessionState {
  const stepId = evaluation.stepId;
  const base = { ...state, commands: evaluation.commands, pending: null, lastResult: { stepId, trigger: evaluation.trigger, result } };
  const p = lessonProgress(state.progress, lesson.id);

  if (result.passed) {
    const completedSteps = p.completedSteps.includes(stepId) ? p.completedSteps : [...p.completedSteps, stepId];
    const at = lesson.steps.findIndex((s) => s.id === stepId);
    const incomplete = (s: Step) => !completedSteps.includes(s.id);
    const next = lesson.steps.slice(at + 1).find(incomplete) ?? lesson.steps.find(incomplete);
    // With every step done, what is still queued has no step to count for.
    const queue = next ? state.queue : [];
    return { ...base, stepId: next?.id ?? null, commands: [], queue, progress: { ...state.progress, [lesson.id]: { ...p, completedSteps } } };
  }
  // A probe failure is not the learner's mistake: no hint for it.
  if (evaluation.trigger !== "check" || result.error !== undefined) return base;
  return revealMore(base, lesson, stepId);
}

/** The learner asked for the next hint of the active step without checking (after the last hint, the solution). */
export function hintRequested(state: SessionState, lesson: Lesson): SessionState {
  if (state.lessonId !== lesson.id || state.stepId === null) return state;
  return revealMore(state, lesson, state.stepId);
}

/** One more hint of a step, or its solution once every hint is shown. */
function revealMore(state: SessionState, lesson: Lesson, stepId: string): SessionState {
  const step = lesson.steps.find((s) => s.id === stepId);
  if (!step) return state;
  const p = lessonProgress(state.progress, lesson.id);
  const shown = p.hintsShown[stepId] ?? 0;
  if (shown >= step.hints.length && p.solutionShown.includes(stepId)) return state;
  const next: LessonProgress =
    shown < step.hints.length
      ? { ...p, hintsShown: { ...p.hintsShown, [stepId]: shown + 1 } }
      : { ...p, solutionShown: [...p.solutionShown, stepId] };
  return { ...state, progress: { ...state.progress, [lesson.id]: next } };
}

/** What the UI may show of a step's help: the revealed hints, and the solution once revealed. */
export function revealedHelp(state: SessionState, lesson: Lesson, stepId: string): { hints: string[]; solution: string[] | null } {
  const step = lesson.steps.find((s) => s.id === stepId);
  if (!step) return { hints: [], solution: null };
  const p = lessonProgress(state.progress, lesson.id);
  return { hints: step.hints.slice(0, p.hintsShown[stepId] ?? 0), solution: p.solutionShown.includes(stepId) ? step.solution : null };
}

/** Forget a lesson's progress (e.g. "start over"); reopens it at the first step if it is active. */
export function resetLesson(state: SessionState, lesson: Lesson): SessionState {
  const { [lesson.id]: _dropped, ...progress } = state.progress;
  const next = { ...state, progress };
  return state.lessonId === lesson.id ? openLesson(next, lesson) : next;
}

/** Progress brought from elsewhere (an imported file) replaces all; reopens `active` where it now stands. */
export function replaceProgress(state: SessionState, progress: ProgressSnapshot, active?: Lesson): SessionState {
  const next = { ...state, progress };
  return active && state.lessonId === active.id ? openLesson(next, active) : next;
}

/**
 * Forget all progress, also of lessons no longer in the course (resetting each known lesson would
 * keep those, and the next change would store them again). Reopens `active` at its first step if open.
 */
export function resetAllProgress(state: SessionState, active?: Lesson): SessionState {
  const next = { ...state, progress: {} };
  return active && state.lessonId === active.id ? openLesson(next, active) : next;
}

/**
 * Read a stored snapshot defensively: anything malformed is dropped rather than breaking the page.
 * Unknown lesson or step ids are kept; they cost nothing and survive a lesson being renamed back.
 */
export function readProgress(value: unknown): ProgressSnapshot {
  const out: ProgressSnapshot = {};
  if (typeof value !== "object" || value === null) return out;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  for (const [id, raw] of Object.entries(value as Record<string, unknown>)) {
    if (typeof raw !== "object" || raw === null) continue;
    const r = raw as Record<string, unknown>;
    const hintsShown: Record<string, number> = {};
    if (typeof r.hintsShown === "object" && r.hintsShown !== null) {
      for (const [k, n] of Object.entries(r.hintsShown)) if (typeof n === "number" && Number.isInteger(n) && n >= 0) hintsShown[k] = n;
    }
    out[id] = { completedSteps: strings(r.completedSteps), hintsShown, solutionShown: strings(r.solutionShown) };
  }
  return out;
}
