import { describe, expect, it } from "vitest";
import type { CheckResult } from "./checks.ts";
import { parseLesson } from "./lesson-parser.ts";
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
  readProgress,
  resetAllProgress,
  resetLesson,
  revealedHelp,
} from "./lesson-session.ts";
import type { SessionState, Transition } from "./lesson-session.ts";

function makeLesson(id: string, stepIds: string[]): Lesson {
  const steps = stepIds.map((s) => `  - id: ${s}\n    title: ${s}\n    check: { command: docker ps }\n    hints: [${s} hint 1, ${s} hint 2]`).join("\n");
  const prose = stepIds.map((s) => `## ${s} {#${s}}`).join("\n\n");
  const solution = stepIds.map((s) => `# step: ${s}\ndocker ps`).join("\n");
  const r = parseLesson(`${id}/lesson.md`, `---\nid: ${id}\ntitle: T\nsummary: S\nsteps:\n${steps}\n---\n${prose}\n`, solution);
  if (!r.lesson) throw new Error(JSON.stringify(r.errors));
  return r.lesson;
}

const PASS: CheckResult = { passed: true, details: [] };
const FAIL: CheckResult = { passed: false, details: ["not yet"] };
const ev = (commandLine: string, exitCode = 0) => ({ commandLine, exitCode, output: "" });

const lessonA = makeLesson("lesson-a", ["one", "two", "three"]);
const lessonB = makeLesson("lesson-b", ["only"]);

/** Request a Check and apply a result to it. */
function checkWith(state: SessionState, lesson: Lesson, result: CheckResult): SessionState {
  const r = checkRequested(state);
  return evaluationFinished(r.state, lesson, r.evaluation!, result).state;
}

describe("opening lessons", () => {
  it("starts at the first step not yet completed", () => {
    const s = openLesson(initialSession({ "lesson-a": { completedSteps: ["one"], hintsShown: {}, solutionShown: [] } }), lessonA);
    expect(s.lessonId).toBe("lesson-a");
    expect(s.stepId).toBe("two");
  });

  it("is complete (no step) when every step is done, and can reopen a done step", () => {
    const done = initialSession({ "lesson-b": { completedSteps: ["only"], hintsShown: {}, solutionShown: [] } });
    expect(openLesson(done, lessonB).stepId).toBeNull();
    expect(openLesson(done, lessonB, "only").stepId).toBe("only");
  });

  it("falls back to where the learner left off for an unknown step id", () => {
    const progress = { "lesson-a": { completedSteps: ["one"], hintsShown: {}, solutionShown: [] } };
    expect(openLesson(initialSession(progress), lessonA, "renamed").stepId).toBe("two");
  });

  it("keeps progress by step id when steps are reordered", () => {
    const progress = { "lesson-a": { completedSteps: ["one", "three"], hintsShown: {}, solutionShown: [] } };
    const reordered = makeLesson("lesson-a", ["three", "one", "two"]);
    expect(openLesson(initialSession(progress), reordered).stepId).toBe("two");
  });
});

describe("commands and evaluation", () => {
  it("asks to judge a command against the active step, and keeps it for the step once judged", () => {
    const r = commandFinished(openLesson(initialSession(), lessonA), ev("docker ps"));
    expect(r.evaluation).toMatchObject({ lessonId: "lesson-a", stepId: "one", trigger: "command", commands: [ev("docker ps")] });
    expect(evaluationFinished(r.state, lessonA, r.evaluation!, FAIL).state.commands).toEqual([ev("docker ps")]);
  });

  it("ignores commands when no lesson is open", () => {
    const s = initialSession();
    expect(commandFinished(s, ev("docker ps"))).toEqual({ state: s, evaluation: null });
    expect(checkRequested(s)).toEqual({ state: s, evaluation: null });
    const closed = closeLesson(openLesson(s, lessonA));
    expect(commandFinished(closed, ev("docker ps")).evaluation).toBeNull();
  });

  it("a pass completes the step, moves on and forgets the step's commands", () => {
    let s = openLesson(initialSession(), lessonA);
    const r = commandFinished(s, ev("docker ps"));
    s = evaluationFinished(r.state, lessonA, r.evaluation!, PASS).state;
    expect(s.stepId).toBe("two");
    expect(s.commands).toEqual([]);
    expect(s.pending).toBeNull();
    expect(s.progress["lesson-a"].completedSteps).toEqual(["one"]);
    expect(s.lastResult).toEqual({ stepId: "one", trigger: "command", result: PASS });
  });

  it("after the last step the lesson is complete; skipped steps come next", () => {
    let s = openLesson(initialSession(), lessonA, "three");
    s = checkWith(s, lessonA, PASS);
    expect(s.stepId).toBe("one");
    s = checkWith(checkWith(s, lessonA, PASS), lessonA, PASS);
    expect(s.stepId).toBeNull();
    expect(s.progress["lesson-a"].completedSteps).toEqual(["three", "one", "two"]);
  });

  it("a command typed in another lesson never counts for this one", () => {
    // Lesson A's step one is evaluating when the learner switches to lesson B.
    let s = openLesson(initialSession(), lessonA);
    const inA = commandFinished(s, ev("docker ps"));
    s = openLesson(inA.state, lessonB);
    s = evaluationFinished(s, lessonA, inA.evaluation!, PASS).state;
    expect(s.progress["lesson-a"]).toBeUndefined();
    // Back in lesson A, the command typed in B is not among step one's commands.
    s = commandFinished(s, ev("docker ps")).state;
    s = openLesson(s, lessonA);
    expect(s.commands).toEqual([]);
  });
});

