// The page's side of the Web Worker that hosts Pyodide: one worker per visit,
// shared by every calculator page (this module is evaluated once per visit).
//
// Python takes about two seconds to start, so on a calculator page the
// worker is started by a few lines of script at the top of the <head>, from
// the addresses in <meta name="calculator-runtime">, while the rest of the
// page is still arriving (see hooks/calculator_pages.py); this module adopts
// it, with the messages it sent meanwhile. page.js imports this module (one
// instance per visit), so a page reached by instant navigation, whose <head>
// scripts do not run, starts the worker from there instead. The worker
// fetches the calculators wheel while Pyodide is still loading.

export const workerState = { ready: false, failed: null, step: 0, message: "" };
export const workerListeners = new Set();

let worker = null;
const pending = new Map();
let nextId = 1;

function changed() {
  workerListeners.forEach((listener) => listener(workerState));
}

function received(data) {
  if (data.type === "progress") Object.assign(workerState, { step: data.step, message: data.message });
  if (data.type === "ready") workerState.ready = true;
  if (data.type === "failed") workerState.failed = data.message;
  if (data.type === "result") {
    const resolve = pending.get(data.id);
    pending.delete(data.id);
    if (resolve) resolve(data);
  }
  changed();
}

function listen() {
  worker.onmessage = ({ data }) => received(data);
  worker.onerror = (event) => {
    workerState.failed = event.message || "the worker script could not run";
    changed();
  };
}

// The worker's address carries the runtime's and the wheel's (see worker.js).
// The hook's start-up script in the <head> builds the same address.
export function workerAddress({ workerUrl, pyodideUrl, wheelUrl }) {
  const url = new URL(workerUrl, document.baseURI);
  url.searchParams.set("pyodide", new URL(pyodideUrl, document.baseURI).href);
  url.searchParams.set("wheel", new URL(wheelUrl, document.baseURI).href);
  return url.href;
}

// Idempotent: the first call starts the worker, later calls do nothing.
export function startWorker(addresses) {
  if (worker) return;
  worker = new Worker(workerAddress(addresses), { type: "module" });
  listen();
}

export function runInWorker(calculator, input) {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    worker.postMessage({ type: "run", id, calculator, input: JSON.stringify(input) });
  });
}

// Adopt the worker the <head> started. (Without it, say on a page reached
// by instant navigation, page.js starts one through startWorker.)
const early = window.__calculatorWorker;
if (early) {
  worker = early.worker;
  listen();
  early.early.forEach(received);
}
