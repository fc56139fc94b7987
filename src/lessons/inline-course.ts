// Test helper: a small valid course written in memory, one command check per step unless a step says otherwise.

import { loadCourse } from "./course.ts";
import type { Course } from "./course.ts";

/** A step with any check: `check` is its YAML (one line, flow style), `solution` its solution.sh lines. */
export interface InlineStep {
  check: string;
  solution: string[];
}

export interface InlineLesson {
  /** Step id → the docker command that passes it, or its check and solution. */
  steps: Record<string, string | InlineStep>;
  prerequisites?: string[];
}

/** Lessons in course order, keyed by id; the title is the id. Throws on anything the loader rejects. */
export function inlineCourse(lessons: Record<string, InlineLesson>): Course {
  const files: Record<string, string> = { "lessons/course.yaml": `format_version: 1\nlessons: [${Object.keys(lessons).join(", ")}]\n` };
  for (const [id, { steps, prerequisites = [] }] of Object.entries(lessons)) {
    const entries = Object.entries(steps).map(([step, s]) => [step, typeof s === "string" ? { check: `{ command: ${s} }`, solution: [s] } : s] as const);
    files[`lessons/${id}/lesson.md`] = [
      "---",
      `id: ${id}`,
      `title: ${id}`,
      "summary: A lesson.",
      `prerequisites: [${prerequisites.join(", ")}]`,
      "steps:",
      ...entries.flatMap(([step, { check }]) => [`  - id: ${step}`, `    title: ${step}`, `    check: ${check}`, "    hints: [Try.]"]),
      "---",
      "Intro.",
      ...entries.map(([step]) => `## ${step} {#${step}}\n`),
    ].join("\n");
    files[`lessons/${id}/solution.sh`] = entries.map(([step, { solution }]) => `# step: ${step}\n${solution.join("\n")}\n`).join("");
  }
  const { course, errors } = loadCourse(files);
  if (errors.length) throw new Error(`inline course: ${errors.map((e) => `${e.file}:${e.line} ${e.message}`).join("; ")}`);
  return course;
}
