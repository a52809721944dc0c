"""The care population forecast: conservation, the closed form, Little's law, age bands, checks and the link to invest to save."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import calculators
from calculators import _presets, _spec
from calculators.care_forecast import CALCULATOR, model, present, spec


def typed(payload: dict) -> model.ForecastInput:
    errors = _spec.Errors()
    normal = _spec.validate(CALCULATOR.spec, payload, errors)
    CALCULATOR.check(normal, errors)
    assert not errors, errors.as_list()
    return CALCULATOR.build(normal)


def one_type(children: float = 100, starts: float = 60, leaving_pct: float = 40, **extra) -> dict:
    return {
        "placements": [{"id": "a", "children": children, "first_placement_share_pct": 100, "leaving_pct": leaving_pct, "cost": 1000}],
        "starts_per_year": starts,
        "child_population": 10_000,
        **extra,
    }


# --------------------------------------------------------------------------
# Conservation: starts − leavers = change in the total, every month
# --------------------------------------------------------------------------

rate = st.floats(0.01, 3.0)


@st.composite
def forecasts(draw) -> model.ForecastInput:
    n = draw(st.integers(1, 5))
    shares = [draw(st.floats(0, 1)) for _ in range(n)]
    shares = [s / sum(shares) * 100 for s in shares] if sum(shares) > 0 else [100 / n] * n
    types = tuple(
        model.PlacementType(f"t{k}", f"T{k}", float(draw(st.integers(0, 5000))), shares[k], draw(rate), "rate", draw(st.floats(0, 1e5)))
        for k in range(n)
    )
    ids = [t.id for t in types]
    flows = st.builds(model.Flow, st.sampled_from(ids), st.sampled_from(ids), st.floats(0, 500))
    moves = tuple(f for f in draw(st.lists(flows, max_size=6)) if f.from_id != f.to_id)
    bands = ()
    if draw(st.booleans()):
        cuts = sorted(draw(st.sets(st.integers(1, 17), max_size=3)))
        edges = [0, *cuts, 18]
        now = [draw(st.floats(0.1, 1)) for _ in cuts + [0]]
        new = [draw(st.floats(0.1, 1)) for _ in cuts + [0]]
        bands = tuple(
            model.Band(f"b{i}", edges[i], edges[i + 1], 100 * now[i] / sum(now), 100 * new[i] / sum(new)) for i in range(len(edges) - 1)
        )
    change = model.Change(draw(st.integers(1, 24)), draw(st.floats(-100, 100)), draw(st.floats(-90, 100)), tuple(f for f in draw(st.lists(flows, max_size=3)) if f.from_id != f.to_id))
    return model.ForecastInput(types, draw(st.floats(0, 20000)), draw(st.floats(-50, 50)), 1e6, draw(st.integers(1, 4)), moves, bands, change)


@settings(max_examples=150, deadline=None)
@given(forecasts(), st.booleans())
def test_every_month_conserves_children(inp: model.ForecastInput, changed: bool) -> None:
    path = model.project(inp, changed)
    for m in range(1, len(path.levels)):
        before, after = math.fsum(path.levels[m - 1]), math.fsum(path.levels[m])
        scale = max(1.0, before, path.starts[m - 1])
        assert after - before == pytest.approx(path.starts[m - 1] - path.leavers[m - 1], abs=1e-9 * scale)
        assert min(path.levels[m]) >= -1e-9 * scale  # no state goes below zero


# --------------------------------------------------------------------------
# The closed form for one type without moves
# --------------------------------------------------------------------------


@pytest.mark.parametrize(("n0", "starts", "leaving_pct"), [(100, 60, 40), (500, 30, 25), (0, 1200, 150), (81_770, 32_270, 41.68)])
def test_one_type_follows_the_closed_form_at_every_month_end(n0: float, starts: float, leaving_pct: float) -> None:
    """N(t) = N* + (N0 − N*)·e^(−h t), N* = starts × share ÷ h.

    The monthly step is the exact discrete equivalent (children placed during a
    month may leave in it at the same rate), so the two agree to rounding: a
    relative tolerance of 1e-9 over ten years.
    """
    inp = typed(one_type(n0, starts, leaving_pct, scenario={"horizon_years": 10}))
    path = model.project(inp)
    h = leaving_pct / 100
    for m, levels in enumerate(path.levels):
        assert levels[0] == pytest.approx(model.closed_form(n0, starts, 1.0, h, m / 12), rel=1e-9, abs=1e-9)
    result = model.calculate(inp)
    assert result.do_nothing.steady_total == pytest.approx(starts / h, rel=1e-9)


def test_time_to_settle_is_ln10_over_h_for_one_type() -> None:
    # The gap to N* shrinks as e^(−h t): 90 % of the way at t = ln 10 ÷ h = 5.756 years for h = 0.4,
    # so the first month end past it is month 70 (5.833 years).
    inp = typed(one_type(100, 60, 40, scenario={"horizon_years": 1}))
    assert model.calculate(inp).do_nothing.months_to_settle == math.ceil(12 * math.log(10) / 0.4)


def test_average_time_in_care_gives_the_same_forecast_as_its_leaving_rate() -> None:
    """Little's law: an average of 2.5 years in care is a leaving rate of 1 ÷ 2.5 = 40 % a year."""
    by_rate = model.calculate(typed(one_type(100, 60, 40)))
    payload = one_type(100, 60, 40)
    del payload["placements"][0]["leaving_pct"]
    payload["placements"][0]["average_years"] = 2.5
    by_time = model.calculate(typed(payload))
    assert [y.total for y in by_time.do_nothing.years] == pytest.approx([y.total for y in by_rate.do_nothing.years], rel=1e-12)
    assert by_time.input.placements[0].exit_given_as == "average_years"


