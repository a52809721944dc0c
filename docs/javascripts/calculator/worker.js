// Web Worker hosting Pyodide for the calculator pages.
//
// Started once per visit by runtime.js and reused on every calculator page, so
// the page's thread never blocks on Python. The runtime and the calculators
// wheel are fetched in parallel; the wheel is unpacked into site-packages
// (a pure-Python wheel needs no micropip). Every calculation goes through the
// package's one JSON entry point, calculators.run_json_text.
//
// Started as worker.js?pyodide=<runtime folder>&wheel=<calculators wheel>:
// the addresses come in its own URL, not in a message, because messages sent
// to a worker before it starts are passed on by the page's thread, which is
// busy reading the page just then (that cost some 100 ms of start-up).
//
// Messages in:  {type: "run", id, calculator, input}   (input: JSON text)
//               {type: "call", id, call, args}          (one of CALLS below; see profile.js, scenarios.js)
// Messages out: {type: "progress", step, message}
//               {type: "ready", ms}
//               {type: "failed", message}
//               {type: "result", id, output, ms}        (output: JSON text)

function progress(step, message) {
  self.postMessage({ type: "progress", step, message });
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

async function start(pyodideUrl, wheelUrl) {
  const started = performance.now();
  progress(1, "Downloading the Python runtime (about 13 MB, once per visit)…");
  // The wheel (a few kB) downloads while Pyodide loads.
  const wheel = fetch(wheelUrl).then((response) => {
    if (!response.ok) throw new Error(`could not fetch the calculators (${response.status} ${wheelUrl})`);
    return response.arrayBuffer();
  });
  wheel.catch(() => {}); // reported below, where it is awaited
  const { loadPyodide } = await import(pyodideUrl + "pyodide.mjs");
  const pyodide = await Promise.race([loadPyodide({ indexURL: pyodideUrl }), wasmFailure()]);
  console.warn = warn;
  progress(2, "Loading the calculators…");
  pyodide.unpackArchive(await wheel, "wheel");
  const run = pyodide.runPython("import calculators\ncalculators.run_json_text");
  python = pyodide;
  progress(3, "Ready");
  self.postMessage({ type: "ready", ms: performance.now() - started });
  return run;
}

// Python functions the page may call besides run_json_text, each taking and
// returning text (a profile's bytes arrive as a Uint8Array). Imported on first use.
let python = null;
const CALLS = {
  profile_apply: "from calculators import profile\nprofile.apply_text",
  profile_template: "from calculators import profile\nprofile.template_text",
  compare: "from calculators import scenarios\nscenarios.compare_json_text",
};
const called = {};

const address = new URL(self.location.href).searchParams;
const runtime = start(address.get("pyodide"), address.get("wheel"));
runtime.catch((error) => self.postMessage({ type: "failed", message: String(error && error.message || error) }));

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
      output = JSON.stringify({ ok: false, errors: [{ path: "", message: `The calculator failed unexpectedly: ${error}` }] });
    }
    self.postMessage({ type: "result", id: message.id, output, ms: 0 });
  }
  if (message.type === "run") {
    let run;
    try {
      run = await runtime;
    } catch {
      return; // "failed" has been posted already
    }
    const started = performance.now();
    try {
      const output = run(message.calculator, message.input);
      self.postMessage({ type: "result", id: message.id, output, ms: performance.now() - started });
    } catch (error) {
      // run_json_text never raises for bad input; this is a defect, so say so.
      self.postMessage({
        type: "result", id: message.id, ms: 0,
        output: JSON.stringify({ ok: false, errors: [{ path: "", message: `The calculator failed unexpectedly: ${error}` }] }),
      });
    }
  }
};
