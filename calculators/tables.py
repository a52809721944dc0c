"""Result tables and headline figures: columns declared once, numbers formatted in one place.

Every calculator's result carries ``tables`` and a ``summary`` in one shape,
so the command line, the build-time (prerendered) tables, the live tables in
the browser and the pandas adapter can show any calculator without knowing
its formulas::

    table   = {"id", "title", "columns", "rows", "cells"}
    column  = {"key", "label", "unit", "heading", "numeric"}
    summary = [{"key", "label", "value", "unit", "text"}, ...]

``rows`` hold numbers (rounded, for CSV, charts and DataFrames); ``cells``
and ``text`` hold the display text, made here and nowhere else.

Why Python makes the text and every other layer only shows it: there were
three formatters (command line, build hook, page script) and they disagreed
on halves, on negative amounts and on percentages, so a figure could change
when the browser's runtime took over from the prerendered result. One
formatter cannot disagree with itself, and Python already runs in every
place a result is shown.

Rules (each applied to the exact figure, so a value is rounded once):

* money (unit ``£``): whole pounds, half away from zero, thousands
  separators, a true minus sign for a negative amount: ``£1,235``, ``−£3``;
* percentages (unit ``%``): one decimal place, half away from zero: ``12.3%``;
* other numbers: up to two decimal places, half away from zero, trailing
  zeros dropped: ``20.5``, ``2.92``, ``30``; whole numbers (counts) with
  thousands separators;
* no value: an en dash ``–`` (also for a ratio too large to hold, such as
  a return on a cost of a fraction of a penny); true/false: ``yes`` / ``no``.

The numbers in ``rows`` are rounded the same way except that percentages
and other numbers keep two decimal places (a CSV keeps a little more
precision than the screen).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Any

__all__ = ["Column", "Table", "MONEY", "PERCENT", "NO_VALUE", "round_value", "format_value", "format_figure", "heading", "headline", "render"]

#: The unit that marks a money column or figure (whole pounds).
MONEY = "£"
#: The unit that marks a percentage.
PERCENT = "%"
#: What a missing value shows as.
NO_VALUE = "–"
_MINUS = "\u2212"
# Enough digits for any float (the largest has 309 before the point), so
# rounding never runs out of precision.
_CONTEXT = Context(prec=400, rounding=ROUND_HALF_UP)


def _decimal(value: float | int) -> Decimal:
    # repr gives the shortest text that reads back as the same float, so 2.675
    # rounds as the 2.675 a reader sees, not as 2.67499999… in binary.
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(0, 7)}


def _half_up(value: float | int, places: int) -> Decimal:
    quantum = _QUANTA.get(places) or Decimal(1).scaleb(-places)
    return _decimal(value).quantize(quantum, context=_CONTEXT)


# Below 2**52 every float's fractional part is exact (a - floor(a)), and every
# tie k + 0.5 is itself a float, so a float's shortest text (repr) and the
# float lie on the same side of any tie: rounding the float half away from
# zero gives the whole number _half_up(value, 0) gives, without a Decimal.
_EXACT_FRACTIONS = 2.0**52


def _whole_pounds(value: float) -> int:
    """``int(_half_up(value, 0))`` for a finite float, quickly: money is most of every table."""
    size = abs(value)
    if size >= _EXACT_FRACTIONS:
        return int(_half_up(value, 0))
    whole = math.floor(size)
    if size - whole >= 0.5:
        whole += 1
    return -whole if value < 0 else whole


# Below this size a float's unit in the last place is at most a quarter of
# 10**-places, so only a value whose shortest text ends on a tie (2.675 at 2
# places) can round differently half-up on its text than round() rounds its
# binary value: a tie lying strictly between the float and its shortest text
# would itself be a shorter text that reads back as the same float.
_ROUND_LIMIT = {places: 2.0**50 / 10**places for places in range(0, 7)}


def _rounded(value: float, places: int) -> float | None:
    """``float(_half_up(value, places))`` for a finite float without a Decimal, or None where one is needed.

    None for a value whose text ends on a tie, and for one too large for its
    float to be written at ``places`` places as its shortest text would be.
    """
    if abs(value) < _ROUND_LIMIT.get(places, 0.0):
        text = repr(value)
        if "e" not in text and not (text[-1] == "5" and len(text) - text.index(".") == places + 2):
            return round(value, places)
    return None


def _cell(value: Any, unit: str | None, places: int) -> tuple[Any, str]:
    """``(round_value(value, unit, places), format_value(value, unit, places))``, rounding the value once.

    Tables are most of a calculation's time (every cell is rounded for
    ``rows`` and written for ``cells``), so this is the one place that is
    tuned: dispatch on the exact type, no Decimal for money below 2**52, and
    none for other numbers unless their text ends on a tie (``_rounded``).
    tests/calculators/test_calc_tables.py checks it against the two
    functions it stands for.
    """
    kind = type(value)
    if kind is float and math.isfinite(value):
        if unit == MONEY:
            pounds = _whole_pounds(value)
            text = f"£{abs(pounds):,}"
            return pounds, (f"{_MINUS}{text}" if pounds < 0 else text)
        if unit == PERCENT:
            stored, one = _rounded(value, places), _rounded(value, 1)  # stored at `places`, shown at one place
            if stored is not None and one is not None:
                return stored or 0.0, f"{_MINUS if one < 0 else ''}{abs(one):,.1f}%"
            return float(_half_up(value, places)) or 0.0, format_value(value, unit, places)
        quick = _rounded(value, places)
        if quick is not None:
            # The float nearest a decimal of `places` places writes as that decimal at `places` places.
            text = f"{abs(quick):,.{places}f}".rstrip("0").rstrip(".") if places else f"{abs(quick):,.0f}"
            return quick or 0.0, (f"{_MINUS}{text}" if quick < 0 else text)
        shown = _half_up(value, places)
        text = f"{shown.copy_abs():,.{places}f}".rstrip("0").rstrip(".") if places else f"{shown.copy_abs():,.0f}"
        return float(shown) or 0.0, (f"{_MINUS}{text}" if shown < 0 else text)
    if kind is int:
        if unit == MONEY:
            text = f"£{abs(value):,}"
        elif unit == PERCENT:
            text = f"{abs(value):,}.0%"
        else:
            text = f"{abs(value):,}"
        return value, (f"{_MINUS}{text}" if value < 0 else text)
    if kind is str:
        return value, value
    if value is None:
        return None, NO_VALUE
    # A boolean, an infinity, or a subclass of int or float.
    return round_value(value, unit, places), format_value(value, unit, places)


def round_value(value: Any, unit: str | None, places: int = 2) -> Any:
    """The number stored in a result's rows and figures: whole pounds for money, else ``places`` decimal places (2).

    Integers other than money stay integers; text, booleans and ``None`` pass through.

    >>> round_value(2.5, "£"), round_value(-2.5, "£"), round_value(12.345, "%"), round_value(7, "children")
    (3, -3, 12.35, 7)
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if unit == MONEY:
        return int(_half_up(value, 0)) or 0
    if isinstance(value, int):
        return value
    return float(_half_up(value, places)) or 0.0


