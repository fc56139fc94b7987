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

/** Prints the four lists as one JSON object; fails if dockerd does not answer one of them. */
const SNAPSHOT_SCRIPT = `set -e
get() { curl -sSf --max-time 60 --unix-socket /var/run/docker.sock "http://docker$1"; }
containers=$(get '${SNAPSHOT_PATHS.containers}')
images=$(get '${SNAPSHOT_PATHS.images}')
volumes=$(get '${SNAPSHOT_PATHS.volumes}')
networks=$(get '${SNAPSHOT_PATHS.networks}')
printf '{"containers":%s,"images":%s,"volumes":%s,"networks":%s}' "$containers" "$images" "$volumes" "$networks"`;

const createEngineViewStore = () => createStore<EngineViewState>(() => ({ engine: undefined, path: undefined, pathActive: false }));

/** How long a path stays lit after its command ends, so a quick command is seen too. */
const AFTERGLOW_MS = 1500;
/** After a failed read, the whole model is read again after this, then twice as long each time. */
const RETRY_MS = 3000;
const MAX_RETRY_MS = 30_000;
/** A read waits this long for the agent: right after a restore or during a pull the machine is busy. */
const READ_TIMEOUT_S = 120;

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
  /** A read failed: the model may be behind Docker until it is read again. */
  let stale = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let retryMs = RETRY_MS;
  /** A read failed (the agent too busy to answer in time): read the whole model again soon, and keep
   * trying, not only after the learner's next command, which may be the one still running or may
   * not come at all (a learner watching the view after a pull). */
  const readFailed = (agent: AgentClient) => {
    stale = true;
    clearTimeout(retry);
    retry = setTimeout(() => {
      if (stale && agent === current) void load(agent);
    }, retryMs);
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  };

  const apply = (event: DockerEvent) => {
    const engine = store.getState().engine;
    if (!engine) return;
    const result = applyEvent(engine, event);
    store.setState({ engine: result.state });
    if (result.refresh && current) void refresh(current, result.refresh);
  };

  const refresh = async (agent: AgentClient, what: Refresh) => {
    if (what.kind === "container") {
      const raw = await agent.api<ApiContainerInspect | { message: string }>(`/containers/${what.id}/json`, READ_TIMEOUT_S).catch(() => undefined);
      const engine = store.getState().engine;
      if (agent !== current || !engine) return;
      if (!raw) readFailed(agent);
      // The API answers an unknown id with {"message": "No such container"}.
      else store.setState({ engine: withContainer(engine, what.id, "Id" in raw ? raw : undefined) });
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
        const raw = await agent.api<ApiImage[]>(SNAPSHOT_PATHS.images, READ_TIMEOUT_S);
        const engine = store.getState().engine;
        if (agent !== current || !engine) return;
        store.setState({ engine: withImages(engine, raw) });
      } while (imagesAgain);
    } catch {
      if (agent === current) readFailed(agent);
    } finally {
      imagesBusy = false;
    }
  };

  const load = async (agent: AgentClient) => {
    // A new machine has none of the old one's objects; a read again keeps showing the old ones meanwhile.
    if (agent !== current) store.setState({ engine: undefined });
    current = agent;
    stale = false;
    clearTimeout(retry);
    queued = [];
    imagesAgain = false;
    try {
      // One request, with time to spare: the agent answers in turn, and right after a restore the
      // machine is busy warming up.
      const { status, output } = await agent.sh(SNAPSHOT_SCRIPT, READ_TIMEOUT_S);
      if (status !== 0) throw new Error(output);
      const snapshot = JSON.parse(output) as ApiSnapshot;
      if (agent !== current) return;
      const pending = queued;
      queued = undefined;
      store.setState({ engine: fromSnapshot(snapshot) });
      retryMs = RETRY_MS;
      pending.forEach(apply);
    } catch {
      // Gone (a reset: the next machine is read whole) or too busy: read again soon, or after the learner's next command.
      if (agent === current) {
        queued = undefined;
        readFailed(agent);
      }
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
          if (stale && current) void load(current);
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
        clearTimeout(retry);
        current = undefined;
      };
    },
  };
}
