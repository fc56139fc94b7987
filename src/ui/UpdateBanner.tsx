// A newer build of the site has been fetched: one click switches to it (the page reloads).

import { useStore } from "zustand";
import type { SiteVersion } from "../offline/site-version.ts";

export function UpdateBanner({ version }: { version: SiteVersion }) {
  const ready = useStore(version.store, (s) => s.updateReady);
  if (!ready) return null;
  return (
    <span className="update-banner" role="status">
      A new version is ready:{" "}
      <button type="button" onClick={() => version.update()}>
        Reload
      </button>
    </span>
  );
}
