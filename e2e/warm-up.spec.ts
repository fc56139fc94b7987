// The guest's warm-ups (a throwaway container run after every start; a lint-only build while a lesson
// that builds is open) wait for the learner: they start after a quiet moment, and not at all once the
// learner's own command has done their work.

import { expect, test } from "@playwright/test";
import type { Page } from "@playwright/test";
import { loadCourse } from "../src/lessons/index.ts";
import { readLessonFiles } from "../tools/lesson-files.ts";
import { openSite, outputOf, PROMPT, typeCommand, waitForTerminal } from "./terminal.ts";

const buildLesson = loadCourse(readLessonFiles()).course.lessons.find((l) => l.id === "first-dockerfile")!;

/** The page starts the warm-up after 4 s without a command (src/app/machine-session.ts); a margin. */
const QUIET_MS = 6000;
// How many warm-ups run; the [p]: pgrep must not count its own command line. Short: a wrapped line
// would hide the command from outputOf.
const ASK = "pgrep -cf sandbox-warmu[p]";

async function warmUpRunning(page: Page): Promise<boolean> {
  await page.waitForTimeout(QUIET_MS);
  await typeCommand(page, ASK);
  const count = /^\s*(\d+)\s/.exec(await outputOf(page, ASK));
  expect(count, "pgrep's count").not.toBeNull();
  return Number(count![1]) > 0;
}

/** The page also waits for its own agent requests to end, which take longer beside a second page. */
async function warmUpStarts(page: Page): Promise<boolean> {
  for (let check = 0; check < 3; check++) if (await warmUpRunning(page)) return true;
  return false;
}

test("the warm-up starts after a quiet moment, also after a command that only asks Docker, and not after one that ran a container", async ({ page }) => {
  await openSite(page);
  await typeCommand(page, "docker version --format '{{.Server.Version}}'");
  expect(await warmUpStarts(page)).toBe(true);

  await resetMachine(page);
  await typeCommand(page, "docker run --rm hello-world");
  expect(await outputOf(page, "docker run --rm hello-world")).toContain("Hello from Docker!");
  expect(await warmUpRunning(page)).toBe(false);
});

async function resetMachine(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Reset machine" }).click();
  await expect(page.locator(".status-badge")).toHaveText(/Ready/, { timeout: 120_000 });
  await waitForTerminal(page, PROMPT);
}

/** How many lint-only builds the last warm-up has finished (its log: images/rootfs/usr/local/sbin/sandbox-warmup). */
async function warmUpChecks(page: Page): Promise<number> {
  const ask = "grep -c 'Check complet[e]' /run/sandbox-warmup.log";
  await typeCommand(page, ask);
  return Number(/^\s*(\d+)\s/.exec(await outputOf(page, ask))?.[1] ?? -1);
}

test("a lesson that builds also warms BuildKit once the machine is quiet, and not after the learner's own build", async ({ page }) => {
  await openSite(page);
  await typeCommand(page, "docker run --rm hello-world");
  await typeCommand(page, "mkdir -p /tmp/own && echo 'FROM busybox' > /tmp/own/Dockerfile && docker build -q /tmp/own");
  await page.getByRole("button", { name: buildLesson.title }).click();
  await expect(page.getByText("Preparing the machine for this lesson…")).toBeHidden({ timeout: 120_000 });
  expect(await warmUpRunning(page)).toBe(false);

  // A fresh machine with the lesson open: both warm-ups are due, one after the other.
  await resetMachine(page);
  await expect
    .poll(async () => (await page.waitForTimeout(QUIET_MS), warmUpChecks(page)), { timeout: 300_000, intervals: [0] })
    .toBe(1);
});
