// The learner's terminal, with the start-up progress over it until the first prompt, and on touch
// screens the keys their on-screen keyboard lacks.

import { useEffect, useRef, useState } from "react";
import { useStore } from "zustand";
import type { MachineSession } from "../app/machine-session.ts";
import type { SettingsStore } from "../persistence/settings-store.ts";
import { createTerminalView } from "../terminal/terminal-view.ts";
import type { TerminalView } from "../terminal/terminal-view.ts";
import { StartupOverlay } from "./StartupOverlay.tsx";
import { TouchKeys } from "./TouchKeys.tsx";
import { TOUCH_SCREEN, useMediaQuery } from "./use-media-query.ts";

declare global {
  interface Window {
    /** For end-to-end tests and the benchmark: read the terminal and the machine state. */
    __sandbox?: { terminalLines(): string[]; session: MachineSession };
  }
}

interface TerminalPaneProps {
  session: MachineSession;
  settings: SettingsStore;
  /** The view once made, for the page's "skip to terminal" link. */
  onView(view: TerminalView | undefined): void;
}

export function TerminalPane({ session, settings, onView }: TerminalPaneProps) {
  const container = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<TerminalView>();
  const status = useStore(session.store, (s) => s.status);
  const screenReader = useStore(settings, (s) => s.screenReader);
  const touch = useMediaQuery(TOUCH_SCREEN);

  useEffect(() => {
    const made = createTerminalView(container.current!);
    const detach = session.attachTerminal(made);
    window.__sandbox = { terminalLines: () => made.lines(), session };
    setView(made);
    onView(made);
    return () => {
      onView(undefined);
      detach();
      made.dispose();
    };
  }, [session, onView]);

  useEffect(() => view?.setScreenReaderMode(screenReader), [view, screenReader]);

  return (
    <section id="terminal-pane" className="terminal-pane" aria-label="Terminal">
      <div className="terminal-screen">
        <div className="terminal-host" ref={container} />
        {(status === "loading" || status === "starting" || status === "error") && <StartupOverlay session={session} />}
      </div>
      {touch && view && <TouchKeys view={view} />}
    </section>
  );
}
