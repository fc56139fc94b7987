// Drives the step state machine: feeds it finished commands and Check presses, runs its evaluations
// one at a time against the Probe, cancels the one in flight when the step is left, and tells listeners.

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
  replaceProgress,
  resetAllProgress,
  resetLesson,
} from "./lesson-session.ts";
import type { Evaluation, ProgressSnapshot, SessionState, Transition } from "./lesson-session.ts";
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
  /** Settles when everything queued so far has been judged. */
  private judging: Promise<void> = Promise.resolve();
  private disposed = false;

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

  /** Replace all progress (an imported file's). */
  replaceProgress(progress: ProgressSnapshot): void {
    const open = this.current.lessonId;
    this.set(replaceProgress(this.current, progress, open === null ? undefined : this.lessons.get(open)));
  }

  /** A command finished in the terminal. Resolves once it and everything queued before it are judged. */
  commandFinished(event: CommandEvent): Promise<void> {
    return this.apply(commandFinished(this.current, event));
  }

  /** The learner pressed Check. Resolves once the result and everything queued before it are applied. */
  check(): Promise<void> {
    return this.apply(checkRequested(this.current));
  }

  /** The learner asked for the next hint (then the solution) of the active step. */
  showHint(): void {
    const lessonId = this.current.lessonId;
    if (lessonId !== null) this.set(hintRequested(this.current, this.lesson(lessonId)));
  }

  dispose(): void {
    this.disposed = true;
    this.inFlight?.abort();
    this.listeners.clear();
  }

  private lesson(id: string): Lesson {
    const lesson = this.lessons.get(id);
    if (!lesson) throw new Error(`no lesson "${id}" in the course; known: ${[...this.lessons.keys()].join(", ")}`);
    return lesson;
  }

  private apply({ state, evaluation }: Transition): Promise<void> {
    this.set(state);
    if (evaluation) this.judging = this.judge(evaluation);
    return this.judging;
  }

  /** Run evaluations one after another while the state machine asks for the next queued one. */
  private async judge(first: Evaluation): Promise<void> {
    // Once disposed, what is still queued is not asked of the machine.
    for (let evaluation: Evaluation | null = first; evaluation !== null && !this.disposed; ) {
      const { state, evaluation: next }: Transition = await this.run(evaluation);
      this.set(state);
      evaluation = next;
    }
  }

  private async run(evaluation: Evaluation): Promise<Transition> {
    this.inFlight?.abort();
    const controller = new AbortController();
    this.inFlight = controller;
    const lesson = this.lesson(evaluation.lessonId);
    const step = lesson.steps.find((s) => s.id === evaluation.stepId)!;
    try {
      const result = await evaluateCheck(step.check, { commands: evaluation.commands, probe: this.probe, signal: controller.signal });
      // The state machine drops the result if the lesson, step or pending ticket changed meanwhile.
      return evaluationFinished(this.current, lesson, evaluation, result);
    } catch {
      return evaluationDropped(this.current, evaluation);
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
