// The site's service worker (written to the site's root as sw.js by
// hooks/service_worker.py, which puts the build's file list, its runtime
// files and their digest in place of the three placeholders below).
//
// It keeps the site readable with the network off after one visit, and a
// calculator's Python runtime once a calculator has loaded it:
//
// * On install it caches every file of the site (Workbox's precache, each
//   file under its content digest, so a new build fetches only what
//   changed) except the Python runtime and the calculators wheel: a reader
//   who never uses a calculator never downloads Python (issue 16, goal 1).
// * Pages and site files are fetched from the network first (pages, and
//   files whose address does not name their content, revalidated with the
//   server), so a new build shows on the next visit; without a network they
//   come from the precache.
// * The runtime and the wheel are served from a cache named after their
//   digest, filled when a calculator page's worker fetches them (or, if
//   that happened before this worker was in control, when the page sends
//   their addresses: see docs/javascripts/calculator/runtime.js). Their
//   folders are named after their content (hooks/calculator_pages.py), so
//   a new build's are new addresses, never an older copy; a build with a
//   different runtime or wheel starts a new cache; old ones are deleted
//   when it takes over.
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

// This build's runtime files by address, without query or fragment: a query
// names no other file (the server ignores it), so `pyodide.asm.wasm?x=1` is
// kept once, as `pyodide.asm.wasm`, and an address that is not one of these
// files is never kept (issue 30, item 8: each query's copy was kept before,
// 213 MB for twenty of them).
const RUNTIME_FILES = new Set("__RUNTIME_FILES__".map((path) => new URL(path, root).href));
function runtimeKey(url) {
  const file = new URL(url.href);
  file.search = "";
  file.hash = "";
  return RUNTIME_FILES.has(file.href) ? file.href : null;
}

// Cache first, under the file's own address. A runtime address that is not
// one of this build's files (another build's, a mistyped one) goes to the
// network and is not kept.
registerRoute(({ url }) => isRuntime(url), async ({ request, url, event }) => {
  const key = runtimeKey(url);
  if (!key) return fetch(request);
  const cache = await caches.open(RUNTIME_CACHE);
  const cached = await cache.match(key);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) event.waitUntil(cache.put(key, response.clone()));
  return response;
});

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
// A page, and any file of the site whose address does not change with its
// content, is asked of the server each time (`no-cache`: a conditional
// request, answered "not modified" when it is not), so a new build shows
// on the next visit even where the server sends no caching headers and
// the browser would otherwise reuse its stored copy. Files whose address
// names their content (the calculators' `?v=`, Material's hashed bundles)
// cannot be out of date and come as the browser has them.
const CONTENT_ADDRESSED = /\.[0-9a-f]{8,}\.min\.(js|css)$/;
function fresh(request, url) {
  if (request.mode === "navigate") return fetch(url.href, { cache: "no-cache" });
  if (url.searchParams.has("v") || CONTENT_ADDRESSED.test(url.pathname)) return fetch(request);
  return fetch(new Request(request, { cache: "no-cache" }));
}

setDefaultHandler(async ({ request, url }) => {
  if (url.origin !== self.location.origin || request.method !== "GET") return fetch(request);
  try {
    return await fresh(request, url);
  } catch (error) {
    const cached = await precached(url);
    if (cached) return cached;
    throw error;
  }
});

// A calculator page whose worker fetched the runtime before this service
// worker controlled it sends the addresses it fetched; they are cached here
// (the browser's HTTP cache usually still has them). Only this build's
// runtime files are taken, each once, whatever query it came with.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "cache-runtime" || !Array.isArray(data.urls)) return;
  const keys = new Set();
  for (const given of data.urls.slice(0, 100)) {
    let url;
    try {
      url = new URL(String(given), root);
    } catch {
      continue;
    }
    const key = url.origin === self.location.origin ? runtimeKey(url) : null;
    if (key) keys.add(key);
  }
  event.waitUntil(caches.open(RUNTIME_CACHE).then(async (cache) => {
    for (const key of keys) {
      if (!(await cache.match(key))) await cache.add(key).catch(() => {});
    }
  }));
});
