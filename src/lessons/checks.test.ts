import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { describeCheck, evaluateCheck } from "./checks.ts";
import { fakeProbe } from "./fake-probe.ts";
import type { FakeMachine } from "./fake-probe.ts";
import type { CommandEvent } from "./probe.ts";
import { CheckSchema } from "./schema.ts";
import type { Check } from "./schema.ts";

/** A check as a teacher writes it in lesson.md. */
const check = (yaml: string): Check => CheckSchema.parse(parseYaml(yaml));
const ran = (commandLine: string, exitCode = 0, output = ""): CommandEvent => ({ commandLine, exitCode, output });

async function run(spec: string, machine: FakeMachine = {}, commands: CommandEvent[] = []) {
  return evaluateCheck(check(spec), { commands, probe: fakeProbe(machine) });
}

const HELLO = "\nHello from Docker!\nThis message shows that your installation appears to be working correctly.\n";

describe("command checks", () => {
  it("pass on a matching command that succeeded", async () => {
    expect(await run("command: docker run hello-world", {}, [ran("docker run hello-world", 0, HELLO)])).toEqual({ passed: true, details: [] });
  });

  it("never pass on a command that failed", async () => {
    const r = await run("command: docker run hello-world", {}, [ran("docker run hello-world", 1, "docker: error")]);
    expect(r).toEqual({
      passed: false,
      details: ["`docker run hello-world` failed (exit code 1); read its error message, fix it and run it again."],
    });
  });

  it("do not pass on a docker command that was only echoed", async () => {
    const r = await run("command: docker run hello-world", {}, [ran("echo docker run hello-world", 0, "docker run hello-world")]);
    expect(r).toEqual({ passed: false, details: ["Run `docker run` (not seen in this step yet)."] });
  });

  it("explain a near miss without giving the answer away", async () => {
    const r = await run("command: docker run hello-world", {}, [ran("docker run hello", 125)]);
    expect(r.details).toEqual(["`docker run hello` is close: `hello` is not what this step asks for here."]);
  });

  it("accept an expected failure when the teacher asks for one", async () => {
    expect((await run("command: { run: docker rm web, exitCode: nonzero }", {}, [ran("docker rm web", 1)])).passed).toBe(true);
    expect((await run("command: { run: docker rm web, exitCode: any }", {}, [ran("docker rm web", 0)])).passed).toBe(true);
    expect((await run("command: { run: docker rm web, exitCode: nonzero }", {}, [ran("docker rm web", 0)])).passed).toBe(false);
  });

  it("look at the output, with terminal escapes removed", async () => {
    const spec = "command: { run: docker run hello-world, output: Hello from Docker! }";
    expect((await run(spec, {}, [ran("docker run hello-world", 0, "\x1b[1mHello from\x1b[0m Docker!\r\n")])).passed).toBe(true);
    expect((await run(spec, {}, [ran("docker run hello-world", 0, "nothing")])).details).toEqual([
      'The output of `docker run hello-world` does not contain "Hello from Docker!".',
    ]);
    expect((await run("command: { run: docker version, output: { matches: '^Server:', ignoreCase: true } }", {}, [ran("docker version", 0, "Client:\nserver:\n")])).passed).toBe(
      true,
    );
  });

  it("with logsOf, accept any part of the end of that container's logs, and no other container's", async () => {
    const log = `${HELLO}\nFor more examples and ideas, visit:\n https://docs.docker.com/get-started/\n\n`;
    const machine: FakeMachine = {
      containers: [
        { name: "quirky_turing", image: "hello-world", imageId: "sha256:hello", status: "exited", exitCode: 0, logs: log },
        { name: "fake", image: "busybox", imageId: "sha256:busybox", status: "exited", exitCode: 0, logs: "Hello from Docker!\n" },
      ],
    };
    const spec = "command: { run: docker logs <container>, logsOf: { image: hello-world } }";
    const logs = (line: string, output: string) => run(spec, machine, [ran(line, 0, output)]);
    expect((await logs("docker logs quirky_turing", log.replace(/\n/g, "\r\n"))).passed).toBe(true);
    expect((await logs("docker logs --tail 3 quirky_turing", "For more examples and ideas, visit:\n https://docs.docker.com/get-started/\n\n")).passed).toBe(true);
    const stamp = "2025-11-30T09:12:01.123456789Z";
    expect((await logs("docker logs -t -n 3 quirky_turing", `${stamp}  https://docs.docker.com/get-started/\n${stamp}\n`)).passed).toBe(true);
    // Another container's logs, however alike, nothing at all, or words the log does not hold.
    expect((await logs("docker logs fake", "Hello from Docker!\n")).details).toEqual([
      "What `docker logs fake` printed is not the end of the logs of a container from image `hello-world`.",
    ]);
    expect((await logs("docker logs --tail 0 quirky_turing", "")).passed).toBe(false);
    expect((await logs("docker logs quirky_turing", "Hello from Docker!\nand a line of my own\n")).passed).toBe(false);
    expect((await run(spec, {}, [ran("docker logs quirky_turing", 0, log)])).passed).toBe(false);
  });

  it("credit the line's exit code only to the command it comes from", async () => {
    const version = "command: docker version";
    expect((await run(version, {}, [ran("docker version && echo ok")])).passed).toBe(true);
    expect((await run(version, {}, [ran("echo hi; docker version")])).passed).toBe(true);
    expect((await run(version, {}, [ran("true || docker version")])).passed).toBe(false);
    expect((await run(version, {}, [ran("docker version || true")])).passed).toBe(false);
    expect((await run("command: docker ps", {}, [ran("docker ps | tee x")])).passed).toBe(false);
    expect((await run("command: docker pause web", {}, [ran("docker pause web || true")])).details).toEqual([
      "`docker pause web || true` ended with exit code 0, which may come from another command on that line, not `docker pause`: run it on a line of its own.",
    ]);
    // An expected failure: the last command's own code, unless && may have skipped it.
    expect((await run("command: { run: docker rm web, exitCode: nonzero }", {}, [ran("false || docker rm web", 1)])).passed).toBe(true);
    expect((await run("command: { run: docker rm web, exitCode: nonzero }", {}, [ran("false && docker rm web", 1)])).passed).toBe(false);
    // "any" asks only that the command was run: anywhere on the line.
    expect((await run("command: { run: docker stats ..., exitCode: any }", {}, [ran("docker stats --no-stream | grep MEM", 1)])).passed).toBe(true);
  });

  it("refuse a --format of the learner's own where the step reads the output", async () => {
    const spec = "command: { run: docker history my-app, output: WORKDIR /app }";
    expect((await run(spec, {}, [ran("docker history my-app", 0, "WORKDIR /app")])).passed).toBe(true);
    expect((await run(spec, {}, [ran("docker history --format 'WORKDIR /app' my-app", 0, "WORKDIR /app")])).details).toEqual([
      "`docker history --format 'WORKDIR /app' my-app` is close: --format `WORKDIR /app` prints words of its own; this step reads what Docker prints.",
    ]);
    // Fields and table layouts print only what Docker holds.
    expect((await run(spec, {}, [ran("docker history --format 'table {{.CreatedBy}}\\t{{.Size}}' my-app", 0, "WORKDIR /app")])).passed).toBe(true);
    // Without an output to read, --format is just another way to look.
    expect((await run("command: docker history my-app", {}, [ran("docker history --format '{{.Size}}' my-app")])).passed).toBe(true);
  });

  it("never pass on --help, which runs nothing", async () => {
    expect((await run("command: docker version", {}, [ran("docker version --help")])).details).toEqual([
      "`docker version --help` is close: `--help` (`-h`) only prints help and runs nothing.",
    ]);
    expect((await run("command: { run: docker compose up, exitCode: any }", {}, [ran("docker compose up -h")])).passed).toBe(false);
  });

  it("pass when any command of the step matched, even an older one", async () => {
    const r = await run("command: docker ps -a", {}, [ran("docker ps -a"), ran("docker images")]);
    expect(r.passed).toBe(true);
  });
});

