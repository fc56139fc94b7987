#!/usr/bin/env python3
"""Builds the course's container images from Debian i386 packages and writes them, as a
Docker Hub stand-in, into the guest's registry storage (distribution's filesystem layout).

usage: container-images.py WORK RECIPE_DIR
  WORK/base   debootstrap minbase tree (the debian image's content)
  WORK/root   guest root; gets var/lib/sandbox-mirror and etc/sandbox/preload
Each derived image is one layer on top of the debian layer: the difference between the
debian tree and a copy with the packages installed, deletions as whiteouts."""
import gzip, hashlib, io, json, os, re, shutil, stat, subprocess, sys, tarfile, time

WORK, RECIPES = sys.argv[1], sys.argv[2]
ROOT = os.path.join(WORK, "root")
IMG = os.path.join(WORK, "images")
MIRROR = os.path.join(ROOT, "var/lib/sandbox-mirror/docker/registry/v2")
CREATED = "2026-01-01T00:00:00Z"
SLIM_REMOVE = ["usr/share/doc", "usr/share/man", "usr/share/info", "usr/share/locale",
               "var/lib/apt/lists", "var/cache/apt", "var/cache/debconf"]

def sh(*args, **kw):
    subprocess.run(args, check=True, **kw)

def sh_retried(*args, tolerate=False, **kw):
    """Debian's mirrors are sometimes mid-sync; the same fetch works a minute later. With
    tolerate, a fetch that keeps failing goes on (apt-get update keeps the lists it had)."""
    for attempt in range(1, 4):
        if subprocess.run(args, **kw).returncode == 0:
            return
        if attempt < 3:
            print(f"container-images: {' '.join(args)} failed (attempt {attempt} of 3), retrying in {attempt * 20} s", file=sys.stderr)
            time.sleep(attempt * 20)
    if not tolerate:
        raise SystemExit(f"container-images: {' '.join(args)} failed 3 times; check the mirror and run again")
    print(f"container-images: {' '.join(args)} kept failing; going on with what apt has", file=sys.stderr)

def slim(tree):
    """What Docker's slim images leave out, and state that must not differ between layers."""
    for rel in SLIM_REMOVE:
        path = os.path.join(tree, rel)
        if os.path.isdir(path) and not os.path.islink(path):
            for entry in os.listdir(path):
                full = os.path.join(path, entry)
                if os.path.isdir(full) and not os.path.islink(full):
                    shutil.rmtree(full)
                else:
                    os.unlink(full)
    # Log files go, their folders and links stay: daemons expect /var/log/<name>/ to exist.
    for dirpath, _, filenames in os.walk(os.path.join(tree, "var/log")):
        for name in filenames:
            full = os.path.join(dirpath, name)
            if os.path.isfile(full) and not os.path.islink(full):
                os.unlink(full)
    for rel in ["var/cache/ldconfig/aux-cache"]:
        if os.path.exists(os.path.join(tree, rel)):
            os.unlink(os.path.join(tree, rel))

def walk(tree):
    """Relative paths of a tree, parents before children, sorted for reproducible layers."""
    out = []
    for dirpath, dirnames, filenames in os.walk(tree):
        dirnames.sort()
        rel = os.path.relpath(dirpath, tree)
        if rel != ".":
            out.append(rel)
        for name in sorted(filenames):
            out.append(os.path.normpath(os.path.join(rel, name)))
        # os.walk does not descend into symlinked dirs; they are listed in dirnames: keep them
        for name in list(dirnames):
            if os.path.islink(os.path.join(dirpath, name)):
                out.append(os.path.normpath(os.path.join(rel, name)))
                dirnames.remove(name)
    return out

def same(a, b):
    sa, sb = os.lstat(a), os.lstat(b)
    if stat.S_IFMT(sa.st_mode) != stat.S_IFMT(sb.st_mode) or sa.st_mode != sb.st_mode:
        return False
    if (sa.st_uid, sa.st_gid) != (sb.st_uid, sb.st_gid):
        return False
    if stat.S_ISLNK(sa.st_mode):
        return os.readlink(a) == os.readlink(b)
    if stat.S_ISREG(sa.st_mode):
        if sa.st_size != sb.st_size:
            return False
        with open(a, "rb") as fa, open(b, "rb") as fb:
            return fa.read() == fb.read()
    return True

