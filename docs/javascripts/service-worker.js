// Registers the site's service worker (sw.js at the site's root, written by
// hooks/service_worker.py) and works the footer's "Keep this site for
// offline use".
//
// A page a reader opens works with the network off afterwards: on a first
// visit the page was loaded before the worker existed, so once the worker
// is ready the page sends it the addresses it used, and the worker keeps
// those (from the browser's cache: no second download). The rest of the
// site is downloaded only when the reader asks for it (issue 31: a first
// visit costs what the reader reads). A calculator's Python runtime, once a
// calculator has loaded it, is not downloaded again.
//
// Registered after the page has loaded, so that the worker never competes
// with the page itself. This script is at javascripts/ under the site's
// root, so the root is found from its own address, and the site works from
// any sub-folder.

(() => {
  if (!("serviceWorker" in navigator) || !document.currentScript) return;
  const root = new URL("../", document.currentScript.src);

  // The page's own address and every file it loaded (the worker keeps only
  // the site's own files among them).
  const usedByThisPage = () => [
    location.href,
    ...performance.getEntriesByType("resource").map((entry) => entry.name),
  ];

  const worker = () => navigator.serviceWorker.ready.then((registration) => registration.active);

  // The footer's control is shown once the worker runs (not in a browser
  // that blocks it, nor in a file:// copy). updateViaCache "none": the
  // scripts sw.js imports (Workbox) are checked with the server at each
  // update too, not only sw.js itself.
  let available = false;
  const register = () => navigator.serviceWorker.register(new URL("sw.js", root), { scope: root.pathname, updateViaCache: "none" })
    .then(worker)
    .then((active) => {
      active.postMessage({ type: "keep-page", urls: usedByThisPage() });
      available = true;
      show();
    })
    .catch(() => {}); // e.g. a file:// copy of the site: everything still works without it
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });

  // "Keep this site for offline use". The footer is replaced as Material's
  // instant navigation changes pages, so the control is found at each use.
  const control = () => document.querySelector("[data-offline]");
  const say = (text) => {
    const status = document.querySelector("[data-offline-status]");
    if (status) status.textContent = text;
  };
  const show = () => {
    const box = control();
    if (!box || !available) return;
    box.hidden = false;
    // The service worker's record of the reader's choice (hooks/service_worker.js).
    if (!busy && "caches" in window) {
      caches.open("csc-offline-choice").then((cache) => cache.match(new URL("kept-site.json", root).href))
        .then((kept) => { if (kept && !busy) say("This site is saved in this browser for offline use."); })
        .catch(() => {});
    }
  };
  let busy = false;
  if (window.document$) window.document$.subscribe(show); // Material's: each page instant navigation shows

  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element && event.target.closest("[data-offline-keep]");
    if (!button || busy) return;
    busy = true;
    say("Saving the site in this browser…");
    worker().then((active) => active.postMessage({ type: "keep-site" }))
      .catch(() => { busy = false; say("This browser could not save the site. Try again once the page has loaded."); });
  });

  navigator.serviceWorker.addEventListener("message", (event) => {
    const data = event.data || {};
    if (!busy) return;
    if (data.type === "keep-progress") {
      // Every 25 files, not each: the status is read out by screen readers.
      if (data.done % 25 === 0) say(`Saving the site in this browser: ${data.done} of ${data.total} files.`);
    } else if (data.type === "keep-done") {
      busy = false;
      say(data.failed
        ? `${data.failed} of ${data.total} files could not be saved (is the connection down?). Choose the button again to finish.`
        : "Saved: every page of this site now works in this browser without a connection.");
    }
  });
})();
