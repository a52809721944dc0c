"""The page scripts write no CSV: every CSV file the site offers is written by Python (calculators/_render.py's writer).

The results file and the comparison of pinned scenarios come from
``calculators.csv_files`` through the worker (the command line writes the same
bytes), the business case's figures from ``calculators.business_case``, the
profile template from ``calculators.profile``. A second writer in JavaScript
is how the two drifted apart before (different headings, ``485738.0`` against
``485738``), so this test looks in ``docs/javascripts/`` (comments left out)
for the marks of one: CSV quoting (a cell wrapped in quotes, quotes doubled),
cells joined with commas, a byte-order mark, a formula-safe rule, and the old
writer's function names.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from test_page_scripts_know_no_field import SCRIPT_FILES, _code

ROOT = Path(__file__).resolve().parent.parent

#: What writing CSV in JavaScript looks like, each with why it is a sign of it.
SIGNS = {
    "a test for the characters that make a CSV cell need quotes": re.compile(r"""\[\s*"\s*,\s*\\r\s*\\n\s*\]|\[",\\r\\n\]"""),
    "quotes doubled inside a cell": re.compile(r"""replace(All)?\(\s*/"/g?\s*,\s*(['"`])""\2\s*\)|replace(All)?\(\s*'"'\s*,\s*'""'\s*\)"""),
    "cells joined with commas into a line": re.compile(r"""\.join\(\s*(['"`]),\1\s*\)"""),
    "a byte-order mark (put first in a CSV file for Excel)": re.compile(r"\\uFEFF|\\ufeff|\ufeff"),
    "the rule for text a spreadsheet would run as a formula": re.compile(r"""\^\[=\+\\?-@"""),
    "the old writer's function names": re.compile(r"\b(csvCell|csvLine|toCsv|resultsCsv|safeCell)\b"),
}


@pytest.mark.parametrize("path", SCRIPT_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_page_script_writes_csv(path: Path) -> None:
    code = _code(path.read_text(encoding="utf-8"))
    found = [f"{what}: {match.group()!r}" for what, pattern in SIGNS.items() for match in pattern.finditer(code)]
    assert found == [], f"{path.relative_to(ROOT)} writes CSV itself (ask Python to, through the worker: csv-download.js): {found}"


def test_the_signs_catch_the_writer_that_was_removed() -> None:
    """Each sign matches the JavaScript writer as it was (actions.js before this test), so the test can fail."""
    removed = {
        "a test for the characters that make a CSV cell need quotes": r'''return /[",\r\n]/.test(text) ? `"${text}"` : text;''',
        "quotes doubled inside a cell": r'''text.replace(/"/g, '""')''',
        "cells joined with commas into a line": r'''return cells.map(csvCell).join(",");''',
        "a byte-order mark (put first in a CSV file for Excel)": r'''const BOM = "\uFEFF";''',
        "the rule for text a spreadsheet would run as a formula": r'''const FORMULA_START = /^[=+\-@\t\r]/;''',
        "the old writer's function names": r'''export function toCsv(table) {''',
    }
    assert set(removed) == set(SIGNS)
    for what, sample in removed.items():
        assert SIGNS[what].search(_code(sample)), (what, sample)
    # Words about CSV in comments and strings are not a writer.
    assert not any(p.search(_code('// the figures (CSV), joined by Python\nconst text = "Download the figures (CSV)";')) for p in SIGNS.values())
