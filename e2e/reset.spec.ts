// Starting over: "Reset lesson" gives the lesson a fresh machine and forgets only that lesson's
// progress; "Reset all progress" forgets every lesson's.

import { expect, test } from "@playwright/test";
import { loadCourse } from "../src/lessons/index.ts";
import { readLessonFiles } from "../tools/lesson-files.ts";
import { openSite, outputOf, typeCommand, typeSolution } from "./terminal.ts";

const lessons = loadCourse(readLessonFiles()).course.lessons;

test("Reset lesson: a fresh machine, that lesson's progress gone, the others' kept; Reset all forgets all", async ({ page }) => {
  const [first, second] = [lessons[0]!, lessons[1]!];
  await openSite(page);
  const step = (id: string) => page.locator(`li[data-step="${id}"]`);
  const preparing = page.getByText("Preparing the machine for this lesson…");

  // One step done in lesson 1 and one in lesson 2, and a container the learner leaves behind.
  await page.getByRole("button", { name: first.title }).click();
  await expect(preparing).toBeHidden({ timeout: 120_000 });
  await typeSolution(page, first.steps[0]!.solution);
  await expect(step(first.steps[0]!.id)).toHaveAttribute("data-done", "true");
  await page.getByRole("button", { name: "All lessons" }).click();
  await page.getByRole("button", { name: second.title }).click();
  await expect(preparing).toBeHidden({ timeout: 120_000 });
  await typeSolution(page, second.steps[0]!.solution);
  await expect(step(second.steps[0]!.id)).toHaveAttribute("data-done", "true");
  await typeCommand(page, "docker run --name leftover busybox true");

  await page.getByRole("button", { name: "Reset lesson" }).click();
  await expect(page.locator(".status-badge")).toHaveText(/Ready/, { timeout: 120_000 });
  await expect(preparing).toBeHidden({ timeout: 120_000 });
  await expect(step(second.steps[0]!.id)).toHaveAttribute("data-done", "false");
  await typeCommand(page, "docker ps -a --format '{{.Names}}' | grep -c leftover");
  expect((await outputOf(page, "docker ps -a --format '{{.Names}}' | grep -c leftover")).trim()).toMatch(/^0/);

  await page.getByRole("button", { name: "All lessons" }).click();
  const row = (title: string) => page.locator(".course-list li").filter({ has: page.getByRole("button", { name: title, exact: true }) });
  await expect(row(first.title)).toContainText(`1 of ${first.steps.length} steps`);
  await expect(row(second.title)).toContainText(`${second.steps.length} steps`);
  await expect(row(second.title)).not.toContainText(/\d+ of \d+ steps/);

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Reset all progress" }).click();
  await expect(row(first.title)).not.toContainText(/\d+ of \d+ steps/);
  await page.reload();
  await expect(row(first.title)).toContainText(`${first.steps.length} steps`, { timeout: 60_000 });
  await expect(row(first.title)).not.toContainText(/\d+ of \d+ steps/);
});
