// Starts the Web Worker that hosts Pyodide: once per visit, as early as it can.
//
// Python takes about two seconds to start, so a calculator page loads this
// module from the top of its <head> (<script type="module" async>, added by
// hooks/calculator_pages.py), which runs it as soon as it arrives, while the
// rest of the page is still being read: it starts the worker from the
// addresses in <meta name="calculator-runtime"> and keeps the messages the
// worker sends before anyone listens. runtime.js imports this same module
// (a module is evaluated once per document) and adopts the worker and those
// messages; on a page reached by instant navigation, whose <head> scripts do
// not run, runtime.js starts the worker through startWorker instead.

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

const meta = document.querySelector('meta[name="calculator-runtime"]');
if (meta) startWorker(JSON.parse(meta.content));
