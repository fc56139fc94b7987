#!/usr/bin/env bash
# Makes sure this host runs Debian's i386 programs, which the guest's stages run in chroots. Some
# hosts' kernels run only 64-bit programs (an i386 execve fails with "Exec format error"); there
# qemu's user-mode emulator runs them, registered with the kernel's binfmt_misc. It is trixie's
# qemu 10, from the v86 toolchain chroot: bookworm's qemu 7.2 crashes in the start-up of Go
# programs ("fatal error: morestack on g0"), and the build runs docker-buildx and docker-compose.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
name=docker-sandbox-i386
binfmt=/proc/sys/fs/binfmt_misc

# A 93-byte i386 ELF: its header, one loadable segment at 0x08048000, then
# xor ebx,ebx; mov eax,1; int 0x80 (exit 0).
i386_runs() {
  local probe rc
  probe=$(mktemp)
  local elf='\x7fELF\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x03\x00\x01\x00\x00\x00'
  elf+='\x54\x80\x04\x08\x34\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x34\x00\x20\x00\x01\x00\x00\x00\x00\x00\x00\x00'
  elf+='\x01\x00\x00\x00\x00\x00\x00\x00\x00\x80\x04\x08\x00\x80\x04\x08\x5d\x00\x00\x00\x5d\x00\x00\x00\x05\x00\x00\x00\x00\x10\x00\x00'
  elf+='\x31\xdb\xb8\x01\x00\x00\x00\xcd\x80'
  printf "$elf" > "$probe"
  chmod +x "$probe"
  rc=0; "$probe" 2>/dev/null || rc=$?
  rm -f "$probe"
  return $rc
}

toolchain_qemu() { echo "$(bash "$here/../../v86/toolchain.sh")/usr/bin/qemu-i386"; }
# An entry from an earlier build names the toolchain of that day, which a new one replaces.
interpreter=
if [ -f "$binfmt/$name" ]; then
  interpreter=$(toolchain_qemu)
  grep -qxF "interpreter $interpreter" "$binfmt/$name" || echo -1 > "$binfmt/$name"
fi
if i386_runs; then exit 0; fi
[ -n "$interpreter" ] || interpreter=$(toolchain_qemu)
[ -f "$binfmt/register" ] || mount -t binfmt_misc binfmt_misc "$binfmt"
# i386 ELF executables by their header (class, data, version, type, machine); F opens the
# emulator now, so it also runs inside the chroots.
printf '%s' ":$name:M::"'\x7fELF\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x03\x00:\xff\xff\xff\xff\xff\xfe\xfe\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'":$interpreter:F" > "$binfmt/register"
i386_runs || { echo "i386-programs: this host runs no i386 programs, even through $interpreter" >&2; exit 1; }
echo "i386-programs: this host's kernel runs only 64-bit programs; i386 ones run through $interpreter" >&2
