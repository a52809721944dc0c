"""Every input field of every calculator, given bad values: each error names that field.

The hand-picked cases in test_calc_validation.py read like a user's
mistakes; these are generated from ``calculators.input_spec`` so that no
field is left out, and a field added later is covered without a new test.
For each field: the wrong type, below its minimum, above its maximum, a
fraction where a whole number is needed, text over its length limit, a
choice that does not exist, and leaving out a required field. Each must
give ``ok: False`` with an error at that field's path, through the API and
through the command line (exit code 2, no traceback).
"""

from __future__ import annotations

import copy
import json
import math
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import calculators
from calculators import _spec
from calculators._paths import parse

ROOT = Path(__file__).resolve().parents[2]

# Payloads that use every field of each calculator, so each field has a place to put a bad value.
BASES: dict[str, dict[str, Any]] = {
    "placement-cost": {
        "title": "Every field",
        "notes": "A payload that uses every input field.",
        "placements": [
            {"id": "res", "label": "Residential", "children": 10, "cost_basis": "annual_per_child", "cost": 100_000,
             "cost_low": 90_000, "cost_high": 120_000, "provider": "purchased", "setting": "residential", "inflation_pct": 2},
            {"id": "fos", "label": "Foster", "children": 20, "cost_basis": "weekly_per_child", "cost": 500,
             "provider": "in-house", "setting": "family-based", "inflation_pct": 1},
        ],
        "scenario": {
            "horizon_years": 3,
            "moves": [{"from": "res", "to": "fos", "children": 3, "start_month": 4}],
            "demand_changes": [{"placement": "all", "entrants_change_pct": -10, "length_of_stay_change_pct": -5,
                                "start_month": 1, "phase_in_months": 12}],
            "reinvestment_by_year": [50_000, 50_000, 50_000],
            "planned_saving": 200_000,
            "planned_saving_year": 1,
            "planned_saving_label": "Plan",
        },
    },
    "caseload": {
        "title": "Every field",
        "notes": "A payload that uses every input field.",
        "case_types": [{"id": "cp", "label": "Child protection", "weight": 10}, {"id": "cin", "label": "Child in need", "weight": 5}],
        "capacity_points_per_fte": 100,
        "target_caseload": 18,
        "salary": 40_000,
        "on_costs_pct": 25,
        "teams": [{"name": "A", "fte": 10, "cases": {"cp": 100, "cin": 150}}],
        "flow": {"new_cases_per_month": 20, "average_case_length_months": 10, "extra_closures_per_month": 5,
                 "extra_closure_months": 6, "projection_months": 24},
    },
}


# The other calculators: their presets, with the optional inputs that no preset uses added.
BASES["invest-to-save"] = calculators.preset_input("invest-to-save", "flintshire-mst")
BASES["invest-to-save"]["intervention"]["cost_per_family"] = 100
BASES["service-capacity"] = calculators.preset_input("service-capacity", "flintshire-assessment-beds")
BASES["service-capacity"]["team"] = dict(calculators.preset_input("service-capacity", "flintshire-mst")["team"], families_per_worker=4)
BASES["service-capacity"]["beds"].update(length_of_stay_low_weeks=10, length_of_stay_high_weeks=14)
BASES["placement-cost"]["scenario"]["first_year"] = 2024
# The care forecast: two placement types, one given by its leaving rate and
# one by its average time in care, with cost ranges, moves, age bands, the
# band's spreads and a change with its own moves, so every field is used.
BASES["care-forecast"] = {
    "title": "Every field",
    "notes": "A payload that uses every input field.",
    "placements": [
        {"id": "res", "label": "Residential", "children": 40, "first_placement_share_pct": 20, "leaving_pct": 40,
         "cost": 200_000, "cost_low": 180_000, "cost_high": 240_000},
        {"id": "fos", "label": "Foster", "children": 160, "first_placement_share_pct": 80, "average_years": 2.5,
         "cost": 30_000, "cost_low": 25_000, "cost_high": 35_000},
    ],
    "starts_per_year": 100,
    "starts_trend_pct": 2,
    "moves": [{"from": "res", "to": "fos", "children_per_year": 5}],
    "age_bands": [
        {"label": "0 to 9", "from_age": 0, "to_age": 10, "share_now_pct": 40, "share_of_starts_pct": 60},
        {"label": "10 to 17", "from_age": 10, "to_age": 18, "share_now_pct": 60, "share_of_starts_pct": 40},
    ],
    "child_population": 50_000,
    "band": {"starts_sd_pct": 10, "exits_sd_pct": 10},
    "scenario": {"horizon_years": 3, "first_year": 2024, "year_start_month": "april", "start_month": 4,
                 "starts_change_pct": -10, "stay_change_pct": -5,
                 "moves": [{"from": "res", "to": "fos", "children_per_year": 3}]},
}


