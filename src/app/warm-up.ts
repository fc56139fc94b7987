// What the guest's warm-up is for: it runs one throwaway container after a restore, so that the code
// which starts a container is compiled before the learner's first one. A learner's command that
// starts containers has done that work; one that only asks Docker (`docker ps`, `docker version`) has not.

import { parseCommandLine } from "../lessons/index.ts";

const STARTS_CONTAINERS = new Set(["container run", "container start", "container restart", "compose up", "compose run"]);

/** COMMAND_LINE starts a container: after it the warm-up has nothing left to do. */
export function startsContainers(commandLine: string): boolean {
  return parseCommandLine(commandLine).some((command) => command.program === "docker" && STARTS_CONTAINERS.has(command.command));
}
