import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatLessonError } from "./errors.ts";
import { readTree, REPO } from "./fixture-files.ts";
import { parseLesson } from "./lesson-parser.ts";

// Each folder under fixtures/lessons holds one kind of mistake: lesson.md, maybe solution.sh, and
// expected-errors.txt with the exact `<file>:<line> <key.path>: <message>` lines.
const FIXTURES = "src/lessons/fixtures/lessons";

describe("parseLesson reports each mistake at its line and key", () => {
  for (const name of readdirSync(join(REPO, FIXTURES)).sort()) {
    it(name, () => {
      const files = readTree(`${FIXTURES}/${name}`);
      const file = `${FIXTURES}/${name}/lesson.md`;
      const result = parseLesson(file, files.get(file)!, files.get(`${FIXTURES}/${name}/solution.sh`));
      const expected = files.get(`${FIXTURES}/${name}/expected-errors.txt`)!.trimEnd().split("\n");
      expect(result.errors.map(formatLessonError)).toEqual(expected);
      expect(result.lesson).toBeNull();
    });
  }
});

const lesson = (frontmatter: string, prose: string, solution?: string) => parseLesson("l/lesson.md", `---\n${frontmatter}\n---\n${prose}`, solution);

describe("parseLesson on valid input", () => {
  const fm = [
    "id: demo",
    "title: Demo",
    "summary: A demo.",
    "steps:",
    "  - id: run-hello",
    "    title: Run",
    "    show: { panel: editor, file: Dockerfile }",
    "    check:",
    "      all:",
    "        - command: docker run hello-world",
    "        - container: { image: hello-world, exitCode: 0, ports: [8080:80], mounts: ['data:/data', /lab/site:/site] }",
    "        - http: { url: 'http://localhost:8080/', body: Welcome }",
    "        - file: { path: Dockerfile, content: { contains: [FROM, CMD], matches: '^FROM ' } }",
    "    hints: [First hint., Second hint.]",
  ].join("\n");
  const prose = "\nIntro *text*.\n\n## Run hello-world {#run-hello}\n\nRun it.\n\n```\n## not a section\n```\n";

  it("returns the lesson with prose, defaults and solution", () => {
    const r = lesson(fm, prose, "# step: run-hello\ndocker run hello-world\n");
    expect(r.errors).toEqual([]);
    const l = r.lesson!;
    expect(l).toMatchObject({ id: "demo", prerequisites: [], cleanup: [], setup: [], intro: "Intro *text*.", dir: "l", seedFiles: [] });
    expect(l.steps[0]).toMatchObject({
      id: "run-hello",
      heading: "Run hello-world",
      body: "Run it.\n\n```\n## not a section\n```",
      show: { panel: "editor", file: "/lab/Dockerfile" },
      hints: ["First hint.", "Second hint."],
      solution: ["docker run hello-world"],
    });
    const check = l.steps[0].check;
    if (check.kind !== "all") throw new Error("expected all");
    expect(check.all.map((c) => c.kind)).toEqual(["command", "container", "http", "file"]);
    expect(check.all[1]).toEqual({
      kind: "container",
      container: {
        image: "hello-world",
        exitCode: 0,
        ports: ["8080:80"],
        mounts: [
          { type: "volume", source: "data", target: "/data" },
          { type: "bind", source: "/lab/site", target: "/site" },
        ],
      },
    });
    expect(check.all[2]).toEqual({ kind: "http", http: { url: "http://localhost:8080/", status: 200, body: { contains: ["Welcome"], ignoreCase: false }, wait: 0 } });
  });

  it("keeps a lesson's cleanup and setup apart, each in order", () => {
    const r = lesson(`${fm.replace("steps:", "cleanup: [docker rm -f old || true]\nsetup: [docker network create a, docker network create b]\nsteps:")}`, prose, "# step: run-hello\ndocker run hello-world\n");
    expect(r.errors).toEqual([]);
    expect(r.lesson).toMatchObject({ cleanup: ["docker rm -f old || true"], setup: ["docker network create a", "docker network create b"] });
  });

  it("accepts CRLF line endings and a byte-order mark", () => {
    const r = parseLesson("l/lesson.md", `\uFEFF---\r\n${fm.replace(/\n/g, "\r\n")}\r\n---\r\n${prose.replace(/\n/g, "\r\n")}`);
    expect(r.errors).toEqual([]);
  });

  it("reports errors past the frontmatter with file lines", () => {
    const r = lesson(fm, "\n## Run {#run-hello}\n\n## Extra {#extra}\n");
    expect(r.errors.map(formatLessonError)).toEqual(["l/lesson.md:20 section {#extra} names no step; steps are: run-hello"]);
  });
});

describe("show", () => {
  const fm = (show: string) =>
    ["id: demo", "title: Demo", "summary: A demo.", `show: ${show}`, "steps:", "  - id: one", "    title: One", "    check: { command: docker ps }", "    hints: [H.]"].join("\n");

  it("makes the editor's file absolute under /lab", () => {
    const r = parseLesson("l/lesson.md", `---\n${fm("{ panel: editor, file: hits/compose.yaml }")}\n---\n## One {#one}\n`);
    expect(r.errors).toEqual([]);
    expect(r.lesson!.show).toEqual({ panel: "editor", file: "/lab/hits/compose.yaml" });
  });

  it("names a file that is not relative to /lab, with its line", () => {
    const r = parseLesson("l/lesson.md", `---\n${fm("{ panel: editor, file: /etc/passwd }")}\n---\n## One {#one}\n`);
    expect(r.errors.map((e) => `${e.line} ${e.path}: ${e.message}`)).toEqual([
      '5 show.file: "/etc/passwd" must be a file under /lab, written relative to it, e.g. "Dockerfile" or "hello/Dockerfile"',
    ]);
  });
});
