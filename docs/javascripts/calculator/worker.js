// Web Worker hosting Pyodide for the calculator pages.
//
// Started once per visit by runtime.js, on the reader's first sign of
// intent (or again after a stalled download), and reused on every calculator page, so
// the page's thread never blocks on Python. The runtime and the calculators
// wheel are fetched in parallel; the wheel is unpacked into Python's working
// directory, which is on its path (Pyodide's unpackArchive; a pure-Python
// wheel needs no micropip). Every calculation goes through the
// package's one JSON entry point, calculators.run_json_text.
//
// Started as worker.js?pyodide=<runtime folder>&wheel=<calculators wheel>:
// the addresses come in its own URL, not in a message, because messages sent
// to a worker before it starts are passed on by the page's thread, which is
// busy reading the page just then (that cost some 100 ms of start-up).
//
// Messages in:  {type: "run", id, calculator, input, drivers, channel}   (input: JSON text)
//               {type: "call", id, call, args}          (one of CALLS below; see profile.js, scenarios.js, case-page.js)
// Messages out: {type: "progress", step, message, at}   (at: see progress below)
//               {type: "ready", ms, urls, at}   (urls: the files the worker downloaded)
//               {type: "bytes"}     (a download is making progress; see fetch below)
//               {type: "failed", message}   (a plain sentence fragment, no traceback)
//               {type: "result", id, output, ms}        (output: JSON text)
//               {type: "fatal", id}   (Python died running message id: see failed below)

// `at`: when the worker reached the step, on the clock all the page's threads
// share (the page may read the message later, while it is busy).
const now = () => performance.timeOrigin + performance.now();
function progress(step, message) {
  self.postMessage({ type: "progress", step, message, at: now() });
}

// Pyodide 314 does not reject loadPyodide() when pyodide.asm.wasm cannot be
// fetched or compiled: it logs a warning and waits for ever (fixed upstream
// in pyodide/pyodide#6296). Its warning is the only signal, so it becomes a
// failure here and the page can say the calculator cannot start.
const warn = console.warn;
function wasmFailure() {
  return new Promise((_, reject) => {
    console.warn = (...args) => {
      warn.apply(console, args);
      if (String(args[0]).includes("wasm instantiation failed")) {
        reject(new Error("the Python runtime (pyodide.asm.wasm) could not be loaded"));
      }
    };
  });
}

// Every download the worker makes (Pyodide's own included) goes through
// this fetch: each chunk that arrives is reported ("bytes", at most every
// half second), so the page can tell a slow download from a stalled one;
// and a file that could not be downloaded is remembered by name, so a
// failure is told in words ("could not download python_stdlib.zip (404)")
// rather than as what it caused in Pyodide ("Program terminated with
// exit(1)", "Unexpected token '<'").
const failedDownloads = [];
const fetchOriginal = self.fetch.bind(self);
let lastReport = 0;
function arrived() {
  const now = performance.now();
  if (now - lastReport > 500) {
    lastReport = now;
    self.postMessage({ type: "bytes" });
  }
}
function fileName(url) {
  return decodeURIComponent(new URL(String(url && url.url || url), self.location.href).pathname.split("/").pop());
}
self.fetch = async (resource, init) => {
  let response;
  try {
    response = await fetchOriginal(resource, init);
  } catch (error) {
    failedDownloads.push(`${fileName(resource)} (the connection failed)`);
    throw error;
  }
  arrived();
  if (!response.ok) {
    failedDownloads.push(`${fileName(resource)} (${response.status}${response.statusText ? " " + response.statusText : ""})`);
    return response;
  }
  if (!response.body) return response;
  const counted = response.body.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      arrived();
      controller.enqueue(chunk);
    },
  }));
  return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
};

class StartError extends Error {}

// A failure to start, in one plain sentence fragment (the page adds the rest).
function plainFailure(error) {
  if (failedDownloads.length) return `could not download ${failedDownloads.join(", ")}`;
  if (error instanceof StartError) return error.message;
  return String(error && error.message || error);
}

async function start(pyodideUrl, wheelUrl) {
  progress(1, "Downloading the Python runtime (about 13 MB; your browser keeps it for later visits)…");
  const wheelName = fileName(wheelUrl);
  // The wheel (a few kB) downloads while Pyodide loads.
  const wheel = fetch(wheelUrl).then((response) => {
    if (!response.ok) throw new StartError(`could not download the calculators (${wheelName}, ${response.status})`);
    return response.arrayBuffer();
  });
  wheel.catch(() => {}); // reported below, where it is awaited
  const { loadPyodide } = await import(pyodideUrl + "pyodide.mjs");
  const pyodide = await Promise.race([loadPyodide({ indexURL: pyodideUrl }), wasmFailure()]);
  console.warn = warn;
  progress(2, "Loading the calculators…");
  const archive = await wheel;
  try {
    pyodide.unpackArchive(archive, "wheel");
    python = pyodide; // for the other CALLS below
    return pyodide.runPython("import calculators\ncalculators.run_json_text");
  } catch (error) {
    // Python's traceback is for developers (the console), not the page's status line.
    console.warn(error);
    throw new StartError(`the calculators package (${wheelName}) is damaged and could not be opened`);
  }
}

