// Shared set-up for tests that drive the real guest: one restored machine per test file.

import { afterAll, beforeAll } from "vitest";
import { DEFAULT_GUEST_DIR, startToPrompt } from "../../src/guest/node-machine.ts";
import type { NodeMachine } from "../../src/guest/node-machine.ts";
import type { CommandResult } from "../../src/guest/shell-runner.ts";

export function useGuest(): { run(command: string, timeoutS?: number): Promise<CommandResult>; machine(): NodeMachine } {
  let machine: NodeMachine | undefined;
  beforeAll(async () => {
    machine = await startToPrompt(DEFAULT_GUEST_DIR, "restore");
  });
  afterAll(async () => {
    await machine?.stop();
  });
  return {
    machine: () => machine!,
    run: (command, timeoutS) => machine!.shell.run(command, timeoutS),
  };
}

/** A shell loop that retries COMMAND once a second until it succeeds, for up to SECONDS. */
export function retry(command: string, seconds = 30): string {
  return `for i in $(seq ${seconds}); do ${command} && break; sleep 1; done`;
}
