// The keys a touch screen's keyboard lacks, and the bytes each sends to the shell: what the
// touch keys bar offers above the on-screen keyboard.

export interface TouchKey {
  /** What the button shows. */
  label: string;
  /** Its accessible name, when the label is a symbol. */
  name: string;
  /** The bytes to send; arrows depend on the program's cursor-key mode. */
  bytes(applicationCursorKeys: boolean): string;
}

const arrow = (label: string, name: string, final: string): TouchKey => ({
  label,
  name,
  // vi and less switch the terminal to application cursor keys (ESC O x instead of ESC [ x).
  bytes: (application) => `\x1b${application ? "O" : "["}${final}`,
});
const plain = (label: string, name: string, text: string): TouchKey => ({ label, name, bytes: () => text });

export const TOUCH_KEYS: readonly TouchKey[] = [
  plain("Esc", "Escape", "\x1b"),
  plain("Tab", "Tab", "\t"),
  plain("^C", "Ctrl+C", "\x03"),
  arrow("↑", "Up", "A"),
  arrow("↓", "Down", "B"),
  arrow("←", "Left", "D"),
  arrow("→", "Right", "C"),
  plain("|", "Pipe", "|"),
  plain("-", "Dash", "-"),
  plain("~", "Tilde", "~"),
  plain("/", "Slash", "/"),
];

/** What typed text becomes with Ctrl held: a letter (or @ [ \ ] ^ _ ?) its control character; anything else unchanged. */
export function withControl(data: string): string {
  if (data.length !== 1) return data;
  if (data === "?") return "\x7f";
  if (data === " ") return "\x00";
  const code = data.toUpperCase().charCodeAt(0);
  return code >= 64 && code <= 95 ? String.fromCharCode(code - 64) : data;
}
