// The learner's progress, kept in IndexedDB: which lesson is open, and per lesson (by stable
// lesson and step ids) the completed steps and the help shown. Versioned, with a migration path.

import { createJSONStorage, persist } from "zustand/middleware";
import { createStore } from "zustand/vanilla";
import { readProgress } from "../lessons/index.ts";
import type { ProgressSnapshot } from "../lessons/index.ts";
import { indexedDbStorage } from "./idb-storage.ts";

export interface ProgressState {
  /** The lesson the learner had open. */
  lessonId: string | null;
  progress: ProgressSnapshot;
}

/** Bump when the stored shape changes, and teach `migrateProgress` the old shape. */
export const PROGRESS_VERSION = 1;

/** Reads stored progress of any version defensively: what is unreadable starts fresh. */
export function migrateProgress(stored: unknown, version: number): ProgressState {
  const value = (typeof stored === "object" && stored !== null ? stored : {}) as Record<string, unknown>;
  // Version 0 (never shipped) had no open lesson.
  const lessonId = version >= 1 && typeof value.lessonId === "string" ? value.lessonId : null;
  return { lessonId, progress: readProgress(value.progress) };
}

export function createProgressStore(storageName = "docker-sandbox-progress") {
  return createStore<ProgressState>()(
    persist((): ProgressState => ({ lessonId: null, progress: {} }), {
      name: storageName,
      version: PROGRESS_VERSION,
      storage: createJSONStorage(() => indexedDbStorage()),
      migrate: (stored, version) => migrateProgress(stored, version),
      merge: (stored, current) => ({ ...current, ...migrateProgress(stored, PROGRESS_VERSION) }),
    }),
  );
}

export type ProgressStore = ReturnType<typeof createProgressStore>;

/** Resolves once stored progress has been read (the UI shows no lesson before that). */
export function progressHydrated(store: ProgressStore): Promise<void> {
  if (store.persist.hasHydrated()) return Promise.resolve();
  return new Promise((resolve) => {
    const off = store.persist.onFinishHydration(() => {
      off();
      resolve();
    });
  });
}