describe("image checks", () => {
  const machine: FakeMachine = {
    images: [
      {
        id: "sha256:app",
        tags: ["my-app:1.0"],
        config: { cmd: ["python3", "app.py"], entrypoint: null, env: ["PATH=/usr/bin", "APP_ENV=prod"], workingDir: "/app", exposedPorts: ["80/tcp"] },
        history: [{ createdBy: "COPY app.py /app/ # buildkit", emptyLayer: false, comment: "buildkit.dockerfile.v0" }],
      },
      { id: "sha256:nginx", tags: ["nginx:latest"] },
    ],
  };

  it("find an image by any spelling of its reference", async () => {
    for (const ref of ["nginx", "nginx:latest", "docker.io/library/nginx:latest", "library/nginx"]) {
      expect((await run(`image: { ref: "${ref}" }`, machine)).passed).toBe(true);
    }
    expect((await run("image: { ref: nginx:1.27 }", machine)).details).toEqual(["There is no image `nginx:1.27` yet (`docker images` lists them)."]);
  });

  it("compare its configuration", async () => {
    const ok = "image: { ref: my-app:1.0, cmd: [python3, app.py], env: [APP_ENV=prod, PATH], workdir: /app/, exposes: [80], history: { matches: '^COPY app\\.py' } }";
    expect(await run(ok, machine)).toEqual({ passed: true, details: [] });
    const bad = "image: { ref: my-app:1.0, cmd: python3 app.py, entrypoint: [python3], exposes: [8080], history: RUN pip }";
    expect((await run(bad, machine)).details).toEqual([
      'Image `my-app:1.0`: its Cmd is `["python3","app.py"]`, the step wants `["/bin/sh","-c","python3 app.py"]`.',
      'Image `my-app:1.0`: its Entrypoint is `[]`, the step wants `["python3"]`.',
      "Image `my-app:1.0`: it does not expose `8080/tcp`.",
      'Image `my-app:1.0`: none of its history lines contain "RUN pip".',
    ]);
  });

  it("compare its size with a limit, in docker's units", async () => {
    const sized: FakeMachine = { images: [{ id: "sha256:site", tags: ["site:latest"], size: 4_420_000 }] };
    expect((await run('image: { ref: site, maxSize: "5MB" }', sized)).passed).toBe(true);
    expect((await run('image: { ref: site, maxSize: "4.42 MB" }', sized)).passed).toBe(true);
    expect((await run('image: { ref: site, maxSize: "4000kB" }', sized)).details).toEqual([
      "Image `site`: it is 4.42MB, the step wants at most 4MB.",
    ]);
  });
});

