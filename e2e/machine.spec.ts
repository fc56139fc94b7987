// The page: a real terminal on the in-tab Docker machine, in real Chromium.

import { expect, test } from "@playwright/test";
import { openSite, outputOf, PROMPT, startCommand, typeCommand, waitForTerminal } from "./terminal.ts";

test.describe.configure({ mode: "serial" });

test("reaches a prompt and runs containers; Reset machine brings a fresh one", async ({ page }) => {
  await openSite(page);
  await page.screenshot({ path: "test-results/e2e/ready.png" });

  // The first docker command of a machine is the slow one, and the badge says so while it runs.
  const badge = page.locator(".status-badge");
  await startCommand(page, "docker run hello-world");
  await expect(badge).toHaveText(/^Busy\s*\(the first Docker command after a start takes longer\)$/);
  await expect(badge).toHaveText(/Ready/, { timeout: 180_000 });
  expect(await outputOf(page, "docker run hello-world")).toContain("Hello from Docker!");
  await startCommand(page, "sleep 3");
  await expect(badge).toHaveText(/^Busy$/);
  await expect(badge).toHaveText(/Ready/);

  await typeCommand(page, "docker ps -a");
  expect(await outputOf(page, "docker ps -a")).toMatch(/hello-world\s+"\/hello"\s.*Exited \(0\)/);

  await page.getByRole("button", { name: "Reset machine" }).click();
  await expect(page.locator(".status-badge")).toHaveText(/Ready/, { timeout: 60_000 });
  await waitForTerminal(page, PROMPT);
  await typeCommand(page, "docker ps -a");
  const after = await outputOf(page, "docker ps -a");
  expect(after).toContain("CONTAINER ID");
  expect(after).not.toContain("hello-world");
});

test("a reload reaches a prompt again", async ({ page }) => {
  await openSite(page);
  await page.reload();
  await waitForTerminal(page, PROMPT);
  await expect(page.locator(".status-badge")).toHaveText(/Ready/);
});

test("the guest's terminal size follows the window", async ({ page }) => {
  await openSite(page);
  await typeCommand(page, "tput cols");
  const before = Number((await outputOf(page, "tput cols")).trim().split("\n")[0]);
  await page.setViewportSize({ width: 1600, height: 800 });
  await expect
    .poll(async () => {
      await typeCommand(page, "tput cols");
      return Number((await outputOf(page, "tput cols")).trim().split("\n")[0]);
    }, { timeout: 60_000 })
    .toBeGreaterThan(before);
});
