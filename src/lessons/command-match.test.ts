import { describe, expect, it } from "vitest";
import { programWords, splitCommandLine, splitCommands } from "./command-line.ts";
import { compileCommandPattern, matchCommandLine, parseCommandLine } from "./command-match.ts";
import type { CommandPattern } from "./command-match.ts";

function pattern(spec: string, exact = false): CommandPattern {
  const r = compileCommandPattern(spec, exact);
  if ("error" in r) throw new Error(r.error);
  return r.pattern;
}

const matches = (spec: string, line: string, exact = false) => matchCommandLine(pattern(spec, exact), line).kind === "match";
/** Does the line, ending with this exit code, count as the spec's command ending with it? */
const exits = (spec: string, line: string, exitCode: number) => matchCommandLine(pattern(spec), line, exitCode).kind === "match";

describe("splitCommandLine", () => {
  it("splits on control operators and respects quotes and escapes", () => {
    expect(splitCommandLine(`docker ps && echo "a && b" || x; y | z |& w & v`)).toEqual([
      ["docker", "ps"],
      ["echo", "a && b"],
      ["x"],
      ["y"],
      ["z"],
      ["w"],
      ["v"],
    ]);
    expect(splitCommandLine(`echo 'it''s' a\\ b "q\\"x"`)).toEqual([["echo", "its", "a b", 'q"x']]);
  });

  it("keeps $(...) and backticks opaque inside their word", () => {
    expect(splitCommandLine("docker rm $(docker ps -aq) `docker ps -q`")).toEqual([["docker", "rm", "$(docker ps -aq)", "`docker ps -q`"]]);
    expect(splitCommandLine('echo "$(docker run x; y)"')).toEqual([["echo", "$(docker run x; y)"]]);
  });

  it("drops redirections with their targets, including fd prefixes and here-documents", () => {
    expect(splitCommandLine("docker export web > out.tar 2>&1")).toEqual([["docker", "export", "web"]]);
    expect(splitCommandLine("docker logs web 2>/dev/null >>log.txt")).toEqual([["docker", "logs", "web"]]);
    expect(splitCommandLine("cat <<EOF > /lab/Dockerfile\nFROM busybox\nEOF\ndocker build -t x .")).toEqual([["cat"], ["docker", "build", "-t", "x", "."]]);
  });

  it("keeps the files of < and > redirections of standard input and output", () => {
    expect(splitCommands("docker save x > a.tar 2>err.log; docker load <b.tar 2>&1 | cat >>c.txt").map((c) => c.redirects)).toEqual([
      { stdout: "a.tar" },
      { stdin: "b.tar" },
      {},
    ]);
    expect(splitCommands("docker export web 1>'my file.tar' 0<in").map((c) => c.redirects)).toEqual([{ stdout: "my file.tar", stdin: "in" }]);
  });

  it("ignores comments and joins continued lines", () => {
    expect(splitCommandLine("docker run \\\n  hello-world # the classic")).toEqual([["docker", "run", "hello-world"]]);
  });

  it("finds the program behind assignments and wrappers", () => {
    expect(programWords(["FOO=1", "BAR=2", "docker", "ps"])).toEqual(["docker", "ps"]);
    expect(programWords(["sudo", "-u", "root", "docker", "ps"])).toEqual(["docker", "ps"]);
    expect(programWords(["/usr/bin/docker", "ps"])).toEqual(["docker", "ps"]);
    expect(programWords(["command", "-v", "docker"])).toBeNull();
    expect(programWords(["FOO=1"])).toBeNull();
  });
});

