// Test helper: a Probe answering from literal data, counting calls so tests can assert caching.

import type { ContainerInfo, FileInfo, HttpResult, ImageInfo, NetworkInfo, Probe, VolumeInfo } from "./probe.ts";

export interface FakeMachine {
  containers?: Partial<ContainerInfo>[];
  images?: (Partial<Omit<ImageInfo, "config">> & { config?: Partial<ImageInfo["config"]> })[];
  volumes?: VolumeInfo[];
  networks?: NetworkInfo[];
  files?: Record<string, FileInfo>;
  http?: Record<string, HttpResult>;
}

export type FakeProbe = Probe & { calls: string[]; machine: FakeMachine };

export function container(c: Partial<ContainerInfo>): ContainerInfo {
  return {
    id: "c0ffee",
    name: "web",
    image: "nginx",
    imageId: "sha256:nginx",
    status: "running",
    exitCode: 0,
    ports: [],
    mounts: [],
    env: [],
    entrypoint: null,
    cmd: null,
    networks: ["bridge"],
    labels: {},
    logs: "",
    ...c,
  };
}

export function image(i: FakeMachine["images"] extends (infer T)[] | undefined ? T : never): ImageInfo {
  return {
    id: "sha256:img",
    tags: [],
    history: [],
    layers: 1,
    size: 1e6,
    ...i,
    config: { cmd: null, entrypoint: null, env: [], workingDir: "", user: "", exposedPorts: [], volumes: [], ...i.config },
  };
}

export function fakeProbe(machine: FakeMachine): FakeProbe {
  const calls: string[] = [];
  const answer = <T>(name: string, value: () => T) => {
    calls.push(name);
    return Promise.resolve().then(value);
  };
  return {
    calls,
    machine,
    // Logs only when asked for, as the guest answers: a check that needs them and forgets to ask fails.
    containers: (o) => answer("containers", () => (machine.containers ?? []).map(container).map((c) => (o?.logs ? c : { ...c, logs: "" }))),
    images: () => answer("images", () => (machine.images ?? []).map(image)),
    imageNames: () => answer("image names", () => (machine.images ?? []).map(image).map(({ id, tags }) => ({ id, tags }))),
    volumes: () => answer("volumes", () => machine.volumes ?? []),
    networks: () => answer("networks", () => machine.networks ?? []),
    file: (path) => answer(`file ${path}`, () => machine.files?.[path] ?? { exists: false }),
    http: (url) => answer(`http ${url}`, () => machine.http?.[url] ?? { ok: false, error: "connection refused" }),
  };
}
