// The ports containers publish on the machine, from Docker's container list: what the preview
// offers to open. Docker lists a binding once per address family; the preview needs each port once.

/** The fields of GET /containers/json this module reads. */
export interface ListedContainer {
  Id: string;
  Names: string[];
  Image: string;
  State: string;
  Ports: { IP?: string; PrivatePort: number; PublicPort?: number; Type: string }[];
}

export interface PublishedPort {
  hostPort: number;
  containerPort: number;
  /** Container name without Docker's leading slash. */
  container: string;
  image: string;
}

export function publishedPorts(containers: readonly ListedContainer[]): PublishedPort[] {
  const byPort = new Map<number, PublishedPort>();
  for (const c of containers) {
    if (c.State !== "running") continue;
    for (const p of c.Ports) {
      if (p.Type !== "tcp" || !p.PublicPort || byPort.has(p.PublicPort)) continue;
      byPort.set(p.PublicPort, {
        hostPort: p.PublicPort,
        containerPort: p.PrivatePort,
        container: (c.Names[0] ?? c.Id.slice(0, 12)).replace(/^\//, ""),
        image: c.Image,
      });
    }
  }
  return [...byPort.values()].sort((a, b) => a.hostPort - b.hostPort);
}

/** Docker events after which the published ports may differ. */
export function changesPorts(event: { Type?: string; Action?: string }): boolean {
  return event.Type === "container" && ["start", "die", "destroy", "pause", "unpause", "rename"].includes(event.Action ?? "");
}
