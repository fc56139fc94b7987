// The machine's offline package world: apt-get from Debian's own signed indexes, pip from wheels
// of Debian's python3-* packages, and fast, plain failures for what is not there.

import { describe, expect, it } from "vitest";
import { useGuest } from "./guest-machine.ts";

/** Seconds COMMAND took in the guest, and its output. */
async function timed(guest: ReturnType<typeof useGuest>, command: string, timeoutS = 600) {
  const started = performance.now();
  const result = await guest.run(command, timeoutS);
  return { ...result, seconds: (performance.now() - started) / 1000 };
}

describe.sequential("offline packages in the guest", () => {
  const guest = useGuest();

  // The seeds' `RUN apt-get update && apt-get install -y python3` build, and pip installing Flask
  // from a requirements.txt, are lesson 9's steps, which check:lessons builds and runs on every CI
  // run; this is apt's and pip's other use, in a running container. One container serves the apt
  // tests: `apt-get update` alone takes about a minute on the emulated CPU.
  it("installs curl with apt-get in a running container on a user-defined network, from Debian's signed indexes", async () => {
    await guest.run("docker network create offline-net");
    expect((await guest.run("docker run -d --name apt --network offline-net debian:trixie-slim sleep 900")).exitCode).toBe(0);
    const install = await timed(guest, "docker exec apt sh -c 'apt-get update && apt-get install -y -qq curl >/dev/null && curl --version | head -1'");
    expect(install.exitCode, install.output).toBe(0);
    // apt checked Debian's signatures: no "unauthenticated" and no [trusted=yes] anywhere.
    expect(install.output).toMatch(/Get:\d+ http:\/\/deb\.debian\.org\/debian trixie InRelease/);
    expect(install.output).not.toMatch(/WARNING: The following packages cannot be authenticated|NO_PUBKEY/);
    expect(install.output).toMatch(/^curl \d+\.\d+/m);
    console.log(`apt-get update && apt-get install -y curl in a container: ${install.seconds.toFixed(1)} s`);
  });

  it("refuses a tampered package: apt checks every .deb against Debian's signed index", async () => {
    const deb = (await guest.run("ls /var/lib/sandbox-packages/debian/pool/main/j/jq/jq_*.deb")).output.trim();
    await guest.run(`cp ${deb} /tmp/jq.deb.good && printf 'tampered' >> ${deb}`);
    const install = await guest.run("docker exec apt apt-get install -y jq", 300);
    await guest.run(`cp /tmp/jq.deb.good ${deb}`);
    expect(install.exitCode).not.toBe(0);
    expect(install.output).toMatch(/Hash Sum mismatch|Size mismatch|File has unexpected size/);
  });

  it("a package the mirror does not hold fails in seconds, saying so", async () => {
    // apt reads its package lists for seconds on the emulated CPU (more with a second machine on the
    // other core): what counts is that it fails without waiting on a network, so compare with a
    // simulated install that reads the same lists.
    const start = await timed(guest, "docker exec apt apt-get install -s jq", 120);
    const missing = await timed(guest, "docker exec apt apt-get install -y mariadb-server", 120);
    expect(missing.exitCode).not.toBe(0);
    expect(missing.output).toContain("Not in this sandbox's offline mirror");
    // apt waits up to 120 s on a mirror that does not answer; with a second machine on the other core
    // the failure itself takes a few seconds more than the simulated install.
    expect(missing.seconds - start.seconds).toBeLessThan(30);
    console.log(`apt-get install -s jq ${start.seconds.toFixed(1)} s, apt-get install mariadb-server (missing) ${missing.seconds.toFixed(1)} s`);
    await guest.run("docker rm -f apt && docker network rm offline-net");
  });

  it("a Python package the index does not hold fails in seconds; one it holds installs", async () => {
    await guest.run("docker run -d --name pyfail python:3-slim sleep 600");
    // pip alone takes seconds to start on the emulated CPU: what counts is the time after that.
    const start = await timed(guest, "docker exec pyfail pip --version", 120);
    const missing = await timed(guest, "docker exec pyfail pip install django", 120);
    expect(missing.exitCode).not.toBe(0);
    expect(missing.output).toMatch(/No matching distribution found for django/);
    // pip waits 15 s on an index that does not answer and tries again five times (90 s and more); its
    // resolver's own work after start-up took 15.7 s once with a second machine on the other core.
    expect(missing.seconds - start.seconds).toBeLessThan(30);
    console.log(`pip --version ${start.seconds.toFixed(1)} s, pip install django (missing) ${missing.seconds.toFixed(1)} s`);
    // What the index holds installs, with its dependencies.
    const install = await timed(guest, "docker exec pyfail pip install requests", 300);
    expect(install.exitCode, install.output).toBe(0);
    expect(install.output).toMatch(/Successfully installed .*requests-\d/);
    console.log(`pip install requests: ${install.seconds.toFixed(1)} s`);
    await guest.run("docker rm -f pyfail");
  });

  it("an image the machine does not have fails in seconds, naming the ones it has", async () => {
    // A pull and a build take seconds on the emulated CPU (more with a second machine on the other
    // core): compare with the same commands for an image the store holds. A registry that does not
    // answer would add Docker's 30 s dial timeout.
    const present = await timed(guest, "docker pull busybox", 120);
    expect(present.exitCode).toBe(0);
    const pull = await timed(guest, "docker pull ubuntu", 120);
    expect(pull.exitCode).not.toBe(0);
    expect(pull.output).toContain("not in this sandbox's offline image store");
    expect(pull.output).toContain("debian:trixie-slim");
    expect(pull.seconds - present.seconds).toBeLessThan(10);
    await guest.run("mkdir -p /lab/from-busybox && printf 'FROM busybox:latest\\n' > /lab/from-busybox/Dockerfile");
    const presentBuild = await timed(guest, "docker build -t from-busybox /lab/from-busybox", 120);
    expect(presentBuild.exitCode).toBe(0);
    await guest.run("mkdir -p /lab/from-ubuntu && cd /lab/from-ubuntu && printf 'FROM ubuntu:latest\\n' > Dockerfile");
    const build = await timed(guest, "docker build -t from-ubuntu .", 120);
    expect(build.exitCode).not.toBe(0);
    expect(build.output).toMatch(/ubuntu:latest.*not found/);
    expect(build.seconds - presentBuild.seconds).toBeLessThan(10);
    console.log(`pull: busybox ${present.seconds.toFixed(1)} s, ubuntu (missing) ${pull.seconds.toFixed(1)} s; build: FROM busybox ${presentBuild.seconds.toFixed(1)} s, FROM ubuntu (missing) ${build.seconds.toFixed(1)} s`);
  });

  it("any other host name fails at once", async () => {
    // A container's start takes seconds on the emulated CPU (more with a second machine on the other
    // core); a resolver that does not answer would add nslookup's 5 s wait on top.
    const start = await timed(guest, "docker run --rm busybox true", 60);
    const lookup = await timed(guest, "docker run --rm busybox nslookup example.com", 60);
    expect(lookup.output).toMatch(/NXDOMAIN|can't find/);
    expect(lookup.seconds - start.seconds).toBeLessThan(4);
  });
});
