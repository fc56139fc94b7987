// The touch keys bar under the terminal: the keys an on-screen keyboard lacks (Esc, Tab, Ctrl,
// arrows, a few symbols, and Ctrl+C as one key). Ctrl stays down for the next key typed.

import { useState } from "react";
import type { TerminalView } from "../terminal/terminal-view.ts";
import { TOUCH_KEYS, withControl } from "../terminal/touch-keys.ts";

/** Keeps focus (and the on-screen keyboard) in the terminal when a key is tapped. */
const keepFocus = (event: React.PointerEvent | React.MouseEvent) => event.preventDefault();

export function TouchKeys({ view }: { view: TerminalView }) {
  const [ctrl, setCtrl] = useState(false);
  const latchCtrl = (on: boolean) => {
    setCtrl(on);
    view.transformNextInput(
      on
        ? (data) => {
            setCtrl(false);
            return withControl(data);
          }
        : undefined,
    );
  };
  return (
    <div className="touch-keys" role="toolbar" aria-label="Terminal keys">
      <button type="button" aria-pressed={ctrl} onPointerDown={keepFocus} onMouseDown={keepFocus} onClick={() => latchCtrl(!ctrl)}>
        Ctrl
      </button>
      {TOUCH_KEYS.map((key) => (
        <button
          key={key.name}
          type="button"
          aria-label={key.name}
          onPointerDown={keepFocus}
          onMouseDown={keepFocus}
          onClick={() => {
            latchCtrl(false);
            view.input(key.bytes(view.applicationCursorKeys));
            view.focus();
          }}
        >
          {key.label}
        </button>
      ))}
    </div>
  );
}