describe("commands typed while an evaluation is pending", () => {
  /** Finish the pending evaluation with `result`; returns the state and the next evaluation started. */
  function finish(t: Transition, result: CheckResult, lesson = lessonA): Transition {
    return evaluationFinished(t.state, lesson, t.state.pending!, result);
  }

  it("are queued, then judged in the order typed, each against the step current by then", () => {
    const s0 = openLesson(initialSession(), lessonA);
    const first = commandFinished(s0, ev("docker run hello-world"));
    const second = commandFinished(first.state, ev("docker ps"));
    const third = commandFinished(second.state, ev("docker images"));
    // Only one evaluation runs at a time: the later commands wait.
    expect(second.evaluation).toBeNull();
    expect(third.evaluation).toBeNull();
    expect(third.state.queue).toEqual([
      { trigger: "command", event: ev("docker ps") },
      { trigger: "command", event: ev("docker images") },
    ]);

    const afterFirst = finish(third, PASS);
    expect(afterFirst.state.stepId).toBe("two");
    expect(afterFirst.evaluation).toMatchObject({ stepId: "two", trigger: "command", commands: [ev("docker ps")] });
    const afterSecond = finish(afterFirst, FAIL);
    expect(afterSecond.state.stepId).toBe("two");
    // A failed command still counts for its step: the next one is judged together with it.
    expect(afterSecond.evaluation).toMatchObject({ stepId: "two", commands: [ev("docker ps"), ev("docker images")] });
    const afterThird = finish(afterSecond, PASS);
    expect(afterThird.evaluation).toBeNull();
    expect(afterThird.state).toMatchObject({ stepId: "three", commands: [], queue: [], pending: null });
    expect(afterThird.state.progress["lesson-a"].completedSteps).toEqual(["one", "two"]);
  });

  it("a command that completes step N and the one typed after it complete N and N+1", () => {
    let t = commandFinished(openLesson(initialSession(), lessonA), ev("docker run hello-world"));
    t = commandFinished(t.state, ev("docker ps"));
    t = finish(finish(t, PASS), PASS);
    expect(t.state.progress["lesson-a"].completedSteps).toEqual(["one", "two"]);
    expect(t.state.stepId).toBe("three");
  });

  it("a Check pressed meanwhile is judged after the commands before it, and counts as a Check", () => {
    let t = commandFinished(openLesson(initialSession(), lessonA), ev("ls"));
    t = checkRequested(t.state);
    expect(t.evaluation).toBeNull();
    // Pressing again while that Check waits asks nothing more.
    expect(checkRequested(t.state)).toEqual({ state: t.state, evaluation: null });
    t = finish(t, FAIL);
    expect(t.evaluation).toMatchObject({ trigger: "check", commands: [ev("ls")] });
    t = finish(t, FAIL);
    expect(t.state.progress["lesson-a"].hintsShown).toEqual({ one: 1 });
  });

  it("what is still queued when the last step passes is dropped", () => {
    let t = commandFinished(openLesson(initialSession(), lessonB), ev("docker ps"));
    t = commandFinished(t.state, ev("docker ps"));
    t = finish(t, PASS, lessonB);
    expect(t.evaluation).toBeNull();
    expect(t.state).toMatchObject({ stepId: null, queue: [], pending: null });
  });

  it("leaving the lesson forgets what is queued", () => {
    let t = commandFinished(openLesson(initialSession(), lessonA), ev("docker ps"));
    t = commandFinished(t.state, ev("docker ps"));
    const reopened = openLesson(t.state, lessonA);
    expect(reopened).toMatchObject({ queue: [], pending: null, commands: [] });
    expect(evaluationFinished(reopened, lessonA, t.state.pending!, PASS)).toEqual({ state: reopened, evaluation: null });
  });
});

