// Every lesson proves itself in the real guest: in course order on a restored machine (as a
// learner would go through the course), each lesson's setup runs, its first step must fail,
// then at each step the corpus's guest attempts (tests/attempts/) are typed and judged, and the
// step's solution commands are typed and the step must pass. The course is shared out among
// `--machines` (default 2, one per core), each on its own machine in its own process, taking its
// lessons in course order; every lesson's setup makes it start from any machine, as a learner may.
// usage: npm run -s check:lessons [-- [--machines N] [--no-attempts] LESSON_ID ...]   (default: every lesson)

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { ChunkedDisk } from "../src/guest/chunked-disk.ts";
import { DEFAULT_GUEST_DIR, startToPrompt } from "../src/guest/node-machine.ts";
import { GuestProbe } from "../src/adapters/guest-probe.ts";
import { startLesson } from "../src/adapters/lesson-start.ts";
import { evaluateCheck, formatLessonError, loadCourse } from "../src/lessons/index.ts";
import type { Lesson } from "../src/lessons/index.ts";
import { judgeInGuest } from "./attempts/judge-in-guest.ts";
import { loadCorpus, readCorpusFiles } from "./attempts/corpus.ts";
import { reportResult, runChild, takeFlag, takeOption } from "./child-run.ts";
import { readLessonFiles } from "./lesson-files.ts";
import { typeCommands } from "./type-commands.ts";

/** Steps whose solution passed, guest attempts judged right, everything that failed, and each lesson's seconds. */
interface Outcome { passes: number; attempts: number; failures: number; seconds: Record<string, number> }

// Each lesson's time in the last run here: lesson 9's builds take as long as eight other lessons,
// which no count of steps foresees. Outside the clone, like the guest; a missing file falls back to steps.
const SECONDS_FILE = join(process.env.SANDBOX_CACHE ?? join(homedir(), ".cache", "docker-sandbox"), "check-lessons-seconds.json");

const args = process.argv.slice(2);
const option = (name: string) => takeOption(args, name);
const part = option("--part");
const machines = Number(option("--machines") ?? 2);
const withAttempts = !takeFlag(args, "--no-attempts");
const { course, errors } = loadCourse(readLessonFiles());
if (errors.length) {
  for (const error of errors) console.error(formatLessonError(error));
  process.exit(1);
}
// The corpus's mistakes (a lesson of a teacher's without attempts among them) fail check:attempts, not this.
const corpus = withAttempts ? loadCorpus(readCorpusFiles(), course) : { attempts: [], errors: [] };
if (corpus.errors.length && part === undefined) console.log(`check-lessons: tests/attempts has ${corpus.errors.length} mistakes (npm run check:attempts names them); judging the attempts that load`);
const guestAttempts = corpus.attempts.filter((a) => a.guest);
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
const measured = readSeconds();
const started = Date.now();
const outcomes = await Promise.all(
  runs(lessons, machines, measured).map(async (run): Promise<Outcome> => {
    const { result, code } = await runChild<Outcome>(process.argv[1]!, ["--part", run.map((l) => l.id).join(","), ...(withAttempts ? [] : ["--no-attempts"])]);
    if (result) return result;
    console.log(`FAIL ${run.map((l) => l.id).join(", ")}: its process ended (exit ${code}) without a result`);
    return { passes: 0, attempts: 0, failures: 1, seconds: {} };
  }),
);
writeSeconds(Object.assign(measured, ...outcomes.map((o) => o.seconds)));
const sum = (key: "passes" | "attempts" | "failures") => outcomes.reduce((n, o) => n + o[key], 0);
console.log(`\ncheck-lessons: ${lessons.length} lessons in ${Math.round((Date.now() - started) / 1000)} s, ${machines} machines at once`);
console.log(`${sum("passes")} steps passed, ${sum("attempts")} guest attempts judged right, ${sum("failures")} failed`);
process.exit(sum("failures") ? 1 : 0);