describe("parseCommandLine", () => {
  it("folds aliases into canonical commands", () => {
    const canon = (line: string) => parseCommandLine(line)[0].command;
    expect(canon("docker ps")).toBe("container ls");
    expect(canon("docker container list")).toBe("container ls");
    expect(canon("docker container ps")).toBe("container ls");
    expect(canon("docker images")).toBe("image ls");
    expect(canon("docker image list")).toBe("image ls");
    expect(canon("docker rmi x")).toBe("image rm");
    expect(canon("docker image remove x")).toBe("image rm");
    expect(canon("docker container remove x")).toBe("container rm");
    expect(canon("docker buildx build .")).toBe("image build");
    expect(canon("docker builder build .")).toBe("image build");
    expect(canon("docker pull redis")).toBe("image pull");
    expect(canon("docker volume list")).toBe("volume ls");
    expect(canon("docker network list")).toBe("network ls");
    expect(canon("docker-compose up -d")).toBe("compose up");
    expect(canon("docker compose -f a.yml up -d")).toBe("compose up");
    expect(canon("docker system df")).toBe("system df");
    expect(canon("docker -H unix:///var/run/docker.sock version")).toBe("version");
    expect(canon("docker inspect --type=image nginx")).toBe("image inspect");
  });

  it("reads flag values so they are not taken for positionals", () => {
    const [cmd] = parseCommandLine("docker run --name web -e A=1 nginx");
    expect(cmd.args).toEqual(["nginx:latest"]);
    expect(cmd.flags).toEqual([
      { name: "name", value: "web" },
      { name: "env", value: "A=1" },
    ]);
  });

  it("stops at the image for run: the rest is the container's command", () => {
    const [cmd] = parseCommandLine('docker run --rm busybox sh -c "echo hi" -t');
    expect(cmd.args).toEqual(["busybox:latest", "sh", "-c", "echo hi", "-t"]);
    expect(cmd.flags).toEqual([{ name: "rm", value: true }]);
  });

  it("expands short clusters where only the last letter takes a value", () => {
    const [cmd] = parseCommandLine("docker run -dp 8080:80 -it nginx");
    expect(cmd.flags).toEqual([
      { name: "detach", value: true },
      { name: "publish", value: "8080:80/tcp", typed: "8080:80" },
      { name: "interactive", value: true },
      { name: "tty", value: true },
    ]);
  });

  it("takes compose's global options as options of the subcommand", () => {
    const [cmd] = parseCommandLine("docker compose -f app.yml up -d");
    expect(cmd.flags).toEqual([
      { name: "file", value: "app.yml" },
      { name: "detach", value: true },
    ]);
  });
});

describe("matchCommandLine: equivalent spellings match", () => {
  it.each([
    ["docker ps", "docker container ls"],
    ["docker ps", "docker container list"],
    ["docker container ls", "docker ps"],
    ["docker images", "docker image ls"],
    ["docker run -it --rm debian", "docker run --rm -i -t debian"],
    ["docker run -it --rm debian", "docker container run -ti --rm=true debian"],
    ["docker run -d -p 8080:80 nginx", "docker run --publish=8080:80 -d nginx"],
    ["docker run -d -p 8080:80 nginx", "docker run -dp 8080:80 nginx"],
    ["docker run -d -p 8080:80 nginx", "docker run -d -p8080:80 nginx"],
    ["docker run -d -p 8080:80 nginx", "docker run -d --publish 8080:80/tcp nginx:latest"],
    ["docker run -d -p 8080:80 nginx", "docker run --detach -p 0.0.0.0:8080:80 docker.io/library/nginx:latest"],
    ["docker run --name web nginx", "docker run --name=web nginx"],
    ["docker run hello-world", "sudo docker run hello-world"],
    ["docker run hello-world", "FOO=1 docker run hello-world"],
    ["docker run hello-world", "docker run hello-world | tee out.txt"],
    ["docker run hello-world", "clear && docker run hello-world"],
    ["docker build -t my-app:1.0 .", "docker image build --tag=my-app:1.0 ."],
    ["docker build -t my-app .", "docker buildx build . -t my-app:latest"],
    ["docker rmi nginx", "docker image rm nginx:latest"],
    ["docker rm -f web", "docker container remove --force web"],
    ["docker logs <container>", "docker logs -f quirky_turing"],
    ["docker run busybox ...", "docker run busybox echo hi"],
    ["docker run busybox ...", "docker run busybox"],
    ["docker run --name <name> nginx", "docker run --name x nginx"],
    ["docker container inspect web", "docker inspect web"],
    ["docker inspect web", "docker image inspect web"],
    ["docker compose up -d", "docker-compose up --detach"],
    ["curl --unix-socket /var/run/docker.sock http://localhost/version", "curl -s http://localhost/version --unix-socket=/var/run/docker.sock"],
    // --mount is -v (or --tmpfs) written long, in any of its spellings.
    ["docker run -v notes:/data busybox ...", "docker run --mount type=volume,source=notes,target=/data busybox cat /data/notes.txt"],
    ["docker run -v notes:/data busybox ...", "docker run --mount src=notes,dst=/data/ busybox"],
    ["docker run -v notes:/data busybox ...", "docker run --mount=type=volume,destination=/data,src=notes busybox"],
    ["docker run -v notes:/data busybox ...", "docker run --volume=notes:/data:rw busybox"],
    ["docker run -v notes:/data:ro busybox", "docker run --mount source=notes,target=/data,readonly busybox"],
    // The same volume read-only: a spec without a mode leaves it to the learner (writing then fails).
    ["docker run -v notes:/data busybox ...", "docker run -v notes:/data:ro busybox cat /data/notes.txt"],
    ["docker run -v notes:/data busybox ...", "docker run --mount src=notes,dst=/data,readonly busybox"],
    ["docker run -v /lab/site:/usr/share/nginx/html nginx", "docker run --mount type=bind,source=/lab/site/,target=/usr/share/nginx/html nginx"],
    ["docker run --tmpfs /scratch busybox", "docker run --mount type=tmpfs,target=/scratch busybox"],
    // Files compare as paths from /lab, where the shell starts.
    ["docker load -i my-box.tar", "docker load -i /lab/my-box.tar"],
    ["docker load -i my-box.tar", "docker image load --input=./my-box.tar"],
    ["docker import snap.tar snap:flat", "docker import /lab/snap.tar snap:flat"],
    ["docker import snap.tar snap:flat", "docker image import /lab//./snap.tar docker.io/library/snap:flat"],
    ["docker save -o my-box.tar my-box:1.0", "docker image save --output /lab/my-box.tar my-box:1.0"],
    ["docker export -o snap.tar snap", "docker container export --output=/lab/snap.tar snap"],
    ["docker build -t webapp /lab/webapp", "docker build -t webapp webapp/"],
    ["docker build -t webapp /lab/webapp", "docker build -t webapp ../lab/webapp"],
    ["docker build -t webapp -f Dockerfile .", "docker build -t webapp -f /lab/Dockerfile /lab"],
    ["docker cp index.html web:/usr/share/nginx/html/", "docker cp /lab/index.html web:/usr/share/nginx/html/"],
    // Redirections as Docker's own docs write them: `> file` is -o, `< file` is -i.
    ["docker save -o my-box.tar my-box:1.0", "docker save my-box:1.0 > my-box.tar"],
    ["docker save -o <file> my-box:1.0", "docker image save my-box:1.0 >/lab/my-box.tar"],
    ["docker export -o snap.tar snap", "docker export snap 1> ./snap.tar"],
    ["docker load -i my-box.tar", "docker load < my-box.tar"],
  ])("%s ~ %s", (spec, line) => {
    expect(matchCommandLine(pattern(spec), line)).toEqual({ kind: "match" });
  });
});

