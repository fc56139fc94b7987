// Every learner: axe finds nothing at desktop and phone sizes; a keyboard alone does a lesson step;
// a phone with touch does one and interrupts a command from the touch keys; a screen reader hears
// check results.

import { expect, test } from "@playwright/test";
import type { Locator, Page } from "@playwright/test";
import { loadCourse } from "../src/lessons/index.ts";
import { readLessonFiles } from "../tools/lesson-files.ts";
import { axeViolations } from "./axe.ts";
import { commandEnded, openSite, PROMPT, recordCommands, waitForTerminal } from "./terminal.ts";

const lesson = loadCourse(readLessonFiles()).course.lessons.find((l) => l.id === "first-container")!;
const firstStep = (page: Page) => page.locator(`li[data-step="${lesson.steps[0]!.id}"]`);
const terminalInput = (page: Page) => page.locator(".xterm-helper-textarea");
const announcer = (page: Page) => page.getByTestId("check-announcer");
const SIZES = [
  { name: "desktop", width: 1366, height: 800 },
  { name: "phone", width: 390, height: 844 },
];

/** Presses Tab (or Shift+Tab) until TARGET has focus. */
async function tabTo(page: Page, target: Locator, key = "Tab", max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(key);
  }
  await expect(target).toBeFocused();
}

/** Waits for the page's finite animations and transitions (a theme switch fades colours). */
async function transitionsDone(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.all(document.getAnimations().filter((a) => a.effect?.getComputedTiming().endTime !== Infinity).map((a) => a.finished.catch(() => undefined))),
  );
}

/** Waits until the open lesson has prepared the machine. */
async function lessonReady(page: Page): Promise<void> {
  await expect(page.getByRole("heading", { name: lesson.title, exact: true })).toBeAttached();
  await expect(page.getByText("Preparing the machine for this lesson…")).toHaveCount(0, { timeout: 120_000 });
}

/** Shows a pane: on a narrow screen through the one-column tabs, on a wide one opens its tab. */
async function show(page: Page, tab: string): Promise<void> {
  const button = page.getByRole("tab", { name: tab, exact: true });
  if ((await button.getAttribute("aria-selected")) !== "true") await button.click();
  await expect(button).toHaveAttribute("aria-selected", "true");
}

test("axe finds no violations on the course list, a lesson with hints, the editor, preview and architecture, wide and narrow, light and dark", async ({ page }) => {
  await page.setViewportSize(SIZES[0]!);
  await openSite(page);
  for (const size of SIZES) {
    await page.setViewportSize(size);
    const narrow = size.width < 800;
    const states: [string, () => Promise<void>][] = [
      ["course list", async () => {
        if (narrow) await show(page, "Lesson");
        await expect(page.getByRole("heading", { name: "Learn Docker, for real" })).toBeVisible();
      }],
      ["lesson with hints", async () => {
        await page.getByRole("button", { name: lesson.title }).click();
        await lessonReady(page);
        const hint = page.getByRole("button", { name: /Show (a hint|the solution)/ });
        while ((await page.locator(".hint").count()) < 2 && (await hint.count()) > 0) await hint.click();
        await expect(page.locator(".hint").first()).toBeVisible();
      }],
      ["editor", async () => {
        await show(page, "Editor");
        await expect(page.getByRole("tree", { name: "/lab" }).or(page.getByText("/lab is empty."))).toBeVisible({ timeout: 60_000 });
        // A file open in Monaco, not only the tree.
        if (await page.locator(".editor-path", { hasText: "No file open" }).isVisible()) {
          await page.getByRole("button", { name: "New file" }).click();
          await page.getByLabel("New file name").fill("notes.txt");
          await page.getByLabel("New file name").press("Enter");
        }
        await expect(page.locator(".editor-host .monaco-editor")).toBeVisible({ timeout: 60_000 });
      }],
      ["preview", () => show(page, "Preview")],
      ["architecture", async () => {
        await show(page, "Architecture");
        await expect(page.getByRole("tabpanel", { name: "Architecture" }).locator(".react-flow")).toBeVisible({ timeout: 60_000 });
      }],
    ];
    for (const [state, reach] of states) {
      await reach();
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme });
        await transitionsDone(page);
        await page.screenshot({ path: `test-results/e2e/axe-${size.name}-${colorScheme}-${state.replace(/ /g, "-")}.png` });
        expect(await axeViolations(page), `${state} at ${size.width}×${size.height}, ${colorScheme}`).toEqual([]);
      }
    }
    // Back to the course list for the next size.
    if (narrow) await show(page, "Lesson");
    await page.getByRole("button", { name: "All lessons" }).click();
  }
});

