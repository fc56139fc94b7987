// A guest tool that runs parts of its work in processes of its own, one emulator per core: the
// parent starts this same script with other arguments and relays the child's lines as they come;
// the child ends by printing its result on one line.

import { spawn } from "node:child_process";
import { EMULATOR_NODE_FLAGS } from "./emulator-node-flags.ts";

const RESULT = "RESULT ";

/** Removes `NAME VALUE` from ARGS; the value, if it was there. */
export function takeOption(args: string[], name: string): string | undefined {
  const k = args.indexOf(name);
  return k < 0 ? undefined : args.splice(k, 2)[1];
}

/** Removes the flag NAME from ARGS; was it there? */
export function takeFlag(args: string[], name: string): boolean {
  const k = args.indexOf(name);
  if (k >= 0) args.splice(k, 1);
  return k >= 0;
}

/** The child's last word: RESULT as one line the parent reads. */
export function reportResult(result: unknown): void {
  console.log(RESULT + JSON.stringify(result));
}

/** Runs SCRIPT (a tsx script) with ARGS; its lines are printed as they come. Undefined: it ended without a result. */
export function runChild<T>(script: string, args: string[]): Promise<{ result?: T; code: number | null }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [...EMULATOR_NODE_FLAGS, "--import", "tsx", script, ...args], { stdio: ["ignore", "pipe", "inherit"] });
    let pending = "";
    let result: T | undefined;
    proc.stdout.on("data", (d: Buffer) => {
      const lines = (pending + d.toString()).split("\n");
      pending = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith(RESULT)) result = JSON.parse(line.slice(RESULT.length)) as T;
        else console.log(line);
      }
    });
    proc.on("close", (code) => resolve({ result, code }));
  });
}
