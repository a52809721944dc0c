// The site's service worker (written to the site's root as sw.js by
// hooks/service_worker.py, which puts the build's file list and runtime
// digest in place of the two placeholders below).
//
// It keeps the site readable with the network off after one visit, and a
// calculator's Python runtime once a calculator has loaded it:
//
// * On install it caches every file of the site (Workbox's precache, each
//   file under its content digest, so a new build fetches only what
//   changed) except the Python runtime and the calculators wheel: a reader
//   who never uses a calculator never downloads Python (issue 16, goal 1).
// * Pages and site files are fetched from the network first (pages
//   revalidated with the server), so a new build shows on the next visit;
//   without a network they come from the precache.
// * The runtime and the wheel are served from a cache named after their
//   digest, filled when a calculator page's worker fetches them (or, if
//   that happened before this worker was in control, when the page sends
//   their addresses: see docs/javascripts/calculator/runtime.js). A build
//   with a different runtime or wheel starts a new cache; old ones are
//   deleted when it takes over.
//
// Workbox's browser builds come from the npm packages pinned in
// package.json, served from the site itself (assets/workbox/).

importScripts(
  "assets/workbox/workbox-core.prod.js",
  "assets/workbox/workbox-routing.prod.js",
  "assets/workbox/workbox-strategies.prod.js",
  "assets/workbox/workbox-precaching.prod.js",
);

const PRECACHE = "__PRECACHE_MANIFEST__";
const RUNTIME_DIGEST = "__RUNTIME_DIGEST__";
const RUNTIME_CACHE = `calculators-runtime-${RUNTIME_DIGEST}`;
const RUNTIME_PATHS = ["assets/calculators/pyodide/", "assets/calculators/wheel/"];

const { precache, matchPrecache, cleanupOutdatedCaches } = workbox.precaching;
const { registerRoute, setDefaultHandler } = workbox.routing;
const { CacheFirst } = workbox.strategies;

workbox.core.setCacheNameDetails({ prefix: "csc" });
precache(PRECACHE);
cleanupOutdatedCaches();

// A new build takes over at once; the page it serves next is the new one.
self.skipWaiting();
workbox.core.clientsClaim();

const root = new URL("./", self.location.href).href;
const isRuntime = (url) => RUNTIME_PATHS.some((path) => url.href.startsWith(root + path));

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((names) => Promise.all(names
    .filter((name) => name.startsWith("calculators-runtime-") && name !== RUNTIME_CACHE)
    .map((name) => caches.delete(name)))));
});

registerRoute(({ url }) => isRuntime(url), new CacheFirst({ cacheName: RUNTIME_CACHE }));

// The precached copy of a site address: a folder's page is its index.html;
// the worker's address carries the runtime's in its query, which is not
// part of the file.
//
// It is answered as a new response with no address of its own, so the
// browser gives it the address that was asked for. A worker takes its
// address (self.location) from the response that started it, and the
// calculator's worker reads the runtime's address from its own query
// (worker.js?pyodide=…): started from the cached copy as it is stored
// (worker.js?__WB_REVISION__=…), it found no runtime offline.
async function precached(url) {
  const file = new URL(url.href);
  file.search = "";
  file.hash = "";
  if (file.pathname.endsWith("/")) file.pathname += "index.html";
  const cached = await matchPrecache(file.href);
  if (!cached) return undefined;
  const { status, statusText, headers } = cached;
  return new Response(cached.body, { status, statusText, headers });
}

// Everything else of this site: the network, or the precache without one.
// A page is asked of the server each time (`no-cache`: a conditional
// request, answered "not modified" when it is not), so a new build shows
// on the next visit even where the server sends no caching headers and
// the browser would otherwise reuse its stored copy.
setDefaultHandler(async ({ request, url }) => {
  if (url.origin !== self.location.origin || request.method !== "GET") return fetch(request);
  try {
    return await (request.mode === "navigate" ? fetch(url.href, { cache: "no-cache" }) : fetch(request));
  } catch (error) {
    const cached = await precached(url);
    if (cached) return cached;
    throw error;
  }
});

// A calculator page whose worker fetched the runtime before this service
// worker controlled it sends the addresses it fetched; they are cached here
// (the browser's HTTP cache usually still has them). Only runtime addresses.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "cache-runtime" || !Array.isArray(data.urls)) return;
  const urls = data.urls.map((u) => new URL(u, root)).filter(isRuntime);
  event.waitUntil(caches.open(RUNTIME_CACHE).then(async (cache) => {
    for (const url of urls) {
      if (!(await cache.match(url.href))) await cache.add(url.href).catch(() => {});
    }
  }));
});
