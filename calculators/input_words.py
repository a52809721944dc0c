"""Every input of a scenario named and valued in words, as the form shows it, for the results CSV.

Each value outside the scenario's origin record becomes one row
``(input, value, unit, shown)``: the input's name as the form gives it
(list items by their own names, :func:`calculators.origins.label`), the
value itself (a number stays a number, so a spreadsheet can add it up), the
field's unit, and the value as the form shows it: a choice by its label, a
month by its name on the scenario's calendar ("October 2026 (2026/27)"), a
first year as a financial year ("2026/27"), an amount with its unit
("£19,500,000").

The calendar naming follows the spec's description of each month field
(:func:`calculators._spec.describe`, a row's ``calendar``), the same
description the form names its months from.
"""

from __future__ import annotations

import re
from typing import Any

from . import _spec, origins
from ._paths import parse, pattern_of

__all__ = ["rows"]

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
#: What an empty value shows as (an optional field left out), and an empty list.
NOT_SET = "–"
EMPTY_LIST = "none"


_CALENDARS: dict[int, tuple[_spec.Obj, dict[str, dict[str, Any]]]] = {}


def _calendars(spec: _spec.Obj) -> dict[str, dict[str, Any]]:
    """Spec pattern -> its row's ``calendar`` and ``maximum``, for the month and first-year fields of ``spec`` (worked out once a spec)."""
    kept = _CALENDARS.get(id(spec))
    if kept is None or kept[0] is not spec:
        kept = _CALENDARS[id(spec)] = (spec, {row["path"]: {**row["calendar"], "maximum": row.get("maximum")} for row in _spec.describe(spec) if row.get("calendar")})
    return kept[1]


def _concrete(pattern: str, path: str) -> str:
    """A pattern of a field beside or above ``path``, with ``path``'s item numbers: ("a[].b", "a[3].c") -> "a[3].b"."""
    items = iter(re.findall(r"\[(\d+)\]", path))
    return re.sub(r"\[\]", lambda _: f"[{next(items, '0')}]", pattern)


def _get(data: Any, path: str) -> Any:
    for part in parse(path):
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _year_name(start: int, april: bool) -> str:
    return f"{start}/{(start + 1) % 100:02d}" if april else str(start)


def calendar_name(calendar: dict[str, Any], data: dict[str, Any], path: str, value: Any) -> str | None:
    """A month or first year named as the form names it, or None for a value that is not a whole number."""
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    april = (_get(data, _concrete(calendar["year_starts"], path)) or "april") == "april"
    if calendar["kind"] == "year":
        return _year_name(value, april)
    length = _get(data, _concrete(calendar["length"], path))
    horizon = min(max(length if isinstance(length, int) and not isinstance(length, bool) else 3, 1), (calendar["maximum"] or 120) // 12)
    if not 1 <= value <= horizon * 12:
        return f"Month {value} (after the years modelled)"
    first = _get(data, _concrete(calendar["year_one"], path))
    index, year = (value - 1) % 12, (value - 1) // 12 + 1
    month = (index + (3 if april else 0)) % 12
    if not isinstance(first, int) or isinstance(first, bool):
        return f"{_MONTHS[month]}, year {year}"
    start = first + year - 1
    return f"{_MONTHS[month]} {start + (1 if april and month < 3 else 0)} ({_year_name(start, april)})"


def calendar_text(spec: _spec.Obj, data: dict[str, Any], path: str, value: Any) -> str | None:
    """The value at ``path`` named on its calendar if it is a month or a first year ("October 2026 (2026/27)", "2026/27"), else None."""
    calendar = _calendars(spec).get(pattern_of(path))
    return calendar_name(calendar, data, path, value) if calendar else None


def _unit(spec: _spec.Obj, path: str) -> str | None:
    try:
        return _spec.find(spec, pattern_of(path)).unit
    except KeyError:
        return None


def rows(name: str, data: dict[str, Any]) -> list[tuple[str, Any, str | None, str]]:
    """Every input of ``data`` (a normalised input of calculator ``name``) as ``(input, value, unit, shown)``, in input order."""
    from . import _engine

    spec = _engine.full_spec(name)
    out: list[tuple[str, Any, str | None, str]] = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, list):
            if not value:
                out.append((origins.label(spec, data, path), None, None, EMPTY_LIST))
            for i, item in enumerate(value):
                walk(item, f"{path}[{i}]")
        elif isinstance(value, dict):
            for key, item in value.items():
                if not (not path and key == origins.KEY):  # the record of where each figure comes from has its own table
                    walk(item, f"{path}.{key}" if path else key)
        else:
            shown = _shown(spec, data, path, value)
            figure = isinstance(value, (int, float)) and not isinstance(value, bool)
            out.append((origins.label(spec, data, path), value if figure else None, _unit(spec, path), shown))

    walk(data, "")
    return out


def _shown(spec: _spec.Obj, data: dict[str, Any], path: str, value: Any) -> str:
    if value is None or value == "":
        return NOT_SET
    if isinstance(value, bool):
        return "yes" if value else "no"
    return origins.value_text(spec, data, path, value)  # a month or first year by its name (calendar_text), a choice by its label
