import { describe, expect, it } from "vitest";
import { dockerfileInstructions, historyMismatch } from "./dockerfile-history.ts";
import type { HistoryEntry } from "./dockerfile-history.ts";

const DOCKERFILE = `# syntax=docker/dockerfile:1
FROM python:3.13-slim
workdir /app
ENV GREETING="Hello from the webapp image"
# a comment between instructions
RUN apt-get update \\
  # a comment inside a continuation
  && touch /done
COPY app/ .
CMD ["python", "server.py"]
`;

const BASE: HistoryEntry[] = [
  { createdBy: '/bin/sh -c #(nop)  CMD ["python3"]', comment: "" },
  { createdBy: "/bin/sh -c set -eux; apt-get update", comment: "" },
];
const legacy: HistoryEntry[] = [
  { createdBy: '/bin/sh -c #(nop)  CMD ["python" "server.py"]', comment: "" },
  { createdBy: "/bin/sh -c #(nop) COPY dir:3f2a in . ", comment: "" },
  { createdBy: "/bin/sh -c apt-get update   && touch /done", comment: "" },
  { createdBy: "/bin/sh -c #(nop)  ENV GREETING=Hello from the webapp image", comment: "" },
  { createdBy: "/bin/sh -c #(nop) WORKDIR /app", comment: "" },
  ...BASE,
];
const buildkit: HistoryEntry[] = [
  { createdBy: 'CMD ["python" "server.py"]', comment: "buildkit.dockerfile.v0" },
  { createdBy: "COPY app/ . # buildkit", comment: "buildkit.dockerfile.v0" },
  { createdBy: "RUN /bin/sh -c apt-get update   && touch /done # buildkit", comment: "buildkit.dockerfile.v0" },
  { createdBy: "ENV GREETING=Hello from the webapp image", comment: "buildkit.dockerfile.v0" },
  { createdBy: "WORKDIR /app", comment: "buildkit.dockerfile.v0" },
  ...BASE,
];

describe("dockerfileInstructions", () => {
  it("reads the last stage's instructions, comments dropped and continuations joined", () => {
    expect(dockerfileInstructions(DOCKERFILE)).toEqual([
      { keyword: "WORKDIR", args: "/app" },
      { keyword: "ENV", args: 'GREETING="Hello from the webapp image"' },
      { keyword: "RUN", args: "apt-get update && touch /done" },
      { keyword: "COPY", args: "app/ ." },
      { keyword: "CMD", args: '["python", "server.py"]' },
    ]);
    expect(dockerfileInstructions("FROM a AS build\nRUN make\nFROM b\nCOPY --from=build /x /x\n")).toEqual([{ keyword: "COPY", args: "--from=build /x /x" }]);
  });
});

describe("historyMismatch", () => {
  const instructions = dockerfileInstructions(DOCKERFILE);

  it("accepts an image either builder made from the Dockerfile", () => {
    expect(historyMismatch(instructions, legacy)).toBeUndefined();
    expect(historyMismatch(instructions, buildkit)).toBeUndefined();
  });

  it("refuses a commit on top, even one with --change", () => {
    const committed = [{ createdBy: "python server.py", comment: "" }, ...legacy.slice(1)];
    expect(historyMismatch(instructions, committed)).toMatch(/`CMD \["python", "server.py"\]`/);
    // A container that ran the RUN's very command, then committed with a CMD change: one entry, not two.
    const runThenCommit = [{ createdBy: "/bin/sh -c apt-get update && touch /done", comment: "" }, ...legacy.slice(3)];
    expect(historyMismatch(instructions, runThenCommit)).toBeDefined();
  });

  it("refuses an image built from an older Dockerfile", () => {
    const older = [legacy[0]!, legacy[1]!, legacy[4]!, ...BASE];
    expect(historyMismatch(instructions, older)).toMatch(/RUN apt-get update/);
    const otherRun = [...legacy];
    otherRun[2] = { createdBy: "/bin/sh -c apt-get update", comment: "" };
    expect(historyMismatch(instructions, otherRun)).toMatch(/RUN/);
  });

  it("refuses a base image merely tagged with the name", () => {
    expect(historyMismatch(instructions, BASE)).toBeDefined();
  });
});
