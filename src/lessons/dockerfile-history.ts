// Was an image built from a Dockerfile as the file now stands? Both of Docker's builders record one
// history entry per instruction after FROM, newest first: the legacy builder as `/bin/sh -c #(nop)  ENV X=y`
// (a RUN as `/bin/sh -c <command>`), BuildKit as `ENV X=y` with the comment `buildkit.dockerfile.v0`.
// `docker commit` (with or without `--change`) and `docker tag` leave neither, so they do not pass.

export interface DockerfileInstruction {
  /** Upper case, e.g. `RUN`. */
  keyword: string;
  /** The rest of the instruction, continuation lines joined, blanks collapsed. */
  args: string;
}

export interface HistoryEntry {
  createdBy: string;
  comment: string;
}

const BUILDKIT_COMMENT = "buildkit.dockerfile.v0";
const LEGACY_NOP = /^\/bin\/sh -c #\(nop\)\s+(\S+)\s*([\s\S]*)$/;
/** A legacy RUN: build args in scope first (`|2 A=1 B=2 `), then the shell. */
const LEGACY_RUN = /^(?:\|\d+ (?:\S+=\S* )*)?\/bin\/sh -c ([\s\S]*)$/;

const squash = (s: string) => s.replace(/\s+/g, " ").trim();

/** The instructions of the Dockerfile's last stage (after its last FROM), in order. */
export function dockerfileInstructions(text: string): DockerfileInstruction[] {
  const out: DockerfileInstruction[] = [];
  let pending = "";
  for (const raw of text.split(/\r?\n/)) {
    // Comment lines are dropped, also between continuation lines, as Docker does.
    if (/^\s*#/.test(raw)) continue;
    const continued = /\\\s*$/.test(raw);
    pending += continued ? raw.replace(/\\\s*$/, " ") : raw;
    if (continued) continue;
    const line = squash(pending);
    pending = "";
    if (line === "") continue;
    const space = line.indexOf(" ");
    const keyword = (space < 0 ? line : line.slice(0, space)).toUpperCase();
    const args = space < 0 ? "" : line.slice(space + 1);
    if (keyword === "FROM") out.length = 0;
    else out.push({ keyword, args });
  }
  return out;
}

/** The instruction an entry records, or undefined when no Dockerfile made it (a commit, an import). */
function entryInstruction(entry: HistoryEntry): { keyword: string; text: string } | undefined {
  const by = entry.createdBy.trim();
  if (entry.comment === BUILDKIT_COMMENT) {
    const space = by.indexOf(" ");
    return { keyword: space < 0 ? by : by.slice(0, space), text: by };
  }
  const nop = LEGACY_NOP.exec(by);
  if (nop) return { keyword: nop[1]!, text: nop[2]! };
  // A commit's entry is the container's command: only a RUN of the same command reads like it.
  const run = LEGACY_RUN.exec(by);
  return run && entry.comment === "" ? { keyword: "RUN", text: run[1]! } : undefined;
}

/**
 * Why the image's history does not come from these instructions (undefined when it does): its newest
 * entries, one per instruction, must record them in order; a RUN must record the same command.
 */
export function historyMismatch(instructions: readonly DockerfileInstruction[], history: readonly HistoryEntry[]): string | undefined {
  const n = instructions.length;
  for (let k = 0; k < n; k++) {
    const want = instructions[n - 1 - k]!;
    const entry = history[k];
    const got = entry && entryInstruction(entry);
    const sameRun = want.keyword !== "RUN" || (got !== undefined && squash(got.text).includes(squash(want.args)));
    if (!got || got.keyword.toUpperCase() !== want.keyword || !sameRun) {
      return `its layers do not come from the Dockerfile's \`${want.keyword} ${want.args}\` (build it again from the Dockerfile as it is now)`;
    }
  }
  return undefined;
}
