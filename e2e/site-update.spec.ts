// A new deploy: the page keeps running the build it was loaded from (a reload too), says a new
// version is ready, and switches whole when asked, with the learner's machine saved and resumed.

import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect, test } from "@playwright/test";
import type { BrowserContext, Page } from "@playwright/test";
import { openSiteProfile } from "./site-profile.ts";
import { outputOf, typeCommand, waitForTerminal } from "./terminal.ts";

/** A copy of dist/ that can be redeployed (the guest's folder linked, not copied). */
function deployableSite(): string {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-e2e-site-"));
  cpSync("dist", dir, { recursive: true, filter: (src) => resolve(src) !== resolve("dist/guest") });
  symlinkSync(resolve("dist/guest"), join(dir, "guest"));
  return dir;
}

/** A new build: a changed page, and a service worker with another version. */
function redeploy(dir: string): void {
  writeFileSync(join(dir, "index.html"), readFileSync(join(dir, "index.html"), "utf8").replace("<head>", '<head><meta name="build" content="two">'));
  const sw = readFileSync(join(dir, "sw.js"), "utf8");
  const versions = sw.match(/"[0-9a-f]{16}"/g) ?? [];
  expect(versions).toHaveLength(1);
  writeFileSync(join(dir, "sw.js"), sw.replace(versions[0]!, '"0123456789abcdef"'));
}

const build = (page: Page) => page.evaluate(() => document.querySelector('meta[name="build"]')?.getAttribute("content") ?? "one");
/** What the page keeps across a switch's reloads (src/offline/site-version.ts). */
const SWITCH_KEY = "docker-sandbox-switch-attempts";
const switchAttempts = (page: Page) => page.evaluate((key) => sessionStorage.getItem(key), SWITCH_KEY);

/** Where a switch stands, for a failure's message: the asks so far, the workers, a save under way, the document loaded. */
const switchState = (page: Page) =>
  page.evaluate(async (key) => {
    const registration = await navigator.serviceWorker.getRegistration();
    const state = window.__sandbox?.session.store.getState();
    return JSON.stringify({
      asks: sessionStorage.getItem(key),
      active: registration?.active?.state,
      waiting: registration?.waiting?.state,
      saving: state?.saving,
      saveError: state?.saveError,
      page: document.getElementById("root")?.textContent?.slice(0, 80),
      document: `${location.href} ${document.readyState} ${document.documentElement?.outerHTML.length} chars`,
      controlled: navigator.serviceWorker.controller?.scriptURL ?? null,
    });
  }, SWITCH_KEY);

/** A page of the deployed site, and the banner once a redeploy has been fetched. */
async function pageWithUpdate(url: string, dir: string, context: BrowserContext) {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
  redeploy(dir);
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
  const banner = page.getByRole("status").filter({ hasText: "A new version is ready" });
  await expect(banner).toBeVisible({ timeout: 60_000 });
  expect(await build(page)).toBe("one");
  return { page, banner };
}

test("a new deploy waits for the learner: the old build until Reload is clicked, then the new one with the machine as it was", async () => {
  const dir = deployableSite();
  const profile = await openSiteProfile(dir);
  try {
    const { page, banner } = await pageWithUpdate(profile.url, dir, profile.context);

    await page.reload();
    expect(await build(page)).toBe("one");
    await expect(banner).toBeVisible({ timeout: 60_000 });

    // Clicked while the machine downloads its disk (every request is an event for the old build's
    // worker, which the new one waits out), at once after a command: the machine is saved first.
    await expect(page.getByText(/Offline copy ([2-9]|\d\d) %/)).toBeVisible({ timeout: 120_000 });
    await typeCommand(page, "echo kept > /lab/before-update.txt");
    // Requests reach the old build's worker as the page asks the new one to take over, as the machine
    // worker's last disk chunks can: Chromium then gives up that activation (seen in CI).
    await page.evaluate(() => {
      const post = ServiceWorker.prototype.postMessage;
      ServiceWorker.prototype.postMessage = function (this: ServiceWorker, message: unknown) {
        post.call(this, message);
        for (let i = 0; i < 40; i++) setTimeout(() => void fetch(`during-switch?${i}`).catch(() => undefined), i * 5);
      };
    });
    await banner.getByRole("button", { name: "Reload" }).click();
    // The switch waits for a full save, whose compression runs beside two emulators in CI: 60 s ran out once (gzip then).
    await expect
      .poll(() => build(page).catch(() => "loading"), { timeout: 180_000 })
      .toBe("two")
      .catch(async (error: Error) => {
        throw new Error(`${error.message}\nswitch: ${await switchState(page).catch(String)}`);
      });
    await waitForTerminal(page, "Resumed your machine");
    await typeCommand(page, "cat /lab/before-update.txt");
    expect(await outputOf(page, "cat /lab/before-update.txt")).toContain("kept");
    expect(await switchAttempts(page)).toBeNull();
    // The switch's fallback load is marked in the address (src/offline/switch-load.ts); the page drops the mark.
    expect(page.url()).toBe(profile.url);
  } finally {
    await profile.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a switch whose reload still got the old build asks again from the reloaded page, a bounded number of times", async () => {
  const dir = deployableSite();
  const profile = await openSiteProfile(dir);
  try {
    const { page, banner } = await pageWithUpdate(profile.url, dir, profile.context);
    // Asked three times already: the page runs the build it has and offers the switch again.
    await page.evaluate((key) => sessionStorage.setItem(key, "3"), SWITCH_KEY);
    await page.reload();
    await expect(banner).toBeVisible({ timeout: 60_000 });
    expect(await build(page)).toBe("one");
    expect(await switchAttempts(page)).toBeNull();

    // Asked once, and the reload that followed loaded the old build: this page asks again.
    await page.evaluate((key) => sessionStorage.setItem(key, "1"), SWITCH_KEY);
    await page.reload();
    await expect.poll(() => build(page).catch(() => "loading"), { timeout: 60_000 }).toBe("two");
    await expect(page.getByRole("status").filter({ hasText: "A new version is ready" })).toBeHidden();
    expect(await switchAttempts(page)).toBeNull();
  } finally {
    await profile.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
