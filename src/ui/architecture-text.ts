// The words for the engine's parts, shared by the diagram and its text summary for screen readers.

import type { GroupId } from "../app/engine-model.ts";
import type { ComponentId, RequestPath } from "../app/request-path.ts";

export const COMPONENT_TEXT: Record<ComponentId, { name: string; detail: string; role: string }> = {
  client: { name: "docker", detail: "the client (CLI)", role: "turns each command into requests to the REST API" },
  api: { name: "REST API", detail: "/var/run/docker.sock", role: "HTTP on a Unix socket: the way into dockerd" },
  daemon: { name: "dockerd", detail: "the Docker daemon", role: "answers the API; stores images, manages containers, volumes and networks; builds with BuildKit" },
  containerd: { name: "containerd", detail: "container supervisor", role: "keeps the containers' processes on dockerd's behalf" },
  runtime: { name: "crun", detail: "OCI runtime · runc too", role: "creates each container's process in its namespaces and cgroups; the default runtime here (runc is installed too)" },
  registry: {
    name: "Registry",
    detail: "Docker Hub mirror 127.0.0.1:5001",
    role: "stores images for pull and push; here a local mirror stands in for Docker Hub",
  },
};

export const GROUP_TEXT: Record<GroupId, string> = { containers: "Containers", images: "Images", volumes: "Volumes", networks: "Networks" };

/** A component's name and detail as the active request path shows it (`curl`, `runc`, another registry). */
export function componentText(id: ComponentId, path: RequestPath | undefined): { name: string; detail: string } {
  const text = COMPONENT_TEXT[id];
  if (id === "client" && path?.client === "curl") return { name: "curl", detail: "plain HTTP" };
  if (id === "runtime" && path?.runtime) return { name: path.runtime, detail: "OCI runtime, chosen with --runtime" };
  if (id === "registry" && path?.registry) return { name: "Registry", detail: path.registry };
  return text;
}
