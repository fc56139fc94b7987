#!/usr/bin/env bash
# After provisioning: the root file system shrunk to what it holds plus the learner's writable
# space. Every sector the guest writes lives in the tab's memory (src/guest/chunked-disk.ts), so
# the free space is what a learner can make the tab hold: a disk filled inside the machine ends
# with a plain "No space left on device" instead of a tab out of memory (4 GB free filled 3.2 GB
# of a page's memory before).
set -euo pipefail
work=$1
img="$work/disk.img"
writable_mib=1024
# resize2fs wants a checked file system; exit status 1 means e2fsck corrected something.
e2fsck -f -y "$img" > /dev/null || [ $? -le 1 ]
field() { dumpe2fs -h "$img" 2> /dev/null | awk -F': *' -v name="$1" '$1 == name {print $2}'; }
block=$(field 'Block size') total=$(field 'Block count') free=$(field 'Free blocks')
# resize2fs's own minimum allows for more than the files need; it is only a floor here.
min=$(resize2fs -P "$img" 2> /dev/null | awk -F': *' '/minimum size/ {print $2}')
[ -n "$block" ] && [ -n "$total" ] && [ -n "$free" ] && [ -n "$min" ] || { echo "fit-disk: cannot read the file system's size in $img" >&2; exit 1; }
# Whole MiB: the chunked disk and the emulator's geometry like round sizes.
per_mib=$((1048576 / block))
blocks=$(( (total - free + writable_mib * per_mib + per_mib - 1) / per_mib * per_mib ))
[ "$blocks" -ge "$min" ] || blocks=$(( (min + per_mib - 1) / per_mib * per_mib ))
resize2fs "$img" "$blocks" > /dev/null 2>&1
# No blocks reserved for root: everything in the machine runs as root and may use them anyway, so
# df shows the learner all that is left.
tune2fs -r 0 "$img" > /dev/null
# Free blocks still hold what provisioning deleted: zeroed, they are neither stored nor downloaded,
# and a learner's zeros written over them cost the tab nothing (chunked-disk.ts).
zerofree "$img"
truncate -s $((blocks * block)) "$img"
free=$(field 'Free blocks')
echo "fit-disk: $((blocks * block / 1048576)) MiB, $((free * block / 1048576)) MiB free"
