// A Probe wrapper that asks the machine each question at most once per check evaluation.

import type { Probe } from "./probe.ts";

/**
 * Memoizes every probe call (file and http by argument). Create one per evaluation: a check that looks
 * at five containers asks `containers()` once, and a later evaluation sees fresh state.
 */
export function cachedProbe(probe: Probe): Probe {
  const once = <T>(f: () => Promise<T>) => {
    let p: Promise<T> | undefined;
    return () => (p ??= f());
  };
  const byArg = <T>(f: (arg: string) => Promise<T>) => {
    const m = new Map<string, Promise<T>>();
    return (arg: string) => {
      let p = m.get(arg);
      if (!p) {
        p = f(arg);
        m.set(arg, p);
      }
      return p;
    };
  };
  const http = byArg((key) => probe.http(key.slice(key.indexOf(" ") + 1), Number(key.slice(0, key.indexOf(" ")))));
  const withLogs = once(() => probe.containers({ logs: true }));
  const withoutLogs = once(() => probe.containers({ logs: false }));
  let logsAsked = false;
  const images = once(() => probe.images());
  const imageNames = once(() => probe.imageNames());
  let imagesAsked = false;
  return {
    // A fuller answer already asked for serves the lighter question too.
    containers: (options) => {
      if (options?.logs) logsAsked = true;
      return logsAsked ? withLogs() : withoutLogs();
    },
    images: () => {
      imagesAsked = true;
      return images();
    },
    imageNames: () => (imagesAsked ? images() : imageNames()),
    volumes: once(() => probe.volumes()),
    networks: once(() => probe.networks()),
    file: byArg((path) => probe.file(path)),
    http: (url, waitS = 0) => http(`${waitS} ${url}`),
  };
}
