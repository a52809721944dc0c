// The site's service worker (written to the site's root as sw.js by
// hooks/service_worker.py, which puts the build's file list, its runtime
// files and their digest in place of the placeholders below).
//
// A first visit costs the reader what they read (issue 31): the worker
// keeps each page the reader opens, with what that page used, and the rest
// of the site only when the reader asks for it ("Keep this site for offline
// use", in the footer); a calculator's Python runtime once a calculator has
// loaded it:
//
// * On a first visit the page was not yet under this worker, so the page
//   sends the addresses it used (docs/javascripts/service-worker.js); the
//   worker keeps those that are files of this site, fetched as the browser
//   already has them (its HTTP cache), so keeping them costs next to no
//   download. Every later page and file of the site it fetches is kept too.
// * "Keep this site for offline use" fetches every file of the site (the
//   list below, each with a digest of its content) except the Python
//   runtime and the calculators wheel; after a new build, a reader who kept
//   the site gets only the files that changed.
// * Pages and site files are fetched from the network first (pages, and
//   files whose address does not name their content, revalidated with the
//   server), so a new build shows on the next visit; without a network they
//   come from what was kept.
// * The runtime and the wheel are served from a cache named after their
//   digest, filled when a calculator page's worker fetches them (or, if
//   that happened before this worker was in control, when the page sends
//   their addresses: see docs/javascripts/calculator/runtime.js), and
//   carried over to a new build's worker as it installs. Their
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
);

// Every file of the site a reader can keep: {url, revision}, relative to the root.
const SITE_FILES = "__PRECACHE_MANIFEST__";
const RUNTIME_DIGEST = "__RUNTIME_DIGEST__";
const RUNTIME_CACHE = `calculators-runtime-${RUNTIME_DIGEST}`;
const RUNTIME_PATHS = ["assets/calculators/pyodide/", "assets/calculators/wheel/"];

const { registerRoute, setDefaultHandler } = workbox.routing;

// A new build takes over at once; the page it serves next is the new one.
self.skipWaiting();
workbox.core.clientsClaim();

const root = new URL("./", self.location.href).href;
const isRuntime = (url) => RUNTIME_PATHS.some((path) => url.href.startsWith(root + path));

