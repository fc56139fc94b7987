// Benchmark: times what a learner waits for: the real guest under Node, the built site in
// headless Chromium, and the same guest under qemu for reference.
// usage: npm run -s bench [-- --json] [--guest DIR] [--no-node] [--no-browser] [--no-qemu]
// Prints figures; asserts nothing. BENCHMARKS.md records them with how they were taken.

import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { GUEST_FILES } from "../src/guest/guest-manifest.ts";
import { DEFAULT_GUEST_DIR, startToPrompt } from "../src/guest/node-machine.ts";
import type { NodeMachine } from "../src/guest/node-machine.ts";
import { measureBrowser } from "./bench-browser.ts";
import { measureQemu } from "./bench-qemu.ts";
import { runBenchCommands } from "./bench-commands.ts";

const args = process.argv.slice(2);
const json = args.includes("--json");
const guestDir = args.includes("--guest") ? args[args.indexOf("--guest") + 1]! : DEFAULT_GUEST_DIR;
const figures: Record<string, number> = {};
const log = (line: string) => {
  if (!json) console.log(line);
};

const round = (s: number) => Math.round(s * 100) / 100;
/** dockerPsS -> pageDockerPsS: the page's figure for the same command. */
const pageFigure = (name: string) => `page${name[0]!.toUpperCase()}${name.slice(1)}`;

async function timed(machine: NodeMachine, command: string): Promise<number> {
  const result = await machine.shell.run(command, 600);
  if (result.exitCode !== 0) throw new Error(`bench: "${command}" failed (${result.exitCode}):\n${result.output}`);
  return result.seconds;
}

/** WARM: the guest's warm-up starts with the prompt, as the page starts it for a learner who has not typed for a moment. */
async function restore(warm: boolean): Promise<{ machine: NodeMachine; seconds: number }> {
  const started = performance.now();
  const machine = await startToPrompt(guestDir, "restore", { warm });
  return { machine, seconds: (performance.now() - started) / 1000 };
}

// 1. A learner who types at once.
if (!args.includes("--no-node")) {
  const { machine, seconds } = await restore(false);
  figures.restoreToPromptS = round(seconds);
  const commands = await runBenchCommands((command) => timed(machine, command));
  for (const [name, value] of Object.entries(commands)) figures[name] = round(value);
  await machine.stop();
  log(`restore → prompt          ${figures.restoreToPromptS} s`);
  log(`first docker run          ${figures.dockerRunFirstS} s`);
  log(`warm docker run (median)  ${figures.dockerRunWarmS} s`);
  log(`docker ps (median)        ${figures.dockerPsS} s`);
  log(`3-line docker build       ${figures.dockerBuildS} s`);
  log(`the same, legacy builder  ${figures.dockerBuildLegacyS} s`);
  log(`multi-stage docker build  ${figures.dockerBuildMultiStageS} s`);
  log(`compose up, 2 services    ${figures.composeUpS} s`);
}

// 2. A learner who reads the lesson for 20 s before the first command.
if (!args.includes("--no-node")) {
  const { machine } = await restore(true);
  await new Promise((resolve) => setTimeout(resolve, 20_000));
  figures.dockerRunAfterReadS = round(await timed(machine, "docker run --rm hello-world"));
  await machine.stop();
  log(`docker run after 20 s     ${figures.dockerRunAfterReadS} s`);
}

figures.stateBytes = statSync(join(guestDir, GUEST_FILES.state)).size;
log(`compressed state          ${(figures.stateBytes / 1e6).toFixed(1)} MB`);

