"""Properties that hold for every valid input (hypothesis; strategies in tests/strategies.py).

The model properties are each calculator's own (children conserved by
moves, caseloads falling with more staff); the properties of the entry point
(a valid input round-trips through JSON text, any JSON gets errors and never
a traceback, a corrupted field is named at its path) hold for every
registered calculator, and run for each (``strategies.inputs_of``).
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import calculators
from calculators import _spec, caseload, origins, placement_cost, registry
from calculators._paths import set_value
from tests.strategies import caseload_inputs, inputs_of, json_values, placement_inputs


def typed(module, payload: dict):
    calc = module.CALCULATOR
    errors = _spec.Errors()
    normal = _spec.validate(calc.spec, payload, errors)
    calc.check(normal, errors)
    assert not errors, errors.as_list()
    return calc.build(normal)


@given(placement_inputs(demand=False))
def test_moves_conserve_children(payload: dict) -> None:
    inp = typed(placement_cost, payload)
    result = placement_cost.model.calculate(inp)
    baseline = sum(t.children for t in inp.placements)
    for year in result.years:
        assert sum(t.children_average for t in year.by_type) == pytest.approx(baseline)
        assert sum(t.children_year_end for t in year.by_type) == pytest.approx(baseline)
        assert all(t.children_year_end >= 0 for t in year.by_type)


@given(placement_inputs())
def test_net_saving_is_gross_minus_reinvestment(payload: dict) -> None:
    result = placement_cost.model.calculate(typed(placement_cost, payload))
    cumulative = 0.0
    for year in result.years:
        assert year.net_saving == pytest.approx(year.gross_saving - year.reinvestment)
        cumulative += year.net_saving
        assert year.cumulative_net_saving == pytest.approx(cumulative)


@given(placement_inputs(moves=False, demand=False))
def test_no_change_gives_zero_saving(payload: dict) -> None:
    payload["scenario"]["reinvestment_by_year"] = []
    result = placement_cost.model.calculate(typed(placement_cost, payload))
    for year in result.years:
        assert year.gross_saving == pytest.approx(0, abs=1e-6 * max(1.0, year.baseline_spend))
        assert year.net_saving == pytest.approx(0, abs=1e-6 * max(1.0, year.baseline_spend))


@given(placement_inputs(), st.floats(0.1, 10))
def test_spend_scales_linearly_with_unit_costs(payload: dict, factor: float) -> None:
    inp = typed(placement_cost, payload)
    scaled = dataclasses.replace(
        inp,
        placements=tuple(
            dataclasses.replace(
                t,
                cost=t.cost * factor,
                cost_low=None if t.cost_low is None else t.cost_low * factor,
                cost_high=None if t.cost_high is None else t.cost_high * factor,
            )
            for t in inp.placements
        ),
    )
    a, b = placement_cost.model.calculate(inp), placement_cost.model.calculate(scaled)
    for ya, yb in zip(a.years, b.years):
        scale = max(1.0, ya.baseline_spend)
        assert yb.scenario_spend == pytest.approx(ya.scenario_spend * factor, rel=1e-9, abs=1e-9 * scale)
        assert yb.gross_saving == pytest.approx(ya.gross_saving * factor, rel=1e-9, abs=1e-6 * scale * factor)


@given(placement_inputs())
def test_sensitivity_low_le_central_le_high(payload: dict) -> None:
    result = placement_cost.model.calculate(typed(placement_cost, payload))
    for s in result.sensitivity:
        tol = 1e-6 * max(1.0, abs(s.gross_central))
        assert s.gross_low <= s.gross_central + tol and s.gross_central <= s.gross_high + tol
        assert s.cumulative_net_low <= s.cumulative_net_central + tol <= s.cumulative_net_high + 2 * tol


@given(caseload_inputs(), st.integers(0, 4), st.floats(0.01, 50))
def test_more_fte_never_raises_caseload_per_fte(payload: dict, which: int, extra: float) -> None:
    before = caseload.model.calculate(typed(caseload, payload))
    index = which % len(payload["teams"])
    payload["teams"][index]["fte"] += extra
    after = caseload.model.calculate(typed(caseload, payload))
    assert after.teams[index].caseload_per_fte <= before.teams[index].caseload_per_fte
    assert after.overall.caseload_per_fte <= before.overall.caseload_per_fte
    assert after.overall.extra_fte <= before.overall.extra_fte + 1e-9


@given(caseload_inputs())
def test_caseload_identities(payload: dict) -> None:
    result = caseload.model.calculate(typed(caseload, payload))
    assert result.overall.cases == sum(t.cases for t in result.teams)
    assert result.overall.extra_fte == pytest.approx(sum(t.extra_fte for t in result.teams))
    assert all(t.extra_fte >= 0 for t in result.teams)
    assert all(p.open_cases >= -1e-9 for p in result.projection)


@pytest.mark.parametrize("name", registry.names())
def test_valid_input_round_trips_through_json_text(name: str) -> None:
    @given(inputs_of(name))
    @settings(max_examples=50 if name in ("placement-cost", "caseload") else 20)
    def check(payload: dict) -> None:
        response = json.loads(calculators.run_json_text(name, json.dumps(payload)))
        assert response["ok"], response.get("errors")
        again = calculators.run_json(name, response["input"])
        assert again["result"] == response["result"]

    check()


@given(st.sampled_from(registry.names()), json_values)
@settings(max_examples=300)
def test_run_json_never_raises_on_any_json(name: str, payload: object) -> None:
    response = calculators.run_json(name, payload)
    assert response["ok"] is False
    assert response["errors"] and all(set(e) == {"path", "message"} for e in response["errors"])
    assert all(not e["message"].startswith("Internal error") for e in response["errors"])


@given(placement_inputs(), st.data())
@settings(max_examples=150)
def test_corrupting_one_field_is_reported_at_its_path(payload: dict, data: st.DataObject) -> None:
    place = data.draw(st.integers(0, len(payload["placements"]) - 1))
    field = data.draw(st.sampled_from(["children", "cost", "provider", "inflation_pct"]))
    bad = data.draw(st.sampled_from([None, "text", float("nan"), float("inf"), -1, True, [], {}]))
    if field in ("provider",) and bad == -1:
        bad = 3
    payload["placements"][place][field] = bad
    if field == "inflation_pct" and bad is None:
        return  # optional: null means the default
    if field == "inflation_pct" and bad == -1:
        return  # −1% a year is allowed
    response = calculators.run_json("placement-cost", payload)
    assert not response["ok"]
    assert f"placements[{place}].{field}" in [e["path"] for e in response["errors"]]


@pytest.mark.parametrize("name", registry.names())
def test_corrupting_any_number_is_reported_at_its_path(name: str) -> None:
    # Values no number input takes, whatever its limits: text, not-a-number, infinity, a yes/no, a list, a group.
    @given(inputs_of(name), st.data())
    @settings(max_examples=60 if name in ("placement-cost", "caseload") else 30)
    def check(payload: dict, data: st.DataObject) -> None:
        numbers = [path for path, value in origins.leaves(payload)
                   if isinstance(value, (int, float)) and not isinstance(value, bool) and not path.startswith(("prices", "uncertainty"))]
        path = data.draw(st.sampled_from(numbers))
        set_value(payload, path, data.draw(st.sampled_from(["text", float("nan"), float("inf"), True, [], {}])))
        response = calculators.run_json(name, payload)
        assert not response["ok"]
        assert path in [e["path"] for e in response["errors"]]

    check()
