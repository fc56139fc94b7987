// The real Docker engine in the guest: run, ports, build, compose, registries.

import { describe, expect, it } from "vitest";
import { retry, useGuest } from "./guest-machine.ts";

describe.sequential("Docker engine in the guest", () => {
  const guest = useGuest();

  it("runs hello-world", async () => {
    const result = await guest.run("docker run --rm hello-world");
    expect(result.exitCode).toBe(0);
    expect(result.output).toContain("Hello from Docker!");
    expect(result.output).toContain("The Docker client contacted the Docker daemon");
  });

  it("starts in /lab as root with every shipped image present", async () => {
    const where = await guest.run("echo $(id -un) $(pwd) $(hostname)");
    expect(where.output.trim()).toBe("root /lab docker-sandbox");
    const images = await guest.run("docker images --format '{{.Repository}}:{{.Tag}}'");
    const tags = images.output.trim().split("\n");
    for (const tag of ["hello-world:latest", "busybox:latest", "debian:trixie-slim", "debian:latest", "debian:13-slim", "python:3-slim", "python:slim", "nginx:latest", "registry:2"]) {
      expect(tags).toContain(tag);
    }
    expect(tags.some((t) => /^python:3\.\d+-slim$/.test(t))).toBe(true);
  });

  it("restores with no trace of how the state was prepared", async () => {
    // save-state zero-fills memory through the OOM killer with the lowmem reserve lifted.
    const history = await guest.run("history | grep -c 'drop_cache[s]\\|lowmem_reserv[e]'");
    expect(history.output.trim()).toBe("0");
    const kernel = await guest.run("dmesg | grep -ci 'out of memor[y]\\|killed proces[s]'; cat /proc/sys/vm/lowmem_reserve_ratio");
    expect(kernel.output.trim().split(/\s+/)).toEqual(["0", "256", "32", "0", "0"]);
  });

  it("measures wide characters as two columns, with go-runewidth's start-up table left unfilled", async () => {
    // `docker ps` cuts COMMAND to 20 columns by go-runewidth's widths (images/lib/go-runewidth-table.py):
    // each of 日本語 takes two, so the cut falls after the seventh, not at the end as with widths of 0 or 1.
    expect((await guest.run("docker create --name wide busybox echo 日本語日本語日本語")).exitCode).toBe(0);
    expect((await guest.run("docker ps -a --filter name=wide --format '{{.Command}}'")).output.trim()).toBe('"echo 日本語日本語日…"');
    await guest.run("docker rm wide");
    // The fill is gone from both Go programs' start: a millisecond figure, not the 0.6-1.7 s it took.
    // (Each runs once first: a program's first start after the restore also reads it from the disk.)
    for (const program of ["docker", "/usr/lib/docker-sandbox/cli-plugins/docker-buildx"]) {
      const trace = await guest.run(`${program} version >/dev/null 2>&1; GODEBUG=inittrace=1 ${program} version 2>&1 >/dev/null | grep 'init github.com/mattn/go-runewidth '`);
      expect(Number(/@\S+ ms, ([\d.]+) ms clock/.exec(trace.output)?.[1]), trace.output).toBeLessThan(100);
    }
  });

  it("starts buildx without initialising its Kubernetes driver", async () => {
    // images/lib/go-skip-kubernetes.py: ~400 initialisers took 0.25 s of every buildx command.
    // A warm start: the first after the restore also reads each initialiser's page from the disk.
    const buildx = "/usr/lib/docker-sandbox/cli-plugins/docker-buildx";
    const trace = await guest.run(`${buildx} version >/dev/null; GODEBUG=inittrace=1 ${buildx} version 2>&1 >/dev/null`);
    const kubernetes = [...trace.output.matchAll(/^init (?:k8s\.io|sigs\.k8s\.io)\/\S+ @\S+ ms, ([\d.]+) ms clock/gm)];
    expect(kubernetes.length, trace.output.slice(-2000)).toBeGreaterThan(100);
    expect(kubernetes.reduce((sum, [, ms]) => sum + Number(ms), 0)).toBeLessThan(50);
    const create = await guest.run("docker buildx create --driver kubernetes --name cluster");
    expect(create.exitCode).not.toBe(0);
    expect(create.output).toMatch(/failed to find driver "kubernetes"/);
  });

  it("reports overlay2 and crun in docker info", async () => {
    const info = await guest.run("docker info --format '{{.Driver}} {{.DefaultRuntime}} {{.CgroupVersion}}'");
    expect(info.output.trim()).toBe("overlay2 crun 2");
  });

  it("publishes a container port: nginx answers on localhost:8080", async () => {
    const run = await guest.run("docker run -d --name web -p 8080:80 nginx");
    expect(run.exitCode).toBe(0);
    const page = await guest.run(retry("curl -sf localhost:8080"));
    expect(page.output).toContain("Welcome to nginx!");
    expect((await guest.run("docker rm -f web")).exitCode).toBe(0);
  });

  it("builds a Dockerfile FROM busybox and runs what it built", async () => {
    await guest.run("mkdir -p /lab/build-test && cd /lab/build-test");
    await guest.run(`printf 'FROM busybox\\nRUN echo "made by RUN at build time" > /message\\nCMD ["cat", "/message"]\\n' > Dockerfile`);
    const build = await guest.run("docker build -t build-test .");
    expect(build.exitCode, build.output).toBe(0);
    // BuildKit, as on a laptop: its step lines, no word about a legacy builder.
    expect(build.output).toMatch(/\[2\/2\] RUN echo "made by RUN at build time"/);
    expect(build.output).toContain("naming to docker.io/library/build-test");
    expect(build.output).not.toMatch(/DEPRECATED|legacy builder/);
    const run = await guest.run("docker run --rm build-test");
    expect(run.output.trim()).toBe("made by RUN at build time");
    const again = await guest.run("docker build --progress=plain -t build-test .");
    expect(again.output).toMatch(/CACHED/);
    await guest.run("cd /lab");
  });

  it("builds multi-stage Dockerfiles, a single stage with --target, and answers buildx and builder commands", async () => {
    await guest.run("mkdir -p /lab/stages-test && cd /lab/stages-test");
    await guest.run(
      `printf 'FROM busybox AS build\\nRUN echo staged > /out\\nCMD ["echo", "build stage"]\\nFROM busybox\\nCOPY --from=build /out /out\\nCMD ["cat", "/out"]\\n' > Dockerfile`,
    );
    expect((await guest.run("docker build -q -t stages-test .")).exitCode).toBe(0);
    expect((await guest.run("docker run --rm stages-test")).output.trim()).toBe("staged");
    expect((await guest.run("docker build -q --target build -t stages-test:build .")).exitCode).toBe(0);
    expect((await guest.run("docker run --rm stages-test:build")).output.trim()).toBe("build stage");
    expect((await guest.run("docker buildx version")).output).toMatch(/github\.com\/docker\/buildx 0\.\d+/);
    expect((await guest.run("docker buildx ls")).output).toMatch(/default\b.*running/);
    expect((await guest.run("docker system df")).output).toMatch(/Build Cache\s+[1-9]/);
    const prune = await guest.run("docker builder prune -af");
    expect(prune.exitCode, prune.output).toBe(0);
    expect(prune.output).toMatch(/Total:/);
    await guest.run("cd /lab");
  });

  it("warms BuildKit with a lint-only build, removing only the build-cache records it made", async () => {
    const ids = "docker buildx du --verbose | sed -n 's/^ID:[[:space:]]*//p' | sort";
    // The learner's own build cache is there to be kept.
    expect((await guest.run("mkdir -p /tmp/own && echo 'FROM busybox' > /tmp/own/Dockerfile && docker build -q /tmp/own")).exitCode).toBe(0);
    const before = (await guest.run(ids)).output;
    expect(before.trim()).not.toBe("");
    const warm = await guest.run("sandbox-warmup build; cat /run/sandbox-warmup.log", 300);
    expect(warm.output).toContain("Check complete");
    // buildx prune lists what it removed: the two records of the check's context (Dockerfile, files).
    expect(warm.output.match(/^[a-z0-9]{25}\*?\s+true\b/gm), warm.output).toHaveLength(2);
    expect((await guest.run(ids)).output).toBe(before);
    expect((await guest.run("ls -d /tmp/tmp.* 2>/dev/null | wc -l")).output.trim()).toBe("0");
    await guest.run("rm -rf /tmp/own");
  });

  it("runs RUN steps with crun, and containers with runc when asked", async () => {
    // BuildKit takes the first runc on dockerd's PATH, which is crun (see images/stages/rootfs.sh).
    await guest.run("mkdir -p /lab/runtime-test && cd /lab/runtime-test");
    await guest.run(`printf 'FROM busybox\\nRUN sleep 8\\n' > Dockerfile`);
    // While the step sleeps, its container is in crun's state folder (runc would use /run/runc).
    const step = await guest.run(
      "(docker build -q -t runtime-test . >/dev/null &); for i in $(seq 60); do p=$(pgrep -f 'buildkit/executor.* run ' | head -1); [ -n \"$p\" ] && break; sleep 0.5; done; " +
        "id=$(ps -o args= -p $p | awk '{print $NF}'); ls -d /run/crun/$id /run/runc/$id 2>/dev/null | sed \"s/$id/ID/\"; sleep 10",
      120,
    );
    expect(step.output.trim()).toBe("/run/crun/ID");
    // --runtime runc is still the real runc: state.json is runc's record of a container (crun keeps "status").
    const runc = await guest.run("id=$(docker run -d --runtime runc --name runc-test busybox sleep 60) && ls /run/docker/runtime-runc/moby/$id/");
    expect(runc.output.trim()).toBe("state.json");
    await guest.run("docker rm -f runc-test; cd /lab");
  });

  it("runs RUN steps on the machine's network unless the build names one", async () => {
    // Docker's default bridge sandbox costs 1-2.5 s a step here (images/stages/rootfs.sh).
    await guest.run("mkdir -p /lab/network-test && cd /lab/network-test");
    await guest.run(`printf 'FROM busybox\\nRUN ls /sys/class/net | tr "\\\\n" " " > /nets\\nCMD ["cat", "/nets"]\\n' > Dockerfile`);
    const builtNetworks = async (build: string) => {
      const built = await guest.run(build);
      expect(built.exitCode, built.output).toBe(0);
      return (await guest.run("docker run --rm network-test")).output.trim();
    };
    const networks = (build: string) => builtNetworks(`${build} -q -t network-test .`);
    expect(await networks("docker build")).toMatch(/\bdocker0\b/);
    expect(await networks("docker buildx build")).toMatch(/\bdocker0\b/);
    expect(await networks("docker build --network=none")).toBe("lo");
    expect(await networks("docker build --network default")).toMatch(/^eth0 lo$/);
    // docker compose build goes through buildx bake: the same default, unless a service names a network.
    const composed = async (build: string) => {
      await guest.run(`printf 'services:\\n  app:\\n    image: network-test\\n    build:\\n      context: .\\n${build}' > compose.yaml`);
      return builtNetworks("docker compose build -q");
    };
    expect(await composed("")).toMatch(/\bdocker0\b/);
    expect(await composed("      network: none\\n")).toBe("lo");
    await guest.run("cd /lab");
  });

  it("builds compose services with BuildKit, as docker-compose build --no-cache too", async () => {
    await guest.run("mkdir -p /lab/compose-build && cd /lab/compose-build");
    await guest.run(`printf 'FROM busybox\\nRUN echo composed > /out\\nCMD ["cat", "/out"]\\n' > Dockerfile`);
    await guest.run(`printf 'services:\\n  app:\\n    build: .\\n    image: compose-build-app\\n' > compose.yaml`);
    const build = await guest.run("docker compose build");
    expect(build.exitCode, build.output).toBe(0);
    expect(build.output).not.toMatch(/DEPRECATED|legacy builder/);
    const seeds = await guest.run("docker-compose build --no-cache");
    expect(seeds.exitCode, seeds.output).toBe(0);
    expect((await guest.run("docker run --rm compose-build-app")).output.trim()).toBe("composed");
    await guest.run("cd /lab");
  });

  it("brings a two-service compose project up and down", async () => {
    await guest.run("mkdir -p /lab/compose-test && cd /lab/compose-test");
    // The client fetches the web service by its service name over the project network.
    await guest.run(
      `printf 'services:\\n  web:\\n    image: nginx\\n  client:\\n    image: busybox\\n    command: ["sh", "-c", "until wget -qO- http://web/; do sleep 1; done; sleep 600"]\\n    depends_on: [web]\\n' > compose.yaml`,
    );
    const up = await guest.run("docker compose up -d");
    expect(up.exitCode, up.output).toBe(0);
    const logs = await guest.run(retry("docker compose logs client | grep -q 'Welcome to nginx!'", 60));
    expect(logs.exitCode).toBe(0);
    const ps = await guest.run("docker compose ps --format '{{.Service}} {{.State}}'");
    expect(ps.output).toMatch(/client running/);
    expect(ps.output).toMatch(/web running/);
    const down = await guest.run("docker compose down");
    expect(down.exitCode, down.output).toBe(0);
    expect((await guest.run("docker ps -aq | wc -l")).output.trim()).toBe("0");
    await guest.run("cd /lab");
  });

  it("pushes to a registry:2 container and pulls the image back", async () => {
    expect((await guest.run("docker run -d --name registry -p 5000:5000 registry:2")).exitCode).toBe(0);
    await guest.run(retry("curl -sf localhost:5000/v2/"));
    expect((await guest.run("docker tag busybox localhost:5000/my-busybox")).exitCode).toBe(0);
    const push = await guest.run("docker push localhost:5000/my-busybox");
    expect(push.exitCode, push.output).toBe(0);
    expect((await guest.run("curl -s localhost:5000/v2/_catalog")).output).toContain("my-busybox");
    expect((await guest.run("docker rmi localhost:5000/my-busybox")).exitCode).toBe(0);
    const pull = await guest.run("docker pull localhost:5000/my-busybox");
    expect(pull.exitCode, pull.output).toBe(0);
    const run = await guest.run("docker run --rm localhost:5000/my-busybox echo pulled back");
    expect(run.output.trim()).toBe("pulled back");
    await guest.run("docker rm -f registry");
  });

  it("pulls from the built-in Docker Hub mirror", async () => {
    const upToDate = await guest.run("docker pull busybox");
    expect(upToDate.exitCode).toBe(0);
    expect(upToDate.output).toContain("Image is up to date for busybox:latest");
    const fresh = await guest.run("docker pull redis");
    expect(fresh.exitCode, fresh.output).toBe(0);
    expect(fresh.output).toContain("Pull complete");
    expect(fresh.output).toContain("Downloaded newer image for redis:latest");
  });

  it("fails fast, with Docker's own error, for an image nobody ships", async () => {
    // The 60 s limit is the hang guard: a lookup with no network must fail, not wait.
    const missing = await guest.run("docker pull no-such-image-anywhere", 60);
    expect(missing.exitCode).not.toBe(0);
    expect(missing.output).toMatch(/Error response from daemon/);
  });
});
