// The editor's file sync bound to the machine: /lab read and written through the guest agent of
// whatever machine runs now, its change pushes and restarts fed to the sync.

import { LAB_DIR, type LabFiles, type LabSync } from "../editor/file-sync.ts";
import type { MachineSession } from "./machine-session.ts";

const KINDS: Record<string, "file" | "dir"> = { f: "file", d: "dir" };

export function agentLabFiles(session: MachineSession): LabFiles {
  const agent = () => {
    const current = session.agent();
    if (!current) throw new Error("the machine is not running yet");
    return current;
  };
  return {
    list: async () =>
      (await agent().tree(LAB_DIR)).map((e) => ({ path: `${LAB_DIR}/${e.path}`, kind: KINDS[e.type] ?? "other", size: e.size, mtime: e.mtime })),
    read: async (path) => {
      const answer = await agent().request("file", [path]);
      // 1: no such path, 2: a directory.
      return answer.status === 0 ? answer.data : undefined;
    },
    write: async (path, text) => agent().writeFile(path, text),
  };
}

/** Feeds the machine's /lab pushes and restarts to the sync; returns the unsubscribe. */
export function connectLabSync(session: MachineSession, sync: LabSync): () => void {
  const offPush = session.onPush("lab", (text) => {
    for (const path of text.split("\n")) if (path) sync.changed(path);
  });
  const offRunning = session.onRunning(() => sync.resync());
  return () => {
    offPush();
    offRunning();
  };
}
