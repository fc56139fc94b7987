// The learner's progress as a small JSON file to take along or hand in: the open lesson, per lesson
// the completed steps (with when), hints and solutions shown. Reading one is strict: a file that is
// not one of these is refused whole, so an import never half-applies.

import { readProgress } from "../lessons/index.ts";
import type { ProgressSnapshot } from "../lessons/index.ts";
import { readCompletionTimes } from "./completion-times.ts";
import type { CompletionTimes } from "./completion-times.ts";

const FORMAT = "docker-sandbox-progress";
const VERSION = 1;

export interface ProgressFile {
  lessonId: string | null;
  progress: ProgressSnapshot;
  completedAt: CompletionTimes;
}

export function writeProgressFile(file: ProgressFile, exportedAt: Date): string {
  const completedAt = Object.fromEntries(
    Object.entries(file.completedAt).map(([lesson, steps]) => [lesson, Object.fromEntries(Object.entries(steps).map(([step, at]) => [step, new Date(at).toISOString()]))]),
  );
  return `${JSON.stringify({ format: FORMAT, version: VERSION, exportedAt: exportedAt.toISOString(), lessonId: file.lessonId, progress: file.progress, completedAt }, null, 2)}\n`;
}

export class ProgressFileError extends Error {
  override name = "ProgressFileError";
}

export function readProgressFile(text: string): ProgressFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ProgressFileError("this is not a progress file (it is not JSON)");
  }
  const file = (typeof json === "object" && json !== null ? json : {}) as Record<string, unknown>;
  if (file.format !== FORMAT) throw new ProgressFileError("this is not a Docker Sandbox progress file");
  if (file.version !== VERSION) throw new ProgressFileError(`this progress file has version ${String(file.version)}; this site reads version ${VERSION}`);
  const lessonId = file.lessonId;
  const progress = readProgress(file.progress);
  const raw = typeof file.completedAt === "object" && file.completedAt !== null ? (file.completedAt as Record<string, unknown>) : undefined;
  const times = raw && readCompletionTimes(Object.fromEntries(Object.entries(raw).map(([lesson, steps]) => [lesson, epochs(steps)])));
  // readProgress keeps what it can; a file must be whole: every lesson entry an object of lists.
  if (
    (lessonId !== null && typeof lessonId !== "string") ||
    typeof file.progress !== "object" ||
    file.progress === null ||
    Object.keys(progress).length !== Object.keys(file.progress).length ||
    !times
  ) {
    throw new ProgressFileError("this progress file is damaged: its lessons, steps or times cannot be read");
  }
  return { lessonId, progress, completedAt: times };
}

/** ISO times back to epoch milliseconds; what is not a time becomes NaN (and fails the read). */
function epochs(steps: unknown): unknown {
  if (typeof steps !== "object" || steps === null) return steps;
  return Object.fromEntries(Object.entries(steps).map(([step, at]) => [step, typeof at === "string" ? Date.parse(at) : Number.NaN]));
}
