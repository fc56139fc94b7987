import { describe, expect, it } from "vitest";
import { reconcileTimes } from "./completion-times.ts";
import { readProgressFile, writeProgressFile } from "./progress-file.ts";

const progress = {
  "first-container": { completedSteps: ["run-hello", "list-running"], hintsShown: { "list-all": 1 }, solutionShown: [] },
};
const completedAt = { "first-container": { "run-hello": Date.UTC(2026, 10, 30, 9), "list-running": Date.UTC(2026, 10, 30, 9, 5) } };

describe("the progress file", () => {
  it("reads back what it wrote, with readable times", () => {
    const text = writeProgressFile({ lessonId: "first-container", progress, completedAt }, new Date(Date.UTC(2026, 10, 30, 10)));
    expect(JSON.parse(text)).toMatchObject({
      format: "docker-sandbox-progress",
      version: 1,
      exportedAt: "2026-11-30T10:00:00.000Z",
      completedAt: { "first-container": { "run-hello": "2026-11-30T09:00:00.000Z" } },
    });
    expect(readProgressFile(text)).toEqual({ lessonId: "first-container", progress, completedAt });
  });

  it("refuses what is not one, saying why", () => {
    expect(() => readProgressFile("PK\u0003\u0004 a zip")).toThrow("this is not a progress file (it is not JSON)");
    expect(() => readProgressFile('{"lessons": []}')).toThrow("this is not a Docker Sandbox progress file");
    expect(() => readProgressFile('{"format": "docker-sandbox-progress", "version": 9}')).toThrow("version 9");
    const whole = JSON.parse(writeProgressFile({ lessonId: null, progress, completedAt }, new Date()));
    for (const damage of [{ progress: { x: "y" } }, { progress: null }, { completedAt: { a: { b: "yesterday" } } }, { lessonId: 5 }]) {
      expect(() => readProgressFile(JSON.stringify({ ...whole, ...damage })), JSON.stringify(damage)).toThrow("this progress file is damaged");
    }
  });
});

describe("reconcileTimes", () => {
  it("stamps newly completed steps, keeps known times and drops steps no longer completed", () => {
    const times = { "first-container": { "run-hello": 1, gone: 2 }, reset: { a: 3 } };
    expect(reconcileTimes(times, progress, 99)).toEqual({ "first-container": { "run-hello": 1, "list-running": 99 } });
  });
});
