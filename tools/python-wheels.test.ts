// python-wheels.py on small debs built here: one pure-Python package (a dist-info with an entry
// point, links), one with an extension module (an egg-info), one with no Python in it. The wheels are
// read with a zip reader of our own, so the checks do not lean on Python's zipfile.
import { execFile, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { promisify } from "node:util";
import { inflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const SITE = "usr/lib/python3/dist-packages";
const PURE = "fake_pure-1.2.0-py3-none-any.whl";
const NATIVE = "fake_native-0.5-cp313-cp313-linux_i686.whl";

interface Entry { data: Buffer; mode: number; stamp: number }

/** The entries of a zip file, from its central directory. */
function unzip(zip: Buffer): Map<string, Entry> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  const entries = new Map<string, Entry>();
  for (let i = 0, at = zip.readUInt32LE(end + 16); i < count; i++) {
    const [method, size, nameLen] = [zip.readUInt16LE(at + 10), zip.readUInt32LE(at + 20), zip.readUInt16LE(at + 28)];
    const next = at + 46 + nameLen + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + size);
    entries.set(zip.toString("utf8", at + 46, at + 46 + nameLen),
                { data: method === 8 ? inflateRawSync(raw) : raw, mode: zip.readUInt32LE(at + 38) >>> 16, stamp: zip.readUInt32LE(at + 12) });
    at = next;
  }
  return entries;
}

const text = (entries: Map<string, Entry>, name: string) => entries.get(name)?.data.toString() ?? "";
const sha256 = (data: Buffer) => createHash("sha256").update(data).digest();

/** A .deb of `files` (path → content, or { link } for a symlink), built with dpkg-deb. */
async function deb(dir: string, pkg: string, arch: string, files: Record<string, string | { link: string }>, depends = "") {
  const tree = join(dir, `${pkg}-tree`);
  await mkdir(join(tree, "DEBIAN"), { recursive: true });
  await writeFile(join(tree, "DEBIAN/control"), `Package: ${pkg}\nVersion: 1.0-1\nArchitecture: ${arch}\n`
    + `Maintainer: Test <test@example.org>\n${depends ? `Depends: ${depends}\n` : ""}Description: test package\n`);
  for (const [path, body] of Object.entries(files)) {
    await mkdir(dirname(join(tree, path)), { recursive: true });
    if (typeof body === "string") await writeFile(join(tree, path), body);
    else await symlink(body.link, join(tree, path));
  }
  await run("dpkg-deb", ["--root-owner-group", "-b", tree, join(dir, `${pkg}_1.0-1_${arch}.deb`)]);
  await rm(tree, { recursive: true });
}

async function tree(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out.set(relative(dir, join(entry.parentPath, entry.name)), await readFile(join(entry.parentPath, entry.name)));
  }
  return out;
}

const wheels = (debs: string, out: string) => run("python3", ["images/lib/python-wheels.py", debs, out]);

