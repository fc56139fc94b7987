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
import os, re, struct, sys

PKG = "github.com/mattn/go-runewidth."
FILL, READER, SLOW = PKG + "initStrictWidthLUT", PKG + "(*Condition).RuneWidth", PKG + "runeWidthNoLUT"
# __x86.get_pc_thunk.<reg>: mov (%esp),%reg; ret. Position-independent Go code calls them.
THUNKS = {"ax": 0x04, "bx": 0x1C, "cx": 0x0C, "dx": 0x14, "si": 0x34, "di": 0x3C, "bp": 0x2C}


class Mismatch(Exception):
    pass


def sections(elf):
    if elf[:4] != b"\x7fELF" or elf[4] != 1 or struct.unpack_from("<H", elf, 18)[0] != 3:
        raise Mismatch("not an i386 ELF program")
    shoff, = struct.unpack_from("<I", elf, 0x20)
    entsize, count, names = struct.unpack_from("<HHH", elf, 0x2E)
    headers = [struct.unpack_from("<IIIIII", elf, shoff + i * entsize) for i in range(count)]
    strings = headers[names][4]
    name = lambda at: elf[strings + at:elf.index(b"\0", strings + at)].decode()
    # name -> (address, file offset, size)
    return {name(h[0]): (h[3], h[4], h[5]) for h in headers}


def functions(elf, pclntab):
    """Each function's name -> (entry offset from the text's start, end offset)."""
    at = pclntab[1]
    magic, = struct.unpack_from("<I", elf, at)
    if magic != 0xFFFFFFF1 or elf[at + 7] != 4:
        raise Mismatch("not a Go 1.20+ function table for 32-bit code")
    count, _, _, names, _, _, _, table = struct.unpack_from("<8I", elf, at + 8)
    found = {}
    for i in range(count):
        entry, info, end = struct.unpack_from("<III", elf, at + table + i * 8)
        name_at = at + names + struct.unpack_from("<i", elf, at + table + info + 4)[0]
        found[elf[name_at:elf.index(b"\0", name_at)].decode()] = (entry, end)
    return found


def text_base(elf, text, funcs):
    """The address function entries count from: the thunks' own bytes place it in position-independent programs."""
    thunks = [(funcs[f"__x86.get_pc_thunk.{r}"][0], bytes([0x8B, b, 0x24, 0xC3])) for r, b in THUNKS.items() if f"__x86.get_pc_thunk.{r}" in funcs]
    if not thunks:
        return text[0]
    for base in range(text[0], text[0] + 0x1000, 16):
        if all(elf[base - text[0] + text[1] + e:][:4] == code for e, code in thunks):
            return base
    raise Mismatch("the function table's base is not where its thunks are")


def patch(path):
    elf = bytearray(open(path, "rb").read())
    secs = sections(elf)
    if ".gopclntab" not in secs or ".text" not in secs:
        raise Mismatch("not a Go program with a function table")
    funcs = functions(elf, secs[".gopclntab"])
    if FILL not in funcs:
        return "no go-runewidth width table: left as it is"
    text = secs[".text"]
    base = text_base(elf, text, funcs)
    offset = lambda entry: base - text[0] + text[1] + entry  # file offset of an entry offset
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
    temporary = f"{path}.patching"
    with open(temporary, "wb") as out:
        out.write(elf)
    os.chmod(temporary, os.stat(path).st_mode)
    os.replace(temporary, path)
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
    for program in sys.argv[1:]:
        try:
            print(f"go-runewidth-table: {program}: {patch(program)}")
        except Mismatch as reason:
            print(f"go-runewidth-table: {program}: left as it is ({reason})", file=sys.stderr)
