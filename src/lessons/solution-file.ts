// solution.sh: the commands that solve a lesson, grouped by `# step: <id>` lines; and a static test
// that each step's solution at least types what the step's command checks ask for.

import { matchCommandLine } from "./command-match.ts";
import type { Check } from "./schema.ts";

export interface SolutionGroup {
  stepId: string;
  /** 1-based line of the `# step:` line. */
  line: number;
  /** Each non-empty, non-comment line: one command line typed at the prompt. */
  commands: string[];
}

const GROUP = /^#\s*step:\s*(.*?)\s*$/;

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

export type Verdict = "pass" | "fail" | "unknown";

/**
 * What a check says about typed commands alone: state checks are unknown (only the real machine can
 * tell), command checks pass when some line matches. Used to catch a solution.sh that cannot pass.
 */
export function staticVerdict(check: Check, commands: readonly string[]): Verdict {
  switch (check.kind) {
    case "command": {
      const matched = commands.some((c) => matchCommandLine(check.command.pattern, c).kind === "match");
      if (!matched) return "fail";
      const exitOk = check.command.exitCode === 0 || check.command.exitCode === "any";
      return exitOk && !check.command.output ? "pass" : "unknown";
    }
    case "all": {
      const v = check.all.map((c) => staticVerdict(c, commands));
      return v.includes("fail") ? "fail" : v.includes("unknown") ? "unknown" : "pass";
    }
    case "any": {
      const v = check.any.map((c) => staticVerdict(c, commands));
      return v.includes("pass") ? "pass" : v.includes("unknown") ? "unknown" : "fail";
    }
    case "not": {
      const v = staticVerdict(check.not, commands);
      return v === "pass" ? "fail" : v === "fail" ? "pass" : "unknown";
    }
    default:
      return "unknown";
  }
}
