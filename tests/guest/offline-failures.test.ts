// The machine's offline package world, what it does not hold: a tampered package is refused, and
// a package, a wheel, an image or a host name it lacks fails in seconds, saying so, instead of
// waiting on a network that is not there. (offline-builds.test.ts: what it holds.)

import { describe, expect, it } from "vitest";
import { useGuest } from "./guest-machine.ts";

describe.sequential("what the guest's offline mirrors do not hold fails fast and plainly", () => {
  const guest = useGuest();

  it("refuses a tampered package: apt checks every .deb against Debian's signed index", async () => {
    await guest.run("docker run -d --name tamper debian:trixie-slim sleep 600");
    expect((await guest.run("docker exec tamper apt-get update -qq", 600)).exitCode).toBe(0);
    const deb = (await guest.run("ls /var/lib/sandbox-packages/debian/pool/main/j/jq/jq_*.deb")).output.trim();
    await guest.run(`cp ${deb} /tmp/jq.deb.good && printf 'tampered' >> ${deb}`);
    const install = await guest.run("docker exec tamper apt-get install -y jq", 300);
    await guest.run(`cp /tmp/jq.deb.good ${deb}`);
    expect(install.exitCode).not.toBe(0);
    expect(install.output).toMatch(/Hash Sum mismatch|Size mismatch|File has unexpected size/);
  });

  it("a package the mirror does not hold fails in seconds, saying so", async () => {
    // apt reads its package lists for seconds on the emulated CPU (more with a second machine on the
    // other core): what counts is that it fails without waiting on a network, so compare with a
    // simulated install that reads the same lists.
    const start = await guest.run("docker exec tamper apt-get install -s jq", 120);
    const missing = await guest.run("docker exec tamper apt-get install -y mariadb-server", 120);
    expect(missing.exitCode).not.toBe(0);
    expect(missing.output).toContain("Not in this sandbox's offline mirror");
    // apt waits up to 120 s on a mirror that does not answer.
    expect(missing.seconds - start.seconds).toBeLessThan(10);
    console.log(`apt-get install -s jq ${start.seconds.toFixed(1)} s, apt-get install mariadb-server (missing) ${missing.seconds.toFixed(1)} s`);
    await guest.run("docker rm -f tamper");
  });

  it("a Python package the index does not hold fails in seconds", async () => {
    await guest.run("docker run -d --name pyfail python:3-slim sleep 600");
    // pip alone takes seconds to start on the emulated CPU: what counts is the time after that.
    const start = await guest.run("docker exec pyfail pip --version", 120);
    const missing = await guest.run("docker exec pyfail pip install django", 120);
    expect(missing.exitCode).not.toBe(0);
    expect(missing.output).toMatch(/No matching distribution found for django/);
    // pip waits 15 s on an index that does not answer, and tries again five times.
    expect(missing.seconds - start.seconds).toBeLessThan(10);
    console.log(`pip --version ${start.seconds.toFixed(1)} s, pip install django (missing) ${missing.seconds.toFixed(1)} s`);
    await guest.run("docker rm -f pyfail");
  });

  it("an image the machine does not have fails in seconds, naming the ones it has", async () => {
    // A pull and a build take seconds on the emulated CPU (more with a second machine on the other
    // core): compare with the same commands for an image the store holds. A registry that does not
    // answer would add Docker's 30 s dial timeout.
    const present = await guest.run("docker pull busybox", 120);
    expect(present.exitCode).toBe(0);
    const pull = await guest.run("docker pull ubuntu", 120);
    expect(pull.exitCode).not.toBe(0);
    expect(pull.output).toContain("not in this sandbox's offline image store");
    expect(pull.output).toContain("debian:trixie-slim");
    expect(pull.seconds - present.seconds).toBeLessThan(10);
    await guest.run("mkdir -p /lab/from-busybox && printf 'FROM busybox:latest\\n' > /lab/from-busybox/Dockerfile");
    const presentBuild = await guest.run("docker build -t from-busybox /lab/from-busybox", 120);
    expect(presentBuild.exitCode).toBe(0);
    await guest.run("mkdir -p /lab/from-ubuntu && cd /lab/from-ubuntu && printf 'FROM ubuntu:latest\\n' > Dockerfile");
    const build = await guest.run("docker build -t from-ubuntu .", 120);
    expect(build.exitCode).not.toBe(0);
    expect(build.output).toMatch(/ubuntu:latest.*not found/);
    expect(build.seconds - presentBuild.seconds).toBeLessThan(10);
    console.log(`pull: busybox ${present.seconds.toFixed(1)} s, ubuntu (missing) ${pull.seconds.toFixed(1)} s; build: FROM busybox ${presentBuild.seconds.toFixed(1)} s, FROM ubuntu (missing) ${build.seconds.toFixed(1)} s`);
  });

  it("any other host name fails at once", async () => {
    // A container's start takes seconds on the emulated CPU (more with a second machine on the other
    // core); a resolver that does not answer would add nslookup's 5 s wait on top.
    const start = await guest.run("docker run --rm busybox true", 60);
    const lookup = await guest.run("docker run --rm busybox nslookup example.com", 60);
    expect(lookup.output).toMatch(/NXDOMAIN|can't find/);
    expect(lookup.seconds - start.seconds).toBeLessThan(4);
  });
});
