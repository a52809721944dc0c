"""A council's own scenario from its profile: the council's figures and nothing else.

Loading a profile on its own (the page's "Use my council's figures", the
command line's ``--profile`` without ``--preset`` or ``--input``) starts
from a clean scenario, not from a preset:

* every field the profile sets is the council's (its lists, such as teams,
  placement types, outcomes and moves, are the council's whole lists: items
  are numbered in the order the profile gives them, so a placement type the
  council does not have is simply left out);
* a field the profile leaves out takes a named national default where the
  project has one (``data/national_defaults.csv``: the Green Book's
  discount rate, England's average caseload), the calculator's own setting
  where it has one that changes nothing (0 % deadweight, no ramp-up), and
  otherwise stays empty, so that the calculator names it as missing;
* list items that need a short code get one made from their name, and the
  case types a team's counts name are made from those counts;
* the scenario is titled with the profile's name, and each figure's origin
  is recorded (:mod:`calculators.origins`), so that results, print, CSV and
  JSON say where every figure comes from.

The profile's ``low``, ``high`` and ``basis`` columns become the figure's
range; a money figure without one gets the project's default range when it
is analysed (:func:`calculators.origins.analysed`).
"""

from __future__ import annotations

import copy
import re
from typing import Any

from . import _spec, origins, prices, registry
from ._paths import join, parse, set_value
from .profile import Profile, ProfileRow, financial_year, provenance

__all__ = ["build", "renumber", "apply_lists"]


def _node(spec: _spec.Obj, parts: list[Any]) -> Any:
    """The spec node at concrete path ``parts`` (None when the spec has none)."""
    node: Any = spec
    for part in parts:
        if isinstance(node, _spec.ListOf) and isinstance(part, int):
            node = node.item
        elif isinstance(node, _spec.MapOf):
            node = node.value
        elif isinstance(node, _spec.Obj) and isinstance(part, str):
            node = next((child for child in node.fields if child.key == part), None)
        else:
            return None
    return node


def renumber(spec: _spec.Obj, paths: list[str]) -> dict[str, str]:
    """Each path with the items of every list of groups numbered 0, 1, 2 … in the order given (gaps closed).

    Lists of single values by year (reinvestment, ramp-up) keep their numbers:
    their position is the year.
    """
    tree: dict[Any, Any] = {}
    for path in paths:
        node = tree
        for part in parse(path):
            node = node.setdefault(part, {})
        node[None] = path
    out: dict[str, str] = {}

    def walk(node: dict[Any, Any], prefix: list[Any]) -> None:
        numbers = sorted(k for k in node if isinstance(k, int))
        whole = isinstance(_node(spec, prefix), _spec.ListOf) and isinstance(getattr(_node(spec, prefix), "item", None), _spec.Obj)
        for key, child in node.items():
            if key is None:
                out[child] = join(prefix)
                continue
            walk(child, prefix + [numbers.index(key) if isinstance(key, int) and whole else key])

    walk(tree, [])
    return out


def _lists_of(spec: _spec.Obj, paths: list[str]) -> list[str]:
    """The lists of groups (placement types, teams, moves …) that ``paths`` give items of, outermost only."""
    found: list[str] = []
    for path in paths:
        parts = parse(path)
        for i, part in enumerate(parts):
            if isinstance(part, int):
                node = _node(spec, parts[:i])
                if isinstance(node, _spec.ListOf) and isinstance(node.item, _spec.Obj):
                    where = join(parts[:i])
                    if where not in found:
                        found.append(where)
                break
    return found


def apply_lists(spec: _spec.Obj, document: dict[str, Any], paths: list[str]) -> list[str]:
    """Empty every list of groups that the profile gives items of (the profile's list replaces it whole); returns them."""
    emptied = _lists_of(spec, paths)
    for where in emptied:
        set_value(document, where, [])
    # Price years and ranges of items that went with the old lists go too.
    inside = lambda path: isinstance(path, str) and any(path == w or path.startswith((w + "[", w + ".")) for w in emptied)  # noqa: E731
    if emptied and isinstance(document.get("uncertainty"), list):
        document["uncertainty"] = [item for item in document["uncertainty"] if not (isinstance(item, dict) and inside(item.get("path")))]
    settings = document.get(prices.KEY)
    if emptied and isinstance(settings, dict) and isinstance(settings.get("years"), list):
        settings["years"] = [item for item in settings["years"] if not (isinstance(item, dict) and inside(item.get("path")))]
    return emptied


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def _fill_ids(spec: Any, value: Any, path: list[Any], made: dict[str, Any]) -> None:
    """A short code for each list item that needs one and has none, made from its name (or its place)."""
    for where, node, items in _spec.values(spec, value):
        if not (isinstance(node, _spec.ListOf) and isinstance(items, list) and isinstance(node.item, _spec.Obj)):
            continue
        if not any(isinstance(f, _spec.Field) and f.key == "id" and f.required for f in node.item.fields):
            continue
        used = {item.get("id") for item in items if isinstance(item, dict)}
        for i, item in enumerate(items):
            if isinstance(item, dict) and not item.get("id"):
                base = _slug(str(item.get("label") or item.get("name") or "")) or f"{_slug(node.item.label) or 'item'}-{i + 1}"
                code, n = base, 2
                while code in used:
                    code, n = f"{base}-{n}", n + 1
                item["id"] = code
                used.add(code)
                made[join(path + [*where, i, "id"])] = code


