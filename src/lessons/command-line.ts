// Splits a bash command line into simple commands (words after quote removal), the way bash would
// for the purpose of recognizing which programs ran. Not a shell: no expansion, no subshell parsing.

/** One word of a simple command, after quote removal. */
export type Word = string;

export interface SplitOptions {
  /**
   * Lesson specs: `<` and `>` are ordinary characters so `<container>` stays one word (a placeholder
   * the matcher understands). In a learner's command line they are redirections, as in bash.
   * Default false.
   */
  placeholders?: boolean;
}

/** What the line's exit status (`$?` after it) says about one of its commands. */
export interface ExitLink {
  /** The line exiting 0 proves this command ran and exited 0. */
  zero: boolean;
  /** A non-zero exit status of the line is this command's own. */
  nonzero: boolean;
}

/** Files a command's standard input and output are redirected from and to (`< in`, `> out`). */
export interface Redirects {
  stdin?: Word;
  stdout?: Word;
}

export interface SimpleCommand {
  words: Word[];
  exit: ExitLink;
  redirects: Redirects;
}

/** The control operators between commands; newline and `;;` are `;`, `|&` is `|`. */
type Token = number | "&&" | "||" | "|" | ";" | "&" | "(" | ")";

/**
 * Split on `&&`, `||`, `;`, `|`, `|&`, `&`, newlines and parentheses. Redirections and their targets
 * are dropped (`> out.txt`, `2>&1`, `<<EOF` with its body). `$(…)`, `${…}` and backticks stay inside
 * their word unexpanded, so a docker command inside them is not seen as run.
 */
export function splitCommandLine(line: string, options: SplitOptions = {}): Word[][] {
  return splitCommands(line, options).map((c) => c.words);
}

