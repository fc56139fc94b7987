// Lesson content errors: where (file and line), which key, what to fix; one format for build and tests.

import type { z } from "zod";

/** One mistake in a lesson file. */
export interface LessonError {
  /** The file as given to the parser, e.g. "lessons/05-dockerfile/lesson.md". */
  file: string;
  /** 1-based line of the offending key, or of its nearest parent that exists. */
  line: number;
  /** The key path, e.g. "steps[1].check.image.ref"; "" when the error is not about a key. */
  path: string;
  message: string;
}

/** `<file>:<line> <key.path>: <message>`, or `<file>:<line> <message>` when there is no key. */
export function formatLessonError(e: LessonError): string {
  return e.path ? `${e.file}:${e.line} ${e.path}: ${e.message}` : `${e.file}:${e.line} ${e.message}`;
}

/** By file, then line; errors on one line keep their order. */
export function sortErrors(errors: LessonError[]): LessonError[] {
  return [...errors].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}

export type PathSegment = string | number;

/** `["steps", 1, "check", "image", "ref"]` → `steps[1].check.image.ref`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? seg : `.${seg}`;
  }
  return out;
}

const ARTICLE: Record<string, string> = {
  string: "a string",
  number: "a number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping (key: value lines)",
  int: "a whole number",
};

function describeValue(v: unknown): string {
  if (v === null) return "nothing (null)";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `the string "${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  return `${typeof v} ${String(v)}`;
}

/** Teacher-readable zod messages; schema-level messages (regex, custom) take precedence over this. */
export const zodErrorMessages = (issue: z.core.$ZodRawIssue): string | undefined => {
  switch (issue.code) {
    // A missing key: `input` is undefined only then (YAML has no undefined; an empty value is null).
    case "invalid_type":
      if (issue.input === undefined) return "required";
      return `expected ${ARTICLE[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`;
    case "too_small":
      if (issue.origin === "array") return `needs at least ${issue.minimum} item${issue.minimum === 1 ? "" : "s"}`;
      if (issue.origin === "string") return "must not be empty";
      return undefined;
    case "invalid_value": {
      const allowed = issue.values.map((v) => JSON.stringify(v)).join(", ");
      if (issue.input === undefined) return issue.values.length === 1 ? `required; must be ${allowed}` : `required; one of: ${allowed}`;
      return `must be one of: ${allowed}`;
    }
    case "invalid_union":
      return `expected one of the allowed forms, got ${describeValue(issue.input)}`;
    case "invalid_format":
      return issue.format === "url" ? "must be a URL, e.g. http://localhost:8080/" : undefined;
    default:
      return undefined;
  }
};
