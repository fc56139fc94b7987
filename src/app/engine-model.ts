// What the Docker engine holds, for the Architecture view: containers, images, volumes and networks
// with their states. Built from one snapshot of Docker's API, then kept current by Docker's events,
// so the slow agent is asked again only when an event does not say enough.

import { normalizeImageRef } from "../lessons/image-ref.ts";

export type ContainerState = "created" | "running" | "paused" | "restarting" | "removing" | "exited" | "dead";

export interface ContainerObject {
  id: string;
  name: string;
  /** The image as the container was created with it, e.g. "busybox". */
  image: string;
  /** Known from the API; events name the image only as typed. */
  imageId: string | undefined;
  state: ContainerState;
  exitCode: number | undefined;
  /** Commands started with `docker exec` that still run. */
  execs: number;
  /** Names of the volumes it mounts. */
  volumes: string[];
  /** Names of the networks it is attached to. */
  networks: string[];
}

export interface ImageObject {
  id: string;
  /** "repository:tag" for each tag; empty for a dangling image. */
  tags: string[];
}

export interface VolumeObject {
  name: string;
  driver: string;
}

export interface NetworkObject {
  id: string;
  name: string;
  driver: string;
}

/** Each list oldest first, so a new object appears at the end. */
export interface EngineState {
  containers: ContainerObject[];
  images: ImageObject[];
  volumes: VolumeObject[];
  networks: NetworkObject[];
}

/** One line of `docker events --format '{{json .}}'`. */
export interface DockerEvent {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes?: Record<string, string> };
}

/** What to read again from the API because an event did not say enough. */
export type Refresh = { kind: "images" } | { kind: "container"; id: string };

// ---- the API's shapes (only the fields read here) -------------------------------------------

export interface ApiContainer {
  Id: string;
  Names: string[];
  Image: string;
  ImageID: string;
  State: ContainerState;
  /** e.g. "Exited (137) 3 seconds ago" */
  Status: string;
  Mounts: { Type: string; Name?: string }[] | null;
  NetworkSettings: { Networks: Record<string, unknown> | null } | null;
}

export interface ApiContainerInspect {
  Id: string;
  Name: string;
  Image: string;
  Config: { Image: string };
  State: { Status: ContainerState; ExitCode: number };
  Mounts: { Type: string; Name?: string }[] | null;
  NetworkSettings: { Networks: Record<string, unknown> | null } | null;
}

export interface ApiImage {
  Id: string;
  RepoTags: string[] | null;
  Created: number;
}

export interface ApiSnapshot {
  containers: ApiContainer[];
  images: ApiImage[];
  volumes: { Volumes: { Name: string; Driver: string }[] | null };
  networks: { Id: string; Name: string; Driver: string }[];
}

/** The API paths a snapshot reads, one request each. */
export const SNAPSHOT_PATHS = {
  containers: "/containers/json?all=1",
  images: "/images/json",
  volumes: "/volumes",
  networks: "/networks",
} as const;

export const emptyEngine = (): EngineState => ({ containers: [], images: [], volumes: [], networks: [] });