describe("matchCommandLine: false passes are rejected", () => {
  it("a docker command that is only an argument of another program", () => {
    expect(matches("docker run hello-world", "echo docker run hello-world")).toBe(false);
    expect(matches("docker run hello-world", "echo 'docker run hello-world'")).toBe(false);
    expect(matches("docker run hello-world", "# docker run hello-world")).toBe(false);
    expect(matches("docker run hello-world", 'echo "$(docker run hello-world)"')).toBe(false);
    expect(matches("docker run hello-world", "command -v docker run hello-world")).toBe(false);
  });

  it("a different image, tag or argument", () => {
    expect(matchCommandLine(pattern("docker run hello-world"), "docker run hello")).toEqual({
      kind: "near-miss",
      problems: ["`hello` is not what this step asks for here"],
    });
    expect(matches("docker run nginx", "docker run nginx:1.27")).toBe(false);
    expect(matches("docker run busybox echo hi", "docker run busybox echo ho")).toBe(false);
    expect(matches("docker run busybox", "docker run busybox echo hi")).toBe(false);
  });

  it("a flag value taken for the image", () => {
    expect(matches("docker run web", "docker run --name web nginx")).toBe(false);
    expect(matches("docker run nginx", "docker run --name web nginx")).toBe(true);
  });

  it("a missing flag or a different value", () => {
    expect(matchCommandLine(pattern("docker run -d -p 8080:80 nginx"), "docker run -d nginx")).toEqual({
      kind: "near-miss",
      problems: ["option --publish is missing"],
    });
    expect(matchCommandLine(pattern("docker run -d -p 8080:80 nginx"), "docker run -d -p 8081:80 nginx")).toEqual({
      kind: "near-miss",
      problems: ["--publish `8081:80` is not the value this step asks for"],
    });
  });

  it("extra flags only when the spec is exact", () => {
    expect(matches("docker ps", "docker ps -a")).toBe(true);
    expect(matches("docker ps", "docker ps -a", true)).toBe(false);
    expect(matches("docker ps -a", "docker ps")).toBe(false);
  });

  it("other commands, even close ones", () => {
    expect(matches("docker ps", "docker images")).toBe(false);
    expect(matches("docker container inspect web", "docker image inspect web")).toBe(false);
    expect(matches("docker run hello-world", "docker create hello-world")).toBe(false);
    expect(matches("docker compose up", "docker up")).toBe(false);
  });

  it("another volume, folder, target or type of mount; another file", () => {
    const spec = "docker run -v notes:/data busybox ...";
    expect(matches(spec, "docker run --mount type=volume,source=other,target=/data busybox")).toBe(false);
    expect(matches(spec, "docker run --mount type=volume,source=notes,target=/srv busybox")).toBe(false);
    expect(matches(spec, "docker run --mount type=bind,source=/notes,target=/data busybox")).toBe(false);
    expect(matches(spec, "docker run --mount type=tmpfs,target=/data busybox")).toBe(false);
    // Without a source, it is an anonymous volume, not `notes`.
    expect(matches(spec, "docker run --mount type=volume,target=/data busybox")).toBe(false);
    // A read-only mount the spec asks for is not met by a writable one.
    expect(matches("docker run -v notes:/data:ro busybox", "docker run -v notes:/data busybox")).toBe(false);
    expect(matches("docker load -i my-box.tar", "docker load -i /tmp/my-box.tar")).toBe(false);
    expect(matches("docker load -i my-box.tar", "docker load -i /lab/other/my-box.tar")).toBe(false);
    expect(matches("docker import snap.tar snap:flat", "docker import - snap:flat")).toBe(false);
    expect(matches("docker save -o my-box.tar my-box:1.0", "docker save my-box:1.0 2> my-box.tar")).toBe(false);
    expect(matches("docker save -o my-box.tar my-box:1.0", "docker save my-box:1.0 | gzip > my-box.tar")).toBe(false);
    expect(matches("docker load -i my-box.tar", "docker load -i other.tar < my-box.tar")).toBe(false);
    expect(matches("docker load -i my-box.tar", "docker load > my-box.tar")).toBe(false);
  });

  it("a run flag after the image belongs to the container's command", () => {
    expect(matches("docker run --rm busybox", "docker run busybox --rm")).toBe(false);
  });
});

