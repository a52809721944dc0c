"""Where every input comes from: one origin for each figure, one table per scenario.

A scenario may carry an ``origin`` record beside its inputs (the page keeps
it in the scenario it sends, links and downloads carry it; the command line
and :mod:`calculators.profile` write it)::

    {"start": "council" | "preset" | "input",
     "preset": "<preset id>",                       # when start is "preset"
     "profile": {"name": "Northshire 2025/26", "file": "northshire.csv"},
     "fields": {"<field path>": {"kind": "profile" | "national", "value": ...,
                                 "source": "...", "year": "...", "note": "..."}}}

From it and the inputs, each input (every value in the input, outside this
record) gets one origin, worked out here so that the command line, the
pandas adapter and the page say the same thing:

``profile``
    the council's profile set it, and it still holds the profile's value
    (with the profile's name, the row's source, note and price year);
``national``
    a national figure put in by this project where the profile gave none
    (with its publication and year, from ``data/national_defaults.csv``);
``default``
    the calculator's own setting where nothing was given (0 % deadweight,
    no ramp-up, three years): it changes nothing or is a choice of layout;
``preset``
    a named preset's figure (with the preset's title and the row's source
    in ``data/preset_inputs.csv``, a source document named by its publisher,
    title and date: :mod:`calculators.source_names`);
``derived``
    made from the profile's own words (a short code from a name, a case
    type from the counts that name it);
``typed``
    anything else: typed on the page or given in an input file (in a
    scenario started from a preset, "Changed from the preset": a figure
    that differs from the preset's, or that the preset does not have).

A preset's input carries ``{"start": "preset", "preset": name}``
(:func:`calculators.preset_input`), so that its results list each input's
origin and the headline says how many figures still come from the preset.

A field listed in ``fields`` whose value has since changed is ``typed``: the
reader typed over it. The record is checked here (never trusted): a record
that cannot be read is an error at ``origin``.

Ranges follow the figure (:func:`analysed`): for a figure that is the
reader's own (``profile`` or ``typed``) a range that came with a preset is
not used; a money figure of the reader's that has no range of its own gets
the project's default range (``data/national_defaults.csv``, row
``@default_range``), labelled as such.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from . import _data, _spec
from ._paths import join, parse, pattern_of
from .source_names import readable
from .tables import Column, Table, format_figure, format_value, render

__all__ = ["KEY", "split", "leaves", "origins", "label", "value_text", "table", "statement", "analysed", "national_defaults", "default_range"]

KEY = "origin"
_STARTS = ("council", "preset", "input")
_KINDS = ("profile", "national", "default", "derived")
_MAX_FIELDS = 2_000
_MAX_TEXT = 1_000
_SHARED = ("prices", "uncertainty")

WHAT = {
    "profile": "Your profile",
    "national": "National default",
    "default": "Calculator's default setting",
    "derived": "Made from your profile",
    "preset": "Preset",
    "typed": "Your own entry",
}


# The record ------------------------------------------------------------------------


def _text(value: Any, limit: int = _MAX_TEXT) -> bool:
    return isinstance(value, str) and len(value) <= limit and _spec._is_text(value)


def split(payload: Any, errors: _spec.Errors) -> tuple[Any, dict[str, Any] | None]:
    """``payload`` without its origin record, and the record (checked; None if absent or unreadable)."""
    if not isinstance(payload, dict) or KEY not in payload:
        return payload, None
    rest = {key: value for key, value in payload.items() if key != KEY}
    record = payload[KEY]
    if record is None:
        return rest, None
    problem = _problem(record)
    if problem:
        errors.add((KEY,), f"The record of where each figure comes from cannot be read ({problem}); remove it, or load the profile or preset again.")
        return rest, None
    return rest, record


def _problem(record: Any) -> str:
    if not isinstance(record, dict):
        return "it is not a group of values"
    unknown = [key for key in record if key not in ("start", "preset", "profile", "fields")]
    if unknown:
        return f"unknown part {str(unknown[0])[:30]!r}"
    if record.get("start") not in _STARTS:
        return "it does not say where the scenario started"
    if record["start"] == "preset" and not _text(record.get("preset"), 100):
        return "it does not name the preset"
    profile = record.get("profile")
    if profile is not None and not (isinstance(profile, dict) and all(_text(profile.get(k, ""), 200) for k in ("name", "file")) and set(profile) <= {"name", "file"}):
        return "the profile's name is not text"
    fields = record.get("fields", {})
    if not isinstance(fields, dict) or len(fields) > _MAX_FIELDS:
        return f"its list of fields is not a group of at most {_MAX_FIELDS:,}"
    for path, entry in fields.items():
        if not (_text(path, 200) and isinstance(entry, dict) and entry.get("kind") in _KINDS and set(entry) <= {"kind", "value", "source", "year", "note"}
                and all(_text(entry.get(k, "")) for k in ("source", "year", "note"))
                and (entry.get("value") is None or isinstance(entry["value"], (str, int, float)) and not isinstance(entry["value"], bool))):
            return f"its entry for {str(path)[:60]!r} is not readable"
    return ""


# National defaults ---------------------------------------------------------------


@lru_cache(maxsize=None)
def _national_rows() -> tuple[dict[str, str], ...]:
    return _data._rows("national_defaults.csv")


def national_defaults(calculator: str) -> list[dict[str, Any]]:
    """The national figures a council's scenario takes where its profile gives none: ``{field, value, source, year, note}``."""
    out = []
    for row in _national_rows():
        if row["calculator"] != calculator or row["field"].startswith("@"):
            continue
        value: Any = row["value"]
        if row["ref"]:
            kind, _, key = row["ref"].partition(":")
            if kind != "caseload_benchmarks":
                raise ValueError(f"data/national_defaults.csv: cannot read the ref {row['ref']!r}")
            value = _data.benchmarks()[key].value
        else:
            value = float(value) if "." in value else int(value)
        out.append({"field": row["field"], "value": value, "source": readable(row["source"]), "year": row["year"], "note": readable(row["notes"])})
    return out


