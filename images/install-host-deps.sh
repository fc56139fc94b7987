#!/usr/bin/env bash
# Installs the Debian packages the guest build, the v86 build and the browser tests need on the host.
# Idempotent: does nothing when everything is already present.
set -euo pipefail

# command -> package that provides it
declare -A need=(
  [debootstrap]=debootstrap
  [mkfs.ext4]=e2fsprogs
  [zerofree]=zerofree
  [zstd]=zstd
  [cpio]=cpio
  [chromium]=chromium
  [qemu-system-i386]=qemu-system-x86
  [ar]=binutils
  [gcc]=gcc
  [patch]=patch
  [curl]=curl
  [openssl]=openssl
)
missing=()
for cmd in "${!need[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${need[$cmd]}")
done
[ -f /usr/share/seabios/bios.bin ] || missing+=(seabios)
[ -f /usr/share/keyrings/debian-archive-keyring.gpg ] || missing+=(debian-archive-keyring)

if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
