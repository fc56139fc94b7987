// The learner's progress, kept in IndexedDB: which lesson is open, and per lesson (by stable
// lesson and step ids) the completed steps and the help shown. Versioned, with a migration chain.
//
// Stored format: one JSON string under "docker-sandbox-progress" (idb-storage.ts's database), e.g.
//   { "version": 1,
//     "state": { "lessonId": "first-container",
//                "progress": { "first-container": { "completedSteps": ["run-hello"],
//                                                   "hintsShown": { "list-all": 2 },
//                                                   "solutionShown": ["list-all"] } } } }

import { persist } from "zustand/middleware";
import type { PersistStorage, StateStorage } from "zustand/middleware";
import { createStore } from "zustand/vanilla";
import { readProgress } from "../lessons/index.ts";
import type { ProgressSnapshot } from "../lessons/index.ts";
import { indexedDbStorage } from "./idb-storage.ts";

export interface ProgressState {
  /** The lesson the learner had open. */
  lessonId: string | null;
  progress: ProgressSnapshot;
}

type StoredState = Record<string, unknown>;

/**
 * MIGRATIONS[n] turns a version-n state into version n + 1. To change the stored shape, append one;
 * the version follows.
 */
const MIGRATIONS: ((state: StoredState) => StoredState)[] = [
  // 0 → 1: version 0 (zustand's default, never shipped) kept no open lesson.
  (state) => ({ ...state, lessonId: null }),
];

export const PROGRESS_VERSION = MIGRATIONS.length;

/**
 * Brings a state stored by any version up to this one. A newer version's state (a rollback after a
 * later build) is read as far as this version understands it, so its progress survives.
 */
export function migrateProgress(stored: unknown, version: number): ProgressState {
  let state = asRecord(stored);
  for (let v = Math.max(0, Math.floor(version)); v < PROGRESS_VERSION; v++) state = MIGRATIONS[v](state);
  return readState(state);
}

/** The current version's state, read defensively: what is unreadable starts fresh. */
function readState(stored: unknown): ProgressState {
  const state = asRecord(stored);
  return { lessonId: typeof state.lessonId === "string" ? state.lessonId : null, progress: readProgress(state.progress) };
}

function asRecord(value: unknown): StoredState {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as StoredState) : {};
}

/**
 * zustand's JSON storage, except that text which is not JSON reads as nothing stored: with zustand's
 * own the parse error would leave hydration unfinished and the pane loading for good.
 */
function jsonStorage(storage: StateStorage): PersistStorage<ProgressState> {
  return {
    getItem: async (name) => {
      const text = await storage.getItem(name);
      try {
        return text === null ? null : JSON.parse(text);
      } catch {
        return null;
      }
    },
    setItem: (name, value) => storage.setItem(name, JSON.stringify(value)),
    removeItem: (name) => storage.removeItem(name),
  };
}

export interface ProgressStoreOptions {
  /** Where the JSON lives; IndexedDB unless a test gives another. */
  storage?: StateStorage;
  name?: string;
}

export function createProgressStore({ storage = indexedDbStorage(), name = "docker-sandbox-progress" }: ProgressStoreOptions = {}) {
  return createStore<ProgressState>()(
    persist((): ProgressState => ({ lessonId: null, progress: {} }), {
      name,
      version: PROGRESS_VERSION,
      storage: jsonStorage(storage),
      migrate: (stored, version) => migrateProgress(stored, version),
      // Also runs when the version matches: a current-version state is read defensively too.
      merge: (stored, current) => ({ ...current, ...readState(stored) }),
    }),
  );
}

export type ProgressStore = ReturnType<typeof createProgressStore>;

/** Resolves once stored progress (or another persisted store's state) has been read (the UI shows no lesson before that). */
export function progressHydrated(store: { persist: { hasHydrated(): boolean; onFinishHydration(fn: () => void): () => void } }): Promise<void> {
  if (store.persist.hasHydrated()) return Promise.resolve();
  return new Promise((resolve) => {
    const off = store.persist.onFinishHydration(() => {
      off();
      resolve();
    });
  });
}
