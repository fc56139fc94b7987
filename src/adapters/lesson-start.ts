// Puts the machine in a lesson's starting state: its files seeded into /lab, its cleanup and setup run.
// The page does this when a lesson opens; the lesson self-test does the same.

import type { AgentClient } from "../guest/agent-client.ts";
import type { Lesson } from "../lessons/index.ts";

export class LessonSetupError extends Error {
  constructor(lesson: Lesson, what: string, output: string) {
    super(`lesson "${lesson.id}": ${what} failed${output ? `:\n${output.trim().slice(-600)}` : ""}`);
    this.name = "LessonSetupError";
  }
}

/**
 * `untouched`: the machine is the built one and nothing has run on it, so the cleanup (which only
 * clears an earlier attempt's leftovers; a guest test proves it changes nothing there) is skipped:
 * on a just-restored machine its docker commands would wait behind the warm-up for half a minute.
 */
export async function startLesson(agent: AgentClient, lesson: Lesson, { untouched = false } = {}): Promise<void> {
  for (const file of lesson.seedFiles) await agent.writeFile(file.path, file.content);
  const run = async (key: "cleanup" | "setup") => {
    for (const command of lesson[key]) {
      const { status, output } = await agent.sh(command);
      if (status !== 0) throw new LessonSetupError(lesson, `${key} command \`${command}\` (exit ${status})`, output);
    }
  };
  if (!untouched) await run("cleanup");
  await run("setup");
}
