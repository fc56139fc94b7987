// Headless harness: restores the saved guest (or cold-boots it) in Node and runs each command
// in the learner's shell (root, /lab), printing output and exit status.
// usage: npm run -s vm -- [--json] [--boot] [--guest DIR] 'CMD' ['CMD' ...]
// Exits with the last command's exit status; every wait has a timeout and says what it waited for.

import { DEFAULT_GUEST_DIR, startToPrompt } from "../src/guest/node-machine.ts";

const args = process.argv.slice(2);
let json = false;
let mode: "restore" | "boot" = "restore";
let guestDir = DEFAULT_GUEST_DIR;
const commands: string[] = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  if (arg === "--json") json = true;
  else if (arg === "--boot") mode = "boot";
  else if (arg === "--guest") guestDir = args[++i] ?? guestDir;
  else if (arg === "--help" || arg === "-h") {
    console.log("usage: npm run -s vm -- [--json] [--boot] [--guest DIR] 'CMD' ['CMD' ...]");
    process.exit(0);
  } else commands.push(arg);
}

let exitCode = 0;
try {
  const machine = await startToPrompt(guestDir, mode);
  for (const command of commands) {
    const result = await machine.shell.run(command);
    exitCode = result.exitCode;
    if (json) {
      console.log(JSON.stringify(result));
    } else {
      process.stdout.write(result.output.endsWith("\n") || !result.output ? result.output : `${result.output}\n`);
      console.error(`[exit ${result.exitCode}, ${result.seconds.toFixed(1)} s] ${command}`);
    }
  }
  await machine.stop();
} catch (error) {
  console.error(`vm: ${(error as Error).message}`);
  exitCode = 124;
}
process.exit(exitCode);
