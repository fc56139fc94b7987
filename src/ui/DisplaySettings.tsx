// The header's display settings: the colour theme and the terminal's screen-reader mode.

import { useStore } from "zustand";
import { THEMES, type Theme, type SettingsStore } from "../persistence/settings-store.ts";

const THEME_NAMES: Record<Theme, string> = { system: "System theme", dark: "Dark", light: "Light" };

export function DisplaySettings({ settings }: { settings: SettingsStore }) {
  const { theme, screenReader } = useStore(settings);
  return (
    <div className="display-settings">
      <select aria-label="Theme" value={theme} onChange={(e) => settings.setState({ theme: e.target.value as Theme })}>
        {THEMES.map((t) => (
          <option key={t} value={t}>
            {THEME_NAMES[t]}
          </option>
        ))}
      </select>
      <label className="screen-reader-setting" title="The terminal announces command output to screen readers">
        <input type="checkbox" checked={screenReader} onChange={(e) => settings.setState({ screenReader: e.target.checked })} />
        Screen reader mode
      </label>
    </div>
  );
}
