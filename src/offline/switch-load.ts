// The page load that a switch to a new build falls back on is marked in its address. That load is
// what restarts a parked activation, and Chromium aborted the old worker's answer to it right after
// the page committed, leaving it empty and loading for good (CI; here 2 of 58 switches beside other
// load). So while the new build waits, the service worker leaves a marked load to the network.

const MARK = "switching";

/** HREF with the mark: the address the switch's fallback load goes to. */
export function markedForSwitch(href: string): string {
  const url = new URL(href);
  url.searchParams.set(MARK, "");
  return url.href;
}

export function isSwitchLoad(url: URL): boolean {
  return url.searchParams.has(MARK);
}

/** HREF without the mark, or undefined when it has none: what the address bar should show. */
export function withoutSwitchMark(href: string): string | undefined {
  const url = new URL(href);
  if (!isSwitchLoad(url)) return undefined;
  url.searchParams.delete(MARK);
  return url.href;
}
