import { describe, expect, it } from "vitest";
import {
  applyEvent,
  containerLabel,
  emptyEngine,
  fromSnapshot,
  imageLabel,
  networkLabel,
  parseEvent,
  volumeLabel,
  withContainer,
  withImages,
} from "./engine-model.ts";
import type { ApiSnapshot, EngineState, Refresh } from "./engine-model.ts";

const CID = "4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b";
const BRIDGE = "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b";
const BUSYBOX = "sha256:1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b";
const HELLO = "sha256:2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c";

let clock = 1_700_000_000;

/** A line as `docker events --format '{{json .}}'` prints it in Docker 28. */
function line(type: string, action: string, id: string, attributes: Record<string, string>): string {
  clock += 1;
  const legacy = type === "container" ? { status: action, id, from: attributes.image } : {};
  return JSON.stringify({ ...legacy, Type: type, Action: action, Actor: { ID: id, Attributes: attributes }, scope: "local", time: clock, timeNano: clock * 1e9 });
}

/** Applies lines in order; collects what the model asks to read again. */
function play(state: EngineState, lines: string[]): { state: EngineState; refreshes: Refresh[] } {
  const refreshes: Refresh[] = [];
  for (const text of lines) {
    const event = parseEvent(text);
    if (!event) throw new Error(`not an event: ${text}`);
    const result = applyEvent(state, event);
    state = result.state;
    if (result.refresh) refreshes.push(result.refresh);
  }
  return { state, refreshes };
}

const snapshot: ApiSnapshot = {
  containers: [
    {
      Id: "c2".padEnd(64, "0"),
      Names: ["/web"],
      Image: "nginx",
      ImageID: "sha256:nginx",
      State: "running",
      Status: "Up 2 minutes",
      Mounts: [{ Type: "volume", Name: "site" }, { Type: "bind" }],
      NetworkSettings: { Networks: { bridge: {} } },
    },
    {
      Id: "c1".padEnd(64, "0"),
      Names: ["/hello"],
      Image: "hello-world",
      ImageID: HELLO,
      State: "exited",
      Status: "Exited (0) 5 minutes ago",
      Mounts: [],
      NetworkSettings: { Networks: { bridge: {} } },
    },
  ],
  images: [
    { Id: BUSYBOX, RepoTags: ["busybox:latest"], Created: 2 },
    { Id: HELLO, RepoTags: ["hello-world:latest"], Created: 1 },
  ],
  volumes: { Volumes: [{ Name: "site", Driver: "local" }] },
  networks: [
    { Id: BRIDGE, Name: "bridge", Driver: "bridge" },
    { Id: "host".padEnd(64, "1"), Name: "host", Driver: "host" },
    { Id: "none".padEnd(64, "2"), Name: "none", Driver: "null" },
  ],
};

describe("snapshot", () => {
  it("reads objects oldest first, with states, exit codes, volumes and networks", () => {
    const state = fromSnapshot(snapshot);
    expect(state.containers.map((c) => [c.name, c.state, c.exitCode, c.volumes, c.networks])).toEqual([
      ["hello", "exited", 0, [], ["bridge"]],
      ["web", "running", undefined, ["site"], ["bridge"]],
    ]);
    expect(state.images.map((i) => i.tags)).toEqual([["hello-world:latest"], ["busybox:latest"]]);
    expect(state.volumes).toEqual([{ name: "site", driver: "local" }]);
    expect(state.networks.map((n) => n.name)).toEqual(["bridge", "host", "none"]);
  });

  it("treats a volume list of null as empty (Docker with no volumes)", () => {
    expect(fromSnapshot({ ...snapshot, volumes: { Volumes: null } }).volumes).toEqual([]);
  });
});

