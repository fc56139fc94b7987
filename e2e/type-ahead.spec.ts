// A learner types step 2's command before the page has finished judging step 1's (issue 16): both
// steps must pass, without typing anything again.

import { expect, test, type Page } from "@playwright/test";
import { loadCourse } from "../src/lessons/index.ts";
import { readLessonFiles } from "../tools/lesson-files.ts";
import { openSite, startCommand, typeCommand } from "./terminal.ts";

const lesson = loadCourse(readLessonFiles()).course.lessons.find((l) => l.id === "first-container")!;
const [first, second] = lesson.steps as [(typeof lesson.steps)[number], (typeof lesson.steps)[number]];

/** The guest's agent writes every answer under this lock (images/rootfs/usr/local/sbin/sandbox-agent). */
const AGENT_LOCK = "/run/sandbox-agent.lock";

function commandsRun(page: Page): Promise<number> {
  return page.evaluate(() => window.__sandbox!.session.store.getState().commandsRun);
}

test("lesson 2: step 2's command typed while step 1 is judged passes step 2 too", async ({ page }) => {
  await openSite(page);
  // The first docker run after a restore is the slowest: one before the lesson opens, not judged.
  await typeCommand(page, "docker run --rm hello-world");
  await page.getByRole("button", { name: lesson.title }).click();
  await expect(page.getByText("Preparing the machine for this lesson…")).toBeHidden({ timeout: 120_000 });
  const firstStep = page.locator(`li[data-step="${first.id}"]`);
  const secondStep = page.locator(`li[data-step="${second.id}"]`);
  await expect(firstStep).toHaveAttribute("data-done", "false");

  // The checker answers within a fraction of a second, sooner than any docker command ends. To be
  // sure of the race, the agent is kept from answering until both commands have ended, as when it
  // is busy with a save: a background job holds the lock its answers are written under.
  await typeCommand(page, `flock ${AGENT_LOCK} sh -c 'until [ -e /tmp/answer ]; do sleep 0.2; done' &`);
  const before = await commandsRun(page);

  // Both lines typed at once: the shell runs the second as soon as the first ends.
  await startCommand(page, first.solution[0]!);
  await startCommand(page, second.solution[0]!);
  await expect.poll(() => commandsRun(page), { timeout: 180_000, message: "both commands to end" }).toBeGreaterThanOrEqual(before + 2);
  await expect(firstStep, "step 1 is still judged when step 2's command has ended").toHaveAttribute("data-done", "false");

  await startCommand(page, "touch /tmp/answer");
  await expect(firstStep).toHaveAttribute("data-done", "true", { timeout: 60_000 });
  await expect(secondStep).toHaveAttribute("data-done", "true");
});