def layer(tree, base=None):
    """Uncompressed layer tar of tree (or of its difference from base)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        paths = walk(tree)
        if base:
            present = set(paths)
            for rel in walk(base):
                parent = os.path.dirname(rel)
                if rel not in present and (parent == "" or parent in present) and not os.path.lexists(os.path.join(tree, rel)):
                    info = tarfile.TarInfo(os.path.join(parent, ".wh." + os.path.basename(rel)))
                    info.mtime = 0
                    tar.addfile(info, io.BytesIO(b""))
        for rel in paths:
            full = os.path.join(tree, rel)
            if base and os.path.lexists(os.path.join(base, rel)) and same(full, os.path.join(base, rel)):
                continue
            info = tar.gettarinfo(full, arcname=rel)
            info.uname = info.gname = ""
            if info.isreg():
                with open(full, "rb") as f:
                    tar.addfile(info, f)
            else:
                tar.addfile(info)
    return buf.getvalue()

def blob(data):
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    path = os.path.join(MIRROR, "blobs/sha256", digest[7:9], digest[7:], "data")
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    return digest

def link(path, digest):
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, "link"), "w") as f:
        f.write(digest)

# The official image's sources, answered inside the machine by its offline Debian mirror
# (images/stages/debian-archive.sh, which lists the suites it could fetch). Its snapshot is older
# than a week once a learner uses it: the suites' signatures are checked as usual, not their Valid-Until.
def debian_sources():
    suites = {}
    with open(os.path.join(WORK, "archive/suites")) as f:
        for line in f:
            archive, suite = line.split()
            suites.setdefault(archive, []).append(suite)
    return "\n".join(f"""Types: deb
