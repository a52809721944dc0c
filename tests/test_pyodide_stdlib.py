"""The trimmed standard library the site ships (issue 16, goal 3).

Pyodide's python_stdlib.zip holds all of Python's standard library; the site
ships only the files in hooks/pyodide_stdlib/files.txt and Pyodide's own
packages. Here: the list still covers every file the calculator pages import
(Pyodide run under Node by the probe, as `make stdlib-list` does), and the
built site's zip holds exactly those files. That every calculator runs with
the trimmed zip in Chromium is what the browser tests show.
"""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from pathlib import Path

from conftest import BuiltSite

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from calculator_pages import PYODIDE_SRC, STDLIB_ALWAYS, stdlib_files  # noqa: E402


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
        assert files == stdlib_files() | always
        assert trimmed.testzip() is None
        # Every file is byte for byte the npm package's.
        assert all(trimmed.read(name) == whole.read(name) for name in files)
    full = (PYODIDE_SRC / "python_stdlib.zip").stat().st_size
    # The trimmed zip is less than half the original (npm pyodide 314.x: 2.5 MB whole, about 0.85 MB trimmed).
    assert shipped.stat().st_size < full / 2, (shipped.stat().st_size, full)
