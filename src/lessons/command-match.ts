// Structural matching of learner command lines against a step's command spec: same docker command
// (aliases folded), same flags by meaning (order, clusters and `=` don't matter), same arguments.

import { programWords, splitCommandLine, splitCommands } from "./command-line.ts";
import type { ExitLink, Redirects, Word } from "./command-line.ts";
import { ALIASES, COMPOSE_GLOBAL_FLAGS, DOCKER_GLOBAL_FLAGS, MANAGEMENT_COMMANDS, commandDef, programDef } from "./docker-cli.ts";
import type { CommandDef, FlagDef, ValueKind } from "./docker-cli.ts";
import { normalizeImageRef, sameImageRef } from "./image-ref.ts";
import { canonicalLabPath } from "./lab-path.ts";
import { mountAsShortFlag, mountMode, withoutMountMode } from "./mount-option.ts";

export interface ParsedFlag {
  /** Canonical long name without dashes (`publish` for `-p`). */
  name: string;
  /** Normalized value; `true` for a boolean flag; `null` only in specs, for a `<placeholder>` value. */
  value: string | true | null;
  /** The value as typed, for messages. */
  typed?: string;
}

/** One simple command of a command line, in canonical form. */
export interface ParsedCommand {
  /** `docker` (also for `docker-compose`), or the other program's name, e.g. `curl`. */
  program: string;
  /** Canonical docker command, e.g. `container run`, `image ls`, `compose up`; "" for other programs. */
  command: string;
  /** What was typed to name it, e.g. `docker ps`; used in messages. */
  display: string;
  flags: ParsedFlag[];
  /** Positional arguments; image references normalized. `null` only in specs, for `<placeholder>`. */
  args: (string | null)[];
  /** The positional arguments as typed, for messages. */
  typedArgs: string[];
}

/** A step's command spec, compiled. */
export interface CommandPattern extends ParsedCommand {
  /** The spec as the teacher wrote it. */
  source: string;
  /** The spec ended with `...`: any further arguments are allowed. */
  restArgs: boolean;
  /** No learner flags beyond the spec's. */
  exact: boolean;
  /** The check reads what the command printed: a learner's --format with words of its own could print anything. */
  readsOutput?: boolean;
}

export type MatchResult =
  | { kind: "match" }
  /** Same command, but flags or arguments differ: what is wrong, in learner terms. */
  | { kind: "near-miss"; problems: string[] }
  /** The command ran, but the line's exit code may be another command's (`docker pause web || true`). */
  | { kind: "unattributed"; display: string }
  | { kind: "other-command" };

const PLACEHOLDER = /^<[^<>\s]+>$/;

/** Every simple command in a learner's command line, parsed. `echo docker ps` yields `echo`, not docker. */
export function parseCommandLine(line: string, cwd?: string): ParsedCommand[] {
  return parseCommands(line, cwd).map((c) => c.cmd);
}

function parseCommands(line: string, cwd: string | undefined): { cmd: ParsedCommand; exit: ExitLink }[] {
  const out: { cmd: ParsedCommand; exit: ExitLink }[] = [];
  for (const { words, exit, redirects } of splitCommands(line)) {
    const program = programWords(words);
    if (program) out.push({ cmd: parseWords(program, false, redirects, cwd), exit });
  }
  return out;
}

/**
 * Compile a teacher's spec, e.g. `docker run -d -p 8080:80 nginx`, `docker logs <container>`,
 * `docker run busybox ...`. Returns an error message naming the fix when it is not one command.
 */
export function compileCommandPattern(source: string, exact = false): { pattern: CommandPattern } | { error: string } {
  const commands = splitCommandLine(source, { placeholders: true });
  if (commands.length !== 1) {
    return { error: `must be exactly one command (found ${commands.length}); use \`all\` to ask for several commands` };
  }
  const words = programWords(commands[0]);
  if (!words) return { error: "names no command to run" };
  let restArgs = false;
  if (words.length > 1 && words[words.length - 1] === "...") {
    words.pop();
    restArgs = true;
  }
  const parsed = parseWords(words, true);
  if (parsed.program === "docker" && parsed.command === "") return { error: "names no docker command, e.g. `docker run hello-world`" };
  return { pattern: { ...parsed, source, restArgs, exact } };
}

