// Shows whether the machine is starting, ready for a command, or busy running one; while the
// first docker command of a machine runs, says why it takes longer than the ones after it.

import { useStore } from "zustand";
import type { MachineStatus, MachineStore } from "../app/machine-store.ts";
import type { DiskWait } from "../guest/machine-protocol.ts";

const LABELS: Record<MachineStatus, string> = {
  loading: "Starting",
  starting: "Starting Docker",
  ready: "Ready",
  busy: "Busy",
  resetting: "Resetting",
  error: "Stopped",
};

function diskWaitHint(wait: DiskWait): string {
  return wait.reason === "network"
    ? "(waiting for the network: this needs a part of the machine not downloaded yet)"
    : `(waiting for the site: ${wait.detail}. If the site was just updated, reload the page)`;
}

export function MachineStatusBadge({ store }: { store: MachineStore }) {
  const status = useStore(store, (s) => s.status);
  const dockerCold = useStore(store, (s) => s.dockerCold);
  const diskWait = useStore(store, (s) => s.diskWait);
  return (
    <span className={`status-badge status-${status}`} role="status" aria-live="polite" data-status={status}>
      <span className="status-dot" aria-hidden="true" />
      {LABELS[status]}
      {diskWait ? (
        <span className="status-hint">{diskWaitHint(diskWait)}</span>
      ) : (
        status === "busy" && dockerCold && <span className="status-hint">(the first Docker command after a start takes longer)</span>
      )}
    </span>
  );
}
