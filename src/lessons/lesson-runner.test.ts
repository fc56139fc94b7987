import { describe, expect, it } from "vitest";
import { fakeProbe } from "./fake-probe.ts";
import type { FakeMachine } from "./fake-probe.ts";
import { inlineCourse } from "./inline-course.ts";
import { LessonRunner } from "./lesson-runner.ts";
import type { Probe } from "./probe.ts";
import { typedCommands } from "./solution-file.ts";

const HELLO = "\nHello from Docker!\nThis message shows that your installation appears to be working correctly.\n";

// Built in memory so renaming or editing the real lessons cannot break these tests.
const course = inlineCourse({
  basics: {
    steps: {
      "run": {
        check: '{ all: [{ command: { run: docker run hello-world, output: "Hello from Docker!" } }, { container: { image: hello-world, exitCode: 0 } }] }',
        solution: ["docker run hello-world"],
      },
      "ps-all": { check: "{ command: { run: docker ps -a, output: hello-world } }", solution: ["docker ps -a"] },
      "images": { check: "{ all: [{ command: { run: docker images ..., output: hello-world } }, { image: { ref: hello-world } }] }", solution: ["docker images"] },
      "remove": { check: "{ not: { container: { image: hello-world } } }", solution: ["docker rm $(docker ps -aq --filter ancestor=hello-world)"] },
      "shell": {
        check: "{ command: { run: docker run -it --rm debian:trixie-slim bash, output: PRETTY_NAME } }",
        solution: ["docker run -it --rm debian:trixie-slim bash", "#> cat /etc/os-release", "#> exit"],
      },
    },
  },
  other: { steps: { one: "docker version", two: "docker ps", three: "docker info" } },
});

/** What each step's solution does to a simulated machine, and what it prints. */
const SCRIPT: Record<string, { output: string; effect?: (m: FakeMachine) => void }> = {
  "run": {
    output: HELLO,
    effect: (m) => m.containers!.push({ name: "quirky_turing", image: "hello-world", imageId: "sha256:hello", status: "exited", exitCode: 0, logs: HELLO }),
  },
  "ps-all": { output: "CONTAINER ID   IMAGE         COMMAND    STATUS                     NAMES\n3f2a1b   hello-world   \"/hello\"   Exited (0) 5 seconds ago   quirky_turing\n" },
  "images": { output: "REPOSITORY    TAG       IMAGE ID       SIZE\nhello-world   latest    1b44b5a3e06a   10kB\n" },
  "remove": { output: "3f2a1b\n", effect: (m) => (m.containers = []) },
  "shell": { output: 'root@3f2a1b:/# cat /etc/os-release\nPRETTY_NAME="Debian GNU/Linux 13 (trixie)"\nroot@3f2a1b:/# exit\n' },
};

describe("replaying a lesson's solution", () => {
  const lesson = course.lessons.find((l) => l.id === "basics")!;

  it("fails every step before its solution and on a failed attempt, passes it after", async () => {
    const machine: FakeMachine = { images: [{ id: "sha256:hello", tags: ["hello-world:latest"] }], containers: [] };
    const runner = new LessonRunner({ probe: fakeProbe(machine), course });
    runner.openLesson(lesson.id);
    for (const step of lesson.steps) {
      const script = SCRIPT[step.id];
      // `#>` lines are typed into the command above them, not run at the prompt.
      const lines = typedCommands(step.solution).map((c) => c.line);
      expect(runner.state.stepId).toBe(step.id);
      await runner.check();
      expect(runner.state.stepId, `${step.id} passed before its solution`).toBe(step.id);
      await runner.commandFinished({ commandLine: lines[0], exitCode: 1, output: "Error response from daemon" });
      expect(runner.state.stepId, `${step.id} passed on a failed command`).toBe(step.id);
      for (const line of lines) {
        script.effect?.(machine);
        await runner.commandFinished({ commandLine: line, exitCode: 0, output: script.output });
      }
      expect(runner.state.lastResult?.result, step.id).toEqual({ passed: true, details: [] });
    }
    expect(runner.state.stepId).toBeNull();
    expect(runner.state.progress[lesson.id].completedSteps).toEqual(lesson.steps.map((s) => s.id));
  });

  it("has a script entry for every step, and a step with typed input", () => {
    expect(lesson.steps.map((s) => s.id)).toEqual(Object.keys(SCRIPT));
    expect(lesson.steps.some((s) => typedCommands(s.solution).length < s.solution.length)).toBe(true);
  });
});

