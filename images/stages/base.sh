#!/usr/bin/env bash
# Debian trixie i386 minbase: the guest's userland and the debian:trixie-slim image start here.
set -euo pipefail
work=$1 mirror=$2
rm -rf "$work/base"
# Mirrors can serve a trixie index that disagrees with its Release file while a point release
# is published; the same packages are reachable as "stable".
for suite in trixie stable; do
  if debootstrap --arch=i386 --variant=minbase "$suite" "$work/base" "$mirror" > "$work/debootstrap.log" 2>&1; then
    codename=$(. "$work/base/etc/os-release" && echo "$VERSION_CODENAME")
    [ "$codename" = trixie ] || { echo "base: suite $suite is $codename, not trixie" >&2; exit 1; }
    echo "$suite" > "$work/base-suite"
    exit 0
  fi
  echo "base: debootstrap of $suite failed (last lines of its log):" >&2
  tail -3 "$work/debootstrap.log" >&2
  rm -rf "$work/base"
done
exit 1
