// Which saved machine a visit resumes: the newest that is whole and made by this guest and
// emulator build; with none, a fresh machine, a notice saying why, and the newest /lab archive.

import type { MachineSave } from "./machine-saves.ts";

export type ResumeChoice<Opened> =
  | { resume: MachineSave; opened: Opened; notice?: string }
  | { resume?: undefined; notice?: string; rescue?: Blob };

const time = (at: number) => new Date(at).toLocaleString();

/** SAVES: newest first. OPEN: a save opened (its state, or a machine restored from it), rejecting when it is not whole. */
export async function chooseResume<Opened>(
  saves: readonly MachineSave[],
  guestKey: string,
  v86Build: string,
  open: (save: MachineSave) => Promise<Opened>,
): Promise<ResumeChoice<Opened>> {
  if (!saves.length) return {};
  const usable = saves.filter((s) => s.guestKey === guestKey && s.v86Build === v86Build);
  for (const save of usable) {
    const opened = await open(save).then(
      (opened) => ({ opened }),
      () => undefined,
    );
    if (!opened) continue;
    return save === saves[0] ? { resume: save, ...opened } : { resume: save, ...opened, notice: `Your last save could not be read; resumed the one from ${time(save.savedAt)}.` };
  }
  const newest = saves[0]!;
  const why = usable.length
    ? "Your saved machine could not be read (it is damaged)"
    : "Your saved machine was made by another version of this site and cannot be resumed";
  const rescue = saves.find((s) => s.lab)?.lab;
  return {
    notice: `${why}: this is a fresh machine${rescue ? `, with your /lab files from ${time(newest.savedAt)} put back` : ""}.`,
    ...(rescue ? { rescue } : {}),
  };
}
