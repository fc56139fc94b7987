// A save without the guest's clean file cache, while the running machine keeps it. Most of a
// running machine's memory is page cache: files the guest read, which its disk holds anyway
// (250 MB of a 370 MB save after lessons 2-5). The guest drops that cache, the machine is saved,
// and then it is rewound to the moment before the drop, with its compiled code (v86's
// rewind_state, v86/patches/0009): the stored save is less than half the size (the bench after
// lessons 2-5: 77 MB against 168), and the learner's next command finds its files cached as
// before. A resumed machine reads them back from its disk.
//
// While the guest runs the drop, its terminal and agent output is dropped and what is typed waits:
// the rewind undoes that stretch, and the guest writes the same output again after it. The drop
// takes seconds (1.2 s in Node, 4-6 s in Chromium here after lessons 2-5): anything sent to the
// machine meanwhile (a key, a lesson's question, a preview's request) ends it at once, the rewind
// follows, and the whole state is the save.

import { AgentClient } from "./agent-client.ts";
import type { Emulator } from "./emulator.ts";
import { serialLink } from "./serial-link.ts";
import type { PortLink } from "./serial-link.ts";

/**
 * Has the kernel reclaim all the file cache it can, the programs of running processes included
 * (which drop_caches leaves alone): through the root cgroup's memory.reclaim, asked for every file
 * page. It answers an error when it falls short, which it always does (some pages are in use):
 * that is fine. The first pass leaves the pages mapped into processes that used them lately, only
 * marking them unused; a second takes those too (Node, compose's two containers up: 46.6 MB of
 * cache left after one pass, 4.0 MB after two, in 0.7 s more). The running processes read their
 * programs back meanwhile, so a drop cut short often leaves a disk read under way. The rewind
 * drops its completion (v86/patches/0011): landing in the rewound machine, it wrote into memory
 * that machine used for something else (a first visit's `docker run` ended in a v86 trap).
 */
const DROP_FILE_CACHE = "for pass in 1 2; do echo $(awk '/^(Active|Inactive)\\(file\\):/ {kib += $2} END {print kib}' /proc/meminfo)K > /sys/fs/cgroup/memory.reclaim; done; true";
/** The drop's own requests are numbered far from the page's, which the guest may still answer during it. */
const FIRST_ID = 1_000_000_000;
/** A drop that takes longer (the agent busy with a long request of the page's) is given up. */
const DROP_TIMEOUT_S = 15;

export interface CompactedState {
  /** The compact state (in INTO when it was large enough), or undefined when the drop failed: FULL is then the save. */
  state: ArrayBuffer | undefined;
  /** Seconds the guest's ports were held. */
  heldSeconds: number;
}

export interface Compaction {
  /** The ports the page talks to the machine through: held meanwhile. */
  ports: readonly PortLink[];
  /** The compact state goes here when it is large enough. */
  into: ArrayBuffer | undefined;
  /** Resolves true when no disk read of the guest's is in flight (one would be lost in a state), false when one stays. */
  readsLanded(): Promise<boolean>;
  /** Resolves when the machine is wanted for something else: the drop ends. */
  wanted: Promise<unknown>;
}

/**
 * Takes the compact state of EMULATOR, just saved as FULL (its first FULL_BYTES). The machine is
 * back at FULL afterwards, whatever happened.
 */
export async function compactState(emulator: Emulator, full: ArrayBuffer, fullBytes: number, { ports, into, readsLanded, wanted }: Compaction): Promise<CompactedState> {
  const heldAt = performance.now();
  let interrupt = () => {};
  const interrupted = new Promise<boolean>((resolve) => {
    interrupt = () => resolve(false);
    void wanted.then(interrupt);
  });
  const releases = ports.map((port) => port.hold(interrupt));
  const link = serialLink(emulator, 1);
  const agent = new AgentClient(link, FIRST_ID);
  let state: ArrayBuffer | undefined;
  try {
    const dropped = await Promise.race([
      agent.request("sh", [DROP_FILE_CACHE], DROP_TIMEOUT_S).then(
        (answer) => answer.status === 0,
        () => false,
      ),
      interrupted,
    ]);
    if (dropped && (await readsLanded())) state = await emulator.save_state(into);
  } finally {
    agent.dispose();
    link.close();
    await emulator.rewind_state(full, fullBytes);
    releases.forEach((release) => release());
  }
  return { state, heldSeconds: (performance.now() - heldAt) / 1000 };
}
