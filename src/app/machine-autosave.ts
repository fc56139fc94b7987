// When the learner's machine is saved, without the learner doing anything: once the shell has
// been idle for a moment after a command or a lesson's setup, and when the page is hidden or left. One save at a
// time; a command during a save makes another follow it, and so does a save that had to keep the
// guest's file cache.

import type { SaveOutcome } from "../guest/machine-client.ts";
import type { MachineSession } from "./machine-session.ts";

/** Idle time after a command before saving: long enough for the next command typed at once. */
const IDLE_MS = 1500;

export interface Autosave {
  /** Saves what has changed since the last save (after the save under way, if any). */
  flush(): Promise<void>;
  dispose(): void;
}

export function autosaveMachine(session: MachineSession, idleMs = IDLE_MS): Autosave {
  let dirty = false;
  let saving: Promise<SaveOutcome> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** AGAIN: the last save is the whole state (input ended its cache drop), and the page is quiet now. */
  const saveNow = async (again = false) => {
    clearTimeout(timer);
    const { status } = session.store.getState();
    if ((!dirty && !again) || saving || (status !== "ready" && status !== "busy")) return;
    dirty = false;
    saving = session.save();
    const outcome = await saving;
    saving = undefined;
    // A failure to store is told once and not retried until the next command.
    if (!outcome.ok) return;
    if (dirty) schedule();
    // The page's own questions after a command can end the drop (save-compaction.ts): the whole
    // state is then stored, twice the size; one more try once the page is quiet, not a loop.
    else if (!again && outcome.save.rawBytes === outcome.save.fullRawBytes) timer = setTimeout(() => void saveNow(true), idleMs);
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void saveNow(), idleMs);
  };
  const offCommand = session.onCommand(() => {
    dirty = true;
    schedule();
  });
  const offStart = session.onCommandStart(() => clearTimeout(timer));
  // A lesson's setup changes the machine without a command in the terminal.
  const offPrepared = session.store.subscribe((state, previous) => {
    if (state.preparedLesson && state.preparedLesson !== previous.preparedLesson) {
      dirty = true;
      schedule();
    }
  });
  const onHide = () => document.visibilityState === "hidden" && void saveNow();
  const onPageHide = () => void saveNow();
  document.addEventListener("visibilitychange", onHide);
  window.addEventListener("pagehide", onPageHide);
  return {
    async flush() {
      await saving;
      await saveNow();
    },
    dispose() {
      clearTimeout(timer);
      offCommand();
      offStart();
      offPrepared();
      document.removeEventListener("visibilitychange", onHide);
      window.removeEventListener("pagehide", onPageHide);
    },
  };
}
