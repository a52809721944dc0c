"""What drives this result? One-way sensitivity for every calculator in the registry.

Each uncertain input has a low, a central and a high value. The central
value is the input itself; the low and high come from

* a field's ``_low`` / ``_high`` siblings (``cost``, ``cost_low``,
  ``cost_high`` in the same object), for any calculator whose input has them;
* the optional ``uncertainty`` list that the engine adds to every
  calculator's input: ``{"path", "low", "high", "basis"}``, one item per
  input (an item with only ``path`` and ``basis`` states the basis of a
  range given by ``_low`` / ``_high`` fields).

Method (one-way, "tornado"): each uncertain input is moved to its low and
then its high value with every other input at its central value, and the
key figure (the calculator's :attr:`~calculators.registry.Calculator.key_figures`,
first one) is worked out again each time. Inputs are ranked by the swing
``|figure(high) − figure(low)|``.

Switching values: for each key figure and each uncertain input, the input
value at which the figure crosses its target (0 for a saving; 0 for
"modelled minus planned"), with the other inputs central. It is found by
bisection on the input, first inside its range and then out to the field's
allowed limits, so it is exact to well under the figure's rounding; whole
number inputs (months) are bisected over whole numbers. Nothing here knows
any calculator's formulas: it only changes inputs and reads the summary.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any, TypeVar

from ._paths import join, parse
from ._spec import Errors, Field, ListOf, Obj, find, values
from ._paths import pattern_of
from .registry import Calculator, KeyFigure
from .tables import MONEY, PERCENT, Column, Table, format_figure, format_value, render

__all__ = ["SPEC", "MAX_RUNS", "Range", "ranges", "check", "analyse", "steps", "finish"]

T = TypeVar("T")

KEY = "uncertainty"
_BISECTIONS = 80

#: The ``uncertainty`` list every calculator's input may hold.
SPEC = ListOf(
    KEY,
    "Uncertain inputs",
    "inputs whose value is uncertain, each with a low and a high value and the basis of the range.",
    Obj(
        "range",
        "Uncertain input",
        "One input with its range.",
        (
            Field("path", "Input", "string", "The input whose value is uncertain (in JSON, its field path, such as scenario.moves[0].start_month).", max_length=200, names_input="number"),
            Field("low", "Low value", "number", "The low end of the input's range (in the input's own unit); leave empty when the range comes from the input's low and high fields.", required=False, minimum=-1e12, maximum=1e12),
            Field("high", "High value", "number", "The high end of the input's range; leave empty when the range comes from the input's low and high fields.", required=False, minimum=-1e12, maximum=1e12),
            Field("basis", "Basis of the range", "string", "Where the range comes from, or how it was set where no source gives one.", max_length=1000),
        ),
    ),
    max_items=100,
)


@dataclass(frozen=True)
class Range:
    """One uncertain input: where it is, what it is called, its three values and the basis of its range."""

    path: str
    label: str
    low: float
    central: float
    high: float
    basis: str
    field: Field
    siblings: tuple[str, ...] = ()  # the _low/_high fields cleared while this input is moved


def _get(data: Any, path: str) -> Any:
    node = data
    for part in parse(path):
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return None
        elif not isinstance(node, dict):
            return None
        node = node[part] if isinstance(part, int) else node.get(part)
    return node


def _set(data: Any, path: str, value: Any) -> None:
    parts = parse(path)
    node = data
    for part in parts[:-1]:
        node = node[part]
    node[parts[-1]] = value


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _owner_name(spec: Obj, data: Any, path: str) -> str:
    """The name of the list item a path is in (its ``label``, ``name`` or ``id``), for labels such as "Agency foster care: cost"."""
    parts = parse(path)
    name = ""
    for i, part in enumerate(parts[:-1]):
        if isinstance(part, int):
            item = _get(data, join(parts[: i + 1]))
            if isinstance(item, dict):
                for key in ("label", "name", "id", "title"):
                    if isinstance(item.get(key), str) and item[key].strip():
                        name = item[key].strip()
                        break
                else:
                    name = f"{_item_label(spec, parts[: i + 1])} {part + 1}"
    return name


def _item_label(spec: Obj, parts: list[str | int]) -> str:
    """The label of the items of the list that ``parts`` (ending in an index) points into: "Move"."""
    node: Any = spec
    for part in parts[:-1]:
        if isinstance(node, ListOf):
            node = node.item
        if isinstance(node, Obj) and isinstance(part, str):
            node = next((child for child in node.fields if child.key == part), None)
    if isinstance(node, ListOf):
        return node.item.label
    return "Item"


def _label(spec: Obj, data: Any, path: str) -> str:
    field = find(spec, pattern_of(path))
    label = field.label.replace(" (central)", "")
    owner = _owner_name(spec, data, path)
    return f"{owner}: {label.lower() if owner else label}" if owner else label


def _field_at(spec: Obj, path: str) -> Field | None:
    try:
        return find(spec, pattern_of(path))
    except (KeyError, ValueError):
        return None


def _sibling_ranges(spec: Obj, data: Any) -> list[tuple[str, str, str, str]]:
    """``(path, low_path, high_path, key)`` of every number with ``_low`` / ``_high`` siblings that holds a value."""
    out: list[tuple[str, str, str, str]] = []
    siblings: dict[tuple[str | int, ...], set[str]] = {}  # the field names of each object met (always before its fields)
    for path, node, value in values(spec, data, skip=(KEY, "prices")):
        if isinstance(node, Obj):
            siblings[path] = {child.key for child in node.fields}
        elif isinstance(node, Field) and node.kind in ("number", "integer") and path[:-1] in siblings:
            ends = _range_keys(node.key, siblings[path[:-1]])
            if ends is not None and _number(value):
                out.append((join(path), join(path[:-1] + (ends[0],)), join(path[:-1] + (ends[1],)), node.key))
    return out


def _range_keys(key: str, keys: set[str]) -> tuple[str, str] | None:
    """The sibling fields holding the low and high ends of ``key``: ``cost_low`` / ``cost_high``, or ``duration_low_months`` / ``duration_high_months`` for ``duration_months``."""
    stem, _, last = key.rpartition("_")
    for low, high in ((f"{key}_low", f"{key}_high"), (f"{stem}_low_{last}", f"{stem}_high_{last}") if stem else ("", "")):
        if low in keys or high in keys:
            return low, high
    return None


def ranges(spec: Obj, data: dict[str, Any]) -> list[Range]:
    """Every uncertain input of a valid, normalised input, in input order (built-in ranges first)."""
    items = [item for item in (data.get(KEY) or []) if isinstance(item, dict)]
    basis_of = {item["path"]: item.get("basis", "") for item in items if item.get("low") is None and item.get("high") is None}
    out: list[Range] = []
    for path, low_path, high_path, _key in _sibling_ranges(spec, data):
        central = _get(data, path)
        low, high = _get(data, low_path), _get(data, high_path)
        low = low if _number(low) else central
        high = high if _number(high) else central
        if low == high:
            continue
        basis = basis_of.get(path) or "The low and high values given in the input."
        out.append(Range(path, _label(spec, data, path), float(low), float(central), float(high), basis, find(spec, pattern_of(path)), (low_path, high_path)))
    for item in items:
        if item.get("low") is None and item.get("high") is None:
            continue
        path = item["path"]
        field = _field_at(spec, path)
        central = _get(data, path)
        if field is None or not _number(central):
            continue
        low = item["low"] if item.get("low") is not None else central
        high = item["high"] if item.get("high") is not None else central
        out.append(Range(path, _label(spec, data, path), float(low), float(central), float(high), item.get("basis", ""), field))
    return out


def check(spec: Obj, data: dict[str, Any], errors: Errors) -> None:
    """Cross-field rules of ``uncertainty``: each path is a number input of this calculator, given once, and low ≤ high."""
    seen: dict[str, int] = {}
    for i, item in enumerate(data.get(KEY) or []):
        if not isinstance(item, dict) or not isinstance(item.get("path"), str):
            continue
        path, where = item["path"], (KEY, i)
        try:
            parse(path)
        except ValueError as exc:
            errors.add(where + ("path",), f"Input {path!r}: {exc}.")
            continue
        field = _field_at(spec, path)
        if field is None or field.kind not in ("number", "integer"):
            errors.add(where + ("path",), f"Input {path!r} is not a number input of this calculator; give the path of a number field, such as one named in an error message or in --show-input.")
            continue
        if path in seen:
            errors.add(where + ("path",), f"Input {path!r} is listed twice (items {seen[path] + 1} and {i + 1}); give each input one range.")
            continue
        seen[path] = i
        central = _get(data, path)
        if not _number(central):
            # When the field itself is already reported (text, out of range), one message is enough.
            if not any(e["path"] == path for e in errors.items):
                errors.add(where + ("path",), f"Input {path!r} holds no number in this input, so it has no central value to range around.")
            continue
        low, high = item.get("low"), item.get("high")
        if low is None and high is None:
            continue
        for name, value in (("low", low), ("high", high)):
            if value is None:
                continue
            if field.kind == "integer" and not float(value).is_integer():
                errors.add(where + (name,), f"The {name} value of {field.label} is {value}; this input takes whole numbers.")
            elif (field.minimum is not None and (value < field.minimum or (field.exclusive_minimum and value == field.minimum))) or (field.maximum is not None and value > field.maximum):
                errors.add(where + (name,), f"The {name} value of {field.label} is {format_value(value)}, outside what the input allows ({field.minimum} to {field.maximum}).")
        lo = low if low is not None else central
        hi = high if high is not None else central
        if lo > hi:
            errors.add(where + ("low",), f"The low value of {field.label} ({format_value(lo)}) is more than its high value ({format_value(hi)}); the low value must be the smaller.")
        # A value changed to outside its range (a service page's own figure, an edit) is not an
        # error: each end is still worked out with the others at their values, and the table shows all three.


# --------------------------------------------------------------------------
# The analysis
# --------------------------------------------------------------------------

Evaluate = Callable[[dict[str, Any]], "dict[str, Any] | None"]
#: A generator that yields once after each run of the model and returns a value (see :func:`steps`).
Steps = Generator[None, None, T]

#: Most runs of the model one analysis makes. The presets need at most about a
#: hundred; an input with a hundred uncertain inputs and a net saving near £0,
#: all within the inputs' limits, needed 2,769 (36 seconds on the command line, more in
#: the browser). The tornado needs two runs an input (260 at most, for placement
#: cost's 30 cost ranges and 100 uncertain inputs); the rest go
#: to switching values, for the inputs with the largest swings first.
MAX_RUNS = 400


def _figures(calc: Calculator, summary: list[dict[str, Any]]) -> list[KeyFigure]:
    keys = {item["key"] for item in summary}
    chosen = [k for k in calc.key_figures if k.key in keys]
    if chosen:
        return chosen
    for item in summary:
        if item.get("unit") == MONEY and _number(item.get("value")):
            return [KeyFigure(item["key"], f"{item['label'].lower()} falls below £0", f"{item['label'].lower()} rises above £0")]
    for item in summary:
        if _number(item.get("value")):
            return [KeyFigure(item["key"], f"{item['label'].lower()} falls below 0", f"{item['label'].lower()} rises above 0")]
    return []


def _value(summary: list[dict[str, Any]] | None, key: str) -> float | None:
    for item in summary or []:
        if item["key"] == key and _number(item.get("value")):
            return float(item["value"])
    return None


def _input_text(field: Field, value: float) -> str:
    if field.kind == "integer":
        return format_value(int(round(value)))
    if field.unit and (field.unit == MONEY or field.unit.startswith(MONEY + " ")):
        return format_value(value, MONEY) + field.unit[1:]
    return format_figure(value, field.unit)


def _switch(rng: Range, target: float, at: Callable[[float], Steps[float | None]], f_low: float | None, f_central: float, f_high: float | None) -> Steps[tuple[float, str] | None]:
    """The input value at which the figure reaches ``target``, and on which side of it the figure is past the target.

    None when it never does inside the field's allowed values. The search
    starts from a straight-line estimate through the figure at the low and
    high ends, widens until the target is passed, then narrows the bracket
    by false position (Illinois variant), or by halving for whole numbers.
    A generator: it yields after each run of the model (see :func:`steps`).
    """
    if f_central == target or f_low is None or f_high is None or f_low == f_high or rng.high == rng.low:
        return None
    field = rng.field
    integer = field.kind == "integer"

    def g(v: float) -> Steps[float | None]:
        r = yield from at(v)
        return None if r is None else r - target

    g0 = f_central - target
    # A changed input the calculator refuses (a month after the horizon) is not a crossing.
    past = lambda value: value is not None and (value == 0 or (value > 0) != (g0 > 0))  # noqa: E731
    slope = (f_high - f_low) / (rng.high - rng.low)
    up = (g0 > 0) != (slope > 0)
    limit = field.maximum if up else field.minimum
    if limit is None:
        limit = 1e12 if up else -1e12
    if not up and field.exclusive_minimum:
        limit += 1 if integer else max(1e-9, abs(rng.central) * 1e-9)

    def clamp(v: float) -> float:
        v = min(v, limit) if up else max(v, limit)
        return float(math.ceil(v) if up else math.floor(v)) if integer else v

    a, ga = rng.central, g0
    b = clamp(rng.central - g0 / slope)
    if b == a:
        b = clamp(a + (1 if up else -1))
    gb = yield from g(b)
    for _ in range(60):
        if past(gb) or b == limit or gb is None:
            break
        a, ga = b, gb
        b = clamp(a + 2 * (a - rng.central))
        gb = yield from g(b)
    if not past(gb):
        return None
    if b == limit and gb == 0:
        return None  # the figure only touches the target at the end of what the input allows (spend of £0 at a cost of £0)
    side = 0
    for _ in range(_BISECTIONS):
        if integer:
            if abs(b - a) <= 1:
                break
            m = float(math.floor((a + b) / 2))
        else:
            # Inputs are shown to the pound, or to 2 decimal places: closer is not needed. (Not
            # "stop once the figure is near the target": a figure that stays at the target over a
            # stretch of inputs, such as £0 extra staff, must be followed back to where it starts.)
            if abs(b - a) <= (0.5 if (field.unit or "").startswith(MONEY) else max(1e-9, min(0.005, abs(b) * 1e-6))):
                break
            m = b - gb * (b - a) / (gb - ga) if gb is not None and gb != ga else (a + b) / 2
            if not min(a, b) < m < max(a, b):
                m = (a + b) / 2
        gm = yield from g(m)
        if gm is None or past(gm):
            b, gb = m, gm
            if side == -1 and ga is not None:
                ga /= 2
            side = -1
        else:
            a, ga = m, gm
            if side == 1 and gb is not None:
                gb /= 2
            side = 1
    return b, ("above" if up else "below")


def _table(unit: str | None) -> Table:
    """The drivers table, its result columns in the key figure's unit."""
    return Table("drivers", "What drives this result? Each uncertain input moved from low to high, the others central", (
        Column("input", "Uncertain input"),
        Column("low", "Low value", get=lambda r: r["low_text"]),
        Column("central", "Central value", get=lambda r: r["central_text"]),
        Column("high", "High value", get=lambda r: r["high_text"]),
        Column("figure_at_low", "Result at low", unit),
        Column("figure_at_high", "Result at high", unit),
        Column("swing", "Swing", unit),
        Column("basis", "Basis of the range"),
    ))