/** LESSONS shared out among at most N runs with about as much work each (the longest first, each to
 *  the run with the least so far); each run in course order. Work is the MEASURED time of every
 *  lesson when all have one, else steps and guest attempts. */
function runs(lessons: Lesson[], n: number, measured: Record<string, number>): Lesson[][] {
  const timed = lessons.every((l) => measured[l.id] !== undefined);
  const work = (l: Lesson) => (timed ? measured[l.id]! : l.steps.length + guestAttempts.filter((a) => a.lesson === l).length);
  const out = Array.from({ length: Math.min(n, lessons.length) }, () => ({ lessons: [] as Lesson[], work: 0 }));
  for (const lesson of [...lessons].sort((a, b) => work(b) - work(a))) {
    const least = out.reduce((a, b) => (b.work < a.work ? b : a));
    least.lessons.push(lesson);
    least.work += work(lesson);
  }
  return out.map((run) => lessons.filter((l) => run.lessons.includes(l)));
}

function readSeconds(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(SECONDS_FILE, "utf8")) as Record<string, number>;
  } catch {
    return {};
  }
}

function writeSeconds(seconds: Record<string, number>): void {
  mkdirSync(dirname(SECONDS_FILE), { recursive: true });
  writeFileSync(SECONDS_FILE, JSON.stringify(seconds, null, 1) + "\n");
}

/** LESSONS one after the other on one restored machine. */
async function checkInOrder(lessons: Lesson[]): Promise<Outcome> {
  const partStarted = Date.now();
  // No warm-up: the course starts at once, and the page starts the warm-up only after a quiet moment.
  let machine = await startToPrompt(DEFAULT_GUEST_DIR, "restore", { warm: false });
  const outcome: Outcome = { passes: 0, attempts: 0, failures: 0, seconds: {} };
  // Each lesson's time, and the run's, show how evenly `runs` shares out the course.
  const seconds = (since: number) => Math.round((Date.now() - since) / 1000);

  for (const lesson of lessons) {
    const lessonStarted = Date.now();
    const fail = (where: string, why: string) => {
      outcome.failures++;
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
        const attempts = guestAttempts.filter((a) => a.step === step);
        const judged = await judgeInGuest(attempts, machine, probe, (line) => console.log(line));
        outcome.attempts += judged.passed;
        outcome.failures += judged.failed;
        const commands = await typeCommands(machine.shell, step.solution);
        const result = await evaluateCheck(step.check, { commands, probe });
        if (result.passed) {
          outcome.passes++;
          console.log(`ok   ${lesson.id} › ${step.id}`);
        } else {
          const last = commands.at(-1);
          // A right attempt without an undo leaves the step done; a wrong one whose undo falls short leaves a trace.
          const after = attempts.length ? ` (after ${attempts.length} attempts: does one lack an undo?)` : "";
          fail(step.id, `its solution does not pass${after}: ${[...result.details, result.error ?? ""].filter(Boolean).join("; ")}` +
            (last ? `\n     last command: ${last.commandLine} (exit ${last.exitCode})\n     ${last.output.trim().slice(-400).replace(/\n/g, "\n     ")}` : ""));
        }
      }
    } catch (error) {
      // A hung command leaves the shell unusable: report it and give the next lesson a fresh machine.
      fail(step?.id ?? "first check", (error as Error).message);
      await machine.stop();
      machine = await startToPrompt(DEFAULT_GUEST_DIR, "restore", { warm: false });
    }
    outcome.seconds[lesson.id] = seconds(lessonStarted);
    // What the course leaves written tells how much of the learner's writable space it needs (images/stages/fit-disk.sh).
    const written = machine.disk instanceof ChunkedDisk ? `, ${(machine.disk.writtenBytes / 1e6).toFixed(0)} MB of disk written on this machine` : "";
    console.log(`time ${lesson.id}: ${outcome.seconds[lesson.id]} s${written}`);
  }
  await machine.stop();
  console.log(`time ${lessons.map((l) => l.id).join(", ")}: ${seconds(partStarted)} s on one machine`);
  return outcome;
}