/**
 * Does one learner command line run the spec's command? Given the line's exit code, only a command
 * that code belongs to can match (see ExitLink); without it, any simple command of the line. Its
 * relative paths start from `cwd`, the folder the line was typed in (default /lab).
 */
export function matchCommandLine(pattern: CommandPattern, line: string, exitCode?: number, cwd?: string): MatchResult {
  let best: MatchResult = { kind: "other-command" };
  for (const { cmd, exit } of parseCommands(line, cwd)) {
    const r = matchCommand(pattern, cmd);
    if (r.kind === "match") {
      if (exitCode === undefined || (exitCode === 0 ? exit.zero : exit.nonzero)) return r;
      best = { kind: "unattributed", display: cmd.display };
    } else if (r.kind === "near-miss" && best.kind === "other-command") best = r;
  }
  return best;
}

const INSPECT_KINDS = new Set(["container", "image", "volume", "network"]);

function sameCommand(pattern: ParsedCommand, cmd: ParsedCommand): boolean {
  if (pattern.program !== cmd.program) return false;
  if (pattern.command === cmd.command) return true;
  // Bare `docker inspect` inspects any kind of object: it stands in for `docker container inspect`
  // and the others, and a spec of bare `docker inspect` accepts any of them.
  const isInspect = (c: string) => c === "inspect" || (c.endsWith(" inspect") && INSPECT_KINDS.has(c.split(" ")[0]));
  return isInspect(pattern.command) && isInspect(cmd.command) && (pattern.command === "inspect" || cmd.command === "inspect");
}

/** Match one parsed learner command against a pattern. */
export function matchCommand(pattern: CommandPattern, cmd: ParsedCommand): MatchResult {
  if (!sameCommand(pattern, cmd)) return { kind: "other-command" };
  if (asksHelp(cmd) && !asksHelp(pattern)) return { kind: "near-miss", problems: ["`--help` (`-h`) only prints help and runs nothing"] };
  const problems: string[] = [];
  const used = new Set<number>();
  for (const want of pattern.flags) {
    const j = cmd.flags.findIndex((f, k) => !used.has(k) && f.name === want.name && (want.value === null ? f.value !== true : sameFlagValue(want, f)));
    if (j >= 0) {
      used.add(j);
      continue;
    }
    const other = cmd.flags.find((f, k) => !used.has(k) && f.name === want.name);
    if (other && other.value !== true) problems.push(`${flagDisplay(want.name)} ${quote(other.typed ?? other.value ?? "")} is not the value this step asks for`);
    else problems.push(`option ${flagDisplay(want.name)} is missing`);
  }
  if (pattern.exact) {
    cmd.flags.forEach((f, k) => {
      if (!used.has(k)) problems.push(`option ${flagDisplay(f.name)} is not expected here`);
    });
  } else if (pattern.readsOutput) {
    cmd.flags.forEach((f, k) => {
      if (!used.has(k) && f.name === "format" && typeof f.value === "string" && formatWritesWords(f.value)) {
        problems.push(`${flagDisplay(f.name)} ${quote(f.typed ?? f.value)} prints words of its own; this step reads what Docker prints`);
      }
    });
  }
  const want = pattern.args;
  const got = cmd.args;
  if (got.length < want.length || (!pattern.restArgs && got.length > want.length)) {
    // Say how many words were expected without revealing them: the hints do that, one at a time.
    const n = want.length;
    const typed = got.length > 0 ? ` (${cmd.typedArgs.map(quote).join(" ")})` : "";
    problems.push(`${quote(cmd.display)} should get ${pattern.restArgs ? "at least " : ""}${n} argument${n === 1 ? "" : "s"} here, not ${got.length}${typed}`);
  } else {
    // Across inspect kinds only one side normalized its arguments as image references.
    const same = (a: string, g: string | null) => g === a || (pattern.command !== cmd.command && g !== null && sameImageRef(a, g));
    want.forEach((a, k) => {
      if (a !== null && !same(a, got[k])) problems.push(`${quote(cmd.typedArgs[k] ?? "")} is not what this step asks for here`);
    });
  }
  return problems.length === 0 ? { kind: "match" } : { kind: "near-miss", problems };
}

/** A Go template that prints text besides its fields (`{{.Name}}`, `{{json .}}`) and `table`: such
 * a format can print the words a check looks for without Docker holding them. */
