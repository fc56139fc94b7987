// Puts the chosen theme on the page's root element, where the style sheet picks its colours
// ("system" lets the style sheet follow prefers-color-scheme).

import type { SettingsStore } from "../persistence/settings-store.ts";

export function applyTheme(settings: SettingsStore): () => void {
  const apply = () => document.documentElement.setAttribute("data-theme", settings.getState().theme);
  apply();
  return settings.subscribe(apply);
}
