"""Presentation-neutral result tables and rounding rules shared by the calculators.

Every result carries ``tables`` — ``{"id", "title", "columns", "rows"}`` with
columns ``{"key", "label", "unit"}`` — and a ``summary`` of headline
figures ``{"key", "label", "value", "unit"}``, so a generic renderer (the
web page, the command line, the pandas adapter) can show any calculator
without knowing its formulas.

Rounding (applied only when a result is turned into JSON): money to whole
pounds, half away from zero; children, caseloads and FTE to 2 decimal
places; percentages to 2 decimal places. Numbers stay numbers.
"""

from __future__ import annotations

from typing import Any

__all__: list[str] = []  # internal module


def money(value: float) -> int:
    """Whole pounds, rounded half away from zero (no ``-0``)."""
    return int(value + 0.5) if value >= 0 else -int(0.5 - value)


def number(value: float) -> float:
    """Two decimal places, half away from zero (children, caseloads, FTE, months)."""
    return (int(value * 100 + 0.5) if value >= 0 else -int(0.5 - value * 100)) / 100 or 0.0


def pct(value: float) -> float:
    """A percentage to two decimal places."""
    return number(value)


def column(key: str, label: str, unit: str | None = None) -> dict[str, Any]:
    return {"key": key, "label": label, "unit": unit}


def table(table_id: str, title: str, columns: list[dict[str, Any]], rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": table_id, "title": title, "columns": columns, "rows": rows}


def summary_item(key: str, label: str, value: Any, unit: str | None = None) -> dict[str, Any]:
    return {"key": key, "label": label, "value": value, "unit": unit}