function formatWritesWords(template: string): boolean {
  const literal = template.replace(/\{\{[\s\S]*?\}\}/g, "").replace(/^\s*table\b/, "").replace(/\\[tn]/g, "");
  return /[A-Za-z0-9]/.test(literal);
}

/** Equal values; a `-v` the spec gives without a mode (`:ro`) accepts any mode, the same volume either way. */
function sameFlagValue(want: ParsedFlag, got: ParsedFlag): boolean {
  if (got.value === want.value) return true;
  return want.name === "volume" && typeof got.value === "string" && typeof want.value === "string" && mountMode(want.value) === undefined && withoutMountMode(got.value) === want.value;
}

const asksHelp = (cmd: ParsedCommand) => cmd.flags.some((f) => f.name === "help");

function flagDisplay(name: string): string {
  return name.length === 1 ? `-${name}` : `--${name}`;
}

function quote(s: string): string {
  return `\`${s}\``;
}

// ---- parsing -------------------------------------------------------------------------------

function parseWords(words: Word[], spec: boolean, redirects: Redirects = {}, cwd?: string): ParsedCommand {
  let program = words[0];
  let rest = words.slice(1);
  if (program === "docker-compose") {
    program = "docker";
    rest = ["compose", ...rest];
  }
  if (program !== "docker") {
    const def = programDef(program);
    const { flags, args } = parseArgs(rest, def, spec);
    return finish({ program, command: "", display: program, flags, args }, def, spec, cwd);
  }
  const globals: ParsedFlag[] = [];
  let i = skipFlags(rest, 0, DOCKER_GLOBAL_FLAGS, globals);
  if (i >= rest.length) return { program, command: "", display: "docker", flags: [], args: [], typedArgs: [] };
  // Of docker's own options only --help changes what the command does (`docker --help ps`).
  const pre = globals.filter((f) => f.name === "help");
  let key: string;
  if (rest[i] === "compose") {
    i = skipFlags(rest, i + 1, COMPOSE_GLOBAL_FLAGS, pre);
    key = i < rest.length ? `compose ${rest[i++]}` : "compose";
  } else if (MANAGEMENT_COMMANDS.has(rest[i]) && i + 1 < rest.length && !rest[i + 1].startsWith("-")) {
    key = `${rest[i]} ${rest[i + 1]}`;
    i += 2;
  } else {
    key = rest[i++];
  }
  let command = ALIASES[key] ?? key;
  const def = commandDef(command);
  const { flags, args } = parseArgs(rest.slice(i), def, spec);
  for (const stream of ["stdin", "stdout"] as const) {
    const name = def.redirectFlags?.[stream];
    const file = redirects[stream];
    if (name && file !== undefined && !flags.some((f) => f.name === name)) flags.push({ name, value: file, kind: "path" });
  }
  if (command === "inspect") {
    // `docker inspect --type=image x` is `docker image inspect x`.
    const type = flags.find((f) => f.name === "type");
    if (type && typeof type.value === "string" && INSPECT_KINDS.has(type.value)) command = `${type.value} inspect`;
  }
  return finish({ program, command, display: `docker ${key}`, flags: [...pre, ...flags], args }, def, spec, cwd);
}

/** Skip (and collect) leading options from a table; stops at the first non-option word. */
function skipFlags(words: Word[], start: number, table: Map<string, FlagDef>, into: ParsedFlag[]): number {
  let i = start;
  while (i < words.length && words[i].startsWith("-") && words[i] !== "-" && words[i] !== "--") {
    const [name, eq] = splitEq(words[i]);
    const def = table.get(name);
    let value: string | true = true;
    if (eq !== undefined) value = eq;
    else if (def?.value) value = words[++i] ?? "";
    into.push({ name: def?.name ?? name.replace(/^-+/, ""), value });
    i++;
  }
  return i;
}

function splitEq(word: string): [string, string | undefined] {
  const k = word.indexOf("=");
  return k < 0 ? [word, undefined] : [word.slice(0, k), word.slice(k + 1)];
}

interface RawFlag {
  name: string;
  value: string | true;
  kind?: ValueKind;
}

/**
 * pflag's rules, as docker uses them: `--name=web` or `--name web`; short clusters `-it`, `-dp 8080:80`
 * where only the last letter may take a value; `-p8080:80`; `--` ends options. Unknown options are
 * taken as boolean unless written `--opt=value`.
 */
