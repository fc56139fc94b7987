// Benchmark part: the built site in headless Debian Chromium, first visit and repeat visit
// (same browser profile, so Cache Storage and the HTTP cache are warm the second time), and the
// docker commands typed into the page's terminal, as a learner waits for them.

import { readdirSync, readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import type { Page } from "playwright-core";
import { runBenchCommands } from "./bench-commands.ts";
import type { CommandFigures } from "./bench-commands.ts";
import { loadCourse, typedCommands } from "../src/lessons/index.ts";
import { readLessonFiles } from "./lesson-files.ts";
import { median } from "./median.ts";
import { serveStatic } from "./serve.ts";
import type { SaveResult } from "../src/guest/machine-protocol.ts";

export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"];

export interface BrowserFigures {
  pageToPromptS: number;
  pageToPromptRepeatS: number;
  firstVisitBytes: number;
  repeatVisitBytes: number;
  /** The same commands as the Node figures, typed into the page's terminal on the repeat visit. */
  commands: CommandFigures;
  /** Bytes the page downloaded while the first docker command ran (disk chunks the prompt did not need). */
  pageDockerRunFirstBytes: number;
  pageDockerRunFirstChunkWaitS: number;
  /** Median wait for a lesson step's verdict after its command (lesson 2). */
  pageCheckS: number;
  /** Peak resident memory of the tab: its renderer process holds the page and the emulator's worker. */
  pageMemoryBytes: number;
  /** How long the guest stood still for one save after lessons 2–5's solutions ran, then how long its ports were held while it dropped its file cache. */
  saveS: number;
  saveHeldS: number;
  /** That save's stored (zstd) bytes, its state's bytes before compression, and the running machine's state before its clean file cache was left out. */
  savedBytes: number;
  savedRawBytes: number;
  savedFullRawBytes: number;
  /** Of its state before compression: the memory left to the built state (held as zeros), and the disk's written sectors. */
  savedBaseBytes: number;
  savedDiskBytes: number;
  /** That save from the request to stored: the worker compresses and writes while the guest runs. */
  saveTotalS: number;
  /** A reload with that save: navigation to the resumed machine's prompt. */
  resumeToPromptS: number;
  /** Then the first `docker run --rm hello-world` on the resumed machine, whose file cache the save left out. */
  resumeDockerRunS: number;
  /** Then the save when the page is hidden (the one a closed tab resumes from): stored and raw bytes. */
  savedCompactBytes: number;
  savedCompactRawBytes: number;
  /** A new page in the same profile after that save: navigation to the resumed machine's prompt. */
  resumeCompactToPromptS: number;
  /** Then, lesson 5 open again (a lesson that builds) and a minute's reading, the first build of that machine. */
  pageDockerBuildAfterReadS: number;
}

/** A learner reading a lesson before its first command: the page's warm-ups run meanwhile. */
const READING_MS = 60_000;

type Timing = { exitCode: number; seconds: number };

/**
 * Types COMMAND into the terminal and times it, on the page's clock: without STEP, from the
 * Enter key's keydown to the shell's end-of-command mark; with STEP (a lesson step's id), from
 * that mark to the step shown as passed, which is the wait for the lesson's verdict.
 */
async function typeTimed(page: Page, command: string, step?: string, mustSucceed = true): Promise<number> {
  await page.locator(".terminal-host").click();
  await page.keyboard.type(command);
  await page.evaluate((step) => {
    const w = window as unknown as { __benchDone?: Promise<Timing> };
    w.__benchDone = new Promise((resolve) => {
      let enteredAt = 0;
      document.addEventListener("keydown", (e) => e.key === "Enter" && (enteredAt = performance.now()), { capture: true, once: true });
      const off = window.__sandbox!.session.onCommand((event) => {
        off();
        const endedAt = performance.now();
        if (step === undefined) return resolve({ exitCode: event.exitCode, seconds: (endedAt - enteredAt) / 1000 });
        // Polled, not observed: React may render the step's item anew.
        const poll = setInterval(() => {
          if (document.querySelector(`li[data-step="${step}"]`)?.getAttribute("data-done") !== "true") return;
          clearInterval(poll);
          resolve({ exitCode: event.exitCode, seconds: (performance.now() - endedAt) / 1000 });
        }, 10);
      });
    });
  }, step);
  await page.keyboard.press("Enter");
  const done = await page.evaluate(
    (step) =>
      Promise.race([
        (window as unknown as { __benchDone: Promise<Timing> }).__benchDone,
        new Promise<never>((_, reject) =>
          setTimeout(() => {
            const item = step && document.querySelector(`li[data-step="${step}"]`);
            reject(new Error(item ? `step ${step} not passed after 120 s: ${item.textContent?.slice(0, 300)}` : "no end-of-command mark after 120 s"));
          }, 120_000),
        ),
      ]),
    step,
  );
  if (mustSucceed && done.exitCode !== 0) throw new Error(`bench: "${command}" failed in the page (exit ${done.exitCode})`);
  return done.seconds;
}

/**
 * Lesson 2 in the page, each step's solution typed: the median wait from the prompt's return
 * after a step's last command to the step shown as passed. Steps that type into a running
 * program are left out (their last command ends by a key, not by itself).
 */
async function measureVerdicts(page: Page): Promise<number> {
  const lesson = loadCourse(readLessonFiles()).course.lessons.find((l) => l.id === "first-container")!;
  await page.getByRole("button", { name: lesson.title, exact: true }).click();
  await page.getByText("Preparing the machine for this lesson…").waitFor({ state: "hidden", timeout: 120_000 });
  const waits: number[] = [];
  for (const step of lesson.steps) {
    const commands = typedCommands(step.solution);
    if (commands.some(({ input }) => input.length)) continue;
    for (const [i, { line }] of commands.entries()) {
      if (i < commands.length - 1) await typeTimed(page, line);
      else waits.push(await typeTimed(page, line, step.id));
    }
  }
  return median(waits);
}

/**
 * Lessons 3–5 in the page after lesson 2, each step's solution typed (steps that type into a running
 * program left out, and exit statuses not required: a left-out step may leave a later one failing).
 */
async function runLessons(page: Page, ids: string[]): Promise<void> {
  const { lessons } = loadCourse(readLessonFiles()).course;
  for (const id of ids) {
    const lesson = lessons.find((l) => l.id === id)!;
    await page.getByRole("button", { name: "All lessons" }).click();
    await page.getByRole("button", { name: lesson.title, exact: true }).click();
    await page.getByText("Preparing the machine for this lesson…").waitFor({ state: "hidden", timeout: 120_000 });
    for (const step of lesson.steps) {
      const commands = typedCommands(step.solution);
      if (commands.some(({ input }) => input.length)) continue;
      for (const { line } of commands) await typeTimed(page, line, undefined, false);
    }
  }
}

/** Waits for a save begun from now on (after TRIGGER, if any) to be stored; the worker's figures for it. */
async function nextSave(page: Page, trigger?: () => Promise<void>): Promise<SaveResult> {
  const since = await page.evaluate(() => Date.now());
  await trigger?.();
  await page.waitForFunction(
    (since) => {
      const s = window.__sandbox!.session.store.getState();
      if (s.saveError) throw new Error(s.saveError);
      return !s.saving && (s.lastSave?.labAt ?? 0) > since;
    },
    since,
    { timeout: 300_000, polling: 100 },
  );
  return page.evaluate(() => window.__sandbox!.session.store.getState().lastSave!);
}

/** Hides the page as a switch to another tab does; the save a page hidden for good keeps. */
async function hiddenSave(page: Page): Promise<SaveResult> {
  const first = await nextSave(page, () =>
    page.evaluate(() => {
      Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
      document.dispatchEvent(new Event("visibilitychange"));
    }),
  );
  // The whole state, the page's own questions having ended the guest's cache drop: the autosave tries once more.
  return first.rawBytes === first.fullRawBytes ? nextSave(page) : first;
}

/** Chromium's renderer processes (children of the browser started for PROFILE) by peak RSS. */
function peakRendererBytes(profile: string): number {
  let peak = 0;
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (!cmdline.includes("--type=renderer") || !cmdline.includes(profile)) continue;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (hwm) peak = Math.max(peak, Number(hwm[1]) * 1024);
    } catch {
      // The process ended while we looked.
    }
  }
  return peak;
}

