// The guest's offline package world: sandbox-dns and sandbox-package-mirror (Perl, from
// images/rootfs) run here on loopback against a small DOCROOT, and are asked what apt, pip,
// dockerd and the resolver ask them. Perl runs with only perl-base's modules, as in the guest.
import { execFile, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { createSocket } from "node:dgram";
import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnGuestPerl } from "./guest-perl.ts";

const run = promisify(execFile);
const MTIME = new Date("2026-01-02T03:04:05Z");

let root: string;
let httpPort: number;
let dnsPort: number;
const children: ChildProcess[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function start(script: string, args: string[]) {
  const child = spawnGuestPerl(script, args, { stdio: ["ignore", "ignore", "pipe"] });
  child.stderr!.setEncoding("utf8");
  children.push(child);
  return child;
}

async function put(path: string, data: string | Buffer) {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), data);
  await utimes(join(root, path), MTIME, MTIME);
}

interface Reply { status: number; reason: string; headers: Record<string, string | string[] | undefined>; body: string }

function get(path: string, host = "deb.debian.org", headers: Record<string, string> = {}, method = "GET"): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: httpPort, path, method, agent: false, headers: { host, ...headers } }, (res) => {
      let body = "";
      res.setEncoding("latin1");
      res.on("data", (chunk: string) => { body += chunk; });
      res.on("end", () => resolve({ status: res.statusCode!, reason: res.statusMessage!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Writes raw bytes on one connection and returns all the server sends until it closes. */
function raw(data: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(httpPort, "127.0.0.1", () => socket.end(data));
    let out = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => { out += chunk; });
    socket.on("end", () => resolve(out));
    socket.on("error", reject);
  });
}

const A = 1, AAAA = 28;
function query(name: string, type: number, id: number, edns = false): Buffer {
  const labels = name.split(".").map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)]));
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(0x0100, 2); // RD
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(edns ? 1 : 0, 10);
  const tail = Buffer.alloc(4);
  tail.writeUInt16BE(type, 0);
  tail.writeUInt16BE(1, 2);
  const opt = Buffer.from([0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 0]);
  return Buffer.concat([header, ...labels, Buffer.from([0]), tail, ...(edns ? [opt] : [])]);
}

interface DnsReply { id: number; flags: number; rcode: number; qd: number; an: number; ar: number; address?: string; ttl?: number; packet: Buffer }

/** Sends packets on one socket and resolves with the first reply (or rejects after `ms`). */
function dns(packets: Buffer[], ms = 2000): Promise<DnsReply> {
  return new Promise((resolve, reject) => {
    const socket = createSocket("udp4");
    const timer = setTimeout(() => { socket.close(); reject(new Error("no DNS reply")); }, ms);
    socket.on("message", (packet) => {
      clearTimeout(timer);
      socket.close();
      const flags = packet.readUInt16BE(2);
      const reply: DnsReply = {
        id: packet.readUInt16BE(0), flags, rcode: flags & 15, qd: packet.readUInt16BE(4),
        an: packet.readUInt16BE(6), ar: packet.readUInt16BE(10), packet,
      };
      if (reply.an) {
        // The answer follows the question (echoed whole) and starts with a pointer to its name.
        let pos = 12;
        while (packet[pos] !== 0) pos += packet[pos] + 1;
        pos += 5;
        expect(packet.readUInt16BE(pos)).toBe(0xc00c);
        reply.ttl = packet.readUInt32BE(pos + 6);
        reply.address = [...packet.subarray(pos + 12, pos + 16)].join(".");
      }
      resolve(reply);
    });
    for (const p of packets) socket.send(p, dnsPort, "127.0.0.1");
  });
}

async function until(check: () => Promise<unknown>) {
  for (let i = 0; ; i++) {
    try { return await check(); } catch (e) { if (i > 50) throw e; }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "package-mirror-"));
  await put("debian/dists/trixie/InRelease", "Origin: Debian\nSuite: trixie\n");
  await put("debian/pool/main/h/hello/hello_1_i386.deb", Buffer.alloc(70000, 7));
  await put("debian/packages.txt", "curl\nlibcurl4t64\n");
  await put("pypi/simple/index.html", '<a href="flask/">flask</a>\n');
  await put("pypi/simple/flask-sqlalchemy/index.html", "<a href=\"../../packages/fs.whl\">fs</a>\n");
  await put("pypi/packages/aa/flask-3.1.0-py3-none-any.whl", "PK wheel");
  await put("pypi/projects.txt", "flask 3.1.0\nflask-sqlalchemy 3.1.1\n");
  await put("images.txt", "debian:trixie-slim\nalpine:3.22\n");
  [httpPort, dnsPort] = [await freePort(), await freePort()];
  start("sandbox-package-mirror", ["127.0.0.1", String(httpPort), root]);
  start("sandbox-dns", ["127.0.0.1", String(dnsPort), "10.86.0.2", "deb.debian.org", "PyPI.org", "*.pythonhosted.org"]);
  await until(() => get("/"));
  await until(() => dns([query("pypi.org", A, 1)], 200));
}, 15_000);

