"""What one calculator's result adds to a business case: the shape every ``case_lines`` returns.

Each calculator declares, in its own module, how its presented result reads
as costs, savings and people (``registry.Calculator.case_lines``); the
business case (:mod:`calculators.business_case`) only adds the pieces up.
A contribution is plain JSON::

    {"money": [money(...), ...], "people": [person(...), ...], "figures": {"npv": ..., ...}}

Money is at the scenario's own price year (the business case restates it).
A quality the result does not state (capital or revenue, one-off or
recurring, cashable or not, who pays or saves) is None, shown as "not
given": nothing here is guessed.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["money", "person", "year_number", "table"]

KINDS = ("cost", "saving", "baseline")


def money(label: str, kind: str, source: str, *, by_year: list[tuple[int, float]] | None = None, each_year: float | None = None,
          budget: str | None = None, timing: str | None = None, cashable: bool | None = None, who: str | None = None,
          covers: str | None = None, note: str = "") -> dict[str, Any]:
    """A line of money: by year (``[(0, set-up), (1, …)]``) or the same amount every year (``each_year``).

    ``kind`` is "cost", "saving" (both against doing nothing) or "baseline"
    (spend if nothing changes, shown for context and never added in);
    ``budget`` "revenue" / "capital"; ``timing`` "one-off" / "recurring";
    ``covers`` names the spend a saving comes out of, so that two scenarios
    saving the same money in one option can be flagged; ``source`` says where
    in the calculator's result the figures are.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    return {"label": label, "kind": kind, "by_year": [[int(y), float(v)] for y, v in (by_year or [])], "each_year": each_year,
            "budget": budget, "timing": timing, "cashable": cashable, "who": who, "covers": covers, "source": source, "note": note}


def person(group: str, label: str, value: float, unit: str, text: str, source: str, when: str = "") -> dict[str, Any]:
    """A count of people: ``group`` is "children", "workforce" or "families"; ``text`` is the figure as the calculator shows it."""
    return {"group": group, "label": label, "value": value, "unit": unit, "text": text, "source": source, "when": when}


def year_number(value: Any) -> int | None:
    """A table's year as a number: 3, "3", "Year 3" and "Year 3 (2027/28)" give 3; "Now" gives None."""
    found = re.fullmatch(r"(?:Year )?(\d+)(?: \(.*\))?", str(value).strip())
    return int(found.group(1)) if found else None


def table(result: dict[str, Any], table_id: str) -> dict[str, Any] | None:
    """The result's table ``table_id``, or None."""
    return next((t for t in result.get("tables", ()) if t.get("id") == table_id), None)


def summary(result: dict[str, Any], key: str) -> dict[str, Any] | None:
    """The headline figure ``key`` of the result's summary, or None."""
    return next((s for s in result.get("summary", ()) if s.get("key") == key), None)
