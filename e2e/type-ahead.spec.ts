// A learner types step 2's command before the page has finished judging step 1's (issue 16): both
// steps must pass, without typing anything again.

import { expect, test } from "@playwright/test";
import { loadCourse } from "../src/lessons/index.ts";
import { readLessonFiles } from "../tools/lesson-files.ts";
import { openSite, startCommand } from "./terminal.ts";

const lesson = loadCourse(readLessonFiles()).course.lessons.find((l) => l.id === "first-container")!;
const [first, second] = lesson.steps as [(typeof lesson.steps)[number], (typeof lesson.steps)[number]];

declare global {
  interface Window {
    /** Set when the second command finished while step 1 was not yet shown as passed. */
    __typedAhead?: boolean;
  }
}

test("lesson 2: step 2's command typed while step 1 is judged passes step 2 too", async ({ page }) => {
  await openSite(page);
  await page.getByRole("button", { name: lesson.title }).click();
  await expect(page.getByText("Preparing the machine for this lesson…")).toBeHidden({ timeout: 120_000 });
  const firstStep = page.locator(`li[data-step="${first.id}"]`);
  const secondStep = page.locator(`li[data-step="${second.id}"]`);
  await expect(firstStep).toHaveAttribute("data-done", "false");

  // Watch in the page for the race itself, so the test proves it exercised it.
  await page.evaluate((firstId) => {
    const store = window.__sandbox!.session.store;
    const before = store.getState().commandsRun;
    window.__typedAhead = false;
    store.subscribe((s) => {
      const stepDone = document.querySelector(`li[data-step="${firstId}"]`)?.getAttribute("data-done");
      if (s.commandsRun >= before + 2 && stepDone === "false") window.__typedAhead = true;
    });
  }, first.id);

  // Both lines typed at once: the shell runs the second as soon as the first ends.
  await startCommand(page, first.solution[0]!);
  await startCommand(page, second.solution[0]!);

  await expect(firstStep).toHaveAttribute("data-done", "true");
  await expect(secondStep).toHaveAttribute("data-done", "true");
  expect(await page.evaluate(() => window.__typedAhead), "the second command finished while step 1 was still judged").toBe(true);
});
