// Start-up progress people can read: what happens now and how much is downloaded; on failure,
// the reason and a retry.

import { useStore } from "zustand";
import type { MachineSession } from "../app/machine-session.ts";

const PHASES = { downloading: "Downloading the machine", restoring: "Restoring the machine", starting: "Starting Docker" };

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

export function StartupOverlay({ session }: { session: MachineSession }) {
  const { status, progress, error } = useStore(session.store);
  if (status === "error") {
    return (
      <div className="startup-overlay" role="alert">
        <h2>The machine could not start</h2>
        <p className="error-text">{error}</p>
        <p className="muted">Check your connection, then try again. Your lesson progress is kept.</p>
        <button type="button" onClick={() => session.retry()}>
          Try again
        </button>
      </div>
    );
  }
  const phase = progress?.phase ?? "downloading";
  const fraction = progress && progress.total > 0 ? progress.loaded / progress.total : 0;
  return (
    <div className="startup-overlay" aria-live="polite">
      <h2>{PHASES[phase]}…</h2>
      <progress max={1} value={phase === "downloading" ? fraction : undefined} aria-label={PHASES[phase]} />
      <p className="muted">
        {phase === "downloading" && progress ? `${megabytes(progress.loaded)} of ${megabytes(progress.total)}` : "Almost there"}
      </p>
    </div>
  );
}
