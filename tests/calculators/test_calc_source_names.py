"""The calculators name a source document for a reader: publisher, title and date, never its file name.

The presets' rows in data/preset_inputs.csv cite the council documents by
their text files' names; a result (its tables, the origins of its inputs,
the preset's notes and ranges) and the results file show the document as
data/sources.csv names it (calculators/source_names.py).
"""

from __future__ import annotations

import json
import re

import pytest

import calculators
from calculators import _presets
from calculators.source_names import long_date, readable

RAW = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
PRESETS = [(name, preset) for name in calculators.list_calculators() for preset in _presets.names(name)]


def test_a_document_reads_as_its_row_in_the_register() -> None:
    # data/sources.csv, row 004_0e49056c93a6daee.txt: "Children's Transformation Project Update",
    # "Flintshire County Council, Social and Health Care Overview and Scrutiny Committee", 2020-10-22.
    assert readable("004_0e49056c93a6daee.txt §1.08") == (
        "Flintshire County Council, Social and Health Care Overview and Scrutiny Committee, "
        "Children's Transformation Project Update (22 October 2020), §1.08")
    assert readable("(004_0e49056c93a6daee.txt)") == (
        "(Flintshire County Council, Social and Health Care Overview and Scrutiny Committee, "
        "Children's Transformation Project Update (22 October 2020))")


def test_text_without_a_registered_document_is_left_as_it_is() -> None:
    assert readable("PSSRU Unit Costs 2017 p. 86") == "PSSRU Unit Costs 2017 p. 86"
    assert readable("our own 123_0123456789abcdef.txt, page 2") == "our own 123_0123456789abcdef.txt, page 2"
    assert long_date("2017-03-15") == "15 March 2017" and long_date("2023/24") == "2023/24"


@pytest.mark.parametrize(("name", "preset"), PRESETS, ids=[f"{n}:{p}" for n, p in PRESETS])
def test_no_result_or_results_file_shows_a_raw_file_name(name: str, preset: str) -> None:
    response = calculators.run_json(name, calculators.preset_input(name, preset))
    assert response["ok"], response
    assert not RAW.findall(json.dumps(response, ensure_ascii=False))
    assert not RAW.findall(calculators.results_csv(response, "2026-12-07T09:00"))
    # The preset still says where each figure comes from: the origins table names a document.
    origins = next(t for t in response["result"]["tables"] if t["id"] == "origins")
    assert any(row["source"] for row in origins["rows"])


def test_a_business_case_with_a_preset_scenario_names_its_documents() -> None:
    # The sample case (a council's own figures) with its placement cost scenario swapped for the Glasgow preset,
    # whose figures cite the Glasgow board's report of 15 March 2017 (data/sources.csv).
    from pathlib import Path

    from calculators.business_case import case_json

    case = json.loads((Path(__file__).resolve().parents[2] / "examples" / "northshire-business-case.json").read_text(encoding="utf-8"))
    scenario = case["options"][1]["scenarios"][0]
    assert scenario["calculator"] == "placement-cost"
    scenario["input"] = calculators.default_input("placement-cost")
    text = case_json(json.dumps(case))
    answer = json.loads(text)
    assert answer["ok"]
    assert not RAW.findall(text)  # the report, its Word file's blocks, the page's HTML and the log
    # Appendix A, the assumptions and sources log: the preset's figures name the report.
    assert any(row["source"].startswith("Glasgow City Integration Joint Board, Children's Services Transformation (item 10) (15 March 2017), §")
               for row in answer["log"])
