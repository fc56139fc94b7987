// The lesson engine's Probe, answered by the guest's agent: Docker's API through its socket,
// files under /lab, and HTTP from inside the guest. Raw API JSON is shaped here.

import { fromBase64 } from "../guest/agent-client.ts";
import type { AgentClient } from "../guest/agent-client.ts";
import type { ContainerInfo, ContainerStatus, FileInfo, HttpResult, ImageInfo, ImageName, NetworkInfo, Probe, VolumeInfo } from "../lessons/probe.ts";

interface RawContainer {
  Id: string;
  Name: string;
  Config: { Image: string; Env: string[] | null; Entrypoint: string[] | null; Cmd: string[] | null; Labels: Record<string, string> | null; Tty: boolean };
  Image: string;
  State: { Status: ContainerStatus; ExitCode: number };
  HostConfig: {
    PortBindings?: Record<string, { HostIp: string; HostPort: string }[] | null> | null;
    /** `--tmpfs` mounts: Docker lists them here, not in Mounts. */
    Tmpfs?: Record<string, string> | null;
  };
  NetworkSettings: { Networks: Record<string, unknown> | null; Ports?: Record<string, { HostIp: string; HostPort: string }[] | null> | null };
  Mounts: { Type: "volume" | "bind" | "tmpfs"; Name?: string; Source: string; Destination: string }[];
}

interface RawImageInspect {
  Id: string;
  RepoTags: string[] | null;
  Size: number;
  Config: {
    Cmd: string[] | null;
    Entrypoint: string[] | null;
    Env: string[] | null;
    WorkingDir: string;
    User: string;
    ExposedPorts: Record<string, unknown> | null;
    Volumes: Record<string, unknown> | null;
  } | null;
  RootFS: { Layers?: string[] };
}

type RawHistory = { CreatedBy: string; Size: number; Comment: string }[];

export class GuestProbe implements Probe {
  constructor(private readonly agent: AgentClient) {}

  async containers(options?: { logs: boolean }): Promise<ContainerInfo[]> {
    const items = ["/containers/{id}/json", ...(options?.logs ? ["base64:/containers/{id}/logs?stdout=1&stderr=1&tail=200"] : [])];
    const raw = await this.agent.apiEach<[RawContainer, string?]>("/containers/json?all=1", items);
    return raw.map(([c, logs = ""]) => ({
      id: c.Id,
      name: c.Name.replace(/^\//, ""),
      image: c.Config.Image,
      imageId: c.Image,
      status: c.State.Status,
      exitCode: c.State.ExitCode,
      ports: Object.entries(c.NetworkSettings.Ports ?? c.HostConfig.PortBindings ?? {}).flatMap(([port, bindings]) => {
        const [containerPort, protocol] = port.split("/");
        return (bindings ?? []).map((b) => ({
          containerPort: Number(containerPort),
          protocol: (protocol === "udp" ? "udp" : "tcp") as "tcp" | "udp",
          hostIp: b.HostIp,
          hostPort: Number(b.HostPort),
        }));
      }),
      mounts: [
        ...c.Mounts.map((m) => ({ type: m.Type, source: m.Type === "volume" ? (m.Name ?? m.Source) : m.Source, destination: m.Destination })),
        ...Object.keys(c.HostConfig.Tmpfs ?? {}).map((destination) => ({ type: "tmpfs" as const, source: "", destination })),
      ],
      env: c.Config.Env ?? [],
      entrypoint: c.Config.Entrypoint,
      cmd: c.Config.Cmd,
      networks: Object.keys(c.NetworkSettings.Networks ?? {}),
      labels: c.Config.Labels ?? {},
      logs: c.Config.Tty ? decodeBase64Text(logs) : demuxLogs(logs),
    }));
  }

  async images(): Promise<ImageInfo[]> {
    const raw = await this.agent.apiEach<[RawImageInspect, RawHistory]>("/images/json", ["/images/{id}/json", "/images/{id}/history"]);
    return raw.map(([i, history]) => ({
      id: i.Id,
      tags: i.RepoTags ?? [],
      config: {
        cmd: i.Config?.Cmd ?? null,
        entrypoint: i.Config?.Entrypoint ?? null,
        env: i.Config?.Env ?? [],
        workingDir: i.Config?.WorkingDir ?? "",
        user: i.Config?.User ?? "",
        exposedPorts: Object.keys(i.Config?.ExposedPorts ?? {}),
        volumes: Object.keys(i.Config?.Volumes ?? {}),
      },
      history: history.map((h) => ({ createdBy: h.CreatedBy, emptyLayer: h.Size === 0, comment: h.Comment })),
      layers: i.RootFS.Layers?.length ?? 0,
      size: i.Size,
    }));
  }

  async imageNames(): Promise<ImageName[]> {
    const raw = await this.agent.api<{ Id: string; RepoTags: string[] | null }[]>("/images/json");
    return raw.map((i) => ({ id: i.Id, tags: i.RepoTags ?? [] }));
  }

  async volumes(): Promise<VolumeInfo[]> {
    const raw = await this.agent.api<{ Volumes: { Name: string; Driver: string; Labels: Record<string, string> | null }[] | null }>("/volumes");
    return (raw.Volumes ?? []).map((v) => ({ name: v.Name, driver: v.Driver, labels: v.Labels ?? {} }));
  }

  async networks(): Promise<NetworkInfo[]> {
    const raw = await this.agent.apiEach<[{ Name: string; Driver: string; Containers: Record<string, { Name: string }> | null }]>("/networks", ["/networks/{id}"]);
    return raw.map(([n]) => ({ name: n.Name, driver: n.Driver, containers: Object.values(n.Containers ?? {}).map((c) => c.Name) }));
  }

  async file(path: string): Promise<FileInfo> {
    const absolute = path.startsWith("/") ? path : `/lab/${path}`;
    const answer = await this.agent.request("file", [absolute]);
    if (answer.status === 1) return { exists: false };
    if (answer.status === 2) return { exists: true, kind: "directory" };
    if (answer.status !== 0) throw new Error(`could not read ${absolute}: ${answer.text()}`);
    const isText = answer.data.length <= 64 * 1024 && !answer.data.includes(0);
    return isText ? { exists: true, kind: "file", content: answer.text() } : { exists: true, kind: "file" };
  }

  async http(url: string, waitS = 0): Promise<HttpResult> {
    const deadline = Date.now() + waitS * 1000;
    for (;;) {
      const answer = await this.agent.request("http", [url], 20);
      const text = answer.text();
      if (answer.status === 0) {
        const newline = text.indexOf("\n");
        return { ok: true, status: Number(text.slice(0, newline)), body: text.slice(newline + 1) };
      }
      if (Date.now() >= deadline) return { ok: false, error: text.trim() || "no answer" };
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

function decodeBase64Text(text: string): string {
  return new TextDecoder().decode(fromBase64(text));
}

/** Docker multiplexes stdout and stderr of a container without a TTY: 8-byte frame headers. */
export function demuxLogs(base64: string): string {
  const bytes = fromBase64(base64);
  const out: Uint8Array[] = [];
  let at = 0;
  while (at + 8 <= bytes.length) {
    const size = ((bytes[at + 4]! << 24) | (bytes[at + 5]! << 16) | (bytes[at + 6]! << 8) | bytes[at + 7]!) >>> 0;
    out.push(bytes.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  const joined = new Uint8Array(out.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of out) {
    joined.set(part, offset);
    offset += part.length;
  }
  return new TextDecoder().decode(joined);
}