test("keyboard only: leave the terminal, open lesson 2, pass step 1 with Check, read hints, open the editor and come back", async ({ page }) => {
  await page.setViewportSize(SIZES[0]!);
  await page.addInitScript(() => {
    (window as unknown as { pointerEvents: number }).pointerEvents = 0;
    for (const type of ["pointerdown", "mousedown", "touchstart"]) {
      addEventListener(type, () => (window as unknown as { pointerEvents: number }).pointerEvents++, { capture: true });
    }
  });
  await openSite(page);
  await expect(terminalInput(page)).toBeFocused();
  await expect(terminalInput(page)).toHaveAttribute("aria-label", /Escape then Tab/);

  // Tab stays the shell's (it completes "ech"); Escape then Tab leaves, and the page starts with the skip links.
  await page.keyboard.type("ech");
  await page.keyboard.press("Tab");
  await waitForTerminal(page, `${PROMPT} echo`);
  await expect(terminalInput(page)).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Tab");
  await expect(terminalInput(page)).not.toBeFocused();
  await tabTo(page, page.getByRole("link", { name: "Skip to lesson" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("complementary", { name: "Lesson" })).toBeFocused();

  await tabTo(page, page.getByRole("button", { name: lesson.title }));
  await page.keyboard.press("Enter");
  await lessonReady(page);

  // A hint from its shortcut, and one more from its button.
  await page.keyboard.press("Control+Shift+Enter");
  await expect(firstStep(page).locator(".hint")).toHaveCount(1);
  await tabTo(page, firstStep(page).getByRole("button", { name: "Show a hint" }));
  await page.keyboard.press("Enter");
  await expect(firstStep(page).locator(".hint")).toHaveCount(2);

  // Into the terminal, the command, then back to step 1's Check and press it.
  await tabTo(page, terminalInput(page));
  await page.keyboard.type("docker run hello-world");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Shift+Tab");
  await tabTo(page, firstStep(page).getByRole("button", { name: "Check" }), "Shift+Tab");
  await page.keyboard.press("Enter");
  await expect(firstStep(page)).toHaveAttribute("data-done", "true", { timeout: 180_000 });
  await expect(announcer(page)).toContainText("Step 1 passed");

  // The editor and back to the terminal.
  const editorTab = page.getByRole("tab", { name: "Editor" });
  await tabTo(page, editorTab);
  await page.keyboard.press("Enter");
  await expect(editorTab).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("tabpanel", { name: "Editor" })).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(editorTab).toHaveAttribute("aria-selected", "false");
  await tabTo(page, terminalInput(page));
  await page.keyboard.type("echo keyboard only");
  await page.keyboard.press("Enter");
  await waitForTerminal(page, /^keyboard only$/m);

  expect(await page.evaluate(() => (window as unknown as { pointerEvents: number }).pointerEvents)).toBe(0);
});

test.describe("phone with touch", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("open lesson 2, pass step 1 by typing, interrupt sleep with the Ctrl+C touch key; phone and tablet screenshots", async ({ page }, testInfo) => {
    await openSite(page);
    const shot = async (name: string) => {
      const path = testInfo.outputPath(`${name}.png`);
      await page.screenshot({ path });
      await testInfo.attach(name, { path, contentType: "image/png" });
    };
    await shot("phone-course-list");
    await page.getByRole("button", { name: lesson.title }).tap();
    await lessonReady(page);
    await shot("phone-lesson");

    await page.getByRole("tab", { name: "Terminal" }).tap();
    await expect(page.getByRole("toolbar", { name: "Terminal keys" })).toBeVisible();
    await page.locator(".terminal-host").tap();
    await expect(terminalInput(page)).toBeFocused();
    await page.keyboard.type("docker run hello-world");
    await page.keyboard.press("Enter");
    await expect(firstStep(page)).toHaveAttribute("data-done", "true", { timeout: 180_000 });
    await shot("phone-terminal");

    // Interrupted, sleep ends with 130 (128 + SIGINT); a ^C that reached an unrun line would end no command.
    await recordCommands(page);
    await page.keyboard.type("sleep 100");
    await page.keyboard.press("Enter");
    await expect(page.locator(".status-badge")).toHaveText(/Busy/);
    await page.getByRole("button", { name: "Ctrl+C" }).tap();
    await expect(page.locator(".status-badge")).toHaveText(/Ready/, { timeout: 20_000 });
    await commandEnded(page, "sleep 100", 130);

    // The sticky Ctrl: tapped, then a letter typed on the keyboard is Ctrl+that letter.
    await recordCommands(page);
    await page.keyboard.type("sleep 100");
    await page.keyboard.press("Enter");
    await expect(page.locator(".status-badge")).toHaveText(/Busy/);
    const ctrl = page.getByRole("button", { name: "Ctrl", exact: true });
    await ctrl.tap();
    await expect(ctrl).toHaveAttribute("aria-pressed", "true");
    await page.keyboard.type("c");
    await expect(ctrl).toHaveAttribute("aria-pressed", "false");
    await expect(page.locator(".status-badge")).toHaveText(/Ready/, { timeout: 20_000 });
    await commandEnded(page, "sleep 100", 130);

    await page.getByRole("tab", { name: "Lesson" }).tap();
    await shot("phone-lesson-step-passed");
    await page.setViewportSize({ width: 768, height: 1024 });
    await shot("tablet-portrait");
    await page.getByRole("tab", { name: "Terminal" }).tap();
    await expect(page.locator(".xterm-rows")).toContainText(PROMPT); // drawn at the new width
    await shot("tablet-portrait-terminal");
    await page.setViewportSize({ width: 1024, height: 768 });
    await shot("tablet-landscape");
  });
});

test("screen-reader mode: a visible setting, remembered; check results land in a live region", async ({ page }) => {
  await openSite(page);
  const setting = page.getByRole("checkbox", { name: "Screen reader mode" });
  await setting.check();
  await expect(page.locator(".xterm-accessibility")).toBeAttached();
  await page.reload();
  await waitForTerminal(page, PROMPT);
  await expect(setting).toBeChecked();
  await expect(page.locator(".xterm-accessibility")).toBeAttached();

  await expect(announcer(page)).toHaveAttribute("aria-live", "polite");
  await page.getByRole("button", { name: lesson.title }).click();
  await lessonReady(page);
  await page.getByRole("button", { name: "Check" }).click();
  await expect(announcer(page)).toContainText("Not yet:");
  await page.locator(".terminal-host").click();
  await page.keyboard.type("docker run hello-world");
  await page.keyboard.press("Enter");
  await expect(announcer(page)).toHaveText(/^Step 1 passed: /, { timeout: 180_000 });
});
