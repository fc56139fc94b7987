// The lesson format's schema: course.yaml, lesson.md frontmatter, steps and checks. Strict zod objects
// with a description on every field, so this file is the reference lessons/README.md explains.

import { z } from "zod";
import { compileCommandPattern } from "./command-match.ts";
import type { CommandPattern } from "./command-match.ts";
import type { ContainerStatus } from "./probe.ts";

export const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const kebabId = () => z.string().regex(KEBAB, 'must be kebab-case (lowercase letters, digits, single hyphens), e.g. "run-hello"');

// ---- output types (what the engine works with after parsing) --------------------------------

/** Text expectation. Written as a string (= contains) or `{ contains, matches, ignoreCase }`. */
export interface TextMatch {
  /** Every one of these substrings must occur. */
  contains: string[];
  /** A JavaScript regular expression (multiline: `^`/`$` match at line breaks) that must match. */
  matches?: string;
  ignoreCase: boolean;
}

export interface CommandCheck {
  run: string;
  exact: boolean;
  exitCode: number | "any" | "nonzero";
  output?: TextMatch;
  /** What the command printed must be the end of the logs of a container like this. */
  logsOf?: Pick<ContainerCheck, "name" | "image">;
  /** `run`, compiled. */
  pattern: CommandPattern;
}

export interface ImageCheck {
  ref: string;
  cmd?: string[];
  entrypoint?: string[];
  env?: string[];
  workdir?: string;
  user?: string;
  exposes?: string[];
  volumes?: string[];
  history?: TextMatch;
  /** A Dockerfile (relative to /lab) the image must have been built from, as the file now stands. */
  dockerfile?: string;
  /** Bytes. */
  maxSize?: number;
}

export interface MountSpec {
  type?: "volume" | "bind" | "tmpfs";
  source?: string;
  target: string;
}

export interface ContainerCheck {
  name?: string;
  image?: string;
  status?: ContainerStatus;
  exitCode?: number;
  ports?: string[];
  mounts?: MountSpec[];
  env?: string[];
  networks?: string[];
  labels?: Record<string, string>;
  entrypoint?: string[];
  cmd?: string[];
  logs?: TextMatch;
}

export interface VolumeCheck {
  name: string;
  driver?: string;
  labels?: Record<string, string>;
}

export interface NetworkCheck {
  name: string;
  driver?: string;
  containers?: string[];
}

export interface FileCheck {
  path: string;
  exists: boolean;
  kind?: "file" | "directory";
  content?: TextMatch;
}

export interface HttpCheck {
  url: string;
  status: number;
  body?: TextMatch;
  /** Seconds to keep asking while nothing answers yet. */
  wait: number;
}

type CheckKinds =
  | { kind: "command"; command: CommandCheck }
  | { kind: "image"; image: ImageCheck }
  | { kind: "container"; container: ContainerCheck }
  | { kind: "volume"; volume: VolumeCheck }
  | { kind: "network"; network: NetworkCheck }
  | { kind: "file"; file: FileCheck }
  | { kind: "http"; http: HttpCheck }
  | { kind: "all"; all: Check[] }
  | { kind: "any"; any: Check[] }
  | { kind: "not"; not: Check };

/** A parsed check: its kind, the kind's spec under the same key, and an optional failure message. */
export type Check = CheckKinds & { message?: string };

export const CHECK_KINDS = ["command", "image", "container", "volume", "network", "file", "http", "all", "any", "not"] as const;

// ---- helpers --------------------------------------------------------------------------------

const asList = (v: unknown) => (typeof v === "string" ? [v] : v);

