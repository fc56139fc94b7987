import { describe, expect, it } from "vitest";
import { CheckSchema } from "./schema.ts";
import { inputBytes, parseSolutionFile, parseTypedInput, staticVerdict, typedCommands } from "./solution-file.ts";

describe("solution.sh input lines", () => {
  it("reads what is typed into a running command, with an optional wait", () => {
    expect(parseTypedInput("#> exit")).toEqual({ key: "exit" });
    expect(parseTypedInput("#> after 8 s: Ctrl+C")).toEqual({ afterS: 8, key: "Ctrl+C" });
    expect(parseTypedInput("#>   echo 'a b' > /x  ")).toEqual({ key: "echo 'a b' > /x" });
    expect(parseTypedInput("#>")).toBeUndefined();
    expect(parseTypedInput("# step: x")).toBeUndefined();
  });

  it("turns control keys into their bytes and lines into text with Enter", () => {
    expect(inputBytes({ key: "Ctrl+C" })).toBe("\x03");
    expect(inputBytes({ key: "Ctrl+d" })).toBe("\x04");
    expect(inputBytes({ key: "exit" })).toBe("exit\r");
  });

  it("keeps input lines after their command and rejects them where nothing runs", () => {
    const { groups, errors } = parseSolutionFile("# step: a\ndocker exec -it web bash\n#> exit\n# step: b\n#> Ctrl+C\n#>\n");
    expect(groups[0]).toEqual({ stepId: "a", line: 1, commands: ["docker exec -it web bash", "#> exit"] });
    expect(errors.map((e) => e.line)).toEqual([5, 6]);
    expect(errors[0]!.message).toMatch(/after a command/);
    expect(errors[1]!.message).toMatch(/needs what to type/);
  });

  it("groups each command with the inputs typed into it", () => {
    expect(typedCommands(["docker attach site", "#> after 8 s: Ctrl+C", "docker ps -a"])).toEqual([
      { line: "docker attach site", input: [{ afterS: 8, key: "Ctrl+C" }] },
      { line: "docker ps -a", input: [] },
    ]);
  });
});

describe("staticVerdict", () => {
  const verdict = (command: unknown, lines: string[]) => staticVerdict(CheckSchema.parse({ command }), lines);

  it("takes a solution line as succeeding, so its 0 must be the checked command's", () => {
    expect(verdict("docker pause web", ["docker pause web"])).toBe("pass");
    expect(verdict("docker pause web", ["docker pause web && docker ps"])).toBe("pass");
    expect(verdict("docker pause web", ["docker pause web || true"])).toBe("fail");
    expect(verdict("docker ps", ["docker ps | tee web"])).toBe("fail");
    expect(verdict({ run: "docker ps", exitCode: "any" }, ["docker ps | grep web"])).toBe("pass");
    expect(verdict("docker version", ["docker version --help"])).toBe("fail");
  });
});
