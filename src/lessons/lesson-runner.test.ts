import { describe, expect, it } from "vitest";
import { loadCourse } from "./course.ts";
import { fakeProbe } from "./fake-probe.ts";
import type { FakeMachine } from "./fake-probe.ts";
import { readTree } from "./fixture-files.ts";
import { LessonRunner } from "./lesson-runner.ts";
import type { Probe } from "./probe.ts";

const { course } = loadCourse(readTree("lessons"));

const HELLO = "\nHello from Docker!\nThis message shows that your installation appears to be working correctly.\n";

/**
 * What each step's solution does to a simulated machine, and what it prints. Replaying the real
 * lessons' solution.sh through the runner proves every step fails before its solution and passes after.
 */
const SCRIPT: Record<string, Record<string, { output: string; effect?: (m: FakeMachine) => void }>> = {
  "docker-architecture": {
    "client-and-server": { output: "Client:\n Version: 28.5.2\n\nServer:\n Engine:\n  Version: 28.5.2\n" },
    "rest-api": { output: '{"Platform":{"Name":"Docker Engine"},"Version":"28.5.2","ApiVersion":"1.51"}' },
    "system-info": { output: "Server:\n Runtimes: crun io.containerd.runc.v2 runc\n Default Runtime: crun\n" },
    "pull-image": {
      output: "Using default tag: latest\nlatest: Pulling from library/redis\nStatus: Downloaded newer image for redis:latest\n",
      effect: (m) => m.images!.push({ id: "sha256:redis", tags: ["redis:latest"] }),
    },
    "images-via-api": { output: '[{"Id":"sha256:redis","RepoTags":["redis:latest"]}]' },
  },
  "first-container": {
    "run-hello": {
      output: HELLO,
      effect: (m) => m.containers!.push({ name: "quirky_turing", image: "hello-world", imageId: "sha256:hello", status: "exited", exitCode: 0, logs: HELLO }),
    },
    "list-running": { output: "CONTAINER ID   IMAGE   COMMAND   CREATED   STATUS   PORTS   NAMES\n" },
    "list-all": { output: "CONTAINER ID   IMAGE         COMMAND    STATUS                     NAMES\n3f2a1b   hello-world   \"/hello\"   Exited (0) 5 seconds ago   quirky_turing\n" },
    "list-images": { output: "REPOSITORY    TAG       IMAGE ID       SIZE\nhello-world   latest    1b44b5a3e06a   10kB\n" },
    "read-logs": { output: HELLO },
    "remove-container": { output: "3f2a1b\n", effect: (m) => (m.containers = []) },
    "run-and-clean": { output: HELLO },
    "run-interactive": { output: 'root@3f2a1b:/# cat /etc/os-release\nPRETTY_NAME="Debian GNU/Linux 13 (trixie)"\nroot@3f2a1b:/# exit\n' },
  },
};

describe("replaying the example lessons' solutions", () => {
  for (const lesson of course.lessons.filter((l) => l.id in SCRIPT)) {
    it(lesson.id, async () => {
      const machine: FakeMachine = { images: [{ id: "sha256:hello", tags: ["hello-world:latest"] }], containers: [] };
      const runner = new LessonRunner({ probe: fakeProbe(machine), course });
      runner.openLesson(lesson.id);
      for (const step of lesson.steps) {
        const script = SCRIPT[lesson.id][step.id];
        expect(script, `${lesson.id}/${step.id} needs a script entry`).toBeDefined();
        expect(runner.state.stepId).toBe(step.id);
        // The start state does not pass the step.
        await runner.check();
        expect(runner.state.stepId, `${step.id} passed before its solution`).toBe(step.id);
        // A failed attempt does not pass it either.
        await runner.commandFinished({ commandLine: step.solution[0], exitCode: 1, output: "Error response from daemon" });
        expect(runner.state.stepId, `${step.id} passed on a failed command`).toBe(step.id);
        for (const line of step.solution) {
          script.effect?.(machine);
          await runner.commandFinished({ commandLine: line, exitCode: 0, output: script.output });
        }
        expect(runner.state.lastResult?.result, step.id).toEqual({ passed: true, details: [] });
      }
      expect(runner.state.stepId).toBeNull();
      expect(runner.state.progress[lesson.id].completedSteps).toEqual(lesson.steps.map((s) => s.id));
    });
  }

  it("covers both example lessons", () => {
    expect(Object.keys(SCRIPT).every((id) => course.lessons.some((l) => l.id === id))).toBe(true);
  });
});

describe("LessonRunner", () => {
  /** A probe whose answers wait until the test releases them. */
  function gatedProbe(machine: FakeMachine) {
    const inner = fakeProbe(machine);
    const waiting: (() => void)[] = [];
    const gate = <T>(f: () => Promise<T>) => new Promise<void>((r) => waiting.push(r)).then(f);
    const probe: Probe = {
      containers: () => gate(() => inner.containers()),
      images: () => gate(() => inner.images()),
      volumes: () => gate(() => inner.volumes()),
      networks: () => gate(() => inner.networks()),
      file: (p) => gate(() => inner.file(p)),
      http: (u) => gate(() => inner.http(u)),
    };
    return { probe, release: () => waiting.splice(0).forEach((r) => r()) };
  }

  it("drops the result of an evaluation whose lesson was left while the probe answered", async () => {
    const machine: FakeMachine = { images: [{ id: "sha256:redis", tags: ["redis:latest"] }] };
    const { probe, release } = gatedProbe(machine);
    const runner = new LessonRunner({ probe, course });
    runner.openLesson("docker-architecture", "pull-image");
    const done = runner.commandFinished({ commandLine: "docker pull redis", exitCode: 0, output: "" });
    runner.openLesson("first-container");
    release();
    await done;
    expect(runner.state.lessonId).toBe("first-container");
    expect(runner.state.progress["docker-architecture"]).toBeUndefined();
  });

  it("tells listeners about every change, with progress to persist", async () => {
    const runner = new LessonRunner({ probe: fakeProbe({}), course, progress: { "first-container": { completedSteps: ["run-hello"], hintsShown: {}, solutionShown: [] } } });
    const seen: (string | null)[] = [];
    const off = runner.onChange((s) => seen.push(s.stepId));
    runner.openLesson("first-container");
    await runner.commandFinished({ commandLine: "docker container ls", exitCode: 0, output: "" });
    off();
    expect(seen).toEqual(["list-running", "list-running", "list-all"]);
    expect(runner.state.progress["first-container"].completedSteps).toEqual(["run-hello", "list-running"]);
  });

  it("refuses unknown lesson ids with the known ones", () => {
    const runner = new LessonRunner({ probe: fakeProbe({}), course });
    expect(() => runner.openLesson("nope")).toThrow('no lesson "nope" in the course; known: docker-architecture, first-container');
  });
});