function validRegex(source: string): string | null {
  try {
    new RegExp(source, "m");
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

const TextMatchObject = z
  .object({
    contains: z
      .preprocess(asList, z.array(z.string().min(1)).min(1))
      .optional()
      .describe("A substring, or a list of substrings, that must all occur in the text."),
    matches: z
      .string()
      .superRefine((s, ctx) => {
        const err = validRegex(s);
        if (err) ctx.addIssue({ code: "custom", message: `invalid regular expression: ${err}` });
      })
      .optional()
      .describe("A JavaScript regular expression that must match somewhere in the text; ^ and $ match at line breaks."),
    ignoreCase: z.boolean().default(false).describe("Compare without regard to letter case. Default false."),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.contains && v.matches === undefined) ctx.addIssue({ code: "custom", message: "give `contains` or `matches`" });
  });

/** A string means "contains this". */
const textMatch = (what: string) =>
  z
    .preprocess((v) => (typeof v === "string" ? { contains: [v] } : v), TextMatchObject)
    .transform((v): TextMatch => ({ contains: v.contains ?? [], matches: v.matches, ignoreCase: v.ignoreCase }))
    .describe(`${what}: a string it must contain, or { contains, matches, ignoreCase }.`);

/** Cmd/Entrypoint: a list is exec form; a string is shell form, stored by docker as ["/bin/sh", "-c", string]. */
const argv = (what: string) =>
  z
    .preprocess((v) => (typeof v === "string" ? ["/bin/sh", "-c", v] : v), z.array(z.string()))
    .describe(`${what} exactly as docker inspect shows it: a list (exec form), or a string for shell form (["/bin/sh", "-c", string]).`);

const portString = z.preprocess((v) => (typeof v === "number" ? String(v) : v), z.string().min(1));

const stringMap = z.record(z.string(), z.preprocess((v) => (typeof v === "number" || typeof v === "boolean" ? String(v) : v), z.string()));

// ---- check kinds ----------------------------------------------------------------------------

const CommandCheckObject = z
  .object({
    run: z
      .string()
      .describe(
        "The command as the learner would type it, e.g. \"docker run -d -p 8080:80 nginx\". Matched by structure: aliases (docker ps = docker container ls), flag spelling and order do not matter. `<name>` stands for any one word; a trailing `...` allows more arguments.",
      ),
    exact: z.boolean().default(false).describe("Reject learner commands that add flags the spec does not give. Default false."),
    exitCode: z
      .union([z.number().int(), z.literal("any"), z.literal("nonzero")])
      .default(0)
      .describe(
        'The exit code the command must end with: a number, "nonzero" or "any". Default 0, so a failed command never passes. On a line of several commands the code counts only for the command it comes from: 0 for one followed by nothing or by && only, and not right after ||; non-zero for the last, unless right after &&. A command before |, inside ( ) or sent to the background (&) never counts; with "any", every command of the line does.',
      ),
    output: textMatch("The command's terminal output").optional(),
    logsOf: z
      .object({
        name: z.string().optional().describe("The container's name."),
        image: z.string().optional().describe("The image it was created from."),
      })
      .strict()
      .optional()
      .describe(
        "For a command that prints a container's logs (docker logs <container>): the last lines it printed must be the last lines of the logs of a container with this name and/or image, as the engine holds them. Unlike output, accepts --tail and -t, and refuses another container's logs.",
      ),
  })
  .strict()
  // Compiled once here, so a spec that is not one command is a content error with its line.
  .transform((v, ctx): CommandCheck => {
    const r = compileCommandPattern(v.run, v.exact);
    if ("error" in r) {
      ctx.issues.push({ code: "custom", message: r.error, input: v.run, path: ["run"] });
      return z.NEVER;
    }
    return { ...v, pattern: { ...r.pattern, readsOutput: v.output !== undefined || v.logsOf !== undefined } };
  });

const CommandCheckSchema = z
  .preprocess((v) => (typeof v === "string" ? { run: v } : v), CommandCheckObject)
  .describe("A command the learner ran during this step: a string (the command) or { run, exact, exitCode, output, logsOf }.");

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9 };
const byteSize = z.string().transform((v, ctx) => {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)\s*$/i.exec(v);
  if (m) return Number(m[1]) * SIZE_UNITS[m[2]!.toLowerCase()]!;
  ctx.issues.push({ code: "custom", message: `not a size: ${JSON.stringify(v)} (write e.g. "20MB")`, input: v });
  return z.NEVER;
});

const ImageCheckSchema = z
  .object({
    ref: z.string().min(1).describe('The image reference that must exist, e.g. "my-app:1.0"; "nginx" means "nginx:latest".'),
    cmd: argv("The image's Cmd").optional(),
    entrypoint: argv("The image's Entrypoint").optional(),
    env: z.array(z.string()).optional().describe('Entries its Env must contain: "NAME=value", or "NAME" for any value.'),
    workdir: z.string().optional().describe("Its WorkingDir."),
    user: z.string().optional().describe("Its User."),
    exposes: z.array(portString).optional().describe('Ports it must expose, e.g. "80/tcp" (or 80).'),
    volumes: z.array(z.string()).optional().describe('Paths it must declare as volumes, e.g. "/data".'),
    history: textMatch("Some line of its history (docker history, CREATED BY)").optional(),
    dockerfile: z
      .string()
      .min(1)
      .optional()
      .describe('A Dockerfile (e.g. "hello/Dockerfile", relative to /lab) the image was built from, as the file now stands: not committed, tagged or built from an older version.'),
    maxSize: byteSize.optional().describe('Its size (as docker images shows it) must be at most this, e.g. "20MB" (units B, kB, MB, GB, as docker writes them: powers of 1000).'),
  })
  .strict()
  .describe("An image that exists, optionally with this configuration.");

