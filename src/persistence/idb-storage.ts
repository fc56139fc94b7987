// The one home of idb-keyval: IndexedDB as zustand's persist storage. When IndexedDB is not
// available (some private windows), state lives in memory for the visit instead.

import { createStore as createIdbStore, del, get, set } from "idb-keyval";
import type { StateStorage } from "zustand/middleware";

export function indexedDbStorage(database = "docker-sandbox", table = "state"): StateStorage {
  const memory = new Map<string, string>();
  let store: ReturnType<typeof createIdbStore> | undefined;
  try {
    store = typeof indexedDB === "undefined" ? undefined : createIdbStore(database, table);
  } catch {
    store = undefined;
  }
  return {
    getItem: async (name) => (store ? ((await get<string>(name, store).catch(() => undefined)) ?? null) : (memory.get(name) ?? null)),
    setItem: async (name, value) => {
      if (store) await set(name, value, store).catch(() => memory.set(name, value));
      else memory.set(name, value);
    },
    removeItem: async (name) => {
      if (store) await del(name, store).catch(() => undefined);
      memory.delete(name);
    },
  };
}
