import { describe, expect, it } from "vitest";
import { startsContainers } from "./warm-up.ts";

describe("startsContainers", () => {
  it("is true for the commands that start a container, however they are spelled", () => {
    for (const line of ["docker run hello-world", "docker container run -d nginx", "sudo docker run --rm busybox true", "docker start web", "docker restart web", "docker compose up -d", "docker-compose up", "docker compose run web sh", "cd /lab && docker run -it busybox"]) {
      expect(startsContainers(line), line).toBe(true);
    }
  });

  it("is false for commands that only ask Docker, and for docker named but not run", () => {
    for (const line of ["docker ps", "docker version", "docker images", "docker pull nginx", "docker create --name web nginx", "echo docker run hello-world", "# docker run hello-world", "ls"]) {
      expect(startsContainers(line), line).toBe(false);
    }
  });
});