def leaf_fields(calculator: str) -> list[dict[str, Any]]:
    return [r for r in calculators.input_spec(calculator)["fields"] if r["type"] in ("number", "integer", "string", "choice")]


def concrete(pattern: str) -> str:
    """``placements[].cost`` → ``placements[0].cost``; ``teams[].cases.*`` → ``teams[0].cases.cp``."""
    return pattern.replace("[]", "[0]").replace(".*", ".cp")


def bad_values(row: dict[str, Any]) -> list[tuple[str, Any]]:
    """(what is wrong, value) pairs that break the field's rules as input_spec states them."""
    out: list[tuple[str, Any]] = []
    if row["type"] in ("number", "integer"):
        out += [("text", "twelve"), ("true/false", True), ("a list", [1]), ("an object", {"n": 1})]
        if row["minimum"] is not None:
            out.append(("below the minimum", row["minimum"] if row["exclusive_minimum"] else row["minimum"] - 1))
        if row["maximum"] is not None:
            out.append(("above the maximum", row["maximum"] * 10 + 1))
            out.append(("a 400-digit number", 10**400))
        if row["type"] == "integer":
            out.append(("a fraction", (row["minimum"] or 0) + 1.5))
    else:
        out += [("a number", 12345), ("a list", ["x"])]
        out.append(("over the length limit", "x" * (row["max_length"] + 1)))
        out.append(("a lone surrogate", "ab\ud800"))
        if row["type"] == "choice":
            out.append(("not a choice", "no-such-choice"))
        if row.get("pattern"):
            out.append(("breaks the pattern", "Not An Id!"))
    return out


def put(document: dict[str, Any], path: str, value: Any) -> None:
    parts = parse(path)
    node: Any = document
    for part in parts[:-1]:
        node = node[part]
    node[parts[-1]] = value


def remove(document: dict[str, Any], path: str) -> None:
    parts = parse(path)
    node: Any = document
    for part in parts[:-1]:
        node = node[part]
    del node[parts[-1]]


CASES = [
    (calculator, row["path"], why, value)
    for calculator in BASES
    for row in leaf_fields(calculator)
    for why, value in bad_values(row)
]
# Required fields of objects. (A list item or a map entry left out is not missing:
# the list is shorter, and a case type left out of a team's cases counts as 0.)
REQUIRED = [
    (calculator, row["path"]) for calculator in BASES for row in leaf_fields(calculator)
    if row["required"] and not row["path"].endswith(("[]", ".*"))
]


def test_the_base_payloads_are_valid_and_use_every_field() -> None:
    for calculator, base in BASES.items():
        assert calculators.run_json(calculator, base)["ok"], calculator
        for row in leaf_fields(calculator):
            put(copy.deepcopy(base), concrete(row["path"]), None)  # raises if the path is not in the base


@pytest.mark.parametrize(("calculator", "pattern", "why", "value"), CASES, ids=[f"{c[0]}:{c[1]}:{c[2]}" for c in CASES])
def test_a_bad_value_is_named_at_its_field(calculator: str, pattern: str, why: str, value: Any) -> None:
    payload = copy.deepcopy(BASES[calculator])
    path = concrete(pattern)
    put(payload, path, value)
    response = calculators.run_json(calculator, payload)
    assert response["ok"] is False
    messages = {e["path"]: e["message"] for e in response["errors"]}
    assert path in messages, f"{why}: {response['errors']}"
    assert "Internal error" not in messages[path]
    assert len(messages[path]) < 400, "a message should quote the value briefly, not in full"


