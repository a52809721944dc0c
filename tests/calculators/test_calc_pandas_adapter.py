"""The pandas adapter: DataFrames of a response, and batch runs from a CSV of scenarios.

Every figure must be the JSON entry point's own (the adapter only reshapes),
and a bad row must be reported in its place without stopping the batch.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import calculators

pd = pytest.importorskip("pandas")
from calculators import pandas_adapter  # noqa: E402  (needs pandas)

PRESET = "glasgow-2017-18-to-in-house-foster"


def test_run_frames_holds_every_table_of_the_response() -> None:
    payload = calculators.preset_input("placement-cost", PRESET)
    response = calculators.run_json("placement-cost", payload)
    frames = pandas_adapter.run_frames("placement-cost", payload)
    assert set(frames) == {"summary"} | {t["id"] for t in response["result"]["tables"]}
    for tab in response["result"]["tables"]:
        keys = [c["key"] for c in tab["columns"]]  # the table's columns (rows may carry more, e.g. ids)
        assert frames[tab["id"]].columns.tolist() == keys
        assert frames[tab["id"]].to_dict("records") == [{k: row.get(k) for k in keys} for row in tab["rows"]]
    assert frames["summary"]["key"].tolist() == [s["key"] for s in response["result"]["summary"]]


def test_run_frames_refuses_invalid_input_naming_the_field() -> None:
    payload = calculators.preset_input("placement-cost", PRESET)
    payload["placements"][0]["children"] = -1
    with pytest.raises(ValueError, match=r"placements\[0\]\.children"):
        pandas_adapter.run_frames("placement-cost", payload)


def test_a_batch_gives_each_row_the_entry_points_figures(tmp_path: Path) -> None:
    csv = tmp_path / "batch.csv"
    csv.write_text(
        "scenario,preset,scenario.moves[0].children,scenario.moves[0].start_month\n"
        f"seven from April,{PRESET},7,1\n"
        f"seven from October,{PRESET},7,7\n"
        f"ten from April,{PRESET},10,1\n",
        encoding="utf-8",
    )
    batch = pandas_adapter.run_batch("placement-cost", str(csv))
    assert batch["ok"].tolist() == [True, True, True]
    for row, (children, month) in zip(batch.to_dict("records"), [(7, 1), (7, 7), (10, 1)]):
        payload = calculators.preset_input("placement-cost", PRESET)
        payload["scenario"]["moves"][0].update(children=children, start_month=month)
        summary = calculators.run_json("placement-cost", payload)["result"]["summary"]
        assert {s["key"]: s["value"] for s in summary} == {k: row[k] for k in (s["key"] for s in summary)}


def test_bad_rows_are_reported_in_place_and_the_rest_run() -> None:
    table = pd.DataFrame({
        "scenario": ["good", "text for a number", "no such preset", "index far too large"],
        "preset": [PRESET, PRESET, "nope", PRESET],
        "scenario.moves[0].children": ["7", "seven", "7", ""],
        "placements[10000000].cost": ["", "", "", "5"],
    })
    batch = pandas_adapter.run_batch("placement-cost", table).set_index("scenario")
    assert batch.loc["good", "ok"]
    assert not batch.loc["text for a number", "ok"] and "scenario.moves[0].children" in batch.loc["text for a number", "errors"]
    assert not batch.loc["no such preset", "ok"] and "no preset 'nope'" in batch.loc["no such preset", "errors"]
    assert not batch.loc["index far too large", "ok"] and "largest index allowed" in batch.loc["index far too large", "errors"]


def test_a_batch_without_a_scenario_column_is_refused() -> None:
    with pytest.raises(ValueError, match="scenario"):
        pandas_adapter.run_batch("caseload", pd.DataFrame({"name": ["x"]}))
