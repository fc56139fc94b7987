import { join } from "node:path";
import { build } from "vite";
import { describe, expect, it } from "vitest";
import { lessonValidation } from "./lesson-validation-plugin.ts";

// A real vite build of a one-page site, with only this plugin, in memory.
const SITE = join(import.meta.dirname, "fixtures", "broken-lesson-site");
const buildWith = (lessonsDir: string) =>
  build({ root: SITE, configFile: false, logLevel: "silent", plugins: [lessonValidation(lessonsDir)], build: { write: false } });

describe("the lesson-validation plugin", () => {
  it("fails the build on a broken lesson, naming file, line and key path", async () => {
    await expect(buildWith(join(SITE, "lessons"))).rejects.toThrow(
      "the course has 1 error(s):\nlessons/05-dockerfile/lesson.md:17 steps[1].check.image.ref: required",
    );
  });

  it("lets a valid course build", async () => {
    const result = await buildWith(join(import.meta.dirname, "..", "src", "lessons", "fixtures", "courses", "good", "lessons"));
    const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => ("output" in r ? r.output : []));
    expect(outputs.map((o) => o.fileName)).toContain("index.html");
  });
});
