// "Download my work" and "Import": /lab as a .tar.gz and the progress as a JSON file, out of this
// browser and back into any other. An import checks every chosen file before it changes anything.

import { readProgressFile, writeProgressFile } from "../persistence/progress-file.ts";
import type { ProgressFile } from "../persistence/progress-file.ts";
import { labArchive, unpackLab } from "./lab-archive.ts";
import type { LessonController } from "./lesson-controller.ts";
import type { MachineSession } from "./machine-session.ts";

function save(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const running = (session: MachineSession) => {
  const agent = session.agent();
  if (!agent) throw new Error("the machine is not running yet");
  return agent;
};

export async function downloadLab(session: MachineSession): Promise<void> {
  const archive = await labArchive(running(session));
  if (!archive) throw new Error("the machine could not pack /lab");
  save(`docker-sandbox-lab-${day()}.tar.gz`, archive as Uint8Array<ArrayBuffer>, "application/gzip");
}

export function downloadProgress(lessons: LessonController): void {
  save(`docker-sandbox-progress-${day()}.json`, writeProgressFile(lessons.progressFile(), new Date()), "application/json");
}

/** Imports FILES (a .tar.gz for /lab, a .json for the progress); what was put back, for the learner. */
export async function importWork(session: MachineSession, lessons: LessonController, files: readonly File[]): Promise<string> {
  let progress: ProgressFile | undefined;
  let archive: Uint8Array | undefined;
  for (const file of files) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
    try {
      if (gzip && !archive) archive = bytes;
      else if (!gzip && !progress) progress = readProgressFile(new TextDecoder().decode(bytes));
      else throw new Error("choose one .tar.gz and one progress file at most");
    } catch (error) {
      throw new Error(`${file.name}: ${(error as Error).message}`);
    }
  }
  if (!archive && !progress) throw new Error("no file chosen");
  if (archive) await unpackLab(running(session), archive);
  if (progress) lessons.importProgress(progress);
  return `Imported ${[archive && "your /lab files", progress && "your progress"].filter(Boolean).join(" and ")}.`;
}

const day = () => new Date().toISOString().slice(0, 10);
