import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { demuxLogs, eachScript } from "./guest-probe.ts";

describe("eachScript", () => {
  it("leaves out an object removed between the list and its inspect", () => {
    // curl stands in for the engine: container aaa is listed, then gone (404: curl -f exits 22).
    const engine = `curl() { case "$*" in *json?all=1*) echo '[{"Id":"aaa"},{"Id":"bbb"}]';; *aaa/json*) return 22;; *bbb/json*) echo '{"Id":"bbb"}';; esac; }`;
    const script = eachScript("/containers/json?all=1", '"Id":"[0-9a-f]*"', `i=$(curl -sf "http://docker/containers/$id/json") && printf '%s' "$i"`);
    expect(JSON.parse(execFileSync("bash", ["-c", `${engine}\n${script}`], { encoding: "utf8" }))).toEqual([{ Id: "bbb" }]);
  });
});

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