function parseArgs(words: Word[], def: CommandDef, spec: boolean): { flags: RawFlag[]; args: Word[] } {
  const flags: RawFlag[] = [];
  const args: Word[] = [];
  let optionsEnded = false;
  const push = (d: FlagDef | undefined, fallback: string, value: string | true) => {
    // Boolean flags written `--rm=true` / `--rm=false`.
    if (!d?.value && typeof value === "string" && (value === "true" || value === "false")) {
      if (value === "false") return;
      value = true;
    }
    flags.push({ name: d?.name ?? fallback, value, kind: d?.value });
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (optionsEnded || (!def.interspersed && args.length > 0) || (spec && PLACEHOLDER.test(w))) {
      args.push(w);
    } else if (w === "--") {
      optionsEnded = true;
    } else if (w.startsWith("--")) {
      const [name, eq] = splitEq(w);
      const d = def.flags.get(name);
      push(d, name.slice(2), eq ?? (d?.value ? (words[++i] ?? "") : true));
    } else if (w.startsWith("-") && w.length > 1) {
      const letters = w.slice(1);
      for (let j = 0; j < letters.length; j++) {
        const d = def.flags.get(`-${letters[j]}`);
        if (letters[j + 1] === "=") {
          push(d, letters[j], letters.slice(j + 2));
          break;
        }
        if (d?.value) {
          const attached = letters.slice(j + 1);
          push(d, letters[j], attached !== "" ? attached : (words[++i] ?? ""));
          break;
        }
        push(d, letters[j], true);
      }
    } else {
      args.push(w);
    }
  }
  return { flags, args };
}

function finish(
  cmd: { program: string; command: string; display: string; flags: (RawFlag | ParsedFlag)[]; args: Word[] },
  def: CommandDef,
  spec: boolean,
  cwd: string | undefined,
): ParsedCommand {
  const isAny = (v: string) => spec && PLACEHOLDER.test(v);
  const flags = cmd.flags.map((f): ParsedFlag => {
    if (f.value === true || f.value === null) return { name: f.name, value: f.value };
    if (isAny(f.value)) return { name: f.name, value: null };
    const kind = "kind" in f ? f.kind : undefined;
    const short = kind === "mount-option" ? mountAsShortFlag(f.value) : undefined;
    if (short) return { name: short.name, value: normalizeValue("mount", short.value, cwd), typed: f.value };
    const value = normalizeValue(kind, f.value, cwd);
    return value === f.value ? { name: f.name, value } : { name: f.name, value, typed: f.value };
  });
  const args = cmd.args.map((a, k) => {
    if (isAny(a)) return null;
    if (def.imageArgs === "all" || def.imageArgs.includes(k)) return normalizeImageRef(a);
    return def.pathArgs.includes(k) ? normalizeValue("path", a, cwd) : a;
  });
  return { program: cmd.program, command: cmd.command, display: cmd.display, flags, args, typedArgs: cmd.args };
}

/** A value as the spec means it; a learner's paths are relative to their shell's folder (`cwd`, default /lab). */
function normalizeValue(kind: ValueKind | undefined, value: string, cwd: string | undefined): string {
  switch (kind) {
    case "port":
      return normalizePort(value);
    case "image":
      return normalizeImageRef(value);
    case "mount":
      return value
        .replace(/:rw$/, "") // the default
        .split(":")
        .map((p) => (p.length > 1 && p.startsWith("/") ? p.replace(/\/+$/, "") : p))
        .join(":");
    case "path":
      // `-` is standard input or output; `web:/path` a container's file, `http://…` a URL.
      return value === "-" || /^[\w.-]+:/.test(value) ? value : canonicalLabPath(value, cwd);
    default:
      return value;
  }
}

/** `8080:80` = `8080:80/tcp` = `0.0.0.0:8080:80`; `80` = `80/tcp`. */
export function normalizePort(value: string): string {
  let v = value.trim().toLowerCase();
  let proto = "tcp";
  const slash = v.lastIndexOf("/");
  if (slash >= 0) {
    proto = v.slice(slash + 1);
    v = v.slice(0, slash);
  }
  if (v.startsWith("0.0.0.0:")) v = v.slice("0.0.0.0:".length);
  return `${v}/${proto}`;
}
