// What a screen reader should hear after a step's check: "Step 2 passed", or "Not yet: …" after a
// Check press. A failure after a mere command stays quiet (the learner did not ask).

import type { Lesson, SessionState } from "../lessons/index.ts";

export function checkAnnouncement(lesson: Lesson | undefined, session: SessionState | undefined): string {
  const last = session?.lastResult;
  if (!lesson || !last) return "";
  const index = lesson.steps.findIndex((s) => s.id === last.stepId);
  if (last.result.passed) {
    const passed = `Step ${index + 1} passed: ${lesson.steps[index]?.heading ?? ""}.`;
    return session.stepId === null ? `${passed} Lesson complete.` : passed;
  }
  if (last.trigger !== "check") return "";
  const reasons = last.result.error ? [last.result.error] : last.result.details;
  return `Not yet: ${reasons.join("; ")}`;
}
