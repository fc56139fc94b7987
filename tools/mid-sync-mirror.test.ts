// The guest build's fetches against a Debian mirror caught mid-sync: an index whose bytes disagree
// with the suite's Release file, served once (then the mirror has synced) or every time. A local
// mirror on loopback plays the part; the build's own scripts and the real apt-get do the fetching.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const SUITE = "testing-sync";
const PACKAGES = "Package: docker-buildx\nVersion: 0.29.1+ds1-4\nArchitecture: i386\n\n";

interface Mirror { url: string; server: Server; badFetches: number }

async function xz(data: string): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), "xz-"));
  await writeFile(join(dir, "Packages"), data);
  await run("xz", ["-k", join(dir, "Packages")]);
  const out = await readFile(join(dir, "Packages.xz"));
  await rm(dir, { recursive: true });
  return out;
}

function releaseFile(files: Record<string, Buffer>): string {
  const lines = Object.entries(files).map(([name, body]) =>
    ` ${createHash("sha256").update(body).digest("hex")} ${body.length} ${name}`);
  return `Origin: test\nSuite: ${SUITE}\nCodename: ${SUITE}\nDate: ${new Date().toUTCString()}\nArchitectures: i386\nComponents: main\nSHA256:\n${lines.join("\n")}\n`;
}

/** A mirror whose index files are out of sync with Release for the first `badFetches` requests. */
async function startMirror(badFetches: number): Promise<Mirror> {
  const files = {
    "main/binary-i386/Packages": Buffer.from(PACKAGES),
    "main/binary-i386/Packages.xz": await xz(PACKAGES),
  };
  const release = releaseFile(files);
  const mirror: Mirror = { url: "", server: createServer(), badFetches };
  mirror.server.on("request", (req, res) => {
    const path = decodeURIComponent(req.url ?? "").replace(/^\/debian\/dists\/[^/]+\//, "");
    if (path === "Release") return void res.end(release);
    const body = files[path as keyof typeof files];
    if (!body) return void res.writeHead(404).end();
    // Mid-sync: the new index is half there while Release still describes it whole.
    if (mirror.badFetches > 0) {
      mirror.badFetches--;
      return void res.end(body.subarray(0, body.length >> 1));
    }
    res.end(body);
  });
  await new Promise<void>((resolve) => mirror.server.listen(0, "127.0.0.1", resolve));
  const { port } = mirror.server.address() as { port: number };
  mirror.url = `http://127.0.0.1:${port}/debian`;
  return mirror;
}

const env = { ...process.env, RETRY_WAIT_S: "1" };
let dir: string;
const mirrors: Mirror[] = [];
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), "mid-sync-")); });
afterAll(async () => {
  for (const m of mirrors) m.server.close();
  await rm(dir, { recursive: true, force: true });
});
async function mirror(badFetches: number) {
  const m = await startMirror(badFetches);
  mirrors.push(m);
  return m;
}

// Each retry waits RETRY_WAIT_S × attempt: a few seconds per test, more on a loaded machine.
describe("package-versions.py (the guest's cache key)", { timeout: 30_000 }, () => {
  const versions = (cache: string, url: string) =>
    run("python3", ["images/lib/package-versions.py", cache, url, `${SUITE}:docker-buildx`], { env });

  it("refuses an index that disagrees with Release and gets it again", async () => {
    const m = await mirror(1);
    const { stdout, stderr } = await versions(join(dir, "a"), m.url);
    expect(stdout).toBe(`docker-buildx 0.29.1+ds1-4 (${SUITE})\n`);
    expect(stderr).toMatch(/does not match its Release file .*mirror sync in progress\?/);
    expect(m.badFetches).toBe(0);
  });

  it("keeps the index fetched before when the mirror stays out of sync", async () => {
    const cache = join(dir, "b");
    await versions(cache, (await mirror(0)).url);
    const stale = new Date(Date.now() - 7 * 3600_000);
    await run("touch", ["-d", stale.toISOString(), join(cache, `${SUITE}-i386-Packages`)]);
    const { stdout, stderr } = await versions(cache, (await mirror(99)).url);
    expect(stdout).toContain("docker-buildx 0.29.1+ds1-4");
    expect(stderr).toContain("keeping the index fetched before");
  });

  it("without an earlier index, fails naming the URL and what to do", async () => {
    const m = await mirror(99);
    const failed = await versions(join(dir, "c"), m.url).then(() => null, (e: { stderr: string; code: number }) => e);
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain(`${m.url}/dists/${SUITE}/main/binary-i386/Packages.xz`);
    expect(failed?.stderr).toMatch(/run the build again in a few minutes, or set DEBIAN_MIRROR/);
  });
});

