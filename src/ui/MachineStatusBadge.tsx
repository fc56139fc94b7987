// Shows whether the machine is starting, ready for a command, or busy running one.

import { useStore } from "zustand";
import type { MachineStatus, MachineStore } from "../app/machine-store.ts";

const LABELS: Record<MachineStatus, string> = {
  loading: "Starting",
  starting: "Starting Docker",
  ready: "Ready",
  busy: "Busy",
  resetting: "Resetting",
  error: "Stopped",
};

export function MachineStatusBadge({ store }: { store: MachineStore }) {
  const status = useStore(store, (s) => s.status);
  return (
    <span className={`status-badge status-${status}`} role="status" aria-live="polite" data-status={status}>
      <span className="status-dot" aria-hidden="true" />
      {LABELS[status]}
    </span>
  );
}
