// What the engine knows about the docker CLI: command aliases and which flags take a value.
// Data only; command-match.ts uses it to parse command lines into a canonical structure.

/**
 * How a flag's value is normalized before comparing: `mount` a `-v` value, `mount-option` a `--mount`
 * value (read as the `-v` or `--tmpfs` it equals), `path` a file of the machine.
 */
export type ValueKind = "v" | "port" | "image" | "mount" | "mount-option" | "path";

export interface FlagDef {
  /** Canonical name: the first long name without dashes (`publish`), or the short letter. */
  name: string;
  /** `undefined` for boolean flags. */
  value?: ValueKind;
}

export interface CommandDef {
  flags: Map<string, FlagDef>; // keyed by "-p", "--publish", "--net", …
  /**
   * false when flags stop at the first positional argument (docker run/create/exec: everything after
   * the image or container is the command to run inside, including its own `-c`).
   */
  interspersed: boolean;
  /** Positions (0-based) of positional arguments that are image references; "all" for every one. */
  imageArgs: number[] | "all";
  /** Positions of positional arguments that are files or folders of the machine. */
  pathArgs: number[];
  /** The flag a redirection stands for: `docker save x > f` = `-o f`, `docker load < f` = `-i f`. */
  redirectFlags?: { stdin?: string; stdout?: string };
}

/**
 * Flag spec strings: the names, then `<kind>` when the flag takes a value.
 * `"-p --publish <port>"`: short -p, long --publish, value normalized as a port mapping.
 */
function defs(...specs: string[]): Map<string, FlagDef> {
  const map = new Map<string, FlagDef>();
  for (const spec of specs) {
    const parts = spec.split(" ");
    const kind = parts.find((p) => p.startsWith("<"));
    const names = parts.filter((p) => p.startsWith("-"));
    const long = names.find((n) => n.startsWith("--"));
    const def: FlagDef = { name: (long ?? names[0]).replace(/^-+/, "") };
    if (kind) def.value = kind.slice(1, -1) as ValueKind;
    for (const n of names) map.set(n, def);
  }
  return map;
}

const RUN_FLAGS = [
  "-d --detach", "-i --interactive", "-t --tty", "--rm", "--privileged", "--init", "-P --publish-all",
  "--read-only", "--no-healthcheck", "--oom-kill-disable", "-q --quiet", "--sig-proxy",
  "-a --attach <v>", "-p --publish <port>", "--expose <port>", "-e --env <v>", "--env-file <v>",
  "-v --volume <mount>", "--mount <mount-option>", "--tmpfs <mount>", "--volumes-from <v>", "--name <v>",
  "--network --net <v>", "--network-alias --net-alias <v>", "--ip <v>", "--entrypoint <v>",
  "-w --workdir <v>", "-u --user <v>", "-h --hostname <v>", "--restart <v>", "-l --label <v>",
  "--label-file <v>", "--add-host <v>", "--dns <v>", "--cpus <v>", "-c --cpu-shares <v>",
  "-m --memory <v>", "--memory-swap <v>", "--pids-limit <v>", "--cap-add <v>", "--cap-drop <v>",
  "--security-opt <v>", "--device <v>", "--link <v>", "--log-driver <v>", "--log-opt <v>",
  "--platform <v>", "--pull <v>", "--stop-signal <v>", "--stop-timeout <v>", "--health-cmd <v>",
  "--health-interval <v>", "--ulimit <v>", "--shm-size <v>", "--detach-keys <v>", "--cidfile <v>",
  "--runtime <v>", "--ipc <v>", "--pid <v>", "--uts <v>", "--userns <v>", "--group-add <v>",
  "--sysctl <v>", "--storage-opt <v>", "--gpus <v>", "--cgroupns <v>",
];

const BUILD_FLAGS = [
  "-t --tag <image>", "-f --file <path>", "--build-arg <v>", "--target <v>", "--no-cache", "-q --quiet",
  "--pull", "--platform <v>", "--progress <v>", "--label <v>", "--network <v>", "--cache-from <image>",
  "--cache-to <v>", "--iidfile <v>", "-o --output <v>", "--load", "--push", "--rm", "--force-rm",
  "--secret <v>", "--ssh <v>", "--add-host <v>", "-m --memory <v>", "--shm-size <v>", "--squash",
  "--builder <v>", "--metadata-file <v>", "--no-cache-filter <v>", "--build-context <v>",
];

