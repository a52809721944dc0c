"""Price years: every money input carries the year its prices are from, and results are shown at one.

Every calculator's input may hold an optional ``prices`` object (the engine
adds it to every calculator's input specification, so a calculator added
later has it too)::

    "prices": {
        "show_in": "2024-25",          # the price year results are shown at ("" = as entered)
        "entered_in": "2016-17",       # price year of every money input not listed below
        "years": [{"path": "placements[0].cost", "year": "2019-20"}, ...]
    }

A money input is any field whose unit is ``£``. Rebasing uses HM Treasury's
GDP deflator at market prices for financial years (``data/deflators.csv``):
a figure ``x`` at price year ``A`` shown at price year ``B`` is::

    x × index(B) ÷ index(A)

The rebasing is applied to the inputs before the calculator runs, so every
result (each year, each total, each range) is at the one price year; the
calculator's own inflation settings then run on from there. The figures in
the data file are never written here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from . import _data
from ._paths import join, parse
from ._spec import Errors, Field, ListOf, Obj, values
from .tables import MONEY, Column, Table, render

__all__ = ["SPEC", "deflators", "years", "forecast_labels", "factor", "money_fields", "check", "apply", "present"]

KEY = "prices"


@dataclass(frozen=True)
class Deflator:
    """One financial year of the GDP deflator series."""

    year: str
    index: float
    status: str  # "outturn" (national accounts) or "forecast" (OBR, revised by later releases)
    release: str
    release_date: str
    source_url: str
    source: str


@lru_cache(maxsize=None)
def deflators() -> dict[str, Deflator]:
    """The deflator series by financial year (``2016-17``), in file order."""
    return {
        row["year"]: Deflator(row["year"], float(row["index"]), row["status"], row["release"], row["release_date"], row["source_url"], row["source"])
        for row in _data._rows("deflators.csv")
    }


def years() -> tuple[str, ...]:
    """The financial years the series covers, earliest first."""
    return tuple(deflators())


def factor(from_year: str, to_year: str) -> float:
    """What a figure at ``from_year`` prices is multiplied by to be at ``to_year`` prices: index(to) ÷ index(from)."""
    series = deflators()
    return series[to_year].index / series[from_year].index


def _year_field(key: str, label: str, help_text: str, blank: str) -> Field:
    """A financial year, or "" (``blank`` says what the form shows for it)."""
    return Field(key, label, "choice", help_text, required=False, default="", choices_provider=lambda: ("",) + years(), choice_labels=(("", blank),),
                 choice_labels_provider=forecast_labels)


def forecast_labels() -> tuple[tuple[str, str], ...]:
    """What the form shows for a forecast year ("2026-27 (forecast)"), so no one takes it for outturn."""
    return tuple((d.year, f"{d.year} (forecast)") for d in deflators().values() if d.status == "forecast")


#: The ``prices`` object every calculator's input may hold.
SPEC = Obj(
    KEY,
    "Price years",
    "The price year of the money inputs, and the price year to show results at.",
    (
        _year_field("show_in", "Show results at prices of", "Financial year whose prices every money figure is restated at (HM Treasury GDP deflator); leave empty to use the figures as entered.", "As entered (no restating)"),
        _year_field("entered_in", "Money inputs are at prices of", "Financial year the money inputs' prices are from, unless listed below.", "Not stated"),
        ListOf(
            "years",
            "Price year of single inputs",
            "money inputs whose prices are from another year than the one above.",
            Obj(
                "price_year",
                "Money input",
                "One money input and its price year.",
                (
                    Field("path", "Input", "string", "The money input whose prices are from this year (in JSON, its field path, such as placements[0].cost).", max_length=200, names_input="money"),
                    Field("year", "Price year", "choice", "Financial year the input's prices are from.", choices_provider=years, choice_labels_provider=forecast_labels),
                ),
            ),
            max_items=200,
        ),
    ),
    required=False,
    nullable=True,
)


def is_money(field: Field) -> bool:
    """A field in pounds: its unit is ``£`` or starts with it (``£ per FTE per year``)."""
    return bool(field.unit) and (field.unit == MONEY or field.unit.startswith(MONEY + " "))


def money_fields(spec: Obj, data: Any) -> list[tuple[str, Field, Any]]:
    """Every money input that holds a number: ``(path, field, value)`` in input order (the shared ``prices`` and ``uncertainty`` parts left out)."""
    return [
        # A number from numpy (np.float64 is a float) as a plain Python number.
        (join(path), node, int(value) if isinstance(value, int) else float(value))
        for path, node, value in values(spec, data, skip=(KEY, "uncertainty"))
        if isinstance(node, Field) and is_money(node) and isinstance(value, (int, float)) and not isinstance(value, bool)
    ]


def _settings(data: dict[str, Any]) -> dict[str, Any]:
    prices = data.get(KEY)
    return prices if isinstance(prices, dict) else {}


def year_of(data: dict[str, Any]) -> dict[str, str]:
    """The price year given for each money input path (by path, else the default; absent when neither)."""
    prices = _settings(data)
    out: dict[str, str] = {}
    for item in prices.get("years") or []:
        if isinstance(item, dict) and isinstance(item.get("path"), str) and item.get("year"):
            out[item["path"]] = item["year"]
    return out


def check(spec: Obj, data: dict[str, Any], errors: Errors) -> None:
    """Cross-field rules of ``prices``: each listed path is a money input given once; every money input has a year when results are rebased."""
    prices = _settings(data)
    if not prices.get("years") and not prices.get("show_in"):
        return  # no year listed and no rebasing: nothing to check (and no walk over the inputs, on every run)
    money = {path: field for path, field, _ in money_fields(spec, data)}
    seen: dict[str, int] = {}
    for i, item in enumerate(prices.get("years") or []):
        if not isinstance(item, dict) or not isinstance(item.get("path"), str):
            continue
        path = item["path"]
        where = (KEY, "years", i, "path")
        try:
            parse(path)
        except ValueError as exc:
            errors.add(where, f"Input {path!r}: {exc}.")
            continue
        if path in seen:
            errors.add(where, f"Input {path!r} is listed twice (items {seen[path] + 1} and {i + 1}); give each money input one price year.")
            continue
        seen[path] = i
        if path not in money and not _is_money_path(spec, path):
            shown = ", ".join(list(money)[:8]) or "(none)"
            errors.add(where, f"Input {path!r} is not a money input of this calculator; use one of: {shown}{', …' if len(money) > 8 else ''}.")
    if prices.get("show_in"):
        default = prices.get("entered_in")
        given = year_of(data)
        missing = [path for path in money if path not in given and not default]
        if missing:
            errors.add(
                (KEY, "entered_in"),
                f"Results are to be shown at {prices['show_in']} prices, but {len(missing)} money input{'s have' if len(missing) > 1 else ' has'} no price year "
                f"(first: {missing[0]}); give the year the money inputs are at, or a year for each.",
            )


def _is_money_path(spec: Obj, path: str) -> bool:
    """True when ``path`` names a money field of the spec (it may hold no figure in this input: then its year is not used)."""
    from ._paths import pattern_of
    from ._spec import find

    try:
        return is_money(find(spec, pattern_of(path)))
    except (KeyError, ValueError):
        return False


def apply(spec: Obj, data: dict[str, Any]) -> dict[str, Any]:
    """A copy of the normalised input with every money input restated at ``show_in`` prices (unchanged when none is chosen)."""
    prices = _settings(data)
    target = prices.get("show_in")
    if not target:
        return data
    import copy

    out = copy.deepcopy(data)
    given = year_of(data)
    factors = {}
    for path, _field, value in money_fields(spec, data):
        year = given.get(path) or prices.get("entered_in")
        if year and year != target:
            factors[path] = factor(year, target)
            _set(out, path, value * factors[path])
    # The ranges of money inputs are at the same prices as the inputs.
    for item in out.get("uncertainty") or []:
        if isinstance(item, dict) and item.get("path") in factors:
            for end in ("low", "high"):
                if isinstance(item.get(end), (int, float)):
                    item[end] = item[end] * factors[item["path"]]
    return out


def _set(document: dict[str, Any], path: str, value: Any) -> None:
    node: Any = document
    parts = parse(path)
    for part in parts[:-1]:
        node = node[part]
    node[parts[-1]] = value


_TABLE = Table("price_years", "Price years of the money inputs", (
    Column("input", "Input"),
    Column("path", "Field"),
    Column("price_year", "Price year"),
    Column("as_entered", "As entered", MONEY),
    Column("factor", "Deflator factor", "×", places=4),
    Column("shown_at", "Used in the results", MONEY),
))


def present(spec: Obj, data: dict[str, Any]) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The ``prices`` part of a result and its table, or ``(None, None)`` when no money input has a price year."""
    prices = _settings(data)
    given = year_of(data)
    default = prices.get("entered_in") or ""
    target = prices.get("show_in") or ""
    if not given and not default:
        return None, None  # no money input has a year: no part, no table (and no walk over the inputs)
    from .sensitivity import _label  # the same names as "What drives this result?" gives the inputs

    rows = []
    for path, field, value in money_fields(spec, data):
        year = given.get(path) or default
        f = factor(year, target) if year and target else 1.0
        rows.append({"path": path, "price_year": year or "not given", "as_entered": value, "factor": f, "shown_at": value * f})
    stated = sorted({r["price_year"] for r in rows if r["price_year"] != "not given"})
    if not stated:
        return None, None
    for row in rows:  # named only once there is a table to name them in
        row["input"] = _label(spec, data, row["path"])
    mixed = len(stated) > 1 or any(r["price_year"] == "not given" for r in rows)
    series = deflators()
    release = next(iter(series.values())) if series else None
    forecast = sorted({y for y in [*stated, target] if y and series[y].status == "forecast"})
    if target:
        note = f"Money figures are shown at {target} prices: each input is multiplied by the GDP deflator for {target} ÷ the deflator for its own price year."
        if forecast:
            which = f"index for {forecast[0]} is a forecast" if len(forecast) == 1 else f"indices for {' and '.join(forecast)} are forecasts"
            note += (f" The {which}: chain-computed from the Office for Budget Responsibility's percentage changes of {release.release}"
                     " (not read from HM Treasury's table), and will be revised.")
    elif mixed:
        note = f"These inputs mix price years ({', '.join(stated)}{' and some not given' if any(r['price_year'] == 'not given' for r in rows) else ''}) and are used as entered: choose a year to show results at to put them on one basis."
    else:
        note = f"Every money input is at {stated[0]} prices; results are at those prices."
    titled = _TABLE.titled(_TABLE.title + (f" (results at {target} prices)" if target else " (used as entered)"))
    # The field's path stays in the figures (``inputs``) for programs; the
    # table a reader sees, prints and downloads names the input in words only.
    table = render(titled.only(c.key for c in titled.columns if c.key != "path"), rows)
    out = {
        "show_in": target or None,
        "years": stated,
        "mixed": mixed,
        "note": note,
        "series": None if release is None else {"release": release.release, "release_date": release.release_date, "source_url": release.source_url, "source": release.source},
        "inputs": render(titled, rows)["rows"],
    }
    return out, table
