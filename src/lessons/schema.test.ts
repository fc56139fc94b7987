import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { CheckSchema, CourseSchema, FrontmatterSchema } from "./schema.ts";

type Def = { type: string; [k: string]: unknown };
const defOf = (s: unknown) => (s as { _zod: { def: Def } })._zod.def;
const descriptionOf = (s: unknown) => (s as { description?: string }).description;

/** Every object field, through wrappers, as "path → has a description somewhere in its wrappers". */
function fields(schema: unknown, path: string, seen: Set<unknown>, out: Map<string, boolean>): void {
  if (seen.has(schema)) return;
  seen.add(schema);
  const def = defOf(schema);
  const next = (s: unknown, p: string) => fields(s, p, seen, out);
  switch (def.type) {
    case "object":
      for (const [key, field] of Object.entries(def.shape as Record<string, unknown>)) {
        let described = false;
        let s: unknown = field;
        for (let i = 0; i < 10 && s; i++) {
          if (descriptionOf(s)) described = true;
          const d = defOf(s);
          s = d.type === "optional" || d.type === "default" ? d.innerType : d.type === "pipe" ? (defOf(d.in).type === "transform" ? d.out : d.in) : undefined;
        }
        out.set(`${path}.${key}`, described);
        next(field, `${path}.${key}`);
      }
      break;
    case "optional":
    case "default":
      next(def.innerType, path);
      break;
    case "array":
      next(def.element, `${path}[]`);
      break;
    case "pipe":
      next(def.in, path);
      next(def.out, path);
      break;
    case "lazy":
      next((def.getter as () => unknown)(), path);
      break;
  }
}

describe("the schema is the reference", () => {
  it("describes every field", () => {
    const out = new Map<string, boolean>();
    for (const [name, schema] of [["course", CourseSchema], ["lesson", FrontmatterSchema], ["check", CheckSchema]] as [string, z.ZodType][]) {
      fields(schema, name, new Set(), out);
    }
    expect([...out].filter(([, described]) => !described).map(([path]) => path)).toEqual([]);
    expect(out.size).toBeGreaterThan(60);
  });

  it("rejects unknown keys at every level", () => {
    expect(CourseSchema.safeParse({ format_version: 1, lessons: ["a"], extra: 1 }).success).toBe(false);
    expect(CheckSchema.safeParse({ container: { name: "web", nmae: "x" } }).success).toBe(false);
    expect(CheckSchema.safeParse({ all: [{ command: { run: "docker ps", exact: true, outptu: "x" } }] }).success).toBe(false);
    expect(CheckSchema.safeParse({ file: { path: "a", content: { contains: "x", regex: "y" } } }).success).toBe(false);
  });

  it("reads sizes as docker writes them, and refuses others", () => {
    expect(CheckSchema.parse({ image: { ref: "a", maxSize: "20MB" } })).toMatchObject({ image: { maxSize: 20e6 } });
    expect(CheckSchema.parse({ image: { ref: "a", maxSize: "1.5 gb" } })).toMatchObject({ image: { maxSize: 1.5e9 } });
    expect(CheckSchema.safeParse({ image: { ref: "a", maxSize: "20 MiB" } }).success).toBe(false);
  });

  it("accepts the compact forms", () => {
    expect(CheckSchema.parse({ command: "docker ps" })).toMatchObject({ kind: "command", command: { run: "docker ps", exact: false, exitCode: 0 } });
    expect(CheckSchema.parse({ container: { logs: "ready", cmd: "echo hi" } })).toEqual({
      kind: "container",
      container: { logs: { contains: ["ready"], ignoreCase: false }, cmd: ["/bin/sh", "-c", "echo hi"] },
    });
    expect(CheckSchema.parse({ image: { ref: "x", exposes: [80] } })).toEqual({ kind: "image", image: { ref: "x", exposes: ["80"] } });
  });
});

describe("show", () => {
  const step = (show?: unknown) => ({ id: "s", title: "S", check: { command: "docker ps" }, hints: ["h"], ...(show ? { show } : {}) });
  const lesson = (show?: unknown, stepShow?: unknown) => ({ id: "l", title: "L", summary: "S.", ...(show ? { show } : {}), steps: [step(stepShow)] });
  const issues = (input: unknown) => {
    const r = FrontmatterSchema.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };

  it("opens a pane, with a file in the editor or a port in the preview, for the lesson and for a step", () => {
    const parsed = FrontmatterSchema.parse(lesson({ panel: "editor", file: "hello/Dockerfile" }, { panel: "preview", port: 8080 }));
    expect(parsed.show).toEqual({ panel: "editor", file: "hello/Dockerfile" });
    expect(parsed.steps[0].show).toEqual({ panel: "preview", port: 8080 });
    expect(FrontmatterSchema.parse(lesson(undefined, { panel: "architecture" })).steps[0].show).toEqual({ panel: "architecture" });
    expect(FrontmatterSchema.parse(lesson()).show).toBeUndefined();
  });

  it("rejects a file outside the editor, a port outside the preview, unknown panels, keys and bad ports", () => {
    expect(issues(lesson({ panel: "preview", file: "a.txt" }))).toEqual(["show.file: `file` goes with panel: editor"]);
    expect(issues(lesson(undefined, { panel: "editor", port: 80 }))).toEqual(["steps.0.show.port: `port` goes with panel: preview"]);
    expect(issues(lesson({ panel: "terminal" }))).toHaveLength(1);
    expect(issues(lesson({ panel: "editor", fiel: "a.txt" }))).toHaveLength(1);
    expect(issues(lesson({ panel: "preview", port: 70000 }))).toHaveLength(1);
    expect(issues(lesson({ file: "a.txt" }))).toHaveLength(1);
  });
});
