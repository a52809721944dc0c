"""The formulas of both calculators on small hand-worked cases."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

import calculators
from calculators.caseload import model as cl
from calculators.placement_cost import model as pc

ROOT = Path(__file__).resolve().parents[2]


def two_types(**scenario) -> dict:
    """Residential at £100,000 a year (10 children) and foster at £500 a week (20 children)."""
    return {
        "placements": [
            {"id": "res", "children": 10, "cost": 100_000, "provider": "purchased", "setting": "residential"},
            {"id": "fos", "children": 20, "cost_basis": "weekly_per_child", "cost": 500, "provider": "in-house", "setting": "family-based"},
        ],
        "scenario": scenario,
    }


def ok(calculator: str, payload: dict) -> dict:
    response = calculators.run_json(calculator, payload)
    assert response["ok"], response.get("errors")
    return response["result"]


def test_weeks_per_year_constant() -> None:
    assert pc.WEEKS_PER_YEAR == 365 / 7
    assert ok("placement-cost", two_types())["weeks_per_year"] == 365 / 7


def test_cost_bases_convert_to_the_same_annual_cost() -> None:
    weekly = pc.PlacementType("a", "a", 4, "weekly_per_child", 700, "in-house", "family-based")
    annual = pc.PlacementType("a", "a", 4, "annual_per_child", 700 * 365 / 7, "in-house", "family-based")
    total = pc.PlacementType("a", "a", 4, "annual_total", 4 * 700 * 365 / 7, "in-house", "family-based")
    assert weekly.annual_cost_per_child() == pytest.approx(annual.annual_cost_per_child())
    assert total.annual_cost_per_child() == pytest.approx(annual.annual_cost_per_child())


def test_part_year_effect_of_a_move_from_month_7() -> None:
    result = ok("placement-cost", two_types(horizon_years=2, moves=[{"from": "res", "to": "fos", "children": 2, "start_month": 7}]))
    foster_annual = 500 * 365 / 7  # £26,071.43
    # year 1: 2 children for 6 of 12 months; year 2: the full year
    assert result["years"][0]["gross_saving"] == round(2 * 6 / 12 * (100_000 - foster_annual))
    assert result["years"][1]["gross_saving"] == round(2 * (100_000 - foster_annual))
    year1 = {r["placement"]: r for r in result["years"][0]["by_type"]}
    assert year1["res"]["children_average"] == 9.0 and year1["res"]["children_year_end"] == 8


def test_inflation_applies_from_year_2_to_both_baseline_and_scenario() -> None:
    payload = two_types(horizon_years=3, moves=[{"from": "res", "to": "fos", "children": 1}])
    payload["placements"][0]["inflation_pct"] = 10
    result = ok("placement-cost", payload)
    foster_annual = 500 * 365 / 7
    for year in (1, 2, 3):
        expected = 100_000 * 1.1 ** (year - 1) - foster_annual
        assert result["years"][year - 1]["gross_saving"] == round(expected)


def test_reinvestment_net_and_cumulative() -> None:
    result = ok("placement-cost", two_types(horizon_years=3, moves=[{"from": "res", "to": "fos", "children": 1}], reinvestment_by_year=[50_000, 20_000]))
    gross = 100_000 - 500 * 365 / 7
    nets = [gross - 50_000, gross - 20_000, gross]  # year 3 not given: £0
    assert [y["reinvestment"] for y in result["years"]] == [50_000, 20_000, 0]
    assert [y["net_saving"] for y in result["years"]] == [round(n) for n in nets]
    assert result["years"][-1]["cumulative_net_saving"] == round(sum(nets))


def test_demand_change_follows_littles_law_steady_state() -> None:
    # 20% fewer entrants and a 25% longer stay: factor 0.8 × 1.25 = 1.0 → no change
    same = ok("placement-cost", two_types(demand_changes=[{"entrants_change_pct": -20, "length_of_stay_change_pct": 25, "phase_in_months": 0}]))
    assert same["totals"]["gross_saving"] == 0
    # a quarter shorter stays in residential care at once: 10 → 7.5 children
    shorter = ok("placement-cost", two_types(horizon_years=1, demand_changes=[{"placement": "res", "length_of_stay_change_pct": -25, "phase_in_months": 0}]))
    assert shorter["years"][0]["gross_saving"] == round(2.5 * 100_000)


def test_demand_change_phases_in_linearly() -> None:
    result = ok("placement-cost", two_types(horizon_years=1, demand_changes=[{"placement": "res", "entrants_change_pct": -50, "phase_in_months": 12}]))
    # month m has factor 1 − 0.5 × m/12; the year's average factor is 1 − 0.5 × (78/12)/12
    average = sum(1 - 0.5 * m / 12 for m in range(1, 13)) / 12
    assert result["years"][0]["by_type"][0]["children_average"] == round(10 * average, 2)


def test_north_yorkshire_28_day_example_from_the_reference_page() -> None:
    # The method page's worked example (placement-cost.md, "An initial
    # looked-after period of no more than 28 days"): if 30% of entrants
    # (average stay 12 months) instead stay at most 28 days,
    # new average stay = 0.7 × 12 + 0.3 × 28/(365/12) months; change = new ÷ 12 − 1.
    page = (ROOT / "docs" / "calculators" / "reference" / "placement-cost.md").read_text(encoding="utf-8")
    shown = re.search(r"= ([\d.]+) months, a change of −([\d.]+)%", page)
    assert shown, "the worked example is no longer on the method page"
    new_stay = 0.7 * 12 + 0.3 * 28 / (365 / 12)
    change = 100 * (new_stay / 12 - 1)
    assert float(shown.group(1)) == round(new_stay, 2)
    assert -float(shown.group(2)) == round(change, 1)
    # Entered as the page says, at once (no phase-in), the change scales the
    # children in care by 1 + change/100 (Little's law), and spend with them.
    result = ok("placement-cost", two_types(horizon_years=1, demand_changes=[
        {"placement": "res", "length_of_stay_change_pct": round(change, 1), "phase_in_months": 0}]))
    residential = result["years"][0]["by_type"][0]
    assert residential["children_average"] == round(10 * (1 + round(change, 1) / 100), 2)
    assert result["years"][0]["gross_saving"] == round(10 * 100_000 * -round(change, 1) / 100)


def test_sensitivity_bounds_take_each_cost_at_the_end_that_lowers_the_saving() -> None:
    payload = two_types(horizon_years=1, moves=[{"from": "res", "to": "fos", "children": 1}])
    payload["placements"][0] |= {"cost_low": 80_000, "cost_high": 120_000}
    payload["placements"][1] |= {"cost_low": 400, "cost_high": 600}
    result = ok("placement-cost", payload)
    weeks = 365 / 7
    assert result["totals"]["net_saving_low"] == round(80_000 - 600 * weeks)
    assert result["totals"]["net_saving"] == round(100_000 - 500 * weeks)
    assert result["totals"]["net_saving_high"] == round(120_000 - 400 * weeks)


def test_result_has_tables_and_summary_for_a_generic_renderer() -> None:
    result = ok("placement-cost", two_types())
    for tab in result["tables"]:
        keys = [c["key"] for c in tab["columns"]]
        assert set(tab) == {"id", "title", "columns", "rows", "cells"}
        assert all(set(col) == {"key", "label", "unit", "heading", "numeric"} for col in tab["columns"])
        assert len(tab["cells"]) == len(tab["rows"])
        for row, cells in zip(tab["rows"], tab["cells"]):
            assert list(row) == keys
            assert len(cells) == len(keys) and all(isinstance(text, str) and text for text in cells)
            for value in row.values():
                assert value is None or isinstance(value, (int, float, str))
    for item in result["summary"]:
        assert set(item) == {"key", "label", "value", "unit", "text"}


def test_money_rounds_half_away_from_zero() -> None:
    from calculators.tables import round_value

    def money(value: float) -> int:
        return round_value(value, "£")

    assert (money(0.5), money(1.5), money(2.5), money(-2.5), money(-0.4)) == (1, 2, 3, -3, 0)


# Caseload -----------------------------------------------------------------

def teams(**extra) -> dict:
    payload = {
        "case_types": [{"id": "cp", "weight": 10}, {"id": "cin", "weight": 5}],
        "teams": [
            {"name": "A", "fte": 10, "cases": {"cp": 100, "cin": 150}},
            {"name": "B", "fte": 5, "cases": {"cp": 40, "cin": 40}},
        ],
        "target_caseload": 20,
        "salary": 40_000,
        "on_costs_pct": 25,
        "capacity_points_per_fte": 100,
    }
    payload.update(extra)
    return payload


def test_caseload_per_fte_gap_and_extra_fte() -> None:
    result = ok("caseload", teams())
    a, b = result["teams"]
    assert a["caseload_per_fte"] == 250 / 10 and b["caseload_per_fte"] == 80 / 5
    assert a["gap_to_target"] == 25 - 20
    # A needs 250 ÷ 20 = 12.5 FTE: 2.5 more; B is under target: none
    assert a["extra_fte"] == 2.5 and b["extra_fte"] == 0
    assert a["extra_fte_cost"] == round(2.5 * 40_000 * 1.25)  # salary + 25% on-costs
    assert result["overall"]["caseload_per_fte"] == round(330 / 15, 2)
    assert result["overall"]["extra_fte"] == 2.5  # staff are not moved between teams


def test_weighted_load_and_capacity() -> None:
    result = ok("caseload", teams())
    a = result["teams"][0]
    points = 100 * 10 + 150 * 5  # 1,750
    assert a["points_per_fte"] == points / 10
    assert a["capacity_used_pct"] == 100 * points / 10 / 100
    assert a["extra_fte_weighted"] == points / 100 - 10


def test_littles_law_steady_state_and_projection() -> None:
    flow = {"new_cases_per_month": 20, "average_case_length_months": 10, "projection_months": 120}
    result = ok("caseload", teams(flow=flow))
    # open cases = arrivals × duration = 20 × 10 = 200, over 15 FTE
    assert result["flow"]["steady_state_caseload"] == round(200 / 15, 2)
    last = result["flow"]["projection"][-1]
    assert last["open_cases"] == pytest.approx(200, abs=0.01)


def test_months_to_target_with_extra_effort() -> None:
    # 330 open cases, 15 FTE, target 20 → 300 cases. Steady without effort (A = 330/10 = 33 a month).
    flow = {"average_case_length_months": 10, "extra_closures_per_month": 10, "projection_months": 24}
    result = ok("caseload", teams(flow=flow))
    open_cases, month = 330.0, 0
    while open_cases / 15 > 20:
        month += 1
        open_cases = open_cases + 33 - open_cases / 10 - 10
    assert result["flow"]["months_to_target"] == month
    assert result["flow"]["steady_state_caseload_with_effort"] == round((33 - 10) * 10 / 15, 2)


def test_a_target_reached_and_then_lost_is_reported() -> None:
    # 330 open cases, 15 FTE, target 20; 10 extra closures a month for 6 months only.
    flow = {"average_case_length_months": 10, "extra_closures_per_month": 10, "extra_closure_months": 6, "projection_months": 36}
    result = ok("caseload", teams(flow=flow))["flow"]
    open_cases, reached, lost = 330.0, None, None
    for month in range(1, 37):  # the same recurrence, by hand: S ← S + A − S/L − E (E only in months 1–6)
        open_cases = open_cases + 33 - open_cases / 10 - (10 if month <= 6 else 0)
        if reached is None and open_cases / 15 <= 20:
            reached = month
        elif reached is not None and lost is None and open_cases / 15 > 20:
            lost = month
    assert (result["months_to_target"], result["month_target_lost"]) == (reached, lost)
    assert reached is not None and lost is not None and lost > 6
    assert result["final_caseload"] == round(open_cases / 15, 2)


def test_target_never_reached_is_reported_as_null() -> None:
    flow = {"average_case_length_months": 10, "projection_months": 6}
    result = ok("caseload", teams(flow=flow))
    assert result["flow"]["months_to_target"] is None
    item = next(s for s in result["summary"] if s["key"] == "months_to_target")
    assert "not reached in 6 months" in item["label"]


def test_unweighted_caseload_has_no_points_columns() -> None:
    payload = teams(case_types=[{"id": "cp"}, {"id": "cin"}])
    del payload["capacity_points_per_fte"]
    result = ok("caseload", payload)
    keys = [c["key"] for c in result["tables"][0]["columns"]]
    assert "points_per_fte" not in keys
    assert result["overall"]["points_per_fte"] is None
