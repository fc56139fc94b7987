// Every lesson proves itself in the real guest: in course order on a restored machine (as a
// learner would go through the course), each lesson's setup runs, its first step must fail,
// then each step's solution commands are typed and the step must pass. The course is cut into
// `--machines` (default 2, one per core) runs of consecutive lessons, each on its own machine in
// its own process.
// usage: npm run -s check:lessons [-- [--machines N] LESSON_ID ...]   (default: every lesson)

import { DEFAULT_GUEST_DIR, startToPrompt } from "../src/guest/node-machine.ts";
import { GuestProbe } from "../src/adapters/guest-probe.ts";
import { startLesson } from "../src/adapters/lesson-start.ts";
import { evaluateCheck, formatLessonError, loadCourse } from "../src/lessons/index.ts";
import type { Lesson } from "../src/lessons/index.ts";
import { reportResult, runChild, takeOption } from "./child-run.ts";
import { readLessonFiles } from "./lesson-files.ts";
import { typeCommands } from "./type-commands.ts";

interface Outcome { passes: number; failures: number }

const args = process.argv.slice(2);
const option = (name: string) => takeOption(args, name);
const part = option("--part");
const machines = Number(option("--machines") ?? 2);
const { course, errors } = loadCourse(readLessonFiles());
if (errors.length) {
  for (const error of errors) console.error(formatLessonError(error));
  process.exit(1);
}
const unknown = args.filter((id) => !course.lessons.some((l) => l.id === id));
if (unknown.length || !(machines >= 1)) {
  console.error(unknown.length ? `check-lessons: no lesson with id ${unknown.join(", ")}` : "check-lessons: --machines takes a number ≥ 1");
  process.exit(1);
}

if (part !== undefined) {
  reportResult(await checkInOrder(course.lessons.filter((l) => part.split(",").includes(l.id))));
  process.exit(0);
}

const lessons = course.lessons.filter((l) => !args.length || args.includes(l.id));
const started = Date.now();
const outcomes = await Promise.all(
  runs(lessons, machines).map(async (run): Promise<Outcome> => {
    const { result, code } = await runChild<Outcome>(process.argv[1]!, ["--part", run.map((l) => l.id).join(",")]);
    if (result) return result;
    console.log(`FAIL ${run[0]!.id}…: its process ended (exit ${code}) without a result`);
    return { passes: 0, failures: 1 };
  }),
);
const passes = outcomes.reduce((n, o) => n + o.passes, 0);
const failures = outcomes.reduce((n, o) => n + o.failures, 0);
console.log(`\ncheck-lessons: ${lessons.length} lessons in ${Math.round((Date.now() - started) / 1000)} s, ${machines} machines at once`);
console.log(`${passes} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);

/** LESSONS cut into at most N runs of consecutive lessons with about as many steps each. */
function runs(lessons: Lesson[], n: number): Lesson[][] {
  const total = lessons.reduce((sum, l) => sum + l.steps.length, 0);
  const out: Lesson[][] = [[]];
  let steps = 0;
  for (const lesson of lessons) {
    if (out.at(-1)!.length && steps >= (total * out.length) / n && out.length < n) out.push([]);
    out.at(-1)!.push(lesson);
    steps += lesson.steps.length;
  }
  return out;
}

/** LESSONS one after the other on one restored machine. */
async function checkInOrder(lessons: Lesson[]): Promise<Outcome> {
  let machine = await startToPrompt(DEFAULT_GUEST_DIR, "restore");
  let failures = 0;
  let passes = 0;

  for (const lesson of lessons) {
    const fail = (where: string, why: string) => {
      failures++;
      console.log(`FAIL ${lesson.id} › ${where}: ${why}`);
    };
    const { agent } = machine;
    const probe = new GuestProbe(agent);
    try {
      await startLesson(agent, lesson);
    } catch (error) {
      fail("setup", (error as Error).message);
      continue;
    }
    let step: (typeof lesson.steps)[number] | undefined;
    try {
      const first = lesson.steps[0]!;
      const before = await evaluateCheck(first.check, { commands: [], probe });
      if (before.passed) fail(first.id, "passes before the learner did anything");
      for (step of lesson.steps) {
        const commands = await typeCommands(machine.shell, step.solution);
        const result = await evaluateCheck(step.check, { commands, probe });
        if (result.passed) {
          passes++;
          console.log(`ok   ${lesson.id} › ${step.id}`);
        } else {
          const last = commands.at(-1);
          fail(step.id, `its solution does not pass: ${[...result.details, result.error ?? ""].filter(Boolean).join("; ")}` +
            (last ? `\n     last command: ${last.commandLine} (exit ${last.exitCode})\n     ${last.output.trim().slice(-400).replace(/\n/g, "\n     ")}` : ""));
        }
      }
    } catch (error) {
      // A hung command leaves the shell unusable: report it and give the next lesson a fresh machine.
      fail(step?.id ?? "first check", (error as Error).message);
      await machine.stop();
      machine = await startToPrompt(DEFAULT_GUEST_DIR, "restore");
    }
  }
  await machine.stop();
  return { passes, failures };
}
