// A browser profile of its own and a server of its own, for tests that close the page, reopen
// it in the same profile, take the network away (stop the server) or serve a site copied halfway.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
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
  /**
   * Answers requests whose path PICK accepts with the site's own page, as a static host that serves
   * index.html for every missing file does; without PICK, serves every file again.
   */
  answerWithPage(pick?: (path: string) => boolean): void;
  close(): Promise<void>;
}

/** DIR: the built site to serve (default dist/). */
export async function openSiteProfile(dir = "dist"): Promise<SiteProfile> {
  let pageFor: ((path: string) => boolean) | undefined;
  const serve = async (port: number) => {
    const served = await serveStatic(dir, port, "/course/docker/");
    const [files] = served.server.listeners("request") as ((...args: unknown[]) => void)[];
    served.server.removeAllListeners("request");
    served.server.on("request", (req: IncomingMessage, res: ServerResponse) => {
      if (pageFor?.(req.url ?? "")) res.writeHead(200, { "Content-Type": "text/html" }).end(readFileSync(join(dir, "index.html")));
      else files!.call(served.server, req, res);
    });
    return served;
  };
  let site: StaticSite = await serve(0);
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
      site = await serve(Number(new URL(site.url).port));
    },
    answerWithPage(pick) {
      pageFor = pick;
    },
    async close() {
      await context.close();
      if (site.server.listening) await stopServer();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
