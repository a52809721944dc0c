"""The trimmed standard library the site ships (issue 16, goal 3).

Pyodide's python_stdlib.zip holds all of Python's standard library; the site
ships only the files in hooks/pyodide_stdlib/files.txt and Pyodide's own
packages. Here: the list still covers every file the calculator pages import
(Pyodide run under Node by the probe, as `make stdlib-list` does), and the
built site's zip holds exactly those files, each as the bytecode Pyodide's own
Python makes of it, and Pyodide starts from that zip and runs the exercise
importing nothing from source. That every calculator runs with the trimmed zip
in Chromium is what the browser tests show.
"""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from pathlib import Path

from conftest import BuiltSite

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from calculator_pages import PYODIDE_SRC, STDLIB_ALWAYS, prepare_runtime, shipped_name, stdlib_files  # noqa: E402


def _probe_module():
    spec = importlib.util.spec_from_file_location("stdlib_probe", ROOT / "hooks" / "pyodide_stdlib" / "probe.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_list_covers_every_file_the_calculators_import() -> None:
    imported = set(_probe_module().probe())
    assert "json/__init__.py" in imported and "csv.py" in imported  # the probe did run the calculators
    missing = sorted(name for name in imported - stdlib_files() if not name.startswith(STDLIB_ALWAYS))
    assert missing == [], f"run `make stdlib-list`: the calculators now import {missing}"


def test_the_site_ships_the_trimmed_zip(built_site: BuiltSite) -> None:
    # In the runtime's folder, named after its content (hooks/calculator_pages.py).
    (shipped,) = built_site.root.glob("assets/calculators/pyodide/*/python_stdlib.zip")
    with zipfile.ZipFile(shipped) as trimmed, zipfile.ZipFile(PYODIDE_SRC / "python_stdlib.zip") as whole:
        files = {i.filename for i in trimmed.infolist() if not i.is_dir()}
        always = {i.filename for i in whole.infolist() if not i.is_dir() and i.filename.startswith(STDLIB_ALWAYS)}
        # Each listed file, a module as its bytecode in place of its source.
        assert files == {shipped_name(name) for name in stdlib_files() | always}
        assert not [name for name in files if name.endswith(".py")]
        assert trimmed.testzip() is None
        # What is not a module is byte for byte the npm package's.
        assert all(trimmed.read(name) == whole.read(name) for name in files if not name.endswith(".pyc"))
    full = (PYODIDE_SRC / "python_stdlib.zip").stat().st_size
    # Smaller than the original still (npm pyodide 314.x: 2.5 MB whole; trimmed 0.85 MB as source,
    # 1.6 MB as bytecode, which spares compiling it at every start).
    assert shipped.stat().st_size < full * 0.7, (shipped.stat().st_size, full)


def test_pyodide_starts_from_the_compiled_zip_without_compiling_it() -> None:
    # The exercise run with the site's runtime folder: Python's start, the calculators and the
    # business case import every standard-library module they need from its bytecode (the zip
    # holds no source: test_the_site_ships_the_trimmed_zip). A .pyc of another Python version
    # would fail its import ("bad magic number") and the probe with it.
    runtime = prepare_runtime()
    with zipfile.ZipFile(runtime / "python_stdlib.zip") as shipped:
        assert not [name for name in shipped.namelist() if name.endswith(".py")]
    imported = _probe_module().probe(runtime)
    assert "json/__init__.pyc" in imported and "csv.pyc" in imported and "decimal.pyc" in imported
    # The rest are Python's frozen modules (os, io, codecs, site, zipimport…), built into the
    # runtime as bytecode: they carry their standard-library file name but are not read from the zip.
    assert {name for name in imported if not name.endswith(".pyc")} <= FROZEN


# Python 3.14's frozen modules that the calculator pages import (Python/frozen.c, "stdlib - startup"
# and "stdlib - for running -m" lists; under Pyodide as under CPython).
FROZEN = {"_collections_abc.py", "_sitebuiltins.py", "abc.py", "codecs.py", "genericpath.py", "importlib/machinery.py",
          "importlib/util.py", "io.py", "ntpath.py", "os.py", "posixpath.py", "site.py", "stat.py", "zipimport.py"}
