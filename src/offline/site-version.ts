// The page's side of the service worker: registers it (in a build; the dev server has none) and
// reports when a newer build has been fetched and waits, so the learner can switch with a reload.

import { createStore } from "zustand/vanilla";
import { markedForSwitch, withoutSwitchMark } from "./switch-load.ts";

/**
 * How long each ask waits for the new build before the page reloads and asks again. It takes about
 * a second when the old build's worker is idle. The last wait outlasts Chromium's idle timeout of a
 * service worker (30 s): a quiet page then lets the old worker stop, and the new one takes over.
 */
const ACTIVATION_WAITS_MS = [5000, 10_000, 40_000];
/** Kept across the switch's reloads: how many times the page has asked the new build to take over. */
const SWITCH_KEY = "docker-sandbox-switch-attempts";
/** Asks past this give up: the page runs the build it has, and the banner offers the switch again. */
const SWITCH_ATTEMPTS = ACTIVATION_WAITS_MS.length;

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
      askToSwitch(registration?.waiting, 0);
    },
  };
}

/**
 * Called first thing on a page load: when the load is a switch's reload that left the old build
 * running, asks again before the page starts anything that makes requests. True when it asks
 * (the page reloads); false when the page should start as usual.
 */
export async function resumeSwitch(): Promise<boolean> {
  const unmarked = withoutSwitchMark(location.href);
  if (unmarked) history.replaceState(history.state, "", unmarked);
  const attempts = switchAttempts();
  if (!attempts) return false;
  const waiting = "serviceWorker" in navigator ? (await navigator.serviceWorker.getRegistration())?.waiting : undefined;
  if (waiting && attempts >= SWITCH_ATTEMPTS) {
    setSwitchAttempts(0);
    return false;
  }
  // None waiting: the new build took over, maybe while the old one still served this page (seen in
  // CI, the activation landing during the fallback's reload). One more reload loads the new build.
  askToSwitch(waiting, attempts);
  return true;
}

function askToSwitch(waiting: ServiceWorker | null | undefined, attempts: number): void {
  if (!waiting) {
    setSwitchAttempts(0);
    return location.reload();
  }
  setSwitchAttempts(attempts + 1);
  // The new build controls this page: the reload loads it, and it has nothing to ask.
  const switched = () => {
    setSwitchAttempts(0);
    location.reload();
  };
  navigator.serviceWorker.addEventListener("controllerchange", switched, { once: true });
  waiting.postMessage({ type: "skip-waiting" });
  // Chromium gives up an activation when a request reaches the old worker as it stops for the
  // new one, and asking again does not restart it; a navigation can, once the old worker is idle.
  // If that navigation is busy too, the page it loads asks again (resumeSwitch). It goes to the
  // network (switch-load.ts); offline, only the service worker can answer it.
  setTimeout(() => (navigator.onLine ? location.replace(markedForSwitch(location.href)) : location.reload()), ACTIVATION_WAITS_MS[attempts]);
}

// sessionStorage may be refused (a locked-down browser): the switch then has its one try.
function switchAttempts(): number {
  try {
    return Number(sessionStorage.getItem(SWITCH_KEY) ?? 0);
  } catch {
    return 0;
  }
}

function setSwitchAttempts(attempts: number): void {
  try {
    if (attempts) sessionStorage.setItem(SWITCH_KEY, String(attempts));
    else sessionStorage.removeItem(SWITCH_KEY);
  } catch {
    // As above.
  }
}