export function fromSnapshot(raw: ApiSnapshot): EngineState {
  return {
    // The API lists the newest container first.
    containers: [...raw.containers].reverse().map((c) => ({
      id: c.Id,
      name: (c.Names[0] ?? c.Id).replace(/^\//, ""),
      image: c.Image,
      imageId: c.ImageID,
      state: c.State,
      exitCode: c.State === "exited" ? Number(/Exited \((\d+)\)/.exec(c.Status)?.[1] ?? 0) : undefined,
      execs: 0,
      volumes: volumeNames(c.Mounts),
      networks: Object.keys(c.NetworkSettings?.Networks ?? {}),
    })),
    images: imagesFrom(raw.images),
    volumes: (raw.volumes.Volumes ?? []).map((v) => ({ name: v.Name, driver: v.Driver })),
    networks: raw.networks.map((n) => ({ id: n.Id, name: n.Name, driver: n.Driver })),
  };
}

/** The image list read again (after an image event that did not name what changed); new images go last. */
export function withImages(state: EngineState, raw: ApiImage[]): EngineState {
  const known = new Map(state.images.map((image, index) => [image.id, index]));
  const placed = imagesFrom(raw).map((image, index) => ({ image, place: known.get(image.id) ?? known.size + index }));
  return { ...state, images: placed.sort((a, b) => a.place - b.place).map((p) => p.image) };
}

/** One container read again; `undefined` when the API no longer knows it. */
export function withContainer(state: EngineState, id: string, raw: ApiContainerInspect | undefined): EngineState {
  if (!raw) return { ...state, containers: state.containers.filter((c) => c.id !== id) };
  const known = state.containers.find((c) => c.id === raw.Id);
  const container: ContainerObject = {
    id: raw.Id,
    name: raw.Name.replace(/^\//, ""),
    image: raw.Config.Image,
    imageId: raw.Image,
    state: raw.State.Status,
    exitCode: raw.State.Status === "exited" ? raw.State.ExitCode : undefined,
    execs: known?.execs ?? 0,
    volumes: volumeNames(raw.Mounts),
    networks: Object.keys(raw.NetworkSettings?.Networks ?? {}),
  };
  return { ...state, containers: upsert(state.containers, container, (c) => c.id === raw.Id) };
}

/** Parses one pushed line; `undefined` for anything that is not an event. */
export function parseEvent(line: string): DockerEvent | undefined {
  try {
    const event = JSON.parse(line) as Partial<DockerEvent>;
    return typeof event.Type === "string" && typeof event.Action === "string" && typeof event.Actor?.ID === "string" ? (event as DockerEvent) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Applies one event. Replaying an event the snapshot already reflects changes nothing, so events
 * that arrive while the snapshot is read can be applied after it.
 */
export function applyEvent(state: EngineState, event: DockerEvent): { state: EngineState; refresh?: Refresh } {
  switch (event.Type) {
    case "container":
      return containerEvent(state, event);
    case "image":
      return imageEvent(state, event);
    case "volume":
      return { state: volumeEvent(state, event) };
    case "network":
      return { state: networkEvent(state, event) };
    default:
      return { state };
  }
}

const STATE_BY_ACTION: Record<string, ContainerState> = {
  start: "running",
  restart: "running",
  unpause: "running",
  pause: "paused",
  die: "exited",
  stop: "exited",
};

function containerEvent(state: EngineState, event: DockerEvent): { state: EngineState; refresh?: Refresh } {
  const id = event.Actor.ID;
  const attributes = event.Actor.Attributes ?? {};
  // exec_create, exec_start and exec_die carry the command after a colon.
  const action = event.Action.split(":")[0]!;
  const known = state.containers.find((c) => c.id === id);
  const update = (change: Partial<ContainerObject>) => ({
    state: { ...state, containers: state.containers.map((c) => (c.id === id ? { ...c, ...change } : c)) },
  });
  if (action === "create") {
    if (known) return { state };
    const container: ContainerObject = {
      id,
      name: attributes.name ?? id.slice(0, 12),
      image: attributes.image ?? "",
      imageId: undefined,
      state: "created",
      exitCode: undefined,
      execs: 0,
      volumes: [],
      networks: [],
    };
    return { state: { ...state, containers: [...state.containers, container] } };
  }
  if (action === "destroy") return { state: { ...state, containers: state.containers.filter((c) => c.id !== id) } };
  const next = STATE_BY_ACTION[action];
  const relevant = next !== undefined || action === "rename" || action === "exec_start" || action === "exec_die";
  if (!relevant) return { state };
  // A container made before the snapshot was read, or one whose create was missed: read it whole.
  if (!known) return { state, refresh: { kind: "container", id } };
  if (action === "rename") return update({ name: attributes.name ?? known.name });
  if (action === "exec_start") return update({ execs: known.execs + 1 });
  if (action === "exec_die") return update({ execs: Math.max(0, known.execs - 1) });
  if (next === "exited") {
    // `stop` follows `die` and says nothing new; only `die` carries the exit code.
    const exitCode = attributes.exitCode !== undefined ? Number(attributes.exitCode) : known.exitCode;
    return update({ state: "exited", exitCode, execs: 0 });
  }
  return update({ state: next, exitCode: undefined });
}

function imageEvent(state: EngineState, event: DockerEvent): { state: EngineState; refresh?: Refresh } {
  const id = event.Actor.ID;
  const known = state.images.find((i) => i.id === id);
  switch (event.Action) {
    case "delete":
      return { state: { ...state, images: state.images.filter((i) => i.id !== id) } };
    case "tag": {
      // A tag moved onto a known image is all the event says; a new image (a build) needs a read.
      const tag = event.Actor.Attributes?.name;
      if (!known || !tag) return { state, refresh: { kind: "images" } };
      const images = state.images.map((i) => (i.id === id ? { ...i, tags: [...new Set([...i.tags, tag])] } : { ...i, tags: i.tags.filter((t) => t !== tag) }));
      return { state: { ...state, images } };
    }
    case "push":
    case "save":
      return { state };
    default:
      // pull, untag, load, import, prune: which image and which tags changed needs a read.
      return { state, refresh: { kind: "images" } };
  }
}

function volumeEvent(state: EngineState, event: DockerEvent): EngineState {
  const name = event.Actor.ID;
  const attributes = event.Actor.Attributes ?? {};
  switch (event.Action) {
    case "create":
      return { ...state, volumes: upsert(state.volumes, { name, driver: attributes.driver ?? "local" }, (v) => v.name === name) };
    case "destroy":
      return { ...state, volumes: state.volumes.filter((v) => v.name !== name) };
    case "mount":
      return attach(state, attributes.container, "volumes", name);
    default:
      // unmount: a stopped container still holds its volumes.
      return state;
  }
}

function networkEvent(state: EngineState, event: DockerEvent): EngineState {
  const id = event.Actor.ID;
  const attributes = event.Actor.Attributes ?? {};
  const name = attributes.name ?? state.networks.find((n) => n.id === id)?.name ?? id.slice(0, 12);
  switch (event.Action) {
    case "create":
      return { ...state, networks: upsert(state.networks, { id, name, driver: attributes.type ?? "bridge" }, (n) => n.id === id) };
    case "destroy":
      return { ...state, networks: state.networks.filter((n) => n.id !== id) };
    case "connect":
      return attach(state, attributes.container, "networks", name);
    case "disconnect": {
      const containers = state.containers.map((c) => (c.id === attributes.container ? { ...c, networks: c.networks.filter((n) => n !== name) } : c));
      return { ...state, containers };
    }
    default:
      return state;
  }
}

function attach(state: EngineState, containerId: string | undefined, list: "volumes" | "networks", name: string): EngineState {
  const containers = state.containers.map((c) => (c.id === containerId && !c[list].includes(name) ? { ...c, [list]: [...c[list], name] } : c));
  return { ...state, containers };
}

function upsert<T>(list: T[], item: T, same: (t: T) => boolean): T[] {
  return list.some(same) ? list.map((t) => (same(t) ? item : t)) : [...list, item];
}

function imagesFrom(raw: ApiImage[]): ImageObject[] {
  return [...raw]
    .sort((a, b) => a.Created - b.Created)
    .map((i) => ({ id: i.Id, tags: (i.RepoTags ?? []).filter((t) => t !== "<none>:<none>") }));
}

function volumeNames(mounts: { Type: string; Name?: string }[] | null): string[] {
  return (mounts ?? []).flatMap((m) => (m.Type === "volume" && m.Name ? [m.Name] : []));
}

// ---- questions the view and the request paths ask ---------------------------------------------

/** The image a reference (as typed, or an id) names, if the engine has it. */
export function findImage(state: EngineState, ref: string): ImageObject | undefined {
  if (/^(sha256:)?[0-9a-f]{12,64}$/.test(ref)) {
    const id = ref.startsWith("sha256:") ? ref : `sha256:${ref}`;
    const byId = state.images.find((i) => i.id.startsWith(id));
    if (byId) return byId;
  }
  const wanted = normalizeImageRef(ref);
  return state.images.find((i) => i.tags.some((t) => normalizeImageRef(t) === wanted));
}

/** A container by name or (a prefix of) its id, as the CLI accepts them. */
export function findContainer(state: EngineState, nameOrId: string): ContainerObject | undefined {
  return state.containers.find((c) => c.name === nameOrId) ?? (nameOrId.length >= 3 ? state.containers.find((c) => c.id.startsWith(nameOrId)) : undefined);
}

export function containersUsingImage(state: EngineState, image: ImageObject): ContainerObject[] {
  return state.containers.filter((c) => c.imageId === image.id || (c.imageId === undefined && findImage(state, c.image) === image));
}

export const OBJECT_GROUPS = ["containers", "images", "volumes", "networks"] as const;
export type GroupId = (typeof OBJECT_GROUPS)[number];

/** How an object reads in the view and to a screen reader: a name and its state in words. */
export interface ObjectLabel {
  key: string;
  name: string;
  /** What the view colours by: a container's state, or used, unused, dangling. */
  tone: string;
  /** The state in a word or two for the diagram; "" when the colour says enough (unused). */
  short: string;
  /** The state in full, for the text summary and the diagram's tooltips. */
  state: string;
}

export function objectLabels(engine: EngineState, group: GroupId): ObjectLabel[] {
  switch (group) {
    case "containers":
      return engine.containers.map(containerLabel);
    case "images":
      return engine.images.map((i) => imageLabel(engine, i));
    case "volumes":
      return engine.volumes.map((v) => volumeLabel(engine, v));
    case "networks":
      return engine.networks.map((n) => networkLabel(engine, n));
  }
}

export function containerLabel(c: ContainerObject): ObjectLabel {
  const short = c.state === "exited" && c.exitCode !== undefined ? `exited (${c.exitCode})` : c.state;
  const execs = c.execs > 0 ? ` · ${c.execs} exec` : "";
  return { key: c.id, name: c.name, tone: c.state, short: short + execs, state: `${short}${execs} · from ${c.image}` };
}

export function imageLabel(engine: EngineState, image: ImageObject): ObjectLabel {
  const users = containersUsingImage(engine, image).length;
  const key = image.id;
  if (image.tags.length === 0) return { key, name: `<none> ${shortId(image.id)}`, tone: "dangling", short: "dangling", state: "dangling (no tag)" };
  const name = image.tags.join(", ");
  if (users === 0) return { key, name, tone: "unused", short: "", state: "unused" };
  return { key, name, tone: "used", short: "in use", state: `used by ${plural(users, "container")}` };
}

export function volumeLabel(engine: EngineState, volume: VolumeObject): ObjectLabel {
  const users = engine.containers.filter((c) => c.volumes.includes(volume.name));
  // Anonymous volumes are named by 64 hex digits.
  const anonymous = /^[0-9a-f]{64}$/.test(volume.name);
  const name = anonymous ? `${volume.name.slice(0, 12)}…` : volume.name;
  const kind = anonymous ? "anonymous, " : "";
  const key = volume.name;
  if (users.length === 0) return { key, name, tone: "unused", short: "", state: `${kind}unused` };
  const mounted = users.some(isUp);
  const state = `${kind}${mounted ? "mounted" : "used"} by ${users.map((c) => c.name).join(", ")}`;
  return { key, name, tone: mounted ? "running" : "used", short: mounted ? "mounted" : "in use", state };
}

export function networkLabel(engine: EngineState, network: NetworkObject): ObjectLabel {
  // Like `docker network inspect`: a stopped container keeps its settings but has no endpoint.
  const users = engine.containers.filter((c) => c.networks.includes(network.name) && isUp(c));
  const attached = users.length === 0 ? "no containers" : users.map((c) => c.name).join(", ");
  return {
    key: network.id,
    name: network.name,
    tone: users.length === 0 ? "unused" : "used",
    short: users.length === 0 ? "" : plural(users.length, "container"),
    state: `${network.driver} · ${attached}`,
  };
}

/** Its processes exist: running, paused or about to restart. */
export function isUp(c: ContainerObject): boolean {
  return c.state === "running" || c.state === "paused" || c.state === "restarting";
}

function shortId(id: string): string {
  return id.replace(/^sha256:/, "").slice(0, 12);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
