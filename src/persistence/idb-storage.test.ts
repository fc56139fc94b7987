import { afterEach, describe, expect, it, vi } from "vitest";
import { indexedDbStorage } from "./idb-storage.ts";

/** Writes, reads back, overwrites and removes one key. */
async function roundTrip() {
  const storage = indexedDbStorage();
  expect(await storage.getItem("k")).toBeNull();
  await storage.setItem("k", "one");
  await storage.setItem("k", "two");
  expect(await storage.getItem("k")).toBe("two");
  await storage.removeItem("k");
  expect(await storage.getItem("k")).toBeNull();
}

describe("indexedDbStorage when IndexedDB cannot be used", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("keeps state in memory when there is no IndexedDB", async () => {
    expect(typeof indexedDB).toBe("undefined");
    await roundTrip();
    // Each storage has its own memory.
    const a = indexedDbStorage();
    await a.setItem("k", "a");
    expect(await indexedDbStorage().getItem("k")).toBeNull();
  });

  it("keeps state in memory when opening the database throws", async () => {
    const open = vi.fn(() => {
      throw new DOMException("denied", "SecurityError");
    });
    vi.stubGlobal("indexedDB", { open });
    await roundTrip();
    expect(open).toHaveBeenCalled();
  });

  it("keeps state in memory when opening the database fails", async () => {
    // An IDBOpenDBRequest that fails once idb-keyval has attached its handlers.
    const open = vi.fn(() => {
      const request = { error: new DOMException("private window", "InvalidStateError"), onerror: null as null | (() => void) };
      queueMicrotask(() => request.onerror?.());
      return request;
    });
    vi.stubGlobal("indexedDB", { open });
    await roundTrip();
    expect(open).toHaveBeenCalled();
  });
});
