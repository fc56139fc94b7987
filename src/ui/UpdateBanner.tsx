// A newer build of the site has been fetched: one click switches to it (the machine is saved, then
// the page reloads).

import { useState } from "react";
import { useStore } from "zustand";
import type { SiteVersion } from "../offline/site-version.ts";

export function UpdateBanner({ version }: { version: SiteVersion }) {
  const ready = useStore(version.store, (s) => s.updateReady);
  const [switching, setSwitching] = useState(false);
  if (!ready) return null;
  return (
    <span className="update-banner" role="status">
      A new version is ready:{" "}
      <button
        type="button"
        disabled={switching}
        onClick={() => {
          setSwitching(true);
          void version.update();
        }}
      >
        {switching ? "Saving, then reloading…" : "Reload"}
      </button>
    </span>
  );
}
