#!/usr/bin/env python3
"""Stops go-runewidth from filling its width table at every start of the i386 Go programs
named on the command line (the docker CLI and buildx).

Since 0.0.17, go-runewidth's init works out the width of every Unicode code point twice, into
a 2.2 MB table: about 10 ms on a real CPU, 0.6-1.7 s in the emulator, paid by every `docker`
command and again by buildx (BENCHMARKS.md, 2026-12-05). The table only caches
runeWidthNoLUT(r, eastAsian, true), and (*Condition).RuneWidth is its one reader. So the
patch makes RuneWidth call runeWidthNoLUT itself, with the condition's own flags, and turns
the fill into an immediate return: the same widths, worked out when asked.

Each patch site is found through the program's Go function table and checked against the
exact instructions Go 1.20+ emits for go-runewidth 0.0.17-0.0.27. A program that does not
match (another compiler, another go-runewidth, none at all) is left unchanged, with a note:
it is only slower."""
import re, struct, sys

from go_elf import Mismatch, load, patch_each, replace

PKG = "github.com/mattn/go-runewidth."
FILL, READER, SLOW = PKG + "initStrictWidthLUT", PKG + "(*Condition).RuneWidth", PKG + "runeWidthNoLUT"


def patch(path):
    elf, funcs, text, base, offset = load(path)
    if FILL not in funcs:
        return "no go-runewidth width table: left as it is"
    address = lambda at: at - text[1] + text[0]  # address of a file offset
    slow = base + funcs[SLOW][0]
    calls_slow = lambda at: elf[at] == 0xE8 and address(at) + 5 + struct.unpack_from("<i", elf, at + 1)[0] == slow

    fill_at, fill_end = (offset(e) for e in funcs[FILL])
    fill = bytes(elf[fill_at:fill_end])
    calls = [m.start() for m in re.finditer(rb"\xe8", fill) if calls_slow(fill_at + m.start())]
    if fill.count(b"\x3d\x00\x00\x11\x00") != 1 or len(calls) != 2:
        raise Mismatch(f"{FILL} is not the expected loop")
    tables = lut_addresses(elf, fill_at, fill, address)

    read_at, read_end = (offset(e) for e in funcs[READER])
    # movzbl 0xd(%eax),%edx (StrictEmojiNeutral); test %dl,%dl; je NOT_STRICT
    strict = [m.start() for m in re.finditer(rb"\x0f\xb6\x50\x0d\x84\xd2\x74", bytes(elf[read_at:read_end]))]
    if len(strict) != 1:
        raise Mismatch(f"{READER} does not test StrictEmojiNeutral as expected")
    jump = read_at + strict[0] + 6
    target = jump + 2 + struct.unpack_from("<b", elf, jump + 1)[0]
    # NOT_STRICT: runeWidthNoLUT(r, c.EastAsianWidth, false); the false becomes %dl, the flag itself.
    call = bytes.fromhex("0fb6400c 890c24 88442404 c644240500".replace(" ", ""))
    if elf[target:target + len(call)] != call or not calls_slow(target + len(call)):
        raise Mismatch(f"{READER}'s slow path is not the expected call")
    readers = lut_readers(elf, text, tables, address)
    if any(not (read_at <= at < read_end or fill_at <= at < fill_end) for at in readers):
        raise Mismatch("the width table is read outside RuneWidth (inlined?)")

    elf[jump] = 0xEB  # je -> jmp: every condition takes the slow path
    elf[target + 11:target + 16] = bytes.fromhex("8854240590")  # movb $0,5(%esp) -> mov %dl,5(%esp); nop
    elf[fill_at] = 0xC3  # the fill returns at once
    replace(path, elf)
    return "go-runewidth's width table is no longer filled at start"


def lut_addresses(elf, fill_at, fill, address):
    """The two tables' addresses, from the fill's stores (lea of an absolute address, or of the thunk's return plus a displacement)."""
    found = []
    for m in re.finditer(rb"\x8d([\x05\x15\x1d\x0d])(....)\x88\x04", fill, re.S):
        found.append(struct.unpack("<I", m.group(2))[0])
    for m in re.finditer(rb"\xe8....\x8d[\x80-\xbf](....)\x88\x04", fill, re.S):
        found.append(address(fill_at + m.start()) + 5 + struct.unpack("<i", m.group(1))[0])
    if len(found) != 2 or found[1] - found[0] != 0x110000:
        raise Mismatch("the fill's stores are not the expected two tables")
    return set(found)


def lut_readers(elf, text, tables, address):
    """File offsets of every instruction in the text that takes a table's address."""
    code = bytes(elf[text[1]:text[1] + text[2]])
    at = []
    for table in tables:
        at += [text[1] + m.start() for m in re.finditer(re.escape(struct.pack("<I", table)), code)]
    for m in re.finditer(rb"\xe8....\x8d[\x80-\xbf](....)", code, re.S):
        if address(text[1] + m.start()) + 5 + struct.unpack("<i", m.group(1))[0] in tables:
            at.append(text[1] + m.start())
    return at


if __name__ == "__main__":
    patch_each("go-runewidth-table", patch, sys.argv[1:])