const LIST_FLAGS = ["-q --quiet", "-f --filter <v>", "--format <v>", "--no-trunc"];

/** Canonical command → its flags. Commands not listed parse with every flag boolean unless `--flag=value`. */
type TableEntry = Partial<Omit<CommandDef, "flags">> & { flags: string[] };

const TABLE: Record<string, TableEntry> = {
  "container run": { flags: RUN_FLAGS, interspersed: false, imageArgs: [0] },
  "container create": { flags: RUN_FLAGS, interspersed: false, imageArgs: [0] },
  "container exec": {
    flags: ["-d --detach", "-i --interactive", "-t --tty", "--privileged", "-e --env <v>", "--env-file <v>", "-w --workdir <v>", "-u --user <v>", "--detach-keys <v>"],
    interspersed: false,
  },
  "container ls": { flags: [...LIST_FLAGS, "-a --all", "-n --last <v>", "-l --latest", "-s --size"] },
  "container start": { flags: ["-a --attach", "-i --interactive", "--detach-keys <v>", "--checkpoint <v>", "--checkpoint-dir <v>"] },
  "container stop": { flags: ["-t --time --timeout <v>", "-s --signal <v>"] },
  "container restart": { flags: ["-t --time --timeout <v>", "-s --signal <v>"] },
  "container kill": { flags: ["-s --signal <v>"] },
  "container rm": { flags: ["-f --force", "-v --volumes", "-l --link"] },
  "container logs": { flags: ["-f --follow", "-t --timestamps", "--details", "-n --tail <v>", "--since <v>", "--until <v>"] },
  "container inspect": { flags: ["-f --format <v>", "-s --size"] },
  "container top": { flags: [], interspersed: false },
  "container stats": { flags: ["-a --all", "--no-stream", "--no-trunc", "--format <v>"] },
  "container cp": { flags: ["-a --archive", "-L --follow-link", "-q --quiet"], pathArgs: [0, 1] },
  "container update": { flags: ["--cpus <v>", "-c --cpu-shares <v>", "-m --memory <v>", "--memory-swap <v>", "--restart <v>", "--pids-limit <v>", "--cpuset-cpus <v>"] },
  "container attach": { flags: ["--no-stdin", "--sig-proxy", "--detach-keys <v>"] },
  "container commit": { flags: ["-a --author <v>", "-c --change <v>", "-m --message <v>", "-p --pause"], imageArgs: [1] },
  "container export": { flags: ["-o --output <path>"], redirectFlags: { stdout: "output" } },
  "container wait": { flags: [] },
  "container port": { flags: [] },
  "container diff": { flags: [] },
  "container rename": { flags: [] },
  "container pause": { flags: [] },
  "container unpause": { flags: [] },
  "container prune": { flags: ["-f --force", "--filter <v>"] },
  inspect: { flags: ["-f --format <v>", "--type <v>", "-s --size"] },
  // `docker images nginx` filters by repository: its argument is not a full reference.
  "image ls": { flags: [...LIST_FLAGS, "-a --all", "--digests", "--tree"] },
  "image build": { flags: BUILD_FLAGS, pathArgs: [0] },
  "image pull": { flags: ["-a --all-tags", "-q --quiet", "--platform <v>", "--disable-content-trust"], imageArgs: [0] },
  "image push": { flags: ["-a --all-tags", "-q --quiet", "--platform <v>", "--disable-content-trust"], imageArgs: [0] },
  "image rm": { flags: ["-f --force", "--no-prune"], imageArgs: "all" },
  "image tag": { flags: [], imageArgs: [0, 1] },
  "image history": { flags: ["-H --human", "-q --quiet", "--no-trunc", "--format <v>"], imageArgs: [0] },
  "image inspect": { flags: ["-f --format <v>"], imageArgs: "all" },
  "image save": { flags: ["-o --output <path>", "--platform <v>"], imageArgs: "all", redirectFlags: { stdout: "output" } },
  "image load": { flags: ["-i --input <path>", "-q --quiet"], redirectFlags: { stdin: "input" } },
  "image import": { flags: ["-c --change <v>", "-m --message <v>", "--platform <v>"], imageArgs: [1], pathArgs: [0] },
  "image prune": { flags: ["-a --all", "-f --force", "--filter <v>"] },
  "volume create": { flags: ["-d --driver <v>", "-o --opt <v>", "--label <v>", "--name <v>"] },
  "volume ls": { flags: LIST_FLAGS },
  "volume rm": { flags: ["-f --force"] },
  "volume inspect": { flags: ["-f --format <v>"] },
  "volume prune": { flags: ["-a --all", "-f --force", "--filter <v>"] },
  "network create": {
    flags: ["-d --driver <v>", "--subnet <v>", "--gateway <v>", "--ip-range <v>", "--internal", "--attachable", "--ipv6", "--label <v>", "-o --opt <v>"],
  },
  "network ls": { flags: LIST_FLAGS },
  "network rm": { flags: ["-f --force"] },
  "network inspect": { flags: ["-f --format <v>", "-v --verbose"] },
  "network connect": { flags: ["--alias <v>", "--ip <v>", "--ip6 <v>", "--link <v>", "--driver-opt <v>"] },
  "network disconnect": { flags: ["-f --force"] },
  "network prune": { flags: ["-f --force", "--filter <v>"] },
  "system df": { flags: ["-v --verbose", "--format <v>"] },
  "system prune": { flags: ["-a --all", "-f --force", "--volumes", "--filter <v>"] },
  "builder prune": { flags: ["-a --all", "-f --force", "--filter <v>", "--keep-storage <v>"] },
  info: { flags: ["-f --format <v>"] },
  version: { flags: ["-f --format <v>"] },
  events: { flags: ["-f --filter <v>", "--format <v>", "--since <v>", "--until <v>"] },
  login: { flags: ["-u --username <v>", "-p --password <v>", "--password-stdin"] },
  logout: { flags: [] },
  search: { flags: ["-f --filter <v>", "--format <v>", "--limit <v>", "--no-trunc"] },
  "compose up": {
    flags: ["-d --detach", "--build", "--no-build", "--force-recreate", "--no-recreate", "--no-deps", "-V --renew-anon-volumes", "--remove-orphans", "--wait", "--abort-on-container-exit", "--scale <v>", "-t --timeout <v>", "--pull <v>", "--exit-code-from <v>", "--attach <v>", "--no-attach <v>", "-y --yes"],
  },
  "compose down": { flags: ["-v --volumes", "--remove-orphans", "--rmi <v>", "-t --timeout <v>"] },
  "compose ps": { flags: ["-a --all", "-q --quiet", "--services", "--format <v>", "--filter <v>", "--status <v>"] },
  "compose logs": { flags: ["-f --follow", "-t --timestamps", "--no-color", "--no-log-prefix", "-n --tail <v>", "--since <v>", "--until <v>"] },
  "compose exec": { flags: ["-d --detach", "-T --no-TTY", "--privileged", "-e --env <v>", "-w --workdir <v>", "-u --user <v>", "--index <v>"], interspersed: false },
  "compose run": {
    flags: ["-d --detach", "--rm", "-T --no-TTY", "-P --service-ports", "--no-deps", "--build", "-e --env <v>", "--name <v>", "-p --publish <port>", "-v --volume <mount>", "--entrypoint <v>", "-w --workdir <v>", "-u --user <v>", "-l --label <v>"],
    interspersed: false,
  },
  "compose build": { flags: ["--no-cache", "--pull", "-q --quiet", "--build-arg <v>"] },
  "compose pull": { flags: ["-q --quiet", "--ignore-pull-failures"] },
  "compose config": { flags: ["-q --quiet", "--services", "--volumes", "--format <v>", "-o --output <v>"] },
  "compose stop": { flags: ["-t --timeout <v>"] },
  "compose restart": { flags: ["-t --timeout <v>", "--no-deps"] },
  "compose rm": { flags: ["-f --force", "-s --stop", "-v --volumes"] },
};

