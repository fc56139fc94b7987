// The machine's offline package world, what a learner builds with it: apt-get from Debian's own
// signed indexes and pip from wheels of Debian's python3-* packages. (offline-failures.test.ts: what
// it does not hold.) Two files so that the guest project's two machines share the work evenly.

import { describe, expect, it } from "vitest";
import { useGuest } from "./guest-machine.ts";

describe.sequential("builds and installs from the guest's offline mirrors", () => {
  const guest = useGuest();

  it("builds the seeds' Dockerfile: apt-get update && apt-get install -y python3 from the official sources", async () => {
    await guest.run("mkdir -p /lab/seed-app && cd /lab/seed-app");
    await guest.run(`printf 'print("Hello from a Debian image with python3 from apt")\\n' > app.py`);
    await guest.run(
      `printf 'FROM debian:trixie-slim\\nRUN apt-get update && apt-get install -y python3\\nCOPY app.py /app.py\\nCMD ["python3", "/app.py"]\\n' > Dockerfile`,
    );
    const build = await guest.run("docker build --progress=plain -t seed-app .");
    expect(build.exitCode, build.output).toBe(0);
    // apt checked Debian's signatures: no "unauthenticated" and no [trusted=yes] anywhere.
    expect(build.output).toMatch(/Get:\d+ http:\/\/deb\.debian\.org\/debian trixie InRelease/);
    expect(build.output).not.toMatch(/WARNING: The following packages cannot be authenticated|NO_PUBKEY/);
    const run = await guest.run("docker run --rm seed-app");
    expect(run.output.trim()).toBe("Hello from a Debian image with python3 from apt");
    console.log(`apt-get update && apt-get install -y python3 build: ${build.seconds.toFixed(1)} s`);
  });

  it("installs curl with apt-get in a running container, on a user-defined network too", async () => {
    await guest.run("docker network create offline-net");
    const install = await guest.run(
      "docker run --rm --network offline-net debian:trixie-slim sh -c 'apt-get update -qq && apt-get install -y -qq curl >/dev/null && curl --version | head -1'",
      600,
    );
    expect(install.exitCode, install.output).toBe(0);
    expect(install.output).toMatch(/^curl \d+\.\d+/m);
    await guest.run("docker network rm offline-net");
  });

  it("pip installs a Flask app's requirements.txt in python:3-slim, and the app answers", async () => {
    await guest.run("mkdir -p /lab/flask-app && cd /lab/flask-app");
    await guest.run("printf 'flask\\nrequests\\n' > requirements.txt");
    await guest.run(
      `printf 'from flask import Flask\\napp = Flask(__name__)\\n\\n@app.get("/")\\ndef hello():\\n    return "Hello from Flask"\\n\\nif __name__ == "__main__":\\n    app.run(host="0.0.0.0", port=5000)\\n' > app.py`,
    );
    await guest.run(
      `printf 'FROM python:3-slim\\nWORKDIR /app\\nCOPY requirements.txt .\\nRUN pip install -r requirements.txt\\nCOPY . .\\nCMD ["python", "app.py"]\\n' > Dockerfile`,
    );
    const build = await guest.run("docker build --progress=plain -t flask-app .");
    expect(build.exitCode, build.output).toBe(0);
    expect(build.output).toMatch(/Successfully installed .*flask-\d/i);
    expect((await guest.run("docker run -d --name flask -p 5000:5000 flask-app")).exitCode).toBe(0);
    const page = await guest.run("for i in $(seq 60); do curl -sf localhost:5000 && break; sleep 1; done");
    expect(page.output).toContain("Hello from Flask");
    await guest.run("docker rm -f flask");
    console.log(`pip install -r requirements.txt build: ${build.seconds.toFixed(1)} s`);
  });
});
