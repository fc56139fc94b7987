// Types command lines into a machine's shell as a learner would (solution.sh syntax: `#>` lines are
// typed into the command above), and returns what the page's shell integration would report.

import type { ShellRunner } from "../src/guest/shell-runner.ts";
import { inputBytes, typedCommands } from "../src/lessons/index.ts";
import type { CommandEvent } from "../src/lessons/index.ts";

export async function typeCommands(shell: ShellRunner, lines: readonly string[], timeoutS = 600): Promise<CommandEvent[]> {
  const events: CommandEvent[] = [];
  for (const { line, input } of typedCommands(lines)) {
    const keys = input.map((i) => ({ ...(i.afterS !== undefined ? { afterS: i.afterS } : {}), bytes: inputBytes(i) }));
    const result = await shell.run(line, timeoutS, keys);
    // Checks see the line as the shell reported it, as they do in the page.
    if (result.commandLine === undefined) throw new Error(`the shell sent no command-line mark for: ${line}`);
    events.push({ commandLine: result.commandLine, exitCode: result.exitCode, output: result.output, ...(result.cwd !== undefined ? { cwd: result.cwd } : {}) });
  }
  return events;
}