describe("apt_update (retry.sh), as the build stages run it", () => {
  it("recovers when apt-get update meets a mirror mid-sync", async () => {
    const m = await mirror(1);
    const apt = join(dir, "apt");
    const config = join(apt, "apt.conf");
    await run("mkdir", ["-p", `${apt}/lists/partial`, `${apt}/cache/archives/partial`]);
    await writeFile(join(apt, "sources.list"), `deb [trusted=yes arch=i386] ${m.url} ${SUITE} main\n`);
    await writeFile(config, [
      `Dir::Etc::sourcelist "${apt}/sources.list";`, `Dir::Etc::sourceparts "${apt}/none";`,
      `Dir::State::lists "${apt}/lists";`, `Dir::Cache "${apt}/cache";`,
      `Dir::State::status "${apt}/none";`, `APT::Architecture "i386";`, `APT::Architectures { "i386"; };`,
      `Debug::NoLocking "true";`, `APT::Sandbox::User "root";`, `Acquire::Languages "none";`,
    ].join("\n"));
    const { stderr } = await run("bash", ["-c", '. images/lib/retry.sh && apt_update env APT_CONFIG="$1"', "-", config], { env });
    expect(stderr).toContain("failed (attempt 1 of 3)");
    expect(m.badFetches).toBe(0);
    const { stdout } = await run("apt-cache", ["show", "docker-buildx"], { env: { ...env, APT_CONFIG: config } });
    expect(stdout).toContain("Version: 0.29.1+ds1-4");
  }, 30_000);
});

describe("debian-archive.sh (the offline mirror's indexes)", { timeout: 30_000 }, () => {
  type Behaviour = "good" | "once-bad" | "missing";
  /** A mirror of trixie, trixie-updates and trixie-security whose by-hash indexes behave as told. */
  async function archiveMirror(behaviour: Record<string, Behaviour>): Promise<{ url: string; fetches: Map<string, number> }> {
    const index = await xz(PACKAGES);
    const inRelease = (suite: string) => releaseFile({ "main/binary-i386/Packages.xz": index }).replace(SUITE, suite).replace(SUITE, suite);
    const hash = createHash("sha256").update(index).digest("hex");
    const fetches = new Map<string, number>();
    const server = createServer((req, res) => {
      const m = /^\/(?:debian|debian-security)\/dists\/([^/]+)\/(.*)$/.exec(req.url ?? "");
      const [suite, path] = m ? [m[1]!, m[2]!] : ["", ""];
      if (path === "InRelease") return void res.end(inRelease(suite));
      if (path !== `main/binary-i386/by-hash/SHA256/${hash}`) return void res.writeHead(404).end();
      const n = (fetches.get(suite) ?? 0) + 1;
      fetches.set(suite, n);
      if (behaviour[suite] === "missing") return void res.writeHead(404).end();
      res.end(behaviour[suite] === "once-bad" && n === 1 ? index.subarray(0, index.length >> 1) : index);
    });
    mirrors.push({ url: "", server, badFetches: 0 });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/debian`, fetches };
  }
  const archive = (work: string, url: string) => run("bash", ["images/stages/debian-archive.sh", work, url], { env });

  it("retries an index caught mid-sync, and leaves out a suite the mirror cannot serve consistently", async () => {
    const m = await archiveMirror({ trixie: "good", "trixie-updates": "missing", "trixie-security": "once-bad" });
    const work = join(dir, "archive-a");
    const { stderr } = await archive(work, m.url);
    expect(await readFile(join(work, "archive/suites"), "utf8")).toBe("debian trixie\ndebian-security trixie-security\n");
    expect(stderr).toMatch(/WARNING: trixie-updates left out of the offline mirror/);
    expect(m.fetches.get("trixie-security")).toBe(2);
    const served = await readFile(join(work, "archive/debian-security/dists/trixie-security/main/binary-i386/Packages.xz"));
    expect(served.equals(await xz(PACKAGES))).toBe(true);
  });

  it("fails the stage when trixie itself cannot be had", async () => {
    const m = await archiveMirror({ trixie: "missing", "trixie-updates": "good", "trixie-security": "good" });
    const failed = await archive(join(dir, "archive-b"), m.url).then(() => null, (e: { stderr: string; code: number }) => e);
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/giving up on .*trixie\/main\/binary-i386\/by-hash.*run the build again in a few minutes/);
  });
});
