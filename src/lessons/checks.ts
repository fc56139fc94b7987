// Evaluates a step's check against the commands run during the step and the machine's state (via the
// Probe), and says in learner terms what is still missing.

import { cachedProbe } from "./cached-probe.ts";
import { matchCommandLine, normalizePort } from "./command-match.ts";
import { normalizeImageRef, sameImageRef } from "./image-ref.ts";
import { dockerfileInstructions, historyMismatch } from "./dockerfile-history.ts";
import { labPath } from "./lab-path.ts";
import type { CommandEvent, ContainerInfo, ImageInfo, ImageName, MountInfo, PortBinding, Probe } from "./probe.ts";
import type { Check, CommandCheck, ContainerCheck, FileCheck, HttpCheck, ImageCheck, MountSpec, NetworkCheck, VolumeCheck } from "./schema.ts";
import { describeTextMatch, plainTerminalText, textMatches } from "./text-match.ts";

export interface CheckContext {
  /** The commands finished during the current step, oldest first. */
  commands: readonly CommandEvent[];
  probe: Probe;
  /** Aborting makes evaluateCheck reject with the signal's reason at its next probe answer. */
  signal?: AbortSignal;
}

export interface CheckResult {
  passed: boolean;
  /** Learner-readable reasons why it did not pass (empty when it passed). */
  details: string[];
  /** Set when the machine could not be asked (probe failure): not the learner's mistake. */
  error?: string;
}

/** Evaluate a check. Every probe question is asked at most once per call. */
export async function evaluateCheck(check: Check, ctx: CheckContext): Promise<CheckResult> {
  const env: Env = { commands: ctx.commands, probe: cachedProbe(ctx.probe), signal: ctx.signal };
  try {
    return await evaluate(check, env);
  } catch (e) {
    if (ctx.signal?.aborted) throw ctx.signal.reason;
    const message = e instanceof Error ? e.message : String(e);
    return { passed: false, details: [`Could not ask the sandbox about its state (${message}). Try Check again.`], error: message };
  }
}

interface Env {
  commands: readonly CommandEvent[];
  probe: Probe;
  signal?: AbortSignal;
}

const pass: CheckResult = { passed: true, details: [] };
const fail = (...details: string[]): CheckResult => ({ passed: false, details });
const code = (s: string) => `\`${s}\``;

async function evaluate(check: Check, env: Env): Promise<CheckResult> {
  const r = await evaluateKind(check, env);
  env.signal?.throwIfAborted();
  return !r.passed && check.message !== undefined ? { ...r, details: [check.message] } : r;
}

async function evaluateKind(check: Check, env: Env): Promise<CheckResult> {
  switch (check.kind) {
    case "command":
      return commandCheck(check.command, env);
    case "image":
      return imageCheck(check.image, env);
    case "container":
      return containerCheck(check.container, env);
    case "volume":
      return volumeCheck(check.volume, env);
    case "network":
      return networkCheck(check.network, env);
    case "file":
      return fileCheck(check.file, env);
    case "http":
      return httpCheck(check.http, env);
    case "all": {
      // Evaluate every part so the learner sees everything that is missing, not just the first.
      const results: CheckResult[] = [];
      for (const c of check.all) results.push(await evaluate(c, env));
      return results.every((r) => r.passed) ? pass : fail(...results.flatMap((r) => r.details));
    }
    case "any": {
      const results: CheckResult[] = [];
      for (const c of check.any) {
        const r = await evaluate(c, env);
        if (r.passed) return pass;
        results.push(r);
      }
      if (results.length === 1) return results[0];
      return fail("Any one of these would do:", ...results.map((r) => `• ${r.details.join(" ")}`));
    }
    case "not": {
      const r = await evaluate(check.not, env);
      return r.passed ? fail(`This should no longer be true: ${describeCheck(check.not)}.`) : pass;
    }
  }
}

// ---- command --------------------------------------------------------------------------------

function exitCodeOk(got: number, want: CommandCheck["exitCode"]): boolean {
  if (want === "any") return true;
  if (want === "nonzero") return got !== 0;
  return got === want;
}

