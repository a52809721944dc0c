"""Text and CSV rendering of a ``run_json`` response, for the command line.

Knows nothing about formulas or number formats: it lays out the display
text that every result carries (``summary[].text``, ``tables[].cells``,
made by :mod:`calculators.tables`), so the command line shows exactly what
the web page shows.
"""

from __future__ import annotations

import csv
import io
import re
import textwrap
from typing import Any

__all__ = ["safe_text", "safe_cell", "render_text", "render_csv", "table_ids"]

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


def render_csv(response: dict[str, Any], table_id: str | None = None) -> str:
    """One table as CSV (header row of column keys), or all tables each after a ``# id: title`` line."""
    result = response["result"]
    tables = [_summary_table(result)] + result["tables"]
    chosen = [t for t in tables if table_id is None or t["id"] == table_id]
    buffer = io.StringIO()
    for n, tab in enumerate(chosen):
        if table_id is None:
            if n:
                buffer.write("\r\n")
            buffer.write(f"# {tab['id']}: {safe_text(tab['title'])}\r\n")
        writer = csv.DictWriter(buffer, [c["key"] for c in tab["columns"]], extrasaction="ignore", lineterminator="\r\n")  # RFC 4180; also quotes a cell holding a carriage return
        writer.writeheader()
        for row in tab["rows"]:
            writer.writerow({k: ("" if v is None else safe_cell(v)) for k, v in row.items()})
    return buffer.getvalue()
