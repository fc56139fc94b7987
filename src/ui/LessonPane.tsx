// The lesson pane: the course overview, or the open lesson with its steps, checks, hints and
// solution, and the buttons to start over.

import { useStore } from "zustand";
import type { LessonController } from "../app/lesson-controller.ts";
import { controlLetter, lessonProgress, revealedHelp, typedCommands } from "../lessons/index.ts";
import type { Lesson, SessionState } from "../lessons/index.ts";
import { Markdown } from "./Markdown.tsx";
import { CHECK_SHORTCUT, HINT_SHORTCUT } from "./use-lesson-shortcuts.ts";

export function LessonPane({ lessons }: { lessons: LessonController }) {
  const { course, loaded, session, preparing, setupError, missingSteps, replaying } = useStore(lessons.store);
  const lesson = lessons.lesson(session?.lessonId);
  return (
    // Focusable for the "skip to lesson" link.
    <aside id="lesson-pane" className="lesson-pane" aria-label="Lesson" tabIndex={-1}>
      {!loaded || !session ? (
        <p className="muted">Loading your progress…</p>
      ) : lesson ? (
        <OpenLesson
          lessons={lessons}
          lesson={lesson}
          session={session}
          preparing={preparing}
          setupError={setupError}
          missing={missingSteps}
          replaying={replaying}
        />
      ) : (
        <CourseOverview lessons={lessons} session={session} />
      )}
      <select
        className="lesson-select"
        aria-label="Choose a lesson"
        value={session?.lessonId ?? ""}
        onChange={(e) => (e.target.value ? lessons.openLesson(e.target.value) : lessons.closeLesson())}
      >
        <option value="">All lessons</option>
        {course.lessons.map((l, i) => (
          <option key={l.id} value={l.id}>
            {i + 1}. {l.title}
            {session && completed(session, l) ? " ✓" : ""}
          </option>
        ))}
      </select>
    </aside>
  );
}

function CourseOverview({ lessons, session }: { lessons: LessonController; session: SessionState }) {
  const { course } = lessons.store.getState();
  return (
    <>
      <h2>Learn Docker, for real</h2>
      <p>
        The terminal is a real Linux machine with the real Docker engine, running inside this browser tab. Nothing is installed on
        your computer and nothing leaves it. Each lesson checks what you do and helps when you are stuck.
      </p>
      <ol className="course-list">
        {course.lessons.map((l) => {
          const done = lessonProgress(session.progress, l.id).completedSteps.length;
          return (
            <li key={l.id}>
              <button type="button" className="link-button" onClick={() => lessons.openLesson(l.id)}>
                {l.title}
              </button>
              <span className="muted">
                {" "}
                {completed(session, l) ? "✓ done" : done > 0 ? `${done} of ${l.steps.length} steps` : `${l.steps.length} steps`}
              </span>
              <div className="muted small">{l.summary}</div>
            </li>
          );
        })}
      </ol>
      <button type="button" onClick={() => confirm("Forget the progress of every lesson?") && lessons.resetAllProgress()}>
        Reset all progress
      </button>
    </>
  );
}

/** Every step done, by id: ids of steps since removed do not count. */
function completed(session: SessionState, lesson: Lesson): boolean {
  const done = lessonProgress(session.progress, lesson.id).completedSteps;
  return lesson.steps.every((s) => done.includes(s.id));
}

/** The lessons this one builds on, each a link to it, marked when completed. */
export function Prerequisites({ lessons, lesson, session }: { lessons: LessonController; lesson: Lesson; session: SessionState }) {
  const before = lesson.prerequisites.map((id) => lessons.lesson(id)).filter((l) => l !== undefined);
  if (before.length === 0) return null;
  return (
    <p className="small prerequisites">
      Builds on:{" "}
      {before.map((l, i) => {
        const done = completed(session, l);
        return (
          <span key={l.id} data-prerequisite={l.id} data-done={done}>
            {i > 0 && ", "}
            <button type="button" className="link-button" onClick={() => lessons.openLesson(l.id)}>
              {l.title}
            </button>
            <span className="muted">{done ? " ✓ done" : " (not done yet)"}</span>
          </span>
        );
      })}
    </p>
  );
}

interface OpenLessonProps {
  lessons: LessonController;
  lesson: Lesson;
  session: SessionState;
  preparing: boolean;
  setupError: string | undefined;
  missing: string[];
  replaying: boolean;
}

