// The course as the page ships it: every file under lessons/, bundled as text at build time
// (the build has already validated them; see tools/lesson-validation-plugin.ts).

import { loadCourse } from "../lessons/index.ts";
import type { Course } from "../lessons/index.ts";

// exhaustive: a lesson's starting files may be dotfiles such as .dockerignore.
const files = import.meta.glob("/lessons/**/*", { query: "?raw", import: "default", eager: true, exhaustive: true }) as Record<string, string>;

export function bundledCourse(): Course {
  const { course, errors } = loadCourse(new Map(Object.entries(files).map(([path, text]) => [path.replace(/^\//, ""), text])));
  if (errors.length) throw new Error(`the course has errors; the build should have caught them: ${errors.length} errors`);
  return course;
}
