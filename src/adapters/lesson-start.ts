// Puts the machine in a lesson's starting state: its files seeded into /lab, its setup run.
// The page does this when a lesson opens; the lesson self-test does the same.

import type { AgentClient } from "../guest/agent-client.ts";
import type { Lesson } from "../lessons/index.ts";

export class LessonSetupError extends Error {
  constructor(lesson: Lesson, what: string, output: string) {
    super(`lesson "${lesson.id}": ${what} failed${output ? `:\n${output.trim().slice(-600)}` : ""}`);
    this.name = "LessonSetupError";
  }
}

export async function startLesson(agent: AgentClient, lesson: Lesson): Promise<void> {
  for (const file of lesson.seedFiles) await agent.writeFile(file.path, file.content);
  for (const command of lesson.setup) {
    const { status, output } = await agent.sh(command);
    if (status !== 0) throw new LessonSetupError(lesson, `setup command \`${command}\` (exit ${status})`, output);
  }
}
