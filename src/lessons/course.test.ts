import { describe, expect, it } from "vitest";
import { loadCourse, validateCourse } from "./course.ts";
import { formatLessonError } from "./errors.ts";
import { readTree } from "./fixture-files.ts";
import { staticVerdict } from "./solution-file.ts";

describe("the real course in lessons/", () => {
  const files = readTree("lessons");
  const { course, errors } = loadCourse(files);

  it("parses with no errors", () => {
    expect(errors.map(formatLessonError)).toEqual([]);
    expect(course.lessons.map((l) => l.id)).toEqual([
      "docker-architecture",
      "first-container",
      "container-lifecycle",
      "images",
      "first-dockerfile",
      "dockerfile-instructions",
      "cmd-entrypoint",
      "ports",
      "storage",
      "networks",
      "compose",
      "registry",
      "cleanup",
    ]);
  });

  it("has complete steps: a section, hints and solution commands for each", () => {
    for (const lesson of course.lessons) {
      expect(lesson.intro).not.toBe("");
      for (const step of lesson.steps) {
        expect(step.body, `${lesson.id}/${step.id}`).not.toBe("");
        expect(step.hints.length, `${lesson.id}/${step.id}`).toBeGreaterThanOrEqual(2);
        expect(step.solution.length, `${lesson.id}/${step.id}`).toBeGreaterThan(0);
        // The solution types every command the check asks for; the machine decides the rest.
        expect(staticVerdict(step.check, step.solution), `${lesson.id}/${step.id}`).not.toBe("fail");
      }
    }
  });

  it("checks state, not only keystrokes, where the step changes state", () => {
    const kinds = (id: string) => course.lessons.flatMap((l) => l.steps).find((s) => s.id === id)!.check.kind;
    expect(kinds("pull-image")).toBe("all");
    expect(kinds("run-hello")).toBe("all");
    expect(kinds("remove-container")).toBe("not");
  });
});

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
