// The Web Worker that hosts Pyodide, started on the reader's first sign of
// intent, and a check that the page script ran.
//
// A reader who only reads a calculator page pays nothing for Python: the
// results are prerendered, and the runtime (some 13 MB) is downloaded only
// when the reader focuses, clicks or touches the form, chooses a preset, or
// arrives with a scenario (a shared link or one kept from earlier in the
// tab). runtime.js calls startWorker then; this module keeps the messages
// the worker sends before runtime.js listens.
//
// A calculator page loads this module from its <head> (head.html). There it
// also watches for the page script (page.js) failing to load: the status
// line would otherwise go on saying the page was waiting for JavaScript,
// which is on. Once the page has loaded, a calculator the page script has
// not set up gets a plain sentence instead.

export const early = [];
let worker = null;

// The worker's address carries the runtime's and the wheel's (see worker.js).
// Addresses are relative to the page.
export function workerAddress({ worker: script, pyodide, wheel }) {
  const url = new URL(script, document.baseURI);
  url.searchParams.set("pyodide", new URL(pyodide, document.baseURI).href);
  url.searchParams.set("wheel", new URL(wheel, document.baseURI).href);
  return url.href;
}

// A worker's error event as a "failed" message.
export function failure(event) {
  return { type: "failed", message: event.message || "the worker script could not run" };
}

// Idempotent: the first call starts the worker, every call returns it.
export function startWorker(addresses) {
  if (!worker) {
    worker = new Worker(workerAddress(addresses), { type: "module" });
    worker.onmessage = ({ data }) => early.push(data);
    worker.onerror = (event) => early.push(failure(event));
  }
  return worker;
}

// Ends the worker (a stalled download: see runtime.js), so the next
// startWorker starts a new one.
export function stopWorker() {
  if (worker) worker.terminate();
  worker = null;
  early.length = 0;
}

export const PAGE_SCRIPT_FAILED = "The calculator's page script could not be loaded, so the inputs cannot be changed here. "
  + "The results below are for the default scenario, worked out when this site was built. Reload the page to try again.";

function checkPageScript() {
  for (const root of document.querySelectorAll(".calculator[data-calculator]")) {
    if (root.dataset.calculatorState) continue; // set up by page.js
    root.dataset.calculatorState = "no-script";
    const status = root.querySelector("[data-calculator-status]");
    if (status) {
      status.textContent = PAGE_SCRIPT_FAILED;
      status.classList.add("calculator-status--warning");
    }
  }
}

// The load event waits for the page's async module scripts (page.js among
// them) to run or fail; Material's document$ then sets the page up in a task
// of its own, hence the short wait.
function watchPageScript() {
  const check = () => setTimeout(checkPageScript, 1000);
  if (document.readyState === "complete") check();
  else window.addEventListener("load", check, { once: true });
}
if (typeof document !== "undefined" && document.querySelector('meta[name="calculator-runtime"]')) watchPageScript();

// A shared link (a scenario after #input= in the address) is a calculation
// the reader asked for, and Python's start is most of the wait for its
// figures: the worker starts here, in the <head>, before the page script
// and the theme's bundle have even arrived, rather than when the page script
// reads the link (runtime.js adopts this worker and its early messages).
// A link the page then finds it cannot read has cost a download, as any
// intent does; a page opened without one still downloads no Python.
function startForLink() {
  const meta = document.querySelector('meta[name="calculator-runtime"]');
  if (!meta || !location.hash.startsWith("#input=")) return;
  try {
    startWorker(JSON.parse(meta.content));
  } catch {
    // Addresses unreadable: the page script starts the worker when it reads the link, as before.
  }
}
if (typeof document !== "undefined") startForLink();
