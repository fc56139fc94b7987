#!/usr/bin/env bash
# Debian trixie i386 minbase: the guest's userland and the debian:trixie-slim image start here.
set -euo pipefail
work=$1 mirror=$2
. "$(dirname "$0")/../lib/retry.sh"
bootstrap() {
  rm -rf "$work/base"
  debootstrap --arch=i386 --variant=minbase "$1" "$work/base" "$mirror" > "$work/debootstrap.log" 2>&1 && return 0
  echo "base: debootstrap of $1 from $mirror failed (last lines of its log):" >&2
  tail -3 "$work/debootstrap.log" >&2
  return 1
}
# Mirrors can serve a trixie index that disagrees with its Release file while a point release
# is published; the same packages are reachable as "stable".
for suite in trixie stable; do
  if retry 2 bootstrap "$suite"; then
    codename=$(. "$work/base/etc/os-release" && echo "$VERSION_CODENAME")
    [ "$codename" = trixie ] || { echo "base: suite $suite is $codename, not trixie" >&2; exit 1; }
    echo "$suite" > "$work/base-suite"
    exit 0
  fi
done
rm -rf "$work/base"
exit 1