function OpenLesson({ lessons, lesson, session, preparing, setupError, missing, replaying }: OpenLessonProps) {
  const completed = lessonProgress(session.progress, lesson.id).completedSteps;
  const { course } = lessons.store.getState();
  const next = course.lessons[course.lessons.findIndex((l) => l.id === lesson.id) + 1];
  const result = session.lastResult;
  return (
    <>
      <h2>{lesson.title}</h2>
      <p className="muted">{lesson.summary}</p>
      <Prerequisites lessons={lessons} lesson={lesson} session={session} />
      {preparing && <p className="notice">Preparing the machine for this lesson…</p>}
      {setupError && (
        <p className="notice error-text" role="alert">
          {setupError} — try Reset lesson.
        </p>
      )}
      {/* Shown at once, also while the lesson is prepared: the redo waits for the preparation's clean slate. */}
      {missing.length > 0 && (
        <div className="notice missing-steps" role="status">
          <p>
            This machine is a fresh one: what you did in {missing.length === 1 ? "the step" : `the ${missing.length} steps`} you completed
            earlier is not on it, so a later step may not pass. Run {missing.length === 1 ? "its solution" : "their solutions"} again, or
            start over with Reset lesson.
          </p>
          <button type="button" disabled={replaying || preparing} onClick={() => void lessons.replayMissingSteps()}>
            {replaying ? "Running the completed steps…" : "Redo the completed steps"}
          </button>
        </div>
      )}
      <Markdown text={lesson.intro} />
      <ol className="steps">
        {lesson.steps.map((step, index) => {
          const done = completed.includes(step.id);
          const current = session.stepId === step.id;
          const help = revealedHelp(session, lesson, step.id);
          const stepResult = result?.stepId === step.id ? result : undefined;
          return (
            <li key={step.id} className={`step ${done ? "done" : ""} ${current ? "current" : ""}`} data-step={step.id} data-done={done}>
              <h3 className="step-heading">
                <button type="button" className="step-title" onClick={() => lessons.openLesson(lesson.id, step.id)} aria-current={current ? "step" : undefined}>
                  <span className="step-mark" aria-hidden="true">
                    {done ? "✓" : current ? "▶" : "○"}
                  </span>
                  {index + 1}. {step.heading}
                  <span className="visually-hidden">{done ? " (done)" : current ? " (current step)" : ""}</span>
                </button>
              </h3>
              {current && (
                <div className="step-body">
                  <Markdown text={step.body} />
                  {stepResult && !stepResult.result.passed && stepResult.trigger === "check" && (
                    <div className="check-result">
                      <strong>Not yet.</strong>
                      <ul>
                        {(stepResult.result.error ? [stepResult.result.error] : stepResult.result.details).map((d) => (
                          <li key={d}>{d}</li>
                        ))}
                      </ul>
                    </div>
                  )}
                  {help.hints.map((hint, i) => (
                    <div key={i} className="hint">
                      <span className="hint-label">Hint {i + 1}</span>
                      <Markdown text={hint} />
                    </div>
                  ))}
                  {help.solution && (
                    <div className="hint solution">
                      <span className="hint-label">Solution</span>
                      <pre>{solutionText(help.solution)}</pre>
                    </div>
                  )}
                  <div className="step-actions">
                    <button
                      type="button"
                      className="check-button"
                      // aria-disabled, not disabled: a disabled button drops the keyboard's focus while a check runs.
                      onClick={() => session.pending === null && lessons.check()}
                      aria-disabled={session.pending !== null}
                      aria-keyshortcuts={CHECK_SHORTCUT}
                      title="Check this step (Ctrl+Enter)"
                    >
                      {session.pending ? "Checking…" : "Check"}
                    </button>
                    {!help.solution && (
                      <button type="button" onClick={() => lessons.showHint()} aria-keyshortcuts={HINT_SHORTCUT} title="Ctrl+Shift+Enter">
                        {help.hints.length < step.hints.length ? "Show a hint" : "Show the solution"}
                      </button>
                    )}
                  </div>
                </div>
              )}
            </li>
          );
        })}
      </ol>
      {session.stepId === null && (
        <div className="lesson-done">
          <strong>Lesson complete.</strong>{" "}
          {next ? (
            <button type="button" className="link-button" onClick={() => lessons.openLesson(next.id)}>
              Next: {next.title} →
            </button>
          ) : (
            "You finished the course."
          )}
        </div>
      )}
      <div className="lesson-actions">
        <button type="button" onClick={() => lessons.resetLesson()} title="Start this lesson over on a fresh machine">
          Reset lesson
        </button>
        <button type="button" className="link-button" onClick={() => lessons.closeLesson()}>
          All lessons
        </button>
      </div>
    </>
  );
}

/** A solution as the learner reads it: `#>` lines say what to type into the running command. */
function solutionText(lines: readonly string[]): string {
  return typedCommands(lines)
    .flatMap(({ line, input }) => [
      line,
      ...input.map(({ afterS, key }) => `  ↳ ${afterS !== undefined ? `after ${afterS} s, ` : ""}${controlLetter(key) ? `press ${key}` : `type: ${key}`}`),
    ])
    .join("\n");
}