// Every docker command takes -h/--help (it prints help and runs nothing); a command's own -h, like
// run's --hostname, comes later in its list and wins.
const HELP = "-h --help";

/** Options of `docker` itself, before the command. */
export const DOCKER_GLOBAL_FLAGS = defs(
  HELP, "-H --host <v>", "-c --context <v>", "--config <v>", "-l --log-level <v>", "--tlscacert <v>", "--tlscert <v>",
  "--tlskey <v>", "-D --debug", "--tls", "--tlsverify",
);

/** Options of `docker compose` itself, before its subcommand; they count as options of the subcommand. */
export const COMPOSE_GLOBAL_FLAGS = defs(
  HELP, "-f --file <v>", "-p --project-name <v>", "--project-directory <v>", "--profile <v>", "--env-file <v>",
  "--ansi <v>", "--progress <v>", "--parallel <v>", "--compatibility", "--dry-run", "--all-resources",
);

/** Words that take a subcommand (`docker image ls`). */
export const MANAGEMENT_COMMANDS = new Set([
  "container", "image", "volume", "network", "system", "builder", "buildx", "compose", "context",
  "plugin", "swarm", "node", "service", "stack", "secret", "config", "trust", "manifest",
]);

const CONTAINER_SHORTCUTS = [
  "run", "exec", "start", "stop", "restart", "kill", "pause", "unpause", "logs", "top", "stats",
  "rename", "cp", "update", "attach", "create", "port", "commit", "export", "diff", "wait",
];
const IMAGE_SHORTCUTS = ["pull", "push", "tag", "history", "save", "load", "import"];

