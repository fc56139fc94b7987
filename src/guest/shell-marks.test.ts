import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { plainText, ShellMarkParser } from "./shell-marks.ts";
import type { ShellMark } from "./shell-marks.ts";

function parse(chunks: string[]): { text: string; marks: ShellMark[]; events: string[] } {
  const marks: ShellMark[] = [];
  const events: string[] = [];
  let text = "";
  const parser = new ShellMarkParser({
    onText: (t) => {
      text += t;
      events.push(`text:${t}`);
    },
    onMark: (m) => {
      marks.push(m);
      events.push(`mark:${m.kind}`);
    },
  });
  for (const chunk of chunks) parser.feed(chunk);
  return { text, marks, events };
}

const session = "\x1b]133;A\x07root@docker-sandbox:/lab# \x1b]133;B\x07ls\r\n\x1b]133;C\x07a.txt\r\n\x1b]133;D;0\x07\x1b]133;A\x07# \x1b]133;B\x07";

describe("ShellMarkParser", () => {
  it("turns OSC 133 marks into events and keeps the text between them", () => {
    const { text, marks } = parse([session]);
    expect(marks.map((m) => m.kind)).toEqual(["prompt-start", "prompt-end", "output-start", "command-end", "prompt-start", "prompt-end"]);
    expect(marks[3]).toEqual({ kind: "command-end", exitCode: 0 });
    expect(text).toBe("root@docker-sandbox:/lab# ls\r\na.txt\r\n# ");
  });

  it("gives the same result whatever the chunk boundaries", () => {
    const whole = parse([session]);
    for (let size = 1; size <= 7; size++) {
      const chunks = [];
      for (let i = 0; i < session.length; i += size) chunks.push(session.slice(i, i + size));
      const split = parse(chunks);
      expect(split.marks).toEqual(whole.marks);
      expect(split.text).toBe(whole.text);
    }
  });

  it("reads the exit status, and accepts ST as the terminator", () => {
    const { marks } = parse(["\x1b]133;D;127\x1b\\", "\x1b]133;D;1\x07"]);
    expect(marks).toEqual([
      { kind: "command-end", exitCode: 127 },
      { kind: "command-end", exitCode: 1 },
    ]);
  });

  it("reads the command line of the E mark, undoing the guest's escaping", () => {
    const { marks } = parse(["\x1b]633;E;docker run --name a\\x3bb nginx \\\\x\x07\x1b]133;C\x07"]);
    expect(marks).toEqual([{ kind: "command-line", commandLine: "docker run --name a;b nginx \\x" }, { kind: "output-start" }]);
  });

  it("leaves other escape sequences in the text", () => {
    const { text, marks } = parse(["\x1b]0;title\x07\x1b[1;32mgreen\x1b[0m"]);
    expect(marks).toEqual([]);
    expect(text).toBe("\x1b]0;title\x07\x1b[1;32mgreen\x1b[0m");
  });
});

describe("plainText", () => {
  it("drops colors, OSC sequences and carriage-return overwrites", () => {
    expect(plainText("\x1b[1;32mok\x1b[0m\r\nline\r\n")).toBe("ok\nline\n");
    expect(plainText("Downloading 10%\rDownloading 100%\r\n")).toBe("Downloading 100%\n");
    expect(plainText("\x1b]133;C\x07x")).toBe("x");
  });

  it("applies docker's progress redraws: cursor up, erase line, rewrite", () => {
    const pull =
      "latest: Pulling from library/redis\r\n\r\n" +
      "\x1b[1A\x1b[2K\r2c74: Already exists \r\x1b[1B\r\n" +
      "\x1b[1A\x1b[2K\r330b: Pulling fs layer \r\x1b[1B\x1b[1A\x1b[2K\r330b: Downloading 1kB/3MB\r\x1b[1B" +
      "\x1b[1A\x1b[2K\r330b: Pull complete \r\x1b[1BDigest: sha256:00d2\r\nStatus: Downloaded newer image for redis:latest\r\n";
    expect(plainText(pull)).toBe(
      "latest: Pulling from library/redis\n2c74: Already exists\n330b: Pull complete\nDigest: sha256:00d2\nStatus: Downloaded newer image for redis:latest\n",
    );
  });
});

describe("a recorded guest session (golden transcript)", () => {
  const fixtures = join(import.meta.dirname, "fixtures");
  it("yields the recorded commands with their exit codes and output", () => {
    const raw = readFileSync(join(fixtures, "session.raw"), "utf8");
    const expected = (JSON.parse(readFileSync(join(fixtures, "session.expected.json"), "utf8")) as { exitCode: number; output: string }[]).map(
      ({ exitCode, output }) => ({ exitCode, output }),
    );
    const commands: { exitCode: number; output: string }[] = [];
    let output: string | undefined;
    const parser = new ShellMarkParser({
      onText: (t) => {
        if (output !== undefined) output += t;
      },
      onMark: (m) => {
        if (m.kind === "output-start") output = "";
        if (m.kind === "command-end" && output !== undefined) {
          commands.push({ exitCode: m.exitCode, output: plainText(output) });
          output = undefined;
        }
      },
    });
    for (let i = 0; i < raw.length; i += 61) parser.feed(raw.slice(i, i + 61));
    expect(commands).toEqual(expected);
  });
});
