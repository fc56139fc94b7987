// Parses shell-integration marks out of the guest's terminal stream. The guest's bash prints
// OSC 133 (ESC ] 133 ; A|B|C|D;status BEL) around prompts and commands, as VS Code and iTerm2
// read them, and OSC 633 ; E ; <command line> BEL just before a command's output starts.

export type ShellMark =
  | { kind: "prompt-start" } // A
  | { kind: "prompt-end" } // B: the shell waits for input
  | { kind: "command-line"; commandLine: string } // 633;E: the line about to run
  | { kind: "output-start" } // C: a command line was accepted and runs
  | { kind: "command-end"; exitCode: number }; // D;status

export interface ShellMarkSink {
  /** Text between marks, with the marks removed (other escape sequences kept). */
  onText(text: string): void;
  onMark(mark: ShellMark): void;
}

const MARK_PREFIXES = ["\x1b]133;", "\x1b]633;"];
const LONGEST_PREFIX = 6;

/** Incremental parser: feed it chunks as they arrive; a mark split across chunks is held back. */
export class ShellMarkParser {
  private pending = "";

  constructor(private readonly sink: ShellMarkSink) {}

  feed(chunk: string): void {
    let data = this.pending + chunk;
    this.pending = "";
    for (;;) {
      const start = findMarkStart(data);
      if (start < 0) {
        // Hold back a trailing partial "ESC ] 1 3 3 ;" so a mark split across chunks is not lost.
        const keep = Math.max(...MARK_PREFIXES.map((prefix) => partialPrefixLength(data, prefix)));
        if (data.length > keep) this.sink.onText(data.slice(0, data.length - keep));
        this.pending = data.slice(data.length - keep);
        return;
      }
      if (start > 0) this.sink.onText(data.slice(0, start));
      const end = findTerminator(data, start + LONGEST_PREFIX);
      if (!end) {
        this.pending = data.slice(start);
        return;
      }
      const mark = parseMark(data.slice(start + 2, end.at));
      if (mark) this.sink.onMark(mark);
      data = data.slice(end.at + end.length);
    }
  }
}

function findMarkStart(data: string): number {
  let best = -1;
  for (const prefix of MARK_PREFIXES) {
    const at = data.indexOf(prefix);
    if (at >= 0 && (best < 0 || at < best)) best = at;
  }
  return best;
}

function findTerminator(data: string, from: number): { at: number; length: number } | undefined {
  for (let i = from; i < data.length; i++) {
    if (data[i] === "\x07") return { at: i, length: 1 };
    if (data[i] === "\x1b" && data[i + 1] === "\\") return { at: i, length: 2 };
    if (data[i] === "\x1b" && i + 1 === data.length) return undefined;
  }
  return undefined;
}

function partialPrefixLength(data: string, prefix: string): number {
  for (let n = Math.min(prefix.length - 1, data.length); n > 0; n--) {
    if (data.endsWith(prefix.slice(0, n))) return n;
  }
  return 0;
}

/** Parses the body of a mark ("133;D;0", "633;E;ls"); unknown marks are ignored. */
export function parseMark(body: string): ShellMark | undefined {
  const [code, letter, ...args] = body.split(";");
  if (code === "633") {
    return letter === "E" ? { kind: "command-line", commandLine: unescapeCommandLine(args.join(";")) } : undefined;
  }
  switch (letter) {
    case "A":
      return { kind: "prompt-start" };
    case "B":
      return { kind: "prompt-end" };
    case "C":
      return { kind: "output-start" };
    case "D": {
      const code = Number.parseInt(args[0] ?? "", 10);
      return { kind: "command-end", exitCode: Number.isFinite(code) ? code : 0 };
    }
    default:
      return undefined;
  }
}

/** Undoes the guest's escaping of the E mark: "\\" for a backslash, "\xNN" for ";" and control characters. */
function unescapeCommandLine(text: string): string {
  return text.replace(/\\(\\|x([0-9a-fA-F]{2}))/g, (_, all: string, hex: string | undefined) =>
    hex ? String.fromCharCode(Number.parseInt(hex, 16)) : all,
  );
}

/**
 * Plain text of terminal output, as a terminal would show it: a small line model that applies
 * carriage returns, cursor up/down and line erases (docker's progress bars redraw lines this
 * way) and drops every other escape sequence.
 */
export function plainText(text: string): string {
  const lines: string[] = [""];
  let row = 0;
  let col = 0;
  const put = (chunk: string) => {
    const line = lines[row]!;
    lines[row] = line.slice(0, col).padEnd(col, " ") + chunk + line.slice(col + chunk.length);
    col += chunk.length;
  };
  const pattern = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b\[([0-?]*)[ -/]*([@-~])|\x1b[()][0-9A-Za-z]|\x1b[=>78DEHM]|\r|\n|[^\x1b\r\n]+/g;
  for (const match of text.matchAll(pattern)) {
    const [token, params, final] = match;
    if (token === "\n") {
      row++;
      col = 0;
      if (row === lines.length) lines.push("");
    } else if (token === "\r") {
      col = 0;
    } else if (final) {
      const n = Math.max(1, Number.parseInt(params || "1", 10) || 1);
      if (final === "A") row = Math.max(0, row - n);
      else if (final === "B") {
        row += n;
        while (lines.length <= row) lines.push("");
      } else if (final === "K") lines[row] = params === "2" ? "" : lines[row]!.slice(0, col);
    } else if (token[0] !== "\x1b") {
      put(token);
    }
  }
  return lines.map((line) => line.trimEnd()).join("\n");
}
