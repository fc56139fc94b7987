// Loads a whole course from file contents (lessons/course.yaml and every lessons/<dir>/lesson.md),
// cross-checks lessons against each other and returns every error at once. Pure: no file system.

import { formatPath, sortErrors, zodErrorMessages } from "./errors.ts";
import type { LessonError } from "./errors.ts";
import { parseLesson } from "./lesson-parser.ts";
import type { Lesson, ParsedLesson } from "./lesson-parser.ts";
import { CourseSchema } from "./schema.ts";
import { parseYamlLocated } from "./yaml-locate.ts";
import { issuesToErrors } from "./zod-issues.ts";

export interface Course {
  formatVersion: 1;
  /** In course order. */
  lessons: Lesson[];
}

export interface LoadCourseOptions {
  /** The folder the file paths start with. Default "lessons". */
  root?: string;
}

/** File path → text, e.g. from a build script's directory walk or Vite's `import.meta.glob(…, { query: "?raw" })`. */
export type CourseFiles = ReadonlyMap<string, string> | Readonly<Record<string, string>>;

/**
 * Parse and cross-check a course. `course` holds every lesson that parsed, in course order (lessons
 * that failed are left out), so a dev server can still show the rest; a build fails when `errors` is
 * not empty.
 */
export function loadCourse(files: CourseFiles, options: LoadCourseOptions = {}): { course: Course; errors: LessonError[] } {
  const root = (options.root ?? "lessons").replace(/\/+$/, "");
  const all = new Map<string, string>();
  for (const [k, v] of files instanceof Map ? files : Object.entries(files)) all.set(k.replace(/^\.\//, "").replace(/\\/g, "/"), v);
  const errors: LessonError[] = [];
  const courseFile = `${root}/course.yaml`;

  // Every <root>/<dir>/lesson.md is a lesson.
  const parsed: { dir: string; file: string; result: ParsedLesson }[] = [];
  const lessonFile = new RegExp(`^${escapeRegExp(root)}/([^/]+)/lesson\\.md$`);
  for (const path of [...all.keys()].sort()) {
    const m = lessonFile.exec(path);
    if (!m) continue;
    const dir = `${root}/${m[1]}`;
    const solution = all.get(`${dir}/solution.sh`);
    const result = parseLesson(path, all.get(path)!, solution, `${dir}/solution.sh`);
    errors.push(...result.errors);
    if (solution === undefined) {
      errors.push({ file: path, line: 1, path: "", message: `no ${dir}/solution.sh: every lesson ships the commands that solve it, grouped by "# step: <step-id>"` });
    }
    parsed.push({ dir, file: path, result });
  }

  // Lesson ids must be unique; attach seed files.
  const byId = new Map<string, { file: string; result: ParsedLesson; lesson: Lesson }>();
  for (const p of parsed) {
    const lesson = p.result.lesson;
    if (!lesson) continue;
    const other = byId.get(lesson.id);
    if (other) {
      errors.push({ file: p.file, line: p.result.lineOf(["id"]), path: "id", message: `lesson id "${lesson.id}" is also used by ${other.file}; lesson ids must be unique` });
      continue;
    }
    if (lesson.files !== undefined) {
      const prefix = `${p.dir}/${lesson.files}/`;
      lesson.seedFiles = [...all.keys()]
        .filter((k) => k.startsWith(prefix))
        .sort()
        .map((k) => ({ path: `/lab/${k.slice(prefix.length)}`, content: all.get(k)! }));
      if (lesson.seedFiles.length === 0) {
        errors.push({ file: p.file, line: p.result.lineOf(["files"]), path: "files", message: `folder ${prefix} is missing or empty` });
      }
    }
    byId.set(lesson.id, { file: p.file, result: p.result, lesson });
  }

  // course.yaml: the order, every lesson listed once, nothing missing.
  const order: string[] = [];
  const courseText = all.get(courseFile);
  if (courseText === undefined) {
    errors.push({ file: courseFile, line: 1, path: "", message: "missing: it lists the lesson ids in order (format_version: 1, lessons: [...])" });
  } else {
    const yaml = parseYamlLocated(courseText);
    for (const e of yaml.syntaxErrors) errors.push({ file: courseFile, line: e.line, path: "", message: `YAML syntax: ${e.message}` });
    if (yaml.syntaxErrors.length === 0) {
      const c = CourseSchema.safeParse(yaml.data ?? {}, { error: zodErrorMessages });
      if (!c.success) errors.push(...issuesToErrors(c.error.issues, CourseSchema, courseFile, yaml.lineOf));
      else {
        const seen = new Map<string, number>();
        c.data.lessons.forEach((id, i) => {
          const at = { file: courseFile, line: yaml.lineOf(["lessons", i]), path: formatPath(["lessons", i]) };
          if (seen.has(id)) errors.push({ ...at, message: `"${id}" is listed twice (also lessons[${seen.get(id)}])` });
          else if (!byId.has(id) && !parsed.some((p) => p.result.id === id)) {
            errors.push({ ...at, message: `no lesson has id "${id}"; lesson ids found: ${[...byId.keys()].join(", ") || "none"}` });
          }
          if (!seen.has(id)) seen.set(id, i);
          if (byId.has(id) && order.indexOf(id) < 0) order.push(id);
        });
        for (const [id, l] of byId) {
          if (!seen.has(id)) {
            errors.push({ file: l.file, line: l.result.lineOf(["id"]), path: "id", message: `lesson "${id}" is not listed in ${courseFile}; add it to lessons: there` });
          }
        }
      }
    }
  }

  // Prerequisites must exist and come earlier in the course.
  const knownIds = new Set(parsed.map((p) => p.result.id).filter((id) => id !== undefined));
  for (const { file, result, lesson } of byId.values()) {
    lesson.prerequisites.forEach((pre, k) => {
      const at = { file, line: result.lineOf(["prerequisites", k]), path: formatPath(["prerequisites", k]) };
      if (!knownIds.has(pre)) errors.push({ ...at, message: `no lesson has id "${pre}"` });
      else if (order.includes(lesson.id) && order.includes(pre) && order.indexOf(pre) > order.indexOf(lesson.id)) {
        errors.push({ ...at, message: `"${pre}" comes after "${lesson.id}" in ${courseFile}; a prerequisite must come first` });
      }
    });
  }

  return { course: { formatVersion: 1, lessons: order.map((id) => byId.get(id)!.lesson) }, errors: sortErrors(errors) };
}

/** Every error in a course, for a build script: `validateCourse(files).map(formatLessonError)`. */
export function validateCourse(files: CourseFiles, options: LoadCourseOptions = {}): LessonError[] {
  return loadCourse(files, options).errors;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
