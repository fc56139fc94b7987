import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CommandEvent } from "../lessons/probe.ts";
import { createShellEvents } from "./shell-events.ts";
import type { ShellState } from "./shell-events.ts";

const fixtures = join(import.meta.dirname, "../guest/fixtures");

/** Feeds a recording in chunks of `size` characters, as the terminal receives it. */
function replay(raw: string, size: number) {
  const events: CommandEvent[] = [];
  const started: string[] = [];
  const states: ShellState[] = [];
  const shell = createShellEvents({ onCommand: (e) => events.push(e), onCommandStart: (l) => started.push(l), onState: (s) => states.push(s) });
  for (let i = 0; i < raw.length; i += size) shell.feed(raw.slice(i, i + size));
  return { events, started, states };
}

describe("shell events from a recorded guest session (golden transcript)", () => {
  const raw = readFileSync(join(fixtures, "session.raw"), "utf8");
  const expected = JSON.parse(readFileSync(join(fixtures, "session.expected.json"), "utf8")) as CommandEvent[];

  it("yields each command line as the shell ran it, with its exit code and output", () => {
    expect(replay(raw, 61).events).toEqual(expected);
  });

  it("does not depend on where the stream is cut", () => {
    for (const size of [1, 7, 4096]) expect(replay(raw, size).events).toEqual(expected);
  });

  it("reports each command as it starts, and the shell back at its prompt after it", () => {
    const { started, states } = replay(raw, 61);
    expect(started).toEqual(expected.map((e) => e.commandLine));
    expect(states.at(-1)).toBe("prompt");
    expect(states.filter((s) => s === "running")).toHaveLength(expected.length);
  });
});

describe("the folder each command was typed in", () => {
  it("is the one its prompt showed, so a cd moves the next command's relative paths", () => {
    const prompt = (dir: string) => `\x1b]133;A\x07\x1b[1;32mroot@docker-sandbox\x1b[0m:\x1b[1;34m${dir}\x1b[0m# \x1b]133;B\x07`;
    const command = (line: string) => `${line}\r\n\x1b]633;E;${line}\x07\x1b]133;C\x07\x1b]133;D;0\x07`;
    const raw = prompt("/lab") + command("cd hello") + prompt("/lab/hello") + command("docker load -i ../my-box.tar") + prompt("/lab/hello");
    expect(replay(raw, 5).events.map((e) => [e.commandLine, e.cwd])).toEqual([
      ["cd hello", "/lab"],
      ["docker load -i ../my-box.tar", "/lab/hello"],
    ]);
  });
});