async function commandCheck(spec: CommandCheck, env: Env): Promise<CheckResult> {
  // The most recent attempt that came close explains best what to change.
  let note: string | undefined;
  for (const ev of env.commands) {
    // With "any" the exit code says nothing, so any command of the line may count.
    const m = matchCommandLine(spec.pattern, ev.commandLine, spec.exitCode === "any" ? undefined : ev.exitCode, ev.cwd);
    const typed = code(ev.commandLine.trim());
    if (m.kind === "other-command") continue;
    if (m.kind === "near-miss") {
      note = `${typed} is close: ${m.problems.join("; ")}.`;
    } else if (m.kind === "unattributed") {
      note = `${typed} ended with exit code ${ev.exitCode}, which may come from another command on that line, not ${code(m.display)}: run it on a line of its own.`;
    } else if (!exitCodeOk(ev.exitCode, spec.exitCode)) {
      note =
        spec.exitCode === 0
          ? `${typed} failed (exit code ${ev.exitCode}); read its error message, fix it and run it again.`
          : `${typed} ended with exit code ${ev.exitCode}, not ${spec.exitCode === "nonzero" ? "an error" : spec.exitCode}.`;
    } else if (spec.output && !textMatches(ev.output, spec.output)) {
      note = `The output of ${typed} does not ${describeTextMatch(spec.output)}.`;
    } else if (spec.logsOf && !(await printedLogsOf(spec.logsOf, ev.output, env))) {
      note = `What ${typed} printed is not the end of the logs of a ${describeContainer(spec.logsOf)}.`;
    } else {
      return pass;
    }
  }
  return fail(note ?? `Run ${code(spec.pattern.display)} (not seen in this step yet).`);
}

// `docker logs -t` starts each line with an RFC 3339 time, which the log itself does not hold (an
// empty line is the time alone, its trailing space gone from the terminal).
const LOG_TIMESTAMP = /^\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:\d\d)(?: |$)/;

/**
 * Is the end of what a command printed the end of the logs of a container like `which`? The last lines
 * are compared, as the end of the log: the probe holds only the end of a long log, `--tail` prints only
 * that, and a container that merely prints a line of another's log has a different end.
 */
async function printedLogsOf(which: Pick<ContainerCheck, "name" | "image">, output: string, env: Env): Promise<boolean> {
  const lines = plainTerminalText(output)
    .split("\n")
    .map((l) => l.replace(LOG_TIMESTAMP, "").trimEnd())
    .filter((l) => l.trim() !== "" && l !== "^C") // `docker logs -f` stopped with Ctrl+C
    .slice(-5);
  if (lines.length === 0) return false;
  const escape = (l: string) => l.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // Blank lines between and after them are fine (filtered from the output above); (?![\s\S]) is the end of the log.
  const end = `^${lines.map(escape).join("[ \\t]*\\r?\\n(?:[ \\t]*\\r?\\n)*")}\\s*(?![\\s\\S])`;
  return (await containerCheck({ ...which, logs: { contains: [], matches: end, ignoreCase: false } }, env)).passed;
}

// ---- image ----------------------------------------------------------------------------------

const noImage = (ref: string) => `There is no image ${code(ref)} yet (${code("docker images")} lists them).`;

function findImage<T extends ImageName>(images: readonly T[], ref: string): T | undefined {
  return images.find((img) => img.tags.some((t) => sameImageRef(t, ref)));
}

function envHas(env: readonly string[], want: string): boolean {
  return want.includes("=") ? env.includes(want) : env.some((e) => e.startsWith(`${want}=`));
}

const json = (v: unknown) => code(JSON.stringify(v));
const trimSlash = (p: string) => (p.length > 1 ? p.replace(/\/+$/, "") : p);

type Argv = { cmd?: string[] | null; entrypoint?: string[] | null };

