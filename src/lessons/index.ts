// The lesson engine's public API: load a course, run lessons against a Probe, match commands.

export type { CommandEvent, ContainerInfo, FileInfo, HttpResult, ImageInfo, NetworkInfo, Probe, VolumeInfo } from "./probe.ts";
export { loadCourse, validateCourse } from "./course.ts";
export type { Course, CourseFiles, LoadCourseOptions } from "./course.ts";
export { parseLesson } from "./lesson-parser.ts";
export type { Lesson, ParsedLesson, SeedFile, Step } from "./lesson-parser.ts";
export { formatLessonError } from "./errors.ts";
export type { LessonError } from "./errors.ts";
export type { Check, Show, TextMatch } from "./schema.ts";
export { describeCheck, evaluateCheck } from "./checks.ts";
export type { CheckContext, CheckResult } from "./checks.ts";
export { compileCommandPattern, matchCommandLine, parseCommandLine } from "./command-match.ts";
export type { CommandPattern, MatchResult, ParsedCommand } from "./command-match.ts";
export { normalizeImageRef, sameImageRef } from "./image-ref.ts";
export {
  checkRequested,
  closeLesson,
  commandFinished,
  evaluationDropped,
  evaluationFinished,
  hintRequested,
  initialSession,
  lessonProgress,
  openLesson,
  readProgress,
  resetLesson,
  revealedHelp,
} from "./lesson-session.ts";
export type { Evaluation, Judgement, LessonProgress, ProgressSnapshot, SessionState, Transition, Trigger } from "./lesson-session.ts";
export { LessonRunner } from "./lesson-runner.ts";
export type { LessonRunnerOptions } from "./lesson-runner.ts";
export { controlLetter, inputBytes, parseTypedInput, typedCommands } from "./solution-file.ts";
export type { TypedInput } from "./solution-file.ts";
export { leafChecks, verdictOf } from "./verdict.ts";
export type { LeafCheck, Verdict } from "./verdict.ts";
