"""The business case: reading the case file, the options appraisal, the sources log, the report's content and its CSV/HTML.

The sample case is Northshire's (examples/northshire-business-case.json,
made by examples/northshire_business_case.py from the council's own profile,
tests/fixtures/northshire-profile.csv). Expected figures are the calculators'
own results for the same inputs, or a hand calculation shown in the test.
"""

from __future__ import annotations

import copy
import csv
import importlib.util
import io
import json
import math
from pathlib import Path
from typing import Any

import pytest

import calculators
from calculators import _data, prices
from calculators.business_case import case_file, case_json, new_case
from calculators.business_case.summary import MAX_WORDS, MIN_WORDS, words

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "northshire-business-case.json"


@pytest.fixture(scope="module")
def sample() -> dict[str, Any]:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built(sample: dict[str, Any]) -> dict[str, Any]:
    answer = json.loads(case_json(json.dumps(sample)))
    assert answer["ok"], answer
    return answer


def _option(built: dict[str, Any], option_id: str) -> dict[str, Any]:
    return next(o for o in built["appraisal"]["options"] if o["id"] == option_id)


def _scenario_result(sample: dict[str, Any], option_id: str, calculator: str) -> dict[str, Any]:
    option = next(o for o in sample["options"] if o["id"] == option_id)
    scenario = next(s for s in option["scenarios"] if s["calculator"] == calculator)
    response = calculators.run_json(calculator, scenario["input"])
    assert response["ok"], response
    return response["result"]


def _table(result: dict[str, Any], table_id: str) -> list[dict[str, Any]]:
    return next(t["rows"] for t in result["tables"] if t["id"] == table_id)


# Reading -------------------------------------------------------------------------------


def _errors(case: Any) -> list[dict[str, str]]:
    answer = json.loads(case_json(case if isinstance(case, str) else json.dumps(case)))
    assert answer["ok"] is False
    return answer["errors"]