def default_range() -> tuple[float, str]:
    """The project's default range for a reader's money figure with no range of its own: (share either side, its basis)."""
    row = next(r for r in _national_rows() if r["field"] == "@default_range")
    return float(row["value"]) / 100, row["notes"]


# Each input's origin ---------------------------------------------------------------


def leaves(data: Any, path: str = "") -> list[tuple[str, Any]]:
    """Every value in an input with its path, lists and groups opened (the origin record left out)."""
    if isinstance(data, dict):
        return [leaf for key, item in data.items() if not (not path and key == KEY) for leaf in leaves(item, f"{path}.{key}" if path else key)]
    if isinstance(data, list):
        return [leaf for i, item in enumerate(data) for leaf in leaves(item, f"{path}[{i}]")]
    return [(path, data)]


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    return a == b


@lru_cache(maxsize=32)
def _preset(calculator: str, preset: str) -> tuple[str, dict[str, Any], dict[str, str]] | None:
    """A preset's title, its values as validation fills them in (by path) and each path's source."""
    from . import _engine, _presets

    if preset not in _presets.names(calculator):
        return None
    doc = _presets.preset_input(calculator, preset)
    doc.pop(KEY, None)
    normal = _spec.validate(_engine.full_spec(calculator), doc, _spec.Errors())
    chain, name = [], preset
    while name and name not in chain:
        chain.append(name)
        name = next((r.value for r in _data.preset_rows() if r.calculator == calculator and r.preset == name and r.path == "@base"), "")
    sources: dict[str, str] = {}
    for name in reversed(chain):
        for row in _data.preset_rows():
            if row.calculator == calculator and row.preset == name and row.path != "@base":
                sources[row.path] = row.source
    return str(doc.get("title") or preset), dict(leaves(normal)), sources


def _preset_source(sources: dict[str, str], path: str) -> str | None:
    """The source of the preset row that sets ``path`` (or a group it is in); None if no row sets it."""
    parts = parse(path)
    for n in range(len(parts), 0, -1):
        found = sources.get(join(parts[:n]))
        if found is not None:
            return found
    return None


def _default_of(spec: _spec.Obj, path: str) -> Any:
    try:
        field = _spec.find(spec, pattern_of(path))
    except KeyError:
        return _spec._MISSING
    return field.default