def _fill_map_keys(spec: _spec.Obj, document: dict[str, Any], made: dict[str, Any]) -> None:
    """The case types (or other items) that map keys name, made when the profile gives none: "all-cases" → "All cases"."""
    maps = [(node, value) for _, node, value in _spec.values(spec, document) if isinstance(node, _spec.MapOf) and isinstance(value, dict)]
    for node, value in maps:
        source = node.key_choices_from
        if not source or not source.endswith("[].id") or "[" in source[: -len("[].id")]:
            continue
        where = source[: -len("[].id")]
        items = document.get(where)
        if items:
            continue
        keys = list(dict.fromkeys(value))
        document[where] = [{"id": key, "label": key.replace("-", " ").capitalize()} for key in keys]
        for i, key in enumerate(keys):
            made[f"{where}[{i}].id"] = key
            made[f"{where}[{i}].label"] = document[where][i]["label"]


def build(profile: Profile, calculator: str, filename: str = "") -> dict[str, Any]:
    """The council's own scenario from ``profile``: ``{"ok", "input", "profile", "missing"}`` or ``{"ok": False, "errors"}``.

    ``missing`` lists the inputs the calculator needs that the profile does
    not give and no national default supplies (``{path, message}``): the
    scenario is returned all the same, so that the page can show it with
    those fields marked, and the command line names them.
    """
    if profile.problems:
        return {"ok": False, "calculator": calculator, "errors": profile.errors()}
    if calculator not in registry.names():
        return {"ok": False, "calculator": str(calculator), "errors": [{"row": None, "field": "", "path": "calculator", "message": str(registry.UnknownCalculator(calculator))}]}
    from ._engine import full_spec, run_json

    spec = full_spec(calculator)
    rows = profile.for_calculator(calculator)
    moved = renumber(spec, [row.field for row in rows])
    document: dict[str, Any] = {}
    fields: dict[str, dict[str, Any]] = {}
    applied: list[ProfileRow] = []
    national = {default["field"]: default for default in origins.national_defaults(calculator)}
    for row in rows:
        path = moved[row.field]
        set_value(document, path, copy.deepcopy(row.value))
        fields[path] = {"kind": "profile", "value": row.value, "source": row.source, "year": financial_year(row.price_year) if row.price_year else "", "note": row.note}
        kept = national.get(path)
        if kept is not None and origins._same(kept["value"], row.value) and row.source == kept["source"] and not row.price_year:
            # The template's national default, kept as it came: still the national figure, not the council's own.
            fields[path] = {"kind": "national", "value": kept["value"], "source": kept["source"], "year": kept["year"], "note": kept["note"]}
        applied.append(ProfileRow(row.row, row.calculator, path, row.value, row.price_year, row.source, row.note, row.low, row.high, row.basis))
    made: dict[str, Any] = {}
    _fill_map_keys(spec, document, made)
    _fill_ids(spec, document, [], made)
    for path, value in made.items():
        fields[path] = {"kind": "derived", "value": value, "note": "Made from the names in your profile."}
    for default in origins.national_defaults(calculator):
        parts = parse(default["field"])
        if _get(document, parts) is None:
            set_value(document, default["field"], default["value"])
            fields[default["field"]] = {"kind": "national", "value": default["value"], "source": default["source"], "year": default["year"], "note": default["note"]}
    if not document.get("title"):
        document["title"] = profile.name
        fields["title"] = {"kind": "profile", "value": profile.name, "source": "The profile's name"}
    ranges = [row for row in applied if row.low is not None or row.high is not None or row.basis]
    if ranges:
        document["uncertainty"] = []
        for i, row in enumerate(ranges):
            item = {"path": row.field, "basis": row.basis}
            if row.low is not None:
                item["low"] = row.low
            if row.high is not None:
                item["high"] = row.high
            document["uncertainty"].append(item)
            for key, value in item.items():
                fields[f"uncertainty[{i}].{key}"] = {"kind": "profile", "value": value, "source": row.source, "note": f"The range your profile gives (row {row.row})."}
    dated = [row for row in applied if row.price_year]
    if dated:
        document[prices.KEY] = {"years": [{"path": row.field, "year": financial_year(row.price_year)} for row in dated]}
        for i, row in enumerate(dated):
            for key in ("path", "year"):
                fields[f"prices.years[{i}].{key}"] = {"kind": "profile", "value": document[prices.KEY]["years"][i][key], "source": row.source, "note": f"The price year your profile gives (row {row.row})."}
    # The calculator's own settings written in, so that the form shows what the results use (who saves: the council).
    filled = _spec.validate(spec, document, _spec.Errors())
    if isinstance(filled, dict):
        document = {key: value for key, value in filled.items() if not (key in (prices.KEY, "uncertainty") and not value)}
    file = filename.replace("\\", "/").rsplit("/", 1)[-1][-200:]  # the name alone: the page knows no folder
    document[origins.KEY] = {"start": "council", "profile": {"name": profile.name, "file": file}, "fields": fields}
    checked = run_json(calculator, document, drivers=False)
    missing = [] if checked["ok"] else [{**error, "label": origins.label(spec, document, error["path"]) if error["path"] else ""} for error in checked["errors"]]
    return {
        "ok": True,
        "calculator": calculator,
        "input": document,
        "missing": missing,
        "profile": provenance(profile, rows, applied),
    }


def _get(document: Any, parts: list[Any]) -> Any:
    for part in parts:
        try:
            document = document[part]
        except (KeyError, IndexError, TypeError):
            return None
    return document