describe("container checks", () => {
  const machine: FakeMachine = {
    images: [{ id: "sha256:nginx", tags: ["nginx:latest", "nginx:stable"] }],
    containers: [
      {
        name: "web",
        image: "nginx",
        imageId: "sha256:nginx",
        status: "running",
        ports: [{ containerPort: 80, protocol: "tcp", hostIp: "0.0.0.0", hostPort: 8080 }],
        mounts: [
          { type: "volume", source: "data", destination: "/data" },
          { type: "bind", source: "/lab/site", destination: "/usr/share/nginx/html" },
        ],
        env: ["FOO=bar"],
        networks: ["appnet"],
        labels: { tier: "front" },
        entrypoint: ["/docker-entrypoint.sh"],
        cmd: ["nginx", "-g", "daemon off;"],
        logs: "GET / 200",
      },
      { name: "quirky_turing", image: "hello-world", imageId: "sha256:hello", status: "exited", exitCode: 0 },
      { name: "sad_babbage", image: "busybox", imageId: "sha256:bb", status: "exited", exitCode: 3 },
    ],
  };

  it("match every property of one container", async () => {
    const spec = `container:
      name: web
      image: docker.io/library/nginx:latest
      status: running
      ports: ["8080:80", "8080:80/tcp", 80]
      mounts: ["data:/data", "/lab/site:/usr/share/nginx/html/", { type: volume, target: /data }]
      env: [FOO=bar, FOO]
      networks: [appnet]
      labels: { tier: front }
      logs: GET /`;
    expect(await run(spec, machine)).toEqual({ passed: true, details: [] });
  });

  it("say what differs on the closest container", async () => {
    const spec = "container: { name: web, status: exited, ports: ['8081:80'], mounts: ['other:/data'], env: [FOO=baz], networks: [backend], logs: POST }";
    expect((await run(spec, machine)).details).toEqual([
      "Container `web`: it is running, the step wants it exited.",
      "Container `web`: it does not publish `8081:80`.",
      "Container `web`: it has no volume `other` at `/data`.",
      "Container `web`: its environment has no `FOO=baz`.",
      "Container `web`: it is not attached to network `backend`.",
      'Container `web`: its logs do not contain "POST".',
    ]);
  });

  it("compare its Entrypoint and Cmd exactly, as docker inspect shows them", async () => {
    expect((await run("container: { name: web, entrypoint: [/docker-entrypoint.sh], cmd: [nginx, -g, daemon off;] }", machine)).passed).toBe(true);
    expect((await run("container: { name: web, entrypoint: [/docker-entrypoint.sh], cmd: [nginx] }", machine)).details).toEqual([
      'Container `web`: its Cmd is `["nginx","-g","daemon off;"]`, the step wants `["nginx"]`.',
    ]);
    // A string is the shell form; unset compares as [].
    expect((await run("container: { name: web, entrypoint: nginx -g 'daemon off;' }", machine)).details).toEqual([
      'Container `web`: its Entrypoint is `["/docker-entrypoint.sh"]`, the step wants `["/bin/sh","-c","nginx -g \'daemon off;\'"]`.',
    ]);
    expect((await run("container: { name: quirky_turing, entrypoint: [], cmd: [] }", machine)).passed).toBe(true);
  });

  it("select by image, also through another tag of the same image", async () => {
    expect((await run("container: { image: nginx:stable }", machine)).passed).toBe(true);
    expect((await run("container: { image: hello-world, exitCode: 0 }", machine)).passed).toBe(true);
    expect((await run("container: { image: busybox, exitCode: 0 }", machine)).details).toEqual([
      "Container `sad_babbage`: it exited with code 3, the step wants 0.",
    ]);
    expect((await run("container: { image: redis }", machine)).details).toEqual([
      "There is no container from image `redis` (`docker ps -a` lists them all).",
    ]);
  });

  it("ask the machine once per evaluation however many parts look", async () => {
    const probe = fakeProbe(machine);
    const spec = check("all: [{ container: { name: web } }, { container: { image: nginx:stable } }, { not: { container: { image: redis } } }, { image: { ref: nginx } }]");
    expect((await evaluateCheck(spec, { commands: [], probe })).passed).toBe(true);
    // Names only: no part looks at an image's configuration.
    expect(probe.calls.sort()).toEqual(["containers", "image names"]);
    // A new evaluation asks again: the state may have changed.
    await evaluateCheck(spec, { commands: [], probe });
    expect(probe.calls.filter((c) => c === "containers")).toHaveLength(2);
  });
});