describe("stale results", () => {
  it("a result for a step that is no longer active is dropped", () => {
    const s0 = openLesson(initialSession(), lessonA);
    const r = checkRequested(s0);
    const moved = openLesson(r.state, lessonA, "two");
    expect(evaluationFinished(moved, lessonA, r.evaluation!, PASS)).toEqual({ state: moved, evaluation: null });
  });

  it("a dropped evaluation is forgotten only if it is still the pending one; its command still counts", () => {
    const s0 = openLesson(initialSession(), lessonA);
    const a = commandFinished(s0, ev("docker images"));
    const b = commandFinished(a.state, ev("docker ps"));
    const dropped = evaluationDropped(b.state, a.evaluation!);
    expect(dropped.evaluation).toMatchObject({ stepId: "one", commands: [ev("docker images"), ev("docker ps")] });
    const moved = openLesson(b.state, lessonA, "two");
    expect(evaluationDropped(moved, a.evaluation!)).toEqual({ state: moved, evaluation: null });
  });
});

describe("hints and solution", () => {
  it("each failed Check reveals one more hint, then the solution", () => {
    let s = openLesson(initialSession(), lessonA);
    expect(revealedHelp(s, lessonA, "one")).toEqual({ hints: [], solution: null });
    s = checkWith(s, lessonA, FAIL);
    expect(revealedHelp(s, lessonA, "one")).toEqual({ hints: ["one hint 1"], solution: null });
    s = checkWith(s, lessonA, FAIL);
    expect(revealedHelp(s, lessonA, "one")).toEqual({ hints: ["one hint 1", "one hint 2"], solution: null });
    s = checkWith(s, lessonA, FAIL);
    expect(revealedHelp(s, lessonA, "one")).toEqual({ hints: ["one hint 1", "one hint 2"], solution: ["docker ps"] });
    s = checkWith(s, lessonA, FAIL);
    expect(s.progress["lesson-a"]).toEqual({ completedSteps: [], hintsShown: { one: 2 }, solutionShown: ["one"] });
  });

  it("asking for a hint reveals the next one, then the solution, without a check", () => {
    let s = openLesson(initialSession(), lessonA);
    s = hintRequested(s, lessonA);
    expect(revealedHelp(s, lessonA, "one")).toEqual({ hints: ["one hint 1"], solution: null });
    expect(s.pending).toBeNull();
    s = hintRequested(hintRequested(s, lessonA), lessonA);
    expect(revealedHelp(s, lessonA, "one")).toEqual({ hints: ["one hint 1", "one hint 2"], solution: ["docker ps"] });
    expect(hintRequested(s, lessonA)).toBe(s);
    expect(hintRequested(closeLesson(s), lessonA)).toEqual(closeLesson(s));
  });

  it("a failure after a mere command, or a probe failure, reveals nothing", () => {
    let s = openLesson(initialSession(), lessonA);
    const r = commandFinished(s, ev("docker images"));
    s = evaluationFinished(r.state, lessonA, r.evaluation!, FAIL).state;
    expect(s.lastResult).toEqual({ stepId: "one", trigger: "command", result: FAIL });
    s = checkWith(s, lessonA, { passed: false, details: ["Could not ask"], error: "timeout" });
    expect(revealedHelp(s, lessonA, "one").hints).toEqual([]);
  });

  it("reset forgets a lesson's progress and restarts it", () => {
    let s = openLesson(initialSession(), lessonA);
    s = checkWith(checkWith(s, lessonA, FAIL), lessonA, PASS);
    s = resetLesson(s, lessonA);
    expect(s.progress["lesson-a"]).toBeUndefined();
    expect(s.stepId).toBe("one");
  });

  it("reset all forgets every lesson's progress, also of lessons not in the course, and restarts the open one", () => {
    const gone = { completedSteps: ["x"], hintsShown: {}, solutionShown: [] };
    let s = openLesson(initialSession({ "renamed-away": gone, "lesson-b": { completedSteps: ["only"], hintsShown: {}, solutionShown: [] } }), lessonA);
    s = checkWith(s, lessonA, PASS);
    expect(s.stepId).toBe("two");
    s = resetAllProgress(s, lessonA);
    expect(s.progress).toEqual({});
    expect(s.stepId).toBe("one");
    expect(resetAllProgress(closeLesson(s), undefined).lessonId).toBeNull();
  });
});

describe("progress snapshot", () => {
  it("is plain JSON that round-trips", () => {
    let s = openLesson(initialSession(), lessonA);
    s = checkWith(checkWith(s, lessonA, FAIL), lessonA, PASS);
    const stored = JSON.parse(JSON.stringify(s.progress));
    expect(stored).toEqual({ "lesson-a": { completedSteps: ["one"], hintsShown: { one: 1 }, solutionShown: [] } });
    expect(readProgress(stored)).toEqual(stored);
  });

  it("reads malformed storage defensively", () => {
    expect(readProgress(null)).toEqual({});
    expect(readProgress("x")).toEqual({});
    expect(readProgress({ a: 1, b: { completedSteps: ["x", 2], hintsShown: { x: 1, y: -1, z: "2" }, solutionShown: "no" } })).toEqual({
      b: { completedSteps: ["x"], hintsShown: { x: 1 }, solutionShown: [] },
    });
  });
});