def test_with_age_bands_children_leave_at_18_even_with_no_other_leaving() -> None:
    """One band 16 to 18 (width 2 years) holding every child: they age out at 1 ÷ 2 a year, N(1) = N0·e^(−0.5)."""
    payload = one_type(1000, 0, 0.000001)
    payload["age_bands"] = [
        {"label": "0 to 15", "from_age": 0, "to_age": 16, "share_now_pct": 0, "share_of_starts_pct": 100},
        {"label": "16 to 17", "from_age": 16, "to_age": 18, "share_now_pct": 100, "share_of_starts_pct": 0},
    ]
    result = model.calculate(typed(payload))
    assert result.do_nothing.years[1].total == pytest.approx(1000 * math.exp(-0.5 - 1e-8), rel=1e-6)


def test_fewer_starts_from_a_month_lower_the_forecast_only_from_then() -> None:
    payload = one_type(100, 60, 40, scenario={"horizon_years": 2, "start_month": 13, "starts_change_pct": -50})
    result = model.calculate(typed(payload))
    assert result.with_change.years[1].total == pytest.approx(result.do_nothing.years[1].total, rel=1e-12)
    assert result.with_change.years[2].total < result.do_nothing.years[2].total


# --------------------------------------------------------------------------
# The England preset and its published stock-and-flow check
# --------------------------------------------------------------------------


def test_england_preset_reproduces_the_published_rate_and_its_own_flows() -> None:
    response = calculators.run_json("care-forecast", _presets.preset_input("care-forecast", "england-2024-25"))
    assert response["ok"], response.get("errors")
    summary = {s["key"]: s for s in response["result"]["summary"]}
    # DfE 2025: 81,770 looked after on 31 March 2025, 67 per 10,000 (population 12,183,016: 67.12 before rounding).
    assert summary["children_now"]["value"] == 81_770
    assert round(summary["rate_now"]["value"]) == 67
    flows = next(t for t in response["result"]["tables"] if t["id"] == "flows")
    by_year = next(t for t in response["result"]["tables"] if t["id"] == "by_year")
    # Year 1: starts are the 32,270 of 2024-25 (no trend), and the year-end total is 81,770 + starts − leavers.
    assert flows["rows"][0]["starts"] == pytest.approx(32_270, abs=0.5)
    assert by_year["rows"][1]["do_nothing"] == pytest.approx(81_770 + flows["rows"][0]["starts"] - flows["rows"][0]["leavers"], abs=1)


# --------------------------------------------------------------------------
# Checks across fields
# --------------------------------------------------------------------------


def errors_of(payload: dict) -> dict[str, str]:
    response = calculators.run_json("care-forecast", payload)
    assert not response["ok"]
    return {e["path"]: e["message"] for e in response["errors"]}


def test_a_type_needs_a_leaving_rate_or_a_time_in_care_but_not_both() -> None:
    payload = one_type()
    del payload["placements"][0]["leaving_pct"]
    assert "placements[0].leaving_pct" in errors_of(payload)
    payload["placements"][0].update(leaving_pct=40, average_years=2.5)
    assert "give one" in errors_of(payload)["placements[0].average_years"]


