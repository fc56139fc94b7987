// A live region, present from the start so screen readers announce what later appears in it:
// each check result of the open lesson.

import { useStore } from "zustand";
import { checkAnnouncement } from "../app/check-announcement.ts";
import type { LessonController } from "../app/lesson-controller.ts";

export function CheckAnnouncer({ lessons }: { lessons: LessonController }) {
  const session = useStore(lessons.store, (s) => s.session);
  const text = checkAnnouncement(lessons.lesson(session?.lessonId), session);
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="check-announcer">
      {text}
    </div>
  );
}
