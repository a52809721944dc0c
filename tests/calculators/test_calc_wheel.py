"""The wheel: pure Python, carries its data, and gives identical results in CPython and Pyodide."""

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
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=ROOT, check=True, capture_output=True, timeout=300,
    )
    (built,) = out.glob("*.whl")
    return built


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
