#!/usr/bin/env bash
# The guest's root file system: trixie plus Docker Engine 28 and its BuildKit client (buildx) from sid, our init and settings.
set -euo pipefail
work=$1 mirror=$2
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/lib/retry.sh"
suite=$(cat "$work/base-suite")
root="$work/root"
rm -rf "$root"; cp -a "$work/base" "$root"

cat > "$root/etc/apt/sources.list" <<SRC
deb $mirror $suite main
deb $mirror sid main
SRC
# sid only for what we ask from it by name; its Release file may be older than apt likes.
printf 'Package: *\nPin: release n=sid\nPin-Priority: 100\n' > "$root/etc/apt/preferences.d/sid"
echo 'Acquire::Check-Valid-Until "false";' > "$root/etc/apt/apt.conf.d/90sandbox"
echo 'APT::Install-Recommends "false";' >> "$root/etc/apt/apt.conf.d/90sandbox"

mount -t proc proc "$root/proc"
trap 'umount "$root/proc" 2>/dev/null || true' EXIT
apt_update chroot "$root"
retry 3 chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
  docker.io/sid docker-cli/sid docker-buildx/sid containerd/sid crun/sid runc/sid docker-compose/sid \
  iptables iproute2 procps psmisc curl less nano kmod inotify-tools docker-registry bash-completion ca-certificates socat
# busybox from the guest's own suite, for the initramfs and the busybox image.
rm -rf "$work/debs"; mkdir -p "$work/debs"
retry 3 chroot "$root" sh -c 'cd /tmp && apt-get download -q busybox-static' && mv "$root"/tmp/busybox-static_*.deb "$work/debs/"
chroot "$root" dpkg-query -W -f='${Package} ${Version}\n' > "$work/rootfs-packages.txt"

# The docker CLI runs a plugin just to read its metadata before each use (twice for docker build):
# buildx and compose are 65 MB Go programs whose start-up costs seconds in the emulator, and the
# answer never changes. Each plugin is diverted and answered by a small script that starts the
# program only for real work.
plugins=/usr/libexec/docker/cli-plugins real=/usr/lib/docker-sandbox/cli-plugins
mkdir -p "$root$real"
for plugin in docker-buildx docker-compose; do
  chroot "$root" dpkg-divert --quiet --rename --divert "$real/$plugin" --add "$plugins/$plugin"
done
# go-runewidth fills a 2.2 MB width table at every start of the docker CLI and of buildx: half of
# a `docker ps` here. The widths are then worked out when asked (lib/go-runewidth-table.py).
python3 "$here/lib/go-runewidth-table.py" "$root/usr/bin/docker" "$root$real/docker-buildx"
# buildx's Kubernetes driver initialises client-go at every start; no cluster is here to use it.
python3 "$here/lib/go-skip-kubernetes.py" "$root$real/docker-buildx"
chroot "$root" docker --version
# A build's RUN steps use the machine's network unless the command names one (--network): by
# default dockerd's BuildKit gives each RUN step a bridge sandbox whose set-up re-executes dockerd
# itself, 1-2.5 s a step in the emulator, which made a build slower than the legacy builder's
# (BENCHMARKS.md, 2026-12-05). The machine has no network beyond itself to keep a step from.
# docker compose build runs buildx bake itself, its definition on standard input: there the
# default holds when no service names a build network.
for plugin in docker-buildx docker-compose; do
  chroot "$root" "$real/$plugin" docker-cli-plugin-metadata > "$root$real/$plugin.metadata"
  grep -q '"SchemaVersion"' "$root$real/$plugin.metadata"
  {
    printf '#!/bin/sh\n# See images/stages/rootfs.sh: the metadata is fixed, the program starts only for real work.\n'
    printf 'program=%s\n' "$real/$plugin"
    printf '[ "$1" = docker-cli-plugin-metadata ] && exec cat "$program.metadata"\n'
    [ "$plugin" = docker-buildx ] && cat <<'SHIM'
# docker build and docker buildx build (b): RUN steps on the machine's network unless one is named.
if [ "$1" = buildx ] && { [ "$2" = build ] || [ "$2" = b ]; }; then
  named=
  for arg in "$@"; do case $arg in --network | --network=*) named=1 ;; esac; done
  [ -z "$named" ] && { shift 2; set -- buildx build --network=host "$@"; }
fi
# docker compose build: `bake --file - ...`, the services' targets as indented JSON on standard
# input, each with its "context". (buildx 0.29 drops the value of `--set *.network=...`.)
if [ "$1" = bake ] && [ "$2" = --file ] && [ "$3" = - ]; then
  definition=$(cat)
  case $definition in
    *'"network"'*) ;;
    *) definition=$(printf '%s\n' "$definition" | sed 's/^      "context": /      "network": "host",\n&/')
       set -- "$@" --allow=network.host ;;
  esac
  exec "$program" "$@" <<DEFINITION
$definition
DEFINITION
fi
SHIM
    printf 'exec "$program" "$@"\n'
  } > "$root$plugins/$plugin"
  chmod 755 "$root$plugins/$plugin"
done
# dockerd's BuildKit runs RUN steps with the first `runc` on dockerd's PATH; this one is crun, which
# starts a step in a fraction of runc's time (sandbox-init puts it first).
mkdir -p "$root/usr/lib/docker-sandbox/buildkit"
ln -sf /usr/bin/crun "$root/usr/lib/docker-sandbox/buildkit/runc"

cp -a "$here/rootfs/." "$root/"
chmod 700 "$root/root"
mkdir -p "$root/lab" "$root/etc/sandbox" "$root/var/lib/sandbox-mirror"
# Names are answered by the machine's own DNS (sandbox-init): Debian's, PyPI's and Docker Hub's
# hosts by its offline services, every other name at once with "no such host".
echo "nameserver 10.86.0.2" > "$root/etc/resolv.conf"
printf '127.0.0.1 localhost\n127.0.1.1 docker-sandbox\n' > "$root/etc/hosts"
# Learners never see these, and every megabyte is download time.
rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
  "$root"/usr/share/locale/* "$root"/var/cache/apt/*.bin "$root"/var/lib/apt/lists/* \
  "$root"/var/cache/debconf/*-old "$root"/var/log/*.log