/** The words a learner may type (after `docker`) → the canonical command. */
export const ALIASES: Record<string, string> = {
  ps: "container ls",
  "container list": "container ls",
  "container ps": "container ls",
  rm: "container rm",
  "container remove": "container rm",
  images: "image ls",
  "image list": "image ls",
  rmi: "image rm",
  "image remove": "image rm",
  build: "image build",
  "buildx build": "image build",
  "buildx b": "image build",
  "builder build": "image build",
  "volume list": "volume ls",
  "volume remove": "volume rm",
  "network list": "network ls",
  "network remove": "network rm",
  "system info": "info",
  "system events": "events",
  "buildx prune": "builder prune",
};
for (const c of CONTAINER_SHORTCUTS) ALIASES[c] = `container ${c}`;
for (const c of IMAGE_SHORTCUTS) ALIASES[c] = `image ${c}`;

const DEFS = new Map<string, CommandDef>();
for (const [name, t] of Object.entries(TABLE)) {
  DEFS.set(name, { ...t, flags: defs(HELP, ...t.flags), interspersed: t.interspersed ?? true, imageArgs: t.imageArgs ?? [], pathArgs: t.pathArgs ?? [] });
}

const UNKNOWN_COMMAND: CommandDef = { flags: defs(HELP), interspersed: true, imageArgs: [], pathArgs: [] };
const UNKNOWN_PROGRAM: CommandDef = { flags: new Map(), interspersed: true, imageArgs: [], pathArgs: [] };

/** The flag table of a canonical docker command; unknown commands know only -h/--help. */
export function commandDef(canonical: string): CommandDef {
  return DEFS.get(canonical) ?? UNKNOWN_COMMAND;
}

/** The flag table of another program; `-h` is not help everywhere (`df -h`), so unknown ones get none. */
export function programDef(program: string): CommandDef {
  return PROGRAM_DEFS[program] ?? UNKNOWN_PROGRAM;
}

/** Flags of a few non-docker programs lessons commonly ask for; other programs parse with boolean flags. */
const PROGRAM_DEFS: Record<string, CommandDef> = {
  curl: {
    flags: defs(
      "--unix-socket <v>", "-X --request <v>", "-H --header <v>", "-d --data <v>", "--data-raw <v>",
      "-o --output <v>", "-u --user <v>", "-w --write-out <v>", "-m --max-time <v>", "-A --user-agent <v>",
      "-e --referer <v>", "-b --cookie <v>", "-F --form <v>", "--connect-timeout <v>", "--retry <v>",
    ),
    interspersed: true,
    imageArgs: [],
    pathArgs: [],
  },
};
