import { createElement, isValidElement } from "react";
import type { ReactElement, ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { createStore } from "zustand/vanilla";
import type { LessonController, LessonViewState } from "../app/lesson-controller.ts";
import { initialSession, openLesson } from "../lessons/index.ts";
import type { ProgressSnapshot } from "../lessons/index.ts";
import { inlineCourse } from "../lessons/inline-course.ts";
import { LessonPane, Prerequisites } from "./LessonPane.tsx";

const course = inlineCourse({
  basics: { steps: { one: "docker ps", two: "docker images" } },
  images: { steps: { pull: "docker version" } },
  build: { steps: { make: "docker info" }, prerequisites: ["basics", "images"] },
});
const byId = new Map(course.lessons.map((l) => [l.id, l]));

/** The pane's controller with `build` open; only what the pane reads is real. */
function controller(progress: ProgressSnapshot, view: Partial<LessonViewState> = {}) {
  const session = openLesson(initialSession(progress), byId.get("build")!);
  const lessons = {
    store: createStore<LessonViewState>(() => ({ course, loaded: true, session, preparing: false, setupError: undefined, missingSteps: [], replaying: false, ...view })),
    lesson: (id: string | null | undefined) => (id ? byId.get(id) : undefined),
    openLesson: vi.fn(),
  } as unknown as LessonController & { openLesson: ReturnType<typeof vi.fn> };
  return { lessons, session };
}

const done = (...completedSteps: string[]) => ({ completedSteps, hintsShown: {}, solutionShown: [] });

function buttons(node: ReactNode): ReactElement<{ onClick: () => void; children: ReactNode }>[] {
  if (Array.isArray(node)) return node.flatMap(buttons);
  if (!isValidElement<{ children?: ReactNode }>(node)) return [];
  const inner = buttons(node.props.children);
  return node.type === "button" ? [node as ReactElement<{ onClick: () => void; children: ReactNode }>, ...inner] : inner;
}

describe("the lesson pane's prerequisites", () => {
  it("names each prerequisite of the open lesson, marked when every step of it is done", () => {
    // `basics` has a step id of a removed step: it does not count.
    const { lessons } = controller({ basics: done("one", "two"), images: done("gone") });
    const html = renderToStaticMarkup(createElement(LessonPane, { lessons }));
    expect(html).toContain('Builds on: <span data-prerequisite="basics" data-done="true">');
    expect(html).toMatch(/<button[^>]*>basics<\/button><span class="muted"> ✓ done<\/span>/);
    expect(html).toMatch(/<button[^>]*>images<\/button><span class="muted"> \(not done yet\)<\/span>/);
  });

  it("opens a prerequisite when its title is pressed", () => {
    const { lessons, session } = controller({});
    const element = Prerequisites({ lessons, lesson: byId.get("build")!, session });
    const [first, second] = buttons(element);
    expect([first.props.children, second.props.children]).toEqual(["basics", "images"]);
    second.props.onClick();
    expect(lessons.openLesson).toHaveBeenCalledWith("images");
  });

  it("shows nothing for a lesson without prerequisites", () => {
    const { lessons, session } = controller({});
    expect(Prerequisites({ lessons, lesson: byId.get("basics")!, session })).toBeNull();
  });
});

describe("the lesson pane's notice of steps missing from a fresh machine", () => {
  it("shows at once, with its redo held back while the lesson is prepared", () => {
    const notice = (preparing: boolean) => {
      const { lessons } = controller({ build: done("make") }, { missingSteps: ["make"], preparing });
      return renderToStaticMarkup(createElement(LessonPane, { lessons }));
    };
    const html = notice(true);
    expect(html).toContain("Preparing the machine for this lesson…");
    expect(html).toContain("This machine is a fresh one: what you did in the step you completed earlier is not on it");
    expect(html).toMatch(/<button type="button" disabled="">Redo the completed steps<\/button>/);
    expect(notice(false)).toMatch(/<button type="button">Redo the completed steps<\/button>/);
  });
});
