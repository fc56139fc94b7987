import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import type { Page } from "playwright-core";
import { CHROMIUM_ARGS } from "./bench-browser.ts";
import { serveStatic } from "./serve.ts";

const site = await serveStatic("dist", 0, "/sandbox/");
const profile = mkdtempSync(join(tmpdir(), "probe-"));
const context = await chromium.launchPersistentContext(profile, { executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS, headless: true });
const prompt = (page: Page) => page.waitForFunction(() => window.__sandbox?.session.store.getState().firstPromptSeconds !== undefined, null, { timeout: 300_000 });
const type = async (page: Page, cmd: string) => {
  const n = await page.evaluate(() => window.__sandbox!.session.store.getState().commandsRun ?? 0);
  await page.locator(".terminal-host").click();
  await page.keyboard.type(cmd);
  await page.keyboard.press("Enter");
  await page.waitForFunction((n) => (window.__sandbox!.session.store.getState().commandsRun ?? 0) > n, n, { timeout: 300_000 });
};
const saves = (page: Page) => page.evaluate(() => JSON.stringify(window.__sandbox!.session.store.getState().lastSave));
for (let visit = 0; visit < 3; visit++) {
  const page = await context.newPage();
  page.on("console", (m) => console.log(`console${visit}:`, m.text()));
  await page.goto(site.url);
  await prompt(page);
  console.log("visit", visit, await page.evaluate(() => JSON.stringify({ r: window.__sandbox!.session.store.getState().resumedFrom })));
  console.log((await page.locator(".xterm-rows").textContent())?.slice(0, 300));
  if (visit === 2) break;
  for (const cmd of (process.env.CMDS ?? "docker run --rm hello-world").split(";;")) await type(page, cmd);
  if (visit === 1) await page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  for (let i = 0; i < 3; i++) {
    await page.waitForTimeout(8000);
    console.log("save", i, await saves(page));
  }
  await page.close();
}
await context.close();
site.server.close();
