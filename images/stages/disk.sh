#!/usr/bin/env bash
# The root disk: an ext4 image of the guest root, with room for provisioning (fit-disk.sh then
# shrinks it to what it holds plus the learner's writable space). Unused space is zeros, which the
# chunked disk never stores or downloads.
set -euo pipefail
work=$1
rm -f "$work/disk.img"
# No journal: the disk lives in the emulator's memory and never survives a crash anyway.
mkfs.ext4 -q -F -L sandbox -O ^has_journal -E lazy_itable_init=0,root_owner=0:0 \
  -d "$work/root" "$work/disk.img" 4G
