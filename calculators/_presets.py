"""Presets: ready-made inputs that reproduce the source documents.

Every preset is built from ``data/preset_inputs.csv``, one row per input
field: ``calculator, preset, path, value, ref, source, notes``.

* ``path`` is a field path (``placements[0].children``); ``value`` is its
  value as text, read with the type that the calculator's input spec gives
  the path (number, whole number, text).
* ``ref`` takes the value from another data file instead:
  ``unit_costs:<id>`` (a unit cost, converted to the placement's cost
  basis — see :func:`_convert` — or, for any field outside
  ``placements``, to £ per child per year), ``unit_costs:<id>:children`` (the number
  of children the row's spend covers) or ``caseload_benchmarks:<id>``.
* A row with path ``@base`` starts the preset from another preset of the
  same calculator (its ``value``), so variants only list what differs.

No figure is written in this module.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from typing import Any

from . import _data, _spec, registry
from ._paths import parse, pattern_of, set_value
from .source_names import readable
from .units import WEEKS_PER_YEAR

__all__ = ["names", "preset_input", "check_all"]


def names(calculator: str) -> list[str]:
    """Preset names of ``calculator`` in the order they first appear in the CSV."""
    out: list[str] = []
    for row in _data.preset_rows():
        if row.calculator == calculator and row.preset not in out:
            out.append(row.preset)
    return out


def _coerce(calculator: str, path: str, text: str, line: int) -> Any:
    try:
        from ._engine import full_spec  # the engine imports this module lazily; import it the same way

        spec = _spec.find(full_spec(calculator), pattern_of(path))
    except KeyError:
        raise ValueError(f"data/preset_inputs.csv line {line}: {path!r} is not an input field of {calculator}") from None
    if text == "":
        return None
    if spec.kind in ("integer", "number"):
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"data/preset_inputs.csv line {line}, field {path!r}: {spec.label} needs a number, not {text!r}") from None
        if not math.isfinite(value):
            raise ValueError(f"data/preset_inputs.csv line {line}, field {path!r}: {spec.label} needs a finite number, not {text!r}")
        if spec.kind == "integer" and not value.is_integer():
            raise ValueError(f"data/preset_inputs.csv line {line}, field {path!r}: {spec.label} needs a whole number, not {text!r}")
        return int(value) if value.is_integer() else value
    return text


def _convert(cost: _data.UnitCost, basis: str, children: int | None, line: int) -> float:
    """A unit cost in the cost basis of the placement it is used for.

    First to £ per child per year (weekly × ``WEEKS_PER_YEAR``; total spend ÷
    the row's children), then to the target basis (÷ ``WEEKS_PER_YEAR`` for
    weekly; × the placement's children for a total). A value already in the
    target basis is used as it is; a converted one is rounded to the penny.
    """
    if cost.basis == basis and (basis != "annual_total" or cost.children == children):
        return cost.value
    annual = cost.annual_per_child()
    if annual is None:
        raise ValueError(f"data/preset_inputs.csv line {line}: unit cost {cost.id!r} ({cost.basis}) is not a placement cost")
    if basis == "weekly_per_child":
        out = annual / WEEKS_PER_YEAR
    elif basis == "annual_total":
        if children is None:
            raise ValueError(f"data/preset_inputs.csv line {line}: set the placement's children before its total cost")
        out = annual * children
    else:
        out = annual
    return round(out, 2)


def _resolve(calculator: str, doc: dict[str, Any], row: _data.PresetRow) -> Any:
    kind, _, rest = row.ref.partition(":")
    key, _, column = rest.partition(":")
    try:
        if kind == "caseload_benchmarks":
            return _coerce(calculator, row.path, repr(_data.benchmarks()[key].value), row.line)
        if kind == "unit_costs":
            cost = _data.unit_costs()[key]
            if column == "children":
                return cost.children
            parts = parse(row.path)
            if parts[0] != "placements" or len(parts) < 2 or not isinstance(parts[1], int):
                # Any other money field takes the unit cost as £ per child per year.
                return _convert(cost, "annual_per_child", None, row.line)
            placement = doc["placements"][parts[1]]
            return _convert(cost, placement.get("cost_basis") or "annual_per_child", placement.get("children"), row.line)
    except KeyError:
        raise ValueError(f"data/preset_inputs.csv line {row.line}: {row.ref!r} refers to an id that does not exist") from None
    raise ValueError(f"data/preset_inputs.csv line {row.line}: cannot read the ref {row.ref!r}")


@lru_cache(maxsize=None)
def _build(calculator: str, preset: str) -> str:
    """The preset's input as JSON text (cached; callers get a fresh copy each time)."""
    rows = [r for r in _data.preset_rows() if r.calculator == calculator and r.preset == preset]
    if not rows:
        raise ValueError(f"unknown preset {preset!r} for {calculator}; presets: {', '.join(names(calculator))}")
    doc: dict[str, Any] = {}
    for row in rows:
        if row.path == "@base":
            doc = json.loads(_build(calculator, row.value))
    for row in rows:
        if row.path != "@base" and not row.ref:
            # A preset's words (its notes, a range's basis) name documents as a reader would read them.
            set_value(doc, row.path, _coerce(calculator, row.path, readable(row.value), row.line))
    for row in rows:
        if row.ref:
            set_value(doc, row.path, _resolve(calculator, doc, row))
    return json.dumps(doc)


def preset_input(calculator: str, preset: str) -> dict[str, Any]:
    """A fresh copy of a preset's input dict."""
    return json.loads(_build(calculator, preset))


def _line_of(rows: list[_data.PresetRow], path: str) -> str:
    """``line N`` of the row that sets ``path`` (or a field inside it), else the preset's first line."""
    for row in rows:
        if row.path == path or path.startswith(row.path + ".") or path.startswith(row.path + "["):
            return f"line {row.line}"
    return f"line {rows[0].line} (the preset's first row; no row sets this field)"


def check_all() -> list[str]:
    """Every problem in ``data/preset_inputs.csv``: each preset is built and validated by its calculator.

    Each problem names the file, line, field and reason. Used by the site's
    build, so that a broken preset stops the build rather than a reader's page.
    """
    problems: list[str] = []
    registered = set(registry.names())
    for row in _data.preset_rows():
        if row.calculator not in registered:
            problems.append(f"data/preset_inputs.csv line {row.line}: there is no calculator called {row.calculator!r}; choose one of: {', '.join(sorted(registered))}")
    for calculator in registry.names():
        for preset in names(calculator):
            rows = [r for r in _data.preset_rows() if r.calculator == calculator and r.preset == preset]
            try:
                payload = preset_input(calculator, preset)
            except ValueError as exc:
                problems.append(str(exc))
                continue
            response = _engine_run(calculator, payload)
            for error in response.get("errors", []):
                where = _line_of(rows, error["path"])
                problems.append(f"data/preset_inputs.csv {where}, preset {preset!r} of {calculator}, field {error['path']!r}: {error['message']}")
    return problems


def _engine_run(calculator: str, payload: dict[str, Any]) -> dict[str, Any]:
    from ._engine import run_json  # the engine imports this module lazily; import it the same way

    return run_json(calculator, payload)
