import { describe, expect, it } from "vitest";
import { promptCwd } from "./prompt-cwd.ts";

const prompt = (dir: string, sign = "#") => `\x1b[1;32mroot@docker-sandbox\x1b[0m:\x1b[1;34m${dir}\x1b[0m${sign} `;

describe("promptCwd", () => {
  it("reads the folder bash's \\w shows, ~ as the home folder", () => {
    expect(promptCwd(prompt("/lab/hello"))).toBe("/lab/hello");
    expect(promptCwd(prompt("/"))).toBe("/");
    expect(promptCwd(prompt("~"))).toBe("/root");
    expect(promptCwd(prompt("~/notes", "$"))).toBe("/root/notes");
    expect(promptCwd(prompt("/lab/my dir"))).toBe("/lab/my dir");
  });

  it("gives up on a prompt of another shape", () => {
    expect(promptCwd("> ")).toBeUndefined();
    expect(promptCwd("bash-5.2# ")).toBeUndefined();
  });
});
