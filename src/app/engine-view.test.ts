import { afterEach, describe, expect, it, vi } from "vitest";
import type { AgentClient } from "../guest/agent-client.ts";
import type { CommandEvent } from "../lessons/probe.ts";
import { createEngineView } from "./engine-view.ts";

const CID = "c".repeat(64);

/** A session whose machine, events and shell the test drives. */
function fakeSession() {
  const handlers = {
    running: [] as ((agent: AgentClient) => void)[],
    docker: [] as ((line: string) => void)[],
    start: [] as ((line: string) => void)[],
    end: [] as ((event: CommandEvent) => void)[],
  };
  const add = <T,>(list: T[]) => (handler: T) => {
    list.push(handler);
    return () => list.splice(list.indexOf(handler), 1);
  };
  return {
    handlers,
    session: {
      agent: () => undefined,
      onRunning: add(handlers.running),
      onPush: (_channel: string, handler: (line: string) => void) => add(handlers.docker)(handler),
      onCommandStart: add(handlers.start),
      onCommand: add(handlers.end),
    },
  };
}

/**
 * An agent answering API paths from a table, and the snapshot script from the same table (unless
 * `failing`); each answer waits for `release()` when held.
 */
function fakeAgent(answers: Record<string, unknown>) {
  const asked: string[] = [];
  let held: (() => void)[] | undefined;
  let failing = false;
  const later = <T,>(answer: () => Promise<T>): Promise<T> => (held ? new Promise((resolve) => held!.push(() => resolve(answer()))) : answer());
  const agent = {
    api: (path: string) => {
      asked.push(path);
      return later(() => (path in answers ? Promise.resolve(structuredClone(answers[path])) : Promise.reject(new Error(`no answer for ${path}`))));
    },
    sh: (script: string) => {
      asked.push("snapshot");
      const lists = ["/containers/json?all=1", "/images/json", "/volumes", "/networks"];
      expect(lists.every((path) => script.includes(path))).toBe(true);
      const [containers, images, volumes, networks] = lists.map((path) => answers[path]);
      const output = failing ? "curl: (7) Couldn't connect" : JSON.stringify({ containers, images, volumes, networks });
      return later(() => Promise.resolve({ status: failing ? 7 : 0, output }));
    },
  };
  return {
    agent: agent as unknown as AgentClient,
    asked,
    fail: (value: boolean) => (failing = value),
    hold: () => (held = []),
    release: () => {
      const waiting = held ?? [];
      held = undefined;
      waiting.forEach((go) => go());
    },
  };
}

const SNAPSHOT = {
  "/containers/json?all=1": [],
  "/images/json": [{ Id: "sha256:busybox", RepoTags: ["busybox:latest"], Created: 1 }],
  "/volumes": { Volumes: null },
  "/networks": [{ Id: "n1", Name: "bridge", Driver: "bridge" }],
};

const event = (type: string, action: string, id: string, attributes: Record<string, string>) =>
  JSON.stringify({ Type: type, Action: action, Actor: { ID: id, Attributes: attributes }, scope: "local", time: 1, timeNano: 1 });

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => vi.useRealTimers());

