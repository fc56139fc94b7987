import { describe, expect, it } from "vitest";
import { TOUCH_KEYS, withControl } from "./touch-keys.ts";

const key = (name: string) => TOUCH_KEYS.find((k) => k.name === name)!;

describe("touch keys", () => {
  it("send what a keyboard's keys would", () => {
    expect(key("Ctrl+C").bytes(false)).toBe("\x03");
    expect(key("Tab").bytes(false)).toBe("\t");
    expect(key("Escape").bytes(false)).toBe("\x1b");
    expect(key("Up").bytes(false)).toBe("\x1b[A");
    expect(key("Up").bytes(true)).toBe("\x1bOA");
    expect(key("Left").bytes(false)).toBe("\x1b[D");
  });

  it("a held Ctrl turns the next letter into its control character", () => {
    expect(withControl("c")).toBe("\x03");
    expect(withControl("D")).toBe("\x04");
    expect(withControl("[")).toBe("\x1b");
    expect(withControl("?")).toBe("\x7f");
    expect(withControl("1")).toBe("1");
    expect(withControl("ls")).toBe("ls");
  });
});
