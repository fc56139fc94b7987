// A live region, present from the start so screen readers announce what later appears in it:
// each check result of the open lesson. Each result is a new paragraph, so a second "Not yet"
// with the same words is announced again.

import { useStore } from "zustand";
import { checkAnnouncement } from "../app/check-announcement.ts";
import type { LessonController } from "../app/lesson-controller.ts";

const resultIds = new WeakMap<object, number>();
let nextId = 1;
const idOf = (result: object) => resultIds.get(result) ?? resultIds.set(result, nextId++).get(result)!;

export function CheckAnnouncer({ lessons }: { lessons: LessonController }) {
  const session = useStore(lessons.store, (s) => s.session);
  const text = checkAnnouncement(lessons.lesson(session?.lessonId), session);
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="check-announcer">
      {text && <p key={idOf(session!.lastResult!)}>{text}</p>}
    </div>
  );
}
