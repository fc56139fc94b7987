import { describe, expect, it } from "vitest";
import { bundledCourse } from "./course-content.ts";
import { lessonBuilds, warmUpsDoneBy } from "./warm-up.ts";

describe("warmUpsDoneBy", () => {
  it("names the run warm-up for the commands that start a container, however they are spelled", () => {
    for (const line of ["docker run hello-world", "docker container run -d nginx", "sudo docker run --rm busybox true", "docker start web", "docker restart web", "docker compose up -d", "docker-compose up", "docker compose run web sh", "cd /lab && docker run -it busybox"]) {
      expect(warmUpsDoneBy(line), line).toEqual(["run"]);
    }
  });

  it("names the build warm-up for the commands that build an image", () => {
    for (const line of ["docker build -t web .", "docker image build .", "docker buildx build --target build .", "docker builder build .", "docker compose build", "docker-compose build --no-cache", "cd /lab/app && docker build -t app ."]) {
      expect(warmUpsDoneBy(line), line).toEqual(["build"]);
    }
    expect(warmUpsDoneBy("docker build -t web . && docker run --rm web")).toEqual(["run", "build"]);
  });

  it("names none for commands that only ask Docker, and for docker named but not run", () => {
    for (const line of ["docker ps", "docker version", "docker images", "docker pull nginx", "docker create --name web nginx", "docker buildx ls", "docker builder prune -f", "echo docker run hello-world", "# docker build .", "ls"]) {
      expect(warmUpsDoneBy(line), line).toEqual([]);
    }
  });
});

describe("lessonBuilds", () => {
  it("is true for the course's lessons whose solutions build, and only for them", () => {
    const builds = bundledCourse().lessons.filter(lessonBuilds).map((lesson) => lesson.id);
    expect(builds).toEqual(expect.arrayContaining(["first-dockerfile", "multi-stage", "compose"]));
    expect(builds).not.toContain("first-container");
    expect(builds).not.toContain("cleanup");
  });
});
