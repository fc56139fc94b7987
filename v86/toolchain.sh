#!/usr/bin/env bash
# Makes (once) a Debian trixie chroot with what building v86 needs: bookworm's rustc is 1.63 and
# v86 wants >= 1.67 with the wasm32 standard library, which trixie packages (rustc 1.85, clang
# and lld 19), and gcc-multilib for the upstream tests build.sh runs; also qemu-user, which runs the
# guest build's i386 programs on hosts that run only 64-bit ones (images/lib/i386-programs.sh).
# Prints the chroot's path. Cached under $cache_root/toolchain/<key>; the key is this file, so a
# changed package list makes a new chroot.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache_root=${SANDBOX_CACHE:-$HOME/.cache/docker-sandbox}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
packages="rustc cargo libstd-rust-dev-wasm32 clang lld make nodejs python3 gcc-multilib qemu-user"

key=$(sha256sum "$here/toolchain.sh" | cut -c1-16)
root="$cache_root/toolchain/v86-trixie-$key"
if [ -f "$root/.ready" ]; then echo "$root"; exit 0; fi

. "$here/../images/lib/retry.sh"

tmp="$root.tmp"
log="$cache_root/toolchain/debootstrap.log"
mkdir -p "$cache_root/toolchain"
bootstrap() { # a suite name that currently means trixie; 'stable' is the fallback while trixie's index syncs
  rm -rf "$tmp"
  debootstrap --variant=minbase "$1" "$tmp" "$mirror" > "$log" 2>&1 || { tail -3 "$log" >&2; return 1; }
}
{ retry 2 bootstrap trixie || retry 2 bootstrap stable; } || {
  echo "v86 toolchain: debootstrap of trixie from $mirror failed (log: $log). Check the mirror (DEBIAN_MIRROR) and run again." >&2
  exit 1
}
echo 'APT::Install-Recommends "false";' > "$tmp/etc/apt/apt.conf.d/90sandbox"
echo 'Acquire::Retries "5";' >> "$tmp/etc/apt/apt.conf.d/90sandbox"
mount -t proc proc "$tmp/proc"
trap 'umount "$tmp/proc" 2>/dev/null || true' EXIT
apt_update chroot "$tmp" >&2
retry 3 chroot "$tmp" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $packages >&2 || { echo "v86 toolchain: apt-get install $packages in the trixie chroot failed; run again when $mirror has synced" >&2; exit 1; }
chroot "$tmp" apt-get clean
umount "$tmp/proc"; trap - EXIT
rm -rf "$root"; mv "$tmp" "$root"; touch "$root/.ready"
# Older toolchains only fill the disk.
find "$cache_root/toolchain" -mindepth 1 -maxdepth 1 -name 'v86-trixie-*' ! -name "v86-trixie-$key" -exec rm -rf {} +
echo "$root"
