// The lesson engine's Probe, answered by the guest's agent: Docker's API through its socket,
// files under /lab, and HTTP from inside the guest. Raw API JSON is shaped here.

import { fromBase64 } from "../guest/agent-client.ts";
import type { AgentClient } from "../guest/agent-client.ts";
import type { ContainerInfo, ContainerStatus, FileInfo, HttpResult, ImageInfo, ImageName, NetworkInfo, Probe, VolumeInfo } from "../lessons/probe.ts";

const SOCKET = "--unix-socket /var/run/docker.sock";

/** One agent round trip: the guest fetches a list and every item's details, as a JSON array. */
/** A JSON list of ITEM's output for each id the list names. ITEM fails for an object removed since
 * the list was read (a --rm container ending, the warm-up's hello-world): that one is left out. */
export function eachScript(listPath: string, idPattern: string, item: string): string {
  return `set -o pipefail
ids=$(curl -sf ${SOCKET} 'http://docker${listPath}' | { grep -o '${idPattern}' || true; } | cut -d'"' -f4) || exit 1
printf '['; sep=
for id in $ids; do one=$(${item}) || continue; printf '%s%s' "$sep" "$one"; sep=,; done
printf ']'`;
}

interface RawContainer {
  inspect: {
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
  };
  /** base64 of the log stream */
  logs: string;
}

interface RawImage {
  inspect: {
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
  };
  history: { CreatedBy: string; Size: number; Comment: string }[];
}

export class GuestProbe implements Probe {
  constructor(private readonly agent: AgentClient) {}

  private async json<T>(script: string): Promise<T> {
    const { status, output } = await this.agent.sh(script, 60);
    if (status !== 0) throw new Error(`the guest could not answer a probe (exit ${status}): ${output.slice(0, 300)}`);
    return JSON.parse(output) as T;
  }

  async containers(options?: { logs: boolean }): Promise<ContainerInfo[]> {
    const logs = options?.logs ? `curl -sf ${SOCKET} "http://docker/containers/$id/logs?stdout=1&stderr=1&tail=200" | base64 -w0` : "";
    const raw = await this.json<RawContainer[]>(
      eachScript("/containers/json?all=1", '"Id":"[0-9a-f]*"', `i=$(curl -sf ${SOCKET} "http://docker/containers/$id/json") && l=$(${logs}) && printf '{"inspect":%s,"logs":"%s"}' "$i" "$l"`),
    );
    return raw.map(({ inspect: c, logs }) => ({
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
    const raw = await this.json<RawImage[]>(
      eachScript(
        "/images/json",
        '"Id":"sha256:[0-9a-f]*"',
        `i=$(curl -sf ${SOCKET} "http://docker/images/$id/json") && h=$(curl -sf ${SOCKET} "http://docker/images/$id/history") && printf '{"inspect":%s,"history":%s}' "$i" "$h"`,
      ),
    );
    return raw.map(({ inspect: i, history }) => ({
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
    const raw = await this.json<{ Name: string; Driver: string; Containers: Record<string, { Name: string }> | null }[]>(
      eachScript("/networks", '"Id":"[0-9a-f]*"', `curl -sf ${SOCKET} "http://docker/networks/$id"`),
    );
    return raw.map((n) => ({ name: n.Name, driver: n.Driver, containers: Object.values(n.Containers ?? {}).map((c) => c.Name) }));
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
