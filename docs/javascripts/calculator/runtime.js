// The page's side of the Web Worker that hosts Pyodide: one worker per visit,
// shared by every calculator page (this module is evaluated once per visit).
//
// The worker starts on the reader's first sign of intent (startOnIntent), or
// at the first calculation (a shared link, a kept scenario, a preset), not
// when the page loads: a reader who only reads downloads no Python.
//
// A download that stalls (no byte for STALL_MS, from the worker script to
// the wheel) ends the worker with a message saying so; retryWorker starts
// a new one and sends it the calculations still waiting. A worker whose
// Python died (a fatal error in Pyodide) is replaced at once (restart).
//
// Messages: see worker.js.

import { early, failure, startWorker as start, stopWorker } from "./start.js";

// started: the worker has been asked for; retry: the failure was a stall,
// and starting again may help; notice: Python died and was started again
// (said on the status line until the next answer).
export const workerState = { started: false, ready: false, failed: null, retry: false, step: 0, message: "", notice: "" };
export const workerListeners = new Set();

// Silence this long while the runtime loads means a stalled download. The
// worker reports every chunk it receives (throttled), so a slow connection
// is not a stall; the longest silence of a working start is Python's own
// start-up after the last byte (about 2 s here, a few times that on a
// slow phone).
export const STALL_MS = 30_000;

let worker = null;
let addresses = null;
const pending = new Map(); // id -> {resolve, message}
let nextId = 1;
let watchdog = null;

function changed() {
  workerListeners.forEach((listener) => listener(workerState));
}

function alive() {
  clearTimeout(watchdog);
  if (workerState.ready || workerState.failed) return;
  watchdog = setTimeout(stalled, STALL_MS);
}

function stalled() {
  stopWorker();
  worker = null;
  Object.assign(workerState, {
    failed: `the download of the Python runtime stalled: nothing arrived for ${STALL_MS / 1000} seconds`,
    retry: true,
  });
  changed();
}

function received(data) {
  if (data.type === "fatal") return restart(data.id);
  if (data.type === "progress") Object.assign(workerState, { step: data.step, message: data.message });
  if (data.type === "ready") {
    workerState.ready = true;
    if (workerState.notice) workerState.notice = RESTARTED;
    keepOffline(data.urls);
  }
  if (data.type === "failed") workerState.failed = data.message;
  if (data.type === "result") {
    const job = pending.get(data.id);
    pending.delete(data.id);
    workerState.notice = "";
    if (job) job.resolve(data);
  }
  alive();
  if (data.type !== "bytes") changed();
}

// The service worker (sw.js) caches the runtime when the worker fetches it
// through it; if the worker started before the service worker controlled
// this page (the first visit), it is told what to cache instead. It is told
// again whenever another service worker takes over (a new build's, which
// keeps only its own build's runtime files, in a cache of its own).
let offlineUrls = null;
function keepOffline(urls) {
  if (!urls || !("serviceWorker" in navigator)) return;
  if (!offlineUrls) navigator.serviceWorker.addEventListener("controllerchange", sendOffline);
  offlineUrls = urls;
  sendOffline();
}

function sendOffline() {
  navigator.serviceWorker.ready.then((registration) => {
    registration.active?.postMessage({ type: "cache-runtime", urls: offlineUrls });
  }).catch(() => {});
}

// Idempotent: starts the worker (once per visit). `addresses`: {worker,
// pyodide, wheel}, relative to the page; remembered for a retry.
export function startWorker(given) {
  addresses ??= given;
  if (worker) return;
  // From here to the first result is what intent costs a reader (make bench).
  if (!performance.getEntriesByName("calculator:intent").length) performance.mark("calculator:intent");
  worker = start(addresses);
  workerState.started = true;
  worker.onmessage = ({ data }) => received(data);
  worker.onerror = (event) => received(failure(event));
  early.splice(0).forEach(received);
  alive();
  changed();
}

// Python died in the worker (Pyodide's fatal error: worker.js, failed):
// the calculation it was running is answered with a plain message (not the
// error, which is for developers), the worker is ended, and a new one is
// started and sent every other calculation still waiting. Each calculator
// page of the visit uses the new one. After MAX_RESTARTS in a visit the
// calculator is said to have failed, with the button to start it again.
const MAX_RESTARTS = 3;
let restarts = 0;
const DIED = "The calculator's Python stopped working on this calculation, so it could not be done; "
  + "Python has been started again. The results shown are from the last inputs it could work out.";
const RESTARTING = "The calculator's Python stopped working on the last calculation and is being started again. "
  + "Meanwhile the results shown are from the last inputs it worked out.";
const RESTARTED = "The calculator's Python stopped working on the last calculation and has been started again: "
  + "change any input and the results update.";

function restart(id) {
  const job = pending.get(id);
  pending.delete(id);
  stopWorker();
  worker = null;
  restarts += 1;
  if (restarts > MAX_RESTARTS) {
    Object.assign(workerState, { ready: false, retry: true, notice: "",
      failed: `its Python stopped working ${restarts} times in this visit, each time on a calculation it could not do` });
  } else {
    Object.assign(workerState, { ready: false, failed: null, retry: false, step: 0, message: RESTARTING, notice: RESTARTING });
    startWorker(addresses);
    pending.forEach(({ message }) => worker.postMessage(message));
  }
  changed();
  job?.resolve({ type: "result", id, ms: 0, output: JSON.stringify({ ok: false, errors: [{ path: "", message: DIED }] }) });
}

// After a stall: a new worker, sent every calculation still waiting.
export function retryWorker() {
  restarts = 0;
  Object.assign(workerState, { ready: false, failed: null, retry: false, step: 0, message: "", notice: "" });
  worker = null;
  stopWorker();
  startWorker(addresses);
  pending.forEach(({ message }) => worker.postMessage(message));
}

// Starts the worker at the first sign that the reader means to use the
// form under `root`: focus, a pointer or touch, or a key pressed in it.
// Returns a function that stops listening.
const INTENT = ["focusin", "pointerdown", "touchstart", "keydown"];
export function startOnIntent(root, given) {
  addresses ??= given;
  if (worker) return () => {};
  const intent = () => {
    stop();
    startWorker(given);
  };
  const stop = () => INTENT.forEach((type) => root.removeEventListener(type, intent, true));
  INTENT.forEach((type) => root.addEventListener(type, intent, { capture: true, passive: true }));
  return stop;
}

// The worker's reply {output (JSON text), ms} to one calculation; starts the
// worker if need be; never settles if the worker has failed
// (workerState.failed says so) unless a retry succeeds. `drivers: false`
// leaves out the sensitivity analysis (calculators/_engine.py run_json);
// a newer run on the same `channel` drops an older one still working (worker.js).
export function runInWorker(calculator, input, { drivers = true, channel } = {}) {
  if (!workerState.failed) startWorker(addresses);
  const id = nextId++;
  const message = { type: "run", id, calculator, input: JSON.stringify(input), drivers, channel };
  return new Promise((resolve) => {
    pending.set(id, { resolve, message });
    worker?.postMessage(message);
  });
}

// The reply {output (text)} of another Python function (see CALLS in
// worker.js): a council profile read, a template, a comparison.
// Like runInWorker, it starts the worker if need be and is resent by a retry.
export function callInWorker(call, ...args) {
  if (!workerState.failed) startWorker(addresses);
  const id = nextId++;
  const message = { type: "call", id, call, args };
  return new Promise((resolve) => {
    pending.set(id, { resolve, message });
    worker?.postMessage(message);
  });
}