@pytest.mark.parametrize(("calculator", "pattern"), REQUIRED, ids=[f"{c}:{p}" for c, p in REQUIRED])
def test_a_missing_required_field_is_named(calculator: str, pattern: str) -> None:
    payload = copy.deepcopy(BASES[calculator])
    path = concrete(pattern)
    remove(payload, path)
    errors = calculators.run_json(calculator, payload)["errors"]
    assert any(e["path"] == path and "missing" in e["message"] for e in errors), errors


@pytest.mark.parametrize("calculator", sorted(BASES))
def test_the_command_line_names_every_bad_field_at_once(tmp_path: Path, calculator: str) -> None:
    # One input with every field wrong (text where a number goes, a number where text goes).
    payload = copy.deepcopy(BASES[calculator])
    fields = leaf_fields(calculator)
    for row in fields:
        put(payload, concrete(row["path"]), "twelve" if row["type"] in ("number", "integer") else 12345)
    file = tmp_path / "input.json"
    file.write_text(json.dumps(payload), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "calculators", calculator, "--input", str(file)],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    assert "Traceback" not in done.stderr
    for row in fields:
        assert f"  {concrete(row['path'])}: " in done.stderr, f"{row['path']} is not named:\n{done.stderr}"


def test_numbers_from_numpy_are_accepted_as_numbers() -> None:
    np = pytest.importorskip("numpy")  # analysts build payloads from DataFrames
    payload = copy.deepcopy(BASES["placement-cost"])
    payload["placements"][0]["children"] = np.int64(10)
    payload["placements"][0]["cost"] = np.float64(100_000)
    assert calculators.run_json("placement-cost", payload) == calculators.run_json("placement-cost", BASES["placement-cost"])


def test_tiny_values_that_pass_validation_still_calculate() -> None:
    # The smallest values each "more than 0" field allows must not overflow the arithmetic.
    payload = copy.deepcopy(BASES["caseload"])
    payload["teams"][0]["fte"] = 0.1
    payload["capacity_points_per_fte"] = 1
    payload["target_caseload"] = 1
    payload["flow"]["average_case_length_months"] = 0.1
    response = calculators.run_json("caseload", payload)
    assert response["ok"], response.get("errors")
    assert all(math.isfinite(v) for v in (response["result"]["overall"]["caseload_per_fte"], response["result"]["flow"]["steady_state_caseload"]))


# The limits of every number input of every calculator in the registry (issue 30, item 6) ---------------
#
# Each number input is tried at its declared limits (the least and the most it
# takes, the smallest figure other than 0), just outside them, and at values
# that passed "more than 0" before (the denormal 5e-324, 1e-300, -0.0). Inside
# the limits a calculator gives finite figures that a person can read (or a
# cross-field message, never an internal error); outside them the input is
# refused at that field. The payload for a field is the first of BASES and the
# calculator's presets that uses it; a calculator added to the registry is
# covered once its presets (or a base here) use each of its inputs.

_DENORMAL = 5e-324
_LONGEST_NUMBER_SHOWN = 20  # digits in a row in any displayed figure (a 300-digit ratio was shown before)


def _number_rows(calculator: str) -> list[dict[str, Any]]:
    return [r for r in calculators.input_spec(calculator)["fields"] if r["type"] in ("number", "integer")]


def _payloads(calculator: str) -> list[dict[str, Any]]:
    out = [BASES[calculator]] if calculator in BASES else []
    return out + [calculators.preset_input(calculator, preset) for preset in calculators.list_calculators()[calculator]]


def _concrete_in(document: Any, pattern: str) -> str | None:
    """The first concrete path of ``pattern`` that holds a number in ``document``."""
    found: list[tuple[str, Any]] = [("", document)]
    for part in pattern.replace("[]", ".[]").split("."):
        step: list[tuple[str, Any]] = []
        for path, value in found:
            if part == "[]" and isinstance(value, list):
                step += [(f"{path}[{i}]", item) for i, item in enumerate(value)]
            elif part == "*" and isinstance(value, dict):
                step += [(f"{path}.{key}", item) for key, item in value.items()]
            elif isinstance(value, dict) and part in value:
                step.append((f"{path}.{part}" if path else part, value[part]))
        found = step
    return next((path for path, value in found if isinstance(value, (int, float)) and not isinstance(value, bool)), None)


