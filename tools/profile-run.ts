// Where a `docker run` spends its time in the guest: each program it starts, timed alone, with
// how much of that time the emulated CPU was busy; once right after a restore (nothing compiled
// yet) and once warm; and which processes hold the memory a saved state carries.
// usage: npm run -s profile [-- --json] [--guest DIR]
// Prints figures; asserts nothing. BENCHMARKS.md explains them.

import { DEFAULT_GUEST_DIR, startToPrompt } from "../src/guest/node-machine.ts";
import type { NodeMachine } from "../src/guest/node-machine.ts";

const args = process.argv.slice(2);
const json = args.includes("--json");
const guestDir = args.includes("--guest") ? args[args.indexOf("--guest") + 1]! : DEFAULT_GUEST_DIR;

/** What one run of a docker run's parts costs, from the guest's own clock and CPU counters. */
interface Phase {
  what: string;
  ms: number;
  /** Share of the phase's time the guest CPU was busy (user + system), from /proc/stat. */
  busy: number;
}

const API = "curl -sf --unix-socket /var/run/docker.sock";

// Each step runs alone so its cost is its own. `docker run` is what a learner types; the parts
// below it are what it does: the CLI's start and API call, dockerd's create, containerd's shim
// and crun starting the process, the removal. The same API calls made by curl (a small C
// program) show what the Go CLI's start adds and what is left on the engine's side.
const PHASES: [string, string][] = [
  ["fork+exec /bin/true", "/bin/true"],
  ["crun --version (C runtime start)", "crun --version"],
  ["containerd-shim-runc-v2 -v (Go start)", "containerd-shim-runc-v2 -v"],
  ["docker --version (Go CLI start)", "docker --version"],
  ["docker version (CLI + API call)", "docker version"],
  ["docker ps", "docker ps"],
  ["docker ps's API call by curl (no Go CLI)", `${API} http://docker/containers/json`],
  ["docker create hello-world", "docker create --name profile hello-world"],
  ["docker start -a (shim, crun, the process)", "docker start -a profile"],
  ["docker rm", "docker rm profile"],
  ["docker run --rm hello-world (all of it)", "docker run --rm hello-world"],
  [
    "the same run by curl (no Go CLI)",
    `(id=$(${API} -H 'Content-Type: application/json' -d '{"Image":"hello-world"}' http://docker/containers/create | sed 's/.*"Id":"\\([0-9a-f]*\\)".*/\\1/') && ${API} -X POST http://docker/containers/$id/start && ${API} -X POST http://docker/containers/$id/wait && ${API} -X DELETE http://docker/containers/$id)`,
  ],
];

const SCRIPT = `
cpu() { read -r _ u n s i w q sq _ < /proc/stat; echo "$((u+n+s+q+sq)) $((i+w))"; }
${PHASES.map(
  ([what, command]) => `set -- $(cpu); b0=$1 i0=$2; t0=$(date +%s%N)
${command} >/dev/null 2>&1 || { echo "failed: ${what}"; exit 1; }
t1=$(date +%s%N); set -- $(cpu); echo "$(((t1-t0)/1000000)) $(($1-b0)) $(($2-i0)) ${what}"`,
).join("\n")}`;

async function profile(machine: NodeMachine): Promise<Phase[]> {
  const { status, output } = await machine.agent.sh(SCRIPT, 600);
  if (status !== 0) throw new Error(`profile: the guest script failed (${status}):\n${output}`);
  return output
    .trim()
    .split("\n")
    .map((line) => {
      const [ms, busy, idle, ...what] = line.split(" ");
      const ticks = Number(busy) + Number(idle);
      return { what: what.join(" "), ms: Number(ms), busy: ticks ? Number(busy) / ticks : 0 };
    });
}

async function memory(machine: NodeMachine): Promise<{ process: string; rssMB: number }[]> {
  const { output } = await machine.agent.sh("ps -eo rss=,comm= --sort=-rss | head -8");
  return output
    .trim()
    .split("\n")
    .map((line) => {
      const [rss, ...name] = line.trim().split(/\s+/);
      return { process: name.join(" "), rssMB: Math.round(Number(rss) / 102.4) / 10 };
    });
}

// No warm-up: the first pass shows the cost of code v86 has not compiled since the restore.
const machine = await startToPrompt(guestDir, "restore", { warm: false });
const rss = await memory(machine);
const afterRestore = await profile(machine);
await profile(machine);
const warm = await profile(machine);
await machine.stop();

if (json) {
  console.log(JSON.stringify({ afterRestore, warm, rss }));
} else {
  console.log("phase                                          after restore      warm   busy (warm)");
  for (const [i, phase] of warm.entries()) {
    const first = afterRestore[i]!;
    console.log(`${phase.what.padEnd(46)} ${(first.ms / 1000).toFixed(2).padStart(8)} s ${(phase.ms / 1000).toFixed(2).padStart(7)} s ${Math.round(phase.busy * 100).toString().padStart(6)} %`);
  }
  console.log("\nresident memory at the saved prompt");
  for (const p of rss) console.log(`${p.process.padEnd(28)} ${p.rssMB.toFixed(1).padStart(7)} MB`);
}
process.exit(0);