// Old runtimes go, and the whole-site precache of the builds before issue 31
// (Workbox's, csc-precache-…): a reader who wants the whole site asks for it.
self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((names) => Promise.all(names
    .filter((name) => (name.startsWith("calculators-runtime-") && name !== RUNTIME_CACHE) || name.startsWith("csc-precache"))
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

// --- What the reader keeps: the pages they opened, or the whole site ---

// Pages and site files, one copy of each, under its file's address (a
// folder's page as its index.html, without query or fragment).
const SITE_CACHE = "csc-site";
// Whether the reader chose to keep the whole site, and the revisions kept.
const CHOICE_CACHE = "csc-offline-choice";
const CHOICE_KEY = "kept-site.json";
const SITE_FILE_SET = new Set(SITE_FILES.map(({ url }) => new URL(url, self.location.href).href));

// The address under which a site file is kept, or null for anything that is
// not a file of this build (another host, the runtime, a mistyped address).
function siteKey(given) {
  let file;
  try {
    file = new URL(given, self.location.href);
  } catch {
    return null;
  }
  file.search = "";
  file.hash = "";
  if (file.pathname.endsWith("/")) file.pathname += "index.html";
  return SITE_FILE_SET.has(file.href) ? file.href : null;
}

async function keep(url, response) {
  const key = siteKey(url);
  if (!key || response.type !== "basic") return;
  await (await caches.open(SITE_CACHE)).put(key, response);
}

// The kept copy of a site address, answered as a new response with no
// address of its own, so the browser gives it the address that was asked
// for. A worker takes its address (self.location) from the response that
// started it, and the calculator's worker reads the runtime's address from
// its own query (worker.js?pyodide=…).
async function kept(url) {
  const key = siteKey(url);
  const copy = key && (await (await caches.open(SITE_CACHE)).match(key));
  if (!copy) return undefined;
  const { status, statusText, headers } = copy;
  return new Response(copy.body, { status, statusText, headers });
}

// Fetch and keep the files not kept yet. `fresh` files are fetched from the
// server; others as the browser has them, however old ("force-cache": the
// page that sends them has just loaded them, so the browser's HTTP cache
// holds them, and keeping them downloads nothing again, even from a server
// that sends no caching headers). Each is fetched at the address the page
// used, query and all (the calculators' scripts are `page.js?v=<digest>`:
// the browser's cache knows them by that address, and the file without its
// query would be a second download), and kept under its file's address.
async function keepAll(urls, { fresh = false, progress = () => {} } = {}) {
  const cache = await caches.open(SITE_CACHE);
  const asUsed = new Map();
  for (const url of urls) {
    const key = siteKey(url);
    if (key && !asUsed.has(key)) asUsed.set(key, fresh ? key.replace(/index\.html$/, "") : url);
  }
  const queue = [...asUsed.keys()];
  let done = 0;
  let failed = 0;
  const one = async () => {
    for (let key = queue.shift(); key; key = queue.shift()) {
      try {
        if (fresh || !(await cache.match(key))) {
          const response = await fetch(asUsed.get(key), { cache: fresh ? "no-cache" : "force-cache" });
          if (!response.ok) throw new Error(String(response.status));
          await cache.put(key, response);
        }
      } catch {
        failed += 1;
      }
      done += 1;
      progress(done, failed);
    }
  };
  const total = queue.length;
  await Promise.all([one(), one(), one(), one()]);
  return { total, failed };
}

async function choice() {
  const stored = await (await caches.open(CHOICE_CACHE)).match(CHOICE_KEY);
  return stored ? stored.json() : null;
}

// The whole site, or (for a reader who kept it before a new build) the files
// whose content changed; files the new build no longer has are dropped.
async function keepSite(source) {
  const before = (await choice()) || { revisions: {} };
  const changed = SITE_FILES.filter(({ url, revision }) => before.revisions[url] !== revision).map(({ url }) => url);
  const tell = (message) => source && source.postMessage(message);
  const { total, failed } = await keepAll(changed, {
    fresh: true,
    progress: (done) => tell({ type: "keep-progress", done, total: changed.length }),
  });
  const cache = await caches.open(SITE_CACHE);
  for (const request of await cache.keys()) {
    if (!SITE_FILE_SET.has(request.url)) await cache.delete(request);
  }
  if (failed === 0) {
    const revisions = Object.fromEntries(SITE_FILES.map(({ url, revision }) => [url, revision]));
    await (await caches.open(CHOICE_CACHE)).put(CHOICE_KEY, new Response(JSON.stringify({ revisions })));
  }
  tell({ type: "keep-done", total, failed });
}

let keeping = null;
async function onKeepMessage(data, source) {
  if (data.type === "keep-page" && Array.isArray(data.urls)) await keepAll(data.urls.slice(0, 300).map(String));
  // A reader who kept the site is brought up to date whenever a page opens.
  const wanted = data.type === "keep-site" || ((await choice()) !== null && data.type === "keep-page");
  if (!wanted) return;
  keeping = keeping || keepSite(source).finally(() => { keeping = null; });
  await keeping;
}

// A reader who has used a calculator keeps using one offline after a new
// build. While this worker installs, this build's runtime files are copied
// from the runtime cache of the build before (a file at the same address is
// the same file: its folder is named after its content) and the rest (most
// often only the new wheel) are fetched. The page open at the time may keep
// the build before's worker in control until it closes, and that worker
// knows nothing of the new wheel, so this is the only moment to get it.
// A reader who never loaded a calculator has no runtime cache: nothing is
// fetched for them.
async function carryRuntimeOver() {
  const older = (await caches.keys()).filter((name) => name.startsWith("calculators-runtime-") && name !== RUNTIME_CACHE);
  if (older.length === 0) return;
  const cache = await caches.open(RUNTIME_CACHE);
  for (const key of RUNTIME_FILES) {
    if (await cache.match(key)) continue;
    try {
      // Only runtime caches hold runtime files, and this one has not got it.
      const copy = (await caches.match(key)) || (await fetch(key));
      if (copy.ok) await cache.put(key, copy);
    } catch {
      // Offline, or the server refused: fetched when a calculator next asks.
    }
  }
}
self.addEventListener("install", (event) => event.waitUntil(carryRuntimeOver()));

// Cache first, under the file's own address. A runtime address that is not
// one of this build's files (another build's, a mistyped one) goes to the
// network and is not kept; without a network, any runtime cache's copy.
registerRoute(({ url }) => isRuntime(url), async ({ request, url, event }) => {
  const key = runtimeKey(url);
  if (!key) return fetch(request).catch(async (error) => (await caches.match(request, { ignoreSearch: true })) || Promise.reject(error));
  const cache = await caches.open(RUNTIME_CACHE);
  const cached = await cache.match(key);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) event.waitUntil(cache.put(key, response.clone()));
  return response;
});

// Everything else of this site: the network (a file of the site is kept as
// it arrives), or the kept copy without one.
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

setDefaultHandler(async ({ request, url, event }) => {
  if (url.origin !== self.location.origin || request.method !== "GET") return fetch(request);
  let response;
  try {
    response = await fresh(request, url);
  } catch (error) {
    const copy = await kept(url);
    if (copy) return copy;
    throw error;
  }
  if (response.ok && response.status === 200 && !request.headers.has("range")) event.waitUntil(keep(url, response.clone()));
  return response;
});

// A calculator page whose worker fetched the runtime before this service
// worker controlled it sends the addresses it fetched; they are cached here
// (the browser's HTTP cache usually still has them). Only this build's
// runtime files are taken, each once, whatever query it came with.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "keep-page" || data.type === "keep-site") {
    event.waitUntil(onKeepMessage(data, event.source));
    return;
  }
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
