// Drives the step state machine: feeds it finished commands and Check presses, runs evaluations
// against the Probe, cancels the one in flight when a newer one starts, and tells listeners.

import { evaluateCheck } from "./checks.ts";
import type { Course } from "./course.ts";
import type { Lesson } from "./lesson-parser.ts";
import {
  checkRequested,
  closeLesson,
  commandFinished,
  evaluationDropped,
  evaluationFinished,
  hintRequested,
  initialSession,
  openLesson,
  resetAllProgress,
  resetLesson,
} from "./lesson-session.ts";
import type { Evaluation, ProgressSnapshot, SessionState } from "./lesson-session.ts";
import type { CommandEvent, Probe } from "./probe.ts";

export interface LessonRunnerOptions {
  probe: Probe;
  course: Course;
  /** Stored progress to start from. Default: none. */
  progress?: ProgressSnapshot;
}

export class LessonRunner {
  private current: SessionState;
  private readonly lessons: Map<string, Lesson>;
  private readonly probe: Probe;
  private readonly listeners = new Set<(state: SessionState) => void>();
  private inFlight: AbortController | null = null;

  constructor(options: LessonRunnerOptions) {
    this.probe = options.probe;
    this.lessons = new Map(options.course.lessons.map((l) => [l.id, l]));
    this.current = initialSession(options.progress);
  }

  get state(): SessionState {
    return this.current;
  }

  /** Called after every change; persist `state.progress` from here. Returns an unsubscribe function. */
  onChange(listener: (state: SessionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Open a lesson (at a step, or at its first incomplete one). Cancels any evaluation in flight. */
  openLesson(lessonId: string, stepId?: string): void {
    this.set(openLesson(this.current, this.lesson(lessonId), stepId));
  }

  closeLesson(): void {
    this.set(closeLesson(this.current));
  }

  resetLesson(lessonId: string): void {
    this.set(resetLesson(this.current, this.lesson(lessonId)));
  }

  /** Forget every lesson's progress, including lessons no longer in the course. */
  resetAll(): void {
    const open = this.current.lessonId;
    this.set(resetAllProgress(this.current, open === null ? undefined : this.lessons.get(open)));
  }

  /** A command finished in the terminal. Resolves when its evaluation has been applied (or dropped). */
  commandFinished(event: CommandEvent): Promise<void> {
    const { state, evaluation } = commandFinished(this.current, event);
    this.set(state);
    return evaluation ? this.run(evaluation) : Promise.resolve();
  }

  /** The learner pressed Check. Resolves when the result has been applied (or dropped). */
  check(): Promise<void> {
    const { state, evaluation } = checkRequested(this.current);
    this.set(state);
    return evaluation ? this.run(evaluation) : Promise.resolve();
  }

  /** The learner asked for the next hint (then the solution) of the active step. */
  showHint(): void {
    const lessonId = this.current.lessonId;
    if (lessonId !== null) this.set(hintRequested(this.current, this.lesson(lessonId)));
  }

  dispose(): void {
    this.inFlight?.abort();
    this.listeners.clear();
  }

  private lesson(id: string): Lesson {
    const lesson = this.lessons.get(id);
    if (!lesson) throw new Error(`no lesson "${id}" in the course; known: ${[...this.lessons.keys()].join(", ")}`);
    return lesson;
  }

  private async run(evaluation: Evaluation): Promise<void> {
    this.inFlight?.abort();
    const controller = new AbortController();
    this.inFlight = controller;
    const lesson = this.lesson(evaluation.lessonId);
    const step = lesson.steps.find((s) => s.id === evaluation.stepId)!;
    try {
      const result = await evaluateCheck(step.check, { commands: evaluation.commands, probe: this.probe, signal: controller.signal });
      // The state machine drops the result if the lesson, step or pending ticket changed meanwhile.
      this.set(evaluationFinished(this.current, lesson, evaluation, result));
    } catch {
      this.set(evaluationDropped(this.current, evaluation));
    } finally {
      if (this.inFlight === controller) this.inFlight = null;
    }
  }

  private set(state: SessionState): void {
    if (state === this.current) return;
    // Nothing pending any more (lesson or step left, or the result applied): stop asking the machine.
    if (state.pending === null) this.inFlight?.abort();
    this.current = state;
    for (const l of this.listeners) l(state);
  }
}
