// The corpus's guest part: the attempts that only the engine's state can judge, in the real guest, one
// restored machine per lesson, at most `--machines` (default 2, one per core) at once, each in its
// own process. (Its unit part runs in vitest: tools/attempts.test.ts.)
// usage: npm run -s check:attempts   or   npx tsx tools/check-attempts.ts [--machines N] [LESSON_ID ...]

import { formatLessonError, loadCourse } from "../src/lessons/index.ts";
import { loadCorpus, readCorpusFiles } from "./attempts/corpus.ts";
import { runGuestAttempts } from "./attempts/guest-lesson.ts";
import type { LessonOutcome } from "./attempts/guest-lesson.ts";
import { reportResult, runChild, takeOption } from "./child-run.ts";
import { readLessonFiles } from "./lesson-files.ts";

const args = process.argv.slice(2);
const option = (name: string) => takeOption(args, name);
const child = option("--lesson");
const machines = Number(option("--machines") ?? 2);

const { course, errors: courseErrors } = loadCourse(readLessonFiles());
const { attempts, errors } = loadCorpus(readCorpusFiles(), course);
if (courseErrors.length || errors.length) {
  for (const error of [...courseErrors, ...errors]) console.error(formatLessonError(error));
  process.exit(1);
}
const guest = attempts.filter((a) => a.guest);

if (child !== undefined) {
  const lesson = course.lessons.find((l) => l.id === child)!;
  const outcome = await runGuestAttempts(lesson, guest.filter((a) => a.lesson === lesson), (line) => console.log(line));
  reportResult(outcome);
  process.exit(0);
}

const unknown = args.filter((id) => !course.lessons.some((l) => l.id === id));
if (unknown.length || !(machines >= 1)) {
  console.error(unknown.length ? `check-attempts: no lesson with id ${unknown.join(", ")}` : "check-attempts: --machines takes a number ≥ 1");
  process.exit(1);
}
const lessons = course.lessons.filter((l) => (!args.length || args.includes(l.id)) && guest.some((a) => a.lesson === l));

/** One lesson in a process of its own (its emulator gets a core). */
async function runLesson(lessonId: string): Promise<LessonOutcome> {
  const { result, code } = await runChild<LessonOutcome>(process.argv[1]!, ["--lesson", lessonId]);
  if (result) return result;
  console.log(`FAIL ${lessonId}: its process ended (exit ${code}) without a result`);
  return { passed: 0, failed: 1 };
}

const started = Date.now();
const queue = [...lessons];
const total: LessonOutcome = { passed: 0, failed: 0 };
await Promise.all(
  Array.from({ length: Math.min(machines, queue.length) }, async () => {
    for (let lesson = queue.shift(); lesson; lesson = queue.shift()) {
      const begun = Date.now();
      const { passed, failed } = await runLesson(lesson.id);
      console.log(`— ${lesson.id}: ${Math.round((Date.now() - begun) / 1000)} s`);
      total.passed += passed;
      total.failed += failed;
    }
  }),
);
console.log(`\ncheck-attempts: ${guest.length} guest attempts in ${lessons.length} lessons, ${machines} machines at once, ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`${total.passed} judged right, ${total.failed} failed`);
process.exit(total.failed ? 1 : 0);
