import { describe, expect, it } from "vitest";
import { changesPorts, publishedPorts } from "./published-ports.ts";

describe("publishedPorts", () => {
  it("lists each running container's TCP host ports once, by port", () => {
    const ports = publishedPorts([
      {
        Id: "a".repeat(64),
        Names: ["/web"],
        Image: "nginx",
        State: "running",
        Ports: [
          { IP: "0.0.0.0", PrivatePort: 80, PublicPort: 8080, Type: "tcp" },
          { IP: "::", PrivatePort: 80, PublicPort: 8080, Type: "tcp" },
          { PrivatePort: 443, Type: "tcp" },
          { IP: "0.0.0.0", PrivatePort: 53, PublicPort: 5353, Type: "udp" },
        ],
      },
      { Id: "b".repeat(64), Names: ["/api"], Image: "app", State: "running", Ports: [{ IP: "0.0.0.0", PrivatePort: 5000, PublicPort: 5000, Type: "tcp" }] },
      { Id: "c".repeat(64), Names: ["/old"], Image: "nginx", State: "exited", Ports: [{ IP: "0.0.0.0", PrivatePort: 80, PublicPort: 9090, Type: "tcp" }] },
    ]);
    expect(ports).toEqual([
      { hostPort: 5000, containerPort: 5000, container: "api", image: "app" },
      { hostPort: 8080, containerPort: 80, container: "web", image: "nginx" },
    ]);
  });

  it("reacts to container events that start or end a binding, not to others", () => {
    expect(changesPorts({ Type: "container", Action: "start" })).toBe(true);
    expect(changesPorts({ Type: "container", Action: "die" })).toBe(true);
    expect(changesPorts({ Type: "container", Action: "exec_start: sh" })).toBe(false);
    expect(changesPorts({ Type: "image", Action: "pull" })).toBe(false);
  });
});