let dir: string;
let stderr: string;
const pure = () => readFile(join(dir, "out", "packages", PURE)).then(unzip);
const native = () => readFile(join(dir, "out", "packages", NATIVE)).then(unzip);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "python-wheels-"));
  const debs = join(dir, "debs");
  await mkdir(debs);
  const info = `${SITE}/Fake_Pure-1.2.0.dist-info`;
  await deb(debs, "python3-fake-pure", "all", {
    "usr/bin/fake-pure": "#!/usr/bin/python3\n",
    [`${SITE}/fake_pure/__init__.py`]: "GREETING = 'hello from fake_pure'\n",
    [`${SITE}/fake_pure/cli.py`]: "def main():\n    print('fake-pure ran')\n",
    [`${SITE}/fake_pure/__pycache__/__init__.cpython-313.pyc`]: "stale bytecode",
    // Debian links data to elsewhere in the deb (followed) and assets to other packages (left out).
    "usr/share/fake-pure/data/words.txt": "hello\n",
    [`${SITE}/fake_pure/data`]: { link: "../../../../share/fake-pure/data" },
    [`${SITE}/fake_pure/jquery.js`]: { link: "/usr/share/javascript/jquery/jquery.js" },
    [`${info}/METADATA`]: "Metadata-Version: 2.1\nName: Fake.Pure\nVersion: 1.2.0\nRequires-Python: >=3.9\n"
      + "Requires-Dist: fake-native>=0.5\n\nA fake package.\n",
    [`${info}/entry_points.txt`]: "[console_scripts]\nfake-pure = fake_pure.cli:main\n",
    [`${info}/INSTALLER`]: "debian\n",
    [`${info}/RECORD`]: "stale,,\n",
    [`${info}/WHEEL`]: "Wheel-Version: 1.0\nTag: py3-none-any\n",
    [`${info}/direct_url.json`]: "{}\n",
  });
  const egg = `${SITE}/fake_native-0.5.egg-info`;
  await deb(debs, "python3-fake-native", "i386", {
    [`${SITE}/fake_native/__init__.py`]: "",
    [`${SITE}/fake_native/_speed.cpython-313-i386-linux-gnu.so`]: "\x7fELF not really",
    [`${egg}/PKG-INFO`]: "Metadata-Version: 1.1\nName: fake-native\nVersion: 0.5\nSummary: native\n\nBody text.\n",
    [`${egg}/requires.txt`]: 'six\n\n[speedups]\nfoo>=1\n\n[:sys_platform == "win32"]\ncolorama\n',
    [`${egg}/top_level.txt`]: "fake_native\n",
    [`${egg}/SOURCES.txt`]: "setup.py\n",
  }, "python3 (<< 3.14), python3 (>= 3.13~), libc6");
  await deb(debs, "fake-docs", "all", { "usr/share/doc/fake-docs/README": "no Python here\n" });
  ({ stderr } = await wheels(debs, join(dir, "out")));
}, 60_000);
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe("python-wheels.py (pip's index in the guest)", { timeout: 30_000 }, () => {
  it("names each wheel by its normalized project, version and tags", async () => {
    expect((await readdir(join(dir, "out", "packages"))).sort()).toEqual([NATIVE, PURE]);
    expect(await readFile(join(dir, "out", "projects.txt"), "utf8")).toBe("fake-native 0.5\nfake-pure 1.2.0\n");
    expect(text(await pure(), "fake_pure-1.2.0.dist-info/WHEEL")).toMatch(/Root-Is-Purelib: true\nTag: py3-none-any\n$/);
    expect(text(await native(), "fake_native-0.5.dist-info/WHEEL")).toMatch(/Root-Is-Purelib: false\nTag: cp313-cp313-linux_i686\n$/);
  });

  it("holds the modules and new dist-info files, not Debian's installer records or bytecode", async () => {
    expect([...(await pure()).keys()]).toEqual([
      "fake_pure/__init__.py", "fake_pure/cli.py", "fake_pure/data/words.txt", "fake_pure-1.2.0.dist-info/METADATA",
      "fake_pure-1.2.0.dist-info/WHEEL", "fake_pure-1.2.0.dist-info/entry_points.txt", "fake_pure-1.2.0.dist-info/RECORD",
    ]);
    expect(text(await pure(), "fake_pure-1.2.0.dist-info/entry_points.txt")).toContain("fake-pure = fake_pure.cli:main");
    expect(text(await pure(), "fake_pure-1.2.0.dist-info/METADATA")).toContain("Requires-Dist: fake-native>=0.5\n");
    expect([...(await native()).keys()]).toEqual([
      "fake_native/__init__.py", "fake_native/_speed.cpython-313-i386-linux-gnu.so", "fake_native-0.5.dist-info/METADATA",
      "fake_native-0.5.dist-info/WHEEL", "fake_native-0.5.dist-info/top_level.txt", "fake_native-0.5.dist-info/RECORD",
    ]);
  });

  it("turns an egg-info's requires.txt into Requires-Dist, extras and markers included", async () => {
    expect(text(await native(), "fake_native-0.5.dist-info/METADATA")).toBe(
      "Metadata-Version: 2.1\nName: fake-native\nVersion: 0.5\nSummary: native\nProvides-Extra: speedups\n"
      + 'Requires-Dist: six\nRequires-Dist: foo>=1; extra == "speedups"\nRequires-Dist: colorama; sys_platform == "win32"\n'
      + "\nBody text.\n");
  });

  it("records every entry's sha256 and size in RECORD", async () => {
    for (const entries of [await pure(), await native()]) {
      const recordName = [...entries.keys()].find((n) => n.endsWith(".dist-info/RECORD"))!;
      const lines = text(entries, recordName).trimEnd().split("\n");
      expect(lines.map((l) => l.split(",")[0])).toEqual([...entries.keys()]);
      expect(lines.at(-1)).toBe(`${recordName},,`);
      for (const line of lines.slice(0, -1)) {
        const [name, hash, size] = line.split(",");
        const data = entries.get(name)!.data;
        expect(hash).toBe(`sha256=${sha256(data).toString("base64url")}`);
        expect(Number(size)).toBe(data.length);
      }
    }
  });

  it("stores fixed times and modes, so the guest disk's content does not change between builds", async () => {
    // 1980-01-01 00:00:00 as a DOS time and date: the earliest a zip can hold.
    for (const entries of [await pure(), await native()]) {
      for (const { mode, stamp } of entries.values()) expect([mode, stamp]).toEqual([0o100644, 0x00210000]);
    }
  });

  it("writes a PEP 503 index whose links carry each wheel's sha256 and Requires-Python", async () => {
    const index = await readFile(join(dir, "out", "simple", "index.html"), "utf8");
    expect([...index.matchAll(/<a href="([^"]+)">/g)].map((m) => m[1])).toEqual(["fake-native/", "fake-pure/"]);
    const page = await readFile(join(dir, "out", "simple", "fake-pure", "index.html"), "utf8");
    const digest = sha256(await readFile(join(dir, "out", "packages", PURE))).toString("hex");
    expect(page).toContain(`<a href="../../packages/${PURE}#sha256=${digest}" data-requires-python="&gt;=3.9">${PURE}</a>`);
    const nativePage = await readFile(join(dir, "out", "simple", "fake-native", "index.html"), "utf8");
    expect(nativePage).toMatch(new RegExp(`<a href="../../packages/${NATIVE}#sha256=[0-9a-f]{64}">`));
  });

  it("skips a deb with no Python distribution, and a link out of the deb, saying so", () => {
    expect(stderr).toContain("fake-docs_1.0-1_all.deb holds no Python distribution");
    expect(stderr).toContain("python3-fake-pure_1.0-1_all.deb: left out fake_pure/jquery.js, a link to /usr/share/javascript/jquery/jquery.js");
  });

  it("gives the same bytes on a second run", async () => {
    await wheels(join(dir, "debs"), join(dir, "again"));
    const [first, second] = [await tree(join(dir, "out")), await tree(join(dir, "again"))];
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    for (const [path, data] of first) expect(second.get(path)?.equals(data), path).toBe(true);
  });

  it("fails naming the deb when it cannot tell the deb's files apart", async () => {
    const debs = join(dir, "broken");
    await mkdir(debs);
    await deb(debs, "python3-twins", "all", {
      [`${SITE}/one-1.0.dist-info/METADATA`]: "Metadata-Version: 2.1\nName: one\nVersion: 1.0\n",
      [`${SITE}/two-1.0.dist-info/METADATA`]: "Metadata-Version: 2.1\nName: two\nVersion: 1.0\n",
    });
    const failed = await wheels(debs, join(dir, "broken-out")).then(() => null, (e: { stderr: string; code: number }) => e);
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain("cannot make a wheel of python3-twins_1.0-1_all.deb: holds several distributions");
  });

  // The host's pip, if it has one, installs from the index as pip in a container would.
  const pip = spawnSync("python3", ["-m", "pip", "--version"]).status === 0;
  it.skipIf(!pip)("is installable by pip from the index, console script included", async () => {
    const target = join(dir, "site");
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("PIP_")));
    await run("python3", ["-m", "pip", "install", "-q", "--no-deps", "--disable-pip-version-check", "--target", target,
                          "--index-url", `file://${join(dir, "out", "simple")}`, "fake-pure"],
              { env: { ...env, PIP_CONFIG_FILE: "/dev/null" } });
    const script = join(target, "bin", "fake-pure");
    const { stdout } = await run("python3", ["-c", "import fake_pure; print(fake_pure.GREETING)"], { env: { ...env, PYTHONPATH: target } });
    expect(stdout).toBe("hello from fake_pure\n");
    expect((await run("python3", [script], { env: { ...env, PYTHONPATH: target } })).stdout).toBe("fake-pure ran\n");
  });
});