afterAll(async () => {
  for (const child of children) child.kill();
  await rm(root, { recursive: true, force: true });
});

describe("sandbox-dns", () => {
  it("answers A for a listed name, any case, with the question echoed and RD copied", async () => {
    const reply = await dns([query("Deb.Debian.ORG", A, 4242)]);
    expect(reply).toMatchObject({ id: 4242, rcode: 0, qd: 1, an: 1, address: "10.86.0.2", ttl: 300 });
    expect(reply.flags & 0x8000).toBeTruthy(); // QR
    expect(reply.flags & 0x0100).toBeTruthy(); // RD
    expect(reply.flags & 0x0080).toBeTruthy(); // RA
    expect(reply.packet.subarray(12, 12 + 20).toString("latin1")).toContain("Debian");
  });

  it("answers a name under a wildcard, not the wildcard's parent", async () => {
    expect(await dns([query("files.pythonhosted.org", A, 2)])).toMatchObject({ rcode: 0, an: 1, address: "10.86.0.2" });
    expect(await dns([query("pythonhosted.org", A, 3)])).toMatchObject({ rcode: 3, an: 0 });
  });

  it("is NXDOMAIN for every other name", async () => {
    expect(await dns([query("github.com", A, 5)])).toMatchObject({ id: 5, rcode: 3, qd: 1, an: 0 });
    expect(await dns([query("evil.deb.debian.org", AAAA, 6)])).toMatchObject({ rcode: 3, an: 0 });
  });

  it("gives AAAA for a listed name NOERROR with no answer", async () => {
    expect(await dns([query("pypi.org", AAAA, 7)])).toMatchObject({ id: 7, rcode: 0, qd: 1, an: 0 });
  });

  it("answers an EDNS query with an OPT record of its own", async () => {
    const reply = await dns([query("pypi.org", A, 8, true)]);
    expect(reply).toMatchObject({ rcode: 0, an: 1, ar: 1, address: "10.86.0.2" });
    expect(reply.packet.subarray(-11, -8)).toEqual(Buffer.from([0, 0, 41]));
  });

  it("ignores malformed packets and answers the next query", async () => {
    const cut = query("deb.debian.org", A, 9).subarray(0, 20);
    const pointer = Buffer.concat([query("x", A, 10).subarray(0, 12), Buffer.from([0xc0, 12, 0, 1, 0, 1])]);
    const reply = await dns([Buffer.from("garbage"), Buffer.alloc(0), cut, pointer, query("deb.debian.org", A, 11)]);
    expect(reply).toMatchObject({ id: 11, an: 1 });
  });
});

