"""Price years, honest ranges and "what drives this result?" (issue 15 items 2, 3 and 4).

Every expected figure is worked out by hand in the test, from the source
paragraph or data row it names.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

import calculators
from calculators import _data, _presets, prices, registry, sensitivity

ROOT = Path(__file__).resolve().parents[2]
WEEKS = 365 / 7

# HM Treasury, GDP deflators at market prices (March 2026 release), financial years, 2024-25 = 100.
INDEX_2016_17 = 76.0754
INDEX_2019_20 = 80.8738
INDEX_2020_21 = 85.1002
INDEX_2024_25 = 100.0

# Glasgow, 000_cae6d205916c5940.txt §3.2: £20.8m on 95 purchased residential; £19.5m on 791 provided foster.
GLASGOW_RESIDENTIAL = 20_800_000 / 95  # £218,947.37 a child a year
GLASGOW_IN_HOUSE_FOSTER = 19_500_000 / 791  # £24,652.34


def run(name: str, payload: dict) -> dict:
    response = calculators.run_json(name, payload)
    assert response["ok"], response.get("errors")
    return response["result"]


def preset(name: str, key: str) -> dict:
    return calculators.preset_input(name, key)


def errors_of(name: str, payload: dict) -> dict[str, str]:
    response = calculators.run_json(name, payload)
    assert response["ok"] is False
    return {e["path"]: e["message"] for e in response["errors"]}


# --------------------------------------------------------------------------
# The deflator series
# --------------------------------------------------------------------------


def test_the_deflator_series_is_the_march_2026_release() -> None:
    series = prices.deflators()
    assert series["2016-17"].index == INDEX_2016_17
    assert series["2020-21"].index == INDEX_2020_21
    assert series["2024-25"].index == INDEX_2024_25  # the base year
    assert {d.release for d in series.values()} == {"March 2026"}
    assert all(d.source_url.startswith("https://www.gov.uk/") for d in series.values())
    years = list(series)
    assert years == sorted(years) and years[0] == "2000-01" and years[-1] == "2030-31"
    # Outturn to 2024-25, then the OBR's forecast years of the same release (data/deflators.csv status).
    assert [prices.deflators()[y].status for y in ("2024-25", "2025-26", "2030-31")] == ["outturn", "forecast", "forecast"]
    # Each year's index is above the last one's in this stretch of the series.
    assert all(series[a].index < series[b].index for a, b in zip(years, years[1:]))


def test_rebasing_factor_is_the_ratio_of_indices() -> None:
    # £646 a week at 2016-17 prices at 2024-25 prices: 646 × 100 ÷ 76.0754 = £849.1575
    assert 646 * prices.factor("2016-17", "2024-25") == pytest.approx(849.1575, abs=1e-4)
    assert prices.factor("2020-21", "2020-21") == 1


# --------------------------------------------------------------------------
# Honest ranges (item 3)
# --------------------------------------------------------------------------


def test_strengthening_families_low_case_is_below_the_central() -> None:
    result = run("placement-cost", preset("placement-cost", "strengthening-families-foster-shift"))
    # 116.5 child-years moved (13 + 39 + 64.5, see test_calc_documents); central £820 − £646 a week;
    # low: in-house cost at 2019-20 prices (the CMA's FY2020, read as 2019-20 for both prices),
    # 646 × 80.8738 ÷ 76.0754 = £686.7460 a week.
    central = 116.5 * (820 - 646) * WEEKS
    low = 116.5 * (820 - 646 * INDEX_2019_20 / INDEX_2016_17) * WEEKS
    assert result["totals"]["net_saving"] == round(central)  # £1,056,988
    assert result["totals"]["net_saving_low"] == pytest.approx(low, abs=1)  # £809,470
    assert result["totals"]["net_saving_low"] < result["totals"]["net_saving"]


@pytest.mark.parametrize("key", ["glasgow-2017-18-to-in-house-foster", "glasgow-2017-18-to-purchased-foster", "glasgow-2017-18-to-home-with-support"])
def test_glasgow_ranges_include_timing(key: str) -> None:
    result = run("placement-cost", preset("placement-cost", key))
    timing = [row for row in result["drivers"]["inputs"] if row["path"] == "scenario.moves[0].start_month"]
    assert len(timing) == 1
    row = timing[0]
    assert (row["low"], row["central"], row["high"]) == (1, 1, 7)
    # A move from month 7 counts for 6 of the 12 months: half the year's saving (§4.4 gives no timing).
    assert row["figure_at_high"] == pytest.approx(row["figure_at_low"] / 2, abs=1)
    assert "§4.4" in row["basis"]


def test_glasgow_in_house_timing_is_the_largest_driver() -> None:
    result = run("placement-cost", preset("placement-cost", "glasgow-2017-18-to-in-house-foster"))
    inputs = result["drivers"]["inputs"]
    assert inputs[0]["path"] == "scenario.moves[0].start_month"
    # Month 7: 7 × (£218,947.37 − £24,652.34) × 6 ÷ 12 = £680,033
    assert inputs[0]["figure_at_high"] == round(7 * (GLASGOW_RESIDENTIAL - GLASGOW_IN_HOUSE_FOSTER) * 6 / 12)
    swings = [row["swing"] for row in inputs]
    assert swings == sorted(swings, reverse=True)
    # In-house foster at PSSRU's all-in £646 a week (Unit Costs 2017 p. 86): 7 × (£218,947.37 − 646 × 365 ÷ 7)
    foster = next(row for row in inputs if row["path"] == "placements[3].cost")
    assert foster["figure_at_high"] == round(7 * (GLASGOW_RESIDENTIAL - 646 * WEEKS))  # £1,296,842


def test_every_range_states_its_basis() -> None:
    for key in calculators.list_calculators()["placement-cost"]:
        result = run("placement-cost", preset("placement-cost", key))
        for row in result["drivers"]["inputs"]:
            assert row["basis"] and row["basis"] != "The low and high values given in the input.", (key, row["input"])


# --------------------------------------------------------------------------
# Switching values (item 4)
# --------------------------------------------------------------------------


def test_switching_value_for_the_glasgow_planned_saving() -> None:
    result = run("placement-cost", preset("placement-cost", "glasgow-2017-18-to-in-house-foster"))
    found = [s for s in result["drivers"]["switching"] if s["figure"] == "planned_saving_difference" and s["path"] == "placements[0].cost"]
    assert len(found) == 1
    # Saving 7 × (x ÷ 95 − £24,652.34) reaches £1,400,000 when x = 95 × (£200,000 + £24,652.34) = £21,341,972
    # (the saving is rounded to the pound, so x is known to within 95 ÷ 7 ≈ £14).
    expected = 95 * (1_400_000 / 7 + GLASGOW_IN_HOUSE_FOSTER)
    assert found[0]["value"] == pytest.approx(expected, abs=95 / 7)
    assert found[0]["side"] == "above"
    assert found[0]["text"].startswith("The modelled saving reaches the planned saving if purchased residential care's cost is above £21,34")


def test_switching_value_for_the_strengthening_families_saving() -> None:
    result = run("placement-cost", preset("placement-cost", "strengthening-families-foster-shift"))
    by_path = {s["path"]: s for s in result["drivers"]["switching"] if s["figure"] == "total_net_saving"}
    # The saving is 116.5 × (agency − in-house) × 365 ÷ 7: it reaches £0 when the two prices are equal.
    assert by_path["placements[1].cost"]["value"] == pytest.approx(820, abs=0.5)
    assert by_path["placements[1].cost"]["side"] == "above"
    assert by_path["placements[0].cost"]["value"] == pytest.approx(646, abs=0.5)
    assert "above £820" in by_path["placements[1].cost"]["text"]


def test_timing_after_the_horizon_is_not_a_switching_value() -> None:
    # One-year horizon: a move after month 12 is refused by the calculator, so no month is named.
    result = run("placement-cost", preset("placement-cost", "glasgow-2017-18-to-in-house-foster"))
    assert not [s for s in result["drivers"]["switching"] if s["path"] == "scenario.moves[0].start_month"]


def test_the_command_line_gives_the_same_figures(tmp_path: Path) -> None:
    args = [sys.executable, "-m", "calculators", "placement-cost", "--preset", "glasgow-2017-18-to-in-house-foster"]
    done = subprocess.run([*args, "--format", "json"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    cli = json.loads(done.stdout)
    api = run("placement-cost", preset("placement-cost", "glasgow-2017-18-to-in-house-foster"))
    assert cli["result"]["drivers"] == json.loads(json.dumps(api["drivers"]))
    table = subprocess.run([*args, "--format", "csv", "--table", "drivers"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert table.returncode == 0 and table.stdout.splitlines()[0].startswith("input,low,central,high,figure_at_low,figure_at_high,swing,basis")


# --------------------------------------------------------------------------
# Price years (item 2)
# --------------------------------------------------------------------------


def test_a_preset_that_mixes_price_years_says_so() -> None:
    result = run("placement-cost", preset("placement-cost", "strengthening-families-foster-shift"))
    assert result["prices"]["mixed"] is True
    # PSSRU and Glasgow 2016-17; CMA FY2020 and the restated in-house high 2019-20; CCN 2024-25 (preset prices.years)
    assert result["prices"]["years"] == ["2016-17", "2019-20", "2024-25"]
    assert "mix price years" in result["prices"]["note"]
    assert any(t["id"] == "price_years" for t in result["tables"])


def test_results_at_one_price_year() -> None:
    payload = preset("placement-cost", "strengthening-families-foster-shift")
    payload["prices"]["show_in"] = "2024-25"
    result = run("placement-cost", payload)
    # CMA £820 (2019-20) → 820 × 100 ÷ 80.8738; PSSRU £646 (2016-17) → 646 × 100 ÷ 76.0754; 116.5 child-years.
    agency = 820 * INDEX_2024_25 / INDEX_2019_20
    in_house = 646 * INDEX_2024_25 / INDEX_2016_17
    assert result["totals"]["net_saving"] == pytest.approx(116.5 * (agency - in_house) * WEEKS, abs=1)  # £1,000,906
    row = next(r for r in result["prices"]["inputs"] if r["path"] == "placements[1].cost")
    assert row["price_year"] == "2016-17" and row["shown_at"] == round(in_house)


def test_no_price_year_chosen_leaves_results_as_they_were() -> None:
    payload = preset("placement-cost", "glasgow-2017-18-to-in-house-foster")
    without = copy.deepcopy(payload)
    del without["prices"]
    assert run("placement-cost", payload)["totals"] == run("placement-cost", without)["totals"]


def test_an_input_without_price_years_is_echoed_unchanged() -> None:
    payload = preset("service-capacity", "flintshire-mst")  # its range is in the duration's own low and high fields
    response = calculators.run_json("service-capacity", payload)
    assert "prices" not in response["input"] and "uncertainty" not in response["input"]


# --------------------------------------------------------------------------
# Bad input: a message at the field, no traceback
# --------------------------------------------------------------------------


def test_a_price_year_outside_the_series_is_named_at_its_field() -> None:
    payload = preset("placement-cost", "strengthening-families-foster-shift")
    payload["prices"]["show_in"] = "1990-91"
    payload["prices"]["years"][0]["year"] = "2031-32"
    messages = errors_of("placement-cost", payload)
    assert "not one of the choices" in messages["prices.show_in"]
    assert "not one of the choices" in messages["prices.years[0].year"]


def test_rebasing_needs_a_year_for_every_money_input() -> None:
    payload = preset("placement-cost", "glasgow-2017-18-to-in-house-foster")
    payload["prices"] = {"show_in": "2024-25", "entered_in": "", "years": []}
    assert "no price year" in errors_of("placement-cost", payload)["prices.entered_in"]


def test_a_price_year_for_something_that_is_not_money() -> None:
    payload = preset("placement-cost", "glasgow-2017-18-to-in-house-foster")
    payload["prices"]["years"].append({"path": "placements[0].children", "year": "2016-17"})
    assert "not a money input" in errors_of("placement-cost", payload)["prices.years[2].path"]


@pytest.mark.parametrize(
    ("item", "field", "words"),
    [
        ({"path": "scenario.moves[0].start_month", "low": 7, "high": 1, "basis": "x"}, "low", "more than its high value"),
        ({"path": "scenario.moves[0].start_month", "low": 1, "high": 7.5, "basis": "x"}, "high", "whole numbers"),
        ({"path": "scenario.moves[0].start_month", "low": 1, "high": 500, "basis": "x"}, "high", "outside what the input allows"),
        ({"path": "placements[0].label", "low": 1, "high": 2, "basis": "x"}, "path", "not a number input"),
        ({"path": "placements[9].cost", "low": 1, "high": 2, "basis": "x"}, "path", "holds no number"),
        ({"path": "placements[[0", "low": 1, "high": 2, "basis": "x"}, "path", "cannot read"),
    ],
)
def test_a_bad_range_is_named_at_its_field(item: dict, field: str, words: str) -> None:
    payload = preset("placement-cost", "glasgow-2017-18-to-in-house-foster")
    payload["uncertainty"] = [item]
    message = errors_of("placement-cost", payload)[f"uncertainty[0].{field}"]
    assert words in message and "Internal error" not in message


def test_bad_ranges_on_the_command_line_exit_2_without_a_traceback(tmp_path: Path) -> None:
    payload = preset("placement-cost", "glasgow-2017-18-to-in-house-foster")
    payload["uncertainty"][0]["low"] = 9
    payload["prices"]["show_in"] = "1800-01"
    file = tmp_path / "input.json"
    file.write_text(json.dumps(payload), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "calculators", "placement-cost", "--input", str(file)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "uncertainty[0].low" in done.stderr and "prices.show_in" in done.stderr


# --------------------------------------------------------------------------
# Generic over the registry
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", registry.names())
def test_every_calculator_answers_what_drives_its_result(name: str) -> None:
    result = run(name, calculators.default_input(name))
    assert set(result["drivers"]) == {"figure", "inputs", "switching", "note", "runs", "limit_reached"}
    assert result["drivers"]["limit_reached"] is None and 0 <= result["drivers"]["runs"] <= sensitivity.MAX_RUNS
    assert calculators.input_spec(name)["shared_fields"][0]["path"] == "prices"


def test_a_calculator_added_later_gets_sensitivity(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "MODULES", registry.MODULES + ("tests.calculators.example_calculator",))
    extra = tuple(
        _data.PresetRow("example-calculator", "three-children", path, value, "", "Hand-made test figure", line=900 + i)
        for i, (path, value) in enumerate((("children", "3"), ("unit_cost", "100")))
    )
    rows = _data.preset_rows() + extra
    monkeypatch.setattr(_data, "preset_rows", lambda: rows)
    _presets._build.cache_clear()
    try:
        payload = {"children": 3, "unit_cost": 100, "uncertainty": [{"path": "unit_cost", "low": 80, "high": 150, "basis": "Hand-made range."}],
                   "prices": {"show_in": "2024-25", "entered_in": "2016-17", "years": []}}
        result = run("example-calculator", payload)
        # Spend = 2 × 3 × unit cost, all at 2024-25 prices (× 100 ÷ 76.0754): low 6 × £80, high 6 × £150.
        row = result["drivers"]["inputs"][0]
        assert row["figure_at_low"] == round(6 * 80 * 100 / INDEX_2016_17)  # £631
        assert row["figure_at_high"] == round(6 * 150 * 100 / INDEX_2016_17)  # £1,183
        assert result["summary"][0]["value"] == round(6 * 100 * 100 / INDEX_2016_17)  # £789
        # Spend never falls to £0 for a unit cost above £0, so there is no switching value.
        assert result["drivers"]["switching"] == []
    finally:
        _presets._build.cache_clear()


def test_a_value_moved_outside_its_range_still_calculates() -> None:
    payload = preset("placement-cost", "glasgow-2017-18-to-in-house-foster")
    payload["scenario"]["moves"][0]["start_month"] = 10  # the range is month 1 to 7
    # Without the record of where figures come from: with it, month 10 is the reader's own figure and the
    # preset's range is dropped for it (ranges follow the figure, tested in test_calc_council_scenario.py).
    payload.pop("origin")
    row = next(r for r in run("placement-cost", payload)["drivers"]["inputs"] if r["path"] == "scenario.moves[0].start_month")
    # Month 1: 7 × (£218,947.37 − £24,652.34) = £1,360,065; month 7: half of it, £680,033.
    assert (row["central"], row["figure_at_low"], row["figure_at_high"]) == (10, 1_360_065, 680_033)


@pytest.mark.parametrize("name", registry.names())
def test_every_calculator_opens_with_a_ranked_driver(name: str) -> None:
    inputs = run(name, calculators.default_input(name))["drivers"]["inputs"]
    assert inputs and inputs[0]["swing"] > 0
    assert all(row["basis"] for row in inputs)


def test_switching_value_of_the_mst_outcomes_is_where_the_npv_line_crosses_zero() -> None:
    result = run("invest-to-save", preset("invest-to-save", "flintshire-mst"))
    count = next(row for row in result["drivers"]["inputs"] if row["path"] == "outcomes[0].count_per_year")
    # The net present value is a straight line in the number of outcomes a year (each adds the same
    # discounted benefit): through (3, NPV at 3) and (12, NPV at 12) it crosses £0 at
    # 3 − NPV(3) × (12 − 3) ÷ (NPV(12) − NPV(3)).
    crossing = 3 - count["figure_at_low"] * 9 / (count["figure_at_high"] - count["figure_at_low"])
    found = next(s for s in result["drivers"]["switching"] if s["path"] == "outcomes[0].count_per_year")
    assert found["value"] == pytest.approx(crossing, abs=0.01)  # about 2.76 a year
    assert found["side"] == "below"


def test_switching_value_of_the_target_caseload_is_the_busiest_teams_caseload() -> None:
    result = run("caseload", preset("caseload", "strengthening-families-areas"))
    # East Central carries 230 cases on 10 FTE = 23 a worker (002 slide 7, top of the range): from a
    # target of 23 no team needs extra staff, so the extra cost reaches £0 there.
    found = next(s for s in result["drivers"]["switching"] if s["path"] == "target_caseload")
    assert found["value"] == pytest.approx(23, abs=0.01)
    assert found["text"].startswith("No extra social workers are needed") and "above 23 cases per FTE" in found["text"]


@pytest.mark.parametrize("name", registry.names())
def test_quick_answer_is_the_full_answer_without_the_sensitivity_analysis(name: str) -> None:
    """The page shows the headline from a first call with ``drivers=False``
    (calculator.js calculate): its figures must be exactly the full answer's,
    and only the analysis and its two tables are left out."""
    payload = _presets.preset_input(name, _presets.names(name)[0])
    full = json.loads(calculators.run_json_text(name, json.dumps(payload)))
    quick = json.loads(calculators.run_json_text(name, json.dumps(payload), False))
    assert full["ok"] and quick["ok"]
    assert quick["result"]["drivers"] is None and full["result"]["drivers"] is not None
    analysis_tables = {"drivers", "switching_values"}
    assert quick["result"]["tables"] == [t for t in full["result"]["tables"] if t["id"] not in analysis_tables]
    assert {k: v for k, v in quick["result"].items() if k not in ("drivers", "tables")} == {
        k: v for k, v in full["result"].items() if k not in ("drivers", "tables")
    }
    assert quick["input"] == full["input"]


def test_switching_sentence_quotes_an_input_named_by_a_question() -> None:
    """Flintshire MST's outcome count is labelled "…: how many a year"; a possessive
    ("… for a year's how many a year") would not read as English, so the label is quoted."""
    result = run("invest-to-save", preset("invest-to-save", "flintshire-mst"))
    texts = [s["text"] for s in result["drivers"]["switching"] if s["path"] == "outcomes[0].count_per_year"]
    assert texts and texts[0].startswith(
        "The investment no longer pays for itself (net present value below £0) if “Out-of-county residential placement avoided for a year: how many a year” is below"
    ), texts
    assert "'s how many" not in " ".join(s["text"] for s in result["drivers"]["switching"])


def test_a_forecast_price_year_is_used_and_said_to_be_a_forecast() -> None:
    """A budget figure for 2025-26 restated at 2026-27 prices uses the release's OBR forecast indices."""
    payload = preset("caseload", "strengthening-families-areas")
    payload["prices"] = {"show_in": "2026-27", "entered_in": "2025-26", "years": []}
    result = run("caseload", payload)
    # 4.7458 FTE (615 ÷ 17.7 − 30) × £35,000 × 1.30 × 105.3095 ÷ 103.2388 (data/deflators.csv, forecast rows of the March 2026 release).
    expected = (615 / 17.7 - 30) * 35_000 * 1.30 * 105.3095 / 103.2388
    cost = next(item["value"] for item in result["summary"] if item["key"] == "extra_fte_cost")
    assert cost == pytest.approx(expected, abs=0.5)
    assert "indices for 2025-26 and 2026-27 are forecasts" in result["prices"]["note"]
    # The forecast years' values were chain-computed by a third party from the OBR's changes (data/sources.csv).
    assert "chain-computed from the Office for Budget Responsibility" in result["prices"]["note"]


def test_the_form_marks_each_forecast_year_and_no_outturn_year() -> None:
    """Every price-year list in the form spec labels the forecast years of data/deflators.csv as forecasts."""
    status = {year: d.status for year, d in prices.deflators().items()}
    assert {y for y, s in status.items() if s == "forecast"} == {f"{y}-{str(y + 1)[2:]}" for y in range(2025, 2031)}
    spec = calculators.input_spec("caseload")
    spec_rows = [row for row in spec["fields"] + spec["shared_fields"] if row["path"].startswith("prices.") and row.get("type") == "choice"]
    assert len(spec_rows) == 3  # show_in, entered_in, years[].year
    for row in spec_rows:
        labels = row.get("choice_labels", {})
        for year, kind in status.items():
            assert (labels.get(year) == f"{year} (forecast)") == (kind == "forecast"), (row["path"], year)
