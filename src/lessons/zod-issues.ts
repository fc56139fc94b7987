// Turns zod issues into located lesson errors: one error per unknown key (with a spelling suggestion)
// and the line of the offending key found through the YAML document.

import type { z } from "zod";
import { formatPath } from "./errors.ts";
import type { LessonError, PathSegment } from "./errors.ts";

export function issuesToErrors(
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodType,
  file: string,
  lineOf: (path: readonly PathSegment[]) => number,
): LessonError[] {
  const out: LessonError[] = [];
  // An object with an unknown key fails its own refinements too ("a check needs one of …" when the
  // kind is misspelled); the unknown key alone explains it.
  const unknownAt = new Set(issues.filter((i) => i.code === "unrecognized_keys").map((i) => formatPath(clean(i.path))));
  for (const issue of issues) {
    const path = clean(issue.path);
    if (issue.code === "custom" && unknownAt.has(formatPath(path))) continue;
    if (issue.code === "unrecognized_keys") {
      const allowed = allowedKeys(schema, path);
      for (const key of issue.keys) {
        const keyPath = [...path, key];
        const near = allowed ? closest(key, allowed) : undefined;
        const hint = near ? `; did you mean "${near}"?` : allowed ? `; allowed keys: ${allowed.join(", ")}` : "";
        out.push({ file, line: lineOf(keyPath), path: formatPath(keyPath), message: `unknown key "${key}"${hint}` });
      }
    } else {
      out.push({ file, line: lineOf(path), path: formatPath(path), message: issue.message });
    }
  }
  return out;
}

function clean(path: readonly PropertyKey[]): PathSegment[] {
  return path.filter((p): p is PathSegment => typeof p !== "symbol");
}

// zod keeps its structure in `_zod.def`; only the wrappers our schemas use are followed.
type AnyDef = { type: string; [k: string]: unknown };
const defOf = (s: unknown): AnyDef => (s as { _zod: { def: AnyDef } })._zod.def;

function unwrap(schema: unknown): unknown {
  for (let i = 0; i < 20; i++) {
    const def = defOf(schema);
    if (def.type === "optional" || def.type === "default" || def.type === "nullable") schema = def.innerType;
    else if (def.type === "lazy") schema = (def.getter as () => unknown)();
    else if (def.type === "pipe") schema = defOf(def.in).type === "transform" ? def.out : def.in;
    else return schema;
  }
  return schema;
}

/** The keys an object schema at `path` accepts, or undefined when the path leads elsewhere. */
export function allowedKeys(schema: z.ZodType, path: readonly PathSegment[]): string[] | undefined {
  let s = unwrap(schema);
  for (const seg of path) {
    const def = defOf(s);
    if (def.type === "object" && typeof seg === "string") s = (def.shape as Record<string, unknown>)[seg];
    else if (def.type === "array" && typeof seg === "number") s = def.element;
    else if (def.type === "record") s = def.valueType;
    else return undefined;
    if (!s) return undefined;
    s = unwrap(s);
  }
  const def = defOf(s);
  return def.type === "object" ? Object.keys(def.shape as object) : undefined;
}

function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDist) {
      bestDist = d;
      best = c;
    }
  }
  return bestDist <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