describe("sandbox-package-mirror", () => {
  const release = "/debian/dists/trixie/InRelease";

  it("serves a Debian file with its length, type and Last-Modified, on any Host", async () => {
    const reply = await get(release);
    expect(reply).toMatchObject({ status: 200, body: "Origin: Debian\nSuite: trixie\n" });
    expect(reply.headers["content-length"]).toBe("29");
    expect(reply.headers["last-modified"]).toBe(MTIME.toUTCString());
    const deb = await get("/debian/pool/main/h/hello/hello_1_i386.deb", "10.86.0.2");
    expect(deb.body).toBe("\x07".repeat(70000));
    expect(deb.headers["content-type"]).toBe("application/octet-stream");
  });

  it("answers HEAD with the headers alone", async () => {
    const reply = await get(release, "deb.debian.org", {}, "HEAD");
    expect(reply).toMatchObject({ status: 200, body: "" });
    expect(reply.headers["content-length"]).toBe("29");
  });

  it("answers If-Modified-Since with 304 when the file is no newer", async () => {
    expect((await get(release, "deb.debian.org", { "if-modified-since": MTIME.toUTCString() })).status).toBe(304);
    const later = new Date(MTIME.getTime() + 86400_000 * 400).toUTCString();
    expect((await get(release, "deb.debian.org", { "if-modified-since": later })).status).toBe(304);
    const earlier = new Date(MTIME.getTime() - 1000).toUTCString();
    expect((await get(release, "deb.debian.org", { "if-modified-since": earlier })).status).toBe(200);
  });

  it("resumes with Range: bytes=N- (206), and refuses a range past the end (416)", async () => {
    const reply = await get(release, "deb.debian.org", { range: "bytes=8-" });
    expect(reply).toMatchObject({ status: 206, body: "Debian\nSuite: trixie\n" });
    expect(reply.headers["content-range"]).toBe("bytes 8-28/29");
    expect((await get(release, "deb.debian.org", { range: "bytes=29-" })).status).toBe(416);
    // If-Range naming another version: the whole file.
    expect((await get(release, "deb.debian.org", { range: "bytes=8-", "if-range": "Thu, 01 Jan 2015 00:00:00 GMT" })).status).toBe(200);
  });

  it("answers pipelined requests on one connection in order", async () => {
    const out = await raw(`GET ${release} HTTP/1.1\r\nHost: deb.debian.org\r\n\r\n`
      + `HEAD /simple/Flask_SQLAlchemy/ HTTP/1.1\r\nHost: pypi.org\r\n\r\n`
      + `GET /missing HTTP/1.1\r\nHost: deb.debian.org\r\nConnection: close\r\n\r\n`);
    const statuses = [...out.matchAll(/^HTTP\/1\.1 (\d+)/gm)].map((m) => m[1]);
    expect(statuses).toEqual(["200", "200", "404"]);
    expect(out).toContain("\r\n\r\nOrigin: Debian\nSuite: trixie\nHTTP/1.1 200");
  });

  it("says which packages it has when a .deb is missing, in the reason phrase apt prints", async () => {
    const reply = await get("/debian/pool/main/m/mariadb/mariadb-server_11.8_i386.deb");
    expect(reply).toMatchObject({ status: 404, reason: "Not in this sandbox's offline mirror" });
    expect(reply.body).toContain("mariadb-server_11.8_i386.deb is not in this sandbox's offline Debian mirror");
    expect(reply.body).toContain("curl, libcurl4t64");
    expect(await get("/debian/dists/sid/InRelease")).toMatchObject({ status: 404, reason: "Not Found" });
  });

  it("refuses paths that climb out of DOCROOT", async () => {
    expect(await raw("GET /debian/../images.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).toMatch(/^HTTP\/1\.1 400 /);
    expect((await get("/debian/%2e%2e/images.txt")).status).toBe(400);
  });

  it("serves PyPI project pages by normalized name, and files on both hosts", async () => {
    for (const path of ["/simple/Flask.SQLAlchemy/", "/simple/flask_sqlalchemy", "/simple/FLASK--SQLALCHEMY/"]) {
      const reply = await get(path, "pypi.org:443");
      expect(reply).toMatchObject({ status: 200, body: '<a href="../../packages/fs.whl">fs</a>\n' });
      expect(reply.headers["content-type"]).toMatch(/^text\/html/);
    }
    expect(await get("/simple/", "pypi.org")).toMatchObject({ status: 200, body: '<a href="flask/">flask</a>\n' });
    for (const host of ["files.pythonhosted.org", "pypi.org"]) {
      const wheel = await get("/packages/aa/flask-3.1.0-py3-none-any.whl", host);
      expect(wheel).toMatchObject({ status: 200, body: "PK wheel" });
      expect(wheel.headers["content-type"]).toBe("application/octet-stream");
    }
    expect((await get("/simple/flask-sqlalchemy/", "example.com")).status).toBe(404);
  });

  it("names the projects it has when one is missing", async () => {
    const reply = await get("/simple/Django/", "pypi.org");
    expect(reply).toMatchObject({ status: 404, reason: "Not in this sandbox's offline package index" });
    expect(reply.body).toContain("Django is not in this sandbox's offline package index");
    expect(reply.body).toContain("flask==3.1.0, flask-sqlalchemy==3.1.1");
  });

  it("answers as Docker Hub's registry: the ping, and a manifest error naming the images it has", async () => {
    const ping = await get("/v2/", "registry-1.docker.io");
    expect(ping).toMatchObject({ status: 200, body: "{}\n" });
    expect(ping.headers["docker-distribution-api-version"]).toBe("registry/2.0");
    const missing = await get("/v2/library/ubuntu/manifests/latest", "registry-1.docker.io");
    expect(missing.status).toBe(404);
    expect(missing.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(missing.body)).toEqual({ errors: [{
      code: "MANIFEST_UNKNOWN", detail: null,
      message: "ubuntu:latest is not in this sandbox's offline image store. It has: debian:trixie-slim, alpine:3.22. "
        + "Try debian:trixie-slim (there is no i386 ubuntu image).",
    }] });
    const head = await get("/v2/someone/app/manifests/sha256:abc", "index.docker.io", {}, "HEAD");
    expect(head).toMatchObject({ status: 404, body: "" });
    const blob = await get("/v2/library/debian/blobs/sha256:abc", "registry-1.docker.io");
    expect(JSON.parse(blob.body).errors[0].code).toBe("BLOB_UNKNOWN");
    expect(JSON.parse((await get("/v2/_catalog", "docker.io")).body).errors[0].code).toBe("NAME_UNKNOWN");
  });

  it("survives garbage and oversized requests", async () => {
    expect(await raw("garbage\r\n\r\n")).toMatch(/^HTTP\/1\.1 400 /);
    expect(await raw(`GET / HTTP/1.1\r\nX: ${"y".repeat(20000)}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400 /);
    expect(await raw("GET / HTTP/1.1\r\nHost: x\r\n")).toBe(""); // the client gives up half-way
    expect((await get(release)).status).toBe(200);
  });

  it("is a mirror apt can use: an update, a second update that hits, a download and a missing .deb", async () => {
    const deb = Buffer.alloc(70000, 7);
    const packages = [
      `Package: hello\nVersion: 1\nArchitecture: i386\nFilename: pool/main/h/hello/hello_1_i386.deb\nSize: ${deb.length}\n`
        + `SHA256: ${createHash("sha256").update(deb).digest("hex")}\n`,
      `Package: mariadb-server\nVersion: 11.8\nArchitecture: i386\nFilename: pool/main/m/mariadb/mariadb-server_11.8_i386.deb\n`
        + `Size: 100\nSHA256: ${"0".repeat(64)}\n`,
    ].join("\n");
    // No InRelease: apt falls back to an unsigned Release, which trusted=yes accepts.
    await put("debian/dists/sandbox/main/binary-i386/Packages", packages);
    await put("debian/dists/sandbox/Release", `Suite: sandbox\nCodename: sandbox\nArchitectures: i386\nComponents: main\nSHA256:\n`
      + ` ${createHash("sha256").update(packages).digest("hex")} ${packages.length} main/binary-i386/Packages\n`);
    const apt = join(root, "apt");
    await mkdir(join(apt, "lists/partial"), { recursive: true });
    await mkdir(join(apt, "cache/archives/partial"), { recursive: true });
    await writeFile(join(apt, "sources.list"), `deb [trusted=yes arch=i386] http://127.0.0.1:${httpPort}/debian sandbox main\n`);
    await writeFile(join(apt, "apt.conf"), [
      `Dir::Etc::sourcelist "${apt}/sources.list";`, `Dir::Etc::sourceparts "${apt}/none";`,
      `Dir::State::lists "${apt}/lists";`, `Dir::Cache "${apt}/cache";`,
      `Dir::State::status "${apt}/none";`, `APT::Architecture "i386";`, `APT::Architectures { "i386"; };`,
      `Debug::NoLocking "true";`, `APT::Sandbox::User "root";`, `Acquire::Languages "none";`,
    ].join("\n"));
    const options = { cwd: apt, env: { ...process.env, APT_CONFIG: join(apt, "apt.conf") } };
    expect((await run("apt-get", ["update"], options)).stdout).toMatch(/^Get:\d+ .* sandbox Release/m);
    expect((await run("apt-get", ["update"], options)).stdout).toMatch(/^Hit:\d+ .* sandbox Release/m);
    await run("apt-get", ["download", "hello"], options);
    const failed = await run("apt-get", ["download", "mariadb-server"], options).then(() => null, (e: { stderr: string }) => e);
    expect(failed?.stderr).toMatch(/E: Failed to fetch http:.*mariadb-server_11\.8_i386\.deb {2}404 {2}Not in this sandbox's offline mirror/);
  }, 20_000);
});
