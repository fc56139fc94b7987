import { describe, expect, it } from "vitest";
import { AgentClient } from "./agent-client.ts";
import type { Listener, SerialLink } from "./serial-link.ts";

/** A serial link whose far end is this test: it sees the request lines and answers them. */
function link() {
  const sent: string[] = [];
  let listener: Listener = () => {};
  const serial: SerialLink = {
    send: (text) => sent.push(text),
    onOutput: (l) => {
      listener = l;
      return () => (listener = () => {});
    },
  };
  return { serial, sent, answer: (text: string) => listener(text) };
}

const b64 = (text: string) => Buffer.from(text).toString("base64");

describe("AgentClient", () => {
  it("encodes arguments and matches answers to requests by id, across chunk boundaries", async () => {
    const { serial, sent, answer } = link();
    const agent = new AgentClient(serial);
    const first = agent.sh("echo one; false");
    const second = agent.request("file", ["/lab/a b.txt"]);
    expect(sent).toEqual([`1 sh ${b64("echo one; false")}\n`, `2 file ${b64("/lab/a b.txt")}\n`]);
    const line = `2 0 ${b64("content")}\n1 1 ${b64("one\n")}\n`;
    answer(line.slice(0, 5));
    answer(line.slice(5));
    expect(await first).toEqual({ status: 1, output: "one\n" });
    expect((await second).text()).toBe("content");
  });

  it("tells when requests are in flight: busy with the first, idle when the last is answered or gives up", async () => {
    const { serial, answer } = link();
    const agent = new AgentClient(serial);
    const told: boolean[] = [];
    agent.onBusy((busy) => told.push(busy));
    const first = agent.request("resize", ["80", "24"]);
    const second = agent.request("file", ["/lab/a"], 0.01);
    expect(told).toEqual([true]);
    answer("1 0 \n");
    await first;
    expect(told).toEqual([true]);
    await expect(second).rejects.toThrow('did not answer "file"');
    expect(told).toEqual([true, false]);
  });

  it("ignores the agent's ready line and unknown ids", async () => {
    const { serial, answer } = link();
    const agent = new AgentClient(serial);
    const pending = agent.request("resize", ["80", "24"]);
    answer(`0 0 ${b64("ready")}\n99 0 \n1 0 \n`);
    expect((await pending).status).toBe(0);
  });

  it("names the request that got no answer", async () => {
    const { serial } = link();
    const agent = new AgentClient(serial);
    await expect(agent.request("api", ["/version"], 0.05)).rejects.toThrow('the guest agent did not answer "api" within 0.05 s');
  });

  it("rejects what is in flight when disposed (the machine was reset)", async () => {
    const { serial } = link();
    const agent = new AgentClient(serial);
    const pending = agent.request("http", ["http://localhost/"]);
    agent.dispose();
    await expect(pending).rejects.toThrow("went away");
  });

  it("hands pushed lines to their channel's handlers and not to waiting requests", async () => {
    const { serial, answer } = link();
    const agent = new AgentClient(serial);
    const lab: string[] = [];
    const docker: string[] = [];
    agent.onPush("lab", (text) => lab.push(text));
    const off = agent.onPush("docker", (text) => docker.push(text));
    const pending = agent.tree("/lab");
    answer(`0 lab ${b64("/lab/new.txt")}\n0 docker ${b64('{"Type":"container"}')}\n`);
    off();
    answer(`0 docker ${b64("{}")}\n1 0 ${b64("f 6 1700000000.5 my file.txt\nd 4096 1700000001.0 src\n")}\n`);
    expect(lab).toEqual(["/lab/new.txt"]);
    expect(docker).toEqual(['{"Type":"container"}']);
    expect(await pending).toEqual([
      { type: "f", size: 6, mtime: 1700000000.5, path: "my file.txt" },
      { type: "d", size: 4096, mtime: 1700000001, path: "src" },
    ]);
  });
});
