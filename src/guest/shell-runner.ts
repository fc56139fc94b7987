// Runs commands in the guest's shell over a serial link and reports each one's output and
// exit status, using the shell-integration marks. Used by the harness, the build and tests.

import { PromptTracker } from "./prompt-cwd.ts";
import { plainText, ShellMarkParser } from "./shell-marks.ts";
import type { ShellMark } from "./shell-marks.ts";
import type { SerialLink } from "./serial-link.ts";

export interface CommandResult {
  command: string;
  /** The line as the shell reported running it (its 633;E mark); undefined if it sent none. */
  commandLine: string | undefined;
  /** The working directory its prompt showed, if it showed one. */
  cwd: string | undefined;
  exitCode: number;
  /** What the command printed, escape sequences removed. */
  output: string;
  seconds: number;
}

/** A wait that ran out: says what it waited for and what the guest printed last. */
export class GuestTimeoutError extends Error {
  constructor(what: string, seconds: number, lastOutput: string) {
    super(`timed out after ${seconds} s waiting for ${what}; last guest output:\n${plainText(lastOutput).slice(-800)}`);
    this.name = "GuestTimeoutError";
  }
}

type Waiter = { test: (mark: ShellMark) => boolean; resolve: () => void };

/** Bytes typed into a running command; without `afterS`, once its output has been quiet a moment. */
export interface RunInput {
  afterS?: number;
  bytes: string;
}

const QUIET_S = 2;
const QUIET_LIMIT_S = 20;
const sleep = (s: number) => new Promise((resolve) => setTimeout(resolve, s * 1000));
export class ShellRunner {
  private recent = "";
  private lastOutputAt = 0;
  private lastCommandLine: string | undefined;
  private readonly prompt = new PromptTracker();
  /** The running command's output; capture starts at its C mark, in the same parse step. */
  private capture: { armed: boolean; text: string[] } | undefined;
  private waiters: Waiter[] = [];
  private readonly parser: ShellMarkParser;
  private readonly unsubscribe: () => void;
  /** True while the shell shows a prompt and waits for input. */
  atPrompt = false;

  constructor(private readonly link: SerialLink) {
    this.parser = new ShellMarkParser({
      onText: (text) => {
        if (this.capture?.armed) this.capture.text.push(text);
        this.prompt.add(text);
      },
      onMark: (mark) => {
        if (mark.kind === "prompt-start") this.prompt.start();
        if (mark.kind === "prompt-end") {
          this.prompt.end();
          this.atPrompt = true;
        }
        if (mark.kind === "command-line") this.lastCommandLine = mark.commandLine;
        if (mark.kind === "output-start") {
          this.atPrompt = false;
          if (this.capture) this.capture.armed = true;
        }
        if (mark.kind === "command-end" && this.capture) this.capture.armed = false;
        for (const waiter of [...this.waiters]) {
          if (waiter.test(mark)) {
            this.waiters.splice(this.waiters.indexOf(waiter), 1);
            waiter.resolve();
          }
        }
      },
    });
    this.unsubscribe = link.onOutput((text) => {
      this.recent = (this.recent + text).slice(-4000);
      this.lastOutputAt = performance.now();
      this.parser.feed(text);
    });
  }

  /** Everything the guest printed lately (for error messages). */
  get lastOutput(): string {
    return this.recent;
  }

  private waitForMark(test: (mark: ShellMark) => boolean, what: string, timeoutS: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        test,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new GuestTimeoutError(what, timeoutS, this.recent));
      }, timeoutS * 1000);
      this.waiters.push(waiter);
    });
  }

  /** Waits until the shell shows a prompt; with `poke`, presses Enter first (after a restore). */
  async waitForPrompt(timeoutS: number, poke = false): Promise<void> {
    const prompt = this.waitForMark((m) => m.kind === "prompt-end", "the shell prompt", timeoutS);
    if (poke) this.link.send("\r");
    await prompt;
  }

  /**
   * Waits until the guest has printed something since `since` and then nothing for QUIET_S
   * seconds (an interactive program shows its prompt, then waits), at most QUIET_LIMIT_S.
   */
  private async quiet(since: number): Promise<void> {
    const limit = since + QUIET_LIMIT_S * 1000;
    while (performance.now() < limit && (this.lastOutputAt <= since || performance.now() - this.lastOutputAt < QUIET_S * 1000)) {
      await sleep(0.25);
    }
  }

  /**
   * Types one command line, then each input into it while it runs (as a learner answers an
   * interactive command or presses Ctrl+C), waits for it to finish and for the next prompt.
   */
  async run(command: string, timeoutS = 300, input: readonly RunInput[] = []): Promise<CommandResult> {
    if (!command.trim() || command.includes("\n")) {
      throw new Error("ShellRunner.run: give one non-empty command line");
    }
    const started = performance.now();
    const capture = { armed: false, text: [] as string[] };
    let exitCode = -1;
    const accepted = this.waitForMark((m) => m.kind === "output-start", `the shell to accept: ${command}`, 30);
    const finished = this.waitForMark(
      (m) => {
        if (m.kind !== "command-end") return false;
        exitCode = m.exitCode;
        return true;
      },
      `the end of: ${command}`,
      timeoutS,
    );
    const prompt = this.waitForMark((m) => m.kind === "prompt-end", `the prompt after: ${command}`, timeoutS);
    finished.catch(() => {});
    prompt.catch(() => {});
    this.atPrompt = false;
    this.capture = capture;
    this.lastCommandLine = undefined;
    const cwd = this.prompt.cwd;
    let ended = false;
    finished.then(() => (ended = true), () => {});
    try {
      this.link.send(`${command}\r`);
      await accepted;
      let since = performance.now();
      for (const { afterS, bytes } of input) {
        if (afterS !== undefined) await sleep(afterS);
        else await this.quiet(since);
        if (ended) break;
        this.link.send(bytes);
        since = performance.now();
      }
      await finished;
    } finally {
      this.capture = undefined;
    }
    await prompt;
    return {
      command,
      commandLine: this.lastCommandLine,
      cwd,
      exitCode,
      output: plainText(capture.text.join("")),
      seconds: (performance.now() - started) / 1000,
    };
  }

  dispose(): void {
    this.unsubscribe();
  }
}
