import { describe, expect, it } from "vitest";
import { isSwitchLoad, markedForSwitch, withoutSwitchMark } from "./switch-load.ts";

describe("the switch's page load", () => {
  const page = "https://school.example/course/docker/?lesson=5#step-2";

  it("is marked in its address, keeping the page's own query and fragment", () => {
    const marked = markedForSwitch(page);
    expect(isSwitchLoad(new URL(marked))).toBe(true);
    expect(new URL(marked).searchParams.get("lesson")).toBe("5");
    expect(new URL(marked).hash).toBe("#step-2");
  });

  it("loses the mark again, and an unmarked address is left alone", () => {
    expect(withoutSwitchMark(markedForSwitch(page))).toBe(page);
    expect(withoutSwitchMark(page)).toBeUndefined();
    expect(isSwitchLoad(new URL(page))).toBe(false);
  });
});
