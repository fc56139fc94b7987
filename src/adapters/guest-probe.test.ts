import { describe, expect, it } from "vitest";
import { demuxLogs } from "./guest-probe.ts";

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
