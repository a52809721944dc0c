"""The page scripts know no calculator's field names: what a field means comes from Python's input spec.

A field that is money, a month, the first year of a calendar or the name of a
list's items says so in the spec the page is given (``calculators.input_spec``),
so a new calculator with months or money needs no JavaScript. This test walks
every registered calculator's own input spec and looks for its field names in
``docs/javascripts/`` (comments left out: they may explain with an example).

How a name is looked for:

* every field's whole path (``scenario.first_year``, ``scenario.moves``,
  ``placements[].cost``), anywhere in the code;
* every field's own key (``first_year``, ``demand_changes``) where code uses a
  name: after a ``.``, in quotes, or as an alternative in a regular expression,
  except the everyday words in :data:`EVERYDAY`, which the scripts use for
  their own things (an element's ``id``, an option's ``label``);
* not the scenario's title and notes, which every calculator has
  (:data:`calculators.registry.SCENARIO_FIELDS`, checked when the registry
  loads), nor the parts every input shares (price years, uncertain inputs:
  ``input_spec``'s ``shared_fields``, defined by the engine, not a calculator).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from calculators import _spec, registry

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "docs" / "javascripts"

#: Keys that are also the scripts' own vocabulary: looked for only as part of a whole path.
EVERYDAY = frozenset({"id", "label", "name", "value", "title", "notes", "from", "to", "children", "cost", "setting", "scenario", "year", "years", "band", "team", "weight", "cases"})


def _code(text: str) -> str:
    """JavaScript with its comments blanked (a `//` inside a string or regular expression is kept)."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return "\n".join(re.sub(r"(^|\s)//.*$", r"\1", line) for line in text.splitlines())


def _fields(spec: _spec.Obj) -> list[tuple[str, str]]:
    """Every (path pattern, key) of a spec, depth first (a list's item and a map's value are their list's and map's key)."""
    return [(pattern, re.split(r"[.\[\]*]+", pattern.rstrip(".*[]"))[-1]) for pattern in _spec.patterns(spec)]


def _names(calc: registry.Calculator) -> list[tuple[str, re.Pattern[str]]]:
    """What to look for: (the name as reported, its pattern)."""
    out = []
    for pattern, key in _fields(calc.spec):
        if key in registry.SCENARIO_FIELDS and pattern == key:
            continue
        plain = pattern.replace("[]", "").replace(".*", "")
        for whole in {pattern, plain}:
            if "." in whole or "[" in whole:
                out.append((whole, re.compile(r"(?<![\w$])" + re.escape(whole) + r"(?![\w$])")))
        if key not in EVERYDAY:
            out.append((key, re.compile(r"(?<=[.\"'`(|])" + re.escape(key) + r"(?=[\"'`)|]|\b)")))
    return out


SCRIPT_FILES = sorted(SCRIPTS.rglob("*.js"))


def test_there_are_scripts_to_look_in() -> None:
    assert len(SCRIPT_FILES) > 10, SCRIPT_FILES


@pytest.mark.parametrize("calc", registry.calculators(), ids=lambda c: c.name)
def test_no_page_script_names_a_field_of(calc: registry.Calculator) -> None:
    codes = {path.relative_to(ROOT).as_posix(): _code(path.read_text(encoding="utf-8")) for path in SCRIPT_FILES}
    found = [f"{file}: {name}" for name, pattern in _names(calc) for file, code in codes.items() if pattern.search(code)]
    assert found == [], f"page scripts name fields of {calc.name} (describe the field's meaning in its spec instead): {found}"


def test_the_search_finds_the_names_it_looks_for() -> None:
    """The patterns catch a field name written the ways the scripts used to write them (so the test can fail)."""
    calc = registry.get("placement-cost")
    names = _names(calc)
    samples = {
        'parentPath(path).replace(/\\.(moves|demand_changes)\\[\\d+\\]$/, "")': "demand_changes",
        "/(^|\\.)(first_year|year_start_month|horizon_years)$/.test(path)": "year_start_month",
        "Number(scenario.horizon_years) || 3": "horizon_years",
        'this.inputs.get("scenario.planned_saving")': "scenario.planned_saving",
    }
    for code, name in samples.items():
        assert any(n == name and p.search(_code(code)) for n, p in names), (code, name)
    # Prose and comments are not code that names a field.
    assert not any(p.search(_code("// the moves and demand_changes of a scenario\nconst x = `${a} moves it most`;")) for n, p in names if n in ("moves", "demand_changes"))