describe("splitCommands: what the line's exit status says about each command", () => {
  const links = (line: string) => splitCommands(line).map((c) => `${c.words.join(" ")}:${c.exit.zero ? "0" : ""}${c.exit.nonzero ? "N" : ""}`);

  it("links the status to the last command of the last list, and to && chains for 0", () => {
    expect(links("a")).toEqual(["a:0N"]);
    expect(links("a; b")).toEqual(["a:", "b:0N"]);
    expect(links("a;\nb;")).toEqual(["a:", "b:0N"]);
    expect(links("a && b && c")).toEqual(["a:0", "b:0", "c:0"]);
    expect(links("a || b")).toEqual(["a:", "b:N"]);
    expect(links("a || b && c")).toEqual(["a:", "b:", "c:0"]);
    expect(links("a && b || c")).toEqual(["a:", "b:", "c:N"]);
  });

  it("links nothing before a pipe, in a subshell or in the background", () => {
    expect(links("a | b")).toEqual(["a:", "b:0N"]);
    expect(links("a |& b && c")).toEqual(["a:", "b:0", "c:0"]);
    expect(links("(a; b) && c")).toEqual(["a:", "b:", "c:0"]);
    expect(links("(sleep 1; a) & b")).toEqual(["sleep 1:", "a:", "b:0N"]);
    expect(links("a &")).toEqual(["a:"]);
    expect(links("a && b &")).toEqual(["a:", "b:"]);
    expect(links("b $(a) > out 2>&1")).toEqual(["b $(a):0N"]);
  });
});

describe("matchCommandLine in the learner's folder", () => {
  it("reads relative paths from the folder the line was typed in", () => {
    const load = pattern("docker load -i my-box.tar");
    expect(matchCommandLine(load, "docker load -i ../my-box.tar", 0, "/lab/hello").kind).toBe("match");
    expect(matchCommandLine(load, "docker load -i my-box.tar", 0, "/tmp").kind).toBe("near-miss");
    expect(matchCommandLine(load, "docker load -i /lab/my-box.tar", 0, "/tmp").kind).toBe("match");
    expect(matchCommandLine(pattern("docker cp web:/x /lab"), "docker cp web:/x .", 0, "/tmp").kind).toBe("near-miss");
  });
});

