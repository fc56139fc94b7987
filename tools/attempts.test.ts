// The corpus's unit part (npm run check:attempts; check:lessons judges the guest part): every attempt whose
// verdict depends only on its command lines and their recorded output, judged by the real engine.

import { describe, expect, it } from "vitest";
import { formatLessonError, loadCourse } from "../src/lessons/index.ts";
import { loadCorpus, readCorpusFiles } from "./attempts/corpus.ts";
import { recordedVerdict } from "./attempts/recorded-verdict.ts";
import { readLessonFiles } from "./lesson-files.ts";

const { course } = loadCourse(readLessonFiles());
const { attempts, errors } = loadCorpus(readCorpusFiles(), course);

it("the corpus is well-formed and covers every step", () => {
  expect(errors.map(formatLessonError)).toEqual([]);
});

describe.each(course.lessons.map((l) => l.id))("%s", (lessonId) => {
  const unit = attempts.filter((a) => a.lesson.id === lessonId && !a.guest);
  it.each(unit.map((a) => [`${a.file}:${a.line} ${a.step.id} ${a.right ? "right" : "wrong"}: ${a.lines.join(" ⏎ ")}`, a] as const))("%s", async (_, a) => {
    const verdict = await recordedVerdict(
      a.step.check,
      a.commands.map((c) => ({ commandLine: c.line, exitCode: c.exitCode, output: c.output })),
    );
    if (a.right) expect(verdict, "a right attempt is refused by its commands").not.toBe("fail");
    else expect(verdict, verdict === "unknown" ? "only the machine's state can refuse it: add guest: true" : "a wrong attempt passes").toBe("fail");
  });
});