def test_the_sample_case_is_what_its_script_makes() -> None:
    """The committed sample is regenerated from the profile, so its figures are real (run the script after a change)."""
    spec = importlib.util.spec_from_file_location("northshire_business_case", ROOT / "examples" / "northshire_business_case.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.text() == SAMPLE.read_text(encoding="utf-8")


def test_a_new_case_opens_with_do_nothing_alone() -> None:
    fresh = json.loads(new_case("Northshire County Council", "A title"))
    assert fresh["council"] == "Northshire County Council" and [o["id"] for o in fresh["options"]] == ["do-nothing"]
    answer = json.loads(case_json(json.dumps(fresh)))
    assert answer["ok"] and answer["case"] == fresh
    assert "[To be completed by the report author" in answer["html"]


def test_every_problem_in_the_file_is_named_with_its_place(sample: dict[str, Any]) -> None:
    bad = copy.deepcopy(sample)
    bad["surprise"] = 1
    bad["implications"]["weather"] = "sunny"
    bad["options"][1]["id"] = "Z"
    bad["options"][2]["colour"] = "red"
    bad["options"][2]["scenarios"][0]["calculator"] = "crystal-ball"
    bad["price_year"] = "1900-01"
    errors = {e["path"]: e["message"] for e in _errors(bad)}
    assert set(errors) == {"surprise", "implications.weather", "options[1].id", "options[2].colour", "options[2].scenarios[0].calculator", "price_year"}
    assert "is not part of a business case file" in errors["surprise"]
    assert "must be “A”" in errors["options[1].id"]
    assert "crystal-ball" not in errors["options[2].scenarios[0].calculator"] and "placement-cost" in errors["options[2].scenarios[0].calculator"]


def test_a_newer_version_is_refused_in_words(sample: dict[str, Any]) -> None:
    errors = _errors({**sample, "version": 2})
    assert errors == [{"path": "version", "message": "The file was saved by a newer build of this site (business case version 2); this build reads version 1. Open it with the newer build."}]


@pytest.mark.parametrize("text, words_in_message", [
    ("not json", "is not valid JSON"), ("[]", "must be one JSON object"), ('{"a": 1, "a": 2}', "twice"), (None, "must be JSON text"),
    ('{"format": "business-case", "version": 1, "options": [{"scenarios": [{"input": {"x": Infinity}}]}]}', "NaN or Infinity"),
])
def test_text_that_is_not_a_case_is_refused_without_raising(text: Any, words_in_message: str) -> None:
    answer = json.loads(case_json(text))
    assert answer["ok"] is False and words_in_message in answer["errors"][0]["message"]


def test_a_scenario_that_no_longer_validates_is_named_and_the_rest_opens(sample: dict[str, Any]) -> None:
    older = copy.deepcopy(sample)
    older["options"][1]["scenarios"][0]["input"]["placements"][0]["children"] = -4
    older["options"][1]["scenarios"][0]["input"]["removed_field"] = 1
    answer = json.loads(case_json(json.dumps(older)))
    assert answer["ok"]
    assert answer["case"] == older, "nothing the officer saved is lost"
    [problem] = answer["problems"]
    assert problem["path"] == "options[1].scenarios[0].input"
    message = problem["message"]
    assert message.startswith("Bring children home from external residential care, scenario “Five children from external residential care to in-house foster care”")
    assert "placements[0].children" in message and "removed_field" in message
    assert _option(answer, "A")["lines"] == [] and _option(answer, "B")["npv"] is not None
    assert "Not included: " in answer["html"]


# The appraisal -----------------------------------------------------------------------


def test_option_b_is_the_invest_to_save_calculators_own_figures(built: dict[str, Any], sample: dict[str, Any]) -> None:
    """Hand calculation: set-up £50,000 in year 0, then £450,000 a year running and £1,147,144 a year of benefits (4 × £286,786).

    Net £697,144 a year for 5 years at the Green Book's 3.5 %:
    annuity factor (1 − 1.035^−5) ÷ 0.035 = 4.515052, so NPV = −50,000 + 697,144 × 4.515052 = £3,097,641.9.
    Payback: the running total is −£50,000 after year 0 and crosses zero in year 1 after 50,000 ÷ 697,144 of it:
    12 × 0.071722 = 0.8607 months.
    """
    option = _option(built, "B")
    result = _scenario_result(sample, "B", "invest-to-save")
    rows = _table(result, "by_year")
    assert option["costs"] == [row["costs"] for row in rows]
    assert option["savings"] == [row["benefits"] for row in rows]
    annuity = (1 - 1.035 ** -5) / 0.035
    assert option["npv"] == pytest.approx(-50_000 + 697_144 * annuity, abs=0.5)
    assert round(option["npv"]) == result["npv"] == 3_097_642
    assert option["bcr"] == result["bcr"] == 2.49
    assert option["payback_months"] == pytest.approx(12 * 50_000 / 697_144)
    assert round(option["payback_months"], 2) == result["payback_months"]


def test_option_a_is_the_placement_cost_calculators_saving(built: dict[str, Any], sample: dict[str, Any]) -> None:
    rows = _table(_scenario_result(sample, "A", "placement-cost"), "by_year")
    option = _option(built, "A")
    assert option["savings"] == [0] + [row["gross_saving"] for row in rows]
    assert option["costs"] == [0] * 6 and option["bcr"] is None and option["payback_months"] == 0.0


def test_option_c_adds_the_forecast_saving_and_the_caseload_cost_every_year(built: dict[str, Any], sample: dict[str, Any]) -> None:
    forecast = _table(_scenario_result(sample, "C", "care-forecast"), "cost_by_year")
    caseload = next(s for s in _scenario_result(sample, "C", "caseload")["summary"] if s["key"] == "extra_fte_cost")["value"]
    option = _option(built, "C")
    assert option["savings"] == [0] + [row["saving"] for row in forecast]
    assert option["costs"] == [0] + [caseload] * 5
    assert option["net_vs_do_nothing"] == [round(s - c, 2) for s, c in zip(option["savings"], option["costs"])]
    # NPV at 3.5 %, year t discounted by 1.035^−t.
    assert option["npv"] == pytest.approx(sum(n / 1.035 ** t for t, n in enumerate(option["net_vs_do_nothing"])), abs=0.01)


def test_people_come_from_the_calculators(built: dict[str, Any], sample: dict[str, Any]) -> None:
    forecast = _scenario_result(sample, "do-nothing", "care-forecast")
    final = _table(forecast, "children_by_type")[-1]
    people = {p["label"]: p["value"] for p in _option(built, "do-nothing")["people"]}
    assert people["External residential care, doing nothing"] == final["external-residential"]
    assert people["Rate per 10,000 children, doing nothing"] == _table(forecast, "by_year")[-1]["do_nothing_rate"]
    workforce = {p["label"]: p["value"] for p in _option(built, "C")["people"] if p["group"] == "workforce"}
    assert workforce["Extra FTE to bring every team to target"] == 13.11
    families = {p["label"]: p["value"] for p in _option(built, "B")["people"] if p["group"] == "families"}
    assert families["Team: families a year, central"] == 40


def test_money_is_restated_to_the_cases_price_year(sample: dict[str, Any], built: dict[str, Any]) -> None:
    earlier = json.loads(case_json(json.dumps({**sample, "price_year": "2023-24"})))
    factor = prices.factor("2025-26", "2023-24")
    assert factor != 1
    for option_id in "ABC":
        assert _option(earlier, option_id)["savings"] == pytest.approx([v * factor for v in _option(built, option_id)["savings"]], abs=0.02)
    assert "restated from 2025-26 to 2023-24 prices" in json.dumps(earlier["report"])


def test_two_scenarios_saving_the_same_spend_are_flagged(sample: dict[str, Any]) -> None:
    doubled = copy.deepcopy(sample)
    doubled["options"][3]["scenarios"].append(copy.deepcopy(sample["options"][1]["scenarios"][0]))
    answer = json.loads(case_json(json.dumps(doubled)))
    assert any("both save placement spend" in w and "counted twice" in w for w in answer["appraisal"]["warnings"])


def test_what_a_calculator_does_not_say_is_not_given(built: dict[str, Any]) -> None:
    lines = {line["label"]: line for line in _option(built, "B")["lines"]}
    assert lines["Set-up cost"]["timing"] == "one-off" and lines["Set-up cost"]["budget"] is None
    assert lines["Benefits (fiscal, cashable)"]["cashable"] is True
    table = next(b for b in built["report"]["blocks"] if b["type"] == "table" and b["id"] == "lines_B")
    assert table["rows"][0][1] == "not given"


# The log and the report ----------------------------------------------------------------


def test_the_log_gives_every_input_its_origin_and_options(built: dict[str, Any]) -> None:
    log = built["log"]
    rate = next(row for row in log if row["input"].endswith("Discount rate"))
    assert rate["origin"] == "National default" and "Green Book" in rate["source"] and rate["options"] == ["Option B"]
    residential = next(row for row in log if row["calculator"] == "Care population forecast" and row["input"] == "External residential care › Children now")
    assert residential["options"] == ["Do nothing", "Option C"]
    assert residential["source"] == "Northshire children looked after, 31 March 2025"
    typed = next(row for row in log if row["input"].endswith("Change in children starting") and row["value"] == "−10.0%")
    assert typed["origin"] == "Your own entry" and typed["options"] == ["Option C"]
    cost = next(row for row in log if row["input"] == "External residential care › Cost (central)" and row["calculator"].startswith("Placement"))
    assert cost["value"] == "£5,500" and cost["price_year"] == "2025-26"


def test_the_report_has_a_committee_reports_sections(built: dict[str, Any]) -> None:
    headings = [b["text"] for b in built["report"]["blocks"] if b["type"] == "heading" and b["level"] == 1]
    assert headings == ["1. Purpose", "2. Recommendations", "3. Finance summary", "4. Background", "5. Options appraisal", "6. Financial implications",
                        "7. Risks and sensitivity", "8. Workforce implications", "9. Legal implications", "10. Equalities implications", "11. Consultation",
                        "12. Procurement implications", "Appendix A. Assumptions and sources", "Appendix B. How the figures are worked out"]
    placeholders = [b["text"] for b in built["report"]["blocks"] if b.get("role") == "placeholder"]
    assert len(placeholders) == 5  # recommendation and the four implications: the sample leaves them to the officer
    charts = [b for b in built["report"]["blocks"] if b["type"] == "chart"]
    assert charts and all(b["alt"] and any(t.get("id") == b["table"] for t in built["report"]["blocks"]) for b in charts)


def test_the_drafted_finance_summary_is_100_to_120_words_and_the_officers_text_replaces_it(sample: dict[str, Any], built: dict[str, Any]) -> None:
    assert MIN_WORDS <= words(built["finance_summary_draft"]) <= MAX_WORDS
    assert "£3,097,642" in built["finance_summary_draft"]
    short = json.loads(case_json(json.dumps({**sample, "finance_summary": "Option B is affordable."})))
    assert "Option B is affordable." in short["html"] and short["finance_summary_draft"] == built["finance_summary_draft"]
    assert {"path": "finance_summary", "message": "The finance summary is 4 words long; committee report templates ask for 100 to 120 words."} in short["problems"]


def test_no_other_councils_words_reach_a_case_built_from_its_own_figures(built: dict[str, Any]) -> None:
    """Issue 25's principle: the presets' titles and sources (other councils' published cases) appear nowhere in the report."""
    report = json.dumps(built["report"], ensure_ascii=False)
    preset_words = {row.source for row in _data.preset_rows() if len(row.source) > 12} | {t for t in (calculators.preset_input(n, p).get("title", "") for n, ps in calculators.list_calculators().items() for p in ps) if t}
    assert preset_words
    assert [w for w in preset_words if w in report] == []
    assert "Preset" not in report


def test_the_html_is_escaped(sample: dict[str, Any]) -> None:
    hostile = {**sample, "title": "<script>alert(1)</script>", "background": "a & b <img src=x onerror=alert(1)>"}
    html = json.loads(case_json(json.dumps(hostile)))["html"]
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html and "a &amp; b" in html


def test_csv_cells_are_formula_safe_and_figures_are_numbers(sample: dict[str, Any], built: dict[str, Any]) -> None:
    hostile = copy.deepcopy(sample)
    hostile["options"][1]["name"] = "=HYPERLINK(\"http://example.invalid\")"
    answer = json.loads(case_file(json.dumps(hostile), "csv"))
    import base64

    text = base64.b64decode(answer["base64"]).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    option_a = next(r for r in rows if r and "HYPERLINK" in r[0])
    assert option_a[0].startswith("'A. =HYPERLINK") or option_a[0].startswith("A. =HYPERLINK")
    assert not any(cell.startswith("=") for row in rows for cell in row)
    b_row = next(r for r in rows if r and r[0] == "B. An edge-of-care family support service")
    assert b_row[4] == str(round(_option(built, "B")["npv"]))
    assert answer["filename"].endswith(".csv") and answer["mime"] == "text/csv"


def test_the_json_file_reopens_to_the_same_figures(sample: dict[str, Any], built: dict[str, Any]) -> None:
    import base64

    exported = base64.b64decode(json.loads(case_file(json.dumps(sample), "json"))["base64"]).decode("utf-8")
    again = json.loads(case_json(exported))
    assert again["ok"] and again["appraisal"] == built["appraisal"] and again["case"] == built["case"]
    assert json.loads(exported)["appraisal"]["options"]["options"][2]["npv"] == _option(built, "B")["npv"]


def test_an_unknown_file_format_is_refused(sample: dict[str, Any]) -> None:
    answer = json.loads(case_file(json.dumps(sample), "pdf"))
    assert answer == {"ok": False, "errors": [{"path": "format", "message": "must be one of: docx, json, csv."}]}


def test_nothing_is_nan_or_infinite(built: dict[str, Any]) -> None:
    numbers = [v for o in built["appraisal"]["options"] for key in ("costs", "savings", "net_vs_do_nothing") for v in o[key]]
    assert numbers and all(math.isfinite(v) for v in numbers)


@pytest.mark.parametrize("name", calculators.list_calculators())
def test_every_calculator_declares_its_contribution_for_every_preset(name: str) -> None:
    """Each calculator says what its result adds to a case (registry-driven), for every preset's result, in the shared shape."""
    from calculators import _contribution, registry

    calc = registry.get(name)
    assert calc.case_lines is not None
    for preset in calculators.list_calculators()[name]:
        response = calculators.run_json(name, calculators.preset_input(name, preset), drivers=False)
        part = calc.case_lines(response["result"])
        assert set(part) == {"money", "people", "figures"}
        for line in part["money"]:
            assert line["kind"] in _contribution.KINDS and line["source"]
            assert (line["each_year"] is None) != (line["by_year"] == []), "a line has years or an amount a year, not both"
            assert all(isinstance(y, int) and y >= 0 and math.isfinite(v) for y, v in line["by_year"])
        for person in part["people"]:
            assert person["group"] in ("children", "workforce", "families") and person["text"] and person["source"]


def test_a_case_of_every_calculators_default_scenario_lays_out() -> None:
    case = json.loads(new_case("A council", "A case"))
    case["options"].append({"id": "A", "name": "Option A", "do_nothing": False, "description": "",
                            "scenarios": [{"calculator": n, "title": n, "input": calculators.default_input(n)} for n in calculators.list_calculators()]})
    answer = json.loads(case_json(json.dumps(case)))
    assert answer["ok"] and answer["problems"] == []
    assert {line["scenario"] for line in answer["appraisal"]["options"][1]["lines"]} >= {"placement-cost", "caseload", "invest-to-save", "care-forecast"}
    assert json.loads(case_file(json.dumps(case), "docx"))["ok"]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from strategies import json_values  # noqa: E402

_KEYS = st.sampled_from(["format", "version", "title", "council", "date", "price_year", "purpose", "implications", "options", "appraisal", "other"])


# 50 examples, not 150: each one lays a whole case out (the slowest property test of the
# non-browser suite, about half a minute at 150 on this machine while busy). The examples are
# random, not fixed, so each run of the suite tries 50 new shapes, and a failure is replayed first.
@settings(max_examples=50, deadline=None)
@given(st.dictionaries(_KEYS, json_values, max_size=8), st.lists(st.dictionaries(st.sampled_from(["id", "name", "do_nothing", "scenarios", "x"]), json_values, max_size=5), max_size=3))
def test_any_json_is_answered_in_words_never_an_internal_error(top: dict[str, Any], options: list[dict[str, Any]]) -> None:
    case = {"format": "business-case", "version": 1, **top}
    if options:
        case["options"] = options
    answer = json.loads(case_json(json.dumps(case)))
    messages = [e["message"] for e in answer.get("errors", [])] + [p["message"] for p in answer.get("problems", [])]
    assert not any(m.startswith("Internal error") for m in messages), messages
    if answer["ok"] is False:
        assert all(e["message"] for e in answer["errors"])


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(calculators.list_calculators())), st.dictionaries(st.text(max_size=12), json_values, max_size=5), st.text(max_size=30))
def test_a_scenario_of_any_input_is_a_problem_in_words_or_a_figure(name: str, payload: dict[str, Any], title: str) -> None:
    case = json.loads(new_case())
    case["options"].append({"id": "A", "name": "Option A", "do_nothing": False, "scenarios": [{"calculator": name, "title": title, "input": payload}]})
    answer = json.loads(case_json(json.dumps(case)))
    if answer["ok"]:
        assert all(not p["message"].startswith("Internal error") for p in answer["problems"])
        assert all(p["path"] == "options[1].scenarios[0].input" for p in answer["problems"])
    else:
        assert all(e["path"].startswith("options[1].scenarios[0]") for e in answer["errors"]), answer["errors"]


def test_the_html_tables_have_captions_and_no_empty_headers(built: dict[str, Any]) -> None:
    """What axe-core flagged on the fragment (empty-table-header) stays fixed; each chart's SVG is named by its alternative text."""
    html = built["html"]
    tables = html.count("<table ")
    assert tables == html.count("<caption>") == html.count("<thead>") > 5
    assert '<th scope="row"></th>' not in html and '<th scope="col"></th>' not in html
    charts = [b for b in built["report"]["blocks"] if b["type"] == "chart"]
    assert html.count('<svg role="img" aria-label="Bar chart: ') == len(charts) > 0
    assert "style=" not in html and "<script" not in html
