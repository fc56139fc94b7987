import { availableParallelism, totalmem } from "node:os";
import { defineConfig } from "@playwright/test";

// Debian's Chromium (Playwright's own browser download is not available here). The flags keep
// it from reaching for Google's services on a closed network.
export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  // Tests with several starts and saves take minutes: resume.spec's new page in the same profile
  // (three starts, each with its warm-up once quiet) 6.4 min, offline.spec (two visits, the whole
  // disk copied) 5.5 min on a slow 2-core host.
  timeout: 600_000,
  expect: { timeout: 120_000 },
  // One test per core, as the other real-guest suites. Each test then takes 1.3–2 times as long,
  // the suite about 18.5 min against 22 with one worker on 2 cores (BENCHMARKS.md). (On an older,
  // slower host, offline.spec's download of the whole disk starved a second page past 180 s.)
  // A tab peaks near 3 GB. Tests, not files, are shared out.
  workers: Math.max(1, Math.min(availableParallelism(), Math.floor(totalmem() / 2 ** 32))),
  fullyParallel: true,
  reporter: [["list"]],
  globalSetup: "./e2e/global-setup.ts",
  use: {
    viewport: { width: 1280, height: 720 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      // --liftoff-only: V8 keeps the wasm that v86 generates at its first tier. Its default, moving hot
      // modules up to TurboFan on background threads, made each page here about 3 times slower than
      // Node (first `docker run` 98 s against 31 s, BENCHMARKS.md) and two pages starved each other past
      // every timeout. These tests check what the page does; `npm run bench` measures stock Chromium.
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--js-flags=--liftoff-only"],
    },
  },
});
