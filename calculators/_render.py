"""Text rendering of a ``run_json`` response for the command line, and the project's one CSV writer.

Knows nothing about formulas or number formats: it lays out the display
text that every result carries (``summary[].text``, ``tables[].cells``,
made by :mod:`calculators.tables`), so the command line shows exactly what
the web page shows.
"""

from __future__ import annotations

import csv
import io
import math
import re
import textwrap
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

__all__ = ["safe_text", "safe_cell", "render_text", "render_csv", "table_ids", "BOM", "csv_cell", "csv_text", "table_rows"]

_WIDTH = 100

# Control characters (C0, DEL, C1) and the bidirectional overrides: printed
# raw, text from an input file could clear the screen, write the clipboard
# (OSC 52), plant hyperlinks (OSC 8) or reorder what a reader sees.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\t\n\r]")
# Spreadsheets run a cell that starts with one of these as a formula (OWASP).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    r"""Text for a terminal: control characters shown as visible escapes, tabs and line breaks as spaces.

    >>> safe_text("Team\x1b[2J A\nB")
    'Team\\x1b[2J A B'
    """
    return _CONTROL.sub(_escape, _LINE_BREAKS.sub(" ", text))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}"


def safe_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet will not run: text starting with ``= + - @`` tab or CR gets a leading ``'``.

    Numbers are left as they are (a negative amount is a number, not text).

    >>> safe_cell("=HYPERLINK(1)"), safe_cell("-2+3"), safe_cell(-2), safe_cell("East")
    ("'=HYPERLINK(1)", "'-2+3", -2, 'East')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _safe_response(value: Any) -> Any:
    """Every string of a response made safe for a terminal."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, list):
        return [_safe_response(v) for v in value]
    if isinstance(value, dict):
        return {k: _safe_response(v) for k, v in value.items()}
    return value


def _table_text(tab: dict[str, Any]) -> str:
    columns = tab["columns"]
    cells = tab["cells"]
    numeric = [c["numeric"] for c in columns]
    widths = []
    headers = []
    for i, col in enumerate(columns):
        data_width = max((len(r[i]) for r in cells), default=0)
        label = col["heading"]
        width = max(data_width, min(len(label), max(data_width, 10)))
        lines = textwrap.wrap(label, width, break_long_words=False, break_on_hyphens=False) or [""]
        width = max(width, max(len(line) for line in lines))
        widths.append(width)
        headers.append(lines)
    depth = max(len(h) for h in headers)
    out = [tab["title"], ""]
    for level in range(depth):
        parts = []
        for i, lines in enumerate(headers):
            text = lines[level - (depth - len(lines))] if level >= depth - len(lines) else ""
            parts.append(text.rjust(widths[i]) if numeric[i] else text.ljust(widths[i]))
        out.append("  ".join(parts).rstrip())
    out.append("  ".join("-" * w for w in widths))
    for row in cells:
        out.append("  ".join(v.rjust(widths[i]) if numeric[i] else v.ljust(widths[i]) for i, v in enumerate(row)).rstrip())
    return "\n".join(out)


def render_text(response: dict[str, Any]) -> str:
    """A successful response as readable text: title, notes, headline figures, then every table."""
    result = _safe_response(response["result"])
    out: list[str] = []
    title = result.get("title") or response["calculator"]
    out += [title, "=" * min(len(title), _WIDTH)]
    if result.get("notes"):
        out += [""] + textwrap.wrap(result["notes"], _WIDTH)
    if result.get("origin"):
        out += [""] + textwrap.wrap(result["origin"]["text"], _WIDTH)
    out += ["", "Headline figures", ""]
    label_width = max(len(item["label"]) for item in result["summary"])
    for item in result["summary"]:
        out.append(f"  {item['label'].ljust(label_width)}  {item['text']}")
    for tab in result["tables"]:
        out += ["", _table_text(tab)]
    if result.get("rounding"):
        out += ["", result["rounding"]]
    return "\n".join(out) + "\n"


def _summary_table(result: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "summary",
        "title": "Headline figures",
        "columns": [{"key": k} for k in ("key", "label", "value", "unit")],
        "rows": result["summary"],
    }


def table_ids(response: dict[str, Any]) -> list[str]:
    """Ids that ``--table`` accepts: ``summary`` and every table of the result."""
    return ["summary"] + [t["id"] for t in response["result"]["tables"]]


# CSV ------------------------------------------------------------------------------------
# One writer for every CSV file the project makes: the results file (the page's
# download and the command line's --format csv, calculators.results_csv), one
# table for a tool (--table), the comparison of pinned scenarios and the
# business case's figures.

#: Put first in a file so that Excel reads it as UTF-8 ("£", "–", "›").
BOM = "\ufeff"


def csv_cell(value: Any) -> str:
    """One cell as a reader expects it: a whole number without ``.0``, no exponent, yes/no, formula-safe text.

    >>> [csv_cell(v) for v in (485738.0, -50000.0, 2.5, 1e-05, None, True, "=1+1", "East")]
    ['485738', '-50000', '2.5', '0.00001', '', 'yes', "'=1+1", 'East']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        if value.is_integer():
            return str(int(value))  # also makes -0.0 "0"
        text = repr(value)  # the shortest text that reads back as the same number
        return format(Decimal(text), "f") if "e" in text else text
    return str(safe_cell(str(value)))


def csv_text(rows: Iterable[Sequence[Any] | None]) -> str:
    """Rows as CSV text: RFC 4180 (CRLF line ends, a cell quoted when it holds a comma, a quote or a line break).

    Each cell goes through :func:`csv_cell`; a row that is None or empty is a blank line.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        if not row:
            buffer.write("\r\n")
        else:
            writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue()


def table_rows(tab: dict[str, Any]) -> list[list[Any]]:
    """A result table as rows: its headings (label, with the unit in brackets), then a row of values for each row."""
    columns = tab["columns"]
    header = [c["label"] + (f" ({c['unit']})" if c.get("unit") else "") for c in columns]
    return [header] + [[row.get(c["key"]) for c in columns] for row in tab["rows"]]


def render_csv(response: dict[str, Any], table_id: str) -> str:
    """One table for a tool (``--table``): a header row of column keys, then its rows (no byte-order mark, no title)."""
    result = response["result"]
    tab = next(t for t in [_summary_table(result)] + result["tables"] if t["id"] == table_id)
    keys = [c["key"] for c in tab["columns"]]
    return csv_text([keys] + [[row.get(k) for k in keys] for row in tab["rows"]])
