// Helpers that read the page's terminal buffer and type into it, as a learner would.

import { expect } from "@playwright/test";
import type { Page } from "@playwright/test";
import { controlLetter, typedCommands } from "../src/lessons/index.ts";

export const PROMPT = "root@docker-sandbox:/lab#";

export async function terminalText(page: Page): Promise<string> {
  return page.evaluate(() => window.__sandbox?.terminalLines().join("\n") ?? "");
}

/** Waits until the terminal shows TEXT (or matches it). A timeout reports the terminal's last lines,
 *  so a CI log tells a slow command from a hung one. */
export async function waitForTerminal(page: Page, text: string | RegExp, timeout = 180_000): Promise<void> {
  await withTerminalTail(page, () =>
    expect
      .poll(async () => {
        const content = await terminalText(page);
        return typeof text === "string" ? content.includes(text) : text.test(content);
      }, { timeout, message: `terminal to show ${String(text)}` })
      .toBe(true),
  );
}

/** Runs WAIT; a timeout also reports the status, the guest's disk figures and the terminal's last lines. */
async function withTerminalTail(page: Page, wait: () => Promise<void>): Promise<void> {
  try {
    await wait();
  } catch (error) {
    const tail = (await terminalText(page).catch(() => "")).trimEnd().split("\n").slice(-20).join("\n");
    const status = await page.locator(".status-badge").textContent().catch(() => null);
    const disk = await page.evaluate(async () => JSON.stringify((await window.__sandbox?.session.stats())?.disk)).catch(() => "?");
    throw new Error(`${(error as Error).message}\n--- status: ${status ?? "?"}; disk: ${disk}; the terminal's last lines:\n${tail}`);
  }
}

export async function openSite(page: Page): Promise<void> {
  await page.goto(process.env.SITE_URL!);
  await waitForTerminal(page, PROMPT);
  await expect(page.locator(".status-badge")).toHaveText(/Ready/);
}

function commandsRun(page: Page): Promise<number> {
  return page.evaluate(() => window.__sandbox?.session.store.getState().commandsRun ?? 0);
}

/** What recordCommands keeps on the page's window. */
type EndedCommands = { endedCommands: { commandLine: string; exitCode: number }[] };

/**
 * Starts keeping, afresh, the commands the shell reports finished (line and exit code), for
 * commandEnded. A test that asks how a command ended, not how its terminal lines look, holds
 * when the shell redraws its line.
 */
export async function recordCommands(page: Page): Promise<void> {
  await page.evaluate(() => {
    const kept: EndedCommands["endedCommands"] = [];
    (window as unknown as EndedCommands).endedCommands = kept;
    window.__sandbox!.session.onCommand(({ commandLine, exitCode }) => kept.push({ commandLine, exitCode }));
  });
}

/** Waits until the shell reports COMMAND_LINE finished (after recordCommands) with EXIT_CODE. */
export async function commandEnded(page: Page, commandLine: string, exitCode: number, timeout = 60_000): Promise<void> {
  const ended = () => page.evaluate(() => (window as unknown as EndedCommands).endedCommands.map((c) => `${c.commandLine} -> ${c.exitCode}`));
  await withTerminalTail(page, () =>
    expect.poll(ended, { timeout, message: `"${commandLine}" to end with exit code ${exitCode}` }).toContain(`${commandLine} -> ${exitCode}`),
  );
}

/** Types a command and presses Enter, without waiting for it to finish. */
export async function startCommand(page: Page, command: string): Promise<void> {
  await page.locator(".terminal-host").click();
  await page.keyboard.type(command);
  await page.keyboard.press("Enter");
}

/**
 * How long a command may take. The first docker command of a first visit takes 50-75 s alone
 * in Chromium on a 2-core host (its disk comes over the network as the guest reads it), and the
 * suite runs two tests at once: 180 s ran out once beside another test's save.
 */
const COMMAND_TIMEOUT_MS = 300_000;

/** Types a command and waits until the shell reports it finished and shows a prompt again. */
export async function typeCommand(page: Page, command: string): Promise<void> {
  const before = await commandsRun(page);
  await startCommand(page, command);
  await withTerminalTail(page, () =>
    expect.poll(() => commandsRun(page), { timeout: COMMAND_TIMEOUT_MS, message: `"${command}" to finish` }).toBeGreaterThan(before),
  );
  await expect(page.locator(".status-badge")).toHaveText(/Ready/);
}

/** Waits until the terminal text has not changed for two seconds (a program waits for input). */
async function terminalQuiet(page: Page): Promise<void> {
  let last = await terminalText(page);
  let stableSince = Date.now();
  const started = Date.now();
  while (Date.now() - stableSince < 2000 && Date.now() - started < 30_000) {
    await page.waitForTimeout(250);
    const now = await terminalText(page);
    if (now !== last) [last, stableSince] = [now, Date.now()];
  }
}

/** Types a step's solution: each command, and the `#>` inputs into it while it runs. */
export async function typeSolution(page: Page, lines: readonly string[]): Promise<void> {
  for (const { line, input } of typedCommands(lines)) {
    if (input.length === 0) {
      await typeCommand(page, line);
      continue;
    }
    const before = await commandsRun(page);
    await startCommand(page, line);
    for (const { afterS, key } of input) {
      if (afterS !== undefined) await page.waitForTimeout(afterS * 1000);
      else await terminalQuiet(page);
      const letter = controlLetter(key);
      if (letter) await page.keyboard.press(`Control+${letter.toLowerCase()}`);
      else {
        await page.keyboard.type(key);
        await page.keyboard.press("Enter");
      }
    }
    await expect.poll(() => commandsRun(page), { timeout: 180_000, message: `"${line}" to finish` }).toBeGreaterThan(before);
  }
}

/** The terminal text after the last occurrence of COMMAND typed at the prompt. */
export async function outputOf(page: Page, command: string): Promise<string> {
  const text = await terminalText(page);
  const at = text.lastIndexOf(`${PROMPT} ${command}`);
  return at < 0 ? "" : text.slice(at + PROMPT.length + command.length + 1);
}
