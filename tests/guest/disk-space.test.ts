// The machine's disk against the real guest: every sector the guest writes lives in the tab's
// memory, so the file system's free space (images/stages/fit-disk.sh) is what a learner can make
// the tab hold. A full disk says so inside the machine and leaves it working.

import { describe, expect, it } from "vitest";
import { ChunkedDisk } from "../../src/guest/chunked-disk.ts";
import { useGuest } from "./guest-machine.ts";

const MiB = 1 << 20;

describe.sequential("the machine's disk space", () => {
  const guest = useGuest();
  const writtenBytes = () => {
    const { disk } = guest.machine();
    if (!(disk instanceof ChunkedDisk)) throw new Error("a restored machine runs on the chunked disk");
    return disk.writtenBytes;
  };
  const availableMiB = async () => Number((await guest.run("df -B1M --output=avail / | tail -1")).output.trim());

  it("offers about a GiB to write, keeps what is written, and keeps no copy of zeros", async () => {
    const available = await availableMiB();
    expect(available).toBeGreaterThan(900);
    expect(available).toBeLessThan(1100);

    let before = writtenBytes();
    const text = await guest.run("yes sandbox | head -c 16M > /lab/text && sync && echo 3 > /proc/sys/vm/drop_caches && yes sandbox | head -c 16M | cmp - /lab/text && echo same");
    expect(text.output).toContain("same");
    expect(writtenBytes() - before).toBeGreaterThanOrEqual(16 * MiB);

    before = writtenBytes();
    const zeros = await guest.run("dd if=/dev/zero of=/lab/zeros bs=1M count=64 2>/dev/null && sync && echo 3 > /proc/sys/vm/drop_caches && cmp /lab/zeros /dev/zero", 120);
    expect(zeros.output).toMatch(/EOF on \/lab\/zeros after byte 67108864\b/);
    // The file system's own records of the new file, not its 64 MiB.
    expect(writtenBytes() - before).toBeLessThan(4 * MiB);
  });

  it("a full disk says No space left on device; freeing space lets Docker work again", async () => {
    const fill = await guest.run("dd if=/dev/zero of=/lab/fill bs=4M; sync", 300);
    expect(fill.output).toContain("No space left on device");
    expect(await availableMiB()).toBe(0);
    expect(writtenBytes()).toBeLessThan(64 * MiB);

    const run = await guest.run("rm -f /lab/fill /lab/zeros /lab/text && docker run --rm hello-world", 120);
    expect(run.output).toContain("Hello from Docker!");
    expect(await availableMiB()).toBeGreaterThan(900);
  });
});
