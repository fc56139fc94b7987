// The site's service worker: after one visit the page loads with the network off. It keeps the
// app shell of exactly one build (listed and keyed by tools/service-worker-plugin.ts) in a cache
// named for that build, so a page never mixes files of two versions; a new build waits until
// the page asks for it ("a new version is ready: reload"). The guest's start files and disk
// chunks are content-addressed and cached by the machine's worker, so they pass through here.

/// <reference lib="webworker" />
import { isSwitchLoad } from "./switch-load.ts";

declare const self: ServiceWorkerGlobalScope;
/** Injected at build time: the shell's files relative to this script, and the build's hash. */
declare const __SHELL_FILES__: string[];
declare const __SHELL_VERSION__: string;

const PREFIX = "docker-sandbox-shell-";
const CACHE = PREFIX + __SHELL_VERSION__;
const scope = new URL("./", self.location.href).href;
const shell = new Set(__SHELL_FILES__.map((file) => new URL(file, scope).href));

self.addEventListener("install", (event) => {
  // "reload": past the HTTP cache, so a file of an older build cannot slip into this one.
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll([...shell].map((url) => new Request(url, { cache: "reload" })))),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if ((event.data as { type?: string } | undefined)?.type === "skip-waiting") void self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  // Only while a new build waits: past the switch, a marked load (a reload of it, offline) is the page.
  if (event.request.mode === "navigate" && isSwitchLoad(url) && self.registration.waiting) return;
  url.search = "";
  url.hash = "";
  // The page is cached as the folder's URL; index.html is the same page.
  const key = url.href === scope + "index.html" ? scope : url.href;
  if (event.request.method !== "GET" || !shell.has(key)) return;
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(key))
      .then((hit) => hit ?? fetch(event.request)),
  );
});
