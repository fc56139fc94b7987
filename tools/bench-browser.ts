// Benchmark part: the built site in headless Debian Chromium, first visit and repeat visit
// (same browser profile, so Cache Storage and the HTTP cache are warm the second time).

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { serveStatic } from "./serve.ts";

export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"];

export interface BrowserFigures {
  pageToPromptS: number;
  pageToPromptRepeatS: number;
  firstVisitBytes: number;
  repeatVisitBytes: number;
}

export async function measureBrowser(distDir: string): Promise<BrowserFigures> {
  const site = await serveStatic(distDir, 0, "/");
  const profile = mkdtempSync(join(tmpdir(), "sandbox-bench-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 720 },
  });
  const visit = async () => {
    const before = site.bytesSent();
    const page = await context.newPage();
    await page.goto(site.url);
    await page.waitForFunction(() => window.__sandbox?.session.store.getState().firstPromptSeconds !== undefined, null, {
      timeout: 300_000,
      polling: 50,
    });
    const seconds = await page.evaluate(() => window.__sandbox!.session.store.getState().firstPromptSeconds!);
    const bytes = site.bytesSent() - before;
    await page.close();
    return { seconds, bytes };
  };
  try {
    const first = await visit();
    const repeat = await visit();
    return { pageToPromptS: first.seconds, pageToPromptRepeatS: repeat.seconds, firstVisitBytes: first.bytes, repeatVisitBytes: repeat.bytes };
  } finally {
    await context.close();
    site.server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
