import { describe, expect, it } from "vitest";
import type { StateStorage } from "zustand/middleware";
import { fakeProbe } from "../lessons/fake-probe.ts";
import { LessonRunner } from "../lessons/index.ts";
import { inlineCourse } from "../lessons/inline-course.ts";
import { createProgressStore, migrateProgress, PROGRESS_VERSION, progressHydrated } from "./progress-store.ts";
import type { ProgressState } from "./progress-store.ts";

const KEY = "docker-sandbox-progress";
const done = (...completedSteps: string[]) => ({ completedSteps, hintsShown: {}, solutionShown: [] });

describe("migrateProgress", () => {
  const progress = { alpha: { completedSteps: ["one"], hintsShown: { two: 1 }, solutionShown: ["two"] } };

  it("is at version 1", () => {
    expect(PROGRESS_VERSION).toBe(1);
  });

  it("brings version 0 up: progress kept, no open lesson", () => {
    expect(migrateProgress({ progress }, 0)).toEqual({ lessonId: null, progress });
    expect(migrateProgress({ lessonId: "alpha", progress }, 0)).toEqual({ lessonId: null, progress });
  });

  it("reads the current version as it is", () => {
    expect(migrateProgress({ lessonId: "alpha", progress }, 1)).toEqual({ lessonId: "alpha", progress });
  });

  it("reads a newer version as far as it understands it, keeping its progress", () => {
    const newer = { lessonId: "alpha", theme: "dark", progress: { alpha: { ...progress.alpha, notes: ["hi"] }, beta: { completedSteps: { one: true } } } };
    expect(migrateProgress(newer, 7)).toEqual({ lessonId: "alpha", progress: { ...progress, beta: done() } });
  });

  it("never throws on garbage, and keeps what is valid in it", () => {
    const garbage: unknown[] = [undefined, null, 42, "text", [], [progress], { progress: "text" }, { lessonId: 5, progress: [1, 2] }];
    for (const stored of garbage) {
      for (const version of [0, 1, 2, -1, 0.5, Number.MAX_SAFE_INTEGER]) {
        expect(migrateProgress(stored, version), `${JSON.stringify(stored)} at ${version}`).toEqual({ lessonId: null, progress: {} });
      }
    }
    const mixed = { lessonId: "alpha", progress: { alpha: { completedSteps: ["one", 2, null], hintsShown: { one: -1, two: 1.5, three: 2 } }, beta: null, gamma: "x" } };
    expect(migrateProgress(mixed, 1)).toEqual({ lessonId: "alpha", progress: { alpha: { completedSteps: ["one"], hintsShown: { three: 2 }, solutionShown: [] } } });
  });
});

/** A StateStorage in a Map, synchronous so every write has landed when setState returns. */
function memoryStorage(items: Record<string, string> = {}): StateStorage & { items: Map<string, string> } {
  const map = new Map(Object.entries(items));
  return { items: map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

const stored = (storage: ReturnType<typeof memoryStorage>) => JSON.parse(storage.items.get(KEY)!) as { version: number; state: ProgressState };

async function hydrated(storage: StateStorage) {
  const store = createProgressStore({ storage });
  await progressHydrated(store);
  return store;
}

describe("the progress store", () => {
  it("starts empty when nothing is stored", async () => {
    const storage = memoryStorage();
    expect((await hydrated(storage)).getState()).toEqual({ lessonId: null, progress: {} });
    expect(storage.items.size).toBe(0);
  });

  it("reads the stored state back", async () => {
    const state = { lessonId: "alpha", progress: { alpha: done("one") } };
    const storage = memoryStorage({ [KEY]: JSON.stringify({ version: 1, state }) });
    expect((await hydrated(storage)).getState()).toEqual(state);
  });

  it("migrates an older version and stores it at the current one", async () => {
    const storage = memoryStorage({ [KEY]: JSON.stringify({ version: 0, state: { progress: { alpha: done("one") } } }) });
    const state = { lessonId: null, progress: { alpha: done("one") } };
    expect((await hydrated(storage)).getState()).toEqual(state);
    expect(stored(storage)).toEqual({ version: PROGRESS_VERSION, state });
  });

  it("finishes loading, starting fresh, whatever garbage is stored", async () => {
    const texts = ["{not json", "", "42", "null", '"text"', "[]", '{"version":1,"state":"text"}', '{"version":"1","state":{"progress":7}}', '{"version":9}'];
    for (const text of texts) {
      expect((await hydrated(memoryStorage({ [KEY]: text }))).getState(), text).toEqual({ lessonId: null, progress: {} });
    }
  });

  it("keeps the valid part of a newer version's state", async () => {
    const state = { lessonId: "alpha", progress: { alpha: { ...done("one"), notes: [] } }, theme: "dark" };
    const storage = memoryStorage({ [KEY]: JSON.stringify({ version: PROGRESS_VERSION + 1, state }) });
    expect((await hydrated(storage)).getState()).toEqual({ lessonId: "alpha", progress: { alpha: done("one") } });
  });
});

describe("progress kept from a lesson runner", () => {
  const course = inlineCourse({ alpha: { steps: { one: "docker ps", two: "docker images" } }, beta: { steps: { one: "docker version" } } });
  const ran = (commandLine: string) => ({ commandLine, exitCode: 0, output: "" });

  /** A page load: the store read from storage, and a runner whose changes it keeps, as the lesson controller wires them. */
  async function visit(storage: StateStorage) {
    const store = await hydrated(storage);
    const runner = new LessonRunner({ probe: fakeProbe({}), course, progress: store.getState().progress });
    runner.onChange((session) => store.setState({ progress: session.progress, lessonId: session.lessonId }));
    return { store, runner };
  }

  it("stores a completed step and a shown hint by lesson and step id, and a reload resumes there", async () => {
    const storage = memoryStorage();
    const { runner } = await visit(storage);
    runner.openLesson("alpha");
    await runner.commandFinished(ran("docker ps"));
    await runner.check();
    expect(stored(storage)).toEqual({
      version: 1,
      state: { lessonId: "alpha", progress: { alpha: { completedSteps: ["one"], hintsShown: { two: 1 }, solutionShown: [] } } },
    });

    const again = await visit(storage);
    expect(again.store.getState().lessonId).toBe("alpha");
    again.runner.openLesson("alpha");
    expect(again.runner.state.stepId).toBe("two");
  });

  it("resets one lesson and keeps the others", async () => {
    const storage = memoryStorage();
    const { runner } = await visit(storage);
    runner.openLesson("beta");
    await runner.commandFinished(ran("docker version"));
    runner.openLesson("alpha");
    await runner.commandFinished(ran("docker ps"));
    runner.resetLesson("alpha");
    expect(stored(storage).state).toEqual({ lessonId: "alpha", progress: { beta: done("one") } });
    expect((await visit(storage)).store.getState().progress).toEqual({ beta: done("one") });
  });

  it("keeps progress of lessons no longer in the course until all is reset", async () => {
    const state = { lessonId: null, progress: { alpha: done("one"), gone: done("old-step") } };
    const storage = memoryStorage({ [KEY]: JSON.stringify({ version: 1, state }) });
    const { runner } = await visit(storage);
    expect(runner.state.progress).toEqual(state.progress);
    // What the lesson pane's "Reset all progress" does.
    runner.resetAll();
    expect(stored(storage).state).toEqual({ lessonId: null, progress: {} });
    expect((await visit(storage)).store.getState().progress).toEqual({});
  });
});
