// Runs one of the guest's Perl programs (images/rootfs/usr/local/sbin) on the host for a test, with
// perl-base's modules alone as in the guest: a module from anywhere else fails here as it would there.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { join } from "node:path";

const SBIN = join(import.meta.dirname, "../images/rootfs/usr/local/sbin");
const PERL_BASE_ONLY = "BEGIN { my @base = grep m{/perl-base$}, @INC; @INC = @base if @base } $0 = shift; do $0; die $@ if $@";

export function spawnGuestPerl(script: string, args: string[], options: SpawnOptions): ChildProcess {
  return spawn("perl", ["-e", PERL_BASE_ONLY, join(SBIN, script), ...args], options);
}
