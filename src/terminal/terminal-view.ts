// The one home of xterm.js: a terminal in a page element that fits its pane, copies and
// pastes with the usual keys and the right mouse button, and makes links clickable. Tab stays
// the shell's (completion); Escape then Tab leaves the terminal, as its label says.

import { FitAddon } from "@xterm/addon-fit";
import { WebLinksAddon } from "@xterm/addon-web-links";
import { Terminal } from "@xterm/xterm";
import "@xterm/xterm/css/xterm.css";

/**
 * How long an Escape waits for a Tab before it goes to the shell. A second, not readline's half
 * second: a learner who types slowly still leaves with Escape then Tab, and so does a test whose
 * keys reach a busy page late (CI's keyboard-only test once stayed in the terminal after Escape,
 * Shift+Tab; Playwright's gap between the two was 8-114 ms here with both cores busy).
 */
const LEAVE_WINDOW_MS = 1000;

const MODIFIERS = new Set(["Shift", "Control", "Alt", "Meta", "AltGraph"]);

/** The terminal input's accessible name: it tells keyboard users how to get out. */
export const TERMINAL_INPUT_LABEL = "Terminal input. Press Escape then Tab to leave the terminal.";

export interface TerminalView {
  write(data: string): void;
  /** Clears the screen and scrollback (after a machine reset). */
  clear(): void;
  focus(): void;
  readonly cols: number;
  readonly rows: number;
  /** Keystrokes and pastes, as the guest's tty should receive them. */
  onInput(handler: (data: string) => void): () => void;
  /** Sends DATA as if typed (the touch keys bar). */
  input(data: string): void;
  /** Rewrites the next typed input once (a latched Ctrl turns the next letter into a control key). */
  transformNextInput(transform: ((data: string) => string) | undefined): void;
  /** Whether the program asked for application cursor keys (vi, less): arrows then send ESC O A, not ESC [ A. */
  readonly applicationCursorKeys: boolean;
  /** xterm's screen-reader mode: an accessible copy of the text, and output announced. */
  setScreenReaderMode(on: boolean): void;
  onResize(handler: (size: { cols: number; rows: number }) => void): () => void;
  /** The visible buffer and scrollback as text, one string per line (for tests and checks). */
  lines(): string[];
  dispose(): void;
}

export function createTerminalView(container: HTMLElement): TerminalView {
  Terminal.strings.promptLabel = TERMINAL_INPUT_LABEL;
  const terminal = new Terminal({
    cursorBlink: !matchMedia("(prefers-reduced-motion: reduce)").matches,
    convertEol: false,
    fontFamily: '"DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, monospace',
    fontSize: 14,
    scrollback: 5000,
    // Programs' colours (ls, docker's own) are raised to WCAG AA contrast against the background.
    minimumContrastRatio: 4.5,
    theme: { background: "#0f1720", foreground: "#e6edf3", cursor: "#7ee787", selectionBackground: "#264f78" },
  });
  const fit = new FitAddon();
  terminal.loadAddon(fit);
  terminal.loadAddon(new WebLinksAddon());
  terminal.open(container);

  const copySelection = () => {
    const text = terminal.getSelection();
    if (text) void navigator.clipboard?.writeText(text).catch(() => undefined);
    return Boolean(text);
  };
  const paste = async () => {
    const text = await navigator.clipboard?.readText().catch(() => "");
    if (text) terminal.paste(text);
  };
  // Escape is held back a moment: followed by Tab it is dropped and the browser moves focus on
  // (the shell never sees a half-typed Escape); otherwise it goes to the shell before the next key.
  let heldEscape: ReturnType<typeof setTimeout> | undefined;
  const releaseEscape = (send: boolean) => {
    if (heldEscape === undefined) return;
    clearTimeout(heldEscape);
    heldEscape = undefined;
    if (send) terminal.input("\x1b");
  };
  // Ctrl+C copies when text is selected and interrupts otherwise; Ctrl+Shift+C/V always copy/paste.
  terminal.attachCustomKeyEventHandler((event) => {
    // A modifier's own keydown (Shift of Shift+Tab) neither uses nor releases a held Escape.
    if (event.type !== "keydown" || event.isComposing || MODIFIERS.has(event.key)) return true;
    if (event.key === "Tab" && heldEscape !== undefined && !event.ctrlKey && !event.altKey) {
      releaseEscape(false);
      return false;
    }
    releaseEscape(true);
    if (event.key === "Escape" && !event.ctrlKey && !event.altKey && !event.shiftKey && !event.metaKey) {
      heldEscape = setTimeout(() => releaseEscape(true), LEAVE_WINDOW_MS);
      event.preventDefault();
      return false;
    }
    const key = event.key.toLowerCase();
    if (event.ctrlKey && event.shiftKey && key === "c") {
      copySelection();
      return false;
    }
    if (event.ctrlKey && event.shiftKey && key === "v") {
      void paste();
      return false;
    }
    if (event.ctrlKey && !event.shiftKey && key === "c" && terminal.hasSelection()) {
      copySelection();
      terminal.clearSelection();
      return false;
    }
    return true;
  });
  // Right click: copy the selection, or paste when nothing is selected (as Windows Terminal does).
  const onContextMenu = (event: MouseEvent) => {
    event.preventDefault();
    if (!copySelection()) void paste();
    terminal.clearSelection();
  };
  container.addEventListener("contextmenu", onContextMenu);

  const observer = new ResizeObserver(() => {
    if (container.clientWidth > 0 && container.clientHeight > 0) fit.fit();
  });
  observer.observe(container);
  fit.fit();

  let nextInputTransform: ((data: string) => string) | undefined;

  return {
    write: (data) => terminal.write(data),
    clear: () => terminal.reset(),
    focus: () => terminal.focus(),
    get cols() {
      return terminal.cols;
    },
    get rows() {
      return terminal.rows;
    },
    onInput(handler) {
      const subscription = terminal.onData((data) => {
        const transform = nextInputTransform;
        nextInputTransform = undefined;
        handler(transform ? transform(data) : data);
      });
      return () => subscription.dispose();
    },
    input: (data) => terminal.input(data),
    transformNextInput(transform) {
      nextInputTransform = transform;
    },
    get applicationCursorKeys() {
      return terminal.modes.applicationCursorKeysMode;
    },
    setScreenReaderMode(on) {
      terminal.options.screenReaderMode = on;
    },
    onResize(handler) {
      const subscription = terminal.onResize(handler);
      return () => subscription.dispose();
    },
    lines() {
      const buffer = terminal.buffer.active;
      const out: string[] = [];
      for (let i = 0; i < buffer.length; i++) out.push(buffer.getLine(i)?.translateToString(true) ?? "");
      return out;
    },
    dispose() {
      releaseEscape(false);
      observer.disconnect();
      container.removeEventListener("contextmenu", onContextMenu);
      terminal.dispose();
    },
  };
}
