"""Invest-to-save: discounting checked against an independent implementation, payback, and the link to placement cost.

Oracle: numpy-financial's ``npv(rate, values)`` (values[0] at time 0, not
discounted; values[t] divided by (1 + rate)**t) — the Green Book convention
the method page states. Expected figures elsewhere are hand calculations
shown beside them.
"""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import calculators
from tests.strategies import figures, invest_to_save_inputs

npf = pytest.importorskip("numpy_financial")


def run(payload: dict) -> dict:
    response = calculators.run_json("invest-to-save", payload)
    assert response["ok"], response.get("errors")
    return response["result"]


def exact(payload: dict):
    """The typed result (unrounded), through the calculator's own record."""
    from calculators import _spec, invest_to_save

    calc = invest_to_save.CALCULATOR
    errors = _spec.Errors()
    normal = _spec.validate(calc.spec, payload, errors)
    calc.check(normal, errors)
    assert not errors, errors.as_list()
    return calc.calculate(calc.build(normal))


@settings(max_examples=150, deadline=None)
@given(invest_to_save_inputs())
def test_npv_matches_numpy_financial_to_the_penny(payload: dict) -> None:
    result = exact(payload)
    net = [y.net for y in result.years]
    oracle = npf.npv(payload["appraisal"]["discount_rate_pct"] / 100, net)
    assert result.npv == pytest.approx(oracle, abs=0.005)
    # The rounded figure shown is the oracle's, rounded to whole pounds (half away from zero).
    assert abs(run(payload)["npv"] - oracle) <= 0.5 + 1e-6


def test_hand_calculation_of_a_small_case() -> None:
    # Set-up £120,000; running £250,000 a year; 4 outcomes a year × £60,000 lasting 2 years;
    # deadweight 20 %; 3 years at 3.5 %.
    # Benefits: year 1 = 4 × 60,000 × 0.8 = 192,000; years 2 and 3 = 8 × 60,000 × 0.8 = 384,000.
    # Net: −120,000, −58,000, 134,000, 134,000; cumulative −120,000, −178,000, −44,000, 90,000.
    # NPV = −120,000 − 58,000/1.035 + 134,000/1.035² + 134,000/1.035³ = 69,912.47.
    # Payback in year 3 at 12 × (2 + 44,000/134,000) = 27.94 months.
    payload = {
        "intervention": {"setup_cost": 120000, "running_cost_per_year": 250000},
        "outcomes": [{"label": "Entry to care avoided", "count_per_year": 4, "value": 60000, "persistence_years": 2}],
        "appraisal": {"years": 3, "deadweight_pct": 20},
    }
    result = run(payload)
    assert [row["net"] for row in result["years"]] == [-120000, -58000, 134000, 134000]
    assert result["npv"] == 69912
    assert result["payback_months"] == 27.94
    assert exact(payload).npv == pytest.approx(-120000 - 58000 / 1.035 + 134000 / 1.035**2 + 134000 / 1.035**3)


def test_never_paying_back_says_so() -> None:
    payload = {
        "intervention": {"setup_cost": 500000, "running_cost_per_year": 100000},
        "outcomes": [{"label": "Small saving", "count_per_year": 1, "value": 50000}],
        "appraisal": {"years": 3},
    }
    result = run(payload)
    assert result["payback_months"] is None
    item = next(s for s in result["summary"] if s["key"] == "payback_months")
    assert item["text"] == "not within the appraisal"