// 3. The page in Chromium: what a learner waits for and downloads.
if (!args.includes("--no-browser")) {
  if (!existsSync("dist/index.html")) throw new Error("bench: no built site in dist/; run npm run build");
  const browser = await measureBrowser("dist");
  Object.assign(figures, {
    pageToPromptS: round(browser.pageToPromptS),
    pageToPromptRepeatS: round(browser.pageToPromptRepeatS),
    firstVisitBytes: browser.firstVisitBytes,
    repeatVisitBytes: browser.repeatVisitBytes,
    pageMemoryBytes: browser.pageMemoryBytes,
    pageCheckS: round(browser.pageCheckS),
    pageDockerRunFirstBytes: browser.pageDockerRunFirstBytes,
    pageDockerRunFirstChunkWaitS: browser.pageDockerRunFirstChunkWaitS,
    saveS: round(browser.saveS),
    saveHeldS: round(browser.saveHeldS),
    savedBytes: browser.savedBytes,
    savedRawBytes: browser.savedRawBytes,
    savedFullRawBytes: browser.savedFullRawBytes,
    savedBaseBytes: browser.savedBaseBytes,
    savedDiskBytes: browser.savedDiskBytes,
    saveTotalS: round(browser.saveTotalS),
    resumeToPromptS: round(browser.resumeToPromptS),
    resumeDockerRunS: round(browser.resumeDockerRunS),
    savedCompactBytes: browser.savedCompactBytes,
    savedCompactRawBytes: browser.savedCompactRawBytes,
    resumeCompactToPromptS: round(browser.resumeCompactToPromptS),
    pageDockerBuildAfterReadS: round(browser.pageDockerBuildAfterReadS),
  });
  for (const [name, value] of Object.entries(browser.commands)) figures[pageFigure(name)] = round(value);
  log(`page → prompt, first      ${figures.pageToPromptS} s (${(browser.firstVisitBytes / 1e6).toFixed(1)} MB downloaded)`);
  log(`page → prompt, repeat     ${figures.pageToPromptRepeatS} s (${(browser.repeatVisitBytes / 1e6).toFixed(1)} MB downloaded)`);
  for (const name of Object.keys(browser.commands)) {
    const pageName = pageFigure(name);
    const ratio = figures[name] ? ` (page/Node ${(figures[pageName]! / figures[name]).toFixed(2)}×)` : "";
    log(`${pageName.padEnd(26)}${figures[pageName]} s${ratio}`);
  }
  log(`first run's downloads     ${(browser.pageDockerRunFirstBytes / 1e6).toFixed(1)} MB`);
  log(`first run's chunk waits   ${browser.pageDockerRunFirstChunkWaitS.toFixed(2)} s`);
  log(`lesson verdict (median)   ${figures.pageCheckS} s`);
  log(`tab memory (peak RSS)     ${(browser.pageMemoryBytes / 1e6).toFixed(0)} MB`);
  log(`save: guest paused        ${figures.saveS} s, ports held ${figures.saveHeldS} s (stored after ${figures.saveTotalS} s)`);
  log(`saved machine             ${(browser.savedBytes / 1e6).toFixed(1)} MB (${(browser.savedRawBytes / 1e6).toFixed(1)} MB before zstd, running machine ${(browser.savedFullRawBytes / 1e6).toFixed(1)} MB; of it ${(browser.savedBaseBytes / 1e6).toFixed(1)} MB left to the built state, ${(browser.savedDiskBytes / 1e6).toFixed(1)} MB disk writes)`);
  log(`reload → resumed prompt   ${figures.resumeToPromptS} s`);
  log(`first docker run after it ${figures.resumeDockerRunS} s`);
  log(`hidden page's save        ${(browser.savedCompactBytes / 1e6).toFixed(1)} MB (${(browser.savedCompactRawBytes / 1e6).toFixed(1)} MB before zstd)`);
  log(`new page → resumed prompt ${figures.resumeCompactToPromptS} s`);
  log(`build after a minute's reading ${figures.pageDockerBuildAfterReadS} s`);
}

// 4. Reference: the same guest under qemu's software emulation.
if (!args.includes("--no-qemu")) {
  const qemu = await measureQemu(guestDir);
  figures.qemuDockerRunWarmS = round(qemu.dockerRunWarmS);
  figures.qemuDockerPsS = round(qemu.dockerPsS);
  log(`qemu warm docker run      ${figures.qemuDockerRunWarmS} s (v86/qemu ${(figures.dockerRunWarmS! / figures.qemuDockerRunWarmS).toFixed(1)}×)`);
  log(`qemu docker ps            ${figures.qemuDockerPsS} s (v86/qemu ${(figures.dockerPsS! / figures.qemuDockerPsS).toFixed(1)}×)`);
}
if (json) console.log(JSON.stringify(figures));
process.exit(0);
