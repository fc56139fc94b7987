#!/usr/bin/env python3
"""Makes the package initialisers of buildx's Kubernetes driver return at once, in the i386
buildx named on the command line.

buildx links its Kubernetes driver and client-go into the one program, and their ~400 package
initialisers (API schemes, validators, klog) run at every start: 0.25 s of each buildx command
here, before it has read its arguments (BENCHMARKS.md, 2026-12-05). Nothing but that driver
reaches those packages, and the machine has no cluster for it to talk to: with its own
initialiser skipped too, `docker buildx create --driver kubernetes` says the driver is unknown.

Each initialiser (a Kubernetes package's `init` or `init.N`) is found by name through the
program's Go function table and must begin with Go's stack check; otherwise the program is left
unchanged, with a note: it is only slower."""
import re, sys

from go_elf import Mismatch, load, patch_each, replace

KUBERNETES = re.compile(r"^(k8s\.io/.*|sigs\.k8s\.io/.*|github\.com/docker/buildx/driver/kubernetes(/.*)?)\.init(\.\d+)?$")
STACK_CHECK = bytes.fromhex("658b0d00000000")  # mov %gs:0,%ecx: the goroutine, for the stack check


def patch(path):
    elf, funcs, _, _, offset = load(path)
    starts = [offset(entry) for name, (entry, _) in funcs.items() if KUBERNETES.match(name)]
    if not starts:
        return "no Kubernetes packages: left as it is"
    if any(elf[at:at + len(STACK_CHECK)] != STACK_CHECK for at in starts):
        raise Mismatch("an initialiser does not begin with the expected stack check")
    for at in starts:
        elf[at] = 0xC3  # ret
    replace(path, elf)
    return f"{len(starts)} Kubernetes package initialisers return at once"


if __name__ == "__main__":
    patch_each("go-skip-kubernetes", patch, sys.argv[1:])
