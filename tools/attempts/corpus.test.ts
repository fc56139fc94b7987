import { describe, expect, it } from "vitest";
import { formatLessonError, loadCourse } from "../../src/lessons/index.ts";
import { readLessonFiles } from "../lesson-files.ts";
import { loadCorpus } from "./corpus.ts";

const { course } = loadCourse(readLessonFiles());
/** The mistakes in one corpus file (other lessons' missing files left out). */
const errorsOf = (text: string) =>
  loadCorpus(new Map([["tests/attempts/x.yaml", text]]), course)
    .errors.map(formatLessonError)
    .filter((e) => !e.startsWith("tests/attempts:1 "));

describe("loadCorpus", () => {
  it("names the file and line of a misspelled key or a step with too few attempts", () => {
    expect(errorsOf("lesson: first-container\nsteps:\n  run-hello:\n    right: [docker run hello-world]\n    wrong: [a, b]\n    wong: [d]\n")).toEqual([
      "tests/attempts/x.yaml:5 steps.run-hello.wrong: needs at least 3 items",
      'tests/attempts/x.yaml:6 steps.run-hello.wong: unknown key "wong"; did you mean "wrong"?',
    ]);
  });

  it("names the line of an unknown step, a missing step and an attempt unfit for its part", () => {
    const text = `lesson: docker-architecture
steps:
  client-and-server:
    right: [{ run: docker version, guest: true }]
    wrong: [a, b, { run: c, undo: [d] }]
  pull-image:
    right: [docker pull redis]
    wrong: [a, b, { run: [docker pull redis, "#> y"] }]
  no-such-step:
    right: [x]
    wrong: [a, b, c]
`;
    expect(errorsOf(text)).toEqual([
      'tests/attempts/x.yaml:2 steps: no attempts for step "rest-api"',
      'tests/attempts/x.yaml:2 steps: no attempts for step "system-info"',
      'tests/attempts/x.yaml:2 steps: no attempts for step "images-via-api"',
      "tests/attempts/x.yaml:4 steps.client-and-server.right[0]: the step's check reads only commands and their output: make this a unit attempt (drop guest, give the output)",
      "tests/attempts/x.yaml:5 steps.client-and-server.wrong[2]: undo is for guest attempts",
      "tests/attempts/x.yaml:8 steps.pull-image.wrong[2]: typed input (#>) needs the real machine: add guest: true",
      "tests/attempts/x.yaml:9 steps.no-such-step: lesson \"docker-architecture\" has no step \"no-such-step\"; steps are: client-and-server, rest-api, system-info, pull-image, images-via-api",
    ]);
  });
});
