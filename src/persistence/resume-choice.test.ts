import { describe, expect, it } from "vitest";
import { packState, streamState } from "../guest/state-codec.ts";
import type { MachineSave } from "./machine-saves.ts";
import { chooseResume as choose } from "./resume-choice.ts";

/** A save opened as the text of its state. */
async function open(save: MachineSave): Promise<string> {
  let text = "";
  await streamState(save, { prepare: async () => {}, take: (_, bytes) => (text += new TextDecoder().decode(bytes)) });
  return text;
}
const chooseResume = (saves: MachineSave[], guestKey: string, v86Build: string) => choose(saves, guestKey, v86Build, open);

async function save(savedAt: number, options: { guestKey?: string; corrupt?: boolean; lab?: string } = {}): Promise<MachineSave> {
  const { state, ...packed } = await packState(new TextEncoder().encode(`state ${savedAt}`.repeat(100)).buffer);
  return {
    guestKey: options.guestKey ?? "g1",
    v86Build: "v1",
    savedAt,
    // Cut off halfway, as a write stopped mid-way would leave it.
    ...packed,
    state: options.corrupt ? state.slice(0, state.size / 2) : state,
    lab: options.lab === undefined ? undefined : new Blob([options.lab]),
    lesson: undefined,
  };
}

describe("chooseResume", () => {
  it("starts fresh, without a notice, when nothing is saved", async () => {
    expect(await chooseResume([], "g1", "v1")).toEqual({});
  });

  it("resumes the newest save when it is whole and of this build", async () => {
    const [newest, older] = [await save(2), await save(1)];
    const choice = await chooseResume([newest, older], "g1", "v1");
    expect(choice).toEqual({ resume: newest, opened: "state 2".repeat(100) });
  });

  it("resumes the previous save, saying so, when the newest is damaged", async () => {
    const [newest, older] = [await save(2, { corrupt: true }), await save(1)];
    const choice = await chooseResume([newest, older], "g1", "v1");
    expect(choice.resume).toBe(older);
    expect(choice.notice).toMatch(/^Your last save could not be read; resumed the one from /);
  });

  it("starts fresh with the newest /lab archive when no save is whole", async () => {
    const saves = [await save(2, { corrupt: true, lab: "new" }), await save(1, { corrupt: true, lab: "old" })];
    const choice = await chooseResume(saves, "g1", "v1");
    expect(choice.resume).toBeUndefined();
    expect(choice.notice).toMatch(/could not be read \(it is damaged\): this is a fresh machine, with your \/lab files from .* put back\.$/);
    expect(await (choice as { rescue: Blob }).rescue.text()).toBe("new");
  });

  it("starts fresh with the /lab archive when the save is of another guest build", async () => {
    const choice = await chooseResume([await save(2, { guestKey: "g0", lab: "files" })], "g1", "v1");
    expect(choice.resume).toBeUndefined();
    expect(choice.notice).toMatch(/made by another version of this site/);
    expect(await (choice as { rescue: Blob }).rescue.text()).toBe("files");
  });

  it("says so when there is nothing to rescue", async () => {
    const choice = await chooseResume([await save(2, { guestKey: "g0" })], "g1", "v1");
    expect(choice).toEqual({ notice: "Your saved machine was made by another version of this site and cannot be resumed: this is a fresh machine." });
  });
});
