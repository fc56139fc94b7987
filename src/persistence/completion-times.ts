// When the learner first completed each step, for the progress file a teacher collects. Kept
// beside the progress (its own key in the same IndexedDB), by lesson and step id.

import { createJSONStorage, persist } from "zustand/middleware";
import type { StateStorage } from "zustand/middleware";
import { createStore } from "zustand/vanilla";
import type { ProgressSnapshot } from "../lessons/index.ts";
import { indexedDbStorage } from "./idb-storage.ts";

/** lesson id → step id → epoch milliseconds. */
export type CompletionTimes = Record<string, Record<string, number>>;

export function createCompletionTimesStore(storage: StateStorage = indexedDbStorage()) {
  return createStore<{ times: CompletionTimes }>()(
    persist(() => ({ times: {} as CompletionTimes }), {
      name: "docker-sandbox-completion-times",
      storage: createJSONStorage(() => storage),
      merge: (stored, current) => ({ times: readCompletionTimes((stored as { times?: unknown } | undefined)?.times) ?? current.times }),
    }),
  );
}

export type CompletionTimesStore = ReturnType<typeof createCompletionTimesStore>;

/** TIMES for exactly the completed steps of PROGRESS: new ones at NOW, reset ones dropped. */
export function reconcileTimes(times: CompletionTimes, progress: ProgressSnapshot, now: number): CompletionTimes {
  const out: CompletionTimes = {};
  for (const [lessonId, { completedSteps }] of Object.entries(progress)) {
    if (!completedSteps.length) continue;
    out[lessonId] = Object.fromEntries(completedSteps.map((step) => [step, times[lessonId]?.[step] ?? now]));
  }
  return out;
}

/** Completion times read defensively; undefined when VALUE is not an object of objects of numbers. */
export function readCompletionTimes(value: unknown): CompletionTimes | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const out: CompletionTimes = {};
  for (const [lessonId, steps] of Object.entries(value)) {
    if (typeof steps !== "object" || steps === null || Array.isArray(steps)) return undefined;
    out[lessonId] = {};
    for (const [step, at] of Object.entries(steps)) {
      if (typeof at !== "number" || !Number.isFinite(at)) return undefined;
      out[lessonId][step] = at;
    }
  }
  return out;
}
