// The guest's warm-up (a throwaway container run after every start) waits for the learner: it starts
// after a quiet moment, and not at all once the learner's own command has started a container.

import { expect, test } from "@playwright/test";
import type { Page } from "@playwright/test";
import { openSite, outputOf, PROMPT, typeCommand, waitForTerminal } from "./terminal.ts";

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

  await page.getByRole("button", { name: "Reset machine" }).click();
  await expect(page.locator(".status-badge")).toHaveText(/Ready/, { timeout: 120_000 });
  await waitForTerminal(page, PROMPT);
  await typeCommand(page, "docker run --rm hello-world");
  expect(await outputOf(page, "docker run --rm hello-world")).toContain("Hello from Docker!");
  expect(await warmUpRunning(page)).toBe(false);
});
