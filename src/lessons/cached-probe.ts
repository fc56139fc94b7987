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
  const byArgs = <A extends unknown[], T>(f: (...args: A) => Promise<T>) => {
    const m = new Map<string, Promise<T>>();
    return (...args: A) => {
      const key = JSON.stringify(args);
      let p = m.get(key);
      if (!p) {
        p = f(...args);
        m.set(key, p);
      }
      return p;
    };
  };
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
    file: byArgs((path: string) => probe.file(path)),
    http: byArgs((url: string, waitS = 0) => probe.http(url, waitS)),
  };
}
