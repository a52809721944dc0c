"""The wheel the site serves: pure Python, carries its data and Pyodide's bytecode, and gives
identical results in CPython and Pyodide."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import calculators

ROOT = Path(__file__).resolve().parents[2]
PYODIDE = ROOT / "node_modules" / "pyodide" / "pyodide.mjs"

# Inputs compared across interpreters: every preset, plus a few invalid ones
# (errors must match too).
CASES = [
    (name, preset, json.dumps(calculators.preset_input(name, preset)))
    for name, presets in calculators.list_calculators().items()
    for preset in presets
] + [
    ("placement-cost", "invalid: empty mix", json.dumps({"placements": []})),
    ("caseload", "invalid: NaN and text", '{"teams": [{"name": "A", "fte": NaN, "cases": {}}], "target_caseload": "x"}'),
    ("caseload", "invalid: malformed JSON", "{"),
]


@pytest.fixture(scope="module")
def wheel() -> Path:
    """The wheel exactly as the site build makes it (standard build front end, then Pyodide's bytecode)."""
    from calculator_pages import build_wheel

    return build_wheel()


def test_wheel_is_pure_python_with_data(wheel: Path) -> None:
    assert wheel.name.endswith("-py3-none-any.whl")
    names = zipfile.ZipFile(wheel).namelist()
    # Subpackages travel too (one package per calculator): every module of calculators/ is in the wheel.
    sources = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "calculators").rglob("*.py"))
    assert "calculators/placement_cost/model.py" in sources
    assert [s for s in sources if s not in names] == []
    for csv_name in ("unit_costs.csv", "caseload_benchmarks.csv", "preset_inputs.csv", "national_rates.csv"):
        assert f"calculators/data/{csv_name}" in names
    assert not [n for n in names if n.endswith((".so", ".pyd"))]
    # Beside each module, its bytecode for Pyodide's Python only (which of them is Pyodide's is
    # checked in test_pyodide_imports_the_wheels_bytecode_without_compiling): nothing for CPython 3.11.
    pycs = sorted(n for n in names if n.endswith(".pyc"))
    expected = sorted(f"{s.rsplit('/', 1)[0]}/__pycache__/{s.rsplit('/', 1)[1][:-3]}.cpython-314.pyc" for s in sources)
    assert pycs == expected
    record = zipfile.ZipFile(wheel).read("childrens_services_calculators-0.1.0.dist-info/RECORD").decode()
    assert [p for p in pycs if f"{p},sha256=" not in record] == []


def test_every_preset_runs_from_the_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target", site, str(wheel)], check=True, timeout=300)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    script = (
        "import calculators, json, sys\n"
        "assert 'site-packages' in calculators.__file__, calculators.__file__\n"
        "cases = json.loads(sys.stdin.read())\n"
        "print(json.dumps([calculators.run_json_text(n, t) for n, _, t in cases]))\n"
    )
    done = subprocess.run([str(python), "-I", "-c", script], input=json.dumps(CASES), capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    installed = json.loads(done.stdout)
    assert installed == [calculators.run_json_text(n, t) for n, _, t in CASES]
    listing = subprocess.run([str(python), "-I", "-m", "calculators", "list", "--format", "json"], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    assert listing.returncode == 0 and json.loads(listing.stdout) == calculators.list_calculators()


_NODE_SCRIPT = """
import { loadPyodide } from %(pyodide)s;
import { readFileSync } from "node:fs";
const py = await loadPyodide();
py.unpackArchive(new Uint8Array(readFileSync(%(wheel)s)), "wheel");
py.globals.set("cases_text", readFileSync(0, "utf8"));
const out = py.runPython(`
import json, calculators
cases = json.loads(cases_text)
json.dumps({"version": __import__("sys").version_info[:2], "outputs": [calculators.run_json_text(n, t) for n, _, t in cases]})
`);
process.stdout.write(out);
"""


@pytest.mark.skipif(shutil.which("node") is None or not PYODIDE.exists(), reason="needs node and node_modules/pyodide (npm ci)")
def test_pyodide_gives_the_same_output_as_cpython(wheel: Path, tmp_path: Path) -> None:
    script = tmp_path / "run.mjs"
    script.write_text(_NODE_SCRIPT % {"pyodide": json.dumps(PYODIDE.as_uri()), "wheel": json.dumps(str(wheel))})
    done = subprocess.run(["node", str(script)], input=json.dumps(CASES), capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["version"] >= [3, 12]  # Pyodide's Python, not this one
    for (name, preset, text), theirs in zip(CASES, report["outputs"], strict=True):
        assert theirs == calculators.run_json_text(name, text), f"{name} / {preset}: Pyodide and CPython differ"


# Pyodide with the site's wheel unpacked as the worker unpacks it: every module of the package
# imported with Python's compiler watched (SourceLoader.source_to_code is what an import calls
# when it has to compile a .py file: it is not called for a module whose .pyc is used).
_NODE_IMPORTS = """
import { loadPyodide } from %(pyodide)s;
import { readFileSync } from "node:fs";
const py = await loadPyodide();
py.unpackArchive(new Uint8Array(readFileSync(%(wheel)s)), "wheel");
process.stdout.write(py.runPython(`
import importlib, importlib.util, importlib._bootstrap_external as external, json, os, pkgutil, sys
compiled = []
compile_source = external.SourceLoader.source_to_code
def watched(self, data, path, *args, **kwargs):
    compiled.append(path)
    return compile_source(self, data, path, *args, **kwargs)
external.SourceLoader.source_to_code = watched
import calculators
modules = [calculators] + [importlib.import_module(m.name) for m in pkgutil.walk_packages(calculators.__path__, "calculators.")
                           if m.name.rsplit(".", 1)[-1] not in ("__main__", "pandas_adapter")]
json.dumps({
    "magic": importlib.util.MAGIC_NUMBER.hex(), "cache_tag": sys.implementation.cache_tag,
    "modules": len(modules), "compiled": compiled,
    "cached_missing": [m.__name__ for m in modules if not os.path.exists(m.__cached__)],
    # A traceback shows the source: the code names the .py file it was imported from, which is there.
    "code_file": calculators._engine.run_json.__code__.co_filename, "module_file": calculators._engine.__file__,
})
`));
"""


@pytest.mark.skipif(shutil.which("node") is None or not PYODIDE.exists(), reason="needs node and node_modules/pyodide (npm ci)")
def test_pyodide_imports_the_wheels_bytecode_without_compiling(wheel: Path, tmp_path: Path) -> None:
    script = tmp_path / "imports.mjs"
    script.write_text(_NODE_IMPORTS % {"pyodide": json.dumps(PYODIDE.as_uri()), "wheel": json.dumps(str(wheel))})
    done = subprocess.run(["node", str(script)], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["modules"] > 40  # the whole package was imported (54 modules when this was written)
    assert report["compiled"] == []  # not one module compiled from source
    assert report["cached_missing"] == []
    assert report["code_file"] == report["module_file"] and report["module_file"].endswith("calculators/_engine.py")
    # Every .pyc in the wheel was made by the runtime's Python: its magic number (the bytecode version).
    with zipfile.ZipFile(wheel) as archive:
        pycs = [n for n in archive.namelist() if n.endswith(".pyc")]
        assert pycs and all(n.endswith(f".{report['cache_tag']}.pyc") for n in pycs)
        assert [n for n in pycs if archive.read(n)[:4].hex() != report["magic"]] == []
