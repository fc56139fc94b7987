// Take your work with you: /lab and the progress downloaded, imported into a fresh profile; a
// malformed or foreign file is refused and changes nothing.

import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import type { Page } from "@playwright/test";
import { loadCourse } from "../src/lessons/index.ts";
import { readLessonFiles } from "../tools/lesson-files.ts";
import { openSite, outputOf, typeCommand, typeSolution } from "./terminal.ts";

const lesson = loadCourse(readLessonFiles()).course.lessons.find((l) => l.id === "first-container")!;
const firstStep = (page: Page) => page.locator(`li[data-step="${lesson.steps[0]!.id}"]`);

async function catLab(page: Page): Promise<string> {
  await typeCommand(page, "cat /lab/mywork.txt");
  return outputOf(page, "cat /lab/mywork.txt");
}

test("download then import in a fresh profile restores /lab and the progress; a malformed file changes nothing", async ({ browser }, testInfo) => {
  const first = await browser.newContext({ acceptDownloads: true });
  let page = await first.newPage();
  await openSite(page);
  await page.getByRole("button", { name: lesson.title, exact: true }).click();
  await expect(page.getByText("Preparing the machine for this lesson…")).toBeHidden({ timeout: 120_000 });
  await typeSolution(page, lesson.steps[0]!.solution);
  await expect(firstStep(page)).toHaveAttribute("data-done", "true");
  await typeCommand(page, "mkdir -p /lab/app && echo my work > /lab/mywork.txt && echo 'FROM busybox' > /lab/app/Dockerfile");

  await page.getByText("My work", { exact: true }).click();
  const downloads: string[] = [];
  const saved: Promise<void>[] = [];
  page.on("download", (download) => {
    const path = testInfo.outputPath(download.suggestedFilename());
    downloads.push(path);
    saved.push(download.saveAs(path));
  });
  await page.getByRole("button", { name: "Download my work" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Downloaded your /lab files" })).toBeVisible({ timeout: 60_000 });
  await expect.poll(() => downloads.length).toBe(2);
  expect(downloads.map((p) => p.replace(/.*\//, "")).sort()).toEqual([expect.stringMatching(/^docker-sandbox-lab-.*\.tar\.gz$/), expect.stringMatching(/^docker-sandbox-progress-.*\.json$/)]);
  // Closing the profile cancels a download still being written (seen in CI).
  await Promise.all(saved);
  await first.close();

  const fresh = await browser.newContext();
  page = await fresh.newPage();
  await openSite(page);
  expect(await catLab(page)).toContain("No such file");
  const importFiles = async (files: Parameters<Page["setInputFiles"]>[1]) => {
    await page.locator("details.my-work").evaluate((menu) => ((menu as HTMLDetailsElement).open = true));
    await page.getByLabel("Import work files").setInputFiles(files);
  };

  // Refused whole: a foreign JSON file, a damaged archive (with a good progress file beside it).
  await importFiles({ name: "notes.json", mimeType: "application/json", buffer: Buffer.from('{"todo": []}') });
  await expect(page.getByRole("alert")).toHaveText("Nothing was changed: notes.json: this is not a Docker Sandbox progress file");
  const progressFile = downloads.find((p) => p.endsWith(".json"))!;
  await importFiles([
    { name: "lab.tar.gz", mimeType: "application/gzip", buffer: Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5]) },
    { name: "progress.json", mimeType: "application/json", buffer: readFileSync(progressFile) },
  ]);
  await expect(page.getByRole("alert")).toHaveText(/^Nothing was changed: this \.tar\.gz file is damaged/, { timeout: 60_000 });
  expect(await catLab(page)).toContain("No such file");
  await page.getByRole("button", { name: lesson.title, exact: true }).click();
  await expect(firstStep(page)).toHaveAttribute("data-done", "false");

  await importFiles(downloads);
  await expect(page.getByRole("status").filter({ hasText: "Imported your /lab files and your progress." })).toBeVisible({ timeout: 180_000 });
  expect(await catLab(page)).toContain("my work");
  await typeCommand(page, "cat /lab/app/Dockerfile");
  expect(await outputOf(page, "cat /lab/app/Dockerfile")).toContain("FROM busybox");
  await expect(firstStep(page)).toHaveAttribute("data-done", "true");
  await fresh.close();
});
