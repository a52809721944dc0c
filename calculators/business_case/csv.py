"""The case as CSV: the options table, each option's costs and savings by year, the risks and the assumptions log.

Every table of the report goes out in turn, laid out as the tables of the
results file are (:mod:`calculators.csv_files`): a line with its caption,
its column headings, its rows, a blank line between tables. The cells are
written by the project's one CSV writer (:func:`calculators._render.csv_text`),
which makes text formula-safe, so a spreadsheet never runs a scenario title
as a formula; the file starts with a byte-order mark so that Excel reads "£".
"""

from __future__ import annotations

import re
from typing import Any

from .._render import BOM, csv_text

__all__ = ["write"]

# A figure as the report writes it in a "(£)" column ("1,316,607", "−50,000", "2.5"): a number in the CSV.
_FIGURE = re.compile(r"[−-]?\d{1,3}(?:,\d{3})*(?:\.\d+)?")


def _cell(text: str) -> str | int | float:
    if _FIGURE.fullmatch(text):
        plain = text.replace(",", "").replace("−", "-")
        return float(plain) if "." in plain else int(plain)
    return text


def write(built: dict[str, Any]) -> str:
    """Every table of the laid-out report, in order, as CSV text (RFC 4180 line ends)."""
    rows: list[list[Any] | None] = []
    for block in built["report"]["blocks"]:
        if block["type"] != "table":
            continue
        if rows:
            rows.append(None)
        rows.append([block["caption"]])
        rows.append([c["label"] for c in block["columns"]])
        rows += [[_cell(cell) for cell in row] for row in block["rows"]]
    return BOM + csv_text(rows)