def test_zero_discount_and_no_adjustments_equals_placement_cost_saving() -> None:
    """Stepping n children down from one placement to another saves what the placement-cost calculator says.

    Placement cost: 7 children move from purchased residential care to in-house foster care from
    month 1 of a 3-year horizon, with £150,000 a year reinvested in family support; no inflation.
    Invest-to-save: running cost £150,000 a year, 7 step-downs a year each saving one year of the
    cost difference, 0 % discount, no adjustments. Each year's net must be the same.
    """
    placement = calculators.preset_input("placement-cost", "glasgow-2017-18-to-in-house-foster")
    placement["scenario"]["horizon_years"] = 3
    placement["scenario"]["reinvestment_by_year"] = [150000, 150000, 150000]
    placement["scenario"]["planned_saving"] = None
    for p in placement["placements"]:
        p["inflation_pct"] = 0
    move = placement["scenario"]["moves"][0]
    move["start_month"] = 1
    placed = calculators.run_json("placement-cost", placement)
    assert placed["ok"], placed.get("errors")
    from calculators import placement_cost

    typed = placement_cost.CALCULATOR.build(_normal("placement-cost", placement))
    cost = {t.id: t.annual_cost_per_child() for t in typed.placements}
    saving = cost[move["from"]] - cost[move["to"]]
    invest = {
        "intervention": {"running_cost_per_year": 150000},
        "outcomes": [{"label": "Step-down", "count_per_year": move["children"], "value": saving, "persistence_years": 1}],
        "appraisal": {"years": 3, "discount_rate_pct": 0},
    }
    result = exact(invest)
    modelled = placement_cost.model.calculate(typed)
    assert [y.cumulative_net for y in result.years[1:]] == pytest.approx([y.cumulative_net_saving for y in modelled.years])
    assert run(invest)["years"][-1]["cumulative_net"] == placed["result"]["years"][-1]["cumulative_net_saving"]


def _normal(name: str, payload: dict) -> dict:
    from calculators import _engine, _spec, registry

    calc = registry.get(name)
    errors = _spec.Errors()
    # The full spec: presets may hold the parts every calculator shares (price years, ranges).
    # The record of where each figure comes from is not an input: the engine takes it off first (origins.split).
    payload = {key: value for key, value in payload.items() if key != "origin"}
    normal = _spec.validate(_engine.full_spec(name), payload, errors)
    calc.check(normal, errors)
    assert not errors, errors.as_list()
    return normal


@settings(max_examples=100, deadline=None)
@given(invest_to_save_inputs(), figures(0, 100), figures(0, 100))
def test_more_deadweight_never_raises_npv(payload: dict, low: float, high: float) -> None:
    low, high = sorted((low, high))
    a, b = copy.deepcopy(payload), copy.deepcopy(payload)
    a["appraisal"]["deadweight_pct"], b["appraisal"]["deadweight_pct"] = low, high
    assert exact(b).npv <= exact(a).npv + 1e-6 * (1 + abs(exact(a).npv))


@settings(max_examples=100, deadline=None)
@given(invest_to_save_inputs(adjustments=False), figures(0, 20), figures(0, 20))
def test_higher_discount_never_raises_npv_when_costs_come_first(payload: dict, r1: float, r2: float) -> None:
    """A scheme whose costs come first (net benefit negative up to some year T*, never negative after) and that
    pays back at the lower rate (NPV(r1) ≥ 0).

    Why that condition: dNPV/dr = −Σ t N_t v^(t+1) with v = 1/(1+r), and for such flows
    Σ t N_t v^t ≥ T* × NPV(r) (each negative N_t has t < T*), so the NPV falls with r wherever
    it is ≥ 0; a scheme of costs only has a NPV that rises towards 0 with r, which is why the
    issue says "a scheme whose costs come first" rather than any scheme.
    """
    r1, r2 = sorted((r1, r2))
    payload["intervention"]["setup_cost"] = max(payload["intervention"]["setup_cost"], 1.0)
    a, b = copy.deepcopy(payload), copy.deepcopy(payload)
    a["appraisal"]["discount_rate_pct"], b["appraisal"]["discount_rate_pct"] = r1, r2
    net = [y.net for y in exact(a).years]
    first_gain = next((i for i, n in enumerate(net) if n > 0), len(net))
    if any(n < 0 for n in net[first_gain:]) or exact(a).npv < 0:
        return  # not a costs-first scheme that pays back: the property does not apply
    assert exact(b).npv <= exact(a).npv + 1e-6 * (1 + abs(exact(a).npv))