URIs: http://deb.debian.org/{archive}
Suites: {' '.join(names)}
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
Check-Valid-Until: no
""" for archive, names in suites.items())

# As in the official slim image, no translations; unlike it, no recommended packages: each one
# is minutes of unpacking on the emulated CPU, and the mirror holds what tutorials' packages depend on.
APT_CONF = {
    "docker-no-languages": 'Acquire::Languages "none";\n',
    "docker-sandbox-no-recommends": 'APT::Install-Recommends "false";\n',
}

def debian_apt(tree):
    # As in the official image: dpkg skips its fsync()s, which a container's disk does not need
    # (an install of python3 takes 11 % less time on the emulated disk).
    with open(os.path.join(tree, "etc/dpkg/dpkg.cfg.d/docker-apt-speedup"), "w") as f:
        f.write("force-unsafe-io\n")
    os.unlink(os.path.join(tree, "etc/apt/sources.list"))
    with open(os.path.join(tree, "etc/apt/sources.list.d/debian.sources"), "w") as f:
        f.write(debian_sources())
    for name, text in APT_CONF.items():
        with open(os.path.join(tree, "etc/apt/apt.conf.d", name), "w") as f:
            f.write(text)

def chroot_install(tree, packages, run):
    sh("mount", "-t", "proc", "proc", os.path.join(tree, "proc"))
    try:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        sh_retried("chroot", tree, "apt-get", "update", "-q", tolerate=True, env=env)
        sh_retried("chroot", tree, "apt-get", "install", "-y", "-q", "--no-install-recommends", *packages, env=env)
        if run:
            sh("chroot", tree, "/bin/sh", "-c", run, env=env)
    finally:
        sh("umount", os.path.join(tree, "proc"))

def package_version(tree, package):
    out = subprocess.run(["chroot", tree, "dpkg-query", "-W", "-f=${Version}", package],
                         check=True, capture_output=True, text=True).stdout
    upstream = re.sub(r"^\d+:", "", out).split("-")[0].split("+")[0].split("~")[0]
    return upstream

def build_busybox(tree):
    debs = os.path.join(WORK, "debs")
    deb = next(f for f in os.listdir(debs) if f.startswith("busybox-static"))
    unpack = os.path.join(WORK, "busybox-deb")
    sh("dpkg-deb", "-x", os.path.join(debs, deb), unpack)
    os.makedirs(os.path.join(tree, "bin"))
    binary = next(p for p in ["usr/bin/busybox", "bin/busybox"] if os.path.exists(os.path.join(unpack, p)))
    shutil.copy2(os.path.join(unpack, binary), os.path.join(tree, "bin/busybox"))
    applets = subprocess.run([os.path.join(tree, "bin/busybox"), "--list-full"],
                             check=True, capture_output=True, text=True).stdout.split()
    for applet in applets:
        path = os.path.join(tree, applet)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if not os.path.lexists(path):
            os.symlink(os.path.relpath(os.path.join(tree, "bin/busybox"), os.path.dirname(path)), path)
    for d, mode in [("etc", 0o755), ("root", 0o700), ("tmp", 0o1777), ("home", 0o755), ("var/www", 0o755)]:
        os.makedirs(os.path.join(tree, d), exist_ok=True)
        os.chmod(os.path.join(tree, d), mode)
    with open(os.path.join(tree, "etc/passwd"), "w") as f:
        f.write("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n")
    with open(os.path.join(tree, "etc/group"), "w") as f:
        f.write("root:x:0:\nnogroup:x:65534:\n")
    ver = subprocess.run(["dpkg-deb", "-f", os.path.join(debs, deb), "Version"], check=True,
                         capture_output=True, text=True).stdout.strip()
    return re.sub(r"^\d+:", "", ver).split("-")[0]

def build_hello(tree):
    os.makedirs(tree)
    sh("gcc", "-m32", "-static", "-nostdlib", "-ffreestanding", "-fno-pie", "-no-pie", "-Os", "-s",
       "-o", os.path.join(tree, "hello"), os.path.join(RECIPES, "hello.c"))
    return None

def expand_tags(tags, version):
    out = []
    for tag in tags:
        if "{" in tag:
            if not version:
                sys.exit(f"container-images: tag {tag} needs a version")
            parts = version.split(".")
            tag = tag.format(version=version, major=parts[0], minor=parts[1] if len(parts) > 1 else "0")
        if tag not in out:
            out.append(tag)
    return out

def main():
    recipe = json.load(open(os.path.join(RECIPES, "images.json")))
    if os.path.exists(IMG):
        shutil.rmtree(IMG)
    os.makedirs(IMG)
    built = {}   # name -> (layers [(digest, size, diff_id, history)], tree)
    preload, listing = [], []
    for spec in recipe["images"]:
        name = spec["name"]
        tree = os.path.join(IMG, name)
        version = None
        if spec.get("build") == "debian":
            sh("cp", "-a", os.path.join(WORK, "base"), tree)
            debian_apt(tree)
            version = None
            history = "debootstrap --variant=minbase trixie (Debian i386 packages)"
        elif spec.get("build") == "busybox":
            version = build_busybox(tree)
            history = "busybox-static (Debian i386 package) with its applet links"
        elif spec.get("build") == "hello":
            build_hello(tree)
            history = "COPY hello / (a static i386 program)"
        else:
            parent = built[spec["from"]]
            sh("cp", "-a", parent["tree"], tree)
            chroot_install(tree, spec["packages"], spec.get("run"))
            version = package_version(tree, spec["version_of"])
            history = spec["history"]
        slim(tree)
        parent_layers = [] if spec["from"] == "scratch" else built[spec["from"]]["layers"]
        raw = layer(tree, None if spec["from"] == "scratch" else built[spec["from"]]["tree"])
        diff_id = "sha256:" + hashlib.sha256(raw).hexdigest()
        gz = gzip.compress(raw, compresslevel=6, mtime=0)
        layers = parent_layers + [{"digest": blob(gz), "size": len(gz), "diff_id": diff_id, "history": history}]
        built[name] = {"layers": layers, "tree": tree}
        config = {
            "architecture": "386", "os": "linux", "created": CREATED,
            "config": spec["config"],
            "rootfs": {"type": "layers", "diff_ids": [l["diff_id"] for l in layers]},
            "history": [{"created": CREATED, "created_by": l["history"]} for l in layers]
                       + [{"created": CREATED, "created_by": "config " + json.dumps(spec["config"], sort_keys=True), "empty_layer": True}],
        }
        config_bytes = json.dumps(config, sort_keys=True).encode()
        config_digest = blob(config_bytes)
        manifest = json.dumps({
            "schemaVersion": 2,
            "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": len(config_bytes), "digest": config_digest},
            "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": l["size"], "digest": l["digest"]} for l in layers],
        }, indent=3).encode()
        manifest_digest = blob(manifest)
        repo = os.path.join(MIRROR, "repositories/library", name)
        for d in [config_digest] + [l["digest"] for l in layers]:
            link(os.path.join(repo, "_layers/sha256", d[7:]), d)
        link(os.path.join(repo, "_manifests/revisions/sha256", manifest_digest[7:]), manifest_digest)
        tags = expand_tags(spec["tags"], version)
        preloaded = expand_tags(spec["preload"], version)
        unknown = set(preloaded) - set(tags)
        if unknown:
            sys.exit(f"container-images: {name}: preload names tags it does not have: {sorted(unknown)}")
        for tag in tags:
            link(os.path.join(repo, "_manifests/tags", tag, "current"), manifest_digest)
            link(os.path.join(repo, "_manifests/tags", tag, "index/sha256", manifest_digest[7:]), manifest_digest)
        preload.extend(f"{name}:{tag}" for tag in preloaded)
        listing.append({"name": name, "tags": tags, "preload": preloaded, "manifest": manifest_digest,
                        "bytes": sum(l["size"] for l in layers)})
        print(f"container-images: {name} {' '.join(tags)} ({sum(l['size'] for l in layers) // 1024} KiB compressed)")
    os.makedirs(os.path.join(ROOT, "etc/sandbox"), exist_ok=True)
    with open(os.path.join(ROOT, "etc/sandbox/preload"), "w") as f:
        f.write("\n".join(preload) + "\n")
    with open(os.path.join(WORK, "images.json"), "w") as f:
        json.dump(listing, f, indent=2)

main()