def origins(calculator: str, spec: _spec.Obj, normal: dict[str, Any], record: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Each input's origin, in input order: ``{path, value, kind, what, source, year, note}``."""
    record = record or {"start": "input"}
    fields = record.get("fields") or {}
    profile = (record.get("profile") or {}).get("name", "")
    preset = _preset(calculator, record["preset"]) if record["start"] == "preset" else None
    out = []
    for path, value in leaves(normal):
        if value is None or value == "":
            continue  # not given: no figure to account for (empty notes, an optional field left out)
        entry = fields.get(path)
        item = {"path": path, "value": value, "kind": "typed", "what": WHAT["typed"], "source": "", "year": "", "note": ""}
        if entry is not None and _same(entry.get("value"), value):
            what = f"Your profile “{profile}”" if entry["kind"] == "profile" and profile else WHAT[entry["kind"]]
            item.update(kind=entry["kind"], what=what, source=entry.get("source", ""), year=entry.get("year", ""), note=entry.get("note", ""))
        elif entry is None and preset is not None and path in preset[1] and _same(preset[1][path], value):
            source = _preset_source(preset[2], path)
            if source is None:
                item.update(kind="default", what=WHAT["default"], note="The preset leaves this at the calculator's setting.")
            else:
                item.update(kind="preset", what=f"Preset “{preset[0]}”", source=readable(source))
        elif entry is None and preset is not None:
            item.update(what="Changed from the preset (your own)")
        elif entry is None and record["start"] == "council" and _same(_default_of(spec, path), value):
            item.update(kind="default", what=WHAT["default"], note="Your profile does not give this; the calculator's own setting is used.")
        elif record["start"] == "input" and entry is None:
            item.update(what="Given in the input")
        out.append(item)
    return out


def label(spec: _spec.Obj, data: dict[str, Any], path: str) -> str:
    """An input's name as the form gives it, list items by their own names: "External residential care › Cost (central)"."""
    names: list[str] = []
    node: Any = spec
    parts = parse(path)
    for i, part in enumerate(parts):
        if isinstance(node, _spec.ListOf):
            item = _get(data, parts[: i + 1])
            own = next((item[k].strip() for k in ("label", "name", "title") if isinstance(item, dict) and isinstance(item.get(k), str) and item[k].strip()), "")
            names.append(own or f"{node.item.label} {part + 1}")
            node = node.item
        elif isinstance(node, _spec.MapOf):
            names.append(_map_key_name(data, node, str(part)))
            node = node.value
        elif isinstance(node, _spec.Obj):
            node = next((child for child in node.fields if child.key == part), None)
            if node is None:
                return path
            if not isinstance(node, _spec.ListOf):
                names.append(node.label)
        else:
            return path
    if isinstance(node, _spec.ListOf) and not isinstance(parts[-1], int):
        names.append(node.label)  # the list itself ("Case types")
    return " › ".join(names)


def _map_key_name(data: dict[str, Any], node: Any, key: str) -> str:
    """A map key named by the list item whose id it is (a case type's name), else the key itself."""
    source = getattr(node, "key_choices_from", None)
    if source and source.endswith("[].id"):
        for item in data.get(source[: -len("[].id")]) or []:
            if isinstance(item, dict) and item.get("id") == key:
                return item.get("label") or key
    return key


def _get(data: Any, parts: list[Any]) -> Any:
    for part in parts:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def value_text(spec: _spec.Obj, data: dict[str, Any], path: str, value: Any) -> str:
    """An input's value in words, as the form shows it: a month or first year by its name, a choice by its label, an amount with its unit."""
    from .input_words import calendar_text  # imports this module

    named = calendar_text(spec, data, path, value)
    if named:
        return named
    try:
        field = _spec.find(spec, pattern_of(path))
    except KeyError:
        return str(value)
    if field.kind == "choice":
        if field.choices_from and field.choices_from.endswith("[].id") and "[" not in field.choices_from[: -len("[].id")]:
            items = data.get(field.choices_from[: -len("[].id")]) or []
            named = next((item.get("label") or value for item in items if isinstance(item, dict) and item.get("id") == value), None)
            if named:
                return named
        return dict(field.choice_labels).get(value, str(value))
    if field.names_input and isinstance(value, str):
        return label(spec, data, value)
    if not isinstance(value, (str, bool)) and hasattr(value, "__float__"):
        from .sensitivity import _input_text

        value = int(value) if field.kind == "integer" else float(value)
        text = _input_text(field, value)
        if field.kind != "integer" or not field.unit:
            return text
        if field.unit in ("month", "year", "calendar year"):
            return f"{field.unit} {text}" if field.unit != "calendar year" else text
        return f"{text} {field.unit[:-1] if value == 1 and field.unit.endswith('s') else field.unit}"
    return str(value)


_TABLE = Table("origins", "Where each input comes from", (
    Column("input", "Input"),
    Column("value_text", "Value"),
    Column("what", "Comes from"),
    Column("source", "Source"),
    Column("year", "Price year or year of the figure"),
    Column("note", "Note"),
))


def table(spec: _spec.Obj, normal: dict[str, Any], found: list[dict[str, Any]]) -> dict[str, Any]:
    """The origins as a result table (page, print, CSV and JSON show the same one)."""
    rows = [{**item, "input": label(spec, normal, item["path"]), "value_text": value_text(spec, normal, item["path"], item["value"])} for item in found]
    return render(_TABLE, rows)


def _is_figure(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def statement(calculator: str, normal: dict[str, Any], record: dict[str, Any] | None, found: list[dict[str, Any]]) -> dict[str, Any]:
    """The scenario's provenance in one plain sentence, for the headline and the print."""
    counts = {kind: sum(1 for item in found if item["kind"] == kind) for kind in WHAT}
    record = record or {"start": "input"}
    title = normal.get("title") or ""
    preset = _preset(calculator, record["preset"]) if record["start"] == "preset" else None
    preset_title = preset[0] if preset else ""
    profile = (record.get("profile") or {}).get("name", "")
    if counts["preset"]:
        # Figures (numbers) are what an officer would paste into a board paper: counted apart from names and notes.
        figures = [item for item in found if item["kind"] != "default" and _is_figure(item["value"])]
        from_preset = sum(1 for item in figures if item["kind"] == "preset")
        if from_preset and from_preset == len(figures):
            text = f"Every figure comes from the preset “{preset_title}”: published figures, not your council's."
        elif from_preset:
            text = (f"{from_preset} of the {len(figures)} figures still come from the preset “{preset_title}”, not from your council: "
                    "check each one in “Where each input comes from” before you use these results.")
        else:
            text = (f"No figure comes from the preset “{preset_title}”, but {counts['preset']} of its names, notes or choices are still in "
                    "the scenario: check them in “Where each input comes from”.")
    else:
        parts = []
        if counts["profile"]:
            parts.append(f"{counts['profile']} from your profile “{profile}”" if profile else f"{counts['profile']} from your profile")
        if counts["typed"]:
            parts.append(f"{counts['typed']} typed or given by you")
        if counts["national"]:
            parts.append(f"{counts['national']} national {'default' if counts['national'] == 1 else 'defaults'}")
        if counts["default"]:
            parts.append(f"{counts['default']} at the calculator's default setting")
        text = "Every input is your own or a named national default; none comes from another council's preset"
        text += f" ({', '.join(parts)})." if parts else "."
    return {"start": record["start"], "title": title, "preset": record.get("preset") if preset else None, "preset_title": preset_title or None,
            "profile": profile or None, "counts": counts, "text": text,
            "inputs": [{key: item[key] for key in ("path", "kind", "what", "source", "year", "note")} for item in found]}


# Ranges follow the figure -------------------------------------------------------------


def analysed(spec: _spec.Obj, priced: dict[str, Any], normal: dict[str, Any], record: dict[str, Any] | None, found: list[dict[str, Any]]) -> dict[str, Any]:
    """The input the sensitivity analysis explains: the reader's own figures carry the reader's ranges only.

    Without an origin record the input is used as it is. Otherwise a range
    that a preset gave (its ``_low`` / ``_high`` fields or ``uncertainty``
    item, unchanged) is left out for a figure that is the reader's own, and a
    reader's money figure with no range of its own gets the default range.
    """
    if record is None:
        return priced
    from . import prices, sensitivity

    kind = {item["path"]: item["kind"] for item in found}
    own = {path for path, k in kind.items() if k in ("profile", "typed")}
    out = json.loads(json.dumps(priced))
    # Uncertainty items: a preset's item for an input that is now the reader's goes.
    items = [item for i, item in enumerate(out.get(sensitivity.KEY) or [])
             if not (item.get("path") in own and kind.get(f"{sensitivity.KEY}[{i}].path") == "preset")]
    ranged = {item["path"] for item in items if item.get("low") is not None or item.get("high") is not None}
    # Low and high fields beside a figure: a preset's go when the figure is the reader's.
    sided = set()
    for path, low_path, high_path, _key in sensitivity._sibling_ranges(spec, out):
        ends = [p for p in (low_path, high_path) if kind.get(p) is not None]
        if path in own and ends and all(kind[p] == "preset" for p in ends):
            for p in ends:
                sensitivity._set(out, p, None)
        elif ends:
            sided.add(path)
    share, basis = default_range()
    for path, field, value in prices.money_fields(spec, out):
        if path not in own or path in ranged or path in sided or not value:
            continue
        items.append({"path": path, "low": value * (1 - share), "high": value * (1 + share), "basis": basis})
    out[sensitivity.KEY] = items
    return out
