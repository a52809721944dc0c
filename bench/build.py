"""How the build scales (issue 16, goal 7), and how much the runtime weighs (goal 3).

Times ``mkdocs build`` of the real site, then of a temporary copy of the
project with ten times the service pages (each service page copied nine
times under a new name and title), and prints seconds per page for both:
growth should stay linear (seconds per page about the same) and the real
build under 60 s on 2 cores.

It also prints the Python runtime's bytes as built, raw and as the
precompressed ``.gz`` copies beside them (hooks/precompress.py).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench._local_site import ROOT

COPIES = 9  # extra copies of each service page: ten times as many in all
RUNTIME_DIRS = ("assets/calculators/pyodide", "assets/calculators/wheel")
# What a project copy needs to build (node_modules is linked, not copied).
PROJECT = ("docs", "data", "calculators", "hooks", "overrides", "mkdocs.yml", "pyproject.toml")


def _build(project: Path, out: Path) -> tuple[float, int, bool]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    # Not --strict for the copy: its extra pages are (rightly) in no nav.
    strict = ["--strict"] if project == ROOT else []
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *strict, "--site-dir", str(out)],
        cwd=project, env=env, capture_output=True, text=True,
    )
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        print(proc.stdout[-2000:], proc.stderr[-2000:], file=sys.stderr)
    pages = sum(1 for _ in out.rglob("*.html"))
    return seconds, pages, proc.returncode == 0


def _scaled_copy(tmp: Path) -> Path:
    project = tmp / "project"
    project.mkdir()
    for name in PROJECT:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, project / name)
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    services = project / "docs" / "services"
    for page in sorted(services.glob("*.md")):
        if page.name == "index.md":
            continue
        text = page.read_text(encoding="utf-8")
        for n in range(2, COPIES + 2):
            # A new title, and the reason no strategy lists it (the build requires one).
            copy = re.sub(r"^title: (.*)$", lambda m, n=n: f"title: {m.group(1).strip(chr(34))} (copy {n})\n"
                          "orphan_reason: a copy made by the build benchmark", text, count=1, flags=re.M)
            (services / f"{page.stem}-copy-{n}.md").write_text(copy, encoding="utf-8")
    return project


def _runtime_bytes(site: Path) -> tuple[int, int]:
    raw = gz = 0
    for folder in RUNTIME_DIRS:
        # The files sit in folders named after their content (pyodide/<digest>/): every file below, not
        # the folders' own entries (iterdir here once counted a 4 kB directory as the whole runtime).
        for path in (site / folder).rglob("*"):
            if path.suffix == ".gz" or not path.is_file():
                continue
            size = path.stat().st_size
            raw += size
            packed = path.with_name(path.name + ".gz")
            gz += packed.stat().st_size if packed.exists() else size
    return raw, gz


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        real_s, real_pages, real_ok = _build(ROOT, tmp / "real")
        raw, gz = _runtime_bytes(tmp / "real")
        project = _scaled_copy(tmp)
        big_s, big_pages, big_ok = _build(project, tmp / "big")
    if not (real_ok and big_ok):
        raise SystemExit("a benchmark build failed (its log is above)")
    per_real, per_big = real_s / real_pages, big_s / big_pages
    rows = [
        ["build, real site", f"{real_s:.1f} s", f"{real_pages} pages, {per_real * 1000:.0f} ms per page" + ("" if real_ok else " (FAILED)")],
        ["build, 10× service pages", f"{big_s:.1f} s", f"{big_pages} pages, {per_big * 1000:.0f} ms per page" + ("" if big_ok else " (FAILED)")],
        ["seconds per page, 10× ÷ real", f"{per_big / per_real:.2f}", "about 1 or less: linear growth"],
        ["Python runtime + wheel, raw", f"{raw / 1e6:.2f} MB", "assets/calculators/{pyodide,wheel}"],
        ["Python runtime + wheel, gzipped", f"{gz / 1e6:.2f} MB", "the .gz copies beside them (zip files as they are)"],
    ]
    linear = per_big / per_real <= 1.25
    return {
        "title": "Build time and runtime weight",
        "columns": ["measure", "value", "note"],
        "rows": rows,
        "goal": f"real build under 60 s: {'met' if real_s < 60 else 'NOT met'}; growth linear (≤ 1.25× per page): {'met' if linear else 'NOT met'}",
        "met": real_ok and big_ok and real_s < 60 and linear,
        "raw": {"real_s": real_s, "real_pages": real_pages, "big_s": big_s, "big_pages": big_pages, "runtime_raw": raw, "runtime_gz": gz},
    }
