import { describe, expect, it } from "vitest";
import type { AgentClient } from "../guest/agent-client.ts";
import { demuxLogs, GuestProbe } from "./guest-probe.ts";

function frame(stream: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe("demuxLogs", () => {
  it("joins stdout and stderr frames of Docker's log stream in order", () => {
    const stream = Buffer.concat([frame(1, "out 1\n"), frame(2, "err\n"), frame(1, "out 2\n")]);
    expect(demuxLogs(stream.toString("base64"))).toBe("out 1\nerr\nout 2\n");
  });

  it("returns nothing for an empty log", () => {
    expect(demuxLogs("")).toBe("");
  });
});

describe("GuestProbe.http", () => {
  /** An agent whose server answers from the ANSWER_FROM-th request on. */
  function agentAnswering(answerFrom: number) {
    let asked = 0;
    const agent = {
      request: async () => {
        const text = ++asked >= answerFrom ? "200\nhello" : "curl: (7) Failed to connect to localhost port 5000";
        return { status: asked >= answerFrom ? 0 : 1, data: new Uint8Array(), text: () => text };
      },
    } as unknown as AgentClient;
    return { probe: new GuestProbe(agent), asked: () => asked };
  }

  it("asks once without a wait", async () => {
    const { probe, asked } = agentAnswering(2);
    expect(await probe.http("http://localhost:5000/")).toEqual({ ok: false, error: "curl: (7) Failed to connect to localhost port 5000" });
    expect(asked()).toBe(1);
  });

  it("asks again, once a second, while nothing answers within the wait", async () => {
    const { probe, asked } = agentAnswering(3);
    expect(await probe.http("http://localhost:5000/", 5)).toEqual({ ok: true, status: 200, body: "hello" });
    expect(asked()).toBe(3);
  });
});
