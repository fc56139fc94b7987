// A learner follows lesson 2 in the page: each step ticks as they type its commands, and the
// progress is still there after a reload.

import { expect, test } from "@playwright/test";
import { loadCourse } from "../src/lessons/index.ts";
import { readLessonFiles } from "../tools/lesson-files.ts";
import { openSite, typeCommand, typeSolution } from "./terminal.ts";

const lesson = loadCourse(readLessonFiles()).course.lessons.find((l) => l.id === "first-container")!;

test("lesson 2: steps tick as the learner works, and stay ticked after a reload", async ({ page }) => {
  await openSite(page);
  await page.getByRole("button", { name: lesson.title }).click();
  await expect(page.getByRole("heading", { name: lesson.title, exact: true })).toBeVisible();
  await expect(page.getByText("Preparing the machine for this lesson…")).toBeHidden({ timeout: 120_000 });

  // Typing the wrong thing first: the step must not pass.
  const first = page.locator(`li[data-step="${lesson.steps[0]!.id}"]`);
  await typeCommand(page, "echo docker run hello-world");
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.locator(".check-result")).toContainText("Not yet");
  await expect(page.locator(".hint").first()).toBeVisible();
  await expect(first).toHaveAttribute("data-done", "false");

  for (const step of lesson.steps) {
    await typeSolution(page, step.solution);
    await expect(page.locator(`li[data-step="${step.id}"]`)).toHaveAttribute("data-done", "true", { timeout: 120_000 });
  }
  await expect(page.locator(".lesson-done")).toContainText("Lesson complete");
  await page.screenshot({ path: "test-results/e2e/lesson-complete.png" });

  await page.reload();
  await expect(page.getByRole("heading", { name: lesson.title, exact: true })).toBeVisible({ timeout: 60_000 });
  for (const step of lesson.steps) await expect(page.locator(`li[data-step="${step.id}"]`)).toHaveAttribute("data-done", "true");
});
