#!/usr/bin/env bash
# Builds the emulator every part of the project runs: v86 at a pinned upstream commit plus our
# patches (v86/patches/, applied in name order). Outputs v86.wasm, libv86.mjs (v86's ES modules
# bundled, DEBUG off) and v86.d.ts into $cache_root/v86/<key>, linked as build/v86; the key covers
# the source, the patches and this folder's scripts, so a second run only links. Prints the key.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
cache_root=${SANDBOX_CACHE:-$HOME/.cache/docker-sandbox}

commit=71a978493491fd81a18ab2fd80562dba7ed0bc52
tarball_name="v86-${commit:0:12}.tar.gz"
tarball_sha256=a428a798bbedeb58f70117f8c124c89fcbea6da26bae69aef379f1b079d1fbb9
# The same commit from GitHub comes packed differently (another top folder), so what both must
# match is the digest of the unpacked files (tree_digest below).
tree_sha256=db148fa8a17a0d508c5577e079b862f0c24264fdca9adbd781f2a470fab93051
vendor=${V86_VENDOR:-$top/../shared/vendor}
download_url="https://github.com/copy/v86/archive/$commit.tar.gz"

log() { echo "build-v86: $*" >&2; }

key=$( {
  echo "$commit $tree_sha256"
  (cd "$here" && find . -type f | LC_ALL=C sort | xargs sha256sum)
} | sha256sum | cut -c1-16)
final="$cache_root/v86/$key"
link() { mkdir -p "$top/build"; ln -sfn "$final" "$top/build/v86"; echo "$key"; }
if [ -f "$final/v86.wasm" ] && [ -f "$final/libv86.mjs" ]; then link; exit 0; fi

# tree_digest DIR: sha256 over every file's path and content, independent of how it was packed.
tree_digest() { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1); }

work="$cache_root/v86/work-$key"
rm -rf "$work"; mkdir -p "$work/unpacked"
if [ -f "$vendor/$tarball_name" ]; then
  log "source: $vendor/$tarball_name"
  echo "$tarball_sha256  $vendor/$tarball_name" | sha256sum -c --quiet - \
    || { log "$vendor/$tarball_name does not have the pinned sha256 $tarball_sha256"; exit 1; }
  tar -xzf "$vendor/$tarball_name" -C "$work/unpacked"
else
  log "source: $download_url (no $vendor/$tarball_name)"
  curl -fsSL --retry 5 --retry-delay 10 -o "$work/source.tar.gz" "$download_url" \
    || { log "cannot download $download_url; put the pinned tarball at $vendor/$tarball_name"; exit 1; }
  tar -xzf "$work/source.tar.gz" -C "$work/unpacked"
fi
src=$(find "$work/unpacked" -mindepth 1 -maxdepth 1 -type d | head -1)
got=$(tree_digest "$src")
[ "$got" = "$tree_sha256" ] || { log "unpacked source digest $got is not the pinned $tree_sha256"; exit 1; }

for p in "$here"/patches/*.patch; do
  patch -s -p1 -d "$src" < "$p" || { log "patch $(basename "$p") does not apply"; exit 1; }
done

# The wasm: v86's own Makefile (code generators in node, softfloat and zstd with clang, cargo),
# in the trixie toolchain chroot with the source bind-mounted.
chroot_root=$("$here/toolchain.sh")
in_chroot() { chroot "$chroot_root" env HOME=/tmp CARGO_HOME=/tmp/cargo bash -c "cd /src && $1"; }
mkdir -p "$chroot_root/src"
mount --bind "$src" "$chroot_root/src"
mount -t proc proc "$chroot_root/proc"
trap 'umount "$chroot_root/src" "$chroot_root/proc" 2>/dev/null || true' EXIT
in_chroot 'make build/v86.wasm' > "$work/make.log" 2>&1 \
  || { tail -30 "$work/make.log" >&2; log "make build/v86.wasm failed (whole log: $work/make.log)"; exit 1; }

# The JS: v86's ES modules bundled into one, as upstream's libv86.mjs. DEBUG is false, so its
# debug logging and assertions are compiled out. require and module are undefined, so in Node v86
# takes its ES-module branches (import("node:fs/promises")), and the CommonJS ones (and the
# debug-only disassemblers they load) drop out of the bundle.
(cd "$top" && npx esbuild "$src/src/browser/starter.js" --bundle --format=esm --platform=neutral \
  --define:DEBUG=false --define:require=undefined --define:module=undefined --external:'node:*' --log-level=warning \
  --outfile="$src/build/libv86.mjs")

# Upstream's own CPU tests that need no downloaded images (kvm-unit-tests: real mode, task
# switches), on exactly this release build: a build that fails them is never cached.
in_chroot 'bash tests/kvm-unit-tests/build.sh && for t in realmode taskswitch taskswitch2; do
    TEST_RELEASE_BUILD=1 timeout 300 node tests/kvm-unit-tests/run.mjs tests/kvm-unit-tests/x86/$t.flat || exit 1; done' \
  > "$work/tests.log" 2>&1 \
  || { tail -30 "$work/tests.log" >&2; log "upstream kvm-unit-tests failed on this build (whole log: $work/tests.log)"; exit 1; }
log "upstream kvm-unit-tests (realmode, taskswitch, taskswitch2) pass"
umount "$chroot_root/src" "$chroot_root/proc"; trap - EXIT

mkdir -p "$work/out"
cp "$src/build/v86.wasm" "$src/build/libv86.mjs" "$src/v86.d.ts" "$src/LICENSE" "$work/out/"
rm -rf "$final"; mv "$work/out" "$final"; rm -rf "$work"
# Keep this build and the one before it.
ls -1dt "$cache_root"/v86/*/ | tail -n +3 | xargs -r rm -rf
link
