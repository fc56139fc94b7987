// The Architecture tab follows the real engine: a container the learner starts appears with its
// state, the request's path lights up, and the container goes when it is removed. Read through the
// tab's text summary, as a screen reader would.

import { expect, test } from "@playwright/test";
import { openSite, startCommand, typeCommand, waitForTerminal } from "./terminal.ts";

test("the Architecture view shows containers appear, run and disappear as Docker reports them", async ({ page }) => {
  await openSite(page);
  await page.getByRole("tab", { name: "Architecture" }).click();
  const panel = page.getByRole("tabpanel", { name: "Architecture" });
  await expect(panel.getByRole("list", { name: "Components" })).toContainText("dockerd");
  await expect(panel.getByRole("list", { name: "Images" })).toContainText("busybox:latest", { timeout: 60_000 });
  await expect(panel.locator(".react-flow")).toBeVisible();

  const containers = panel.getByRole("list", { name: "Containers" });
  const archTest = containers.getByRole("listitem").filter({ hasText: "arch-test" });
  await typeCommand(page, "docker run -d --name arch-test busybox sleep 60");
  await expect(archTest).toHaveText(/^arch-test: running · from busybox$/);
  await expect(panel.getByRole("list", { name: "Images" }).getByRole("listitem").filter({ hasText: "busybox:latest" })).toContainText("used by 1 container");
  await expect(panel.getByRole("list", { name: "Networks" }).getByRole("listitem").filter({ hasText: /^bridge:/ })).toContainText("arch-test");
  await expect(panel.locator(".arch-chip", { hasText: "arch-test" })).toContainText("running");
  await expect(panel.locator(".architecture-caption")).toContainText("docker run");

  // While a command runs its path is lit: docker exec goes through containerd and the runtime.
  await startCommand(page, "docker exec arch-test sleep 3");
  await expect(panel.locator(".architecture-caption.active")).toContainText("docker exec");
  await expect(panel.locator(".arch-component.lit")).toHaveCount(5);
  await expect(archTest).toContainText("1 exec");
  await page.screenshot({ path: "test-results/e2e/architecture.png" });
  await expect(archTest).not.toContainText("exec");
  await expect(page.locator(".status-badge")).toHaveText(/Ready/);

  // `docker ps` only reaches dockerd.
  await typeCommand(page, "docker ps");
  await expect(panel.locator(".architecture-caption")).toContainText("docker ps");
  await expect(panel.locator(".arch-component.lit")).toHaveCount(0);

  await typeCommand(page, "docker rm -f arch-test");
  await expect(archTest).toHaveCount(0);
  await expect(panel.locator(".arch-chip:not(.leaving)", { hasText: "arch-test" })).toHaveCount(0);
});

test("lesson 1 opens the Architecture view; curl on the socket and docker pull light their paths", async ({ page }) => {
  await openSite(page);
  await page.getByRole("button", { name: "Docker's architecture" }).click();
  await expect(page.getByRole("tab", { name: "Architecture" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByText("Preparing the machine for this lesson…")).toBeHidden({ timeout: 120_000 });
  const panel = page.getByRole("tabpanel", { name: "Architecture" });
  const images = panel.getByRole("list", { name: "Images" });
  await expect(images).toContainText("busybox:latest", { timeout: 60_000 });
  await expect(images).not.toContainText("redis");

  await typeCommand(page, "curl --unix-socket /var/run/docker.sock http://localhost/version");
  await expect(panel.locator(".architecture-caption")).toContainText("curl /version");

  await startCommand(page, "docker pull redis");
  await expect(panel.locator(".arch-component.lit")).toHaveText([/docker/, /REST API/, /dockerd/, /Registry/]);
  // The pull first (slow on a busy machine), then the view, which follows it within seconds.
  await waitForTerminal(page, "Status: Downloaded newer image for redis:latest", 240_000);
  await expect(images.getByRole("listitem").filter({ hasText: "redis:latest" })).toHaveText("redis:latest: unused", { timeout: 60_000 });
  await page.screenshot({ path: "test-results/e2e/architecture-lesson1.png" });
  await expect(page.locator(".status-badge")).toHaveText(/Ready/);
});
