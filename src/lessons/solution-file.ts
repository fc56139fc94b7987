// solution.sh: the commands that solve a lesson, grouped by `# step: <id>` lines; and a static test
// that each step's solution at least types what the step's command checks ask for.

import { matchCommandLine } from "./command-match.ts";
import type { Check } from "./schema.ts";
import { verdictOf } from "./verdict.ts";
import type { Verdict } from "./verdict.ts";

export interface SolutionGroup {
  stepId: string;
  /** 1-based line of the `# step:` line. */
  line: number;
  /** Each non-empty, non-comment line: one command line typed at the prompt, or a `#>` input line. */
  commands: string[];
}

const GROUP = /^#\s*step:\s*(.*?)\s*$/;
const INPUT = /^#>\s*(?:after\s+(\d+(?:\.\d+)?)\s*s\s*:\s*)?(.*?)\s*$/;

/**
 * A `#>` line: what a learner types into the command above it while it runs (a line, or a control
 * key such as `Ctrl+C`), e.g. `#> exit` or `#> after 8 s: Ctrl+C`. Without `after`, it is typed
 * once the command's output has gone quiet.
 */
export interface TypedInput {
  afterS?: number;
  /** A text line (Enter is pressed after it) or "Ctrl+<letter>". */
  key: string;
}

export function parseTypedInput(line: string): TypedInput | undefined {
  const m = INPUT.exec(line.trim());
  if (!m || m[2] === "") return undefined;
  return { ...(m[1] !== undefined ? { afterS: Number(m[1]) } : {}), key: m[2] };
}

/** A step's solution lines as commands, each with the `#>` inputs typed into it while it runs. */
export function typedCommands(lines: readonly string[]): { line: string; input: TypedInput[] }[] {
  const commands: { line: string; input: TypedInput[] }[] = [];
  for (const line of lines) {
    const input = parseTypedInput(line);
    if (input) commands.at(-1)?.input.push(input);
    else commands.push({ line, input: [] });
  }
  return commands;
}

/** The letter of a control key such as "Ctrl+C" (upper case), or undefined for a text line. */
export function controlLetter(key: string): string | undefined {
  return /^Ctrl\+([A-Za-z])$/.exec(key)?.[1]?.toUpperCase();
}

/** The bytes a terminal sends for a typed input. */
export function inputBytes(input: TypedInput): string {
  const letter = controlLetter(input.key);
  return letter ? String.fromCharCode(letter.charCodeAt(0) - 64) : `${input.key}\r`;
}

export function parseSolutionFile(text: string): { groups: SolutionGroup[]; errors: { line: number; message: string }[] } {
  const groups: SolutionGroup[] = [];
  const errors: { line: number; message: string }[] = [];
  text.replace(/\r\n?/g, "\n").split("\n").forEach((raw, k) => {
    const line = k + 1;
    const text = raw.trim();
    const g = GROUP.exec(text);
    if (g) {
      if (g[1] === "") errors.push({ line, message: '"# step:" needs a step id, e.g. "# step: run-hello"' });
      else groups.push({ stepId: g[1], line, commands: [] });
    } else if (text.startsWith("#>")) {
      const group = groups.at(-1);
      if (!parseTypedInput(text)) errors.push({ line, message: '"#>" needs what to type, e.g. "#> exit" or "#> after 5 s: Ctrl+C"' });
      else if (!group || group.commands.length === 0) errors.push({ line, message: 'a "#>" line types into the command above it; put it after a command' });
      else group.commands.push(text);
    } else if (text === "" || text.startsWith("#")) {
      // Blank lines, comments and a shebang are not commands.
    } else if (groups.length === 0) {
      errors.push({ line, message: 'a command before the first "# step: <step-id>" line; every command belongs to a step' });
    } else {
      groups[groups.length - 1].commands.push(text);
    }
  });
  return { groups, errors };
}

/**
 * What a check says about typed commands alone: state checks are unknown (only the real machine can
 * tell), command checks pass when some line matches. Used to catch a solution.sh that cannot pass.
 */
export function staticVerdict(check: Check, commands: readonly string[]): Verdict {
  return verdictOf(check, (leaf) => {
    if (leaf.kind !== "command") return "unknown";
    // Solution lines are meant to succeed: for exitCode 0 the line's 0 must be the command's own.
    const exitCode = leaf.command.exitCode === 0 ? 0 : undefined;
    const matched = commands.some((c) => matchCommandLine(leaf.command.pattern, c, exitCode).kind === "match");
    if (!matched) return "fail";
    const exitOk = leaf.command.exitCode === 0 || leaf.command.exitCode === "any";
    return exitOk && !leaf.command.output ? "pass" : "unknown";
  });
}
