"""Declarative input specifications and the one validator that enforces them.

Each calculator describes its JSON input as a small tree of :class:`Field`,
:class:`Obj`, :class:`ListOf` and :class:`MapOf` nodes. The same tree

* is flattened by :func:`describe` into the ``input_spec`` that the web form
  is generated from (labels, units, limits, choices, help), and
* is walked by :func:`validate`, which normalises a payload and reports
  *every* invalid field with its path and a plain-English message.

Everything else that goes over a spec uses the one walk here: :func:`nodes`
over the spec alone (its patterns, what the form is told), :func:`values`
over a payload as the spec reads it (the money inputs that take a price
year, the numbers with a low and a high end).

So each limit is written once. Rules that involve several fields (a move
taking more children than a placement type has, low ≤ central ≤ high) live
in the calculator modules and add their errors to the same :class:`Errors`.
"""

from __future__ import annotations

import itertools
import math
import numbers
from dataclasses import dataclass, field
from functools import lru_cache
from collections.abc import Callable, Iterator
from typing import Any, Union
import re

from ._paths import join as _join

__all__: list[str] = []  # internal module

_MISSING: Any = object()
_MAX_ERRORS = 50


@dataclass(frozen=True)
class Field:
    """One scalar input: a number, a whole number, text or a choice."""

    key: str
    label: str
    kind: str  # "number" | "integer" | "string" | "choice"
    help: str
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    required: bool = True
    default: Any = _MISSING
    choices: tuple[str, ...] | None = None
    choices_from: str | None = None
    #: Choices read from data when needed (never at import), e.g. unit cost ids.
    choices_provider: Callable[[], tuple[str, ...]] | None = None
    extra_choices: tuple[str, ...] = ()
    max_length: int = 200
    pattern: str | None = None
    #: What the form shows for each choice (plain words); the value itself is what JSON carries.
    choice_labels: tuple[tuple[str, str], ...] = ()
    #: More choice labels read from data when needed (like ``choices_provider``), e.g. forecast years marked.
    choice_labels_provider: Callable[[], tuple[tuple[str, str], ...]] | None = None
    #: The value is the path of another input of this calculator: "number" (any
    #: number input) or "money" (a £ input). The form offers those inputs by name.
    names_input: str | None = None
    #: The value is a month on the calendar of the object that holds it (1 = the
    #: first month of year 1; see :class:`Calendar`): the form names the month.
    month: bool = False


@dataclass(frozen=True)
class Calendar:
    """The years an object's months are counted in, named by keys of that object's own fields.

    ``first_year``: the calendar year in which year 1 starts (optional; without
    it the years are numbered 1, 2, 3); ``year_start``: the month the financial
    year starts (a choice, ``"april"`` or ``"january"``); ``years``: how many
    years are modelled. The form names each month field under the object
    ("October 2026 (2026/27)") and each financial year from them.
    """

    first_year: str
    year_start: str
    years: str


@dataclass(frozen=True)
class Obj:
    """A JSON object with a fixed set of fields; unknown keys are errors."""

    key: str
    label: str
    help: str
    fields: tuple["Node", ...]
    required: bool = True
    nullable: bool = False
    #: The object's months are counted in years named by these fields of its own.
    calendar: Calendar | None = None


@dataclass(frozen=True)
class ListOf:
    """A JSON list whose items all follow ``item``."""

    key: str
    label: str
    help: str
    item: "Node"
    min_items: int = 0
    max_items: int = 100
    required: bool = False
    unique_by: str | None = None
    #: The key of the item's own field that names it ("label", "name"), if it has one:
    #: the form calls an item by it ("Residential care › Cost", not "Placement type 2 › Cost").
    item_label: str | None = None


@dataclass(frozen=True)
class MapOf:
    """A JSON object whose keys are chosen from other input (e.g. case type ids)."""

    key: str
    label: str
    help: str
    value: Field
    key_choices_from: str
    max_items: int = 50
    required: bool = False


Node = Union[Field, Obj, ListOf, MapOf]


