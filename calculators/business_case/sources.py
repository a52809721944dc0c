"""The assumptions and sources log: every input of every scenario, where it comes from, and which options use it.

Each input's origin is worked out by :mod:`calculators.origins` (the same
words the calculators' own "Where each input comes from" tables use): the
council's profile with its source, typed, a national default with its
publication, a preset with the preset's name. The same figure used by
several options is one row naming them all.
"""

from __future__ import annotations

import importlib
from typing import Any

from .. import origins, prices, registry
from .._engine import full_spec
from .case import Read

__all__ = ["log", "methods"]

#: Fields that name things rather than state a figure.
_NAMES = ("id", "label", "name", "title")


def log(found: Read) -> list[dict[str, Any]]:
    """One row per distinct input: calculator, scenario, input, value (with its unit), price year, origin, source, note, options."""
    rows: dict[tuple[str, ...], dict[str, Any]] = {}
    for (i, j), response in sorted(found.runs.items()):
        name = response["calculator"]
        option = found.case["options"][i]
        normal = dict(response["input"])
        record = normal.pop(origins.KEY, None)
        spec = full_spec(name)
        found_origins = origins.origins(name, spec, normal, record)
        table = origins.table(spec, normal, found_origins)
        price_years = prices.year_of(normal)
        for item, row in zip(found_origins, table["rows"]):
            if item["path"].split(".")[0].split("[")[0] in (prices.KEY, "title", "notes") or item["path"].rsplit(".", 1)[-1] in _NAMES:
                continue  # titles, notes, names and short codes, and price-year settings (shown with each figure), are not assumptions
            key = (name, row["input"], row["value_text"], row["what"], row["source"])
            entry = rows.setdefault(key, {
                "calculator": registry.get(name).title, "scenario": found.case["options"][i]["scenarios"][j]["title"],
                "input": row["input"], "value": row["value_text"], "price_year": price_years.get(item["path"], "") or (row["year"] if item["kind"] != "national" else ""),
                "origin": row["what"], "source": row["source"], "note": row["note"], "options": []})
            label = "Do nothing" if option["do_nothing"] else f"Option {option['id']}"
            if label not in entry["options"]:
                entry["options"].append(label)
    return list(rows.values())


def methods(found: Read) -> list[dict[str, str]]:
    """Each calculator the case uses, once: what it answers (its module's own plain description) and where its method page is."""
    used = {response["calculator"] for response in found.runs.values()}
    out = []
    for module, name in zip(registry.MODULES, registry.names()):
        if name not in used:
            continue
        paragraphs = [" ".join(p.split()) for p in (importlib.import_module(module).__doc__ or "").split("\n\n")]
        answers = next((p for p in paragraphs if p.startswith("What it answers:")), paragraphs[1] if len(paragraphs) > 1 else paragraphs[0])
        out.append({"calculator": registry.get(name).title, "method": answers.replace("``", ""), "page": f"calculators/{name}/"})
    return out
