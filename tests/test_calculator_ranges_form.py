"""Price years and uncertain inputs set in the web form (issue 15), in Chromium.

The form draws the parts every calculator's input may hold (``prices`` and
``uncertainty``: input_spec's shared_fields) in a section of their own. A
reader can restate every figure at one price year and give any number input
a low and a high value, without editing JSON. Each test checks the page's
figures against a hand calculation, and against Python for the same input.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from conftest import Recorder, SiteServer, run_axe
from test_calculator_pages import answer_for, page_result, result_for, reveal, start_and_wait

import calculators

pytestmark = pytest.mark.browser

# HM Treasury GDP deflators, March 2026 release (data/deflators.csv), 2024-25 = 100.
INDEX_2019_20 = 80.8738
INDEX_2024_25 = 100.0

# The default caseload preset (Strengthening Families area teams, docs/calculators/reference/caseload.md):
# 615 cases over 30 FTE, target 17.7 cases per FTE, salary £35,000 plus 30% on-costs.
EXTRA_FTE = 615 / 17.7 - 30  # 4.7458 FTE (no team is already under the target)
ON_COSTS = 1.30


def _summary(result: dict, key: str) -> float:
    return next(item["value"] for item in result["summary"] if item["key"] == key)


def _open_section(page: object) -> None:
    page.locator("summary", has_text="Price years and uncertain inputs").click()  # type: ignore[attr-defined]


def test_results_can_be_shown_at_one_price_year_from_the_form(recorder: Recorder, site_server: SiteServer) -> None:
    page, record = recorder.open(site_server.url("/calculators/caseload/"))
    start_and_wait(page, "ready", "computed")
    _open_section(page)
    page.get_by_label("Include price years").check()
    page.get_by_label("Money inputs are at prices of").select_option("2019-20")
    page.get_by_label("Show results at prices of").select_option("2024-25")
    answer_for(page)
    result = page_result(page)
    assert result["input"]["prices"]["entered_in"] == "2019-20" and result["input"]["prices"]["show_in"] == "2024-25"
    # Hand calculation: 4.7458 FTE × £35,000 × 1.30 = £215,932 at 2019-20 prices, × 100 ÷ 80.8738 at 2024-25 prices.
    expected = EXTRA_FTE * 35_000 * ON_COSTS * INDEX_2024_25 / INDEX_2019_20
    assert _summary(result["result"], "extra_fte_cost") == pytest.approx(expected, abs=0.5)
    assert _summary(result["result"], "extra_fte_cost") > 207_051  # more than the figure as entered
    # The page and Python agree on the same input, and the rebasing is shown in its own table.
    assert result["result"]["summary"] == calculators.run_json("caseload", result["input"])["result"]["summary"]
    assert any(table["id"] == "price_years" for table in result["result"]["tables"]), [t["id"] for t in result["result"]["tables"]]
    assert record.console_errors == [] and record.external == []


def test_an_uncertain_input_added_in_the_form_appears_in_what_drives_the_result(recorder: Recorder, site_server: SiteServer) -> None:
    page, record = recorder.open(site_server.url("/calculators/caseload/"))
    start_and_wait(page, "ready", "computed")
    _open_section(page)
    # The preset has one range (the target caseload); add a second, on the salary.
    page.get_by_role("button", name="Add uncertain input").click()
    reveal(page, "uncertainty[1].path")
    choice = page.locator('[data-path="uncertainty[1].path"]')
    # The inputs are offered by the names the form gives them, not by path.
    names = choice.locator("option").all_text_contents()
    assert any(name.startswith("Salary") for name in names) and "salary" not in names, names
    choice.select_option("salary")
    page.locator('[data-path="uncertainty[1].low"]').fill("30000")
    page.locator('[data-path="uncertainty[1].high"]').fill("40000")
    page.locator('[data-path="uncertainty[1].basis"]').fill("Ends of the local pay scale (a test figure)")
    page.locator('[data-path="uncertainty[1].basis"]').blur()
    answer_for(page)
    result = page_result(page)
    assert result["input"]["uncertainty"][1] == {"path": "salary", "low": 30000, "high": 40000, "basis": "Ends of the local pay scale (a test figure)"}
    row = next(r for r in result["result"]["drivers"]["inputs"] if r["path"] == "salary")
    # Hand calculation: 4.5506 FTE × salary × 1.30, at £30,000 and at £40,000.
    assert row["figure_at_low"] == pytest.approx(EXTRA_FTE * 30_000 * ON_COSTS, abs=0.5)
    assert row["figure_at_high"] == pytest.approx(EXTRA_FTE * 40_000 * ON_COSTS, abs=0.5)
    assert "Ends of the local pay scale" in page.locator('[data-table="drivers"]').inner_text()
    # The same input in Python gives the same analysis.
    assert result["result"]["drivers"] == calculators.run_json("caseload", result["input"])["result"]["drivers"]
    violations = [v for v in run_axe(page) if v["impact"] in ("serious", "critical")]
    assert violations == [], violations
    assert record.console_errors == [] and record.external == []


def test_a_wrong_range_is_named_at_its_field_and_kept(recorder: Recorder, site_server: SiteServer) -> None:
    page, record = recorder.open(site_server.url("/calculators/caseload/"))
    start_and_wait(page, "ready", "computed")
    _open_section(page)
    page.get_by_role("button", name="Add uncertain input").click()
    page.locator('[data-path="uncertainty[1].path"]').select_option("salary")
    page.locator('[data-path="uncertainty[1].low"]').fill("60000")  # low and high the wrong way round
    page.locator('[data-path="uncertainty[1].high"]').fill("50000")
    page.locator('[data-path="uncertainty[1].basis"]').fill("Typed wrongly on purpose")
    page.locator('[data-path="uncertainty[1].basis"]').blur()
    assert answer_for(page) == "invalid"
    errors = page.locator("[data-calculator-errors]").inner_text()
    assert "Uncertain input 2 › Low value" in errors and "more than its high value" in errors, errors
    assert page.locator('[data-path="uncertainty[1].low"]').get_attribute("aria-invalid") == "true"
    # What was typed stays in the form.
    assert page.locator('[data-path="uncertainty[1].low"]').input_value().replace(",", "") == "60000"
    assert page.locator('[data-path="uncertainty[1].path"]').input_value() == "salary"
    assert record.console_errors == [] and record.external == []


def test_price_years_are_not_offered_where_no_input_is_money(recorder: Recorder, site_server: SiteServer) -> None:
    page, record = recorder.open(site_server.url("/calculators/service-capacity/"))
    start_and_wait(page, "ready", "computed")
    assert page.locator('[data-path="prices"]').count() == 0
    assert page.locator("summary", has_text="Uncertain inputs").count() == 1
    assert record.console_errors == []


def test_a_profile_price_year_shows_in_the_form(recorder: Recorder, site_server: SiteServer) -> None:
    """A price year that arrives with the scenario (here, in a link) is shown in the form, by the input's name."""
    payload = calculators.preset_input("caseload", "strengthening-families-areas")
    payload["prices"] = {"show_in": "2024-25", "entered_in": "", "years": [{"path": "salary", "year": "2019-20"}]}
    page, record = recorder.open(site_server.url("/calculators/caseload/") + "#input=" + quote(json.dumps(payload)))
    result = result_for(page, payload)
    expected = EXTRA_FTE * 35_000 * ON_COSTS * INDEX_2024_25 / INDEX_2019_20
    assert _summary(result["result"], "extra_fte_cost") == pytest.approx(expected, abs=0.5)
    reveal(page, "prices.years[0].path")
    chosen = page.locator('[data-path="prices.years[0].path"] option:checked').inner_text()
    assert chosen.startswith("Salary"), chosen
    assert page.locator('[data-path="prices.years[0].year"]').input_value() == "2019-20"
    assert record.console_errors == []


