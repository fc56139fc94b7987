// The Preview pane shows what a published port serves, fetched through the machine's network
// card inside the tab.

import { expect, test } from "@playwright/test";
import { openSite, outputOf, typeCommand } from "./terminal.ts";

test("shows nginx's welcome page for -p 8080:80, and says so when nothing listens", async ({ page }) => {
  await openSite(page);
  await page.getByRole("tab", { name: "Preview" }).click();
  const preview = page.getByRole("tabpanel", { name: "Preview" });
  await expect(preview).toContainText("No container publishes a port yet");

  // A port nothing listens on: a clear message, not a blank frame.
  await preview.getByLabel("Open another port").fill("8080");
  await preview.getByLabel("Open another port").press("Enter");
  await expect(preview.getByRole("status")).toContainText("Nothing listens on port 8080");

  await typeCommand(page, "docker run -d --name web -p 8080:80 nginx");
  expect(await outputOf(page, "docker run -d --name web -p 8080:80 nginx")).toMatch(/^\s*[0-9a-f]{64}\s/);
  await expect(preview.getByRole("button", { name: /8080 → web:80/ })).toBeVisible();
  const frame = page.frameLocator(".preview-frame");
  await expect(frame.locator("h1")).toHaveText("Welcome to nginx!");
  await expect(preview.getByLabel("HTTP status 200")).toBeVisible();
  await page.screenshot({ path: "test-results/e2e/preview.png" });

  // Another path on the same server: nginx's own 404 page, with its status.
  await preview.getByLabel("Path to open").fill("/missing.html");
  await preview.getByLabel("Path to open").press("Enter");
  await expect(preview.getByLabel("HTTP status 404")).toBeVisible();
  await expect(frame.locator("h1")).toHaveText("404 Not Found");

  await typeCommand(page, "docker rm -f web");
  await expect(preview.getByRole("button", { name: /8080 → web:80/ })).toHaveCount(0);
});