_SWITCHING = Table("switching_values", "Switching values: where each uncertain input would change the answer (the others central)", (
    Column("text", "In words"),
    Column("input", "Uncertain input"),
    Column("value", "Switching value", get=lambda r: r["value_text"]),
    Column("within_range", "Inside the input's range"),
))


def _copy_json(value: Any) -> Any:
    """A copy of a validated input (dicts, lists and plain values only).

    The analysis runs the calculator about a hundred times per result;
    ``copy.deepcopy`` was two fifths of that time (its memo and dispatch
    serve object graphs an input never holds).
    """
    if isinstance(value, dict):
        return {key: _copy_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy_json(item) for item in value]
    return value


class _OutOfRuns(Exception):
    """The analysis has used its budget of model runs (:data:`MAX_RUNS`)."""


class _Runner:
    """The model's runs on changed inputs, each made once and counted against a budget."""

    def __init__(self, data: dict[str, Any], evaluate: Evaluate, limit: int) -> None:
        self.data, self.evaluate, self.limit = data, evaluate, limit
        self.runs = 0
        self.cache: dict[tuple[str, float], list[dict[str, Any]] | None] = {}

    def run(self, rng: Range, value: float) -> Steps[list[dict[str, Any]] | None]:
        """The summary with ``rng``'s input at ``value`` (its sibling forms cleared); yields after a new run."""
        key = (rng.path, value)
        if key not in self.cache:
            if self.runs >= self.limit:
                raise _OutOfRuns
            self.runs += 1
            changed = _copy_json(self.data)
            _set(changed, rng.path, int(round(value)) if rng.field.kind == "integer" else value)
            for sibling in rng.siblings:
                if _get(changed, sibling) is not None:
                    _set(changed, sibling, None)
            changed[KEY] = []
            self.cache[key] = self.evaluate(changed)
            yield
        return self.cache[key]