describe("LessonRunner", () => {
  /** A probe whose answers wait until the test releases them. */
  function gatedProbe(machine: FakeMachine) {
    const inner = fakeProbe(machine);
    const waiting: (() => void)[] = [];
    const gate = <T>(f: () => Promise<T>) => new Promise<void>((r) => waiting.push(r)).then(f);
    const probe: Probe = {
      containers: (o) => gate(() => inner.containers(o)),
      images: () => gate(() => inner.images()),
      imageNames: () => gate(() => inner.imageNames()),
      volumes: () => gate(() => inner.volumes()),
      networks: () => gate(() => inner.networks()),
      file: (p) => gate(() => inner.file(p)),
      http: (u) => gate(() => inner.http(u)),
    };
    return { probe, release: () => waiting.splice(0).forEach((r) => r()) };
  }

  it("drops the result of an evaluation whose lesson was left while the probe answered", async () => {
    const machine: FakeMachine = { images: [{ id: "sha256:hello", tags: ["hello-world:latest"] }] };
    const { probe, release } = gatedProbe(machine);
    const runner = new LessonRunner({ probe, course });
    runner.openLesson("basics", "images");
    const done = runner.commandFinished({ commandLine: "docker images", exitCode: 0, output: "hello-world" });
    runner.openLesson("other");
    release();
    await done;
    expect(runner.state.lessonId).toBe("other");
    expect(runner.state.progress["basics"]).toBeUndefined();
  });

  it("judges commands typed while the probe is slow in order, each against the step current by then", async () => {
    const machine: FakeMachine = { images: [{ id: "sha256:hello", tags: ["hello-world:latest"] }], containers: [] };
    const { probe, release } = gatedProbe(machine);
    const runner = new LessonRunner({ probe, course });
    runner.openLesson("basics");
    const steps: (string | null)[] = [];
    runner.onChange((s) => steps.push(s.stepId));
    // Step "run", then "ps-all" typed before the machine has answered for the first.
    SCRIPT["run"].effect!(machine);
    const typed = [
      runner.commandFinished({ commandLine: "docker run hello-world", exitCode: 0, output: SCRIPT["run"].output }),
      runner.commandFinished({ commandLine: "docker ps -a", exitCode: 0, output: SCRIPT["ps-all"].output }),
    ];
    expect(runner.state.queue).toHaveLength(1);
    let judged = false;
    void Promise.all(typed).then(() => (judged = true));
    while (!judged) {
      release();
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(runner.state.progress["basics"].completedSteps).toEqual(["run", "ps-all"]);
    expect(runner.state.stepId).toBe("images");
    expect(steps.at(-1)).toBe("images");
  });

  it("asks the machine nothing more once disposed, even with commands queued", async () => {
    const machine: FakeMachine = { images: [{ id: "sha256:hello", tags: ["hello-world:latest"] }] };
    const { probe, release } = gatedProbe(machine);
    let asked = 0;
    const counting: Probe = { ...probe, imageNames: () => (asked++, probe.imageNames()) };
    const runner = new LessonRunner({ probe: counting, course });
    runner.openLesson("basics", "images");
    const done = runner.commandFinished({ commandLine: "docker images", exitCode: 0, output: "" });
    void runner.commandFinished({ commandLine: "docker images", exitCode: 0, output: "hello-world" });
    await new Promise((r) => setTimeout(r, 1));
    expect(asked).toBe(1);
    runner.dispose();
    release();
    await done;
    expect(asked).toBe(1);
  });

  it("tells listeners about every change, with progress to persist", async () => {
    const runner = new LessonRunner({ probe: fakeProbe({}), course, progress: { other: { completedSteps: ["one"], hintsShown: {}, solutionShown: [] } } });
    const seen: (string | null)[] = [];
    const off = runner.onChange((s) => seen.push(s.stepId));
    runner.openLesson("other");
    await runner.commandFinished({ commandLine: "docker container ls", exitCode: 0, output: "" });
    off();
    expect(seen).toEqual(["two", "two", "three"]);
    expect(runner.state.progress["other"].completedSteps).toEqual(["one", "two"]);
  });

  it("refuses unknown lesson ids with the known ones", () => {
    const runner = new LessonRunner({ probe: fakeProbe({}), course });
    expect(() => runner.openLesson("nope")).toThrow('no lesson "nope" in the course; known: basics, other');
  });

  it("resets all progress, also of lessons no longer in the course, and restarts the open lesson", async () => {
    const done = { completedSteps: ["one"], hintsShown: {}, solutionShown: [] };
    const runner = new LessonRunner({ probe: fakeProbe({}), course, progress: { other: done, "renamed-away": done } });
    const stored: unknown[] = [];
    runner.onChange((s) => stored.push(s.progress));
    runner.openLesson("other");
    expect(runner.state.stepId).toBe("two");
    runner.resetAll();
    expect(stored.at(-1)).toEqual({});
    expect(runner.state.lessonId).toBe("other");
    expect(runner.state.stepId).toBe("one");
    await runner.commandFinished({ commandLine: "docker version", exitCode: 0, output: "" });
    expect(runner.state.progress).toEqual({ other: { completedSteps: ["one"], hintsShown: {}, solutionShown: [] } });
  });
});
