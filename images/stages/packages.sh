#!/usr/bin/env bash
# The files of the machine's offline package world, served inside it (sandbox-init starts the
# servers, images/rootfs/usr/local/sbin/sandbox-package-mirror):
#  - a Debian mirror: Debian's own signed InRelease and full i386 indexes of the suites the debian
#    image names, and only the .deb files the packages tutorials install need, resolved by apt
#    against those very indexes from the images' own package status;
#  - a PyPI stand-in: wheels made from Debian's python3-* packages (lib/python-wheels.py);
#  - the image list, for the message a missing image gets.
# Needs the debian-archive stage (work/archive), the images stage (work/images/<name>) and the TLS stage (work/tls).
set -euo pipefail
work=$1 mirror=$2
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/lib/retry.sh"
. "$here/lib/fetch.sh"
security=${mirror%/debian}/debian-security
out="$work/root/var/lib/sandbox-packages"
# What tutorials install with apt-get, and what pip installs from the local index.
apt_packages="python3 python3-pip python3-venv curl wget ca-certificates git vim-tiny vim nano less procps
  iproute2 iputils-ping net-tools dnsutils bind9-dnsutils jq unzip zip tree netcat-openbsd"
pip_packages="python3-flask python3-requests python3-redis python3-gunicorn python3-dotenv"

rm -rf "$out"; mkdir -p "$(dirname "$out")"
cp -al "$work/archive" "$out"
rm "$out/suites"

# apt in a copy of an image resolves what installing PACKAGES there needs, from the indexes above
# (signatures checked, as in the learner's container): apt's --print-uris lines.
resolve() {
  local image=$1; shift
  local tree="$work/resolve"
  rm -rf "$tree"; cp -a "$work/images/$image" "$tree"
  mkdir -p "$tree/mirror"
  mount --bind "$out" "$tree/mirror"
  rm -f "$tree/etc/apt/sources.list.d/"* "$tree/etc/apt/sources.list"
  sed 's#^\([^ ]*\) \(.*\)#deb file:/mirror/\1 \2 main#' "$work/archive/suites" > "$tree/etc/apt/sources.list"
  local status=0
  { chroot "$tree" apt-get update -qq >/dev/null &&
    chroot "$tree" apt-get install -y -qq --print-uris --no-install-recommends "$@"; } || status=$?
  umount "$tree/mirror"
  rm -rf "$tree"
  return "$status"
}
# "PATH SHA256" (PATH under the mirror, unescaped) of each .deb in apt's --print-uris lines. The
# hash comes from the index apt chose the .deb from: --print-uris gives the legacy MD5Sum, which
# Debian's security archive no longer lists (its lines then carry no hash at all).
uris() {
  python3 -c 'import glob, lzma, os, sys, urllib.parse
out = sys.argv[1]
sha256 = {}
for index in glob.glob(os.path.join(out, "*", "dists", "*", "main", "binary-i386", "Packages.xz")):
    archive = os.path.relpath(index, out).split(os.sep)[0]
    for stanza in lzma.open(index, "rt", encoding="utf-8").read().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in stanza.splitlines() if ": " in line and not line.startswith(" "))
        if "Filename" in fields and "SHA256" in fields:
            sha256[archive + "/" + fields["Filename"]] = fields["SHA256"]
for line in sys.stdin:
    f = line.split()
    if len(f) >= 3 and f[0].startswith("\x27file:/mirror/"):
        path = urllib.parse.unquote(f[0].strip("\x27")[len("file:/mirror/"):])
        if path not in sha256: sys.exit("packages: apt chose " + path + ", which no index of the mirror lists")
        print(path, sha256[path])' "$out"
}

{ resolve debian $apt_packages; resolve python $apt_packages; } | uris | sort -u > "$work/apt-debs.txt"
[ -s "$work/apt-debs.txt" ] || { echo "packages: apt resolved nothing for: $apt_packages" >&2; exit 1; }
while read -r path sum; do
  base=${path%%/*}
  if [ "$base" = debian-security ]; then url="$security/${path#*/}"; else url="$mirror/${path#*/}"; fi
  fetch "$url" "$out/$path" "$sum"
done < "$work/apt-debs.txt"
# For the message a missing .deb gets: the packages the mirror has.
sed 's#.*/##; s/_.*//' "$work/apt-debs.txt" | sort -u > "$out/debian/packages.txt"
echo "packages: $(wc -l < "$work/apt-debs.txt") .deb files, $(du -sm "$out" | cut -f1) MB with the indexes"

# The wheels: every python3-* package the chosen ones need (in the debian image, which has no Python).
debs="$work/wheel-debs"; rm -rf "$debs"; mkdir -p "$debs"
resolve debian $pip_packages | uris | while read -r path sum; do
  case "${path##*/}" in python3-*)
    if [ -f "$out/$path" ]; then cp "$out/$path" "$debs/"
    else
      if [ "${path%%/*}" = debian-security ]; then url="$security/${path#*/}"; else url="$mirror/${path#*/}"; fi
      fetch "$url" "$debs/${path##*/}" "$sum"
    fi ;;
  esac
done
python3 "$here/lib/python-wheels.py" "$debs" "$out/pypi"
rm -rf "$debs"

python3 -c 'import json, sys
for image in json.load(open(sys.argv[1])):
    for tag in image["tags"]: print(image["name"] + ":" + tag)' "$work/images.json" > "$out/images.txt"

mkdir -p "$work/root/etc/sandbox/tls"
cp "$work/tls/server.pem" "$work/root/etc/sandbox/tls/server.pem"
chmod 600 "$work/root/etc/sandbox/tls/server.pem"
