"""Hypothesis strategies for the calculators' JSON inputs (valid by construction)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from calculators._spec import SMALLEST_MONEY, SMALLEST_NUMBER

__all__ = ["figures", "placement_inputs", "caseload_inputs", "invest_to_save_inputs", "inputs_of", "json_values"]


def figures(low: float, high: float, *, money: bool = False) -> st.SearchStrategy[float]:
    """Floats from ``low`` to ``high`` as a number input takes them: 0, or at least a millionth (a penny for money) either side of 0."""
    smallest = SMALLEST_MONEY if money else SMALLEST_NUMBER
    return st.floats(low, high, allow_nan=False, allow_infinity=False).map(lambda v: 0.0 if abs(v) < smallest else v)

_BASES = ["annual_per_child", "weekly_per_child", "annual_total"]


@st.composite
def placement_inputs(draw: st.DrawFn, *, moves: bool = True, demand: bool = True, ranges: bool = True) -> dict[str, Any]:
    """A valid placement-cost input: 1–6 placement types, feasible moves, optional demand changes and reinvestment."""
    count = draw(st.integers(1, 6))
    placements = []
    for i in range(count):
        basis = draw(st.sampled_from(_BASES))
        children = draw(st.integers(1 if basis == "annual_total" else 0, 400))
        scale = {"annual_per_child": 200_000, "weekly_per_child": 5_000, "annual_total": 20_000_000}[basis]
        cost = draw(st.floats(1, scale, allow_nan=False, allow_infinity=False))
        item: dict[str, Any] = {
            "id": f"type-{i}",
            "label": f"Type {i}",
            "children": children,
            "cost_basis": basis,
            "cost": cost,
            "provider": draw(st.sampled_from(["in-house", "purchased"])),
            "setting": draw(st.sampled_from(["family-based", "residential"])),
            "inflation_pct": draw(figures(-5, 10)),
        }
        if ranges and draw(st.booleans()):
            item["cost_low"] = cost * draw(st.floats(0.5, 1))
            item["cost_high"] = cost * draw(st.floats(1, 2))
        placements.append(item)
    horizon = draw(st.integers(1, 10))
    move_list = []
    if moves and count > 1:
        level = {p["id"]: p["children"] for p in placements}
        starts = sorted(draw(st.lists(st.integers(1, horizon * 12), max_size=6)))
        for start in starts:
            source = draw(st.sampled_from(sorted(level)))
            if level[source] == 0:
                continue
            target = draw(st.sampled_from(sorted(k for k in level if k != source)))
            n = draw(st.integers(1, level[source]))
            level[source] -= n
            level[target] += n
            move_list.append({"from": source, "to": target, "children": n, "start_month": start})
    changes = []
    if demand:
        for _ in range(draw(st.integers(0, 2))):
            changes.append(
                {
                    "placement": draw(st.sampled_from(["all"] + [p["id"] for p in placements])),
                    "entrants_change_pct": draw(figures(-50, 50)),
                    "length_of_stay_change_pct": draw(figures(-50, 50)),
                    "start_month": draw(st.integers(1, horizon * 12)),
                    "phase_in_months": draw(st.integers(0, 24)),
                }
            )
    reinvest = draw(st.lists(figures(0, 5_000_000, money=True), max_size=horizon))
    return {
        "title": "generated",
        "placements": placements,
        "scenario": {"horizon_years": horizon, "moves": move_list, "demand_changes": changes, "reinvestment_by_year": reinvest},
    }


@st.composite
def caseload_inputs(draw: st.DrawFn, *, flow: bool = True) -> dict[str, Any]:
    """A valid caseload input: 1–4 case types (weights for all or none), 1–5 teams, optional flow."""
    types = draw(st.integers(1, 4))
    weighted = draw(st.booleans())
    case_types = []
    for i in range(types):
        item: dict[str, Any] = {"id": f"case-{i}", "label": f"Case {i}"}
        if weighted:
            item["weight"] = draw(st.floats(1, 12, allow_nan=False))
        case_types.append(item)
    teams = [
        {
            "name": f"Team {j}",
            "fte": draw(st.floats(0.5, 60, allow_nan=False)),
            "cases": {c["id"]: draw(st.integers(0, 600)) for c in case_types if draw(st.booleans()) or c is case_types[0]},
        }
        for j in range(draw(st.integers(1, 5)))
    ]
    payload: dict[str, Any] = {
        "case_types": case_types,
        "teams": teams,
        "target_caseload": draw(st.floats(5, 40, allow_nan=False)),
        "salary": draw(st.floats(20_000, 70_000, allow_nan=False)),
        "on_costs_pct": draw(figures(0, 40)),
    }
    if weighted and draw(st.booleans()):
        payload["capacity_points_per_fte"] = draw(st.floats(50, 150, allow_nan=False))
    if flow and draw(st.booleans()):
        months = draw(st.integers(1, 60))
        payload["flow"] = {
            "new_cases_per_month": draw(st.one_of(st.none(), figures(0, 200))),
            "average_case_length_months": draw(st.floats(1, 36, allow_nan=False)),
            "extra_closures_per_month": draw(figures(0, 50)),
            "extra_closure_months": draw(st.integers(0, months)),
            "projection_months": months,
        }
    return payload


#: Any JSON value (for "never raises" tests).
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=30,
)


_BODIES = ["council-childrens-services", "council-other", "nhs", "education", "police", "family", "other"]
_VALUE_TYPES = ["fiscal-cashable", "fiscal-non-cashable", "economic", "social"]


@st.composite
def invest_to_save_inputs(draw: st.DrawFn, *, adjustments: bool = True) -> dict[str, Any]:
    """A valid invest-to-save input: costs, 1–4 outcomes and (optionally) every adjustment."""
    money = figures(0, 2_000_000, money=True)
    years = draw(st.integers(1, 10))
    families = draw(figures(0, 500))
    outcomes = [
        {
            "label": f"Outcome {i}",
            "count_per_year": draw(figures(0, 50)),
            "value": draw(figures(0, 300_000, money=True)),
            "persistence_years": draw(st.integers(1, 10)),
            "beneficiary": draw(st.sampled_from(_BODIES)),
            "value_type": draw(st.sampled_from(_VALUE_TYPES)),
        }
        for i in range(draw(st.integers(1, 4)))
    ]
    appraisal: dict[str, Any] = {"years": years, "discount_rate_pct": draw(figures(0, 20))}
    if adjustments:
        appraisal.update(
            deadweight_pct=draw(figures(0, 100)),
            attribution_pct=draw(figures(0, 100)),
            optimism_bias_costs_pct=draw(figures(0, 200)),
            optimism_bias_benefits_pct=draw(figures(0, 100)),
            ramp_up_pct_by_year=draw(st.lists(figures(0, 100), max_size=years)),
        )
    return {
        "title": "Generated",
        "intervention": {
            "setup_cost": draw(money),
            "running_cost_per_year": draw(money),
            "cost_per_family": draw(figures(0, 20_000, money=True)) if families > 0 else 0,
            "families_per_year": families,
            "funder": draw(st.sampled_from(_BODIES)),
        },
        "outcomes": outcomes,
        "appraisal": appraisal,
    }


#: The calculators with a strategy of their own above (their inputs' shape varies: how many placement types, teams, outcomes).
OWN = {"placement-cost": placement_inputs, "caseload": caseload_inputs, "invest-to-save": invest_to_save_inputs}


def inputs_of(name: str) -> st.SearchStrategy[dict[str, Any]]:
    """Valid inputs of any registered calculator: its own strategy where it has one (:data:`OWN`), otherwise
    one of its presets with each number moved within its field's limits (the benchmark's generator,
    ``bench.engine.from_presets``), so a new calculator is covered with no edit here."""
    if name in OWN:
        return OWN[name]()
    from bench.engine import from_presets

    # A new generator for each draw: what one draw learns (fields to leave as the preset has them) must
    # not change the next, or Hypothesis could not replay a draw from its data.
    return st.randoms(use_true_random=False).map(lambda rng: from_presets(name)(rng))
