// Lists the files of Pyodide's python_stdlib.zip that the calculator pages use.
//
// node hooks/pyodide_stdlib/probe.mjs PYODIDE_DIR WHEEL
//
// Loads Pyodide from the npm package (as the page does, with no extra
// packages), unpacks the calculators' wheel as the worker does, runs
// exercise.py beside this file, then makes Python raise into JavaScript
// (as an unexpected failure would). Prints a JSON list of the zip's files
// that were imported, sorted. Used by `make stdlib-list` and by
// tests/test_pyodide_stdlib.py.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [pyodideArg, wheel] = process.argv.slice(2);
const pyodideDir = resolve(pyodideArg) + "/";
const { loadPyodide } = await import(pathToFileURL(pyodideDir + "pyodide.mjs").href);
const pyodide = await loadPyodide({ indexURL: pyodideDir });
// An ArrayBuffer, as the worker's fetch gives it (Pyodide does not take Node's Buffer).
const bytes = readFileSync(wheel);
pyodide.unpackArchive(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), "wheel");
pyodide.runPython(readFileSync(fileURLToPath(new URL("exercise.py", import.meta.url)), "utf8"));
try {
  pyodide.runPython("raise ValueError('a failure the worker reports')");
} catch {
  // expected: the traceback machinery is now imported
}
const files = pyodide.runPython(`
import sys
prefix = "/lib/python314.zip/"
sorted({m.__file__[len(prefix):] for m in list(sys.modules.values()) if (getattr(m, "__file__", None) or "").startswith(prefix)})
`).toJs();
console.log(JSON.stringify(files, null, 0));
