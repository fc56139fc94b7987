// Parses one lesson folder's lesson.md (frontmatter + prose) and solution.sh into a Lesson, or
// into located errors: `<file>:<line> <key.path>: <message>`.

import { formatPath, sortErrors, zodErrorMessages } from "./errors.ts";
import type { LessonError, PathSegment } from "./errors.ts";
import { splitSections } from "./markdown-sections.ts";
import { FrontmatterSchema } from "./schema.ts";
import type { Check, Show } from "./schema.ts";
import { parseSolutionFile, staticVerdict } from "./solution-file.ts";
import { parseYamlLocated } from "./yaml-locate.ts";
import { issuesToErrors } from "./zod-issues.ts";

export interface Step {
  /** Stable id: progress is stored by it. */
  id: string;
  title: string;
  /** The prose section's heading text (without `## ` and `{#id}`). */
  heading: string;
  /** The prose section's Markdown. */
  body: string;
  check: Check;
  /** Markdown, revealed one at a time. */
  hints: string[];
  /** The pane to open when the step becomes current; `file` is absolute (/lab/...). */
  show?: Show;
  /** The command lines that solve this step, from solution.sh. */
  solution: string[];
}

/** A file copied into /lab before the first step. */
export interface SeedFile {
  /** Absolute path, e.g. "/lab/Dockerfile". */
  path: string;
  content: string;
}

export interface Lesson {
  id: string;
  title: string;
  summary: string;
  prerequisites: string[];
  /** Shell commands that clear an earlier attempt's leftovers; nothing to do on an untouched machine. */
  cleanup: string[];
  /** Shell commands to run in the machine before the first step, after the cleanup, always. */
  setup: string[];
  /** The pane to open when the lesson starts; `file` is absolute (/lab/...). */
  show?: Show;
  /** Markdown before the first step section. */
  intro: string;
  steps: Step[];
  /** The lesson's folder, e.g. "lessons/02-first-container". */
  dir: string;
  /** The frontmatter's `files` folder (relative to dir), if any. */
  files?: string;
  /** Contents of the `files` folder; filled in by loadCourse. */
  seedFiles: SeedFile[];
}

export interface ParsedLesson {
  lesson: Lesson | null;
  /** The frontmatter's id when it is readable, even if the lesson has errors. */
  id?: string;
  errors: LessonError[];
  /** File line of a frontmatter key path (for errors found later, at course level). */
  lineOf(path: readonly PathSegment[]): number;
}

/**
 * Parse lesson.md text. `solutionText` is solution.sh's content: without it the steps get no solution
 * commands and solution.sh is not checked (loadCourse requires it).
 */
