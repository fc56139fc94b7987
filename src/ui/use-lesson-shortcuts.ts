// Keyboard shortcuts for the open lesson, anywhere on the page (also in the terminal, whose shell
// reads Ctrl+Enter as plain Enter): Ctrl+Enter checks the step, Ctrl+Shift+Enter shows its next hint.

import { useEffect } from "react";
import type { LessonController } from "../app/lesson-controller.ts";

export const CHECK_SHORTCUT = "Control+Enter";
export const HINT_SHORTCUT = "Control+Shift+Enter";

export function useLessonShortcuts(lessons: LessonController): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Enter" || !event.ctrlKey || event.altKey || event.metaKey) return;
      if (!lessons.store.getState().session?.stepId) return;
      // Captured before the terminal or editor sees the key, so neither also acts on it.
      event.preventDefault();
      event.stopPropagation();
      if (event.shiftKey) lessons.showHint();
      else lessons.check();
    };
    window.addEventListener("keydown", onKey, { capture: true });
    return () => window.removeEventListener("keydown", onKey, { capture: true });
  }, [lessons]);
}
