// The guest's agent (images/rootfs/usr/local/sbin/sandbox-agent, Perl with perl-base alone) on the
// host, on a pipe instead of the serial port, asked by the page's own AgentClient; a small HTTP
// server on a Unix socket stands in for Docker's API.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GuestProbe } from "../src/adapters/guest-probe.ts";
import { AgentClient, fromBase64 } from "../src/guest/agent-client.ts";
import { spawnGuestPerl } from "./guest-perl.ts";

const LOGS = Buffer.from([1, 0, 0, 0, 0, 0, 0, 3, 0x68, 0x69, 0x0a]);
const engine: Record<string, [number, string | Buffer]> = {
  "/containers/json?all=1": [200, '[{"Id":"aaa","Names":["/gone"]},{"Id":"bbb","Names":["/kept"],"ParentId":"zzz"}]'],
  "/containers/aaa/json": [404, '{"message":"No such container: aaa"}'],
  "/containers/bbb/json": [200, '{"Id":"bbb","Name":"/kept"}'],
  "/containers/bbb/logs?stdout=1": [200, LOGS],
  "/version": [200, '{"Version":"test"}'],
};

let dir: string;
let docker: Server;
let agentProcess: ChildProcess;
let agent: AgentClient;
let ready: Promise<string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sandbox-agent-"));
  docker = createServer((request, response) => {
    const [status, body] = engine[request.url ?? ""] ?? [404, '{"message":"page not found"}'];
    response.writeHead(status, { "Content-Type": "application/json" }).end(body);
  });
  await new Promise<void>((resolve) => docker.listen(join(dir, "docker.sock"), resolve));
  agentProcess = spawnGuestPerl("sandbox-agent", [], {
    cwd: dir,
    stdio: ["pipe", "pipe", "inherit"],
    env: {
      ...process.env,
      SANDBOX_AGENT_PORT: "-",
      SANDBOX_DOCKER_SOCKET: join(dir, "docker.sock"),
      SANDBOX_AGENT_RUN: dir,
    },
  });
  agentProcess.stdout!.setEncoding("utf8");
  let first = "";
  ready = new Promise((resolve) => agentProcess.stdout!.on("data", (text: string) => (first ||= text) && resolve(first)));
  agent = new AgentClient({
    send: (text) => agentProcess.stdin!.write(text),
    onOutput: (listener) => {
      agentProcess.stdout!.on("data", listener);
      return () => agentProcess.stdout!.off("data", listener);
    },
  });
});

afterAll(async () => {
  agent.dispose();
  agentProcess.kill();
  docker.close();
  await rm(dir, { recursive: true, force: true });
});

describe("sandbox-agent", () => {
  it("says it is ready, then answers Docker's API as it is, error answers included", async () => {
    expect(await ready).toBe(`0 0 ${Buffer.from("ready").toString("base64")}\n`);
    expect(await agent.api("/version")).toEqual({ Version: "test" });
    expect(await agent.api("/containers/aaa/json")).toEqual({ message: "No such container: aaa" });
  });

  it("asks for each listed object's details in one request, leaving out one removed since the list", async () => {
    const answer = await agent.request("each", ["/containers/json?all=1", "/containers/{id}/json", "base64:/containers/{id}/logs?stdout=1"]);
    expect(answer.status).toBe(0);
    const objects = JSON.parse(answer.text()) as [unknown, string][];
    expect(objects).toHaveLength(1);
    expect(objects[0]![0]).toEqual({ Id: "bbb", Name: "/kept" });
    expect(Buffer.from(fromBase64(objects[0]![1]))).toEqual(LOGS);
  });

  it("writes and reads files byte for byte, making the parent directories", async () => {
    for (const size of [0, 1, 2, 3, 44, 45, 46, 91, 100_003]) {
      const bytes = new Uint8Array(randomBytes(size));
      const path = join(dir, "lab", `deep/er/${size}.bin`);
      await agent.writeFile(path, bytes);
      expect(new Uint8Array(await readFile(path))).toEqual(bytes);
      const read = await agent.request("file", [path]);
      expect([read.status, read.data]).toEqual([0, bytes]);
    }
    expect((await agent.request("file", [join(dir, "lab/deep")])).status).toBe(2);
    expect((await agent.request("file", [join(dir, "lab/missing.txt")])).status).toBe(1);
  });

  it("runs a script with bash and gives its output and exit status", async () => {
    expect(await agent.sh("echo out; echo err >&2; exit 3")).toEqual({ status: 3, output: "out\nerr\n" });
    // Its input is empty, never the serial port the requests come on.
    expect(await agent.sh("read -r line || echo 'no input'")).toEqual({ status: 0, output: "no input\n" });
  });

  it("runs a job in a session of its own, answering other requests meanwhile; busy until it ends; stops one past its time", async () => {
    const told: boolean[] = [];
    const off = agent.onBusy((busy) => told.push(busy));
    // Its own session and process group: the agent's time limit on `sh` signals the group of the `sh`.
    const job = agent.job("cd /; sleep 1; echo \"$(ps -o sid= -p $$) $(ps -o pgid= -p $$)\"; echo failed >&2; exit 4", 60, 200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [shSession] = (await agent.sh("ps -o sid= -p $$")).output.trim().split(/\s+/);
    const { status, output } = await job;
    const [session, group] = output.trim().split(/\s+/);
    expect(status).toBe(4);
    expect(output).toContain("failed\n");
    expect(session).toBe(group);
    expect(session).not.toBe(shSession);
    expect(told).toEqual([true, false]);
    off();

    const stopped = await agent.job("echo begun; sleep 31; echo never", 1, 200);
    expect(stopped.status).toBe(124);
    expect(stopped.output).toContain("begun\n");
    expect(stopped.output).toContain("(stopped after 1 s)");
    expect((await agent.sh("pgrep -f 'slee[p] 31' || echo none")).output).toBe("none\n");
    expect((await agent.sh("ls /run/sandbox-jobs")).output).toBe("");
  });

  it("asks a web server from inside, and says why when nothing answers", async () => {
    const web = createServer((_, response) => response.writeHead(201).end("made\n"));
    await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(web.address() as AddressInfo).port}/`;
    const probe = new GuestProbe(agent);
    expect(await probe.http(url)).toEqual({ ok: true, status: 201, body: "made\n" });
    await new Promise((resolve) => web.close(resolve));
    expect(await probe.http(url)).toEqual({ ok: false, error: expect.stringMatching(/^curl: \(7\) Failed to connect/) });
  });

  it("lists a tree, and refuses an unknown request", async () => {
    expect((await agent.tree(join(dir, "lab"))).map((e) => `${e.type} ${e.path}`)).toContain("f deep/er/3.bin");
    const unknown = await agent.request("fly");
    expect([unknown.status, unknown.text()]).toEqual([127, "unknown request: fly"]);
  });

  it("says so when Docker's socket does not answer", async () => {
    await new Promise((resolve) => docker.close(resolve));
    await expect(agent.api("/version")).rejects.toThrow(/cannot reach Docker's socket/);
  });
});
