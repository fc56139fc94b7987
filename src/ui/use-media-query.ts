// Whether a CSS media query matches now, re-rendering when that changes (window resize, rotation,
// a system theme or motion setting).

import { useSyncExternalStore } from "react";

export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (changed) => {
      const list = matchMedia(query);
      list.addEventListener("change", changed);
      return () => list.removeEventListener("change", changed);
    },
    () => matchMedia(query).matches,
  );
}

/** Below this width the lesson and the work area no longer fit side by side: one column with tabs. */
export const NARROW_SCREEN = "(max-width: 820px)";
/** Touch screens, whose on-screen keyboard has no Tab, Ctrl, Esc or arrows. */
export const TOUCH_SCREEN = "(pointer: coarse)";
