// The pack and the page's chunk source against a real HTTP server on loopback. Node has no Cache
// Storage: a pack is never stored here (a chunk read a second time comes from its own file), but
// for the one test of a stored pack, which gets a Cache holding one entry.
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { HttpChunkSource, type DiskWait } from "./browser-chunk-source.ts";
import { ChunkPack } from "./chunk-pack.ts";
import type { PackInfo } from "./chunk-pack.ts";

const plain = (name: string) => new TextEncoder().encode(name.repeat(1000));
const NAMES = ["a", "b", "c", "d"];
const gz = Object.fromEntries(NAMES.map((name) => [name, gzipSync(plain(name))]));
const packBytes = Buffer.concat(NAMES.map((name) => gz[name]!));
/** The pack with a bit of a's gzip trailer (its CRC-32) flipped. */
const damaged = Buffer.from(packBytes);
damaged[gz.a!.length - 5]! ^= 0xff;
const info = (sha256 = createHash("sha256").update(packBytes).digest("hex")): PackInfo => ({
  file: "pack.bin",
  sha256,
  bytes: packBytes.length,
  chunks: NAMES.map((name) => [name, gz[name]!.length]),
});

let server: Server;
let base: string;
const requested: string[] = [];
const flakyAsks = new Map<string, number>();
/** Bytes per chunk of the test's disk: each chunk is one letter 1000 times. */
const CHUNK = 1000;
/** Ends the pack's response, once asked for: until then the server has sent its first half. */
let endPack: (() => void) | undefined;
async function release(): Promise<void> {
  while (!endPack) await new Promise((resolve) => setTimeout(resolve, 5));
  endPack();
  endPack = undefined;
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = request.url ?? "";
    requested.push(url);
    if (url.endsWith("/damaged.bin")) {
      response.end(damaged);
      return;
    }
    if (url.endsWith("/pack.bin")) {
      const half = Math.floor(packBytes.length / 2);
      response.writeHead(200, { "Content-Length": packBytes.length });
      response.write(packBytes.subarray(0, half));
      endPack = () => response.end(packBytes.subarray(half));
      return;
    }
    // /flaky/: the site refuses a chunk three times, then answers once with its page (as a host
    // that serves every path with index.html does), then sends the chunk.
    const flaky = /^\/flaky\/([^/]+)\.gz$/.exec(url)?.[1];
    if (flaky) {
      const asked = (flakyAsks.get(flaky) ?? 0) + 1;
      flakyAsks.set(flaky, asked);
      if (asked <= 3) response.writeHead(404).end();
      else if (asked === 4) response.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><title>Docker Sandbox</title>");
      else response.end(gz[flaky]);
      return;
    }
    const name = /\/disk\/([^/]+)\.gz$/.exec(url)?.[1];
    if (name && gz[name]) response.end(gz[name]);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => server.close());

const text = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : undefined);
const source = (pack: ChunkPack) => Object.assign(new HttpChunkSource(`${base}disk/`, CHUNK), { pack });

