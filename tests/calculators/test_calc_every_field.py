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
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import calculators
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
