// Text expectations (contains / matches) used by command output, logs, files, HTTP bodies and history.

import type { TextMatch } from "./schema.ts";

// CSI and OSC escape sequences: terminal output carries colors and shell-integration marks.
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** Terminal text as a reader sees it: escape sequences removed, CRLF as LF. */
export function plainTerminalText(text: string): string {
  return text.replace(ANSI, "").replace(/\r\n/g, "\n");
}

export function textMatches(text: string, m: TextMatch): boolean {
  const t = plainTerminalText(text);
  const fold = (s: string) => (m.ignoreCase ? s.toLowerCase() : s);
  if (!m.contains.every((c) => fold(t).includes(fold(c)))) return false;
  if (m.matches !== undefined && !new RegExp(m.matches, m.ignoreCase ? "mi" : "m").test(t)) return false;
  return true;
}

/** `contains "Hello" and matches /^v\d/`, for learner-readable details. */
export function describeTextMatch(m: TextMatch): string {
  const parts = m.contains.map((c) => `"${c}"`);
  const contains = parts.length > 0 ? `contain ${parts.join(" and ")}` : "";
  const matches = m.matches !== undefined ? `match /${m.matches}/` : "";
  return [contains, matches].filter(Boolean).join(" and ") + (m.ignoreCase ? " (any case)" : "");
}