/** splitCommandLine, with what the line's exit status says about each command, and its redirections. */
export function splitCommands(line: string, options: SplitOptions = {}): SimpleCommand[] {
  const commands: Word[][] = [];
  const redirects: Redirects[] = [];
  const tokens: Token[] = [];
  let words: Word[] = [];
  let io: Redirects = {};
  let target: keyof Redirects | undefined; // where the next word goes, when it is a redirection's file
  let cur: string | null = null;
  let curQuoted = false;
  let dropNextWord = false; // the next word is a redirection target
  const heredocs: { delimiter: string; stripTabs: boolean }[] = [];
  const s = line;
  let i = 0;

  const flush = () => {
    if (cur === null) return;
    if (dropNextWord) {
      if (target) io[target] = cur;
      dropNextWord = false;
    } else words.push(cur);
    cur = null;
    curQuoted = false;
  };
  const endCommand = () => {
    flush();
    dropNextWord = false;
    if (words.length > 0) {
      tokens.push(commands.push(words) - 1);
      redirects.push(io);
    }
    words = [];
    io = {};
  };
  const append = (text: string, quoted = false) => {
    cur = (cur ?? "") + text;
    if (quoted) curQuoted = true;
  };
  // Reads from an opening bracket at `start` to its balanced close, skipping quoted text.
  const readBalanced = (start: number, open: string, close: string): number => {
    let depth = 0;
    let j = start;
    while (j < s.length) {
      const c = s[j];
      if (c === "\\") j += 2;
      else if (c === "'") j = skipTo(j + 1, "'") + 1;
      else if (c === '"') j = skipDoubleQuoted(j + 1) + 1;
      else {
        if (c === open) depth++;
        else if (c === close && --depth === 0) return j + 1;
        j++;
      }
    }
    return s.length;
  };
  const skipTo = (from: number, ch: string): number => {
    const k = s.indexOf(ch, from);
    return k < 0 ? s.length : k;
  };
  const skipDoubleQuoted = (from: number): number => {
    let j = from;
    while (j < s.length && s[j] !== '"') j += s[j] === "\\" ? 2 : 1;
    return j;
  };
  // After a newline: skip the bodies of here-documents opened on the previous line.
  const skipHeredocBodies = () => {
    while (heredocs.length > 0) {
      const { delimiter, stripTabs } = heredocs.shift()!;
      for (;;) {
        if (i >= s.length) return;
        const end = s.indexOf("\n", i);
        const lineEnd = end < 0 ? s.length : end;
        const bodyLine = s.slice(i, lineEnd);
        i = end < 0 ? s.length : end + 1;
        if ((stripTabs ? bodyLine.replace(/^\t+/, "") : bodyLine) === delimiter) break;
      }
    }
  };

  while (i < s.length) {
    const c = s[i];
    const next = s[i + 1];
    if (c === " " || c === "\t" || c === "\r") {
      flush();
      i++;
    } else if (c === "\n") {
      endCommand();
      tokens.push(";");
      i++;
      skipHeredocBodies();
    } else if (c === "#" && cur === null) {
      const end = s.indexOf("\n", i);
      i = end < 0 ? s.length : end;
    } else if (c === "\\") {
      if (next === "\n") i += 2; // line continuation
      else {
        append(next ?? "", true);
        i += 2;
      }
    } else if (c === "'") {
      const end = skipTo(i + 1, "'");
      append(s.slice(i + 1, end), true);
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      let text = "";
      while (j < s.length && s[j] !== '"') {
        if (s[j] === "\\" && j + 1 < s.length && '$`"\\\n'.includes(s[j + 1])) {
          if (s[j + 1] !== "\n") text += s[j + 1];
          j += 2;
        } else if (s[j] === "$" && s[j + 1] === "(") {
          const end = readBalanced(j + 1, "(", ")");
          text += s.slice(j, end);
          j = end;
        } else {
          text += s[j];
          j++;
        }
      }
      append(text, true);
      i = j + 1;
    } else if (c === "$" && (next === "(" || next === "{")) {
      const end = readBalanced(i + 1, next, next === "(" ? ")" : "}");
      append(s.slice(i, end), true);
      i = end;
    } else if (c === "`") {
      let j = i + 1;
      while (j < s.length && s[j] !== "`") j += s[j] === "\\" ? 2 : 1;
      append(s.slice(i, j + 1), true);
      i = j + 1;
    } else if ((c === "<" || c === ">") && options.placeholders) {
      append(c);
      i++;
    } else if ((c === "<" || c === ">") && next === "(") {
      // Process substitution: one opaque word.
      const end = readBalanced(i + 1, "(", ")");
      append(s.slice(i, end), true);
      i = end;
    } else if (c === "<" || c === ">" || (c === "&" && next === ">")) {
      // A redirection. Digits right before it are its file descriptor, not a word.
      let fd: string | undefined;
      if (cur !== null && !curQuoted && /^\d+$/.test(cur)) [fd, cur] = [cur, null];
      else flush();
      const op = /^(&>>|&>|<<<|<<-|<<|<>|<&|>>|>&|>\||<|>)/.exec(s.slice(i))![0];
      i += op.length;
      target = (op === ">" || op === ">|") && (fd ?? "1") === "1" ? "stdout" : op === "<" && (fd ?? "0") === "0" ? "stdin" : undefined;
      if (op === "<<" || op === "<<-") {
        // The delimiter may be quoted; its body lines follow the current line.
        while (s[i] === " " || s[i] === "\t") i++;
        const m = /^(['"]?)([^\s'";&|<>()]+)\1/.exec(s.slice(i));
        if (m) {
          heredocs.push({ delimiter: m[2], stripTabs: op === "<<-" });
          i += m[0].length;
        }
      } else {
        dropNextWord = true;
      }
    } else if (c === ";" || c === "&" || c === "|" || c === "(" || c === ")") {
      endCommand();
      const pair = s.slice(i, i + 2);
      tokens.push(pair === "&&" || pair === "||" ? pair : (c as ";" | "&" | "|" | "(" | ")"));
      i += ["&&", "||", "|&", ";;"].includes(pair) ? 2 : 1;
    } else {
      append(c);
      i++;
    }
  }
  endCommand();
  const links = exitLinks(tokens, commands.length, (k) => LINE_FILTERS.has(programWords(commands[k]!)?.[0] ?? ""));
  return commands.map((words, k) => ({ words, exit: links[k], redirects: redirects[k] }));
}

/**
 * Bash sets `$?` to the status of the line's last top-level and-or list (0 if it runs in the
 * background). In it, `&&` and `||` bind left to right and a pipeline's status is its last command's
 * (no pipefail). So a 0 proves a command succeeded when it was not skipped (no `||` right before it)
 * and nothing after it could turn its failure into a 0 (only `&&` follows); a non-zero status is a
 * command's own when it comes last and was not skipped (no `&&` right before it). Commands before a
 * `|` (except into grep), inside `( … )`, or in an earlier list are never linked.
 */
function exitLinks(tokens: readonly Token[], count: number, isLineFilter: (command: number) => boolean): ExitLink[] {
  const links = Array.from({ length: count }, (): ExitLink => ({ zero: false, nonzero: false }));
  // The top level, each `( … )` group one opaque unit (-1).
  const top: Token[] = [];
  let depth = 0;
  for (const t of tokens) {
    if (t === "(") {
      if (depth++ === 0) top.push(-1);
    } else if (t === ")") depth = Math.max(0, depth - 1);
    else if (depth === 0) top.push(t);
  }
  while (top.at(-1) === ";") top.pop();
  if (top.at(-1) === "&") return links;
  const list = top.slice(Math.max(top.lastIndexOf(";"), top.lastIndexOf("&")) + 1);
  // Each pipeline's commands, and the `&&` / `||` between pipelines.
  const pipelines: Token[][] = [[]];
  const ops: Token[] = [];
  for (const t of list) {
    if (t === "&&" || t === "||") {
      pipelines.push([]);
      ops.push(t);
    } else if (t !== "|") pipelines.at(-1)!.push(t);
  }
  pipelines.forEach((members, k) => {
    const zero = ops[k - 1] !== "||" && ops.slice(k).every((op) => op === "&&");
    const nonzero = k === pipelines.length - 1 && ops[k - 1] !== "&&";
    // grep exits 0 only when it selected lines from what came into it: in `docker info | grep
    // runtime` that 0 says docker printed them, so the command before the greps shares it.
    const last = members.length - 1;
    const filters = (t: Token | undefined) => typeof t === "number" && t >= 0 && isLineFilter(t);
    for (let j = last; j >= 0 && (j === last || filters(members[j + 1])); j--) {
      const m = members[j];
      if (typeof m === "number" && m >= 0) links[m] = { zero, nonzero: nonzero && j === last };
    }
  });
  return links;
}

/** Programs that only pass on some of the lines they read, and exit 0 only when they pass one on. */
const LINE_FILTERS = new Set(["grep", "egrep", "fgrep"]);

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;

/** Wrappers that run the command after them; value-taking options listed so their values are skipped. */
const WRAPPERS: Record<string, { valueOptions: string; stopIf?: string }> = {
  sudo: { valueOptions: "ugCDhpUrtT" },
  time: { valueOptions: "fo" },
  command: { valueOptions: "", stopIf: "vV" }, // `command -v docker` only looks docker up
  exec: { valueOptions: "a" },
  env: { valueOptions: "uCS" },
  nohup: { valueOptions: "" },
  nice: { valueOptions: "n" },
};

/**
 * The words of the program actually run: leading `VAR=value` assignments and wrappers such as
 * `sudo`, `env`, `time` removed, and the program named by its base name (`/usr/bin/docker` → `docker`).
 * Returns null when nothing runs (only assignments, or `command -v`).
 */
export function programWords(command: Word[]): Word[] | null {
  let i = 0;
  for (;;) {
    while (i < command.length && ASSIGNMENT.test(command[i])) i++;
    if (i >= command.length) return null;
    const name = baseName(command[i]);
    const wrapper = WRAPPERS[name];
    if (!wrapper) break;
    i++;
    while (i < command.length && command[i].startsWith("-") && command[i] !== "-") {
      const opt = command[i];
      if (opt === "--") {
        i++;
        break;
      }
      if (!opt.startsWith("--") && wrapper.stopIf && [...opt.slice(1)].some((ch) => wrapper.stopIf!.includes(ch))) return null;
      const last = opt[opt.length - 1];
      i += !opt.startsWith("--") && opt.length === 2 && wrapper.valueOptions.includes(last) ? 2 : 1;
    }
  }
  return [baseName(command[i]), ...command.slice(i + 1)];
}

function baseName(path: string): string {
  const k = path.lastIndexOf("/");
  return k >= 0 ? path.slice(k + 1) : path;
}