const MountSchema = z
  .preprocess(
    (v) => {
      if (typeof v !== "string") return v;
      const parts = v.split(":");
      if (parts.length === 1) return { target: parts[0] };
      const [source, target] = parts;
      return { type: source.startsWith("/") ? "bind" : "volume", source, target };
    },
    z
      .object({
        type: z.enum(["volume", "bind", "tmpfs"]).optional().describe("volume, bind or tmpfs; any when left out."),
        source: z.string().optional().describe("The volume name, or the host path of a bind mount."),
        target: z.string().describe("The path inside the container."),
      })
      .strict(),
  )
  .describe('A mount, like -v writes it ("data:/data", "/lab/site:/usr/share/nginx/html") or { type, source, target }.');

const ContainerCheckSchema = z
  .object({
    name: z.string().optional().describe("The container's name (docker run --name)."),
    image: z.string().optional().describe('The image it was created from; "nginx" matches nginx:latest and docker.io/library/nginx.'),
    status: z
      .enum(["created", "running", "paused", "restarting", "removing", "exited", "dead"])
      .optional()
      .describe("Its state. When exitCode is given and status is not, exited is implied."),
    exitCode: z.number().int().optional().describe("The exit code it stopped with."),
    ports: z.array(portString).optional().describe('Published ports, "host:container" like -p writes them, e.g. "8080:80".'),
    mounts: z.array(MountSchema).optional().describe("Mounts it must have."),
    env: z.array(z.string()).optional().describe('Entries its environment must contain: "NAME=value", or "NAME" for any value.'),
    networks: z.array(z.string()).optional().describe("Networks it must be attached to."),
    labels: stringMap.optional().describe("Labels it must carry, with these values."),
    entrypoint: argv("Its Entrypoint (the image's, or docker run --entrypoint)").optional(),
    cmd: argv("Its Cmd (the image's, or the words after the image in docker run)").optional(),
    logs: textMatch("Its logs").optional(),
  })
  .strict()
  .describe("Some container (selected by name and/or image) that has every property given.");

const VolumeCheckSchema = z
  .object({
    name: z.string().min(1).describe("The volume's name."),
    driver: z.string().optional().describe('Its driver, e.g. "local".'),
    labels: stringMap.optional().describe("Labels it must carry, with these values."),
  })
  .strict()
  .describe("A volume that exists.");

const NetworkCheckSchema = z
  .object({
    name: z.string().min(1).describe("The network's name."),
    driver: z.string().optional().describe('Its driver, e.g. "bridge".'),
    containers: z.array(z.string()).optional().describe("Names of containers that must be attached to it."),
  })
  .strict()
  .describe("A network that exists.");

const FileCheckSchema = z
  .object({
    path: z.string().min(1).describe('A path in the machine: absolute, or relative to /lab (e.g. "Dockerfile").'),
    exists: z.boolean().default(true).describe("false: the path must not exist. Default true."),
    kind: z.enum(["file", "directory"]).optional().describe("file or directory; either when left out."),
    content: textMatch("Its content (text files up to 64 KiB)").optional(),
  })
  .strict()
  .describe("A file in the machine.");

const HttpCheckSchema = z
  .object({
    url: z.string().url().describe('What to GET from inside the machine, e.g. "http://localhost:8080/".'),
    status: z.number().int().default(200).describe("The status code it must answer with. Default 200."),
    body: textMatch("The response body").optional(),
    wait: z
      .number()
      .int()
      .min(0)
      .max(30)
      .default(0)
      .describe("Seconds to keep asking while nothing answers yet, for a server that takes a while to start (a Python app). Default 0."),
  })
  .strict()
  .describe("An HTTP GET made inside the machine.");

// ---- checks ---------------------------------------------------------------------------------

const CheckObject = z
  .object({
    message: z
      .string()
      .optional()
      .describe("Shown to the learner when the check fails, instead of the generated reasons."),
    command: CommandCheckSchema.optional(),
    image: ImageCheckSchema.optional(),
    container: ContainerCheckSchema.optional(),
    volume: VolumeCheckSchema.optional(),
    network: NetworkCheckSchema.optional(),
    file: FileCheckSchema.optional(),
    http: HttpCheckSchema.optional(),
    all: z
      .array(z.lazy(() => CheckSchema))
      .min(1)
      .optional()
      .describe("Every one of these checks passes."),
    any: z
      .array(z.lazy(() => CheckSchema))
      .min(1)
      .optional()
      .describe("At least one of these checks passes."),
    not: z
      .lazy(() => CheckSchema)
      .optional()
      .describe("This check does not pass, e.g. no container from image X exists any more."),
  })
  .strict();