@settings(max_examples=100, deadline=None)
@given(invest_to_save_inputs())
def test_every_figure_is_finite_and_the_totals_add_up(payload: dict) -> None:
    result = run(payload)
    rows = result["years"]
    assert len(rows) == payload["appraisal"]["years"] + 1
    by_kind = next(t for t in result["tables"] if t["id"] == "by_value_type")
    # Benefits by kind add up to all benefits (each rounded to whole pounds, so within £1 per kind).
    assert abs(sum(r["benefits"] for r in by_kind["rows"]) - sum(r["benefits"] for r in rows)) <= len(by_kind["rows"]) + len(rows)
    for item in result["summary"]:
        assert item["text"]


def test_invalid_input_names_each_field() -> None:
    payload = {
        "intervention": {"setup_cost": -1, "cost_per_family": 100},
        "outcomes": [{"label": "x", "count_per_year": 1, "value": 10, "beneficiary": "the moon"}],
        "appraisal": {"years": 2, "ramp_up_pct_by_year": [50, 80, 100]},
    }
    errors = {e["path"]: e["message"] for e in calculators.run_json("invest-to-save", payload)["errors"]}
    assert set(errors) == {"intervention.setup_cost", "outcomes[0].beneficiary", "appraisal.ramp_up_pct_by_year", "intervention.families_per_year"}
    assert "at most 2" in errors["appraisal.ramp_up_pct_by_year"]


def test_preset_reproduces_its_stated_figures() -> None:
    # Method page: running cost 5 × 45,500 × 1.30 = 295,750; 6 placements a year at
    # 3,830 × 365/7 = 199,707.14 a year (to the penny, as presets convert); adjustment
    # 0.75 × 1 × 0.8 = 0.6; full-year benefit 6 × 199,707.14 × 0.6 = 718,945.70 (year 1 half: 359,472.85).
    result = run(calculators.preset_input("invest-to-save", "flintshire-mst"))
    years = result["years"]
    assert years[1]["costs"] == 295750
    assert years[1]["benefits"] == 359473
    assert years[2]["benefits"] == 718946


def test_a_unit_cost_can_be_picked_from_the_data_instead_of_typed() -> None:
    # The CMA's private children's home price, £3,830 a week (data/unit_costs.csv), × 365/7
    # = £199,707.14 a year; one outcome a year against £100,000 of running cost, no discount:
    # net 199,707.14 − 100,000 = 99,707.
    payload = {
        "intervention": {"running_cost_per_year": 100000},
        "outcomes": [{"label": "Placement avoided", "count_per_year": 1, "unit_cost": "residential-private-cma"}],
        "appraisal": {"years": 1, "discount_rate_pct": 0},
    }
    assert run(payload)["years"][1]["net"] == 99707
    both = dict(payload["outcomes"][0], value=5000)
    errors = calculators.run_json("invest-to-save", dict(payload, outcomes=[both]))["errors"]
    assert [e["path"] for e in errors] == ["outcomes[0].value"] and "keep one" in errors[0]["message"]
    hourly = dict(payload["outcomes"][0], unit_cost="social-worker-hour")
    errors = calculators.run_json("invest-to-save", dict(payload, outcomes=[hourly]))["errors"]
    assert [e["path"] for e in errors] == ["outcomes[0].unit_cost"]
    neither = {"label": "x", "count_per_year": 1}
    errors = calculators.run_json("invest-to-save", dict(payload, outcomes=[neither]))["errors"]
    assert [e["path"] for e in errors] == ["outcomes[0].value"] and "missing" in errors[0]["message"]
    choices = next(f for f in calculators.input_spec("invest-to-save")["fields"] if f["path"] == "outcomes[].unit_cost")["choices"]
    assert "residential-private-cma" in choices and "social-worker-hour" not in choices
