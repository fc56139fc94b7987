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

  it("accepts the compact forms", () => {
    expect(CheckSchema.parse({ command: "docker ps" })).toMatchObject({ kind: "command", command: { run: "docker ps", exact: false, exitCode: 0 } });
    expect(CheckSchema.parse({ container: { logs: "ready", cmd: "echo hi" } })).toEqual({
      kind: "container",
      container: { logs: { contains: ["ready"], ignoreCase: false }, cmd: ["/bin/sh", "-c", "echo hi"] },
    });
    expect(CheckSchema.parse({ image: { ref: "x", exposes: [80] } })).toEqual({ kind: "image", image: { ref: "x", exposes: ["80"] } });
  });
});