/** Cmd and Entrypoint compare exactly, as docker inspect shows them; unset is []. */
function argvProblems(spec: Argv, got: Argv): string[] {
  const problems: string[] = [];
  for (const [key, label] of [["cmd", "Cmd"], ["entrypoint", "Entrypoint"]] as const) {
    const want = spec[key];
    const have = got[key] ?? [];
    if (want && JSON.stringify(have) !== JSON.stringify(want)) problems.push(`its ${label} is ${json(have)}, the step wants ${json(want)}`);
  }
  return problems;
}

/** Does the check look past the image's name (its configuration or history)? */
const readsImageDetails = (spec: ImageCheck) =>
  [spec.cmd, spec.entrypoint, spec.env, spec.workdir, spec.user, spec.exposes, spec.volumes, spec.history, spec.dockerfile, spec.maxSize].some((v) => v !== undefined);

async function imageCheck(spec: ImageCheck, env: Env): Promise<CheckResult> {
  if (!readsImageDetails(spec)) {
    return findImage(await env.probe.imageNames(), spec.ref) ? pass : fail(noImage(spec.ref));
  }
  const img = findImage(await env.probe.images(), spec.ref);
  if (!img) return fail(noImage(spec.ref));
  const c = img.config;
  const problems = argvProblems(spec, c);
  for (const e of spec.env ?? []) if (!envHas(c.env, e)) problems.push(`its environment has no ${code(e)}`);
  if (spec.workdir !== undefined && trimSlash(c.workingDir) !== trimSlash(spec.workdir)) {
    problems.push(`its working directory is ${code(c.workingDir || "/")}, the step wants ${code(spec.workdir)}`);
  }
  if (spec.user !== undefined && c.user !== spec.user) problems.push(`its user is ${code(c.user || "root")}, the step wants ${code(spec.user)}`);
  const exposed = c.exposedPorts.map(normalizePort);
  for (const p of spec.exposes ?? []) if (!exposed.includes(normalizePort(p))) problems.push(`it does not expose ${code(normalizePort(p))}`);
  for (const v of spec.volumes ?? []) if (!c.volumes.map(trimSlash).includes(trimSlash(v))) problems.push(`it declares no volume at ${code(v)}`);
  if (spec.history && !img.history.some((h) => textMatches(h.createdBy, spec.history!))) {
    problems.push(`none of its history lines ${describeTextMatch(spec.history)}`);
  }
  if (spec.maxSize !== undefined && img.size > spec.maxSize) {
    problems.push(`it is ${megabytes(img.size)}, the step wants at most ${megabytes(spec.maxSize)}`);
  }
  if (spec.dockerfile !== undefined) problems.push(...(await dockerfileProblems(spec.dockerfile, img, env)));
  return problems.length === 0 ? pass : fail(...problems.map((p) => `Image ${code(spec.ref)}: ${p}.`));
}

async function dockerfileProblems(path: string, img: ImageInfo, env: Env): Promise<string[]> {
  const f = await env.probe.file(labPath(path));
  if (!f.exists || f.kind !== "file" || f.content === undefined) return [`there is no readable ${code(labPath(path))} to compare it with`];
  const mismatch = historyMismatch(dockerfileInstructions(f.content), img.history);
  return mismatch === undefined ? [] : [mismatch];
}

const megabytes = (bytes: number) => `${Number((bytes / 1e6).toPrecision(3))}MB`;

// ---- container ------------------------------------------------------------------------------

