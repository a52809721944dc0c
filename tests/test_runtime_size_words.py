"""The download size the pages tell a reader is the size the site ships.

Before a reader's first use of a calculator, the pages say how much the
browser will download (the Python runtime and the calculators' wheel), so a
reader on a metered connection can choose. That figure is written in words
in the page scripts and the calculators' index; this test works out the
real size from the files the build serves (``prepare_runtime`` and
``build_wheel`` in hooks/calculator_pages.py) and checks every statement of
it, so the words follow when the runtime grows (it did, by 1.2 MB, when its
bytecode was added).
"""

from __future__ import annotations

import re
from pathlib import Path

from calculator_pages import PYODIDE_FILES, build_wheel, prepare_runtime

ROOT = Path(__file__).resolve().parent.parent
#: "(about 13 MB)", "(about 13 MB; ...", "a 13 MB download": the download, a whole number of megabytes
#: (10^6 bytes), in the reader's words (not "at most about 1 MB", a profile file's limit).
STATED = re.compile(r"(?:about|a) (\d+) MB(?= download|;|\))")
WHERE = [*sorted((ROOT / "docs" / "javascripts" / "calculator").glob("*.js")), ROOT / "docs" / "calculators" / "index.md"]


def shipped_megabytes() -> float:
    runtime = prepare_runtime()
    return (sum((runtime / name).stat().st_size for name in PYODIDE_FILES) + build_wheel().stat().st_size) / 1e6


def test_every_stated_download_size_is_what_the_site_ships() -> None:
    size = shipped_megabytes()
    stated = [(path.relative_to(ROOT).as_posix(), int(n)) for path in WHERE for n in STATED.findall(path.read_text(encoding="utf-8"))]
    assert len(stated) >= 5, f"the size is told in at least five places (index, page status, CSV, business case, worker); found {stated}"
    wrong = [(where, n) for where, n in stated if n != round(size)]
    assert wrong == [], f"the site ships {size:.1f} MB; these say otherwise: {wrong}"
