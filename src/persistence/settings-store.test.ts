import { describe, expect, it } from "vitest";
import { createSettingsStore } from "./settings-store.ts";

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

describe("settings", () => {
  it("default to the system theme and no screen-reader mode, and are remembered", () => {
    const storage = memoryStorage();
    const store = createSettingsStore(storage);
    expect(store.getState()).toEqual({ theme: "system", screenReader: false });
    store.setState({ screenReader: true, theme: "light" });
    expect(createSettingsStore(storage).getState()).toEqual({ theme: "light", screenReader: true });
  });

  it("ignore stored values they do not know", () => {
    const storage = memoryStorage({ "docker-sandbox-settings": JSON.stringify({ state: { theme: "purple", screenReader: "yes" }, version: 0 }) });
    expect(createSettingsStore(storage).getState()).toEqual({ theme: "system", screenReader: false });
  });
});
