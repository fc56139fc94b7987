// A step's verdict on commands and their recorded output alone: its command checks are evaluated by the
// real engine, every check of the machine's state is unknown. A wrong attempt a unit test can judge
// must fail whatever the state; a right one must not be refused by its commands.

import { evaluateCheck, leafChecks, verdictOf } from "../../src/lessons/index.ts";
import type { Check, CommandEvent, Probe, Verdict } from "../../src/lessons/index.ts";

const asked = (what: string) => () => Promise.reject(new Error(`a unit attempt asked the machine for ${what}`));

/** Answers nothing: the command checks judged here must not need the machine. */
const NO_MACHINE: Probe = {
  containers: asked("containers"),
  images: asked("images"),
  imageNames: asked("images"),
  volumes: asked("volumes"),
  networks: asked("networks"),
  file: asked("a file"),
  http: asked("a page"),
};

export async function recordedVerdict(check: Check, commands: readonly CommandEvent[]): Promise<Verdict> {
  const leaves = new Map<Check, Verdict>();
  for (const leaf of leafChecks(check)) {
    if (leaf.kind !== "command") continue;
    // A command that matches a `logsOf` check needs the machine's logs: unknown here.
    const r = await evaluateCheck(leaf, { commands, probe: NO_MACHINE });
    leaves.set(leaf, r.error !== undefined ? "unknown" : r.passed ? "pass" : "fail");
  }
  return verdictOf(check, (leaf) => leaves.get(leaf) ?? "unknown");
}
