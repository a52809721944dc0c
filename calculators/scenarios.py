"""Scenarios side by side: the headline figures of two or three results and their differences.

The web page pins scenarios (A, then B and C) and shows one table: a row
for every headline figure, a column for each scenario, and a column for
each scenario's difference from A. The table is laid out here, with the
formatting of :mod:`calculators.tables`, so its figures read exactly as
the results do::

    >>> import calculators
    >>> a = calculators.run_json("caseload", calculators.default_input("caseload"))
    >>> b_input = calculators.default_input("caseload"); b_input["salary"] = 40000
    >>> b = calculators.run_json("caseload", b_input)
    >>> table = compare([a, b], ["A", "B"])
    >>> [c["key"] for c in table["columns"]]
    ['label', 'A', 'B', 'B_minus_A']
    >>> next(cells for cells in table["cells"] if cells[0].startswith("Cost of one FTE"))
    ['Cost of one FTE a year (salary + on-costs)', '£45,500', '£52,000', '+£6,500']

Differences are of the figures as shown (money in whole pounds, others to
two decimal places), so B − A in the table is the difference a reader gets
from the two figures beside it. Each row's ``unit`` is in ``rows`` (for CSV). A figure that is text (a queueing model's
name) has no difference; one that is the same in both shows "no change".
"""

from __future__ import annotations

import json
from typing import Any

from .tables import format_figure, round_value

__all__ = ["compare", "compare_json_text"]

_MINUS = "\u2212"


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _difference(after: dict[str, Any] | None, before: dict[str, Any] | None) -> tuple[Any, str]:
    if after is not None and before is not None and _number(after.get("value")) != _number(before.get("value")):
        # One side has no figure (a payback "not within the appraisal"): said in words, not as a number.
        return None, f"not comparable: {after['text'] if not _number(after.get('value')) else before['text']} on one side"
    if after is None or before is None or not _number(after.get("value")) or not _number(before.get("value")):
        return None, "–"
    unit = after.get("unit")
    change = round_value(after["value"] - before["value"], unit)
    if change == 0:
        return 0, "no change"
    text = format_figure(abs(change), unit)
    return change, ("+" if change > 0 else _MINUS) + text


def compare(responses: list[dict[str, Any]], names: list[str]) -> dict[str, Any]:
    """One table (the shape of :func:`calculators.tables.render`) comparing the headline figures of ``responses``.

    ``responses`` are successful :func:`calculators.run_json` responses of one
    calculator, the first being the one the others are compared with;
    ``names`` label them (``["A", "B", "C"]``).
    """
    if len(responses) != len(names) or not responses:
        raise ValueError("give one name for each response, and at least one response")
    figures = [{item["key"]: item for item in response["result"]["summary"]} for response in responses]
    keys: list[str] = []
    labels: dict[str, str] = {}
    for response in responses:
        for item in response["result"]["summary"]:
            if item["key"] not in labels:
                keys.append(item["key"])
                labels[item["key"]] = item["label"]
    base = names[0]
    differences = [f"{name}_minus_{base}" for name in names[1:]]
    columns = [{"key": "label", "label": "Headline figure", "unit": None, "heading": "Headline figure", "numeric": False}]
    columns += [{"key": name, "label": f"Scenario {name}", "unit": None, "heading": f"Scenario {name}", "numeric": True} for name in names]
    columns += [{"key": key, "label": f"{name} − {base}", "unit": None, "heading": f"{name} − {base}", "numeric": True}
                for key, name in zip(differences, names[1:])]
    rows, cells = [], []
    for key in keys:
        row: dict[str, Any] = {"key": key, "label": labels[key]}
        line = [labels[key]]
        for name, figure in zip(names, figures):
            item = figure.get(key)
            row[name] = item["value"] if item else None
            line.append(item["text"] if item else "–")
        for column, figure in zip(differences, figures[1:]):
            value, text = _difference(figure.get(key), figures[0].get(key))
            row[column] = value
            line.append(text)
        unit = next((f[key].get("unit") for f in figures if key in f), None)
        row["unit"] = unit
        rows.append(row)
        cells.append(line)
    return {"id": "scenarios", "title": "Scenarios side by side: headline figures and differences from " + base,
            "columns": columns, "rows": rows, "cells": cells}


def compare_json_text(responses_text: str, names_text: str) -> str:
    """:func:`compare` with JSON text in and out, for the browser. Never raises."""
    try:
        out = {"ok": True, "table": compare(json.loads(responses_text), json.loads(names_text))}
    except Exception as exc:  # noqa: BLE001 — the page must get a message, never a traceback
        out = {"ok": False, "errors": [{"path": "", "message": f"The scenarios could not be compared ({type(exc).__name__}: {exc})."}]}
    return json.dumps(out, ensure_ascii=False, allow_nan=False)
