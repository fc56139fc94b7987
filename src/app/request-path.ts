// Which parts of the engine a learner's command line goes through, in order, for the Architecture
// view to light up: client → REST API → dockerd → containerd → runtime → container for `docker run`,
// only as far as dockerd for `docker images`, dockerd → registry for `docker pull`.

import { parseCommandLine } from "../lessons/command-match.ts";
import type { ParsedCommand } from "../lessons/command-match.ts";
import { findContainer, findImage, isUp } from "./engine-model.ts";
import type { EngineState, GroupId } from "./engine-model.ts";

export const COMPONENTS = ["client", "api", "daemon", "containerd", "runtime", "registry"] as const;
export type ComponentId = (typeof COMPONENTS)[number];
export type Stop = ComponentId | GroupId;

export interface RequestPath {
  /** The stops in the order the request reaches them. */
  stops: Stop[];
  /** The program that made the request: "docker", or "curl" talking to the socket itself. */
  client: string;
  /** The registry's host when it is not Docker Hub, e.g. "localhost:5000". */
  registry: string | undefined;
  /** The runtime when the command picks one, e.g. `--runtime runc`. */
  runtime: string | undefined;
  /** What happens, in a sentence a learner reads under the diagram (and a screen reader hears). */
  summary: string;
}

interface Route {
  /** The stops after dockerd; `undefined` when the client answers alone. */
  after: Stop[] | undefined;
  what: string;
}

const local = (what: string): Route => ({ after: undefined, what });
const daemon = (after: Stop[], what: string): Route => ({ after, what });

const PROCESS: Stop[] = ["containerd", "runtime", "containers"];
const RECORDS = (group: GroupId, what = `dockerd reads or changes its ${group}`) => daemon([group], what);
const PULL = daemon(["registry", "images"], "dockerd downloads the image's layers from the registry");
const PUSH = daemon(["images", "registry"], "dockerd uploads the image's layers to the registry");
// dockerd's built-in BuildKit runs RUN steps with the runtime (crun here) itself, not through containerd.
const BUILD = daemon(["runtime", "images"], "BuildKit, inside dockerd, runs each RUN step in a temporary container and stores the result as an image");
const SIGNAL = daemon(PROCESS, "dockerd asks containerd, which has the runtime start, signal or stop the container's processes");

/** Routes that do not depend on the engine's state, by canonical command (see docker-cli.ts). */
const ROUTES: Record<string, Route> = {
  "container start": SIGNAL,
  "container restart": SIGNAL,
  "container stop": SIGNAL,
  "container kill": SIGNAL,
  "container pause": SIGNAL,
  "container unpause": SIGNAL,
  "container exec": daemon(PROCESS, "dockerd asks containerd to start one more process in the running container; the runtime sets it up"),
  "container top": daemon(["containerd", "containers"], "dockerd asks containerd which processes run in the container"),
  "container stats": daemon(["containerd", "containers"], "dockerd reads the containers' resource use through containerd"),
  "container attach": daemon(["containers"], "dockerd connects the terminal to the container's input and output"),
  "container commit": daemon(["containers", "images"], "dockerd saves the container's file changes as a new image"),
  "image pull": PULL,
  "image push": PUSH,
  "image build": BUILD,
  "compose build": BUILD,
  "compose pull": PULL,
  "compose push": PUSH,
  "compose up": daemon(["networks", "volumes", "images", ...PROCESS], "Compose, a client plugin, asks dockerd for each network, volume and container of the file"),
  "compose down": daemon([...PROCESS, "networks"], "Compose asks dockerd to stop and remove the project's containers and networks"),
  "compose start": SIGNAL,
  "compose stop": SIGNAL,
  "compose restart": SIGNAL,
  "compose kill": SIGNAL,
  "compose pause": SIGNAL,
  "compose unpause": SIGNAL,
  "compose exec": daemon(PROCESS, "Compose asks dockerd to start one more process in the service's container"),
  "compose run": daemon(["images", ...PROCESS], "Compose asks dockerd for a one-off container of the service"),
  "compose config": local("Compose only reads and checks the file; no request leaves the client"),
  "compose version": local("the client answers by itself"),
  "compose ls": RECORDS("containers", "dockerd lists the containers' Compose projects"),
  "network connect": daemon(["networks", "containers"], "dockerd attaches the container to the network"),
  "network disconnect": daemon(["networks", "containers"], "dockerd detaches the container from the network"),
  "system df": daemon(["images", "containers", "volumes"], "dockerd adds up the disk space of its objects"),
  "system prune": daemon(["containers", "networks", "images"], "dockerd removes stopped containers, unused networks and dangling images"),
  "builder prune": daemon([], "dockerd empties BuildKit's build cache"),
  login: daemon(["registry"], "dockerd checks the credentials with the registry"),
  search: daemon(["registry"], "dockerd searches the registry"),
  logout: local("the client forgets the stored credentials; no request leaves it"),
  info: daemon([], "dockerd answers about itself"),
  version: daemon([], "the client prints its own version and asks dockerd for the server's"),
  events: daemon([], "dockerd streams its events"),
};

/** Routes for a whole family of commands: `docker volume …`, `docker image ls`, `docker compose ps`. */
function familyRoute(command: string): Route | undefined {
  const [family] = command.split(" ");
  if (family === "container" || family === "compose") return RECORDS("containers");
  if (family === "image") return RECORDS("images");
  if (family === "volume") return RECORDS("volumes");
  if (family === "network") return RECORDS("networks");
  return undefined;
}