async function ready(pyodideUrl, wheelUrl) {
  const started = performance.now();
  const run = await start(pyodideUrl, wheelUrl);
  progress(3, "Ready");
  // What was downloaded, for the service worker to keep (see runtime.js).
  const urls = performance.getEntriesByType("resource").map((entry) => entry.name);
  self.postMessage({ type: "ready", ms: performance.now() - started, urls, at: now() });
  return run;
}

// Python functions the page may call besides run_json_text, each taking and
// returning text (a profile's bytes arrive as a Uint8Array). Imported on first use.
let python = null;
const CALLS = {
  profile_apply: "from calculators import profile\nprofile.apply_text",
  profile_template: "from calculators import profile\nprofile.template_text",
  compare: "from calculators import scenarios\nscenarios.compare_json_text",
  // The CSV files (actions.js, scenarios.js): written by Python, the same bytes as the command line's --format csv.
  results_csv: "from calculators import csv_files\ncsv_files.results_csv_text",
  comparison_csv: "from calculators import csv_files\ncsv_files.comparison_csv_text",
  // The business case (case-page.js, business-case-link.js): the case file read and laid out, its exports, a new case.
  case_json: "from calculators import business_case\nbusiness_case.case_json",
  case_file: "from calculators import business_case\nbusiness_case.case_file",
  new_case: "from calculators import business_case\nbusiness_case.new_case",
};
const called = {};

// A call that raised. Python's functions answer bad input with errors, so
// this is either a defect, answered as such, or Pyodide's fatal error (a
// stack overflow in Python's C code, say), after which every call fails
// "Pyodide already fatally failed" for the rest of this worker's life: the
// page is told ("fatal"), and ends this worker and starts another
// (runtime.js). The error itself is for developers (the console).
function failed(id, error) {
  if (error?.pyodide_fatal_error || !pythonAnswers()) {
    console.warn(error);
    self.postMessage({ type: "fatal", id });
    return;
  }
  self.postMessage({
    type: "result", id, ms: 0,
    output: JSON.stringify({ ok: false, errors: [{ path: "", message: `The calculator failed unexpectedly: ${error}` }] }),
  });
}

function pythonAnswers() {
  try {
    return python.runPython("1") === 1;
  } catch {
    return false;
  }
}

// A full calculation (with "What drives this result?", up to a few seconds for
// a large scenario) runs a slice at a time, and between slices the worker reads
// its messages: the headline of a newer edit is answered first, and a newer
// "run" on the same channel (the same calculator form) drops the older one,
// whose answer nobody would see. Runs without a channel (pinned scenarios) are
// never dropped.
const SLICE_MS = 50;
const latestOnChannel = new Map(); // channel -> id of the newest "run" sent on it
let startJob = null;
let headline = null;

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

async function runInSlices(message) {
  startJob ??= python.runPython("from calculators import _engine\n_engine.start_json_text");
  const started = performance.now();
  const job = startJob(message.calculator, message.input, true);
  try {
    for (;;) {
      const output = job.step(SLICE_MS); // Python's None arrives as undefined
      if (output !== undefined) return { output, ms: performance.now() - started };
      await nextTask();
      if (message.channel !== undefined && latestOnChannel.get(message.channel) !== message.id) {
        job.close();
        const errors = [{ path: "", message: "A newer edit replaced this calculation." }];
        return { output: JSON.stringify({ ok: false, superseded: true, errors }), ms: 0 };
      }
    }
  } finally {
    job.destroy();
  }
}

const address = new URL(self.location.href).searchParams;
const runtime = ready(address.get("pyodide"), address.get("wheel"));
runtime.catch((error) => self.postMessage({ type: "failed", message: plainFailure(error) }));

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "call" && Object.hasOwn(CALLS, message.call)) {
    try {
      await runtime;
    } catch {
      return;
    }
    let output;
    try {
      called[message.call] ??= python.runPython(CALLS[message.call]);
      output = called[message.call](...message.args);
    } catch (error) {
      failed(message.id, error);
      return;
    }
    self.postMessage({ type: "result", id: message.id, output, ms: 0 });
  }
  if (message.type === "run") {
    if (message.channel !== undefined) latestOnChannel.set(message.channel, message.id);
    try {
      await runtime;
    } catch {
      return; // "failed" has been posted already
    }
    const started = performance.now();
    try {
      if (message.drivers !== false) {
        self.postMessage({ type: "result", id: message.id, ...(await runInSlices(message)) });
        return;
      }
      // The headline alone (its figures and the sentence on where they come from): the full answer follows.
      headline ??= python.runPython("from calculators import _engine\n_engine.headline_json_text");
      const output = headline(message.calculator, message.input);
      self.postMessage({ type: "result", id: message.id, output, ms: performance.now() - started });
    } catch (error) {
      failed(message.id, error);
    }
  }
};