def _driver_row(rng: Range, at_low: float | None, at_high: float | None) -> dict[str, Any]:
    """One row of the drivers table: an input's range and the main figure at each end of it."""
    return {
        "input": rng.label,
        "path": rng.path,
        "low_value": rng.low, "central_value": rng.central, "high_value": rng.high,
        "low_text": _input_text(rng.field, rng.low), "central_text": _input_text(rng.field, rng.central), "high_text": _input_text(rng.field, rng.high),
        "figure_at_low": at_low, "figure_at_high": at_high,
        "swing": None if at_low is None or at_high is None else abs(at_high - at_low),
        "basis": rng.basis,
    }


def _switching_row(figure: KeyFigure, fig_label: str, now: float, rng: Range, value: float, side: str) -> dict[str, Any]:
    """One switching value, with the sentence that says it."""
    event = figure.below if now > figure.target else figure.above
    within = min(rng.low, rng.high) <= value <= max(rng.low, rng.high)
    if rng.field.kind == "integer":
        condition = f"{value_text(rng, value)} or {'more' if side == 'above' else 'less'}"
    else:
        condition = f"{'above' if side == 'above' else 'below'} {value_text(rng, value)}"
    text = f"{event[0].upper()}{event[1:]} if {_phrase(rng.label)} is {condition}"
    text += " (inside its range)." if within else " (outside its range)."
    return {
        "figure": figure.key, "figure_label": fig_label, "target": figure.target,
        "input": rng.label, "path": rng.path, "value": value, "value_text": value_text(rng, value), "side": side, "within_range": within, "text": text,
    }


