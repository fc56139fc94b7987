#!/usr/bin/env python3
"""Makes wheels from Debian's python3-* packages and a PEP 503 "simple" index of them, so
`pip install flask` in a container finds the same upstream code offline.

usage: python-wheels.py DEBS_DIR OUT_DIR
  OUT_DIR/packages/<wheel>.whl          each deb's distribution (usr/lib/python3/dist-packages)
  OUT_DIR/simple/index.html             every project
  OUT_DIR/simple/<project>/index.html   its wheels, with sha256 and Requires-Python
  OUT_DIR/projects.txt                  "project version" lines, for the server's messages
The guest disk is cached by content: the same debs give byte-identical files."""
import base64, csv, email.parser, hashlib, html, io, os, re, shutil, subprocess, sys, tempfile, zipfile

DEBS, OUT = sys.argv[1], sys.argv[2]
SITE = "usr/lib/python3/dist-packages"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
PLATFORMS = {"i386": "linux_i686", "amd64": "linux_x86_64"}
# Debian's installer records, and what an egg-info holds that a wheel has no place for.
DROP = {"INSTALLER", "direct_url.json", "RECORD", "REQUESTED", "WHEEL", "PKG-INFO", "requires.txt",
        "SOURCES.txt", "dependency_links.txt", "not-zip-safe", "zip-safe", "installed-files.txt",
        "namespace_packages.txt"}

class Unwheelable(Exception):
    pass

def normalize(name):
    """PEP 503 project name."""
    return re.sub(r"[-_.]+", "-", name).lower()

def headers(text):
    return email.parser.HeaderParser().parsestr(text, headersonly=True)

def requires_dist(requires_txt):
    """requires.txt (setuptools' egg-info) as Requires-Dist and Provides-Extra lines."""
    lines, extras, extra, marker = [], [], "", ""
    for raw in requires_txt.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            extra, _, marker = line[1:-1].partition(":")
            if extra and extra not in extras:
                extras.append(extra)
            continue
        req, _, own = line.partition(";")
        conditions = [f"({c.strip()})" for c in (own, marker) if c.strip()]
        if extra:
            conditions.append(f'extra == "{extra}"')
        if len(conditions) == 1 and not extra:
            conditions = [conditions[0][1:-1]]
        lines.append(f"Requires-Dist: {req.strip()}" + (f"; {' and '.join(conditions)}" if conditions else ""))
    return [f"Provides-Extra: {e}" for e in extras] + lines

def egg_metadata(pkg_info, requires_txt):
    """PKG-INFO with the requirements setuptools kept beside it, as a dist-info METADATA."""
    head, sep, body = pkg_info.partition("\n\n")
    added = [] if requires_txt is None or headers(pkg_info).get_all("Requires-Dist") else requires_dist(requires_txt)
    if not added:
        return pkg_info
    # Requires-Dist and Provides-Extra need Metadata-Version 2.1.
    head = re.sub(r"^Metadata-Version: (1\.\d|2\.0)$", "Metadata-Version: 2.1", head, count=1, flags=re.M)
    return head.rstrip("\n") + "\n" + "\n".join(added) + "\n" + ("\n" + body if sep else "")

def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()

def content(root, path):
    """A file's bytes; a symlink must point at a file of the same deb (Debian links shared
    assets to other packages, which the wheel would not have)."""
    if os.path.islink(path):
        target = os.readlink(path)
        target = os.path.join(root, target.lstrip("/")) if target.startswith("/") else os.path.join(os.path.dirname(path), target)
        if not os.path.isfile(target) or os.path.islink(target):
            raise Unwheelable(f"{os.path.relpath(path, root)} links to {os.readlink(path)}, which this deb does not hold")
        path = target
    with open(path, "rb") as f:
        return f.read()

def wheel_tag(files, deb):
    """py3-none-any, or the interpreter and ABI that the extension modules were built for."""
    sos = [f for f in files if f.endswith(".so")]
    if not sos:
        return "py3", "none", "any"
    arch = deb_field(deb, "Architecture")
    if arch not in PLATFORMS:
        raise Unwheelable(f"has extension modules for architecture {arch}, which has no wheel platform here")
    cpython = [m.groups() for m in (re.search(r"\.cpython-(\d)(\d+)([a-z]*)-[^.]+\.so$", f) for f in sos) if m]
    if cpython:
        # One deb can carry modules for several Pythons (during a Debian transition): a tag set.
        return (".".join(sorted({f"cp{major}{minor}" for major, minor, _ in cpython})),
                ".".join(sorted({f"cp{major}{minor}{flags}" for major, minor, flags in cpython})), PLATFORMS[arch])
    if any(f.endswith(".abi3.so") for f in sos):
        # The oldest Python the deb was built for; abi3 modules load in every later one.
        m = re.search(r"python3 \(>= 3\.(\d+)", deb_field(deb, "Depends"))
        return f"cp3{m.group(1) if m else 2}", "abi3", PLATFORMS[arch]
    return "py3", "none", PLATFORMS[arch]

def deb_field(deb, field):
    return subprocess.run(["dpkg-deb", "-f", deb, field], check=True, capture_output=True, text=True).stdout.strip()

def record_hash(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()

def add(zf, name, data, executable=False):
    info = zipfile.ZipInfo(name, ZIP_TIME)
    info.external_attr = (0o100755 if executable else 0o100644) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data)

