import { describe, expect, it } from "vitest";
import { emptyEngine } from "./engine-model.ts";
import type { ContainerObject, EngineState } from "./engine-model.ts";
import { requestPath } from "./request-path.ts";

const container = (name: string, state: ContainerObject["state"]): ContainerObject => ({
  id: `${name}`.padEnd(64, "0"),
  name,
  image: "busybox",
  imageId: "sha256:busybox",
  state,
  exitCode: undefined,
  execs: 0,
  volumes: [],
  networks: [],
});

const engine: EngineState = {
  ...emptyEngine(),
  images: [{ id: "sha256:busybox", tags: ["busybox:latest"] }],
  containers: [container("web", "running"), container("old", "exited")],
};

const stops = (line: string) => requestPath(line, engine)?.stops;

describe("request paths", () => {
  it("listing reaches only dockerd and its records; aliases map the same", () => {
    expect(stops("docker ps")).toEqual(["client", "api", "daemon", "containers"]);
    expect(stops("docker container ls -a")).toEqual(stops("docker ps"));
    expect(stops("docker images")).toEqual(["client", "api", "daemon", "images"]);
    expect(stops("docker image ls")).toEqual(stops("docker images"));
    expect(stops("docker volume ls")).toEqual(["client", "api", "daemon", "volumes"]);
    expect(stops("docker network inspect bridge")).toEqual(["client", "api", "daemon", "networks"]);
    expect(stops("docker version")).toEqual(["client", "api", "daemon"]);
    expect(stops("docker info")).toEqual(["client", "api", "daemon"]);
    expect(stops("docker inspect web")).toEqual(["client", "api", "daemon", "containers"]);
    expect(stops("docker inspect busybox")).toEqual(["client", "api", "daemon", "images"]);
  });

  it("docker run goes all the way to the container, and to the registry when the image is missing", () => {
    expect(stops("docker run -d --name arch-test busybox sleep 60")).toEqual(["client", "api", "daemon", "images", "containerd", "runtime", "containers"]);
    expect(stops("docker run hello-world")).toEqual(["client", "api", "daemon", "registry", "images", "containerd", "runtime", "containers"]);
    expect(stops("docker run --pull always busybox")).toContain("registry");
    expect(stops("docker run -d -p 8080:80 -v data:/data nginx")).toEqual(
      ["client", "api", "daemon", "registry", "images", "volumes", "networks", "containerd", "runtime", "containers"],
    );
    expect(stops("docker create busybox")).toEqual(["client", "api", "daemon", "images", "containers"]);
  });

  it("pull and push go through dockerd to the registry, naming a registry that is not Docker Hub", () => {
    expect(requestPath("docker pull redis", engine)).toMatchObject({ stops: ["client", "api", "daemon", "registry", "images"], registry: undefined });
    expect(requestPath("docker push localhost:5000/app:1.0", engine)).toMatchObject({ stops: ["client", "api", "daemon", "images", "registry"], registry: "localhost:5000" });
    expect(requestPath("docker pull docker.io/library/nginx", engine)?.registry).toBeUndefined();
  });

  it("build runs steps with the runtime and stores an image", () => {
    expect(stops("docker build -t app .")).toEqual(["client", "api", "daemon", "runtime", "images"]);
    expect(stops("docker buildx build -t app .")).toEqual(stops("docker build -t app ."));
  });

  it("process commands go through containerd and the runtime; rm -f only for a running container", () => {
    for (const line of ["docker stop web", "docker container start old", "docker kill web", "docker exec -it web sh", "docker pause web"]) {
      expect(stops(line), line).toEqual(["client", "api", "daemon", "containerd", "runtime", "containers"]);
    }
    expect(stops("docker rm old")).toEqual(["client", "api", "daemon", "containers"]);
    expect(stops("docker rm -f old")).toEqual(["client", "api", "daemon", "containers"]);
    expect(stops("docker rm -f web")).toEqual(["client", "api", "daemon", "containerd", "runtime", "containers"]);
  });

  it("curl on the socket skips the client; the endpoint decides how far it goes", () => {
    const version = requestPath("curl --unix-socket /var/run/docker.sock http://localhost/version", engine);
    expect(version).toMatchObject({ client: "curl", stops: ["client", "api", "daemon"] });
    expect(version?.summary).toContain("curl /version");
    expect(stops("curl -s --unix-socket /var/run/docker.sock http://localhost/v1.48/images/json | head")).toEqual(["client", "api", "daemon", "images"]);
    expect(stops("curl --unix-socket /var/run/docker.sock -X POST http://localhost/containers/web/stop")).toEqual(
      ["client", "api", "daemon", "containerd", "runtime", "containers"],
    );
    expect(stops("curl http://localhost:8080/")).toBeUndefined();
  });

  it("commands that never leave the client, and lines with no docker command", () => {
    expect(stops("docker --help")).toEqual(["client"]);
    expect(stops("docker compose config")).toEqual(["client"]);
    expect(stops("ls -la")).toBeUndefined();
    expect(stops("echo docker ps")).toBeUndefined();
  });

  it("several commands in one line light the union, in order", () => {
    const path = requestPath("docker ps && docker pull redis", engine);
    expect(path?.stops).toEqual(["client", "api", "daemon", "containers", "registry", "images"]);
    expect(path?.summary).toBe("docker ps: dockerd reads or changes its containers. Then: docker pull: dockerd downloads the image's layers from the registry.");
  });

  it("compose up creates networks, volumes and containers; --runtime names the runtime", () => {
    expect(stops("docker compose up -d")).toEqual(["client", "api", "daemon", "networks", "volumes", "images", "containerd", "runtime", "containers"]);
    expect(stops("docker-compose down")).toEqual(["client", "api", "daemon", "containerd", "runtime", "containers", "networks"]);
    expect(requestPath("docker run --runtime runc busybox true", engine)?.runtime).toBe("runc");
  });
});
