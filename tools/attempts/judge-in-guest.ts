// The corpus's guest part for one step: each guest attempt is typed into the real shell (wrong ones
// first: a right one may leave the step done), judged against the engine's state, and undone with
// its `undo`. check:lessons calls it at each step, before the step's solution leads on.

import type { GuestProbe } from "../../src/adapters/guest-probe.ts";
import type { NodeMachine } from "../../src/guest/node-machine.ts";
import { evaluateCheck } from "../../src/lessons/index.ts";
import { typeCommands } from "../type-commands.ts";
import type { Attempt } from "./corpus.ts";

const COMMAND_TIMEOUT_S = 300;

export interface AttemptsOutcome {
  passed: number;
  failed: number;
}

/** Judges ATTEMPTS (all of one step) on MACHINE; a hung command throws (the shell is unusable then). */
export async function judgeInGuest(attempts: readonly Attempt[], machine: NodeMachine, probe: GuestProbe, log: (line: string) => void): Promise<AttemptsOutcome> {
  const outcome: AttemptsOutcome = { passed: 0, failed: 0 };
  const fail = (where: string, why: string) => {
    outcome.failed++;
    log(`FAIL ${where}: ${why}`);
  };
  for (const a of [...attempts.filter((x) => !x.right), ...attempts.filter((x) => x.right)]) {
    const where = `${a.file}:${a.line} ${a.lesson.id} › ${a.step.id} ${a.right ? "right" : "wrong"}`;
    const started = Date.now();
    const commands = await typeCommands(machine.shell, a.lines, COMMAND_TIMEOUT_S);
    const result = await evaluateCheck(a.step.check, { commands, probe });
    if (result.error !== undefined) fail(where, `the machine could not be asked: ${result.error}`);
    else if (result.passed !== a.right) {
      const shown = commands.map((c) => `\n     $ ${c.commandLine} (exit ${c.exitCode})\n     ${c.output.trim().slice(-300).replace(/\n/g, "\n     ")}`).join("");
      fail(where, (a.right ? `refused: ${result.details.join(" ")}` : "passes") + shown);
    } else {
      outcome.passed++;
      log(`ok   ${where} (${Math.round((Date.now() - started) / 1000)} s): ${a.lines.join(" ⏎ ")}`);
    }
    for (const command of a.undo) {
      const { status, output } = await machine.agent.sh(command, COMMAND_TIMEOUT_S);
      if (status !== 0) fail(where, `undo \`${command}\` failed (exit ${status}): ${output.trim().slice(-300)}`);
    }
  }
  return outcome;
}
