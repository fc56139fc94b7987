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
        conditions = [c.strip() for c in (own, marker) if c.strip()] + ([f'extra == "{extra}"'] if extra else [])
        joined = " and ".join(f"({c})" if len(conditions) > 1 else c for c in conditions)
        lines.append(f"Requires-Dist: {req.strip()}" + (f"; {joined}" if joined else ""))
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

def resolve(root, path):
    """Where a path of the deb leads: a link is followed within the deb; None when it leads out
    (Debian links headers and shared assets to other packages, which a wheel does not have)."""
    if not os.path.islink(path):
        return path
    target = os.readlink(path)
    real = os.path.realpath(os.path.join(root, target.lstrip("/")) if target.startswith("/")
                            else os.path.join(os.path.dirname(path), target))
    return real if real.startswith(root + os.sep) and os.path.exists(real) else None

def site_files(root, site, deb):
    """(path in the wheel, real path) of every file under site, without bytecode."""
    out = []
    def visit(rel, real):
        for entry in sorted(os.listdir(real)):
            path = resolve(root, os.path.join(real, entry))
            if path is None:
                print(f"python-wheels: {deb}: left out {rel}{entry}, a link to {os.readlink(os.path.join(real, entry))} "
                      "outside the deb", file=sys.stderr)
            elif os.path.isdir(path):
                if entry != "__pycache__":
                    visit(f"{rel}{entry}/", path)
            elif not entry.endswith(".pyc"):
                out.append((rel + entry, path))
    visit("", site)
    return out

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
    root = os.path.join(os.path.realpath(tmp), "root")
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
    for path, real in site_files(root, site, os.path.basename(deb)):
        if path == infos[0]:
            continue   # a single-file egg-info: read above as the metadata
        top, _, rest = path.partition("/")
        if top == infos[0]:
            if rest in DROP:
                continue
            path = f"{dist_info}/{rest}"
        with open(real, "rb") as f:
            files[path] = (f.read(), bool(os.stat(real).st_mode & 0o111))
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
