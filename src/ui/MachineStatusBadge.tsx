// Shows whether the machine is starting, ready for a command, or busy running one; while the
// first docker command of a machine runs, says why it takes longer than the ones after it.

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
  const dockerCold = useStore(store, (s) => s.dockerCold);
  const networkWait = useStore(store, (s) => s.networkWait);
  return (
    <span className={`status-badge status-${status}`} role="status" aria-live="polite" data-status={status}>
      <span className="status-dot" aria-hidden="true" />
      {LABELS[status]}
      {networkWait ? (
        <span className="status-hint">(waiting for the network: this needs a part of the machine not downloaded yet)</span>
      ) : (
        status === "busy" && dockerCold && <span className="status-hint">(the first Docker command after a start takes longer)</span>
      )}
    </span>
  );
}
