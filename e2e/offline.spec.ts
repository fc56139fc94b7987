// Offline after one visit: the service worker keeps the page, the machine's worker the start
// files, and the whole disk is fetched in the background after the first prompt; a part not fetched
// yet waits for the network, and for a site that answers with something else.

import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { openSiteProfile } from "./site-profile.ts";
import { outputOf, PROMPT, startCommand, typeCommand, waitForTerminal } from "./terminal.ts";

test("after one visit, a reload with the network off reaches a prompt and runs a container", async () => {
  const profile = await openSiteProfile();
  try {
    const page = await profile.context.newPage();
    await page.goto(profile.url);
    await waitForTerminal(page, PROMPT);
    const offline = page.locator(".offline-status");
    await expect(offline).toContainText(/Offline copy \d+ % of \d+ MB/);
    await expect(offline).toHaveAttribute("data-offline", "done", { timeout: 290_000 });
    await expect(offline).toHaveText("Works offline");
    expect(await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.active?.state))).toBe("activated");

    await profile.goOffline();
    expect(await page.evaluate(() => fetch("guest/vmlinuz", { method: "HEAD" }).then(() => "online", () => "offline"))).toBe("offline");
    await page.reload();
    await waitForTerminal(page, PROMPT);
    await expect(page.locator(".status-badge")).toHaveText(/Ready/);
    // hello-world's chunks were never read in this profile: they come from the offline copy.
    await typeCommand(page, "docker run --rm hello-world");
    expect(await outputOf(page, "docker run --rm hello-world")).toContain("Hello from Docker!");
  } finally {
    await profile.close();
  }
});

test("a command that needs a part of the disk not downloaded yet waits for the network, then goes on with the right bytes", async () => {
  const profile = await openSiteProfile();
  try {
    const page = await profile.context.newPage();
    await page.goto(profile.url);
    await waitForTerminal(page, PROMPT);
    await profile.goOffline();
    // The offline mirror's packages: no start, lesson or background fetch has read them this soon.
    await startCommand(page, "md5sum $(find /var/lib/sandbox-packages -name '*.deb' -size +1M | head -3) > /tmp/1");
    await expect(page.locator(".status-badge")).toContainText("waiting for the network");
    await profile.goOnline();
    await expect(page.locator(".status-badge")).toHaveText(/Ready/);
    // Read again from the disk, not the guest's page cache: the same bytes as the first time.
    await typeCommand(page, "echo 3 > /proc/sys/vm/drop_caches");
    const again = "md5sum $(cut -d' ' -f3 /tmp/1) | cmp - /tmp/1 && wc -l < /tmp/1";
    await typeCommand(page, again);
    // Polled: the end-of-command mark can reach the page before the terminal has drawn the output.
    await expect.poll(() => outputOf(page, again), { timeout: 30_000 }).toMatch(/^\s*3\s/);
  } finally {
    await profile.close();
  }
});

test("a part of the disk the site answers with its page for waits and says so, then reads the right bytes", async () => {
  const read = `dd if=/dev/sda bs=${CHUNK_BYTES} skip=${unreadChunk()} count=1 iflag=direct status=none | md5sum > /tmp/2`;
  const sumOf = async (page: Page) => {
    await typeCommand(page, "cat /tmp/2");
    let sum: string | undefined;
    await expect.poll(async () => (sum = /^[0-9a-f]{32}/m.exec(await outputOf(page, "cat /tmp/2"))?.[0]), { timeout: 30_000 }).toBeDefined();
    return sum;
  };
  let waited: string | undefined;
  const profile = await openSiteProfile();
  try {
    const page = await profile.context.newPage();
    await page.goto(profile.url);
    await waitForTerminal(page, PROMPT);
    // A deploy copied halfway to a host that answers a missing file with the site's page.
    profile.answerWithPage((path) => /\/guest\/disk\/\w+\.gz$/.test(path));
    await startCommand(page, read);
    const badge = page.locator(".status-badge");
    await expect(badge).toContainText("waiting for the site: it answered with something other than a part of the machine");
    await expect(badge).toContainText("If the site was just updated, reload the page");
    profile.answerWithPage();
    await expect(badge).toHaveText(/Ready/);
    waited = await sumOf(page);
  } finally {
    await profile.close();
  }
  // The same part read by a fresh profile from a site that serves it (the guest's own writes to the
  // disk lie over some chunks, so the chunk file alone is not the answer).
  const fresh = await openSiteProfile();
  try {
    const page = await fresh.context.newPage();
    await page.goto(fresh.url);
    await waitForTerminal(page, PROMPT);
    await typeCommand(page, read);
    expect(waited).toBe(await sumOf(page));
  } finally {
    await fresh.close();
  }
});

const CHUNK_BYTES = 131072;

/** The index of a chunk of the built disk that neither the pack nor the start reads, far from where the offline copy begins. */
function unreadChunk(): number {
  const index = JSON.parse(readFileSync("dist/guest/disk/index.json", "utf8")) as { chunkSize: number; chunks: string[] };
  expect(index.chunkSize).toBe(CHUNK_BYTES);
  const packed = new Set((JSON.parse(readFileSync("dist/guest/pack.json", "utf8")) as { chunks: [string, number][] }).chunks.map(([hash]) => hash));
  const seen = new Map<string, number>();
  index.chunks.forEach((hash) => seen.set(hash, (seen.get(hash) ?? 0) + 1));
  return index.chunks.findLastIndex((hash) => hash && !packed.has(hash) && seen.get(hash) === 1);
}
