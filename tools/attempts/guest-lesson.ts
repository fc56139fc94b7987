// The corpus's guest part for one lesson, on one restored machine: the lesson starts as in the page;
// at each step every guest attempt is typed and judged against the engine's state, its undo puts the
// machine back, then the step's solution leads on to the next step.

import { GuestProbe } from "../../src/adapters/guest-probe.ts";
import { startLesson } from "../../src/adapters/lesson-start.ts";
import { DEFAULT_GUEST_DIR, startToPrompt } from "../../src/guest/node-machine.ts";
import { evaluateCheck } from "../../src/lessons/index.ts";
import type { Lesson } from "../../src/lessons/index.ts";
import { typeCommands } from "../type-commands.ts";
import type { Attempt } from "./corpus.ts";

const COMMAND_TIMEOUT_S = 300;

export interface LessonOutcome {
  passed: number;
  failed: number;
}

export async function runGuestAttempts(lesson: Lesson, attempts: readonly Attempt[], log: (line: string) => void): Promise<LessonOutcome> {
  const outcome: LessonOutcome = { passed: 0, failed: 0 };
  const fail = (where: string, why: string) => {
    outcome.failed++;
    log(`FAIL ${where}: ${why}`);
  };
  const machine = await startToPrompt(DEFAULT_GUEST_DIR, "restore");
  try {
    await startLesson(machine.agent, lesson);
    const probe = new GuestProbe(machine.agent);
    for (const step of lesson.steps) {
      // Wrong attempts first: a right one may leave the step done, which its solution then tolerates.
      const ofStep = attempts.filter((x) => x.step === step);
      for (const a of [...ofStep.filter((x) => !x.right), ...ofStep.filter((x) => x.right)]) {
        const where = `${a.file}:${a.line} ${lesson.id} › ${step.id} ${a.right ? "right" : "wrong"}`;
        const started = Date.now();
        const commands = await typeCommands(machine.shell, a.lines, COMMAND_TIMEOUT_S);
        const result = await evaluateCheck(step.check, { commands, probe });
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
      const solved = await evaluateCheck(step.check, { commands: await typeCommands(machine.shell, step.solution, COMMAND_TIMEOUT_S), probe });
      if (!solved.passed) {
        fail(`${lesson.id} › ${step.id}`, `its solution does not pass after the attempts (does one lack an undo?): ${solved.details.join(" ")}`);
        break;
      }
    }
  } catch (error) {
    // A hung command leaves the shell unusable: the rest of this lesson is not judged.
    fail(lesson.id, (error as Error).message);
  } finally {
    await machine.stop();
  }
  return outcome;
}
