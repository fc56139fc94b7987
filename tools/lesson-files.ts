// Reads the course's files (lessons/**) into the path → text map the lesson engine loads,
// with paths starting at the folder's name ("lessons/01-architecture/lesson.md").

import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

export function readLessonFiles(root = "lessons"): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(dirname(root), path), readFileSync(path, "utf8"));
    }
  };
  walk(root);
  return files;
}