describe("volume, network, file and http checks", () => {
  const machine: FakeMachine = {
    volumes: [{ name: "data", driver: "local", labels: {} }],
    networks: [{ name: "appnet", driver: "bridge", containers: ["web", "db"] }],
    files: {
      "/lab/Dockerfile": { exists: true, kind: "file", content: "FROM nginx\nEXPOSE 80\n" },
      "/lab/site": { exists: true, kind: "directory" },
    },
    http: {
      "http://localhost:8080/": { ok: true, status: 200, body: "<h1>Welcome to nginx!</h1>" },
      "http://localhost:8080/missing": { ok: true, status: 404, body: "Not Found" },
    },
  };

  it("pass when the state is there", async () => {
    for (const spec of [
      "volume: { name: data, driver: local }",
      "network: { name: appnet, driver: bridge, containers: [web, db] }",
      "file: { path: Dockerfile, content: EXPOSE 80 }",
      "file: { path: /lab/Dockerfile, kind: file, content: { matches: '^FROM nginx$' } }",
      "file: { path: site, kind: directory }",
      "file: { path: /lab/old.txt, exists: false }",
      "http: { url: 'http://localhost:8080/', body: Welcome to nginx! }",
      "http: { url: 'http://localhost:8080/missing', status: 404 }",
    ]) {
      expect(await run(spec, machine), spec).toEqual({ passed: true, details: [] });
    }
  });

  it("say what is missing", async () => {
    const details = async (spec: string) => (await run(spec, machine)).details;
    expect(await details("volume: { name: cache }")).toEqual(["There is no volume `cache` (`docker volume ls` lists them)."]);
    expect(await details("network: { name: appnet, containers: [web, api] }")).toEqual(["Network `appnet`: container `api` is not attached to it."]);
    expect(await details("file: { path: Dockerfile, content: CMD }")).toEqual(['`/lab/Dockerfile` does not contain "CMD" yet.']);
    expect(await details("file: { path: app.py }")).toEqual(["There is no file `/lab/app.py` yet."]);
    expect(await details("file: { path: Dockerfile, exists: false }")).toEqual(["`/lab/Dockerfile` should not exist any more."]);
    expect(await details("http: { url: 'http://localhost:9090/' }")).toEqual(["Nothing answered at http://localhost:9090/ (connection refused)."]);
    expect(await details("http: { url: 'http://localhost:8080/missing' }")).toEqual([
      "http://localhost:8080/missing answered with status 404, the step wants 200.",
    ]);
  });
});

