"""Reads the parts of an i386 Go 1.20+ program that this folder's patches need: its sections and
its function table (names to file offsets), and writes a patched copy in place."""
import os, struct, sys

# __x86.get_pc_thunk.<reg>: mov (%esp),%reg; ret. Position-independent Go code calls them.
THUNKS = {"ax": 0x04, "bx": 0x1C, "cx": 0x0C, "dx": 0x14, "si": 0x34, "di": 0x3C, "bp": 0x2C}


class Mismatch(Exception):
    """The program is not what a patch expects: it is left as it is."""


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


def load(path):
    """The program's bytes, its functions by name, and a function turning a function's entry offset into a file offset."""
    elf = bytearray(open(path, "rb").read())
    secs = sections(elf)
    if ".gopclntab" not in secs or ".text" not in secs:
        raise Mismatch("not a Go program with a function table")
    funcs = functions(elf, secs[".gopclntab"])
    text = secs[".text"]
    base = text_base(elf, text, funcs)
    return elf, funcs, text, base, lambda entry: base - text[0] + text[1] + entry


def replace(path, elf):
    """Writes the patched bytes over the program, keeping its mode; a reader never sees half a program."""
    temporary = f"{path}.patching"
    with open(temporary, "wb") as out:
        out.write(elf)
    os.chmod(temporary, os.stat(path).st_mode)
    os.replace(temporary, path)


def patch_each(tool, patch, programs):
    """Runs patch(path) on each program and says what it did; a program that does not match is only slower."""
    for program in programs:
        try:
            print(f"{tool}: {program}: {patch(program)}")
        except Mismatch as reason:
            print(f"{tool}: {program}: left as it is ({reason})", file=sys.stderr)
