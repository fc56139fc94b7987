// The adversarial corpus (tests/attempts/*.yaml): for every step of every lesson, ways a learner might
// type it, right and wrong. Loaded against the course; every mistake is reported with its file and line.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { formatPath, sortErrors, zodErrorMessages } from "../../src/lessons/errors.ts";
import type { LessonError } from "../../src/lessons/errors.ts";
import { leafChecks } from "../../src/lessons/index.ts";
import type { Check, Course, Lesson, Step } from "../../src/lessons/index.ts";
import { parseYamlLocated } from "../../src/lessons/yaml-locate.ts";
import { issuesToErrors } from "../../src/lessons/zod-issues.ts";

export const CORPUS_DIR = "tests/attempts";

const TypedLine = z.union([
  z.string().min(1),
  z
    .object({
      line: z.string().min(1).describe("The command line as typed."),
      output: z.string().optional().describe("What it printed (unit attempts). Default: nothing."),
      exit: z.number().int().optional().describe("Its exit code (unit attempts). Default 0."),
    })
    .strict(),
]);

const VariantSchema = z.union([
  z.string().min(1),
  z
    .object({
      run: z.union([z.string().min(1), z.array(TypedLine).min(1)]).describe("The command lines typed, in order; `#> …` lines are typed into the command above (guest only)."),
      output: z.string().optional().describe("What the last command printed (unit attempts)."),
      exit: z.number().int().optional().describe("The last command's exit code (unit attempts). Default 0."),
      guest: z.boolean().optional().describe("Judged in the real guest, against the engine's state, instead of from the recorded output."),
      undo: z.array(z.string().min(1)).optional().describe("Guest only: shell commands that put the machine back as the step found it."),
    })
    .strict(),
]);

const CorpusFileSchema = z
  .object({
    lesson: z.string().min(1).describe("The lesson's id."),
    steps: z.record(
      z.string(),
      z
        .object({
          right: z.array(VariantSchema).min(1).describe("Attempts a teacher would accept."),
          wrong: z.array(VariantSchema).min(3).describe("Attempts a teacher would refuse."),
        })
        .strict(),
    ),
  })
  .strict();

export interface TypedCommand {
  line: string;
  output: string;
  exitCode: number;
}

export interface Attempt {
  file: string;
  line: number;
  lesson: Lesson;
  step: Step;
  right: boolean;
  guest: boolean;
  /** Unit attempts: the commands with their recorded output. Guest attempts: output "" (the machine's). */
  commands: TypedCommand[];
  /** Guest attempts: the lines as typed, `#>` input lines included. */
  lines: string[];
  undo: string[];
}

/** Does the check look at the engine's state anywhere (or at a container's logs)? */
export function readsState(check: Check): boolean {
  return leafChecks(check).some((leaf) => leaf.kind !== "command" || leaf.command.logsOf !== undefined);
}

const hasCommandLeaf = (check: Check): boolean => leafChecks(check).some((leaf) => leaf.kind === "command");

export function readCorpusFiles(dir = CORPUS_DIR): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(dir).sort()) if (name.endsWith(".yaml")) files.set(join(dir, name), readFileSync(join(dir, name), "utf8"));
  return files;
}

/** Every attempt of every corpus file, and every mistake in them (also: a lesson or step with too few attempts). */
export function loadCorpus(files: ReadonlyMap<string, string>, course: Course): { attempts: Attempt[]; errors: LessonError[] } {
  const attempts: Attempt[] = [];
  const errors: LessonError[] = [];
  const covered = new Map<string, string>();
  for (const [file, text] of files) {
    const yaml = parseYamlLocated(text);
    for (const e of yaml.syntaxErrors) errors.push({ file, line: e.line, path: "", message: `YAML syntax: ${e.message}` });
    if (yaml.syntaxErrors.length) continue;
    const parsed = CorpusFileSchema.safeParse(yaml.data ?? {}, { error: zodErrorMessages });
    if (!parsed.success) {
      errors.push(...issuesToErrors(parsed.error.issues, CorpusFileSchema, file, yaml.lineOf));
      continue;
    }
    const err = (path: (string | number)[], message: string) => errors.push({ file, line: yaml.lineOf(path), path: formatPath(path), message });
    const lesson = course.lessons.find((l) => l.id === parsed.data.lesson);
    if (!lesson) {
      err(["lesson"], `no lesson has id "${parsed.data.lesson}"`);
      continue;
    }
    if (covered.has(lesson.id)) err(["lesson"], `lesson "${lesson.id}" also has attempts in ${covered.get(lesson.id)}`);
    covered.set(lesson.id, file);
    for (const step of lesson.steps) if (!(step.id in parsed.data.steps)) err(["steps"], `no attempts for step "${step.id}"`);
    for (const [stepId, kinds] of Object.entries(parsed.data.steps)) {
      const step = lesson.steps.find((s) => s.id === stepId);
      if (!step) {
        err(["steps", stepId], `lesson "${lesson.id}" has no step "${stepId}"; steps are: ${lesson.steps.map((s) => s.id).join(", ")}`);
        continue;
      }
      for (const right of [true, false]) {
        const key = right ? "right" : "wrong";
        kinds[key].forEach((v, k) => {
          const path = ["steps", stepId, key, k];
          const attempt = toAttempt(v, { file, line: yaml.lineOf(path), lesson, step, right });
          const problem = attemptProblem(attempt, v);
          if (problem) err(path, problem);
          else attempts.push(attempt);
        });
      }
    }
  }
  for (const lesson of course.lessons) if (!covered.has(lesson.id)) errors.push({ file: CORPUS_DIR, line: 1, path: "", message: `no file has attempts for lesson "${lesson.id}"` });
  return { attempts, errors: sortErrors(errors) };
}

type Variant = z.infer<typeof VariantSchema>;

function toAttempt(v: Variant, at: Pick<Attempt, "file" | "line" | "lesson" | "step" | "right">): Attempt {
  const spec = typeof v === "string" ? { run: v } : v;
  const typed = (typeof spec.run === "string" ? [spec.run] : spec.run).map((t) => (typeof t === "string" ? { line: t } : t));
  const commands = typed
    .filter((t) => !t.line.trim().startsWith("#>"))
    .map((t): TypedCommand => ({ line: t.line, output: t.output ?? "", exitCode: t.exit ?? 0 }));
  const last = commands.at(-1);
  if (last && "output" in spec && spec.output !== undefined) last.output = spec.output;
  if (last && "exit" in spec && spec.exit !== undefined) last.exitCode = spec.exit;
  const guest = "guest" in spec && spec.guest === true;
  return { ...at, guest, commands, lines: typed.map((t) => t.line), undo: ("undo" in spec && spec.undo) || [] };
}

/** What makes an attempt unfit for its part (unit or guest), if anything. */
function attemptProblem(a: Attempt, v: Variant): string | undefined {
  const check = a.step.check;
  if (a.guest) {
    if (typeof v !== "string" && (v.output !== undefined || v.exit !== undefined || (Array.isArray(v.run) && v.run.some((t) => typeof t !== "string")))) {
      return "a guest attempt takes its output and exit code from the machine: drop output and exit";
    }
    if (!readsState(check)) return "the step's check reads only commands and their output: make this a unit attempt (drop guest, give the output)";
    return undefined;
  }
  if (a.undo.length) return "undo is for guest attempts";
  if (a.lines.some((l) => l.trim().startsWith("#>"))) return "typed input (#>) needs the real machine: add guest: true";
  if (!hasCommandLeaf(check)) return "the step's check looks only at the machine's state: add guest: true";
  return undefined;
}