#: The smallest figure, other than 0, that a number input takes: a penny for
#: money, a millionth for anything else. No input is known more finely, and a
#: figure such as 1e-300 (or the denormal 5e-324) passed "more than 0" only to
#: divide into a 300-digit ratio or into nothing at all (ZeroDivisionError).
SMALLEST_MONEY = 0.01
SMALLEST_NUMBER = 1e-6


def smallest_nonzero(spec: "Field") -> float:
    """The smallest magnitude, other than 0, that number field ``spec`` accepts (see :data:`SMALLEST_NUMBER`)."""
    return SMALLEST_MONEY if (spec.unit or "").startswith("£") else SMALLEST_NUMBER


# Beyond this a number is shown in scientific notation: a message quoting a
# 309-digit figure back to the user helps nobody.
_LARGEST_SHOWN_IN_FULL = 1e15


def _fmt(value: float) -> str:
    """Format a number for a message: ``100000`` → ``100,000``; ``0.5`` → ``0.5``; ``1e308`` → ``1e+308``.

    Whole numbers too large for a float (JSON allows ``1`` followed by 400
    zeros) are shown by their number of digits rather than converted.
    """
    if isinstance(value, int) and abs(value) > _LARGEST_SHOWN_IN_FULL:
        # Counted from the bit length: str() of an int over 4,300 digits raises.
        digits = int(abs(value).bit_length() * math.log10(2)) + 1
        if digits > 20:
            return f"a number of about {digits:,} digits"
        return f"{value:.3e}"
    if abs(value) > _LARGEST_SHOWN_IN_FULL:
        return f"{value:.3g}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6g}"


