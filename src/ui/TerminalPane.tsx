// The learner's terminal, with the start-up progress over it until the first prompt.

import { useEffect, useRef } from "react";
import { useStore } from "zustand";
import type { MachineSession } from "../app/machine-session.ts";
import { createTerminalView } from "../terminal/terminal-view.ts";
import type { TerminalView } from "../terminal/terminal-view.ts";
import { StartupOverlay } from "./StartupOverlay.tsx";

declare global {
  interface Window {
    /** For end-to-end tests and the benchmark: read the terminal and the machine state. */
    __sandbox?: { terminalLines(): string[]; session: MachineSession };
  }
}

export function TerminalPane({ session }: { session: MachineSession }) {
  const container = useRef<HTMLDivElement>(null);
  const viewRef = useRef<TerminalView>(undefined);
  const status = useStore(session.store, (s) => s.status);

  useEffect(() => {
    const view = createTerminalView(container.current!);
    viewRef.current = view;
    const detach = session.attachTerminal(view);
    window.__sandbox = { terminalLines: () => view.lines(), session };
    return () => {
      detach();
      view.dispose();
    };
  }, [session]);

  return (
    <div className="terminal-pane">
      <div className="terminal-host" ref={container} aria-label="Terminal" />
      {(status === "loading" || status === "starting" || status === "error") && <StartupOverlay session={session} />}
    </div>
  );
}
