#!/usr/bin/env python3
"""Prints the current Debian version of each SUITE:PACKAGE (i386), from Packages indexes
cached in INDEX_DIR for a few hours, so the guest's cache key follows package updates."""
import lzma, os, sys, time, urllib.request

MAX_AGE_S = 6 * 3600

def index(cache, mirror, suite):
    path = os.path.join(cache, f"{suite}-i386-Packages")
    if not os.path.exists(path) or time.time() - os.path.getmtime(path) > MAX_AGE_S:
        os.makedirs(cache, exist_ok=True)
        url = f"{mirror}/dists/{suite}/main/binary-i386/Packages.xz"
        with urllib.request.urlopen(url, timeout=120) as r:
            data = lzma.decompress(r.read())
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