describe("container events", () => {
  const base = fromSnapshot(snapshot);

  it("docker run -d --name arch-test -v data:/data busybox sleep 60, then docker rm -f arch-test", () => {
    const run = play(base, [
      line("volume", "create", "data", { driver: "local" }),
      line("container", "create", CID, { image: "busybox", name: "arch-test" }),
      line("network", "connect", BRIDGE, { container: CID, name: "bridge", type: "bridge" }),
      line("volume", "mount", "data", { container: CID, destination: "/data", driver: "local", propagation: "", "read/write": "true" }),
      line("container", "start", CID, { image: "busybox", name: "arch-test" }),
    ]);
    expect(run.refreshes).toEqual([]);
    const container = run.state.containers.at(-1)!;
    expect(container).toMatchObject({ name: "arch-test", image: "busybox", state: "running", volumes: ["data"], networks: ["bridge"] });
    expect(containerLabel(container)).toMatchObject({ name: "arch-test", tone: "running", state: "running · from busybox" });
    expect(imageLabel(run.state, run.state.images[1]!)).toMatchObject({ name: "busybox:latest", state: "used by 1 container" });
    expect(volumeLabel(run.state, run.state.volumes[1]!)).toMatchObject({ name: "data", state: "mounted by arch-test" });
    expect(networkLabel(run.state, run.state.networks[0]!).state).toBe("bridge · web, arch-test");

    const removed = play(run.state, [
      line("container", "kill", CID, { image: "busybox", name: "arch-test", signal: "9" }),
      line("container", "die", CID, { execDuration: "12", exitCode: "137", image: "busybox", name: "arch-test" }),
      line("network", "disconnect", BRIDGE, { container: CID, name: "bridge", type: "bridge" }),
      line("volume", "unmount", "data", { container: CID, driver: "local" }),
      line("container", "destroy", CID, { image: "busybox", name: "arch-test" }),
    ]);
    expect(removed.state.containers.map((c) => c.name)).toEqual(["hello", "web"]);
    expect(volumeLabel(removed.state, removed.state.volumes[1]!).state).toBe("unused");
    expect(imageLabel(removed.state, removed.state.images[1]!).state).toBe("unused");
  });

  it("follows stop, pause, unpause, restart, rename and exec", () => {
    const created = play(base, [line("container", "create", CID, { image: "busybox", name: "box" }), line("container", "start", CID, { image: "busybox", name: "box" })]).state;
    const states = [
      ["pause", {}, "paused"],
      ["unpause", {}, "running"],
      ["exec_create: sh", { execID: "e1" }, "running"],
      ["exec_start: sh", { execID: "e1" }, "running · 1 exec"],
      ["exec_die", { execID: "e1", exitCode: "0" }, "running"],
      ["kill", { signal: "15" }, "running"],
      ["die", { exitCode: "143" }, "exited (143)"],
      ["stop", {}, "exited (143)"],
      ["start", {}, "running"],
      ["rename", { name: "renamed", oldName: "/box" }, "running"],
    ] as const;
    let state = created;
    for (const [action, attributes, expected] of states) {
      state = play(state, [line("container", action, CID, { image: "busybox", name: "box", ...attributes })]).state;
      expect(containerLabel(state.containers.at(-1)!).state, action).toBe(`${expected} · from busybox`);
    }
    expect(state.containers.at(-1)!.name).toBe("renamed");
  });

  it("replays events the snapshot already shows without changing anything", () => {
    const web = base.containers[1]!;
    const again = play(base, [line("container", "create", web.id, { image: "nginx", name: "web" }), line("container", "start", web.id, { image: "nginx", name: "web" })]);
    expect(again.state.containers).toEqual(base.containers);
  });

  it("asks to read a container it does not know, and reads it whole", () => {
    const { state, refreshes } = play(emptyEngine(), [line("container", "start", CID, { image: "busybox", name: "late" })]);
    expect(refreshes).toEqual([{ kind: "container", id: CID }]);
    const read = withContainer(state, CID, {
      Id: CID,
      Name: "/late",
      Image: BUSYBOX,
      Config: { Image: "busybox" },
      State: { Status: "running", ExitCode: 0 },
      Mounts: null,
      NetworkSettings: { Networks: { bridge: {} } },
    });
    expect(read.containers).toEqual([expect.objectContaining({ name: "late", state: "running", imageId: BUSYBOX, networks: ["bridge"] })]);
    expect(withContainer(read, CID, undefined).containers).toEqual([]);
  });

  it("ignores events that change no state (attach, resize, health checks, top)", () => {
    const { state, refreshes } = play(base, ["attach", "resize", "health_status: healthy", "top", "commit"].map((a) => line("container", a, CID, { name: "x" })));
    expect(state).toEqual(base);
    expect(refreshes).toEqual([]);
  });
});

describe("image events", () => {
  const base = fromSnapshot(snapshot);

  it("a pull asks for the image list; the list read again shows the new image", () => {
    const { refreshes } = play(base, [line("image", "pull", "redis:latest", { name: "redis" })]);
    expect(refreshes).toEqual([{ kind: "images" }]);
    // Created is when the image was built, long before this pull: the new image still goes last.
    const next = withImages(base, [{ Id: "sha256:redis", RepoTags: ["redis:latest"], Created: 0 }, ...snapshot.images]);
    expect(next.images.map((i) => i.tags[0])).toEqual(["hello-world:latest", "busybox:latest", "redis:latest"]);
  });

  it("a tag onto a known image moves the tag without a read; delete removes the image", () => {
    const tagged = play(base, [line("image", "tag", BUSYBOX, { name: "my-box:1.0" })]);
    expect(tagged.refreshes).toEqual([]);
    expect(tagged.state.images[1]!.tags).toEqual(["busybox:latest", "my-box:1.0"]);
    const deleted = play(tagged.state, [line("image", "untag", HELLO, { name: HELLO }), line("image", "delete", HELLO, { name: HELLO })]);
    expect(deleted.refreshes).toEqual([{ kind: "images" }]);
    expect(deleted.state.images.map((i) => i.id)).toEqual([BUSYBOX]);
  });

  it("a build's tag on a new image asks for the list; a dangling image reads as such", () => {
    expect(play(base, [line("image", "tag", "sha256:new", { name: "app:latest" })]).refreshes).toEqual([{ kind: "images" }]);
    const dangling = withImages(base, [{ Id: "sha256:0123456789abcdef", RepoTags: ["<none>:<none>"], Created: 9 }]);
    expect(imageLabel(dangling, dangling.images[0]!)).toMatchObject({ name: "<none> 0123456789ab", tone: "dangling" });
  });
});

describe("volume and network events", () => {
  it("create and destroy", () => {
    const anon = "f".repeat(64);
    const net = "n".padEnd(64, "0");
    const { state } = play(emptyEngine(), [
      line("volume", "create", anon, { driver: "local" }),
      line("network", "create", net, { name: "backend", type: "bridge" }),
    ]);
    expect(volumeLabel(state, state.volumes[0]!)).toMatchObject({ name: "ffffffffffff…", state: "anonymous, unused" });
    expect(networkLabel(state, state.networks[0]!)).toMatchObject({ name: "backend", state: "bridge · no containers" });
    const gone = play(state, [line("volume", "destroy", anon, { driver: "local" }), line("network", "destroy", net, { name: "backend", type: "bridge" })]).state;
    expect(gone).toEqual(emptyEngine());
  });

  it("skips lines that are not events", () => {
    expect(parseEvent("not json")).toBeUndefined();
    expect(parseEvent('{"Type":"container"}')).toBeUndefined();
  });
});
