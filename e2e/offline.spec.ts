// Offline after one visit: the service worker keeps the page, the machine's worker the start
// files, and the whole disk is fetched in the background after the first prompt; a part not fetched
// yet waits for the network.

import { expect, test } from "@playwright/test";
import { openSiteProfile } from "./site-profile.ts";
import { outputOf, PROMPT, startCommand, typeCommand, waitForTerminal } from "./terminal.ts";

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

test("a command that needs a part of the disk not downloaded yet waits for the network, then goes on with the right bytes", async () => {
  const profile = await openSiteProfile();
  try {
    const page = await profile.context.newPage();
    await page.goto(profile.url);
    await waitForTerminal(page, PROMPT);
    await profile.goOffline();
    // The offline mirror's packages: no start, lesson or background fetch has read them this soon.
    await startCommand(page, "md5sum $(find /var/lib/sandbox-packages -name '*.deb' -size +1M | head -3) > /tmp/1");
    await expect(page.locator(".status-badge")).toContainText("waiting for the network");
    await profile.goOnline();
    await expect(page.locator(".status-badge")).toHaveText(/Ready/);
    // Read again from the disk, not the guest's page cache: the same bytes as the first time.
    await typeCommand(page, "echo 3 > /proc/sys/vm/drop_caches");
    const again = "md5sum $(cut -d' ' -f3 /tmp/1) | cmp - /tmp/1 && wc -l < /tmp/1";
    await typeCommand(page, again);
    expect(await outputOf(page, again)).toMatch(/^\s*3\s/);
  } finally {
    await profile.close();
  }
});