describe("ChunkPack", () => {
  it("serves a chunk as soon as its bytes arrive, waits for one still on its way, and takes each out once read", async () => {
    requested.length = 0;
    const pack = new ChunkPack(`${base}pack.bin`, info(), Promise.resolve(undefined));
    expect(Buffer.from((await pack.get("a"))!).equals(gz.a!)).toBe(true); // whole within the first half
    const waiting = pack.get("d");
    let answered = false;
    void waiting.then(() => (answered = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(answered).toBe(false);
    await release();
    expect(Buffer.from((await waiting)!).equals(gz.d!)).toBe(true);
    await pack.settled;
    expect(await pack.get("d")).toBeUndefined(); // read once: no stored pack to read it again from
    expect(await pack.get("elsewhere")).toBeUndefined();
    expect(requested).toEqual(["/pack.bin"]);
    expect(pack.networkBytes).toBe(packBytes.length);
  });

  it("the chunk source inflates the pack's chunks, and reads from each chunk's own file what the pack cannot give", async () => {
    requested.length = 0;
    const chunks = source(new ChunkPack(`${base}pack.bin`, info(), Promise.resolve(undefined)));
    await release();
    expect(text(await chunks.load("b"))).toBe("b".repeat(1000));
    await chunks.pack!.settled;
    expect(text(await chunks.load("b"))).toBe("b".repeat(1000));
    expect(requested).toEqual(["/pack.bin", "/disk/b.gz"]);
  });

  it("a pack that does not match its sha256 gives nothing once whole: each chunk comes from its own file", async () => {
    requested.length = 0;
    const chunks = source(new ChunkPack(`${base}pack.bin`, info("0".repeat(64)), Promise.resolve(undefined)));
    await release();
    await chunks.pack!.settled;
    expect(text(await chunks.load("c"))).toBe("c".repeat(1000));
    expect(requested).toEqual(["/pack.bin", "/disk/c.gz"]);
  });

  it("a pack the server does not have leaves every read to the chunk's own file", async () => {
    requested.length = 0;
    const chunks = source(new ChunkPack(`${base}missing.bin`, info(), Promise.resolve(undefined)));
    expect(text(await chunks.load("a"))).toBe("a".repeat(1000));
    expect(requested.sort()).toEqual(["/disk/a.gz", "/missing.bin"]);
  });

  it("a stored pack serves reads in slices, fetching nothing; read whole, from memory, without the chunks already taken", async () => {
    requested.length = 0;
    const slice = vi.spyOn(Blob.prototype, "slice");
    onTestFinished(() => slice.mockRestore());
    const slices = () => slice.mock.calls.map(([start]) => start);
    const url = `${base}pack.bin`;
    const cache = Promise.resolve({ match: async (key: string) => (key === url ? new Response(packBytes) : undefined) } as unknown as Cache);
    expect(await ChunkPack.stored(`${base}other.bin`, info(), cache)).toBeUndefined();
    const pack = (await ChunkPack.stored(url, info(), cache))!;
    expect(pack.isStored).toBe(true);
    expect(Buffer.from((await pack.get("b"))!).equals(gz.b!)).toBe(true);
    expect(slices()).toEqual([gz.a!.length]);
    await pack.readWhole();
    expect(Buffer.from((await pack.get("c"))!).equals(gz.c!)).toBe(true); // from memory
    expect(Buffer.from((await pack.get("b"))!).equals(gz.b!)).toBe(true); // taken before: a slice again
    expect(slices()).toEqual([gz.a!.length, gz.a!.length]);
    expect(requested).toEqual([]);
  });

  it("a damaged chunk in the pack (its gzip check fails) is read from its own file", async () => {
    requested.length = 0;
    const chunks = source(new ChunkPack(`${base}damaged.bin`, info(createHash("sha256").update(damaged).digest("hex")), Promise.resolve(undefined)));
    expect(text(await chunks.load("a"))).toBe("a".repeat(1000));
    expect(text(await chunks.load("b"))).toBe("b".repeat(1000));
    expect(requested).toEqual(["/damaged.bin", "/disk/a.gz"]);
  });
});

describe("HttpChunkSource without a network", () => {
  /** A loopback port nothing listens on (yet): fetch fails there as it does with the network gone. */
  async function freePort(): Promise<number> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    return port;
  }

  it("holds the guest's read until the network is back, and says so meanwhile", async () => {
    const port = await freePort();
    const waits: (DiskWait | undefined)[] = [];
    const chunks = new HttpChunkSource(`http://127.0.0.1:${port}/disk/`, CHUNK, (wait) => waits.push(wait));
    const read = chunks.load("a");
    while (!waits.length) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(waits).toEqual([{ reason: "network" }]);
    // The network comes back: the same server as the other tests', now on this port.
    const back = createServer(server.listeners("request")[0] as Parameters<typeof createServer>[1]);
    await new Promise<void>((resolve) => back.listen(port, "127.0.0.1", resolve));
    onTestFinished(() => void back.close());
    expect(text(await read)).toBe("a".repeat(1000));
    expect(waits).toEqual([{ reason: "network" }, undefined]);
  }, 20_000);

  it("holds the guest's read of a chunk the site refuses or answers with its page, says why, and reads the chunk once sent", async () => {
    const waits: (DiskWait | undefined)[] = [];
    const chunks = new HttpChunkSource(`${base}flaky/`, CHUNK, (wait) => waits.push(wait));
    expect(text(await chunks.load("b"))).toBe("b".repeat(1000));
    expect(flakyAsks.get("b")).toBe(5);
    expect(waits).toEqual([
      { reason: "site", detail: "it answered HTTP 404 for a part of the machine" },
      { reason: "site", detail: "it answered with something other than a part of the machine" },
      undefined,
    ]);
  }, 20_000);

  it("a background fetch gives up, without waiting, on a chunk the site refuses or the network cannot bring", async () => {
    const waits: (DiskWait | undefined)[] = [];
    await expect(new HttpChunkSource(`${base}disk/`, CHUNK, (wait) => waits.push(wait)).prefetch("nowhere")).rejects.toThrow(/HTTP 404/);
    await expect(new HttpChunkSource(`${base}flaky/`, CHUNK, (wait) => waits.push(wait)).prefetch("c")).rejects.toThrow(/HTTP 404/);
    const gone = new HttpChunkSource(`http://127.0.0.1:${await freePort()}/disk/`, CHUNK, (wait) => waits.push(wait));
    await expect(gone.prefetch("a")).rejects.toThrow(/no network/);
    expect(waits).toEqual([]);
  }, 20_000);

  it("a stored chunk that does not inflate is dropped and fetched again; a fetched one is stored", async () => {
    requested.length = 0;
    const damagedD = new Uint8Array(gz.d!);
    damagedD[damagedD.length - 5]! ^= 0xff; // its CRC-32
    const stored = new Map<string, Uint8Array<ArrayBuffer>>([[`${base}disk/d.gz`, damagedD]]);
    const cache = {
      match: async (key: string) => (stored.has(key) ? new Response(stored.get(key)) : undefined),
      put: async (key: string, response: Response) => void stored.set(key, new Uint8Array(await response.arrayBuffer())),
      delete: async (key: string) => stored.delete(key),
    } as unknown as Cache;
    const chunks = Object.assign(new HttpChunkSource(`${base}disk/`, CHUNK), { cache: Promise.resolve(cache) });
    expect(text(await chunks.load("d"))).toBe("d".repeat(1000));
    expect(Buffer.from(stored.get(`${base}disk/d.gz`)!).equals(gz.d!)).toBe(true);
    expect(text(await chunks.load("d"))).toBe("d".repeat(1000));
    expect(requested).toEqual(["/disk/d.gz"]);
  });
});
