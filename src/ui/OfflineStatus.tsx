// How much of the machine the browser holds for offline use: the background download's progress
// and size, a control to pause it or start it again, and "Works offline" once all is there.

import { useStore } from "zustand";
import type { MachineSession } from "../app/machine-session.ts";

const megabytes = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;

export function OfflineStatus({ session }: { session: MachineSession }) {
  const offline = useStore(session.store, (s) => s.offline);
  if (!offline) return null;
  const { state, bytes, bytesTotal, chunks, chunksTotal, error } = offline;
  if (state === "done") {
    return (
      <span className="offline-status" data-offline="done" title={`The whole machine (${megabytes(bytesTotal)}) is kept in this browser`}>
        Works offline
      </span>
    );
  }
  const percent = Math.floor((100 * chunks) / Math.max(1, chunksTotal));
  return (
    <span className="offline-status" data-offline={state}>
      {state === "running" ? (
        <>
          <progress max={chunksTotal} value={chunks} aria-label="Making the machine available offline" />
          <span>
            Offline copy {percent} % of {megabytes(bytesTotal)}
          </span>
          <button type="button" onClick={() => session.fetchForOffline(false)}>
            Pause
          </button>
        </>
      ) : (
        <>
          {state === "failed" && <span className="muted" title={error}>Offline copy stopped at {percent} %</span>}
          <button
            type="button"
            onClick={() => session.fetchForOffline(true)}
            title={`Download the rest of the machine's disk (${megabytes(bytesTotal - bytes)}) so every lesson works without a network`}
          >
            Make available offline
          </button>
        </>
      )}
    </span>
  );
}