/** Each docker (or docker-socket curl) command of a command line, as one path; `undefined` when none talks to Docker. */
export function requestPath(commandLine: string, engine: EngineState): RequestPath | undefined {
  const paths = parseCommandLine(commandLine).flatMap((cmd) => {
    const path = cmd.program === "docker" ? dockerPath(cmd, engine) : cmd.program === "curl" ? curlPath(cmd) : undefined;
    return path ? [path] : [];
  });
  const [first] = paths;
  if (!first) return undefined;
  return {
    stops: [...new Set(paths.flatMap((p) => p.stops))],
    client: first.client,
    registry: paths.find((p) => p.registry)?.registry,
    runtime: paths.find((p) => p.runtime)?.runtime,
    summary: paths.map((p) => p.summary).join(" Then: "),
  };
}

function dockerPath(cmd: ParsedCommand, engine: EngineState): RequestPath {
  const runtime = flag(cmd, "runtime");
  const route = stateRoute(cmd, engine) ?? ROUTES[cmd.command] ?? familyRoute(cmd.command) ?? local("the client answers by itself; no request leaves it");
  const imageArg = route.after?.includes("registry") ? cmd.args[0] : undefined;
  return {
    stops: route.after ? ["client", "api", "daemon", ...route.after] : ["client"],
    client: "docker",
    registry: imageArg ? registryHost(imageArg) : undefined,
    runtime: typeof runtime === "string" ? runtime : undefined,
    summary: `${cmd.display}: ${route.what}.`,
  };
}

/** Routes that depend on what the engine holds: is the image there, does the container run? */
function stateRoute(cmd: ParsedCommand, engine: EngineState): Route | undefined {
  switch (cmd.command) {
    case "container run":
    case "container create": {
      const image = cmd.args[0] ?? "";
      const pull = flag(cmd, "pull") === "always" || !findImage(engine, image);
      const needs: Stop[] = [...(pull ? (["registry"] as const) : []), "images"];
      if (flag(cmd, "volume") !== undefined || flag(cmd, "mount") !== undefined) needs.push("volumes");
      if (flag(cmd, "network") !== undefined || flag(cmd, "publish") !== undefined) needs.push("networks");
      const download = pull ? "dockerd pulls the image from the registry, then " : "dockerd ";
      if (cmd.command === "container create") return daemon([...needs, "containers"], `${download}prepares a container without starting it`);
      return daemon([...needs, ...PROCESS], `${download}asks containerd to run a container; containerd has the runtime start its process`);
    }
    case "container rm": {
      // Removing a running container (with -f) stops its process first.
      const running = cmd.args.some((a) => {
        const container = a === null ? undefined : findContainer(engine, a);
        return container !== undefined && isUp(container);
      });
      if (flag(cmd, "force") === true && running) return daemon(PROCESS, "dockerd has containerd and the runtime stop the container, then deletes it");
      return RECORDS("containers", "dockerd deletes the container and its writable layer");
    }
    case "inspect": {
      // Bare `docker inspect` takes any kind of object; an image's name is its argument here.
      const kind = cmd.args.some((a) => a !== null && !findContainer(engine, a) && findImage(engine, a)) ? "images" : "containers";
      return RECORDS(kind, "dockerd answers from what it knows about the object");
    }
    default:
      return undefined;
  }
}

/** `curl --unix-socket /var/run/docker.sock http://localhost/v1.47/containers/json`: the API without the client. */
function curlPath(cmd: ParsedCommand): RequestPath | undefined {
  const socket = flag(cmd, "unix-socket");
  if (typeof socket !== "string" || !socket.endsWith("docker.sock")) return undefined;
  const url = cmd.args.find((a): a is string => a !== null && /^(https?:\/\/)?[^\s/]*\//.test(a)) ?? "";
  const endpoint = url.replace(/^(https?:\/\/)?[^/]*/, "").replace(/^\/v\d+(\.\d+)?/, "");
  const post = flag(cmd, "request") === "POST" || cmd.flags.some((f) => f.name === "data" || f.name === "data-raw");
  const [, resource = "", , action = ""] = endpoint.split(/[/?]/);
  let after: Stop[] = [];
  if (resource === "containers") after = post && ["start", "stop", "kill", "restart", "pause", "unpause"].includes(action) ? PROCESS : ["containers"];
  else if (resource === "images") after = post && endpoint.startsWith("/images/create") ? ["registry", "images"] : ["images"];
  else if (resource === "volumes" || resource === "networks") after = [resource];
  else if (resource === "build") after = BUILD.after!;
  return {
    stops: ["client", "api", "daemon", ...after],
    client: "curl",
    registry: undefined,
    runtime: undefined,
    summary: `curl ${endpoint || "/"}: curl sends the HTTP request to the REST API on the socket itself, as the docker client would; dockerd answers in JSON.`,
  };
}

function flag(cmd: ParsedCommand, name: string): string | true | null | undefined {
  return cmd.flags.find((f) => f.name === name)?.value;
}

/** The registry an image reference names: its first part when that looks like a host. */
function registryHost(ref: string): string | undefined {
  const first = ref.split("/")[0]!;
  return ref.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost") && first !== "docker.io" ? first : undefined;
}
