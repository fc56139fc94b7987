// A step's verdict on commands and their recorded output alone: its command checks are evaluated by the
// real engine, every check of the machine's state is unknown. A wrong attempt a unit test can judge
// must fail whatever the state; a right one must not be refused by its commands.

import { evaluateCheck, verdictOf } from "../../src/lessons/index.ts";
import type { Check, CommandEvent, Probe, Verdict } from "../../src/lessons/index.ts";

const asked = (what: string) => () => Promise.reject(new Error(`a unit attempt asked the machine for ${what}`));

/** Answers nothing: the command checks judged here must not need the machine. */
const NO_MACHINE: Probe = {
  containers: asked("containers"),
  images: asked("images"),
  volumes: asked("volumes"),
  networks: asked("networks"),
  file: asked("a file"),
  http: asked("a page"),
};

export async function recordedVerdict(check: Check, commands: readonly CommandEvent[]): Promise<Verdict> {
  const leaves = new Map<Check, Verdict>();
  const visit = async (c: Check): Promise<void> => {
    if (c.kind === "all") for (const x of c.all) await visit(x);
    else if (c.kind === "any") for (const x of c.any) await visit(x);
    else if (c.kind === "not") await visit(c.not);
    else if (c.kind === "command") {
      // A command that matches a `logsOf` check needs the machine's logs: unknown here.
      const r = await evaluateCheck(c, { commands, probe: NO_MACHINE });
      leaves.set(c, r.error !== undefined ? "unknown" : r.passed ? "pass" : "fail");
    }
  };
  await visit(check);
  return verdictOf(check, (leaf) => leaves.get(leaf) ?? "unknown");
}
