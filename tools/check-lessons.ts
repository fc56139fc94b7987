// Every lesson proves itself in the real guest: in course order, on one restored machine (as a
// learner would go through the course), each lesson's setup runs, its first step must fail,
// then each step's solution commands are typed and the step must pass.
// usage: npm run -s check:lessons [-- LESSON_ID ...]   (default: every lesson)

import { DEFAULT_GUEST_DIR, startToPrompt } from "../src/guest/node-machine.ts";
import { GuestProbe } from "../src/adapters/guest-probe.ts";
import { startLesson } from "../src/adapters/lesson-start.ts";
import { evaluateCheck, formatLessonError, loadCourse } from "../src/lessons/index.ts";
import { readLessonFiles } from "./lesson-files.ts";
import { typeCommands } from "./type-commands.ts";

const only = process.argv.slice(2);
const { course, errors } = loadCourse(readLessonFiles());
if (errors.length) {
  for (const error of errors) console.error(formatLessonError(error));
  process.exit(1);
}
const unknown = only.filter((id) => !course.lessons.some((l) => l.id === id));
if (unknown.length) {
  console.error(`check-lessons: no lesson with id ${unknown.join(", ")}`);
  process.exit(1);
}
const lessons = course.lessons.filter((l) => !only.length || only.includes(l.id));

let machine = await startToPrompt(DEFAULT_GUEST_DIR, "restore");
let failures = 0;
let passes = 0;
const started = Date.now();

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
console.log(`\ncheck-lessons: ${lessons.length} lessons in ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`${passes} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
