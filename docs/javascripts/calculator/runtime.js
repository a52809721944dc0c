// The page's side of the Web Worker that hosts Pyodide: one worker per visit,
// shared by every calculator page (this module is evaluated once per visit).
// The worker is started by start.js, usually from the page's <head>; the
// worker fetches the calculators wheel while Pyodide is still loading.
//
// Messages: see worker.js.

import { early, failure, startWorker as start } from "./start.js";

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

// Idempotent: adopts the worker (started now if the <head> did not), with
// the messages it sent before this module listened.
// `addresses`: {worker, pyodide, wheel}, relative to the page.
export function startWorker(addresses) {
  if (worker) return;
  worker = start(addresses);
  worker.onmessage = ({ data }) => received(data);
  worker.onerror = (event) => received(failure(event));
  early.splice(0).forEach(received);
}

// The worker's reply {output (JSON text), ms} to one calculation; never
// settles if the worker has failed (workerState.failed says so).
export function runInWorker(calculator, input) {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    worker.postMessage({ type: "run", id, calculator, input: JSON.stringify(input) });
  });
}

// The reply {output (text)} of another Python function (see CALLS in
// worker.js): a council profile read, a template, a comparison.
export function callInWorker(call, ...args) {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    worker.postMessage({ type: "call", id, call, args });
  });
}
