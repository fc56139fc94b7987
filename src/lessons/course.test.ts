import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { parseCommandLine } from "./command-match.ts";
import type { ParsedCommand } from "./command-match.ts";
import { loadCourse, validateCourse } from "./course.ts";
import { formatLessonError } from "./errors.ts";
import { readTree } from "./fixture-files.ts";
import type { Check } from "./schema.ts";
import { staticVerdict } from "./solution-file.ts";

// The real course is checked by invariants only: a teacher adding, renaming or reordering lessons
// never has to edit this file.
describe("the real course in lessons/", () => {
  const files = readTree("lessons");
  const { course, errors } = loadCourse(files);
  const listed = (parseYaml(files.get("lessons/course.yaml")!) as { lessons: string[] }).lessons;
  const lessonFiles = [...files.keys()].filter((k) => /^lessons\/[^/]+\/lesson\.md$/.test(k));
  const steps = course.lessons.flatMap((lesson) => lesson.steps.map((step) => ({ step, at: `${lesson.id}/${step.id}` })));

  it("parses with no errors", () => {
    expect(errors.map(formatLessonError)).toEqual([]);
  });

  it("has every lesson folder, in course.yaml's order, each id once", () => {
    expect(course.lessons.map((l) => l.id)).toEqual(listed);
    expect(course.lessons.map((l) => `${l.dir}/lesson.md`).sort()).toEqual(lessonFiles.sort());
    expect(new Set(listed).size).toBe(listed.length);
    for (const lesson of course.lessons) expect(new Set(lesson.steps.map((s) => s.id)).size, lesson.id).toBe(lesson.steps.length);
  });

  it("lists prerequisites that come earlier in the course", () => {
    course.lessons.forEach((lesson, i) => {
      for (const pre of lesson.prerequisites) {
        expect(listed.indexOf(pre), `${lesson.id} needs ${pre}`).toBeGreaterThanOrEqual(0);
        expect(listed.indexOf(pre), `${lesson.id} needs ${pre}`).toBeLessThan(i);
      }
    });
  });

  it("has complete steps: a section, hints and solution commands for each", () => {
    for (const lesson of course.lessons) {
      expect(lesson.intro, lesson.id).not.toBe("");
      expect(lesson.steps.length, lesson.id).toBeGreaterThan(0);
      expect(files.has(`${lesson.dir}/solution.sh`), lesson.id).toBe(true);
    }
    for (const { step, at } of steps) {
      expect(step.body, at).not.toBe("");
      expect(step.hints.length, at).toBeGreaterThanOrEqual(2);
      expect(step.solution.length, at).toBeGreaterThan(0);
      // The solution types every command the check asks for; the machine decides the rest.
      expect(staticVerdict(step.check, step.solution), at).not.toBe("fail");
    }
  });

  it("checks state, not only keystrokes, where the step changes state", () => {
    for (const { step, at } of steps) {
      const changes = step.solution.flatMap((line) => parseCommandLine(line)).filter((c) => c.program === "docker").map(stateChange).filter((c) => c !== undefined);
      if (changes.length === 0) continue;
      const kinds = checkKinds(step.check);
      expect(kinds.some((k) => k !== "command" && k !== "all" && k !== "any"), `${at} only checks typed commands`).toBe(true);
      // Something gone can only be seen by a `not` check.
      if (changes.at(-1) === "removes") expect(kinds, `${at} removes something without a not: check`).toContain("not");
    }
  });
});

/** Whether a docker command leaves the machine with something new or something less. */
function stateChange(c: ParsedCommand): "creates" | "removes" | undefined {
  if (["container rm", "image rm", "volume rm", "network rm", "compose down"].includes(c.command)) return "removes";
  if (["image pull", "image tag", "image load", "image import", "volume create", "network create", "compose up"].includes(c.command)) return "creates";
  return c.command === "container run" && c.flags.some((f) => f.name === "detach") ? "creates" : undefined;
}

function checkKinds(check: Check): string[] {
  const inner = check.kind === "all" ? check.all : check.kind === "any" ? check.any : check.kind === "not" ? [check.not] : [];
  return [check.kind, ...inner.flatMap(checkKinds)];
}

describe("course-level mistakes", () => {
  const root = "src/lessons/fixtures/courses/broken/lessons";
  const at = (rest: string) => `${root}/${rest}`;

  it("reports every one at once, at its file and line", () => {
    expect(validateCourse(readTree(root), { root }).map(formatLessonError)).toEqual([
      `${at("a-alpha/lesson.md")}:1 no ${at("a-alpha/solution.sh")}: every lesson ships the commands that solve it, grouped by "# step: <step-id>"`,
      `${at("a-alpha/lesson.md")}:6 prerequisites[0]: "beta" comes after "alpha" in ${at("course.yaml")}; a prerequisite must come first`,
      `${at("a-alpha/lesson.md")}:7 prerequisites[1]: no lesson has id "nope"`,
      `${at("b-beta/lesson.md")}:5 files: folder ${at("b-beta/files/")} is missing or empty`,
      `${at("c-gamma/lesson.md")}:2 id: lesson "gamma" is not listed in ${at("course.yaml")}; add it to lessons: there`,
      `${at("course.yaml")}:5 lessons[2]: "alpha" is listed twice (also lessons[0])`,
      `${at("course.yaml")}:6 lessons[3]: no lesson has id "missing-one"; lesson ids found: alpha, beta, gamma`,
      `${at("d-delta/lesson.md")}:2 id: lesson id "beta" is also used by ${at("b-beta/lesson.md")}; lesson ids must be unique`,
    ]);
  });

  it("reports a missing or malformed course.yaml", () => {
    const lesson = readTree("src/lessons/fixtures/courses/good/lessons");
    const files = new Map([...lesson].filter(([k]) => !k.endsWith("course.yaml")));
    const root2 = "src/lessons/fixtures/courses/good/lessons";
    expect(validateCourse(files, { root: root2 }).map(formatLessonError)).toEqual([
      `${root2}/course.yaml:1 missing: it lists the lesson ids in order (format_version: 1, lessons: [...])`,
    ]);
    files.set(`${root2}/course.yaml`, "lessons: [only]\n");
    expect(validateCourse(files, { root: root2 }).map(formatLessonError)).toEqual([`${root2}/course.yaml:1 format_version: required; must be 1`]);
    files.set(`${root2}/course.yaml`, "format_version: 2\nlessons: [only]\nextra: 1\n");
    expect(validateCourse(files, { root: root2 }).map(formatLessonError)).toEqual([
      `${root2}/course.yaml:1 format_version: must be 1: the only lesson format version this site reads`,
      `${root2}/course.yaml:3 extra: unknown key "extra"; allowed keys: format_version, lessons`,
    ]);
  });

  it("seeds the files folder into /lab", () => {
    const root3 = "src/lessons/fixtures/courses/good/lessons";
    const { course, errors } = loadCourse(readTree(root3), { root: root3 });
    expect(errors).toEqual([]);
    const [lesson] = course.lessons;
    expect(lesson.seedFiles.map((f) => f.path)).toEqual(["/lab/Dockerfile", "/lab/app.py"]);
    expect(lesson.steps[0].show).toEqual({ panel: "editor", file: "/lab/Dockerfile" });
  });

  it("takes a plain object of files too", () => {
    const root3 = "src/lessons/fixtures/courses/good/lessons";
    expect(validateCourse(Object.fromEntries(readTree(root3)), { root: root3 })).toEqual([]);
  });
});
