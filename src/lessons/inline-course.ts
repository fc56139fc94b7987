// Test helper: a small valid course written in memory, one command check per step.

import { loadCourse } from "./course.ts";
import type { Course } from "./course.ts";

export interface InlineLesson {
  /** Step id → the docker command that passes it. */
  steps: Record<string, string>;
  prerequisites?: string[];
}

/** Lessons in course order, keyed by id; the title is the id. Throws on anything the loader rejects. */
export function inlineCourse(lessons: Record<string, InlineLesson>): Course {
  const files: Record<string, string> = { "lessons/course.yaml": `format_version: 1\nlessons: [${Object.keys(lessons).join(", ")}]\n` };
  for (const [id, { steps, prerequisites = [] }] of Object.entries(lessons)) {
    const entries = Object.entries(steps);
    files[`lessons/${id}/lesson.md`] = [
      "---",
      `id: ${id}`,
      `title: ${id}`,
      "summary: A lesson.",
      `prerequisites: [${prerequisites.join(", ")}]`,
      "steps:",
      ...entries.flatMap(([step, command]) => [`  - id: ${step}`, `    title: ${step}`, `    check: { command: ${command} }`, "    hints: [Try.]"]),
      "---",
      "Intro.",
      ...entries.map(([step]) => `## ${step} {#${step}}\n`),
    ].join("\n");
    files[`lessons/${id}/solution.sh`] = entries.map(([step, command]) => `# step: ${step}\n${command}\n`).join("");
  }
  const { course, errors } = loadCourse(files);
  if (errors.length) throw new Error(`inline course: ${errors.map((e) => `${e.file}:${e.line} ${e.message}`).join("; ")}`);
  return course;
}
