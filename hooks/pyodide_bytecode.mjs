// Compiles every .py file under a folder to bytecode with Pyodide's own Python.
//
// node hooks/pyodide_bytecode.mjs PYODIDE_DIR FOLDER LAYOUT [PREFIX]
//
// Loads Pyodide from the npm package (the runtime the site serves), mounts
// FOLDER and writes, beside each .py file, the .pyc that Pyodide's Python
// would otherwise make from source on every visit: LAYOUT "pycache" puts it in
// __pycache__/<module>.<cache tag>.pyc (as a package's import looks for it),
// "legacy" as <module>.pyc (as zipimport looks for it in python_stdlib.zip).
// Unchecked-hash pycs: Python uses them without comparing them with the
// source (unpacking gives every file a new date, which a timestamp pyc would
// be rejected for). PREFIX goes before each file's path in the name
// tracebacks show. Prints one JSON line: the magic number and cache tag of
// that Python and how many files were compiled. Used by pyodide_bytecode.py.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideArg, folder, layout, prefix = ""] = process.argv.slice(2);
const pyodideDir = resolve(pyodideArg) + "/";
const { loadPyodide } = await import(pathToFileURL(pyodideDir + "pyodide.mjs").href);
const pyodide = await loadPyodide({ indexURL: pyodideDir });
pyodide.mountNodeFS("/compile", resolve(folder));
pyodide.globals.set("legacy", layout === "legacy");
pyodide.globals.set("prefix", prefix);
const report = pyodide.runPython(`
import importlib.util, json, os, py_compile, sys

compiled = 0
for top, dirs, files in os.walk("/compile"):
    dirs[:] = sorted(d for d in dirs if d != "__pycache__")
    for name in sorted(files):
        if not name.endswith(".py"):
            continue
        source = os.path.join(top, name)
        target = source + "c" if legacy else importlib.util.cache_from_source(source)
        # The name tracebacks show: PREFIX and the file's path inside the folder (a package's
        # import puts in the path it was imported from; zipimport keeps this one).
        shown = prefix + os.path.relpath(source, "/compile")
        py_compile.compile(source, cfile=target, dfile=shown, doraise=True,
                           invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
        compiled += 1
json.dumps({"magic": importlib.util.MAGIC_NUMBER.hex(), "cache_tag": sys.implementation.cache_tag, "compiled": compiled})
`);
console.log(report);
