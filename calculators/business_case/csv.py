"""The case as CSV: the options table, each option's costs and savings by year, the risks and the assumptions log.

Every table of the report goes out in turn after a ``# title`` line, cells
made formula-safe by the project's own CSV routine
(:func:`calculators._render.safe_cell`), so a spreadsheet never runs a
scenario title as a formula.
"""

from __future__ import annotations

import csv as _csv
import io
import re
from typing import Any

from .._render import safe_cell, safe_text

__all__ = ["write"]

# A figure as the report writes it in a "(£)" column ("1,316,607", "−50,000", "2.5"): a number in the CSV.
_FIGURE = re.compile(r"[−-]?\d{1,3}(?:,\d{3})*(?:\.\d+)?")


def _cell(text: str) -> str | int | float:
    if _FIGURE.fullmatch(text):
        plain = text.replace(",", "").replace("−", "-")
        return float(plain) if "." in plain else int(plain)
    return safe_cell(text)


def write(built: dict[str, Any]) -> str:
    """Every table of the laid-out report, in order, as CSV text (RFC 4180 line ends)."""
    buffer = io.StringIO()
    writer = _csv.writer(buffer, lineterminator="\r\n")
    first = True
    for block in built["report"]["blocks"]:
        if block["type"] != "table":
            continue
        if not first:
            buffer.write("\r\n")
        first = False
        buffer.write(f"# {safe_text(block['caption'])}\r\n")
        writer.writerow([safe_cell(c["label"]) for c in block["columns"]])
        for row in block["rows"]:
            writer.writerow([_cell(cell) for cell in row])
    return buffer.getvalue()
