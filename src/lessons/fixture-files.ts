// Test helper: reads a folder of lesson files into the path → text map loadCourse takes (Node only).

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export const REPO = join(import.meta.dirname, "..", "..");

/** Every file under `dir` (relative to the repo), keyed by its repo-relative path with / separators. */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (abs: string) => {
    for (const name of readdirSync(abs).sort()) {
      const p = join(abs, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.set(relative(REPO, p).split("\\").join("/"), readFileSync(p, "utf8"));
    }
  };
  walk(join(REPO, dir));
  return files;
}
