"""The CSV files: the results as one file, the page's "Download results (CSV)" and the command line's ``--format csv``.

Both call :func:`results_csv` on the same response, so for the same input
and the same "worked out on" time they write the same bytes. The file, in
order (UTF-8 with a byte-order mark, CRLF line ends)::

    Title,<the scenario's title>
    Calculator,<the calculator's title>
    Worked out on,<6 December 2026 at 22:17>

    Inputs
    Input,Value,Unit,As shown          (every input, named as the form names it)

    Headline figures
    Figure,Value,Unit,As shown

    <each result table's title>
    <its column headings, the unit in brackets>
    <its rows>

Values are numbers as a reader expects them (``485738``, not ``485738.0``;
money as a number, its "£" in the Unit column or the heading), and the "As
shown" column has the figure as the page shows it. Every cell goes through
the project's one writer (:func:`calculators._render.csv_text`), which
makes text a spreadsheet would run as a formula safe.

The comparison of pinned scenarios (:func:`comparison_csv`) is laid out the
same way as one of the tables. The ``*_text`` functions take and give JSON
text and never raise, for the browser's worker.
"""

from __future__ import annotations

import json
import re
from typing import Any

from . import input_words, registry
from ._render import BOM, csv_text, table_rows

__all__ = ["results_csv", "comparison_csv", "worked_out_on", "results_csv_text", "comparison_csv_text"]

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
_WHEN = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})")


def worked_out_on(when: str) -> str:
    """A local date and time (``2026-12-06T22:17``, seconds and zone ignored) in words: "6 December 2026 at 22:17".

    >>> worked_out_on("2026-03-01T09:05")
    '1 March 2026 at 09:05'
    """
    found = _WHEN.match(when)
    if not found or not 1 <= int(found[2]) <= 12:
        raise ValueError(f"the time it was worked out must read like 2026-12-06T22:17, not {when[:40]!r}")
    year, month, day, hour, minute = found.groups()
    return f"{int(day)} {_MONTHS[int(month) - 1]} {year} at {hour}:{minute}"


def results_csv(response: dict[str, Any], when: str) -> str:
    """The results file for a successful :func:`calculators.run_json` response, worked out at ``when`` (local, ``2026-12-06T22:17``)."""
    name = response["calculator"]
    result = response["result"]
    rows: list[list[Any] | None] = [
        ["Title", response["input"].get("title") or "(untitled scenario)"],
        ["Calculator", registry.get(name).title],
        ["Worked out on", worked_out_on(when)],
        None,
        ["Inputs"],
        ["Input", "Value", "Unit", "As shown"],
        *[list(row) for row in input_words.rows(name, response["input"])],
    ]
    if result.get("summary"):
        rows += [None, ["Headline figures"], ["Figure", "Value", "Unit", "As shown"]]
        rows += [[item["label"], item["value"], item["unit"], item["text"]] for item in result["summary"]]
    for table in result.get("tables") or []:
        rows += [None, [table["title"]], *table_rows(table)]
    return BOM + csv_text(rows)


def comparison_csv(responses: list[dict[str, Any]], names: list[str]) -> str:
    """The comparison of pinned scenarios (:func:`calculators.scenarios.compare`): its title, then the table with each row's unit."""
    from .scenarios import compare

    table = compare(responses, names)
    table = {**table, "columns": [*table["columns"], {"key": "unit", "label": "Unit", "unit": None}]}
    return BOM + csv_text([[table["title"]], *table_rows(table)])


def _answer(work: Any, what: str) -> str:
    try:
        answer = {"ok": True, "csv": work()}
    except Exception as exc:  # noqa: BLE001 — the page must get a message, never a traceback
        answer = {"ok": False, "errors": [{"path": "", "message": f"{what} could not be written ({type(exc).__name__}: {exc})."}]}
    return json.dumps(answer, ensure_ascii=False, allow_nan=False)


def results_csv_text(response_text: str, when: str) -> str:
    """:func:`results_csv` with JSON text in and ``{"ok": true, "csv": text}`` (or ``{"ok": false, "errors"}``) out. Never raises."""
    return _answer(lambda: results_csv(json.loads(response_text), when), "The CSV file of the results")


def comparison_csv_text(responses_text: str, names_text: str) -> str:
    """:func:`comparison_csv` with JSON text in and ``{"ok": true, "csv": text}`` (or ``{"ok": false, "errors"}``) out. Never raises."""
    return _answer(lambda: comparison_csv(json.loads(responses_text), json.loads(names_text)), "The CSV file of the comparison")
