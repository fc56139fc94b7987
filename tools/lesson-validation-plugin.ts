// Vite plugin: a broken lesson fails the build (and the dev server's start), naming file, line and
// key for every mistake at once.

import type { Plugin } from "vite";
import { formatLessonError, validateCourse } from "../src/lessons/index.ts";
import { readLessonFiles } from "./lesson-files.ts";

/** `lessonsDir`: the course folder; errors name files from its parent ("lessons/…/lesson.md"). */
export function lessonValidation(lessonsDir: string): Plugin {
  return {
    name: "lesson-validation",
    buildStart() {
      const errors = validateCourse(readLessonFiles(lessonsDir));
      if (errors.length) throw new Error(`the course has ${errors.length} error(s):\n${errors.map(formatLessonError).join("\n")}`);
    },
  };
}