describe("matchCommandLine with the line's exit code", () => {
  it("credits a success only to the command the 0 comes from", () => {
    expect(exits("docker version", "docker version", 0)).toBe(true);
    expect(exits("docker version", "docker version && echo ok", 0)).toBe(true);
    expect(exits("docker version", "clear && docker version", 0)).toBe(true);
    expect(exits("docker version", "echo hi; docker version", 0)).toBe(true);
    expect(exits("docker version", "docker version | tee out.txt", 0)).toBe(false);
    // grep's 0 says it selected lines docker printed; tee's and sed's say nothing of the kind.
    expect(exits("docker ps", "docker ps | grep x", 0)).toBe(true);
    expect(exits("docker info", "docker info | grep -i runtime | grep -v runc", 0)).toBe(true);
    expect(exits("docker ps", "docker ps | sed s/a/b/ | grep x", 0)).toBe(false);
    expect(exits("docker ps", "docker ps | grep x || true", 0)).toBe(false);
    expect(exits("docker ps", "docker ps | grep x", 1)).toBe(false);
    expect(exits("docker version", "true || docker version", 0)).toBe(false);
    expect(exits("docker version", "docker version || true", 0)).toBe(false);
    expect(exits("docker pause web", "docker pause web || true", 0)).toBe(false);
    expect(exits("docker version", "docker version; false", 0)).toBe(false);
    expect(exits("docker version", "docker version; true", 0)).toBe(false);
    expect(exits("docker version", "docker version &", 0)).toBe(false);
    expect(exits("docker version", "(docker version)", 0)).toBe(false);
    expect(exits("docker version", "echo $(docker version)", 0)).toBe(false);
  });

  it("credits a failure only to the last command, when it certainly ran", () => {
    expect(exits("docker rm web", "docker rm web", 1)).toBe(true);
    expect(exits("docker rm web", "false || docker rm web", 1)).toBe(true);
    expect(exits("docker rm web", "echo hi; docker rm web", 1)).toBe(true);
    expect(exits("docker rm web", "true && docker rm web", 1)).toBe(false);
    expect(exits("docker rm web", "docker rm web && echo ok", 1)).toBe(false);
    expect(exits("docker rm web", "docker rm web || false", 1)).toBe(false);
    expect(exits("docker rm web", "docker rm web | cat", 1)).toBe(false);
  });

  it("says when the command ran but the exit code is not its own", () => {
    expect(matchCommandLine(pattern("docker pause web"), "docker pause web || true", 0)).toEqual({ kind: "unattributed", display: "docker pause" });
    // Without an exit code (exitCode: any), any command of the line counts.
    expect(matchCommandLine(pattern("docker pause web"), "docker pause web || true")).toEqual({ kind: "match" });
  });
});

describe("matchCommandLine: --help runs nothing", () => {
  it.each([
    ["docker version", "docker version --help"],
    ["docker version", "docker version -h"],
    ["docker version", "docker --help version"],
    ["docker pause web", "docker pause --help web"],
    ["docker ps", "docker ps -ah"],
    ["docker run busybox", "docker run --help busybox"],
    ["docker compose up -d", "docker compose up -d --help"],
    ["docker compose up", "docker compose -h up"],
    ["docker compose up", "docker-compose up --help"],
    ["curl <url>", "curl --help http://x/"],
  ])("%s ≁ %s", (spec, line) => {
    expect(matchCommandLine(pattern(spec), line)).toEqual({ kind: "near-miss", problems: ["`--help` (`-h`) only prints help and runs nothing"] });
  });

  it("unless the spec asks for it; -h is not help where it means something else", () => {
    expect(matches("docker ps --help", "docker ps -h")).toBe(true);
    expect(matches("docker run nginx", "docker run -h web nginx")).toBe(true);
    expect(matches("docker run busybox ...", "docker run busybox ls --help")).toBe(true);
    expect(matches("df ...", "df -h")).toBe(true);
  });
});

describe("compileCommandPattern", () => {
  it("rejects specs that are not one command", () => {
    expect(compileCommandPattern("docker ps && docker images")).toEqual({
      error: "must be exactly one command (found 2); use `all` to ask for several commands",
    });
    expect(compileCommandPattern("docker")).toEqual({ error: "names no docker command, e.g. `docker run hello-world`" });
    expect(compileCommandPattern("")).toMatchObject({ error: expect.stringContaining("exactly one command") });
  });
});
