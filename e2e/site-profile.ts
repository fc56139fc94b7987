// A browser profile of its own and a server of its own, for tests that close the page, reopen
// it in the same profile, or take the network away (stop the server).

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import type { BrowserContext } from "@playwright/test";
import { CHROMIUM_ARGS } from "../tools/bench-browser.ts";
import { serveStatic } from "../tools/serve.ts";
import type { StaticSite } from "../tools/serve.ts";

export interface SiteProfile {
  context: BrowserContext;
  url: string;
  /** Takes the site off the network: the server stops and drops its connections. */
  goOffline(): Promise<void>;
  /** Brings the site back at the same address. */
  goOnline(): Promise<void>;
  close(): Promise<void>;
}

/** DIR: the built site to serve (default dist/). */
export async function openSiteProfile(dir = "dist"): Promise<SiteProfile> {
  let site: StaticSite = await serveStatic(dir, 0, "/course/docker/");
  const profileDir = mkdtempSync(join(tmpdir(), "sandbox-e2e-profile-"));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 720 },
  });
  const stopServer = () =>
    new Promise<void>((resolve) => {
      site.server.close(() => resolve());
      site.server.closeAllConnections();
    });
  return {
    context,
    url: site.url,
    goOffline: stopServer,
    async goOnline() {
      site = await serveStatic(dir, Number(new URL(site.url).port), "/course/docker/");
    },
    async close() {
      await context.close();
      if (site.server.listening) await stopServer();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
