// Keeps the Architecture view's model current: one snapshot of Docker's objects per machine (first
// start and every reset), then Docker's events; and the request path of the command the learner runs.
// No polling: the agent is slow and the emulated CPU is needed by the learner's commands.

import { createStore } from "zustand/vanilla";
import type { AgentClient } from "../guest/agent-client.ts";
import { applyEvent, emptyEngine, fromSnapshot, parseEvent, SNAPSHOT_PATHS, withContainer, withImages } from "./engine-model.ts";
import type { ApiContainerInspect, ApiImage, ApiSnapshot, DockerEvent, EngineState, Refresh } from "./engine-model.ts";
import type { MachineSession } from "./machine-session.ts";
import { requestPath } from "./request-path.ts";
import type { RequestPath } from "./request-path.ts";

export interface EngineViewState {
  /** `undefined` until the running machine's objects are read. */
  engine: EngineState | undefined;
  /** The last command's path; stays shown, dimmed, once it is no longer active. */
  path: RequestPath | undefined;
  /** The command still runs, or ended a moment ago. */
  pathActive: boolean;
}

export type EngineViewStore = ReturnType<typeof createEngineViewStore>;

const createEngineViewStore = () => createStore<EngineViewState>(() => ({ engine: undefined, path: undefined, pathActive: false }));

/** How long a path stays lit after its command ends, so a quick command is seen too. */
const AFTERGLOW_MS = 1500;

type Session = Pick<MachineSession, "agent" | "onRunning" | "onPush" | "onCommandStart" | "onCommand">;

/** The store, and `start()` to connect it to the session (returns the disconnect). */
export function createEngineView(session: Session): { store: EngineViewStore; start(): () => void } {
  const store = createEngineViewStore();
  /** The agent whose machine the model describes; answers from an older one are dropped. */
  let current: AgentClient | undefined;
  /** Events that arrive while the snapshot is read, applied after it. */
  let queued: DockerEvent[] | undefined;
  let imagesBusy = false;
  let imagesAgain = false;
  let afterglow: ReturnType<typeof setTimeout> | undefined;

  const apply = (event: DockerEvent) => {
    const engine = store.getState().engine;
    if (!engine) return;
    const result = applyEvent(engine, event);
    store.setState({ engine: result.state });
    if (result.refresh && current) void refresh(current, result.refresh);
  };

  const refresh = async (agent: AgentClient, what: Refresh) => {
    if (what.kind === "container") {
      const raw = await agent.api<ApiContainerInspect | { message: string }>(`/containers/${what.id}/json`).catch(() => undefined);
      const engine = store.getState().engine;
      // The API answers an unknown id with {"message": "No such container"}.
      if (agent === current && engine && raw) store.setState({ engine: withContainer(engine, what.id, "Id" in raw ? raw : undefined) });
      return;
    }
    // One read at a time; events during it ask for one more.
    if (imagesBusy) {
      imagesAgain = true;
      return;
    }
    imagesBusy = true;
    try {
      do {
        imagesAgain = false;
        const raw = await agent.api<ApiImage[]>(SNAPSHOT_PATHS.images);
        const engine = store.getState().engine;
        if (agent !== current || !engine) return;
        store.setState({ engine: withImages(engine, raw) });
      } while (imagesAgain);
    } catch {
      // The machine went away; the next one is read whole.
    } finally {
      imagesBusy = false;
    }
  };

  const load = async (agent: AgentClient) => {
    current = agent;
    queued = [];
    imagesAgain = false;
    store.setState({ engine: undefined });
    try {
      const [containers, images, volumes, networks] = await Promise.all([
        agent.api<ApiSnapshot["containers"]>(SNAPSHOT_PATHS.containers),
        agent.api<ApiSnapshot["images"]>(SNAPSHOT_PATHS.images),
        agent.api<ApiSnapshot["volumes"]>(SNAPSHOT_PATHS.volumes),
        agent.api<ApiSnapshot["networks"]>(SNAPSHOT_PATHS.networks),
      ]);
      if (agent !== current) return;
      const pending = queued;
      queued = undefined;
      store.setState({ engine: fromSnapshot({ containers, images, volumes, networks }) });
      pending.forEach(apply);
    } catch {
      // The machine went away (a reset) before it answered; its successor's onRunning reads again.
      if (agent === current) queued = undefined;
    }
  };

  return {
    store,
    start() {
      const offs = [
        session.onRunning((agent) => void load(agent)),
        session.onPush("docker", (line) => {
          const event = parseEvent(line);
          if (!event) return;
          if (queued) queued.push(event);
          else apply(event);
        }),
        session.onCommandStart((commandLine) => {
          clearTimeout(afterglow);
          const path = requestPath(commandLine, store.getState().engine ?? emptyEngine());
          if (path) store.setState({ path, pathActive: true });
        }),
        session.onCommand(() => {
          clearTimeout(afterglow);
          afterglow = setTimeout(() => store.setState({ pathActive: false }), AFTERGLOW_MS);
        }),
      ];
      // Mounted after the machine came up: read what it has now.
      const agent = session.agent();
      if (agent && agent !== current) void load(agent);
      return () => {
        offs.forEach((off) => off());
        clearTimeout(afterglow);
        current = undefined;
      };
    },
  };
}
