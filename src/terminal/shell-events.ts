// Turns the guest's terminal stream into what the app needs to know about the learner's shell:
// whether it waits at a prompt or runs a command, and each finished command with its output.

import { PromptTracker } from "../guest/prompt-cwd.ts";
import { plainText, ShellMarkParser } from "../guest/shell-marks.ts";
import type { CommandEvent } from "../lessons/probe.ts";

export type ShellState = "prompt" | "running";

export interface ShellEventHandlers {
  onState(state: ShellState): void;
  onCommand(event: CommandEvent): void;
  /** A command line was entered and runs now. */
  onCommandStart?(commandLine: string): void;
}

/** Feed it every chunk of terminal output; it calls back on prompts and finished commands. */
export function createShellEvents(handlers: ShellEventHandlers): { feed(chunk: string): void } {
  let commandLine: string | undefined;
  let output: string[] | undefined;
  let cwd: string | undefined;
  const prompt = new PromptTracker();
  const parser = new ShellMarkParser({
    onText: (text) => {
      output?.push(text);
      prompt.add(text);
    },
    onMark: (mark) => {
      switch (mark.kind) {
        case "command-line":
          commandLine = mark.commandLine;
          // The line was typed at the last prompt: its folder is the one relative paths start from.
          cwd = prompt.cwd;
          break;
        case "output-start":
          output = [];
          handlers.onState("running");
          if (commandLine !== undefined) handlers.onCommandStart?.(commandLine);
          break;
        case "command-end":
          if (output && commandLine !== undefined) {
            handlers.onCommand({ commandLine, exitCode: mark.exitCode, output: plainText(output.join("")), ...(cwd !== undefined ? { cwd } : {}) });
          }
          output = undefined;
          commandLine = undefined;
          break;
        case "prompt-end":
          prompt.end();
          handlers.onState("prompt");
          break;
        case "prompt-start":
          prompt.start();
          break;
      }
    },
  });
  return { feed: (chunk) => parser.feed(chunk) };
}