def _is_text(value: str) -> bool:
    """False for text holding a lone surrogate (JSON's ``"\\ud800"``), which no output can encode."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _describe_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"true/false ({'true' if value else 'false'})"
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:27] + "..."
        return f"text ({shown!r})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return repr(value)


def _range_text(spec: Field) -> str:
    low, high = spec.minimum, spec.maximum
    if low is not None and high is not None:
        if spec.exclusive_minimum:
            return f"more than {_fmt(low)} and at most {_fmt(high)}"
        return f"from {_fmt(low)} to {_fmt(high)}"
    if low is not None:
        return f"more than {_fmt(low)}" if spec.exclusive_minimum else f"at least {_fmt(low)}"
    if high is not None:
        return f"at most {_fmt(high)}"
    return "any number"


@dataclass
class Errors:
    """Collects ``{"path", "message"}`` errors, capped so huge bad input stays fast."""

    items: list[dict[str, str]] = field(default_factory=list)
    dropped: int = 0

    def add(self, path: tuple[str | int, ...] | str, message: str) -> None:
        if len(self.items) >= _MAX_ERRORS:
            self.dropped += 1
            return
        text_path = path if isinstance(path, str) else _join(path)
        self.items.append({"path": text_path, "message": message})

    def __bool__(self) -> bool:
        return bool(self.items)

    def as_list(self) -> list[dict[str, str]]:
        out = list(self.items)
        if self.dropped:
            out.append(
                {
                    "path": "",
                    "message": ("1 further error was" if self.dropped == 1 else f"{self.dropped:,} further errors were")
                    + f" not listed; correct the {len(self.items)} above and try again.",
                }
            )
        return out


@dataclass
class _Walk:
    """State of one validation pass: errors, values seen at referenced patterns, deferred choice checks."""

    errors: Errors
    targets: frozenset[str] = frozenset()
    seen: dict[str, list[Any]] = field(default_factory=dict)
    deferred: list[tuple[tuple[str | int, ...], Any, Field]] = field(default_factory=list)
    deferred_keys: list[tuple[tuple[str | int, ...], str, MapOf]] = field(default_factory=list)


#: The nodes above a node in a spec, outermost first, each with its pattern.
Parents = tuple[tuple[str, Node], ...]


def nodes(spec: Node, pattern: str = "", parents: Parents = ()) -> Iterator[tuple[str, Node, Parents]]:
    """Every node of a spec, depth first in field order: ``(pattern, node, parents)``.

    The pattern names the node wherever it occurs (``placements[].cost``,
    ``teams[].cases.*``; ``""`` for the spec itself); ``parents`` are the
    nodes above it with their patterns, outermost first. The one walk over a spec alone.
    """
    yield pattern, spec, parents
    inner = parents + ((pattern, spec),)
    if isinstance(spec, Obj):
        for child in spec.fields:
            yield from nodes(child, f"{pattern}.{child.key}" if pattern else child.key, inner)
    elif isinstance(spec, ListOf):
        yield from nodes(spec.item, pattern + "[]", inner)
    elif isinstance(spec, MapOf):
        yield from nodes(spec.value, pattern + ".*", inner)


def values(spec: Node, data: Any, skip: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], Node, Any]]:
    """Every node of a spec that ``data`` reaches, depth first in field order: ``(path, node, value)``.

    ``path`` is the concrete place (``("placements", 2, "cost")``); ``value``
    is what ``data`` holds there, ``None`` for a field it leaves out. An
    object, list or map is entered only when its value has that shape, so a
    malformed payload is walked as far as it makes sense. ``skip`` names
    top-level fields to leave out (the shared ``prices`` and ``uncertainty``
    parts). The one walk over a payload as its spec reads it.
    """
    yield from _values(spec, data, (), frozenset(skip))


def _values(spec: Node, data: Any, path: tuple[str | int, ...], skip: frozenset[str]) -> Iterator[tuple[tuple[str | int, ...], Node, Any]]:
    yield path, spec, data
    if isinstance(spec, Obj) and isinstance(data, dict):
        for child in spec.fields:
            if path or child.key not in skip:
                yield from _values(child, data.get(child.key), path + (child.key,), skip)
    elif isinstance(spec, ListOf) and isinstance(data, list):
        for index, item in enumerate(data):
            yield from _values(spec.item, item, path + (index,), skip)
    elif isinstance(spec, MapOf) and isinstance(data, dict):
        for key, item in data.items():
            yield from _values(spec.value, item, path + (key,), skip)


@lru_cache(maxsize=None)
def _targets(spec: Obj) -> frozenset[str]:
    """Spec patterns whose values other fields choose from (``choices_from``, ``key_choices_from``)."""
    out = set()
    for _, node, _ in nodes(spec):
        if isinstance(node, Field) and node.choices_from:
            out.add(node.choices_from)
        elif isinstance(node, MapOf):
            out.add(node.key_choices_from)
    return frozenset(out)


def _check_scalar(spec: Field, value: Any, path: tuple[str | int, ...], walk: _Walk) -> Any:
    label = spec.label
    if spec.kind in ("number", "integer"):
        what = "a whole number" if spec.kind == "integer" else "a number"
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            # Text typed into a number field ("3,5", "0x10") is shown as typed, with how to write it.
            # What the form and profiles accept: digits, commas between thousands, a point for decimals, £ or %.
            hint = " Write it in figures, such as 600000 or 600,000, with a point for decimals (3.5); not words or letters such as k or m." if isinstance(value, str) else ""
            walk.errors.add(path, f"{label} must be {what}, not {_describe_type(value)}.{hint} Allowed: {_range_text(spec)}.")
            return _MISSING
        if not isinstance(value, (int, float)):
            # Numbers from numpy or pandas (np.int64, np.float64) in a payload
            # built from a DataFrame: plain Python numbers from here on.
            value = int(value) if isinstance(value, numbers.Integral) else float(value)
        if isinstance(value, float) and not math.isfinite(value):
            walk.errors.add(path, f"{label} must be a finite number, not {value!r}. Allowed: {_range_text(spec)}.")
            return _MISSING
        if value == 0:
            value = abs(value)  # -0.0 is 0: shown as "-0" in the form and "-0.0" in a table otherwise
        if spec.kind == "integer":
            if isinstance(value, float):
                if not value.is_integer():
                    walk.errors.add(path, f"{label} must be a whole number, not {value!r}. Allowed: {_range_text(spec)}.")
                    return _MISSING
                value = int(value)
        too_low = spec.minimum is not None and (
            value <= spec.minimum if spec.exclusive_minimum else value < spec.minimum
        )
        too_high = spec.maximum is not None and value > spec.maximum
        if too_low or too_high:
            walk.errors.add(path, f"{label} is {_fmt(value)}; it must be {_range_text(spec)}" + (f" ({spec.unit})." if spec.unit else "."))
            return _MISSING
        smallest = smallest_nonzero(spec)
        if value != 0 and abs(value) < smallest:
            zero_ok = spec.minimum is not None and spec.minimum <= 0 and not (spec.minimum == 0 and spec.exclusive_minimum)
            walk.errors.add(path, f"{label} is {_fmt(value)}, too small to mean anything; give {'0 or ' if zero_ok else ''}at least {_fmt(smallest)}" + (f" ({spec.unit})." if spec.unit else "."))
            return _MISSING
        return value
    # text and choices
    if not isinstance(value, str):
        walk.errors.add(path, f"{label} must be text, not {_describe_type(value)}.")
        return _MISSING
    if not _is_text(value):
        walk.errors.add(path, f"{label} holds a character that is not valid text (a lone surrogate such as \\ud800); retype it.")
        return _MISSING
    if len(value) > spec.max_length:
        walk.errors.add(path, f"{label} is {len(value):,} characters long; the limit is {spec.max_length:,}.")
        return _MISSING
    if spec.kind == "choice":
        if spec.choices is not None and value not in spec.choices:
            walk.errors.add(path, f"{label} is {value!r}; it must be one of: {', '.join(spec.choices)}.")
            return _MISSING
        if spec.choices_provider is not None and value not in (allowed := spec.choices_provider()):
            shown = ", ".join(repr(a) for a in allowed[:12])
            walk.errors.add(path, f"{label} is {value!r}, which is not one of the choices: {shown}{', …' if len(allowed) > 12 else ''}.")
            return _MISSING
        if spec.choices_from is not None:
            walk.deferred.append((path, value, spec))
        return value
    if spec.required and not value.strip():
        walk.errors.add(path, f"{label} must not be empty.")
        return _MISSING
    if spec.pattern is not None and value and re.fullmatch(spec.pattern, value) is None:
        walk.errors.add(path, f"{label} is {value!r}; use lower-case letters, digits and hyphens only, starting with a letter or digit (e.g. 'in-house-foster').")
        return _MISSING
    return value


def check_value(spec: Field, value: Any, path: tuple[str | int, ...], errors: Errors) -> Any:
    """One value checked as :func:`validate` checks it (type, limits, fixed choices); the normalised value.

    Adds any problem to ``errors``. Choices that depend on other input
    (``choices_from``) are left to :func:`validate` of the whole payload.
    Used by council profiles (:mod:`calculators.profile`), which check each row on its own.
    """
    out = _check_scalar(spec, value, path, _Walk(errors))
    return None if out is _MISSING else out


def _walk(spec: Node, value: Any, path: tuple[str | int, ...], walk: _Walk, pattern: str) -> Any:
    """Validate ``value`` against ``spec`` (at spec ``pattern``); return the normalised value or ``_MISSING``."""
    if isinstance(spec, Field):
        out = _check_scalar(spec, value, path, walk)
        if out is not _MISSING and pattern in walk.targets:
            walk.seen.setdefault(pattern, []).append(out)
        return out
    if isinstance(spec, Obj):
        return _walk_object(spec, value, path, walk, pattern)
    if isinstance(spec, ListOf):
        return _walk_list(spec, value, path, walk, pattern)
    return _walk_map(spec, value, path, walk, pattern)


def _absent(spec: Node, path: tuple[str | int, ...], walk: _Walk, pattern: str) -> Any:
    """Value for a field that is missing or null: its default, or an error if required."""
    if isinstance(spec, Field):
        if spec.default is not _MISSING:
            return spec.default
        if not spec.required:
            return None
        walk.errors.add(path, f"{spec.label} is missing. It is required: {spec.help}")
        return _MISSING
    if isinstance(spec, Obj):
        if spec.nullable:
            return None
        if spec.required:
            walk.errors.add(path, f"{spec.label} is missing. It is required: {spec.help}")
            return _MISSING
        return _walk_object(spec, {}, path, walk, pattern)
    if isinstance(spec, ListOf):
        if spec.required or spec.min_items > 0:
            walk.errors.add(path, f"{spec.label} is missing. Give a list of {_fmt(spec.min_items)} to {_fmt(spec.max_items)} items: {spec.help}")
            return _MISSING
        return []
    if spec.required:
        walk.errors.add(path, f"{spec.label} is missing. It is required: {spec.help}")
        return _MISSING
    return {}


def _walk_object(spec: Obj, value: Any, path: tuple[str | int, ...], walk: _Walk, pattern: str) -> Any:
    names = [child.key for child in spec.fields]
    if not isinstance(value, dict):
        where = spec.label
        walk.errors.add(path, f"{where} must be an object (in JSON, {{...}}) with the fields {', '.join(names)}; got {_describe_type(value)}.")
        return _MISSING
    unknown = [key for key in value if key not in names] if len(value) <= 1000 else None
    if unknown is None or unknown:
        if unknown is None:
            count = sum(1 for key in value if key not in names)
            shown = [str(k) for k in itertools.islice((k for k in value if k not in names), 3)]
        else:
            count, shown = len(unknown), [str(k) for k in unknown[:3]]
        listed = ", ".join(repr(s[:40]) for s in shown)
        what = f"unknown field {listed}" if count == 1 else f"{count:,} unknown fields ({listed}{', ...' if count > len(shown) else ''})"
        walk.errors.add(
            path + (shown[0],) if count == 1 else path,
            f"{spec.label} has {'an ' if count == 1 else ''}{what}. Allowed fields here: {', '.join(names)}.",
        )
    out: dict[str, Any] = {}
    for child in spec.fields:
        child_path = path + (child.key,)
        child_pattern = f"{pattern}.{child.key}" if pattern else child.key
        raw = value.get(child.key, None)
        if raw is None:
            result = _absent(child, child_path, walk, child_pattern)
        else:
            result = _walk(child, raw, child_path, walk, child_pattern)
        if result is not _MISSING:
            out[child.key] = result
    return out


def _walk_list(spec: ListOf, value: Any, path: tuple[str | int, ...], walk: _Walk, pattern: str) -> Any:
    if not isinstance(value, list):
        walk.errors.add(path, f"{spec.label} must be a list (in JSON, [...]); got {_describe_type(value)}.")
        return _MISSING
    if len(value) > spec.max_items:
        walk.errors.add(path, f"{spec.label} has {len(value):,} items; the limit is {spec.max_items:,}.")
        return _MISSING
    if len(value) < spec.min_items:
        if spec.min_items == 1:
            walk.errors.add(path, f"{spec.label} is empty; give at least one item: {spec.help}")
        else:
            walk.errors.add(path, f"{spec.label} has {len(value)} items; give at least {spec.min_items}.")
        return _MISSING
    out: list[Any] = []
    for index, item in enumerate(value):
        item_path = path + (index,)
        if item is None:
            walk.errors.add(item_path, f"item {index + 1} of {spec.label} is empty (null).")
            out.append(None)
            continue
        result = _walk(spec.item, item, item_path, walk, pattern + "[]")
        out.append(None if result is _MISSING else result)
    if spec.unique_by is not None:
        seen: dict[Any, int] = {}
        for index, item in enumerate(value):
            key = item.get(spec.unique_by) if isinstance(item, dict) else None
            if isinstance(key, str):
                if key in seen:
                    walk.errors.add(path + (index, spec.unique_by), f"{key!r} is used twice in {spec.label} (items {seen[key] + 1} and {index + 1}); each must be different.")
                else:
                    seen[key] = index
    return out


def _walk_map(spec: MapOf, value: Any, path: tuple[str | int, ...], walk: _Walk, pattern: str) -> Any:
    if not isinstance(value, dict):
        walk.errors.add(path, f"{spec.label} must be an object (in JSON, {{...}}) keyed by {spec.key_choices_from}; got {_describe_type(value)}.")
        return _MISSING
    if len(value) > spec.max_items:
        walk.errors.add(path, f"{spec.label} has {len(value):,} entries; the limit is {spec.max_items:,}.")
        return _MISSING
    out: dict[str, Any] = {}
    for key, raw in value.items():
        item_path = path + (str(key),)
        walk.deferred_keys.append((item_path, str(key), spec))
        value_pattern = pattern + ".*"
        result = _absent(spec.value, item_path, walk, value_pattern) if raw is None else _walk(spec.value, raw, item_path, walk, value_pattern)
        if result is not _MISSING:
            out[str(key)] = result
    return out


def validate(spec: Obj, payload: Any, errors: Errors) -> dict[str, Any]:
    """Check ``payload`` against ``spec`` and return the normalised input.

    Every problem found is added to ``errors``; the input is valid only if
    ``errors`` stays empty. On errors the returned dict is partial (invalid
    fields left out, invalid list items replaced by ``None``) so that the
    calculators' cross-field checks can still report what they can.
    Choices that refer to other input (``choices_from``, e.g. a move's
    ``from`` must be a placement id) are checked after the whole payload
    has been read.
    """
    walk = _Walk(errors, _targets(spec))
    out = _walk_object(spec, payload, (), walk, "")
    for path, value, field_spec in walk.deferred:
        allowed = list(field_spec.extra_choices) + [v for v in walk.seen.get(field_spec.choices_from or "", [])]
        if value not in allowed:
            shown = ", ".join(repr(a) for a in allowed[:12]) or "(none defined)"
            walk.errors.add(path, f"{field_spec.label} is {value!r}, which is not defined; it must be one of: {shown}.")
    for path, key, map_spec in walk.deferred_keys:
        allowed = walk.seen.get(map_spec.key_choices_from, [])
        if key not in allowed:
            shown = ", ".join(repr(a) for a in allowed[:12]) or "(none defined)"
            walk.errors.add(path, f"{key!r} in {map_spec.label} is not a defined case type; use one of: {shown}.")
    return {} if out is _MISSING else out


def describe(spec: Obj) -> list[dict[str, Any]]:
    """Flatten a spec into rows for :func:`calculators.input_spec` (one per node, depth first).

    Besides each node's label, type, limits and choices, a row says what the
    form needs to know of its meaning: ``item_label`` (a list: the key of the
    field that names each item) and ``calendar`` (``kind`` "month" for a month
    field, "year" for the first year of a calendar; ``year_one``,
    ``year_starts`` and ``length``: the patterns of the fields that hold the
    calendar year of year 1, the month the years start and the number of years;
    see :class:`Calendar`). Raises ``ValueError`` naming the field when a month
    field has no calendar above it or a calendar names a field its object lacks.
    """
    rows: list[dict[str, Any]] = []
    for pattern, node, parents in nodes(spec):
        if isinstance(node, Obj) and node.calendar is not None:
            _calendar_patterns(node.calendar, node, pattern)  # a calendar naming a missing field fails here, used or not
        if not pattern:
            continue
        row: dict[str, Any] = {"path": pattern, "label": node.label, "help": node.help}
        if isinstance(node, Field):
            rows.append(row | _field_row(node, pattern, _calendar_above(parents)))
        elif isinstance(node, Obj):
            rows.append(row | {"type": "object", "required": node.required and not node.nullable, "nullable": node.nullable})
        elif isinstance(node, ListOf):
            row.update(type="list", required=node.required or node.min_items > 0, min_items=node.min_items, max_items=node.max_items)
            if node.item_label is not None:
                if not (isinstance(node.item, Obj) and any(child.key == node.item_label for child in node.item.fields)):
                    raise ValueError(f"{pattern}: item_label {node.item_label!r} is not a field of its items")
                row["item_label"] = node.item_label
            rows.append(row)
        else:
            rows.append(row | {"type": "map", "required": node.required, "max_items": node.max_items, "keys_from": node.key_choices_from})
    return rows


def _calendar_above(parents: Parents) -> dict[str, str] | None:
    """The patterns of the calendar of the nearest object above a node that has one (None if none does)."""
    for pattern, parent in reversed(parents):
        if isinstance(parent, Obj) and parent.calendar is not None:
            return _calendar_patterns(parent.calendar, parent, pattern)
    return None


def _field_row(node: Field, pattern: str, calendar: dict[str, str] | None) -> dict[str, Any]:
    """What :func:`describe` says of one field, beyond its path, label and help."""
    row: dict[str, Any] = {}
    row["type"] = node.kind
    row["unit"] = node.unit
    row["required"] = node.required and node.default is _MISSING
    row["default"] = None if node.default is _MISSING else node.default
    row["minimum"] = node.minimum
    row["maximum"] = node.maximum
    row["exclusive_minimum"] = node.exclusive_minimum
    if node.kind == "number":
        row["smallest_nonzero"] = smallest_nonzero(node)
    if node.kind == "choice":
        row["choices"] = list(node.choices) if node.choices is not None else (list(node.choices_provider()) if node.choices_provider else None)
        row["choices_from"] = node.choices_from
        row["extra_choices"] = list(node.extra_choices)
        labels = dict(node.choice_labels) | dict(node.choice_labels_provider() if node.choice_labels_provider else ())
        if labels:
            row["choice_labels"] = labels
    if node.kind in ("string", "choice"):
        row["max_length"] = node.max_length
    if node.pattern:
        row["pattern"] = node.pattern
    if node.names_input:
        row["names_input"] = node.names_input
    if node.month:
        if calendar is None:
            raise ValueError(f"{pattern}: a month field needs a calendar on an object that holds it (Obj(calendar=...))")
        row["calendar"] = {"kind": "month", **calendar}
    elif calendar is not None and pattern == calendar["year_one"]:
        row["calendar"] = {"kind": "year", **calendar}
    return row


def _calendar_patterns(calendar: Calendar, node: Obj, pattern: str) -> dict[str, str]:
    """The spec patterns of the fields that ``calendar`` (of object ``node``, at ``pattern``) names."""
    keys = {child.key for child in node.fields}
    out = {}
    for role, key in (("year_one", calendar.first_year), ("year_starts", calendar.year_start), ("length", calendar.years)):
        if key not in keys:
            raise ValueError(f"{pattern or '(top level)'}: its calendar names {key!r}, which is not one of its fields ({', '.join(sorted(keys))})")
        out[role] = f"{pattern}.{key}" if pattern else key
    return out


def patterns(spec: Obj) -> list[str]:
    """Every node's spec pattern (``placements``, ``placements[]``, ``placements[].cost``, ``teams[].cases.*``), depth first.

    Reads no data (unlike :func:`describe`, which lists choices read from data files).
    """
    return [pattern for pattern, _, _ in nodes(spec) if pattern]


def find(spec: Obj, pattern: str) -> Field:
    """The :class:`Field` at a spec pattern such as ``placements[].children`` or ``teams[].cases.*``.

    Any name after a map (``cases.child-protection``) selects the map's value spec.
    Raises ``KeyError`` naming the pattern when the spec has no field there.
    """
    node: Node = spec
    for part in pattern.replace("[]", ".[]").split("."):
        if isinstance(node, MapOf):
            node = node.value
        elif part == "[]" and isinstance(node, ListOf):
            node = node.item
        elif isinstance(node, Obj):
            found = next((child for child in node.fields if child.key == part), None)
            if found is None:
                raise KeyError(pattern)
            node = found
        else:
            raise KeyError(pattern)
    if not isinstance(node, Field):
        raise KeyError(pattern)
    return node