describe("engine view", () => {
  it("reads one snapshot per machine, applies events queued during it, and reads again after a reset", async () => {
    const { session, handlers } = fakeSession();
    const view = createEngineView(session);
    const stop = view.start();
    const first = fakeAgent(SNAPSHOT);
    first.hold();
    handlers.running.forEach((h) => h(first.agent));
    handlers.docker.forEach((h) => h(event("container", "create", CID, { image: "busybox", name: "early" })));
    expect(view.store.getState().engine).toBeUndefined();
    first.release();
    await flush();
    expect(first.asked).toEqual(["snapshot"]);
    expect(view.store.getState().engine?.containers.map((c) => c.name)).toEqual(["early"]);

    const second = fakeAgent(SNAPSHOT);
    handlers.running.forEach((h) => h(second.agent));
    await flush();
    expect(view.store.getState().engine?.containers).toEqual([]);
    stop();
    expect(handlers.docker).toEqual([]);
  });

  it("reads again after the learner's next command when the snapshot failed", async () => {
    const { session, handlers } = fakeSession();
    const view = createEngineView(session);
    view.start();
    const machine = fakeAgent(SNAPSHOT);
    machine.fail(true);
    handlers.running.forEach((h) => h(machine.agent));
    await flush();
    expect(view.store.getState().engine).toBeUndefined();
    machine.fail(false);
    handlers.end.forEach((h) => h({ commandLine: "ls", exitCode: 0, output: "" }));
    await flush();
    expect(view.store.getState().engine?.images.map((i) => i.tags)).toEqual([["busybox:latest"]]);
    handlers.end.forEach((h) => h({ commandLine: "ls", exitCode: 0, output: "" }));
    expect(machine.asked).toEqual(["snapshot", "snapshot"]);
  });

  it("reads the whole model again a moment after a refresh fails, without waiting for a command", async () => {
    vi.useFakeTimers();
    const { session, handlers } = fakeSession();
    const view = createEngineView(session);
    view.start();
    const answers: Record<string, unknown> = { ...SNAPSHOT };
    const machine = fakeAgent(answers);
    handlers.running.forEach((h) => h(machine.agent));
    await vi.advanceTimersByTimeAsync(0);
    machine.asked.length = 0;
    delete answers["/images/json"];
    handlers.docker.forEach((h) => h(event("image", "pull", "redis:latest", { name: "redis" })));
    await vi.advanceTimersByTimeAsync(0);
    answers["/images/json"] = [...SNAPSHOT["/images/json"], { Id: "sha256:redis", RepoTags: ["redis:latest"], Created: 2 }];
    await vi.advanceTimersByTimeAsync(3000);
    expect(machine.asked).toEqual(["/images/json", "snapshot"]);
    expect(view.store.getState().engine?.images.map((i) => i.tags)).toEqual([["busybox:latest"], ["redis:latest"]]);
  });

  it("keeps reading again, each time after a longer wait, while the agent is too busy, with no command typed", async () => {
    vi.useFakeTimers();
    const { session, handlers } = fakeSession();
    const view = createEngineView(session);
    const stop = view.start();
    const machine = fakeAgent(SNAPSHOT);
    machine.fail(true);
    handlers.running.forEach((h) => h(machine.agent));
    await vi.advanceTimersByTimeAsync(2999);
    expect(machine.asked).toEqual(["snapshot"]);
    await vi.advanceTimersByTimeAsync(1);
    expect(machine.asked).toEqual(["snapshot", "snapshot"]);
    machine.fail(false);
    await vi.advanceTimersByTimeAsync(5999);
    expect(view.store.getState().engine).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(view.store.getState().engine?.images.map((i) => i.tags)).toEqual([["busybox:latest"]]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(machine.asked).toEqual(["snapshot", "snapshot", "snapshot"]);
    stop();
  });

  it("reads the image list once for a burst of image events, and a container it did not know", async () => {
    const { session, handlers } = fakeSession();
    const view = createEngineView(session);
    view.start();
    const machine = fakeAgent({
      ...SNAPSHOT,
      [`/containers/${CID}/json`]: {
        Id: CID,
        Name: "/late",
        Image: "sha256:busybox",
        Config: { Image: "busybox" },
        State: { Status: "running", ExitCode: 0 },
        Mounts: [],
        NetworkSettings: { Networks: { bridge: {} } },
      },
    });
    handlers.running.forEach((h) => h(machine.agent));
    await flush();
    machine.asked.length = 0;
    machine.hold();
    const push = (line: string) => handlers.docker.forEach((h) => h(line));
    push(event("image", "pull", "redis:latest", { name: "redis" }));
    push(event("image", "untag", "sha256:old", { name: "sha256:old" }));
    push(event("image", "pull", "nginx:latest", { name: "nginx" }));
    push(event("container", "start", CID, { image: "busybox", name: "late" }));
    machine.release();
    await flush();
    await flush();
    // One read in flight when the other events came, then one more for them.
    expect(machine.asked.filter((p) => p === "/images/json")).toHaveLength(2);
    expect(view.store.getState().engine?.containers.map((c) => [c.name, c.state])).toEqual([["late", "running"]]);
  });

  it("lights the path of the command that starts, and dims it a moment after it ends", async () => {
    vi.useFakeTimers();
    const { session, handlers } = fakeSession();
    const view = createEngineView(session);
    view.start();
    handlers.start.forEach((h) => h("docker images"));
    expect(view.store.getState()).toMatchObject({ pathActive: true, path: { stops: ["client", "api", "daemon", "images"] } });
    handlers.end.forEach((h) => h({ commandLine: "docker images", exitCode: 0, output: "" }));
    expect(view.store.getState().pathActive).toBe(true);
    vi.advanceTimersByTime(2000);
    expect(view.store.getState()).toMatchObject({ pathActive: false, path: { stops: ["client", "api", "daemon", "images"] } });
    handlers.start.forEach((h) => h("ls -la"));
    expect(view.store.getState().path?.summary).toContain("docker images");
  });
});
