// What the page knows about the machine: its status, start-up progress and last error.

import { createStore } from "zustand/vanilla";
import type { OfflineProgress } from "../guest/chunk-prefetcher.ts";
import type { DiskWait, SaveResult, StartProgress } from "../guest/machine-protocol.ts";

export type MachineStatus = "loading" | "starting" | "ready" | "busy" | "resetting" | "error";

export interface MachineState {
  status: MachineStatus;
  progress: StartProgress | undefined;
  error: string | undefined;
  /** Seconds from page start to the first prompt, once known. */
  firstPromptSeconds: number | undefined;
  /** Shell commands finished since the machine started (drives "busy" and lesson checks). */
  commandsRun: number;
  /**
   * No docker command has finished on this machine yet (since the page started it or a reset):
   * the first one is several times slower, as the emulator has compiled none of Docker's code.
   */
  dockerCold: boolean;
  /** How much of the machine's disk the browser holds for offline use (known once it starts). */
  offline: OfflineProgress | undefined;
  /** Why the machine waits for a part of its disk that the browser does not hold (the network, or the site's answer). */
  diskWait: DiskWait | undefined;
  /** The machine is being saved in the browser. */
  saving: boolean;
  /** The last save that was stored, this visit. */
  lastSave: SaveResult | undefined;
  /** When the machine running now was saved, if it was resumed from a save. */
  resumedFrom: number | undefined;
  /** Why the last save failed (a full or refused storage); cleared by the next good one. */
  saveError: string | undefined;
  /** What the start made of an unusable save, for the learner. */
  notice: string | undefined;
  /** The lesson whose starting state (files, setup) this machine has; a fresh machine has none. */
  preparedLesson: string | undefined;
}

export const createMachineStore = () =>
  createStore<MachineState>(() => ({
    status: "loading",
    progress: undefined,
    error: undefined,
    firstPromptSeconds: undefined,
    commandsRun: 0,
    dockerCold: true,
    offline: undefined,
    diskWait: undefined,
    saving: false,
    lastSave: undefined,
    resumedFrom: undefined,
    saveError: undefined,
    notice: undefined,
    preparedLesson: undefined,
  }));

export type MachineStore = ReturnType<typeof createMachineStore>;
