#!/usr/bin/env python3
"""Prints the current Debian version of each SUITE:PACKAGE (i386), from Packages indexes
cached in INDEX_DIR for a few hours, so the guest's cache key follows package updates.

Debian's mirrors are sometimes mid-sync: a Packages.xz that disagrees with the suite's Release
file. Each download is checked against Release, retried with a back-off, and when the mirror
stays out of sync the index fetched before is used (with a warning) instead of failing."""
import hashlib, lzma, os, sys, time, urllib.request

MAX_AGE_S = 6 * 3600
TRIES = 3
WAIT_S = float(os.environ.get("RETRY_WAIT_S", "20"))
INDEX = "main/binary-i386/Packages.xz"

def fetch(url):
    with urllib.request.urlopen(url, timeout=120) as r:
        return r.read()

def expected(release):
    """(size, sha256) of INDEX as the Release file lists it."""
    section = None
    for line in release.decode("utf-8", "replace").splitlines():
        if not line.startswith(" "):
            section = line.rstrip(":")
        elif section == "SHA256":
            digest, size, name = line.split()
            if name == INDEX:
                return int(size), digest
    raise ValueError(f"the Release file does not list {INDEX}")

def download(mirror, suite):
    """The suite's decompressed index, as its Release file describes it."""
    base = f"{mirror}/dists/{suite}"
    size, digest = expected(fetch(f"{base}/Release"))
    data = fetch(f"{base}/{INDEX}")
    if len(data) != size or hashlib.sha256(data).hexdigest() != digest:
        raise ValueError(f"{base}/{INDEX} has {len(data)} bytes and does not match its Release file "
                         f"({size} bytes): mirror sync in progress?")
    return lzma.decompress(data)

def refreshed(path, mirror, suite):
    for attempt in range(1, TRIES + 1):
        try:
            return download(mirror, suite)
        except (OSError, ValueError, lzma.LZMAError) as error:
            print(f"package-versions: {suite}: {error} (attempt {attempt} of {TRIES})", file=sys.stderr)
            if attempt < TRIES:
                time.sleep(attempt * WAIT_S)
    if os.path.exists(path):
        print(f"package-versions: {suite}: keeping the index fetched before", file=sys.stderr)
        return None
    sys.exit(f"package-versions: could not fetch {mirror}/dists/{suite}/{INDEX}; the mirror may be "
             "mid-sync: run the build again in a few minutes, or set DEBIAN_MIRROR to another Debian mirror")

def index(cache, mirror, suite):
    path = os.path.join(cache, f"{suite}-i386-Packages")
    if not os.path.exists(path) or time.time() - os.path.getmtime(path) > MAX_AGE_S:
        os.makedirs(cache, exist_ok=True)
        data = refreshed(path, mirror, suite)
        if data is not None:
            with open(path + ".tmp", "wb") as f:
                f.write(data)
            os.replace(path + ".tmp", path)
    versions = {}
    name = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("Package: "):
                name = line[9:].strip()
            elif line.startswith("Version: ") and name:
                versions[name] = line[9:].strip()
    return versions

def main():
    cache, mirror, *wanted = sys.argv[1:]
    loaded = {}
    for item in wanted:
        suite, pkg = item.split(":", 1)
        if suite not in loaded:
            loaded[suite] = index(cache, mirror, suite)
        version = loaded[suite].get(pkg)
        if version is None:
            sys.exit(f"package-versions: {pkg} not found in {suite} (i386)")
        print(f"{pkg} {version} ({suite})")

main()
