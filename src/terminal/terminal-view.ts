// The one home of xterm.js: a terminal in a page element that fits its pane, copies and
// pastes with the usual keys and the right mouse button, and makes links clickable.

import { FitAddon } from "@xterm/addon-fit";
import { WebLinksAddon } from "@xterm/addon-web-links";
import { Terminal } from "@xterm/xterm";
import "@xterm/xterm/css/xterm.css";

export interface TerminalView {
  write(data: string): void;
  /** Clears the screen and scrollback (after a machine reset). */
  clear(): void;
  focus(): void;
  readonly cols: number;
  readonly rows: number;
  /** Keystrokes and pastes, as the guest's tty should receive them. */
  onInput(handler: (data: string) => void): () => void;
  onResize(handler: (size: { cols: number; rows: number }) => void): () => void;
  /** The visible buffer and scrollback as text, one string per line (for tests and checks). */
  lines(): string[];
  dispose(): void;
}

export function createTerminalView(container: HTMLElement): TerminalView {
  const terminal = new Terminal({
    cursorBlink: true,
    convertEol: false,
    fontFamily: '"DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, monospace',
    fontSize: 14,
    scrollback: 5000,
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
  // Ctrl+C copies when text is selected and interrupts otherwise; Ctrl+Shift+C/V always copy/paste.
  terminal.attachCustomKeyEventHandler((event) => {
    if (event.type !== "keydown") return true;
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
      const subscription = terminal.onData(handler);
      return () => subscription.dispose();
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
      observer.disconnect();
      container.removeEventListener("contextmenu", onContextMenu);
      terminal.dispose();
    },
  };
}
