#!/usr/bin/env bash
# The indexes of the machine's offline Debian mirror (see packages.sh): Debian's own signed
# InRelease and i386 index of each suite the debian image names, fetched by hash (a by-hash file
# never changes, so it always matches the InRelease fetched just before). Writes work/archive/
# and work/archive/suites ("ARCHIVE SUITE" lines: what the debian image's sources name).
# A mirror mid-sync can serve an index that disagrees with its InRelease for hours: after retries,
# trixie-updates and trixie-security are left out (the image then names only what the machine
# can answer); trixie itself is required.
set -euo pipefail
work=$1 mirror=$2
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/lib/retry.sh"
. "$here/lib/fetch.sh"
security=${mirror%/debian}/debian-security
out="$work/archive"
rm -rf "$out"; mkdir -p "$out"

# suite URL ARCHIVE SUITE
suite() {
  local url=$1 archive=$2 name=$3 dists="$out/$2/dists/$3"
  fetch "$url/dists/$name/InRelease" "$dists/InRelease" || return 1
  local line sum size
  line=$(awk '/^SHA256:/{on=1; next} /^[^ ]/{on=0} on && $3 == "main/binary-i386/Packages.xz" {print $1, $2}' "$dists/InRelease")
  [ -n "$line" ] || { echo "debian-archive: $url/dists/$name/InRelease names no main/binary-i386/Packages.xz" >&2; return 1; }
  read -r sum size <<<"$line"
  local index="$dists/main/binary-i386"
  fetch "$url/dists/$name/main/binary-i386/by-hash/SHA256/$sum" "$index/by-hash/SHA256/$sum" "$sum" || return 1
  ln "$index/by-hash/SHA256/$sum" "$index/Packages.xz"
  echo "$archive $name" >> "$out/suites"
}
suite "$mirror" debian trixie
for spec in "$mirror debian trixie-updates" "$security debian-security trixie-security"; do
  set -- $spec
  suite "$@" || {
    rm -rf "$out/$2/dists/$3"
    echo "debian-archive: WARNING: $3 left out of the offline mirror and the debian image's sources: its index at $1 does not match its InRelease (mirror mid-sync?)" >&2
  }
done
