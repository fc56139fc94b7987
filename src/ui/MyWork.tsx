// "My work" in the header: download /lab and the progress, or import them (in another browser too).

import { useRef, useState } from "react";
import type { LessonController } from "../app/lesson-controller.ts";
import type { MachineSession } from "../app/machine-session.ts";
import { downloadLab, downloadProgress, importWork } from "../app/work-transfer.ts";

type Outcome = { ok: boolean; text: string } | undefined;

export function MyWork({ session, lessons }: { session: MachineSession; lessons: LessonController }) {
  const [outcome, setOutcome] = useState<Outcome>();
  const input = useRef<HTMLInputElement>(null);
  const run = (work: () => Promise<string>) => {
    setOutcome({ ok: true, text: "Working…" });
    work().then(
      (text) => setOutcome({ ok: true, text }),
      (error: unknown) => setOutcome({ ok: false, text: `Nothing was changed: ${(error as Error).message}` }),
    );
  };
  return (
    <details className="my-work">
      <summary>My work</summary>
      <div className="my-work-menu">
        <button
          type="button"
          onClick={() =>
            run(async () => {
              downloadProgress(lessons);
              await downloadLab(session);
              return "Downloaded your /lab files (.tar.gz) and your progress (.json).";
            })
          }
        >
          Download my work
        </button>
        <button type="button" onClick={() => input.current?.click()}>
          Import…
        </button>
        <input
          ref={input}
          type="file"
          hidden
          multiple
          accept=".gz,.tgz,.json,application/gzip,application/json"
          aria-label="Import work files"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = "";
            if (files.length) run(() => importWork(session, lessons, files));
          }}
        />
        {outcome && (
          <p className={outcome.ok ? "muted" : "error-text"} role={outcome.ok ? "status" : "alert"}>
            {outcome.text}
          </p>
        )}
      </div>
    </details>
  );
}
