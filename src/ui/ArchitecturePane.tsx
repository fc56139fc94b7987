// Placeholder until the Architecture pane lands.

import type { MachineSession } from "../app/machine-session.ts";
import type { WorkspaceStore } from "../app/workspace-store.ts";

export function ArchitecturePane(_props: { session: MachineSession; workspace: WorkspaceStore; visible: boolean }) {
  return <p className="muted">Coming soon.</p>;
}
