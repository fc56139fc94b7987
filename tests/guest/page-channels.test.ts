// The channels the page uses beside the terminal, against the real guest: HTTP to a published
// port through the network card, and what the agent pushes when files and containers change.

import { describe, expect, it } from "vitest";
import { guestHttpGet, NothingListensError } from "../../src/guest/guest-http.ts";
import { retry, useGuest } from "./guest-machine.ts";

/** Collects what the agent pushes on a channel until `until` matches one of the lines. */
function pushed(agent: ReturnType<ReturnType<typeof useGuest>["machine"]>["agent"], channel: "lab" | "docker") {
  const lines: string[] = [];
  agent.onPush(channel, (line) => lines.push(line));
  return {
    lines,
    async until(match: (line: string) => boolean, timeoutS = 30): Promise<string> {
      const deadline = Date.now() + timeoutS * 1000;
      while (Date.now() < deadline) {
        const hit = lines.find(match);
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`nothing matching was pushed on "${channel}" within ${timeoutS} s; got: ${lines.join(" | ")}`);
    },
  };
}

describe.sequential("the page's channels to the guest", () => {
  const guest = useGuest();

  it("reaches a published port from the page through the network card", async () => {
    const { emulator } = guest.machine();
    await expect(guestHttpGet(emulator, 8080, "/")).rejects.toBeInstanceOf(NothingListensError);
    expect((await guest.run("docker run -d --name preview-web -p 8080:80 nginx")).exitCode).toBe(0);
    await guest.run(retry("curl -sf localhost:8080 >/dev/null"));
    const page = await guestHttpGet(emulator, 8080, "/");
    expect(page.status).toBe(200);
    expect(page.headers["server"]).toMatch(/^nginx/);
    expect(new TextDecoder().decode(page.body)).toContain("Welcome to nginx!");
    const missing = await guestHttpGet(emulator, 8080, "/no-such-page");
    expect(missing.status).toBe(404);
    await guest.run("docker rm -f preview-web");
  });

  it("does not let the guest reach beyond the page", async () => {
    // No default route: addresses outside the card's subnet are unreachable.
    expect((await guest.run("ip route")).output).not.toContain("default");
    const outside = await guest.run("curl -sS --max-time 5 http://10.0.0.1/");
    expect(outside.exitCode).not.toBe(0);
    expect(outside.output).toContain("Failed to connect to 10.0.0.1");
    // v86's in-page peer would turn HTTP to it into the page's fetch(); ours refuses.
    const peer = await guest.run("curl -s --max-time 10 -H 'Host: example.com' -w ' %{http_code}' http://192.168.86.1/");
    expect(peer.output.trim()).toBe("Docker Sandbox has no internet access. 502");
  });

  it("pushes file changes under /lab and Docker's events once asked to watch", async () => {
    const { agent } = guest.machine();
    const lab = pushed(agent, "lab");
    const docker = pushed(agent, "docker");
    await agent.watch();
    await agent.watch(); // idempotent: a second request must not double the pushes
    await guest.run("echo hello > /lab/pushed.txt");
    await lab.until((line) => line === "/lab/pushed.txt");
    await guest.run("docker run --name pushed-test busybox true && docker rm pushed-test");
    const event = JSON.parse(await docker.until((line) => line.includes('"Action":"destroy"'))) as { Type: string; Actor: { Attributes: { name: string } } };
    expect(event.Type).toBe("container");
    expect(event.Actor.Attributes.name).toBe("pushed-test");
    expect(docker.lines.filter((line) => line.includes('"Action":"destroy"'))).toHaveLength(1);
    const tree = await agent.tree("/lab");
    expect(tree).toContainEqual(expect.objectContaining({ type: "f", size: 6, path: "pushed.txt" }));
    await guest.run("rm /lab/pushed.txt");
  });

  it("has the /dev/std* links that docker update and scripts need", async () => {
    const links = await guest.run("readlink /dev/stdin /dev/stdout /dev/stderr /dev/fd");
    expect(links.output.trim().split(/\r?\n/)).toEqual(["/proc/self/fd/0", "/proc/self/fd/1", "/proc/self/fd/2", "/proc/self/fd"]);
    await guest.run("docker run -d --name update-test busybox sleep 600");
    const update = await guest.run("docker update --memory 64m --memory-swap 128m update-test");
    expect(update.exitCode, update.output).toBe(0);
    await guest.run("docker rm -f update-test");
  });
});