def make_wheel(deb, tmp):
    """(project name, version, Requires-Python, wheel file name, wheel bytes), or None when the
    deb holds no Python distribution."""
    root = os.path.join(tmp, "root")
    subprocess.run(["dpkg-deb", "-x", deb, root], check=True)
    site = os.path.join(root, SITE)
    infos = sorted(e for e in os.listdir(site) if e.endswith((".dist-info", ".egg-info"))) if os.path.isdir(site) else []
    if not infos:
        return None
    if len(infos) > 1:
        raise Unwheelable(f"holds several distributions ({', '.join(infos)}); which files belong to which is not known")
    info = os.path.join(site, infos[0])
    if infos[0].endswith(".dist-info"):
        metadata = read(os.path.join(info, "METADATA"))
    elif os.path.isdir(info):
        requires = os.path.join(info, "requires.txt")
        metadata = egg_metadata(read(os.path.join(info, "PKG-INFO")), read(requires) if os.path.exists(requires) else None)
    else:
        metadata = read(info)   # distutils wrote an egg-info as a single PKG-INFO file
    meta = headers(metadata)
    name, version = meta.get("Name"), meta.get("Version")
    if not name or not version:
        raise Unwheelable(f"{infos[0]} lacks a Name or a Version")
    escaped = f"{re.sub(r'[-_.]+', '_', name).lower()}-{version.replace('-', '_')}"
    dist_info = escaped + ".dist-info"
    files = {}   # path in the wheel -> (bytes, executable)
    for dirpath, dirnames, filenames in os.walk(site):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for d in dirnames:
            if os.path.islink(os.path.join(dirpath, d)):
                raise Unwheelable(f"{os.path.relpath(os.path.join(dirpath, d), root)} is a directory link")
        rel = os.path.relpath(dirpath, site)
        in_info = rel == infos[0] or rel.startswith(infos[0] + os.sep)
        for f in sorted(filenames):
            full = os.path.join(dirpath, f)
            if f.endswith(".pyc") or (rel == infos[0] and f in DROP) or full == info:
                continue
            path = os.path.normpath(os.path.join(rel, f)).replace(os.sep, "/")
            if in_info:
                path = dist_info + path[len(infos[0]):]
            files[path] = (content(root, full), bool(os.stat(full).st_mode & 0o111))
    interpreter, abi, platform = wheel_tag(files, deb)
    tags = [f"{i}-{a}-{platform}" for i in interpreter.split(".") for a in abi.split(".")]
    files[f"{dist_info}/METADATA"] = (metadata.encode(), False)
    wheel = ("Wheel-Version: 1.0\nGenerator: docker-sandbox python-wheels.py\n"
             f"Root-Is-Purelib: {'true' if platform == 'any' else 'false'}\n" + "".join(f"Tag: {t}\n" for t in tags))
    files[f"{dist_info}/WHEEL"] = (wheel.encode(), False)
    # Modules first, dist-info last, RECORD at the very end: the order installers expect.
    order = sorted(files, key=lambda p: (p.startswith(dist_info + "/"), p))
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    for path in order:
        writer.writerow([path, record_hash(files[path][0]), len(files[path][0])])
    writer.writerow([f"{dist_info}/RECORD", "", ""])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for path in order:
            add(zf, path, *files[path])
        add(zf, f"{dist_info}/RECORD", record.getvalue().encode())
    return name, version, meta.get("Requires-Python"), f"{escaped}-{interpreter}-{abi}-{platform}.whl", buf.getvalue()

def page(title, links):
    return ("<!DOCTYPE html>\n<html>\n<head>\n<meta name=\"pypi:repository-version\" content=\"1.0\">\n"
            f"<title>{html.escape(title)}</title>\n</head>\n<body>\n" + "".join(f"{l}<br>\n" for l in links)
            + "</body>\n</html>\n")

def main():
    for rel in ["packages", "simple", "projects.txt"]:
        path = os.path.join(OUT, rel)
        if os.path.isdir(path):
            shutil.rmtree(path)
        elif os.path.exists(path):
            os.unlink(path)
    os.makedirs(os.path.join(OUT, "packages"))
    os.makedirs(os.path.join(OUT, "simple"))
    projects = {}   # normalized name -> (version, deb)
    for deb in sorted(f for f in os.listdir(DEBS) if f.endswith(".deb")):
        with tempfile.TemporaryDirectory() as tmp:
            try:
                made = make_wheel(os.path.join(DEBS, deb), tmp)
            except (Unwheelable, OSError, UnicodeDecodeError, subprocess.CalledProcessError) as e:
                raise SystemExit(f"python-wheels: cannot make a wheel of {deb}: {e}")
        if made is None:
            print(f"python-wheels: {deb} holds no Python distribution under {SITE}; skipped", file=sys.stderr)
            continue
        name, version, requires_python, filename, data = made
        project = normalize(name)
        if project in projects:
            raise SystemExit(f"python-wheels: {deb} holds {name}, which {projects[project][1]} holds too")
        with open(os.path.join(OUT, "packages", filename), "wb") as f:
            f.write(data)
        projects[project] = (version, deb)
        links = [f'<a href="../../packages/{html.escape(filename)}#sha256={hashlib.sha256(data).hexdigest()}"'
                 + (f' data-requires-python="{html.escape(requires_python)}"' if requires_python else "")
                 + f">{html.escape(filename)}</a>"]
        os.makedirs(os.path.join(OUT, "simple", project))
        with open(os.path.join(OUT, "simple", project, "index.html"), "w") as f:
            f.write(page(f"Links for {project}", links))
        print(f"python-wheels: {filename}")
    with open(os.path.join(OUT, "simple", "index.html"), "w") as f:
        f.write(page("Simple index", [f'<a href="{p}/">{p}</a>' for p in sorted(projects)]))
    with open(os.path.join(OUT, "projects.txt"), "w") as f:
        f.write("".join(f"{p} {projects[p][0]}\n" for p in sorted(projects)))

main()