export function parseLesson(fileName: string, text: string, solutionText?: string, solutionFileName?: string): ParsedLesson {
  const errors: LessonError[] = [];
  const err = (line: number, path: readonly PathSegment[] | string, message: string, file = fileName) =>
    errors.push({ file, line, path: typeof path === "string" ? path : formatPath(path), message });
  const dir = fileName.includes("/") ? fileName.slice(0, fileName.lastIndexOf("/")) : ".";
  const solutionFile = solutionFileName ?? `${dir}/solution.sh`;

  const lines = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split("\n");
  const close = lines[0]?.trimEnd() === "---" ? lines.findIndex((l, k) => k > 0 && /^(---|\.\.\.)\s*$/.test(l)) : -1;
  if (close < 0) {
    err(1, "", "lesson.md must start with YAML frontmatter: a line `---`, the lesson's keys, then a closing line `---`");
    return { lesson: null, errors, lineOf: () => 1 };
  }
  // YAML line n is file line n + 1 (the opening `---` is line 1).
  const yaml = parseYamlLocated(lines.slice(1, close).join("\n"));
  const lineOf = (path: readonly PathSegment[]) => yaml.lineOf(path) + 1;
  for (const e of yaml.syntaxErrors) err(e.line + 1, "", `YAML syntax: ${e.message}`);
  if (yaml.syntaxErrors.length > 0) return { lesson: null, errors, lineOf };

  const rawId = (yaml.data as { id?: unknown } | null)?.id;
  const id = typeof rawId === "string" ? rawId : undefined;
  const parsed = FrontmatterSchema.safeParse(yaml.data ?? {}, { error: zodErrorMessages });
  if (!parsed.success) {
    errors.push(...issuesToErrors(parsed.error.issues, FrontmatterSchema, fileName, lineOf));
    return { lesson: null, id, errors, lineOf };
  }
  const fm = parsed.data;

  // Keys that zod checks one at a time cannot see: uniqueness and paths.
  const firstIndex = new Map<string, number>();
  fm.steps.forEach((s, i) => {
    const first = firstIndex.get(s.id);
    if (first === undefined) firstIndex.set(s.id, i);
    else err(lineOf(["steps", i, "id"]), ["steps", i, "id"], `duplicate step id "${s.id}" (also steps[${first}].id); step ids must be unique in a lesson`);
  });
  if (fm.files !== undefined && !isPlainRelative(fm.files)) {
    err(lineOf(["files"]), ["files"], `"${fm.files}" must be a folder inside the lesson folder, e.g. "files" (no leading /, no ..)`);
  }
  const absoluteShow = (show: Show | undefined, path: PathSegment[]): Show | undefined => {
    if (show?.file === undefined) return show;
    if (!isPlainRelative(show.file)) {
      err(lineOf([...path, "file"]), [...path, "file"], `"${show.file}" must be a file under /lab, written relative to it, e.g. "Dockerfile" or "hello/Dockerfile"`);
    }
    return { ...show, file: `/lab/${show.file}` };
  };
  const lessonShow = absoluteShow(fm.show, ["show"]);
  const stepShows = fm.steps.map((s, i) => absoluteShow(s.show, ["steps", i, "show"]));

  // Prose: one `## Title {#step-id}` section per step, nothing else at that level.
  const { intro, sections } = splitSections(lines.slice(close + 1).join("\n"), close + 2);
  const sectionOf = new Map<string, (typeof sections)[number]>();
  for (const s of sections) {
    if (s.id === null) {
      err(s.line, "", `"## ${s.heading}" names no step: end the heading with {#step-id}, or use ### for a sub-heading`);
    } else if (!firstIndex.has(s.id)) {
      err(s.line, "", `section {#${s.id}} names no step; steps are: ${[...firstIndex.keys()].join(", ")}`);
    } else if (sectionOf.has(s.id)) {
      err(s.line, "", `second section for step "${s.id}" (the first is at line ${sectionOf.get(s.id)!.line}); each step has exactly one`);
    } else {
      sectionOf.set(s.id, s);
    }
  }
  fm.steps.forEach((s, i) => {
    if (!sectionOf.has(s.id) && firstIndex.get(s.id) === i) {
      err(lineOf(["steps", i, "id"]), ["steps", i, "id"], `step "${s.id}" has no section in the prose; add a heading "## ${s.title} {#${s.id}}"`);
    }
  });

  const solutions = new Map<string, string[]>();
  if (solutionText !== undefined) {
    const sol = parseSolutionFile(solutionText);
    for (const e of sol.errors) err(e.line, "", e.message, solutionFile);
    const groupLine = new Map<string, number>();
    for (const g of sol.groups) {
      if (!firstIndex.has(g.stepId)) {
        err(g.line, "", `"# step: ${g.stepId}" names no step in lesson.md; steps are: ${[...firstIndex.keys()].join(", ")}`, solutionFile);
      } else if (groupLine.has(g.stepId)) {
        err(g.line, "", `second "# step: ${g.stepId}" group (the first is at line ${groupLine.get(g.stepId)}); merge them`, solutionFile);
      } else if (g.commands.length === 0) {
        err(g.line, "", `"# step: ${g.stepId}" has no commands; every step's solution must be typeable`, solutionFile);
      } else {
        groupLine.set(g.stepId, g.line);
        solutions.set(g.stepId, g.commands);
        const step = fm.steps[firstIndex.get(g.stepId)!];
        if (staticVerdict(step.check, g.commands) === "fail") {
          err(g.line, "", `the commands for step "${g.stepId}" cannot pass its check: none types the command it asks for on a line whose exit code is that command's own`, solutionFile);
        }
      }
    }
    for (const s of fm.steps) {
      if (!groupLine.has(s.id) && !sol.groups.some((g) => g.stepId === s.id)) {
        err(1, "", `no "# step: ${s.id}" group; add one with the commands that solve that step`, solutionFile);
      }
    }
  }

  const lesson: Lesson = {
    id: fm.id,
    title: fm.title,
    summary: fm.summary,
    prerequisites: fm.prerequisites,
    cleanup: fm.cleanup,
    setup: fm.setup,
    ...(lessonShow !== undefined ? { show: lessonShow } : {}),
    intro,
    steps: fm.steps.map((s, i) => ({
      id: s.id,
      title: s.title,
      heading: sectionOf.get(s.id)?.heading ?? s.title,
      body: sectionOf.get(s.id)?.body ?? "",
      check: s.check,
      hints: s.hints,
      ...(stepShows[i] !== undefined ? { show: stepShows[i] } : {}),
      solution: solutions.get(s.id) ?? [],
    })),
    dir,
    ...(fm.files !== undefined ? { files: fm.files.replace(/\/+$/, "") } : {}),
    seedFiles: [],
  };
  return { lesson: errors.length === 0 ? lesson : null, id, errors: sortErrors(errors), lineOf };
}

function isPlainRelative(p: string): boolean {
  return !p.startsWith("/") && !p.replace(/\/+$/, "").split("/").some((seg) => seg === ".." || seg === "" || seg === ".");
}
