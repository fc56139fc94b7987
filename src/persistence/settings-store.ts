// The learner's display settings, remembered in localStorage (read synchronously, so the page
// starts in the chosen theme): the colour theme, and xterm's screen-reader mode.

import { createJSONStorage, persist } from "zustand/middleware";
import { createStore } from "zustand/vanilla";

export const THEMES = ["system", "dark", "light"] as const;
export type Theme = (typeof THEMES)[number];

export interface SettingsState {
  /** "system" follows the operating system's light or dark preference. */
  theme: Theme;
  /** The terminal keeps an accessible copy of its text, so screen readers announce output. */
  screenReader: boolean;
}

export const createSettingsStore = (storage: Pick<Storage, "getItem" | "setItem" | "removeItem"> = localStorage) =>
  createStore<SettingsState>()(
    persist<SettingsState>(() => ({ theme: "system", screenReader: false }), {
      name: "docker-sandbox-settings",
      storage: createJSONStorage(() => storage),
      // Anything unknown in storage (an old or hand-edited value) falls back to the default.
      merge: (stored, current) => {
        const s = (stored ?? {}) as Partial<SettingsState>;
        return {
          theme: THEMES.includes(s.theme as Theme) ? (s.theme as Theme) : current.theme,
          screenReader: typeof s.screenReader === "boolean" ? s.screenReader : current.screenReader,
        };
      },
    }),
  );

export type SettingsStore = ReturnType<typeof createSettingsStore>;