/** Seconds the machine's disk reads have waited for chunks so far. */
async function chunkWaitSeconds(page: Page): Promise<number> {
  return page.evaluate(async () => (await window.__sandbox!.session.stats()).disk.waitSeconds);
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
  const toPrompt = async (page: Page) => {
    await page.waitForFunction(() => window.__sandbox?.session.store.getState().firstPromptSeconds !== undefined, null, {
      timeout: 300_000,
      polling: 50,
    });
    return page.evaluate(() => window.__sandbox!.session.store.getState().firstPromptSeconds!);
  };
  const visit = async (work?: (page: Page) => Promise<void>) => {
    const before = site.bytesSent();
    const page = await context.newPage();
    await page.goto(site.url);
    const seconds = await toPrompt(page);
    const bytes = site.bytesSent() - before;
    await work?.(page);
    await page.close();
    return { seconds, bytes };
  };
  try {
    const first = await visit();
    let commands: CommandFigures | undefined;
    let pageMemoryBytes = 0;
    let pageCheckS = 0;
    let pageDockerRunFirstBytes = 0;
    let pageDockerRunFirstChunkWaitS = 0;
    let save: SaveResult | undefined;
    let resumeToPromptS = 0;
    let resumeDockerRunS = 0;
    let compact: SaveResult | undefined;
    const repeat = await visit(async (page) => {
      let first = true;
      commands = await runBenchCommands(async (command) => {
        const before = site.bytesSent();
        const waitedBefore = first ? await chunkWaitSeconds(page) : 0;
        const seconds = await typeTimed(page, command);
        if (first) {
          pageDockerRunFirstBytes = site.bytesSent() - before;
          pageDockerRunFirstChunkWaitS = (await chunkWaitSeconds(page)) - waitedBefore;
          first = false;
        }
        return seconds;
      });
      pageCheckS = await measureVerdicts(page);
      await runLessons(page, ["container-lifecycle", "images", "first-dockerfile"]);
      await typeTimed(page, "true");
      save = await nextSave(page);
      pageMemoryBytes = peakRendererBytes(profile);
      await page.reload();
      resumeToPromptS = await toPrompt(page);
      if (!(await page.evaluate(() => window.__sandbox!.session.store.getState().resumedFrom))) throw new Error("bench: the reload did not resume the saved machine");
      // A page resumed and left alone is saved already: a command makes the hidden page save again.
      resumeDockerRunS = await typeTimed(page, "docker run --rm hello-world");
      compact = await hiddenSave(page);
    });
    let pageDockerBuildAfterReadS = 0;
    const resumedCompact = await visit(async (page) => {
      const { resumedFrom, notice } = await page.evaluate(() => window.__sandbox!.session.store.getState());
      if (resumedFrom !== compact!.savedAt) throw new Error(`bench: the new page did not resume the hidden page's save (of ${compact!.savedAt}): resumed ${resumedFrom}, notice ${notice}`);
      // The stored progress opens lesson 5 again, whose solutions build: the page warms BuildKit while the learner reads.
      await page.waitForTimeout(READING_MS);
      await typeTimed(page, `mkdir -p /lab/bench-read && cd /lab/bench-read && printf 'FROM busybox\\nRUN echo read > /built\\nCMD ["cat", "/built"]\\n' > Dockerfile`);
      pageDockerBuildAfterReadS = await typeTimed(page, "docker build -q -t bench-read .");
      const warmUp = await page.evaluate(() => window.__sandbox!.session.agent()?.request("file", ["/run/sandbox-warmup.log"]).then((answer) => answer.text()));
      // This machine has run no container either: its warm-up runs one, then the lint-only build (an
      // earlier machine's log, kept in the save, would not hold both).
      if (!warmUp?.includes("Hello from Docker!") || !warmUp.includes("Check complete")) {
        throw new Error(`bench: the page's warm-ups did not run before the build after reading: ${warmUp}`);
      }
    });
    return {
      pageToPromptS: first.seconds,
      pageToPromptRepeatS: repeat.seconds,
      firstVisitBytes: first.bytes,
      repeatVisitBytes: repeat.bytes,
      commands: commands!,
      pageCheckS,
      pageDockerRunFirstBytes,
      pageDockerRunFirstChunkWaitS,
      pageMemoryBytes,
      saveS: save!.pausedSeconds,
      saveHeldS: save!.heldSeconds,
      savedBytes: save!.bytes,
      savedRawBytes: save!.rawBytes,
      savedFullRawBytes: save!.fullRawBytes,
      savedBaseBytes: save!.baseBytes,
      savedDiskBytes: save!.diskBytes,
      saveTotalS: save!.seconds,
      resumeToPromptS,
      resumeDockerRunS,
      savedCompactBytes: compact!.bytes,
      savedCompactRawBytes: compact!.rawBytes,
      resumeCompactToPromptS: resumedCompact.seconds,
      pageDockerBuildAfterReadS,
    };
  } finally {
    await context.close();
    site.server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
