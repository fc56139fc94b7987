#!/usr/bin/env bash
# Builds the guest the emulator runs: kernel, initramfs, chunked root disk with Docker and the
# course's images, a saved machine state and a manifest, into build/guest/.
# Outputs are cached under ~/.cache/docker-sandbox/guest/<key>; the key covers every input
# (this folder, the guest driver code, the v86 version and the Debian package versions),
# so a second run with nothing changed only links the cached result.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
cache_root=${SANDBOX_CACHE:-$HOME/.cache/docker-sandbox}
out_link="$top/build/guest"
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

"$here/install-host-deps.sh"
[ "$(id -u)" = 0 ] || { echo "build-guest: debootstrap and chroot need root" >&2; exit 1; }

# --- cache key -----------------------------------------------------------------------------
key_packages="sid:docker.io sid:docker-cli sid:containerd sid:crun sid:runc sid:docker-compose stable:docker-registry stable:python3 stable:nginx-light stable:redis-server stable:busybox-static bookworm:linux-image-686"
versions=$(python3 "$here/lib/package-versions.py" "$cache_root/indexes" "$mirror" $key_packages)
key=$( {
  # What decides the outputs: the recipe, and the code that defines the machine and the state format.
  (cd "$top" && { find images -type f; printf '%s\n' src/guest/emulator.ts src/guest/chunked-disk.ts \
      src/guest/disk-index.ts src/guest/guest-manifest.ts tools/provision.ts tools/chunk-disk.ts \
      tools/save-state.ts tools/write-manifest.ts; } | LC_ALL=C sort | xargs sha256sum)
  node -p 'require("./node_modules/v86/package.json").version' 2>/dev/null || echo no-v86
  echo "$versions"
} | sha256sum | cut -c1-16)
final="$cache_root/guest/$key"
if [ -f "$final/manifest.json" ]; then
  mkdir -p "$top/build"; ln -sfn "$final" "$out_link"
  echo "build-guest: up to date ($key)"; exit 0
fi
echo "build-guest: building guest $key"
echo "$versions" | sed 's/^/  /'
work="$cache_root/work/$key"
# Work folders of other keys are leftovers of interrupted builds of older recipes.
find "$cache_root/work" -mindepth 1 -maxdepth 1 ! -name "$key" -exec rm -rf {} + 2>/dev/null || true
mkdir -p "$work"
stage() { # stage NAME CMD...: run once per key, resumable after a failure
  local name=$1; shift
  [ -f "$work/$name.done" ] && return 0
  echo "== $name"; local t0=$SECONDS
  "$@"
  touch "$work/$name.done"; echo "== $name took $((SECONDS - t0)) s"
}

stage base "$here/stages/base.sh" "$work" "$mirror"
stage rootfs "$here/stages/rootfs.sh" "$work" "$mirror"
stage kernel "$here/stages/kernel.sh" "$work"
stage images python3 "$here/lib/container-images.py" "$work" "$here/container-images"
stage disk "$here/stages/disk.sh" "$work"
stage provision bash -c "cd '$top' && npx tsx tools/provision.ts '$work'"
stage chunks bash -c "cd '$top' && npx tsx tools/chunk-disk.ts '$work/disk.img' '$work/out/disk'"
cp /usr/share/seabios/bios.bin "$work/out/bios.bin"
cp /usr/share/seabios/vgabios-stdvga.bin "$work/out/vgabios.bin"
stage state bash -c "cd '$top' && npx tsx tools/save-state.ts '$work/out'"
(cd "$top" && npx tsx tools/write-manifest.ts "$work/out" "$key" "$work/images.json" "$versions")
rm -rf "$final"; mkdir -p "$(dirname "$final")"
mv "$work/out" "$final"
rm -rf "$work"
mkdir -p "$top/build"; ln -sfn "$final" "$out_link"
# Keep this guest and the one before it; older ones only fill the disk.
ls -1dt "$cache_root"/guest/*/ | tail -n +3 | xargs -r rm -rf
echo "build-guest: done -> $final"
