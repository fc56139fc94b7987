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
  return {
    containers: once(() => probe.containers()),
    images: once(() => probe.images()),
    volumes: once(() => probe.volumes()),
    networks: once(() => probe.networks()),
    file: byArg((path) => probe.file(path)),
    http: byArg((url) => probe.http(url)),
  };
}