def test_a_changed_range_is_compared_by_the_input_it_belongs_to(recorder: Recorder, site_server: SiteServer) -> None:
    """Pinned scenarios list a range that changed by its input's name, not by its place in the list."""
    page, record = recorder.open(site_server.url("/calculators/caseload/"))
    start_and_wait(page, "ready", "computed")
    page.get_by_role("button", name="Pin as scenario A").click()
    _open_section(page)
    page.locator('[data-path="uncertainty[0].low"]').fill("14")
    page.locator('[data-path="uncertainty[0].low"]').blur()
    assert answer_for(page) == "computed"
    page.get_by_role("button", name="Pin as scenario B").click()
    changes = page.locator(".calculator-scenarios-changes")
    changes.get_by_text("Range of Target caseload").wait_for()
    text = changes.inner_text()
    line = next(line for line in text.splitlines() if line.startswith("Range of Target caseload"))
    # The preset's range, 15.2 to 17.7 cases per FTE (DfE 2025 and 2017), now starts at 14.
    assert "15.2" in line.split("→")[0] and "14" in line.split("→")[1] and "17.7" in line.split("→")[1], line
    assert "Uncertain input 1" not in text, text
    assert record.console_errors == []


def test_the_salary_takes_its_own_price_year_in_the_form_as_on_the_command_line(recorder: Recorder, site_server: SiteServer) -> None:
    """Regression: the salary ("£ per FTE per year") is money by Python's one rule, so the form offers it for a price year.

    The page once offered only inputs whose unit was exactly "£", while the
    command line took a price year for the salary: the two disagreed.
    """
    from test_calculator_pages import cli

    page, record = recorder.open(site_server.url("/calculators/caseload/"))
    start_and_wait(page, "ready", "computed")
    _open_section(page)
    page.get_by_label("Include price years").check()
    page.get_by_label("Show results at prices of").select_option("2024-25")
    page.get_by_role("button", name="Add money input").click()
    reveal(page, "prices.years[0].path")
    choice = page.locator('[data-path="prices.years[0].path"]')
    offered = {option.get_attribute("value") for option in choice.locator("option").all()}
    assert "salary" in offered and "teams[0].fte" not in offered, offered  # money by the rule; a count of FTE is not
    choice.select_option("salary")
    page.locator('[data-path="prices.years[0].year"]').select_option("2019-20")
    answer_for(page)
    result = page_result(page)
    assert result["input"]["prices"]["years"] == [{"path": "salary", "year": "2019-20"}]
    # Hand calculation as above: the salary restated from 2019-20 to 2024-25 prices (on-costs are a share of it).
    expected = EXTRA_FTE * 35_000 * ON_COSTS * INDEX_2024_25 / INDEX_2019_20
    assert _summary(result["result"], "extra_fte_cost") == pytest.approx(expected, abs=0.5)
    # The command line, given the same input, gives the same figures.
    assert cli("caseload", result["input"])["result"]["summary"] == result["result"]["summary"]
    assert record.console_errors == [] and record.external == []
