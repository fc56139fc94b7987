// The page skips a lesson's cleanup on the built machine before anything has run on it: a cleanup
// only clears what an earlier attempt left. This proves the skip changes nothing a learner could
// meet: on the built machine every lesson's cleanup leaves Docker's objects and /lab as they were.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_GUEST_DIR, startToPrompt } from "../../src/guest/node-machine.ts";
import type { NodeMachine } from "../../src/guest/node-machine.ts";
import { loadCourse } from "../../src/lessons/index.ts";
import { readLessonFiles } from "../../tools/lesson-files.ts";

const { course } = loadCourse(readLessonFiles());

/** What a setup could change: Docker's containers, images, volumes and networks, and /lab's files. */
async function fingerprint(machine: NodeMachine): Promise<Record<string, string[]>> {
  const { agent } = machine;
  const containers = await agent.api<{ Id: string; State: string }[]>("/containers/json?all=1");
  const images = await agent.api<{ Id: string; RepoTags: string[] | null }[]>("/images/json");
  const volumes = await agent.api<{ Volumes: { Name: string }[] | null }>("/volumes");
  const networks = await agent.api<{ Id: string }[]>("/networks");
  const lab = await agent.request("tree", ["/lab"]);
  return {
    containers: containers.map((c) => `${c.Id} ${c.State}`).sort(),
    images: images.map((i) => `${i.Id} ${(i.RepoTags ?? []).join(",")}`).sort(),
    volumes: (volumes.Volumes ?? []).map((v) => v.Name).sort(),
    networks: networks.map((n) => n.Id).sort(),
    lab: lab.text().split("\n").filter(Boolean).sort(),
  };
}

describe.sequential("lesson cleanups on the built machine", () => {
  let machine: NodeMachine;
  beforeAll(async () => {
    // No warm-up: its throwaway container would come and go under the comparison.
    machine = await startToPrompt(DEFAULT_GUEST_DIR, "restore", { warm: false });
  });
  afterAll(async () => {
    await machine?.stop();
  });

  it.each(course.lessons.filter((l) => l.cleanup.length).map((l) => [l.id, l] as const))("%s's cleanup changes nothing", async (_id, lesson) => {
    const before = await fingerprint(machine);
    for (const command of lesson.cleanup) {
      const { status, output } = await machine.agent.sh(command);
      expect(status, `${command}\n${output}`).toBe(0);
    }
    expect(await fingerprint(machine)).toEqual(before);
  });
});
