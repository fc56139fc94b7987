// Wires the machine to the terminal and the app: output to the terminal and the shell-event
// parser, keystrokes and terminal size to the guest, status into the machine store.

import { AgentClient, type PushChannel } from "../guest/agent-client.ts";
import { MachineClient } from "../guest/machine-client.ts";
import type { SaveOutcome } from "../guest/machine-client.ts";
import type { ResumeResult } from "../guest/machine-protocol.ts";
import type { CommandEvent } from "../lessons/probe.ts";
import { createShellEvents } from "../terminal/shell-events.ts";
import type { TerminalView } from "../terminal/terminal-view.ts";
import { labArchive, unpackLab } from "./lab-archive.ts";
import type { MachineStore } from "./machine-store.ts";
import { type WarmUp, warmUpsDoneBy } from "./warm-up.ts";

export interface MachineSession {
  readonly store: MachineStore;
  /** The agent of the running machine (replaced at every reset). */
  agent(): AgentClient | undefined;
  attachTerminal(view: TerminalView): () => void;
  onCommand(handler: (event: CommandEvent) => void): () => void;
  /** A command line the learner entered starts running. */
  onCommandStart(handler: (commandLine: string) => void): () => void;
  /** What the agent pushes (file changes under /lab, Docker's events), across resets. */
  onPush(channel: PushChannel, handler: (text: string) => void): () => void;
  /** Each time a machine (the first or one after a reset) is running, and watching if anyone listens to pushes. */
  onRunning(handler: (agent: AgentClient) => void): () => void;
  /** Back to the built state: a fresh machine in seconds; the learner's saved machine is forgotten. */
  reset(): void;
  /** Saves the machine in the browser (with /lab as an archive beside it); resolves when stored or refused. */
  save(): Promise<SaveOutcome>;
  /** After a failed start: a new worker and a new download attempt. */
  retry(): void;
  /**
   * The learner's next commands build images (the open lesson builds): the machine warms BuildKit in
   * its next quiet moment, unless it has built already.
   */
  expectBuilds(builds: boolean): void;
  /** Stops the machine and every download it has under way: the page is about to go. */
  stop(): void;
  /** GET on a port of the guest (a published port), without leaving the page. */
  httpGet: MachineClient["httpGet"];
  /**
   * Fetch the rest of the machine's disk in the background (it starts by itself after the first
   * prompt), or stop; asking for it also asks the browser to keep the site's storage.
   */
  fetchForOffline(fetch: boolean): void;
  /** What the machine has downloaded and written so far. */
  stats(): ReturnType<MachineClient["stats"]>;
}