def _limit_values(row: dict[str, Any]) -> tuple[list[tuple[str, Any]], list[tuple[str, Any]]]:
    """(inside, outside): values the field's declared limits take, and values just past them."""
    low, high, exclusive = row["minimum"], row["maximum"], row["exclusive_minimum"]
    smallest = row.get("smallest_nonzero") or 1
    integer = row["type"] == "integer"
    inside = [("the most", high), ("the least", low + smallest if exclusive else low)]
    outside = [("above the most", high + (1 if integer else smallest)), ("below the least", low if exclusive else low - (1 if integer else smallest))]
    if not integer:
        zero_allowed = low < 0 or (low == 0 and not exclusive)
        if (low < smallest or exclusive) and smallest <= high:
            inside.append(("the smallest figure other than 0", smallest))
        for name, value in (("the denormal 5e-324", _DENORMAL), ("1e-300", 1e-300), ("half the smallest", smallest / 2)):
            if (low < value or (low == 0 and exclusive)) and value < smallest:
                outside.append((name, value))
        if zero_allowed:
            inside.append(("negative zero", -0.0))
    return inside, outside


LIMITS = []
for _calculator in calculators.list_calculators():
    for _row in _number_rows(_calculator):
        _inside, _outside = _limit_values(_row)
        LIMITS += [(_calculator, _row["path"], "inside", why, value) for why, value in _inside]
        LIMITS += [(_calculator, _row["path"], "outside", why, value) for why, value in _outside]


def _long_numbers(response: dict[str, Any]) -> list[str]:
    texts = [item["text"] for item in response["result"]["summary"]]
    texts += [cell for table in response["result"]["tables"] for row in table["cells"] for cell in (row.values() if isinstance(row, dict) else row) if isinstance(cell, str)]
    return [text for text in texts if any(len(run.replace(",", "")) > _LONGEST_NUMBER_SHOWN for run in re.findall(r"[0-9][0-9,]*", text))]


def test_every_number_input_has_a_declared_range() -> None:
    for calculator in calculators.list_calculators():
        for row in _number_rows(calculator):
            assert row["minimum"] is not None and row["maximum"] is not None, f"{calculator} {row['path']} has no declared range"
            assert row["minimum"] < row["maximum"]


@pytest.mark.parametrize(("calculator", "pattern", "where", "why", "value"), LIMITS, ids=[f"{c}:{p}:{w}" for c, p, _, w, _v in LIMITS])
def test_every_number_input_at_and_past_its_limits(calculator: str, pattern: str, where: str, why: str, value: Any) -> None:
    found = next(((payload, path) for payload in _payloads(calculator) if (path := _concrete_in(payload, pattern))), None)
    assert found is not None, f"no base payload or preset of {calculator} uses {pattern}: add one to BASES so its limits are tested"
    payload, path = copy.deepcopy(found[0]), found[1]
    put(payload, path, value)
    response = json.loads(calculators.run_json_text(calculator, json.dumps(payload)))
    if where == "outside":
        assert response["ok"] is False, f"{why} ({value!r}) was accepted"
        assert any(e["path"] == path for e in response["errors"]), response["errors"]
        return
    # The value itself is inside what the field declares it takes...
    own = _spec.Errors()
    _spec.check_value(_spec.find(calculators._engine.full_spec(calculator), pattern), value, (path,), own)
    assert not own, own.items
    if not response["ok"]:
        # ...but may still break a rule across fields (a low value above its central one; a month after the horizon).
        assert all("Internal error" not in e["message"] for e in response["errors"]), response["errors"]
        return
    for item in response["result"]["summary"]:
        assert item["value"] is None or isinstance(item["value"], (str, bool)) or math.isfinite(item["value"]), item
    assert not _long_numbers(response), _long_numbers(response)[:1]
    if value == 0:  # negative zero is read as 0, not shown as "-0" or "-0.0"
        node: Any = response["input"]
        for part in parse(path):
            node = node[part]
        assert node == 0 and math.copysign(1, node) == 1, node
