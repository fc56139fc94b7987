// What the guest's warm-ups are for: after a restore the emulator compiles every program's code
// anew, so the page has the guest run, while the learner reads, what their next commands need.
//   run    one throwaway container: the code that starts a container.
//   build  a lint-only build: the buildx client, its session with dockerd and the Dockerfile frontend.
// A learner's own command that does that work has compiled the same code; one that only asks
// Docker (`docker ps`, `docker version`) has not.

import { parseCommandLine } from "../lessons/index.ts";
import type { Lesson } from "../lessons/index.ts";

export type WarmUp = "run" | "build";

const STARTS_CONTAINERS = new Set(["container run", "container start", "container restart", "compose up", "compose run"]);
const BUILDS_IMAGES = new Set(["image build", "compose build"]);

/** The warm-ups whose work COMMAND_LINE does itself: a container started, an image built. */
export function warmUpsDoneBy(commandLine: string): WarmUp[] {
  const commands = parseCommandLine(commandLine).filter((command) => command.program === "docker").map((command) => command.command);
  const done: WarmUp[] = [];
  if (commands.some((command) => STARTS_CONTAINERS.has(command))) done.push("run");
  if (commands.some((command) => BUILDS_IMAGES.has(command))) done.push("build");
  return done;
}

/** LESSON's solutions build images: a learner who opens it will soon build. */
export function lessonBuilds(lesson: Lesson): boolean {
  return lesson.steps.some((step) => step.solution.some((line) => warmUpsDoneBy(line).includes("build")));
}