def test_shares_of_first_placements_must_add_to_100() -> None:
    payload = one_type()
    payload["placements"][0]["first_placement_share_pct"] = 80
    assert "add up to 80" in errors_of(payload)["placements[0].first_placement_share_pct"]


def test_age_bands_must_run_from_0_to_18_and_their_shares_add_to_100() -> None:
    payload = one_type()
    payload["age_bands"] = [
        {"label": "a", "from_age": 0, "to_age": 10, "share_now_pct": 50, "share_of_starts_pct": 100},
        {"label": "b", "from_age": 11, "to_age": 16, "share_now_pct": 40, "share_of_starts_pct": 0},
    ]
    found = errors_of(payload)
    assert "should start at 10" in found["age_bands[1].from_age"]
    assert "must end at 18" in found["age_bands[1].to_age"]
    assert "add up to 90" in found["age_bands[0].share_now_pct"]


def test_a_move_out_of_an_empty_type_is_an_error() -> None:
    payload = one_type()
    payload["placements"].append({"id": "b", "children": 0, "first_placement_share_pct": 0, "leaving_pct": 40, "cost": 1})
    payload["moves"] = [{"from": "b", "to": "a", "children_per_year": 3}]
    assert "has no children now" in errors_of(payload)["moves[0].from"]


# --------------------------------------------------------------------------
# Savings sent to invest to save: the two calculators agree year by year
# --------------------------------------------------------------------------


@pytest.mark.parametrize("preset", ["glasgow-2017-18-step-down"])
def test_invest_to_save_counts_the_forecasts_saving_in_every_year(preset: str) -> None:
    response = calculators.run_json("care-forecast", _presets.preset_input("care-forecast", preset))
    result = response["result"]
    link = result["open_in"][0]
    assert link["calculator"] == "invest-to-save"
    saving = [row["saving"] for row in next(t for t in result["tables"] if t["id"] == "cost_by_year")["rows"]]
    its = calculators.run_json("invest-to-save", link["input"])
    assert its["ok"], its.get("errors")
    benefits = [row["benefits"] for row in next(t for t in its["result"]["tables"] if t["id"] == "by_year")["rows"] if row["year"] >= 1]
    assert benefits == pytest.approx(saving, abs=1)  # whole pounds on both pages


def test_the_link_carries_the_price_year_the_savings_are_shown_at() -> None:
    # Glasgow's costs entered at 2016-17 prices and shown at 2024-25: the savings
    # sent to invest to save are at 2024-25 prices, so invest to save must read
    # them as entered at 2024-25 (restating them again would inflate them twice).
    payload = _presets.preset_input("care-forecast", "glasgow-2017-18-step-down")
    payload["prices"] = {"entered_in": "2016-17", "show_in": "2024-25"}
    response = calculators.run_json("care-forecast", payload)
    assert response["ok"], response.get("errors")
    result = response["result"]
    link = result["open_in"][0]
    assert link["input"]["prices"] == {"entered_in": "2024-25", "show_in": "2024-25"}
    saving = [row["saving"] for row in next(t for t in result["tables"] if t["id"] == "cost_by_year")["rows"]]
    its = calculators.run_json("invest-to-save", link["input"])
    assert its["ok"], its.get("errors")
    benefits = [row["benefits"] for row in next(t for t in its["result"]["tables"] if t["id"] == "by_year")["rows"] if row["year"] >= 1]
    assert benefits == pytest.approx(saving, abs=1)
    # And the restating did happen: the savings differ from the ones at prices as entered.
    plain = calculators.run_json("care-forecast", _presets.preset_input("care-forecast", "glasgow-2017-18-step-down"))["result"]
    as_entered = [row["saving"] for row in next(t for t in plain["tables"] if t["id"] == "cost_by_year")["rows"]]
    assert saving[-1] > as_entered[-1] * 1.1


def test_no_link_when_the_change_saves_nothing() -> None:
    response = calculators.run_json("care-forecast", one_type())
    assert response["ok"] and response["result"]["open_in"] == []


def test_the_link_is_left_out_when_a_year_costs_more() -> None:
    inp = typed(one_type(scenario={"starts_change_pct": 20}))
    assert present.invest_to_save_input(model.calculate(inp)) is None