export function createMachineSession(guestUrl: string, store: MachineStore): MachineSession {
  let client: MachineClient;
  let agent: AgentClient | undefined;
  let view: TerminalView | undefined;
  // What the machine writes before the terminal is shown (the app loads while the machine starts)
  // waits for it; later, a terminal that is gone misses nothing the learner can see.
  let beforeView: string[] | undefined = [];
  const toView = (text: string) => (view ? view.write(text) : beforeView?.push(text));
  const commandHandlers = new Set<(event: CommandEvent) => void>();
  const commandStartHandlers = new Set<(commandLine: string) => void>();
  const pushHandlers = new Set<{ channel: PushChannel; handler: (text: string) => void }>();
  const runningHandlers = new Set<(agent: AgentClient) => void>();
  // The agent's watchers (inotify, a `docker events` client) cost the machine a Go process start:
  // only once a pane listens to pushes, once per machine.
  let watched: AgentClient | undefined;
  const watch = (target: AgentClient): Promise<void> => {
    if (watched === target) return Promise.resolve();
    watched = target;
    return target.watch();
  };
  const set = store.setState;
  const saveWaiters: ((outcome: SaveOutcome) => void)[] = [];

  /** The terminal's first line after a start: whose machine this is. */
  const tellResume = (resume: ResumeResult) => {
    const dim = (text: string) => toView(`\x1b[2m${text}\x1b[0m\r\n`);
    if (resume.savedAt) dim(`Resumed your machine from ${new Date(resume.savedAt).toLocaleString()}.`);
    if (resume.notice) dim(resume.notice);
  };

  // The offline download holds back while the guest works for the learner: a command, or the agent's work for the page.
  let shellBusy = false;
  let agentBusy = false;
  const holdBackground = () => {
    client.busy(shellBusy || agentBusy);
    scheduleWarmUp();
  };

  // The guest's warm-ups (a throwaway `docker run`; a lint-only build where the lesson builds) compile
  // docker's code for a learner who reads before typing. A learner who types at once would share the
  // one emulated CPU with them, and their own command compiles the same code: so they wait for a quiet
  // moment, and each is dropped once a command of this machine has done its work.
  /** What this machine has compiled already, by a warm-up or by a learner's command. */
  const warmedUp = new Set<WarmUp>();
  let buildsExpected = false;
  const warmUpsDue = () => (["run", "build"] as const).filter((kind) => !warmedUp.has(kind) && (kind === "run" || buildsExpected));
  let warmUpTimer: ReturnType<typeof setTimeout> | undefined;
  const scheduleWarmUp = () => {
    clearTimeout(warmUpTimer);
    if (!agent || !warmUpsDue().length || shellBusy || agentBusy) return;
    warmUpTimer = setTimeout(() => {
      // A command that did a warm-up's work may have ended after the prompt came back.
      const kinds = warmUpsDue();
      kinds.forEach((kind) => warmedUp.add(kind));
      if (kinds.length) void agent?.request("clock", [String(Math.floor(Date.now() / 1000)), "warm", ...kinds]).catch(() => undefined);
    }, WARM_UP_QUIET_MS);
  };

  const shell = createShellEvents({
    onState: (state) => {
      const { status, firstPromptSeconds } = store.getState();
      if (state === "prompt") {
        if (status === "starting" || status === "resetting") view?.focus();
        // After the first prompt, so the start's own downloads go first.
        if (status === "starting") client.fetchForOffline(true);
        set({
          status: "ready",
          // performance.now() counts from the navigation: this is page load to prompt.
          firstPromptSeconds: firstPromptSeconds ?? performance.now() / 1000,
        });
      } else if (status === "ready") {
        set({ status: "busy" });
      }
      shellBusy = state !== "prompt";
      holdBackground();
    },
    onCommand: (event) => {
      const { commandsRun, dockerCold } = store.getState();
      set({ commandsRun: commandsRun + 1, dockerCold: dockerCold && !/\bdocker\b/.test(event.commandLine) });
      for (const kind of warmUpsDoneBy(event.commandLine)) warmedUp.add(kind);
      commandHandlers.forEach((handler) => handler(event));
    },
    onCommandStart: (commandLine) => commandStartHandlers.forEach((handler) => handler(commandLine)),
  });

  const sendSize = () => {
    if (view && agent) void agent.request("resize", [String(view.cols), String(view.rows)]).catch(() => undefined);
  };

  const connect = () => {
    client = new MachineClient(guestUrl);
    client.onProgress((progress) => set({ progress, status: progress.phase === "starting" ? "starting" : store.getState().status }));
    client.onOutput((data) => {
      toView(data);
      shell.feed(data);
    });
    client.onRunning(({ resume }) => {
      set({ dockerCold: true, resumedFrom: resume.savedAt, notice: resume.notice, preparedLesson: resume.lesson });
      tellResume(resume);
      agent?.dispose();
      const current = (agent = new AgentClient(client.agent));
      current.onBusy((busy) => {
        agentBusy = busy;
        holdBackground();
      });
      for (const channel of ["lab", "docker"] as const) {
        current.onPush(channel, (text) => pushHandlers.forEach((e) => e.channel === channel && e.handler(text)));
      }
      sendSize();
      // The restored guest wakes with the time of its save.
      void agent.request("clock", [String(Math.floor(Date.now() / 1000)), "cold"]).catch(() => undefined);
      warmedUp.clear();
      scheduleWarmUp();
      const rescued = resume.rescue ? unpackLab(current, resume.rescue).catch(() => undefined) : Promise.resolve();
      void rescued.then(() => (pushHandlers.size ? watch(current) : undefined)).then(
        () => runningHandlers.forEach((handler) => handler(current)),
        () => undefined,
      );
      // The state was saved at a prompt; Enter draws a fresh one for this terminal.
      client.send("\r");
    });
    client.onError((error) => set({ status: "error", error }));
    client.onOffline((offline) => set({ offline }));
    client.onDiskWait((diskWait) => set({ diskWait }));
    client.onSave((outcome) => {
      set(
        outcome.ok
          ? { saving: false, lastSave: outcome.save, saveError: undefined }
          : { saving: false, saveError: outcome.quota ? QUOTA_MESSAGE : `Your machine could not be saved: ${outcome.message}` },
      );
      saveWaiters.splice(0).forEach((resolve) => resolve(outcome));
    });
    client.start();
  };
  connect();
  const stop = () => {
    clearTimeout(warmUpTimer);
    client.dispose();
    agent?.dispose();
    agent = undefined;
  };

  return {
    store,
    agent: () => agent,
    attachTerminal(terminal) {
      view = terminal;
      beforeView?.forEach((text) => terminal.write(text));
      beforeView = undefined;
      const offInput = terminal.onInput((data) => client.send(data));
      const offResize = terminal.onResize(sendSize);
      // A machine that started before the terminal was shown learns its size now.
      sendSize();
      return () => {
        offInput();
        offResize();
        if (view === terminal) view = undefined;
      };
    },
    onCommand(handler) {
      commandHandlers.add(handler);
      return () => commandHandlers.delete(handler);
    },
    onCommandStart(handler) {
      commandStartHandlers.add(handler);
      return () => commandStartHandlers.delete(handler);
    },
    onPush(channel, handler) {
      const entry = { channel, handler };
      pushHandlers.add(entry);
      if (agent) void watch(agent).catch(() => undefined);
      return () => pushHandlers.delete(entry);
    },
    onRunning(handler) {
      runningHandlers.add(handler);
      return () => runningHandlers.delete(handler);
    },
    reset() {
      set({ status: "resetting" });
      view?.clear();
      client.reset();
    },
    expectBuilds(builds) {
      buildsExpected = builds;
      scheduleWarmUp();
    },
    fetchForOffline(fetch) {
      if (fetch) void navigator.storage?.persist?.().catch(() => undefined);
      client.fetchForOffline(fetch);
    },
    async save() {
      set({ saving: true });
      const outcome = new Promise<SaveOutcome>((resolve) => saveWaiters.push(resolve));
      const labAt = Date.now();
      client.save(agent ? await labArchive(agent, SAVED_LAB_FILE_MIB) : undefined, labAt, store.getState().preparedLesson);
      return outcome;
    },
    stop,
    stats: () => client.stats(),
    httpGet: (port, path) => client.httpGet(port, path),
    retry() {
      stop();
      view?.clear();
      set({ status: "loading", error: undefined, progress: undefined, diskWait: undefined });
      connect();
    },
  };
}

/**
 * Quiet time after the first prompt (and after every command or agent request) before the warm-up
 * starts: a learner who knows the command has typed it by then.
 */
const WARM_UP_QUIET_MS = 4000;
/** Files in /lab over this many MiB stay out of the archive kept beside each save (the save itself holds them). */
const SAVED_LAB_FILE_MIB = 8;
const QUOTA_MESSAGE = "The browser has no room to save your machine (its storage is full or refused): this session goes on, but is not saved.";
