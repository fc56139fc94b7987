#!/usr/bin/env bash
# Builds the guest the emulator runs: kernel, initramfs, chunked root disk with Docker and the
# course's images, a saved machine state and a manifest, into build/guest/.
# Outputs are cached under ~/.cache/docker-sandbox/guest/<key>; the key covers every input
# (this folder, the guest driver code, the v86 build and the Debian package versions),
# so a second run with nothing changed only links the cached result.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
cache_root=${SANDBOX_CACHE:-$HOME/.cache/docker-sandbox}
out_link="$top/build/guest"
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

"$here/install-host-deps.sh"
[ "$(id -u)" = 0 ] || { echo "build-guest: debootstrap and chroot need root" >&2; exit 1; }

# --- cache keys ----------------------------------------------------------------------------
# Two levels: the disk (kernel, initramfs, root disk with the course's images) does not depend on
# the emulator's build, the saved state does. A changed v86 patch re-saves the state (minutes),
# not the whole disk.
v86_key=$(bash "$top/v86/build.sh")
bash "$here/lib/i386-programs.sh"
key_packages="sid:docker.io sid:docker-cli sid:docker-buildx sid:containerd sid:crun sid:runc sid:docker-compose stable:docker-registry stable:python3 stable:nginx-light stable:redis-server stable:busybox-static bookworm:linux-image-686"
versions=$(python3 "$here/lib/package-versions.py" "$cache_root/indexes" "$mirror" $key_packages)
files_digest() { (cd "$top" && LC_ALL=C sort | xargs sha256sum); }
disk_key=$( {
  # How fetches are retried (retry.sh, package-versions.py) and how the host runs i386 programs
  # (i386-programs.sh) do not change what is built.
  (cd "$top" && find images -type f ! -path images/lib/retry.sh ! -path images/lib/package-versions.py ! -path images/lib/i386-programs.sh; printf '%s\n' src/guest/disk-index.ts \
      src/guest/node-machine.ts tools/provision.ts tools/chunk-disk.ts) | files_digest
  echo "$versions"
} | sha256sum | cut -c1-16)
key=$( {
  echo "$disk_key $v86_key"
  # The chunked disk carries the state's written sectors (the disk itself is built without it).
  printf '%s\n' src/guest/chunked-disk.ts src/guest/emulator.ts src/guest/guest-manifest.ts tools/save-state.ts tools/write-manifest.ts | files_digest
} | sha256sum | cut -c1-16)
final="$cache_root/guest/$key"
if [ -f "$final/manifest.json" ]; then
  mkdir -p "$top/build"; ln -sfn "$final" "$out_link"
  echo "build-guest: up to date ($key)"; exit 0
fi
disk_done="$cache_root/disk/$disk_key"
stage() { # stage NAME CMD...: run once per key, resumable after a failure
  local name=$1; shift
  [ -f "$work/$name.done" ] && return 0
  echo "== $name"; local t0=$SECONDS
  "$@" || {
    echo "build-guest: stage '$name' failed (its messages are above). If a download failed, Debian's mirror" \
      "may be mid-sync: run the build again in a few minutes (finished stages are kept), or set DEBIAN_MIRROR." >&2
    return 1
  }
  touch "$work/$name.done"; echo "== $name took $((SECONDS - t0)) s"
}

if [ ! -f "$disk_done/disk/index.json" ]; then
  echo "build-guest: building disk $disk_key"
  echo "$versions" | sed 's/^/  /'
  work="$cache_root/work/$disk_key"
  # Work folders of other keys are leftovers of interrupted builds of older recipes.
  find "$cache_root/work" -mindepth 1 -maxdepth 1 ! -name "$disk_key" -exec rm -rf {} + 2>/dev/null || true
  mkdir -p "$work"
  stage base "$here/stages/base.sh" "$work" "$mirror"
  stage tls "$here/stages/tls.sh" "$work"
  stage debian-archive "$here/stages/debian-archive.sh" "$work" "$mirror"
  stage rootfs "$here/stages/rootfs.sh" "$work" "$mirror"
  stage kernel "$here/stages/kernel.sh" "$work"
  stage images python3 "$here/lib/container-images.py" "$work" "$here/container-images"
  stage packages "$here/stages/packages.sh" "$work" "$mirror"
  stage disk "$here/stages/disk.sh" "$work"
  stage provision bash -c "cd '$top' && npx tsx tools/provision.ts '$work'"
  stage fit-disk "$here/stages/fit-disk.sh" "$work"
  stage chunks bash -c "cd '$top' && npx tsx tools/chunk-disk.ts '$work/disk.img' '$work/out/disk'"
  cp /usr/share/seabios/bios.bin "$work/out/bios.bin"
  cp /usr/share/seabios/vgabios-stdvga.bin "$work/out/vgabios.bin"
  cp "$work/images.json" "$work/out/images.json"
  rm -rf "$disk_done"; mkdir -p "$(dirname "$disk_done")"
  mv "$work/out" "$disk_done"
  rm -rf "$work"
  # Keep this disk and the one before it.
  ls -1dt "$cache_root"/disk/*/ | tail -n +3 | xargs -r rm -rf
fi

echo "build-guest: saving the state of guest $key (disk $disk_key, v86 $v86_key)"
tmp="$final.tmp"
rm -rf "$tmp"; mkdir -p "$(dirname "$final")"
# Hard links: the guest folder is self-contained (the site copies it) without a second copy.
cp -al "$disk_done" "$tmp"
(cd "$top" && npx tsx tools/save-state.ts "$tmp")
(cd "$top" && npx tsx tools/write-manifest.ts "$tmp" "$key" "$v86_key" "$tmp/images.json" "$versions")
rm "$tmp/images.json"
rm -rf "$final"; mv "$tmp" "$final"
mkdir -p "$top/build"; ln -sfn "$final" "$out_link"
# Keep this guest and the one before it; older ones only fill the disk.
ls -1dt "$cache_root"/guest/*/ | tail -n +3 | xargs -r rm -rf
echo "build-guest: done -> $final"
