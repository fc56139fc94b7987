// The Editor pane: files saved in Monaco are what the guest sees, files made in the terminal show
// up in the tree, and Dockerfile and Compose diagnostics show inline.

import { expect, test } from "@playwright/test";
import type { Page } from "@playwright/test";
import { openSite, outputOf, typeCommand } from "./terminal.ts";

/** Makes a file with the pane's New file button; it opens in the editor. */
async function newFile(page: Page, name: string): Promise<void> {
  await page.getByRole("button", { name: "New file" }).click();
  await page.getByLabel("New file name").fill(name);
  await page.getByLabel("New file name").press("Enter");
  await expect(page.locator(".editor-path")).toHaveText(name);
  await expect(page.getByRole("treeitem", { name: name.split("/").at(-1), exact: true })).toBeVisible();
}

/** Replaces the open file's text with a paste (typed text would be auto-indented and completed). */
async function setText(page: Page, text: string): Promise<void> {
  await expect(page.locator(".editor-empty")).toHaveCount(0); // loaded: Monaco and the file
  await page.locator(".editor-host .monaco-editor .view-lines").click();
  await page.keyboard.press("Control+a");
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press("Control+v");
}

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

/** The visible lines of the editor (Monaco draws spaces as no-break spaces). */
const editorText = async (page: Page) => (await page.locator(".editor-host .monaco-editor .view-lines").innerText()).replace(/\u00a0/g, " ");

test("a Dockerfile written in the editor builds in the terminal; a file made in the terminal opens in the editor", async ({ page }) => {
  await openSite(page);
  await page.getByRole("tab", { name: "Editor" }).click();
  await expect(page.getByRole("tree", { name: "/lab" }).or(page.getByText("/lab is empty."))).toBeVisible({ timeout: 60_000 });

  await newFile(page, "Dockerfile");
  await setText(page, 'FROM busybox\nCMD ["echo","built in the editor"]\n');
  await expect(page.locator(".editor-bar .dirty-mark")).toBeVisible();
  await page.keyboard.press("Control+s");
  await expect(page.locator(".editor-bar .dirty-mark")).toHaveCount(0);
  await expect(page.locator(".editor-status")).toHaveText("Saved in the machine");

  await typeCommand(page, "cat Dockerfile");
  expect(await outputOf(page, "cat Dockerfile")).toContain('CMD ["echo","built in the editor"]');
  await typeCommand(page, "docker build -t t .");
  await typeCommand(page, "docker run --rm t");
  expect(await outputOf(page, "docker run --rm t")).toContain("built in the editor");

  await typeCommand(page, "echo hello > /lab/new.txt");
  await page.getByRole("treeitem", { name: "new.txt" }).click({ timeout: 10_000 });
  await expect(page.locator(".editor-path")).toHaveText("new.txt");
  await expect.poll(() => editorText(page)).toContain("hello");

  // Unsaved edits survive a change made in the terminal, which says which side won.
  await setText(page, "mine\n");
  await typeCommand(page, "echo theirs > /lab/new.txt");
  await expect(page.locator(".editor-notice.conflict")).toHaveText(/new\.txt changed in the terminal while you had unsaved edits: kept yours/);
  expect(await editorText(page)).toContain("mine");
  await page.getByRole("button", { name: "Reload theirs" }).click();
  await expect.poll(() => editorText(page)).toContain("theirs");
  await expect(page.locator(".editor-notice.conflict")).toHaveCount(0);

  // The tree works from the keyboard: arrows move, Enter opens.
  await page.getByRole("treeitem", { name: "new.txt" }).focus();
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("Enter");
  await expect(page.locator(".editor-path")).toHaveText("Dockerfile");
  await page.screenshot({ path: "test-results/e2e/editor.png" });
});

test("diagnostics for Dockerfiles and compose files show inline and do not block saving", async ({ page }) => {
  await openSite(page);
  await page.getByRole("tab", { name: "Editor" }).click();

  await newFile(page, "bad/Dockerfile");
  await setText(page, "FROM busybox\nFORM busybox\n");
  await expect(page.locator(".editor-host .squiggly-error")).toHaveCount(1, { timeout: 30_000 });
  await page.locator(".editor-host .view-lines span span", { hasText: /^FROM$/ }).hover();
  await expect(page.locator(".monaco-hover:not(.hidden)")).toContainText("must be the first instruction");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator(".editor-status")).toHaveText("Saved in the machine");
  await typeCommand(page, "cat bad/Dockerfile");
  expect(await outputOf(page, "cat bad/Dockerfile")).toContain("FORM busybox");

  await newFile(page, "compose.yaml");
  await setText(page, "services:\n  web:\n    image: nginx\n    portz:\n      - 8080:80\n");
  const squiggle = page.locator(".editor-host [class*=squiggly]");
  await expect(squiggle).toHaveCount(1, { timeout: 60_000 });
  await squiggle.hover({ force: true });
  await expect(page.locator(".monaco-hover:not(.hidden)")).toContainText("Property portz is not allowed");
  await page.keyboard.press("Control+s");
  await expect(page.locator(".editor-status")).toHaveText("Saved in the machine");
});

test("a lesson opens its file in the editor as soon as the lesson has seeded it", async ({ page }) => {
  await openSite(page);
  await page.getByRole("button", { name: "Your first Dockerfile" }).click();
  await expect(page.getByRole("tab", { name: "Editor" })).toHaveAttribute("aria-selected", "true");
  await expect(page.locator(".editor-path")).toHaveText("hello/Dockerfile");
  await expect.poll(() => editorText(page), { timeout: 60_000 }).toContain("The recipe for the my-python-app image");
  await expect(page.getByRole("treeitem", { name: "app.py" })).toBeVisible();
});
