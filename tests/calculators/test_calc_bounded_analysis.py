"""The sensitivity analysis has a budget and can be worked a slice at a time (issue 30, item 3): each test failed before its fix.

A valid input (every figure inside its limits) kept the calculators busy
for 36 seconds and more: 2,769 runs of the model for switching values. The
analysis now stops after ``sensitivity.MAX_RUNS`` runs and says so in the
results; the browser's worker runs it in slices (``calculators._engine.Job``)
so that a newer edit can overtake it.
"""

from __future__ import annotations

import json

import pytest

import calculators
from calculators import _engine, sensitivity
from tests.slow_inputs import slow_placement_cost


@pytest.fixture(scope="module")
def slow_response() -> dict:
    return calculators.run_json("placement-cost", slow_placement_cost())


def test_the_slow_input_is_valid_and_inside_every_limit(slow_response: dict) -> None:
    assert slow_response["ok"], slow_response.get("errors")
    assert abs(next(s["value"] for s in slow_response["result"]["summary"] if s["key"] == "total_net_saving")) < 1e6


def test_the_analysis_stops_at_its_budget_and_says_so(slow_response: dict) -> None:
    drivers = slow_response["result"]["drivers"]
    assert drivers["runs"] == sensitivity.MAX_RUNS
    assert drivers["limit_reached"].startswith(f"The analysis stopped after {sensitivity.MAX_RUNS:,} runs of the model, its limit")
    assert "searches were not made" in drivers["limit_reached"] and drivers["limit_reached"] in drivers["note"]
    table = next(t for t in slow_response["result"]["tables"] if t["id"] == "drivers")
    assert f"Stopped after {sensitivity.MAX_RUNS:,} runs of the model" in table["title"]
    # The tornado was finished first: every uncertain input has its low and high result.
    assert len(drivers["inputs"]) == len(sensitivity.ranges(_engine.full_spec("placement-cost"), slow_response["input"]))
    assert all(row["swing"] is not None for row in drivers["inputs"])


def test_the_presets_finish_well_inside_the_budget() -> None:
    for name, presets in calculators.list_calculators().items():
        for preset in presets:
            drivers = calculators.run_json(name, calculators.preset_input(name, preset))["result"]["drivers"]
            assert drivers["limit_reached"] is None and drivers["runs"] <= sensitivity.MAX_RUNS // 2, (name, preset)


def test_a_budget_too_small_for_the_tornado_says_which_inputs_were_left(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sensitivity, "MAX_RUNS", 3)
    response = calculators.run_json("placement-cost", calculators.preset_input("placement-cost", "glasgow-2017-18-to-in-house-foster"))
    drivers = response["result"]["drivers"]
    assert drivers["runs"] == 3 and len(drivers["inputs"]) == 1 and drivers["switching"] == []
    total = len(sensitivity.ranges(_engine.full_spec("placement-cost"), response["input"]))
    assert f"the low and high values of {total - 1} of the {total} uncertain inputs were not tried" in drivers["limit_reached"]


def test_a_job_worked_in_slices_gives_the_same_answer() -> None:
    text = json.dumps(calculators.preset_input("placement-cost", "glasgow-2017-18-to-in-house-foster"))
    job = _engine.start_json_text("placement-cost", text)
    slices, answer = 0, None
    while answer is None:
        answer = job.step(0)  # one run of the model a slice
        slices += 1
    assert answer == calculators.run_json_text("placement-cost", text)
    assert slices > 10  # it did stop between runs, so the worker could answer other messages


def test_a_job_can_be_abandoned_and_a_bad_input_answers_at_once() -> None:
    job = _engine.start_json_text("placement-cost", json.dumps(slow_placement_cost()))
    assert job.step(0) is None
    job.close()
    bad = _engine.start_json_text("placement-cost", '{"rows": ' + "[" * 5000).step(0)
    assert "nested too deeply" in bad
