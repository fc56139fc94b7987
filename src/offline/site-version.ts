// The page's side of the service worker: registers it (in a build; the dev server has none) and
// reports when a newer build has been fetched and waits, so the learner can switch with a reload.

import { createStore } from "zustand/vanilla";

/** The new build takes about a second to activate; past this, the page reloads to have it activate. */
const ACTIVATION_WAIT_MS = 5000;

export interface SiteVersionState {
  /** A newer build is cached and waits for the page to ask for it. */
  updateReady: boolean;
}

export type SiteVersionStore = ReturnType<typeof createSiteVersionStore>;

const createSiteVersionStore = () => createStore<SiteVersionState>(() => ({ updateReady: false }));

export interface SiteVersion {
  store: SiteVersionStore;
  /** Switch to the waiting build: activates it and reloads the page. */
  update(): Promise<void>;
}

/**
 * BEFORE_SWITCH lets the page save and go quiet first: every request of the page and its workers is
 * an event for the old build's worker, and the new one waits until that worker is idle.
 */
export function watchSiteVersion(scriptUrl: string, beforeSwitch: () => Promise<void>): SiteVersion {
  const store = createSiteVersionStore();
  let registration: ServiceWorkerRegistration | undefined;
  const noteWaiting = () => {
    // A waiting worker while another controls the page is a new build; on a first visit there is none.
    if (registration?.waiting && navigator.serviceWorker.controller) store.setState({ updateReady: true });
  };
  if ("serviceWorker" in navigator && import.meta.env.PROD) {
    navigator.serviceWorker.register(scriptUrl).then(
      (r) => {
        registration = r;
        noteWaiting();
        r.addEventListener("updatefound", () => r.installing?.addEventListener("statechange", noteWaiting));
      },
      // Without one (no https, a private window that refuses) the page works online as before.
      () => undefined,
    );
  }
  return {
    store,
    async update() {
      await beforeSwitch();
      const waiting = registration?.waiting;
      if (!waiting) return location.reload();
      navigator.serviceWorker.addEventListener("controllerchange", () => location.reload(), { once: true });
      waiting.postMessage({ type: "skip-waiting" });
      // Chromium gives up an activation when a request reaches the old worker as it stops for the
      // new one, and asking again does not restart it; a navigation does, once the old worker is idle.
      setTimeout(() => location.reload(), ACTIVATION_WAIT_MS);
    },
  };
}
