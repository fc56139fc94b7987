import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SaveOutcome } from "../guest/machine-client.ts";
import type { CommandEvent } from "../lessons/probe.ts";
import { autosaveMachine } from "./machine-autosave.ts";
import type { MachineSession } from "./machine-session.ts";
import { createMachineStore } from "./machine-store.ts";

const IDLE_MS = 1500;

/** A session whose saves answer with the sizes given, in turn; it counts them. */
function sessionSaving(sizes: { rawBytes: number; fullRawBytes: number }[]) {
  const store = createMachineStore();
  store.setState({ status: "ready" });
  const commands = new Set<(event: CommandEvent) => void>();
  let saves = 0;
  const session = {
    store,
    onCommand: (handler: (event: CommandEvent) => void) => (commands.add(handler), () => commands.delete(handler)),
    onCommandStart: () => () => undefined,
    save: async (): Promise<SaveOutcome> => {
      const size = sizes[Math.min(saves++, sizes.length - 1)]!;
      return { ok: true, save: { savedAt: 0, labAt: 0, bytes: 1, baseBytes: 0, diskBytes: 0, pausedSeconds: 0, heldSeconds: 0, seconds: 0, ...size } };
    },
  } as unknown as MachineSession;
  return {
    session,
    command: () => commands.forEach((handler) => handler({ commandLine: "true", exitCode: 0, output: "" })),
    saves: () => saves,
  };
}

describe("autosaveMachine", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    // The page's events it listens to; nothing here fires them.
    vi.stubGlobal("document", new EventTarget());
    vi.stubGlobal("window", new EventTarget());
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("saves once after a command when the save leaves the file cache out", async () => {
    const { session, command, saves } = sessionSaving([{ rawBytes: 100, fullRawBytes: 300 }]);
    const autosave = autosaveMachine(session, IDLE_MS);
    command();
    await vi.advanceTimersByTimeAsync(IDLE_MS);
    expect(saves()).toBe(1);
    await vi.advanceTimersByTimeAsync(10 * IDLE_MS);
    expect(saves()).toBe(1);
    autosave.dispose();
  });

  it("tries once more when the save had to be the whole state, and not again", async () => {
    const { session, command, saves } = sessionSaving([{ rawBytes: 300, fullRawBytes: 300 }]);
    const autosave = autosaveMachine(session, IDLE_MS);
    command();
    await vi.advanceTimersByTimeAsync(IDLE_MS);
    expect(saves()).toBe(1);
    await vi.advanceTimersByTimeAsync(IDLE_MS);
    expect(saves()).toBe(2);
    await vi.advanceTimersByTimeAsync(10 * IDLE_MS);
    expect(saves()).toBe(2);
    autosave.dispose();
  });

  it("a command before that try makes it a save of the command instead", async () => {
    const { session, command, saves } = sessionSaving([
      { rawBytes: 300, fullRawBytes: 300 },
      { rawBytes: 100, fullRawBytes: 300 },
    ]);
    const autosave = autosaveMachine(session, IDLE_MS);
    command();
    await vi.advanceTimersByTimeAsync(IDLE_MS);
    await vi.advanceTimersByTimeAsync(IDLE_MS / 2);
    command();
    await vi.advanceTimersByTimeAsync(IDLE_MS);
    await vi.advanceTimersByTimeAsync(10 * IDLE_MS);
    expect(saves()).toBe(2);
    autosave.dispose();
  });
});