type CheckInput = z.output<typeof CheckObject>;

export const CheckSchema: z.ZodType<Check> = CheckObject.superRefine((v, ctx) => {
  const kinds = CHECK_KINDS.filter((k) => v[k] !== undefined);
  if (kinds.length === 0) {
    ctx.addIssue({ code: "custom", message: `a check needs one of: ${CHECK_KINDS.join(", ")}` });
  } else if (kinds.length > 1) {
    ctx.addIssue({
      code: "custom",
      path: [kinds[1]],
      message: `one check has one kind, found ${kinds.join(" and ")}; list them under \`all:\` to require each`,
    });
  }
})
  .transform((v: CheckInput): Check => {
    const kind = CHECK_KINDS.find((k) => v[k] !== undefined)!;
    const out = { kind, [kind]: v[kind] } as Check;
    if (v.message !== undefined) out.message = v.message;
    return out;
  })
  .describe("What must be true to pass: exactly one of command, image, container, volume, network, file, http, all, any, not.");

// ---- lesson and course ----------------------------------------------------------------------

export const SHOW_PANELS = ["editor", "preview", "architecture"] as const;

/** A pane of the work area to open beside the terminal. */
export interface Show {
  panel: (typeof SHOW_PANELS)[number];
  /** Editor only: a file relative to /lab as written; lesson-parser.ts makes it absolute. */
  file?: string;
  /** Preview only: a published port. */
  port?: number;
}

const ShowSchema: z.ZodType<Show> = z
  .object({
    panel: z.enum(SHOW_PANELS).describe("The pane to open beside the terminal: editor, preview or architecture."),
    file: z.string().min(1).optional().describe('Editor only: the file to open, relative to /lab, e.g. "hello/Dockerfile".'),
    port: z.number().int().min(1).max(65535).optional().describe("Preview only: the published port to show, e.g. 8080."),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.file !== undefined && v.panel !== "editor") ctx.addIssue({ code: "custom", path: ["file"], message: "`file` goes with panel: editor" });
    if (v.port !== undefined && v.panel !== "preview") ctx.addIssue({ code: "custom", path: ["port"], message: "`port` goes with panel: preview" });
  });

const show = (when: string) =>
  ShowSchema.optional().describe(
    `A pane to open beside the terminal ${when}: { panel: editor, file: hello/Dockerfile }, { panel: preview, port: 8080 } or { panel: architecture }.`,
  );

export const StepSchema = z
  .object({
    id: kebabId().describe("Stable id, unique in the lesson: progress is stored by it, so never rename a published step."),
    title: z.string().min(1).describe("Short title shown in the step list."),
    check: CheckSchema,
    hints: z
      .array(z.string().min(1))
      .min(1, "give at least one hint")
      .describe("Markdown hints, revealed one per failed Check; after the last one the step's solution commands are shown."),
    show: show("when the step becomes current"),
  })
  .strict();

export const FrontmatterSchema = z
  .object({
    id: kebabId().describe("Stable id, unique in the course: course.yaml lists it and progress is stored by it."),
    title: z.string().min(1).describe("The lesson's title."),
    summary: z.string().min(1).describe("One sentence on what the learner will do."),
    prerequisites: z.array(kebabId()).default([]).describe("Ids of lessons to take first (they must come earlier in course.yaml)."),
    files: z
      .string()
      .min(1)
      .optional()
      .describe("A folder inside the lesson folder whose files are copied into /lab before the first step."),
    cleanup: z
      .array(z.string().min(1))
      .default([])
      .describe(
        "Shell commands that remove what an earlier attempt left, run before the first step; skipped on a machine nothing has run on yet, where they must change nothing. Make them safe to run twice.",
      ),
    setup: z
      .array(z.string().min(1))
      .default([])
      .describe("Shell commands run in the machine before the first step, after cleanup, every time: what the lesson needs that the machine does not have."),
    show: show("when the lesson starts (a step's own show comes after it)"),
    steps: z.array(StepSchema).min(1, "a lesson needs at least one step").describe("The steps, in order."),
  })
  .strict();

export type Frontmatter = z.output<typeof FrontmatterSchema>;

export const CourseSchema = z
  .object({
    format_version: z
      // Left out, it gets the shared "required" message (errors.ts) like every missing key.
      .literal(1, { error: (issue) => (issue.input === undefined ? undefined : "must be 1: the only lesson format version this site reads") })
      .describe("The lesson format version: 1."),
    lessons: z.array(kebabId()).min(1, "list at least one lesson").describe("Lesson ids in the order the course teaches them."),
  })
  .strict();

export type CourseFile = z.output<typeof CourseSchema>;