describe("combinators", () => {
  const machine: FakeMachine = { containers: [{ name: "old", image: "busybox", status: "exited" }] };

  it("all lists everything missing", async () => {
    const r = await run("all: [{ volume: { name: a } }, { volume: { name: b } }]", machine);
    expect(r.details).toEqual(["There is no volume `a` (`docker volume ls` lists them).", "There is no volume `b` (`docker volume ls` lists them)."]);
  });

  it("any passes on one, and otherwise offers each way", async () => {
    expect((await run("any: [{ volume: { name: a } }, { container: { name: old } }]", machine)).passed).toBe(true);
    expect((await run("any: [{ volume: { name: a } }, { volume: { name: b } }]", machine)).details).toEqual([
      "Any one of these would do:",
      "• There is no volume `a` (`docker volume ls` lists them).",
      "• There is no volume `b` (`docker volume ls` lists them).",
    ]);
  });

  it("not passes when no container from the image is left", async () => {
    expect((await run("not: { container: { image: hello-world } }", machine)).passed).toBe(true);
    expect((await run("not: { container: { image: busybox } }", machine)).details).toEqual([
      "This should no longer be true: a container from image `busybox` exists.",
    ]);
  });

  it("a teacher's message replaces the generated details", async () => {
    expect((await run("message: Remove the old container first.\nnot: { container: { name: old } }", machine)).details).toEqual(["Remove the old container first."]);
  });
});

describe("probe failures and cancellation", () => {
  it("a failing probe is reported as the machine's problem, not the learner's", async () => {
    const probe = { ...fakeProbe({}), volumes: () => Promise.reject(new Error("probe timed out after 10 s")) };
    expect(await evaluateCheck(check("volume: { name: data }"), { commands: [], probe })).toEqual({
      passed: false,
      details: ["Could not ask the sandbox about its state (probe timed out after 10 s). Try Check again."],
      error: "probe timed out after 10 s",
    });
  });

  it("an aborted evaluation rejects instead of returning a stale answer", async () => {
    const controller = new AbortController();
    const probe = fakeProbe({});
    const pending = evaluateCheck(check("volume: { name: data }"), { commands: [], probe, signal: controller.signal });
    controller.abort(new Error("step changed"));
    await expect(pending).rejects.toThrow("step changed");
  });
});

describe("describeCheck", () => {
  it("states what a check asks", () => {
    expect(describeCheck(check("all: [{ command: docker run nginx }, { not: { container: { image: redis, status: running } } }, { file: { path: a.txt, exists: false } }]"))).toBe(
      "the command `docker run nginx` ran and not (a container from image `redis` exists and is running) and `/lab/a.txt` does not exist",
    );
  });
});

describe("what a check asks the machine", () => {
  const machine: FakeMachine = {
    images: [{ id: "sha256:app", tags: ["my-app:1.0"], config: { workingDir: "/app" } }],
    containers: [{ name: "web", logs: "ready" }],
  };

  it("only the image list when it names an image, each image's details when it reads them", async () => {
    const names = fakeProbe(machine);
    await evaluateCheck(check("image: { ref: my-app:1.0 }"), { commands: [], probe: names });
    expect(names.calls).toEqual(["image names"]);
    const details = fakeProbe(machine);
    expect((await evaluateCheck(check("all: [{ image: { ref: my-app:1.0, workdir: /app } }, { image: { ref: my-app:1.0 } }]"), { commands: [], probe: details })).passed).toBe(true);
    expect(details.calls).toEqual(["images"]);
  });

  it("containers' logs only for a check that reads them", async () => {
    const probe = fakeProbe(machine);
    expect((await evaluateCheck(check("container: { name: web, logs: ready }"), { commands: [], probe })).passed).toBe(true);
    expect((await evaluateCheck(check("container: { name: web, status: running }"), { commands: [], probe })).passed).toBe(true);
  });
});
