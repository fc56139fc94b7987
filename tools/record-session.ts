// Records the golden transcript the shell-integration tests replay: the raw bytes the guest's
// shell prints on its console while a few commands run, shell marks and all.
// usage: npm run -s record-session   (writes src/guest/fixtures/session.raw)
// The expected events (session.expected.json) are written by hand from what the commands do:
// review the new recording against them rather than generating them from it.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_GUEST_DIR, startToPrompt } from "../src/guest/node-machine.ts";

const COMMANDS: { line: string; input?: { afterS: number; bytes: string }[] }[] = [
  { line: "echo hello" },
  { line: "false" },
  { line: 'printf "a\\tb\\n" | cat -A' },
  // Characters the command-line mark must escape: ; and \ (and a space).
  { line: "echo 'semi;colon' back\\\\slash" },
  { line: "docker ps" },
  { line: "ls /nonexistent" },
  // An interactive command ended with Ctrl+C.
  { line: "sleep 60", input: [{ afterS: 2, bytes: "\x03" }] },
];

const machine = await startToPrompt(DEFAULT_GUEST_DIR, "restore", { warm: false });
const raw: string[] = [];
const stop = machine.console.onOutput((text) => raw.push(text));
for (const { line, input } of COMMANDS) await machine.shell.run(line, 120, input);
stop();
await machine.stop();
const file = join(import.meta.dirname, "../src/guest/fixtures/session.raw");
writeFileSync(file, raw.join(""));
console.log(`record-session: ${raw.join("").length} characters -> ${file}`);
