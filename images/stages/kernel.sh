#!/usr/bin/env bash
# Debian bookworm's 686 kernel (trixie has no i386 kernel), its modules in the root file
# system, and a busybox initramfs that loads just the disk drivers.
set -euo pipefail
work=$1
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/lib/retry.sh"
root="$work/root" k="$work/kernel" out="$work/out"
rm -rf "$k"; mkdir -p "$k/debs" "$out"
dpkg --print-foreign-architectures | grep -qx i386 || { dpkg --add-architecture i386; apt_update; }
image_pkg=$(apt-cache depends linux-image-686:i386 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
[ -n "$image_pkg" ] || { apt_update; image_pkg=$(apt-cache depends linux-image-686:i386 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}'); }
[ -n "$image_pkg" ] || { echo "kernel: apt-cache knows no linux-image-686:i386 (bookworm main i386 lists missing); check the mirror and run again" >&2; exit 1; }
(cd "$k/debs" && retry 3 apt-get download -q "$image_pkg")
dpkg-deb -x "$k"/debs/linux-image-*.deb "$k/linux"
dpkg-deb -x "$work"/debs/busybox-static_*.deb "$k/busybox"
kver=$(ls "$k/linux/lib/modules")
cp "$k/linux/boot/vmlinuz-$kver" "$out/vmlinuz"
# Trixie's /lib is a symlink to usr/lib: copy into the real directory, never over the link.
mkdir -p "$root/usr/lib/modules"
cp -a "$k/linux/lib/modules/$kver" "$root/usr/lib/modules/"
chroot "$root" depmod "$kver"

# initramfs: busybox and the modules for PIIX IDE, SCSI disks and ext4, in dependency order.
ird="$k/initramfs"; mkdir -p "$ird/bin" "$ird/lib/modules" "$ird/proc" "$ird/dev" "$ird/newroot"
cp "$(ls "$k"/busybox/usr/bin/busybox "$k"/busybox/bin/busybox 2>/dev/null | head -1)" "$ird/bin/"
for app in sh mount umount insmod switch_root sleep cat mkdir echo; do ln -s busybox "$ird/bin/$app"; done
cp "$here/initramfs/init" "$ird/init"
: > "$ird/modules.order"
for mod in ata_piix sd_mod ext4; do
  chroot "$root" modprobe -S "$kver" --show-depends "$mod" | awk '$1 == "insmod" {print $2}' | while read -r path; do
    name=$(basename "$path")
    grep -qx "${name%.xz}" "$ird/modules.order" && continue
    src="$root$path"
    case "$name" in
      *.ko.xz) xz -dc "$src" > "$ird/lib/modules/${name%.xz}"; name=${name%.xz} ;;
      *) cp "$src" "$ird/lib/modules/$name" ;;
    esac
    echo "$name" >> "$ird/modules.order"
  done
done
(cd "$ird" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) | gzip -9 > "$out/initramfs.img"
echo "$kver" > "$work/kernel-version"
