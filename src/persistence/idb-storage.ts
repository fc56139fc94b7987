// The one home of idb-keyval: IndexedDB as zustand's persist storage. When IndexedDB is missing or
// refuses (some private windows), state lives in memory for the visit instead.

import { createStore as createIdbStore, del, get, set } from "idb-keyval";
import type { UseStore } from "idb-keyval";
import type { StateStorage } from "zustand/middleware";

export function indexedDbStorage(database = "docker-sandbox", table = "state"): StateStorage {
  /** Values IndexedDB did not take; newer than what it holds, so read first. */
  const memory = new Map<string, string>();
  const store = typeof indexedDB === "undefined" ? undefined : createIdbStore(database, table);
  // idb-keyval opens the database on the first call, and indexedDB.open may throw instead of failing
  // its request: both become a rejection here.
  const idb = <T>(op: (s: UseStore) => Promise<T>): Promise<T> =>
    store ? Promise.resolve(store).then(op) : Promise.reject(new Error("no IndexedDB"));
  return {
    getItem: async (name) => memory.get(name) ?? (await idb((s) => get<string>(name, s)).catch(() => undefined)) ?? null,
    setItem: (name, value) =>
      idb((s) => set(name, value, s)).then(
        () => void memory.delete(name),
        () => void memory.set(name, value),
      ),
    removeItem: async (name) => {
      memory.delete(name);
      await idb((s) => del(name, s)).catch(() => undefined);
    },
  };
}
