// Offline after one visit: the service worker keeps the page, the machine's worker the start
// files, and the whole disk is fetched in the background after the first prompt.

import { expect, test } from "@playwright/test";
import { openSiteProfile } from "./site-profile.ts";
import { outputOf, PROMPT, typeCommand, waitForTerminal } from "./terminal.ts";

test("after one visit, a reload with the network off reaches a prompt and runs a container", async () => {
  const profile = await openSiteProfile();
  try {
    const page = await profile.context.newPage();
    await page.goto(profile.url);
    await waitForTerminal(page, PROMPT);
    const offline = page.locator(".offline-status");
    await expect(offline).toContainText(/Offline copy \d+ % of \d+ MB/);
    await expect(offline).toHaveAttribute("data-offline", "done", { timeout: 290_000 });
    await expect(offline).toHaveText("Works offline");
    expect(await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.active?.state))).toBe("activated");

    await profile.goOffline();
    expect(await page.evaluate(() => fetch("guest/vmlinuz", { method: "HEAD" }).then(() => "online", () => "offline"))).toBe("offline");
    await page.reload();
    await waitForTerminal(page, PROMPT);
    await expect(page.locator(".status-badge")).toHaveText(/Ready/);
    // hello-world's chunks were never read in this profile: they come from the offline copy.
    await typeCommand(page, "docker run --rm hello-world");
    expect(await outputOf(page, "docker run --rm hello-world")).toContain("Hello from Docker!");
  } finally {
    await profile.close();
  }
});
