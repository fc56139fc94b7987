import { describe, expect, it } from "vitest";
import type { CheckResult, Lesson, SessionState } from "../lessons/index.ts";
import { initialSession } from "../lessons/index.ts";
import { checkAnnouncement } from "./check-announcement.ts";

const lesson = { id: "l", steps: [{ id: "a", heading: "Run it" }, { id: "b", heading: "List it" }] } as unknown as Lesson;
const after = (stepId: string, trigger: "check" | "command", result: CheckResult, now: string | null): SessionState => ({
  ...initialSession(),
  lessonId: "l",
  stepId: now,
  lastResult: { stepId, trigger, result },
});

describe("check announcement", () => {
  it("says which step passed, and when the lesson is complete", () => {
    expect(checkAnnouncement(lesson, after("a", "command", { passed: true, details: [] }, "b"))).toBe("Step 1 passed: Run it.");
    expect(checkAnnouncement(lesson, after("b", "check", { passed: true, details: [] }, null))).toBe("Step 2 passed: List it. Lesson complete.");
  });

  it("says why a Check failed, and nothing for a command that did not pass", () => {
    expect(checkAnnouncement(lesson, after("a", "check", { passed: false, details: ["no container", "no output"] }, "a"))).toBe(
      "Not yet: no container; no output",
    );
    expect(checkAnnouncement(lesson, after("a", "check", { passed: false, details: [], error: "timeout" }, "a"))).toBe("Not yet: timeout");
    expect(checkAnnouncement(lesson, after("a", "command", { passed: false, details: ["x"] }, "a"))).toBe("");
    expect(checkAnnouncement(undefined, undefined)).toBe("");
  });
});
