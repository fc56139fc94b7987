// The Architecture tab: a live diagram of the Docker engine, the path of the learner's last request,
// and the same in words for screen readers. Once the tab has been opened, the model follows Docker's
// events also while it is hidden; the graph library loads only then.

import { lazy, Suspense, useEffect, useState } from "react";
import { useStore } from "zustand";
import { OBJECT_GROUPS, objectLabels } from "../app/engine-model.ts";
import { createEngineView } from "../app/engine-view.ts";
import type { EngineViewStore } from "../app/engine-view.ts";
import type { MachineSession } from "../app/machine-session.ts";
import { COMPONENTS } from "../app/request-path.ts";
import type { WorkspaceStore } from "../app/workspace-store.ts";
import { COMPONENT_TEXT, componentText, GROUP_TEXT } from "./architecture-text.ts";
import { useOpenedOnce } from "./use-opened-once.ts";

const ArchitectureDiagram = lazy(() => import("./ArchitectureDiagram.tsx"));

export function ArchitecturePane({ session, visible }: { session: MachineSession; workspace: WorkspaceStore; visible: boolean }) {
  const [view] = useState(() => createEngineView(session));
  const opened = useOpenedOnce(visible);
  // The first read of every object costs the machine seconds of CPU: only for a learner who
  // opens this view, and from then on it follows events even while hidden.
  useEffect(() => (opened ? view.start() : undefined), [view, opened]);
  return (
    <div className="architecture">
      <PathCaption store={view.store} />
      <div className="architecture-diagram">
        {opened && (
          <Suspense fallback={<p className="muted architecture-loading">Loading the diagram…</p>}>
            <ArchitectureDiagram store={view.store} />
          </Suspense>
        )}
      </div>
      <EngineSummary store={view.store} />
    </div>
  );
}

function PathCaption({ store }: { store: EngineViewStore }) {
  const path = useStore(store, (s) => s.path);
  const active = useStore(store, (s) => s.pathActive);
  return (
    <p className={`architecture-caption ${active ? "active" : ""}`} aria-live="polite">
      {path ? (
        <>
          <span className="architecture-caption-label">{active ? "Request" : "Last request"}</span> {path.summary}
        </>
      ) : (
        "Run a docker command: the parts of the engine its request goes through light up."
      )}
    </p>
  );
}

/** The diagram in words: its parts, and every object with its state, announced as they change. */
function EngineSummary({ store }: { store: EngineViewStore }) {
  const engine = useStore(store, (s) => s.engine);
  const path = useStore(store, (s) => (s.pathActive ? s.path : undefined));
  return (
    <section className="visually-hidden" aria-labelledby="engine-in-words">
      {/* Its own heading level: on a narrow screen no lesson heading comes before it. */}
      <h2 id="engine-in-words">The Docker engine in words</h2>
      <h3>Components</h3>
      <ul aria-label="Components">
        {COMPONENTS.map((id) => {
          const { name, detail } = componentText(id, path);
          const passing = path?.stops.includes(id) ? " (the current request passes here)" : "";
          return <li key={id}>{`${name}, ${detail}: ${COMPONENT_TEXT[id].role}${passing}`}</li>;
        })}
      </ul>
      <div aria-live="polite">
        {OBJECT_GROUPS.map((group) => {
          const labels = engine ? objectLabels(engine, group) : [];
          return (
            <div key={group}>
              <h3>{GROUP_TEXT[group]}</h3>
              <ul aria-label={GROUP_TEXT[group]}>
                {labels.map((l) => (
                  <li key={l.key}>{`${l.name}: ${l.state}`}</li>
                ))}
                {labels.length === 0 && <li>{engine ? "none" : "not read yet"}</li>}
              </ul>
            </div>
          );
        })}
      </div>
    </section>
  );
}