async function containerCheck(spec: ContainerCheck, env: Env): Promise<CheckResult> {
  const all = await env.probe.containers({ logs: spec.logs !== undefined });
  const candidates: ContainerInfo[] = [];
  for (const c of all) {
    if (spec.name !== undefined && c.name.replace(/^\//, "") !== spec.name.replace(/^\//, "")) continue;
    if (spec.image !== undefined && !(await containerFromImage(c, spec.image, env))) continue;
    candidates.push(c);
  }
  if (candidates.length === 0) return fail(`There is no ${describeContainer(spec)} (${code("docker ps -a")} lists them all).`);
  let best: { c: ContainerInfo; problems: string[] } | undefined;
  for (const c of candidates) {
    const problems = containerProblems(spec, c);
    if (problems.length === 0) return pass;
    if (!best || problems.length < best.problems.length) best = { c, problems };
  }
  return fail(...best!.problems.map((p) => `Container ${code(best!.c.name)}: ${p}.`));
}

/** `container named \`web\` from image \`nginx\``, or just `container`. */
function describeContainer(spec: Pick<ContainerCheck, "name" | "image">): string {
  const what = [spec.name !== undefined ? `named ${code(spec.name)}` : "", spec.image !== undefined ? `from image ${code(spec.image)}` : ""];
  return ["container", ...what.filter(Boolean)].join(" ");
}

async function containerFromImage(c: ContainerInfo, ref: string, env: Env): Promise<boolean> {
  if (sameImageRef(c.image, ref)) return true;
  // Created by id, or by another tag of the same image: compare image ids.
  const img = findImage(await env.probe.imageNames(), ref);
  return img !== undefined && img.id === c.imageId;
}

function containerProblems(spec: ContainerCheck, c: ContainerInfo): string[] {
  const problems: string[] = [];
  const status = spec.status ?? (spec.exitCode !== undefined ? "exited" : undefined);
  if (status !== undefined && c.status !== status) problems.push(`it is ${c.status}, the step wants it ${status}`);
  else if (spec.exitCode !== undefined && c.exitCode !== spec.exitCode) problems.push(`it exited with code ${c.exitCode}, the step wants ${spec.exitCode}`);
  for (const p of spec.ports ?? []) if (!c.ports.some((b) => portMatches(p, b))) problems.push(`it does not publish ${code(p)}`);
  for (const m of spec.mounts ?? []) if (!c.mounts.some((x) => mountMatches(m, x))) problems.push(`it has no ${describeMount(m)}`);
  for (const e of spec.env ?? []) if (!envHas(c.env, e)) problems.push(`its environment has no ${code(e)}`);
  for (const n of spec.networks ?? []) if (!c.networks.includes(n)) problems.push(`it is not attached to network ${code(n)}`);
  for (const [k, v] of Object.entries(spec.labels ?? {})) if (c.labels[k] !== v) problems.push(`it has no label ${code(`${k}=${v}`)}`);
  problems.push(...argvProblems(spec, c));
  if (spec.logs && !textMatches(c.logs, spec.logs)) problems.push(`its logs do not ${describeTextMatch(spec.logs)}`);
  return problems;
}

/** `8080:80`, `127.0.0.1:8080:80/tcp`, or `80` (published on any host port). */
function portMatches(spec: string, b: PortBinding): boolean {
  const [mapping, proto = "tcp"] = normalizePort(spec).split("/");
  const parts = mapping.split(":");
  const containerPort = Number(parts[parts.length - 1]);
  const hostPort = parts.length >= 2 ? Number(parts[parts.length - 2]) : undefined;
  const hostIp = parts.length >= 3 ? parts.slice(0, -2).join(":") : undefined;
  const anyIp = (ip: string) => ip === "" || ip === "0.0.0.0" || ip === "::";
  return (
    b.containerPort === containerPort &&
    b.protocol === proto &&
    (hostPort === undefined || b.hostPort === hostPort) &&
    (hostIp === undefined || b.hostIp === hostIp || (anyIp(hostIp) && anyIp(b.hostIp)))
  );
}

function mountMatches(spec: MountSpec, m: MountInfo): boolean {
  if (trimSlash(m.destination) !== trimSlash(spec.target)) return false;
  if (spec.type !== undefined && m.type !== spec.type) return false;
  if (spec.source !== undefined) return m.type === "bind" ? trimSlash(m.source) === trimSlash(spec.source) : m.source === spec.source;
  return true;
}

function describeMount(m: MountSpec): string {
  const kind = m.type === "bind" ? "bind mount" : m.type === "tmpfs" ? "tmpfs mount" : m.type === "volume" ? "volume" : "mount";
  return `${kind}${m.source ? ` ${code(m.source)}` : ""} at ${code(m.target)}`;
}

// ---- volume, network, file, http ------------------------------------------------------------

async function volumeCheck(spec: VolumeCheck, env: Env): Promise<CheckResult> {
  const v = (await env.probe.volumes()).find((x) => x.name === spec.name);
  if (!v) return fail(`There is no volume ${code(spec.name)} (${code("docker volume ls")} lists them).`);
  const problems: string[] = [];
  if (spec.driver !== undefined && v.driver !== spec.driver) problems.push(`its driver is ${code(v.driver)}, the step wants ${code(spec.driver)}`);
  for (const [k, val] of Object.entries(spec.labels ?? {})) if (v.labels[k] !== val) problems.push(`it has no label ${code(`${k}=${val}`)}`);
  return problems.length === 0 ? pass : fail(...problems.map((p) => `Volume ${code(spec.name)}: ${p}.`));
}

async function networkCheck(spec: NetworkCheck, env: Env): Promise<CheckResult> {
  const n = (await env.probe.networks()).find((x) => x.name === spec.name);
  if (!n) return fail(`There is no network ${code(spec.name)} (${code("docker network ls")} lists them).`);
  const problems: string[] = [];
  if (spec.driver !== undefined && n.driver !== spec.driver) problems.push(`its driver is ${code(n.driver)}, the step wants ${code(spec.driver)}`);
  for (const c of spec.containers ?? []) if (!n.containers.includes(c)) problems.push(`container ${code(c)} is not attached to it`);
  return problems.length === 0 ? pass : fail(...problems.map((p) => `Network ${code(spec.name)}: ${p}.`));
}

async function fileCheck(spec: FileCheck, env: Env): Promise<CheckResult> {
  const path = labPath(spec.path);
  const f = await env.probe.file(path);
  if (!f.exists) return spec.exists ? fail(`There is no ${spec.kind ?? "file"} ${code(path)} yet.`) : pass;
  if (!spec.exists) return fail(`${code(path)} should not exist any more.`);
  if (spec.kind !== undefined && f.kind !== spec.kind) return fail(`${code(path)} is a ${f.kind}, the step wants a ${spec.kind}.`);
  if (spec.content) {
    if (f.content === undefined) return fail(`${code(path)} could not be read as text (binary, or larger than 64 KiB).`);
    if (!textMatches(f.content, spec.content)) return fail(`${code(path)} does not ${describeTextMatch(spec.content)} yet.`);
  }
  return pass;
}

async function httpCheck(spec: HttpCheck, env: Env): Promise<CheckResult> {
  const r = await env.probe.http(spec.url, spec.wait);
  if (!r.ok) return fail(`Nothing answered at ${spec.url} (${r.error}).`);
  if (r.status !== spec.status) return fail(`${spec.url} answered with status ${r.status}, the step wants ${spec.status}.`);
  if (spec.body && !textMatches(r.body, spec.body)) return fail(`The page at ${spec.url} does not ${describeTextMatch(spec.body)}.`);
  return pass;
}

// ---- description ----------------------------------------------------------------------------

/** A short statement of what a check asks, e.g. for `not` and for the UI's step summary. */
export function describeCheck(check: Check): string {
  switch (check.kind) {
    case "command":
      return `the command ${code(check.command.run)} ran`;
    case "image":
      return `image ${code(normalizeImageRef(check.image.ref))} exists`;
    case "container": {
      const s = check.container;
      return `a ${describeContainer(s)} exists${s.status ? ` and is ${s.status}` : ""}`;
    }
    case "volume":
      return `volume ${code(check.volume.name)} exists`;
    case "network":
      return `network ${code(check.network.name)} exists`;
    case "file":
      if (!check.file.exists) return `${code(labPath(check.file.path))} does not exist`;
      return `${code(labPath(check.file.path))} exists${check.file.content ? ` (its content must ${describeTextMatch(check.file.content)})` : ""}`;
    case "http":
      return `${check.http.url} answers with status ${check.http.status}`;
    case "all":
      return check.all.map(describeCheck).join(" and ");
    case "any":
      return check.any.map(describeCheck).join(" or ");
    case "not":
      return `not (${describeCheck(check.not)})`;
  }
}