def format_value(value: Any, unit: str | None = None, places: int = 2) -> str:
    """A value as a reader sees it in a table cell (see the module docstring for the rules).

    >>> format_value(2.5, "£"), format_value(-914262.4, "£"), format_value(12.25, "%"), format_value(20.5, "cases")
    ('£3', '−£914,262', '12.3%', '20.5')
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return NO_VALUE
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value
    # copy_abs, not abs(): abs() rounds to the default context's 28 digits.
    if unit == MONEY:
        pounds = _half_up(value, 0)
        text = f"£{pounds.copy_abs():,.0f}"
        return f"{_MINUS}{text}" if pounds < 0 else text
    if unit == PERCENT:
        shown = _half_up(value, 1)
        return f"{_MINUS if shown < 0 else ''}{shown.copy_abs():,.1f}%"
    shown = _half_up(value, places)
    text = f"{shown.copy_abs():,.{places}f}".rstrip("0").rstrip(".") if places else f"{shown.copy_abs():,.0f}"
    return f"{_MINUS}{text}" if shown < 0 else text


def format_figure(value: Any, unit: str | None = None) -> str:
    """A headline figure with its unit: ``"20.5 cases per FTE"``, ``"£1,360,065"``, ``"1 year"``.

    >>> format_figure(1, "years"), format_figure(3, "years"), format_figure(45500, "£"), format_figure(1, "nights")
    ('1 year', '3 years', '£45,500', '1 night')
    >>> format_figure(1, "children"), format_figure(2, "children"), format_figure(1, "families")
    ('1 child', '2 children', '1 family')
    """
    text = format_value(value, unit)
    if not unit or unit in (MONEY, PERCENT) or value is None or isinstance(value, (bool, str)):
        return text
    if text == "1":
        unit = _SINGULAR.get(unit, unit)
    return f"{text} {unit}"


#: Units said in the singular for a figure shown as 1 ("1 child", not "1 children").
_SINGULAR = {
    "years": "year", "months": "month", "weeks": "week", "days": "day", "nights": "night",
    "children": "child", "families": "family", "cases": "case", "placements": "placement",
}


def heading(label: str, unit: str | None) -> str:
    """A column heading with its unit, unless the label already says it ("Open cases", not "Open cases (cases)").

    >>> heading("Cases per FTE", "cases per FTE"), heading("FTE social workers", "FTE"), heading("Weight", "points per case")
    ('Cases per FTE', 'FTE social workers', 'Weight (points per case)')
    """
    if unit and unit not in (MONEY, PERCENT) and unit.lower() not in label.lower():
        return f"{label} ({unit})"
    return label


@dataclass(frozen=True)
class Column:
    """One column of a result table, declared once.

    ``key`` names the column in ``rows`` and in CSV and DataFrame output.
    ``get`` reads the column's exact value from one record; by default it is
    the record's attribute (or dict item) called ``key``. ``unit`` decides
    rounding and display (see the module docstring); ``None`` means text or
    a label (a year, a period). ``places`` is how many decimal places a
    number that is not money keeps (2 unless the column says otherwise).
    """

    key: str
    label: str
    unit: str | None = None
    get: Callable[[Any], Any] | None = None
    places: int = 2

    def value(self, record: Any) -> Any:
        if self.get is not None:
            return self.get(record)
        return record[self.key] if isinstance(record, dict) else getattr(record, self.key)


@dataclass(frozen=True)
class Table:
    """A result table: its id (for ``--table`` and the page), its title and its columns."""

    id: str
    title: str
    columns: tuple[Column, ...]

    def only(self, keys: Iterable[str]) -> "Table":
        """The same table with only the columns named in ``keys`` (in declared order)."""
        wanted = set(keys)
        return Table(self.id, self.title, tuple(c for c in self.columns if c.key in wanted))

    def titled(self, title: str) -> "Table":
        """The same table under another title."""
        return Table(self.id, title, self.columns)


_NUMBERS = (int, float)


def render(table: Table, records: Sequence[Any]) -> dict[str, Any]:
    """One table as plain JSON: rounded numbers in ``rows`` and display text in ``cells``.

    A column is ``numeric`` (right-aligned) when it holds numbers and perhaps
    gaps, at least one number and no text or true/false.
    """
    columns = table.columns
    rows: list[dict[str, Any]] = []
    cells: list[list[str]] = []
    has_number = [False] * len(columns)
    only_numbers = [True] * len(columns)
    # Each column's attributes looked up once, not once per cell (tables are most of a calculation's time).
    plan = [(i, col.key, col.get, col.unit, col.places) for i, col in enumerate(columns)]
    for record in records:
        row: dict[str, Any] = {}
        texts: list[str] = []
        is_dict = isinstance(record, dict)
        for i, key, get, unit, places in plan:
            # As Column.value: its getter, else the key of a dict or the attribute of an object.
            value = get(record) if get is not None else record[key] if is_dict else getattr(record, key)
            rounded, text = _cell(value, unit, places)
            row[key] = rounded
            texts.append(text)
            kind = type(rounded)
            if kind is float or kind is int:  # most cells: one type check, not two isinstance calls
                has_number[i] = True
            elif rounded is not None:
                if isinstance(rounded, _NUMBERS) and kind is not bool:
                    has_number[i] = True
                else:
                    only_numbers[i] = False
        rows.append(row)
        cells.append(texts)
    numeric = [has and only for has, only in zip(has_number, only_numbers)]
    return {
        "id": table.id,
        "title": table.title,
        "columns": [
            {"key": col.key, "label": col.label, "unit": col.unit, "heading": heading(col.label, col.unit), "numeric": num}
            for col, num in zip(table.columns, numeric)
        ],
        "rows": rows,
        "cells": cells,
    }


def headline(key: str, label: str, value: Any, unit: str | None = None) -> dict[str, Any]:
    """One headline figure: its rounded ``value`` and its display ``text``."""
    return {"key": key, "label": label, "value": round_value(value, unit), "unit": unit, "text": format_figure(value, unit)}
