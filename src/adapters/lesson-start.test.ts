import { describe, expect, it } from "vitest";
import type { AgentClient } from "../guest/agent-client.ts";
import { inlineCourse } from "../lessons/inline-course.ts";
import { LessonSetupError, startLesson } from "./lesson-start.ts";

const lesson = {
  ...inlineCourse({ tidy: { steps: { one: "docker ps" } } }).lessons[0]!,
  cleanup: ["docker rm -f old || true"],
  setup: ["docker create --name mess busybox"],
};

/** An agent that records the scripts it is asked to run and fails those that name `failing`. */
function agent(failing?: string) {
  const scripts: string[] = [];
  const fake = {
    writeFile: async () => undefined,
    sh: async (script: string) => {
      scripts.push(script);
      return { status: failing && script.includes(failing) ? 1 : 0, output: "" };
    },
  };
  return { scripts, agent: fake as unknown as AgentClient };
}

describe("starting a lesson", () => {
  it("runs the cleanup, then the setup", async () => {
    const { scripts, agent: a } = agent();
    await startLesson(a, lesson);
    expect(scripts).toEqual(["docker rm -f old || true", "docker create --name mess busybox"]);
  });

  it("skips the cleanup on an untouched machine, never the setup", async () => {
    const { scripts, agent: a } = agent();
    await startLesson(a, lesson, { untouched: true });
    expect(scripts).toEqual(["docker create --name mess busybox"]);
  });

  it("names the failing command and whether it was the cleanup", async () => {
    await expect(startLesson(agent("rm -f old").agent, lesson)).rejects.toThrow(new LessonSetupError(lesson, "cleanup command `docker rm -f old || true` (exit 1)", ""));
  });
});