def analyse(calc: Calculator, spec: Obj, data: dict[str, Any], summary: list[dict[str, Any]], evaluate: Evaluate, budget: int | None = None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The ``drivers`` part of a result and its tables (none when no input has a range), worked out to the end.

    ``evaluate(normalised_input)`` runs the calculator on a changed input and
    returns its ``summary`` (None when the changed input is not valid). At
    most ``budget`` runs (default :data:`MAX_RUNS`); see :func:`steps`.
    """
    return finish(steps(calc, spec, data, summary, evaluate, budget))


def finish(work: Steps[Any]) -> Any:
    """Run a generator of :func:`steps` to its end and return its value."""
    while True:
        try:
            next(work)
        except StopIteration as done:
            return done.value


def steps(calc: Calculator, spec: Obj, data: dict[str, Any], summary: list[dict[str, Any]], evaluate: Evaluate, budget: int | None = None) -> Steps[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """:func:`analyse` as a generator that yields after each run of the model and returns what it returns.

    The browser's worker runs it a slice at a time, answering other messages
    in between, and drops it when a newer edit arrives; the command line and
    the pandas adapter run it to its end (:func:`analyse`). Either way it stops
    after ``budget`` runs of the model (:data:`MAX_RUNS`): first every input's
    low and high (the tornado), then the switching values in order of swing,
    and the results say where it stopped.
    """
    limit = MAX_RUNS if budget is None else budget
    figures = _figures(calc, summary)
    found = ranges(spec, data)
    if not figures:
        return {"figure": None, "inputs": [], "switching": [], "note": "This calculator's results have no figure to explain.", "runs": 0, "limit_reached": None}, []
    main = figures[0]
    label = next(item["label"] for item in summary if item["key"] == main.key)
    unit = next(item.get("unit") for item in summary if item["key"] == main.key)
    central = _value(summary, main.key)
    if not found:
        return {
            "figure": {"key": main.key, "label": label, "unit": unit, "central": central},
            "inputs": [],
            "switching": [],
            "note": "No input has a range yet: give an input a low and a high value (Uncertain inputs) to see what drives the result.",
            "runs": 0,
            "limit_reached": None,
        }, []
    runner = _Runner(data, evaluate, limit)
    run = runner.run
    rows = []
    stopped: str | None = None  # where the budget ran out, in words
    for done, rng in enumerate(found):
        try:
            at_low = _value((yield from run(rng, rng.low)), main.key)
            at_high = _value((yield from run(rng, rng.high)), main.key)
        except _OutOfRuns:
            stopped = f"the low and high values of {len(found) - done} of the {len(found)} uncertain inputs were not tried, nor any switching value"
            found = found[:done]
            break
        rows.append(_driver_row(rng, at_low, at_high))
    order = sorted(range(len(rows)), key=lambda i: -(rows[i]["swing"] or 0))
    rows = [rows[i] for i in order]
    ranked = [found[i] for i in order]
    switching = []
    searches = [(figure, rng) for figure in figures if _value(summary, figure.key) is not None for rng in ranked] if stopped is None else []
    for searched, (figure, rng) in enumerate(searches):
        now = _value(summary, figure.key)
        fig_label = next(item["label"] for item in summary if item["key"] == figure.key)

        def at(v: float, r: Range = rng, k: str = figure.key) -> Steps[float | None]:
            return _value((yield from run(r, v)), k)

        try:
            f_low, f_high = (yield from at(rng.low)), (yield from at(rng.high))
            found_at = yield from _switch(rng, figure.target, at, f_low, now, f_high)
        except _OutOfRuns:
            stopped = (f"switching values were searched for the inputs with the largest swings first; "
                       f"{len(searches) - searched} of the {len(searches)} searches were not made")
            break
        if found_at is None:
            continue
        switching.append(_switching_row(figure, fig_label, now, rng, *found_at))
    return _result({"key": main.key, "label": label, "unit": unit, "central": central}, rows, switching, runner.runs, limit, stopped)


def _result(figure: dict[str, Any], rows: list[dict[str, Any]], switching: list[dict[str, Any]], runs: int, limit: int, stopped: str | None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The ``drivers`` part of a result and its tables, from the rows worked out (``stopped``: where the budget ran out)."""
    title = f"What drives this result? {figure['label']}: each uncertain input moved from low to high, the others central"
    limit_note = None
    if stopped is not None:
        limit_note = (f"The analysis stopped after {limit:,} runs of the model, its limit, so that results come back in seconds: "
                      f"{stopped}. Fewer uncertain inputs, or fewer items in the scenario, let it finish.")
        title += f". (Stopped after {limit:,} runs of the model: {stopped}.)"
    table = render(_table(figure["unit"]).titled(title), rows)
    out = {
        "figure": figure,
        "inputs": [
            {k: row[k] for k in ("input", "path", "basis")} | {"low": row["low_value"], "central": row["central_value"], "high": row["high_value"]}
            | {k: v for k, v in zip(("figure_at_low", "figure_at_high", "swing"), (table["rows"][i]["figure_at_low"], table["rows"][i]["figure_at_high"], table["rows"][i]["swing"]))}
            for i, row in enumerate(rows)
        ],
        "switching": switching,
        "note": "One input at a time is moved to its low and to its high value, with every other input at its central value; inputs are ranked by the swing in the result."
        + (f" {limit_note}" if limit_note else ""),
        "runs": runs,
        "limit_reached": limit_note,
    }
    tables = [table]
    if switching:
        tables.append(render(_SWITCHING, switching))
    return out, tables


_QUESTION_WORDS = {"how", "what", "when", "which", "who", "whether"}


def _phrase(label: str) -> str:
    """An input's label as the subject of a sentence: "Move 1: from month" → "move 1's from month"."""
    owner, _, name = label.partition(": ")
    if not name:
        return f"{label[0].lower()}{label[1:]}" if _lower_ok(label) else label
    if name.split(" ", 1)[0].lower() in _QUESTION_WORDS:
        # "Placement avoided: how many a year" makes no possessive ("placement avoided's how many"): quote it.
        return f"“{label}”"
    return f"{owner[0].lower() + owner[1:] if _lower_ok(owner) else owner}'s {name}"


def _lower_ok(label: str) -> bool:
    """True when a label's first word may be written in lower case mid-sentence ("From month", not "IFA" or "Agency foster care (IFA)")."""
    word = label.split(" ", 1)[0]
    return word[:1].isupper() and (word[1:].islower() or not word[1:].isalpha()) and ":" not in label


def value_text(rng: Range, value: float) -> str:
    """An input value as the switching sentence shows it."""
    if rng.field.kind == "integer":
        return format_value(int(round(value)))
    unit = rng.field.unit
    if unit and (unit == MONEY or unit.startswith(MONEY + " ") or unit == PERCENT):
        return _input_text(rng.field, value)
    # Four decimal places, not the tables' two: a crossing at 2.7639 shown as "below 2.76"
    # would hide that the answer has already changed at 2.76.
    text = format_value(value, unit, places=4)
    return f"{text} {unit}" if unit else text
