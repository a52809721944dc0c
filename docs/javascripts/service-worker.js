// Registers the site's service worker (sw.js at the site's root, written by
// hooks/service_worker.py): after one visit the whole site works with the
// network off, and a calculator's Python runtime, once a calculator has
// loaded it, is not downloaded again.
//
// Registered after the page has loaded, so that caching the site never
// competes with the page itself. This script is at javascripts/ under the
// site's root, so the root is found from its own address, and the site
// works from any sub-folder.

(() => {
  if (!("serviceWorker" in navigator) || !document.currentScript) return;
  const root = new URL("../", document.currentScript.src);
  // updateViaCache "none": the scripts sw.js imports (Workbox) are checked with
  // the server at each update too, not only sw.js itself.
  const register = () => navigator.serviceWorker.register(new URL("sw.js", root), { scope: root.pathname, updateViaCache: "none" })
    .catch(() => {}); // e.g. a file:// copy of the site: everything still works without it
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });
})();
