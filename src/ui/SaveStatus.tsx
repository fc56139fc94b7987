// Whether the learner's machine is kept in the browser: when it was last saved (or resumed from),
// a save under way, and, plainly, when the browser refused to store it or a save could not be resumed.

import { useStore } from "zustand";
import type { MachineStore } from "../app/machine-store.ts";

const clock = (at: number) => new Date(at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

export function SaveStatus({ store }: { store: MachineStore }) {
  const { saving, lastSave, resumedFrom, saveError, notice } = useStore(store);
  const savedAt = lastSave?.savedAt ?? resumedFrom;
  return (
    <>
      {saveError ? (
        <span className="save-status save-error" role="alert">
          {saveError}
        </span>
      ) : (
        <span className="save-status" data-saved-at={savedAt} title="Your machine is kept in this browser and resumes when you come back">
          {saving ? "Saving…" : savedAt ? `Saved ${clock(savedAt)}` : ""}
        </span>
      )}
      {notice && (
        <span className="save-notice" role="status">
          {notice}
        </span>
      )}
    </>
  );
}
