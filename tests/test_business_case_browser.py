"""A business case built in the browser from a council's own figures (issue 29).

The officer's task: load the Northshire profile (tests/fixtures/northshire-profile.csv)
on four calculator pages and add each scenario to one case with "Add to business
case": the care population forecast as "do nothing", placement cost and caseload as
option A, invest to save as option B. On the business case page: fill in the details
and the recommendation, export the Word document and the case file (JSON), and reopen
the case file in a fresh browser, which must lay out the same figures.

Expected figures are the calculators' own: what each calculator page showed for the
scenario that was added (its summary, read from the page), and the command line's
answer for the input the case holds. The caseload figure is worked out by hand as in
tests/test_council_scenario_browser.py: 1,100 cases ÷ 18 a worker = 61.11 FTE needed,
less the 48 in post = 13.11 more.

The report's content and the Word document come from calculators.business_case (the
case file the page and the command line share); the page inserts the report through an allow-list
(docs/javascripts/calculator/case-report.js), tested here on hostile markup.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
from pathlib import Path

import pytest
from conftest import screenshots, ROOT, Recorder, SiteServer, run_axe, wait_until
from test_calculator_pages import READY_TIMEOUT, answer_for, give_intent, page_result, wait_for_state
from test_calculator_profiles import load_profile

import calculators
from calculators import business_case, prices

pytestmark = pytest.mark.browser

NORTHSHIRE = ROOT / "tests" / "fixtures" / "northshire-profile.csv"
CASE_PAGE = "/calculators/business-case/"
#: (calculator, the option chosen in "Add to business case": an option id, or "new").
STEPS = (("care-forecast", "do-nothing"), ("placement-cost", "new"), ("caseload", "A"), ("invest-to-save", "new"))
#: The options as the options table names them ("A. " and the officer's name for option A).
OPTIONS = ("Do nothing", "A. Foster care at home, with the social workers it needs", "B. Intensive family support")
#: The parts of a committee report the issue lists, as words each heading of the .docx must hold one of.
HEADINGS = ("purpose", "recommendation", "finance summary", "options", "financial implications", "risk", "workforce",
            "legal", "equalities", "consultation", "procurement", "assumptions")

#: Set ISSUE29_SHOTS to a folder to keep screenshots (1280×800 and 390×844) and ISSUE29_SCHEME=dark for the dark palette.
SHOTS = os.environ.get("ISSUE29_SHOTS")
SCHEME = os.environ.get("ISSUE29_SCHEME", "light")


def shots(page: object, name: str, selector: str | None = None, media: str = "screen") -> None:
    screenshots(page, SHOTS, name, SCHEME, selector, media)


def no_axe_violations(page: object) -> None:
    violations = run_axe(page)
    assert violations == [], [(v["id"], [(n["target"], n.get("failureSummary", "")[:200]) for n in v["nodes"][:6]]) for v in violations]


def add_from(recorder: Recorder, site_server: SiteServer, calculator: str, option: str) -> dict:
    """Load Northshire's profile on the calculator's page and add its scenario to the case; the page's own result."""
    page, record = recorder.open(site_server.url(f"/calculators/{calculator}/"))
    give_intent(page)
    wait_for_state(page, "ready")
    load_profile(page, calculator, NORTHSHIRE)
    assert answer_for(page) == "computed"
    shown = page_result(page)
    status = page.locator(f".calculator[data-calculator='{calculator}'] .calculator-case-status")  # type: ignore[attr-defined]
    add = page.get_by_role("button", name="Add to business case")  # type: ignore[attr-defined]
    # As "Copy a link" does: a scenario that would leave the profile's figures out is not added, and the page says why.
    add.click()
    wait_until(page, "() => document.querySelector('[data-calculator-status]').textContent.includes('would leave out')", what="the warning")
    assert status.text_content() == ""
    page.get_by_label("Include my profile's figures in links to this scenario").check()  # type: ignore[attr-defined]
    page.select_option(f"#calc-{calculator}-case-option", option)  # type: ignore[attr-defined]
    add.click()
    wait_until(page, "(sel) => document.querySelector(sel).textContent.includes('is now in')", f".calculator[data-calculator='{calculator}'] .calculator-case-status", what="the confirmation")
    assert status.locator("a").get_attribute("href") == "../business-case/"
    if calculator == "placement-cost":
        shots(page, "1-added-on-a-calculator-page", ".calculator-case")
        no_axe_violations(page)
    assert record.console_errors == [] and record.external == []
    page.close()  # type: ignore[attr-defined]
    return shown


def open_case(recorder: Recorder, site_server: SiteServer) -> tuple[object, object]:
    page, record = recorder.open(site_server.url(CASE_PAGE))
    return page, record


def laid_out(page: object) -> None:
    """Wait until the report is laid out from the case as it now is (case-page.js: data-case-state)."""
    page.wait_for_selector(".business-case[data-case-state=laid-out]", state="attached", timeout=READY_TIMEOUT)  # type: ignore[attr-defined]


def report_tables(page: object) -> list[str]:
    return page.locator(".case-report table").all_inner_texts()  # type: ignore[attr-defined]


def download(page: object, name: str) -> Path:
    with page.expect_download() as done:  # type: ignore[attr-defined]
        page.get_by_role("button", name=name).click()  # type: ignore[attr-defined]
    return Path(done.value.path())


def test_a_case_from_three_options_across_four_calculators(browser: object, site_server: SiteServer, tmp_path: Path) -> None:
    recorder = Recorder(browser, color_scheme=SCHEME)
    try:
        shown = {calculator: add_from(recorder, site_server, calculator, option) for calculator, option in STEPS}
        page, record = open_case(recorder, site_server)
        page.once("dialog", lambda dialog: dialog.accept())  # type: ignore[attr-defined]
        page.get_by_label("Council or organisation").fill("Northshire County Council")  # type: ignore[attr-defined]
        page.get_by_label("Title of the case").fill("Bringing children home from external residential care")  # type: ignore[attr-defined]
        page.get_by_label("Author (name and role)").fill("A. Officer, Finance Business Partner")  # type: ignore[attr-defined]
        page.get_by_label("Date of the report").fill("2026-12-06")  # type: ignore[attr-defined]
        # The price years are the deflators' (from the package, not typed into the page).
        years = page.locator("#case-price_year option").all_inner_texts()  # type: ignore[attr-defined]
        assert [y.replace("/", "-") for y in years[1:]] == list(prices.years())
        page.select_option("#case-price_year", "2025-26")  # type: ignore[attr-defined]
        page.locator("#case-option-1-name").fill("Foster care at home, with the social workers it needs")  # type: ignore[attr-defined]
        page.locator("#case-option-2-name").fill("Intensive family support")  # type: ignore[attr-defined]
        page.get_by_label("Recommendation (what you ask the board to decide)").fill("The board is asked to approve option A.")  # type: ignore[attr-defined]
        laid_out(page)
        # Every option and scenario is listed with its calculator, and do nothing cannot be removed.
        options = page.locator(".case-option")  # type: ignore[attr-defined]
        assert options.count() == 3
        assert [options.nth(i).locator(".case-scenario").count() for i in range(3)] == [1, 2, 1]
        assert options.nth(0).get_by_role("button", name=re.compile("^Remove Do nothing")).count() == 0
        assert "From your council's profile “Northshire 2025/26 budget”" in options.nth(1).inner_text()
        # Opening a scenario on its calculator's page uses the share-link format.
        href = options.nth(1).get_by_role("link", name=re.compile("^Open it on its calculator's page")).first.get_attribute("href")
        assert href.startswith("../placement-cost/#input=")
        words = page.locator("#case-finance-summary-count").text_content()  # type: ignore[attr-defined]
        assert re.match(r"\d+ words", words)
        tables = report_tables(page)
        on_page = page.evaluate("""() => [...document.querySelectorAll('.case-report table')]
          .map((t) => [...t.rows].map((r) => [...r.cells].map((c) => c.textContent.trim())))""")  # type: ignore[attr-defined]
        check_options_table(on_page, shown)
        shots(page, "2-case-details", "#case-details")
        shots(page, "3-case-options", "#case-options")
        shots(page, "4-case-report", "#case-report")
        shots(page, "4b-options-table", ".case-report .calculator-table")
        shots(page, "4c-drivers-chart", ".case-report .case-chart")
        shots(page, "5-case-print", None, media="print")
        no_axe_violations(page)

        docx = download(page, "Download the report (Word, .docx)")
        wait_until(page, "() => document.querySelector('[data-case-status]').textContent.includes('in your downloads')", what="the export's confirmation")
        case_file = json.loads(download(page, "Save the case as a file (JSON)").read_text(encoding="utf-8"))
        check_case_file(case_file, shown)
        check_docx(docx.read_bytes(), shown)
        # The page's document is the command line's, byte for byte, from the case file the page saved:
        # so what tests/test_business_case_docx.py proves of that document (LibreOffice turns it into a
        # PDF holding the options table) holds for the one the officer downloaded.
        written = json.loads(business_case.case_file(json.dumps(case_file), "docx"))
        assert written["ok"], written
        assert base64.b64decode(written["base64"]) == docx.read_bytes()
        assert record.console_errors == [] and record.external == []
        saved = tmp_path / "case.json"
        saved.write_text(json.dumps(case_file), encoding="utf-8")
    finally:
        recorder.close()

    # Reopened in a fresh browser (no storage): the same figures.
    fresh = Recorder(browser, color_scheme=SCHEME)
    try:
        other, record = open_case(fresh, site_server)
        assert "No business case is kept in this browser yet" in other.locator("[data-case-report]").inner_text()  # type: ignore[attr-defined]
        other.set_input_files("#case-import-file", str(saved))  # type: ignore[attr-defined]
        laid_out(other)
        assert report_tables(other) == tables
        assert record.console_errors == [] and record.external == []
    finally:
        fresh.close()


def check_case_file(case: dict, shown: dict[str, dict]) -> None:
    """The case file holds each scenario as its page carried it: the command line's figures for it are the page's."""
    assert case["format"] == "business-case" and case["council"] == "Northshire County Council"
    assert [option["id"] for option in case["options"]] == ["do-nothing", "A", "B"]
    scenarios = [scenario for option in case["options"] for scenario in option["scenarios"]]
    assert [s["calculator"] for s in scenarios] == [calculator for calculator, _ in STEPS]
    for scenario in scenarios:
        assert scenario["input"]["origin"]["profile"]["name"] == "Northshire 2025/26 budget"
        again = calculators.run_json(scenario["calculator"], scenario["input"])
        assert again["ok"], again
        assert again["result"]["summary"] == shown[scenario["calculator"]]["result"]["summary"]


def pounds(value: float) -> str:
    """A sum of money as the report's £ columns write it: whole pounds with thousands commas, minus as “−”."""
    return f"{round(value):,}".replace("-", "−")


def check_options_table(tables: list[list[list[str]]], shown: dict[str, dict]) -> None:
    """The options side by side (rows of cells, header first) hold the calculators' own figures.

    Option B is invest to save alone, so its costs, savings and net present value are that calculator's
    headline figures. Option A is placement cost and caseload: its savings are the placement cost page's
    gross saving year by year as its table shows it, added up (the page's own total is rounded once, so it
    may differ by a pound); its costs are the caseload page's extra social workers' cost a year, every year
    of the case, which runs over its longest scenario: the care forecast's years.
    """
    table = next((t for t in tables if [row[0] for row in t[1:4]] == list(OPTIONS)), None)
    assert table, tables
    header, rows = table[0], {row[0]: row for row in table[1:]}
    column = {name: next(i for i, heading in enumerate(header) if heading.startswith(name)) for name in ("Costs", "Savings", "Net present value")}
    summary = {calculator: {item["key"]: item for item in out["result"]["summary"]} for calculator, out in shown.items()}
    b = rows[OPTIONS[2]]
    invest = summary["invest-to-save"]
    assert (b[column["Costs"]], b[column["Savings"]], b[column["Net present value"]]) == (
        pounds(invest["total_costs"]["value"]), pounds(invest["total_benefits"]["value"]), pounds(invest["npv"]["value"]))
    a = rows[OPTIONS[1]]
    by_year = next(t for t in shown["placement-cost"]["result"]["tables"] if t["id"] == "by_year")["rows"]
    assert a[column["Savings"]] == pounds(sum(row["gross_saving"] for row in by_year))
    years = shown["care-forecast"]["input"]["scenario"]["horizon_years"]
    assert a[column["Costs"]] == pounds(years * summary["caseload"]["extra_fte_cost"]["value"])


def check_docx(data: bytes, shown: dict[str, dict]) -> None:
    """The Word document: real headings for each part of a committee report, the options table, the calculators' figures."""
    docx = pytest.importorskip("docx", reason="python-docx is a test-only dependency (pyproject's test extra)")
    document = docx.Document(io.BytesIO(data))
    headings = [p.text.lower() for p in document.paragraphs if p.style.name.startswith("Heading")]
    missing = [word for word in HEADINGS if not any(word in heading for heading in headings)]
    assert not missing, (missing, headings)
    tables = [[[cell.text.strip() for cell in row.cells] for row in table.rows] for table in document.tables]
    check_options_table(tables, shown)
    # Caseload's extra social workers (13.11 FTE, worked out in the module docstring) in the workforce table.
    extra = summary_item(shown, "caseload", "extra_fte")
    assert extra["text"] == "13.11 FTE" and any(extra["text"] in cell for t in tables for row in t for cell in row)
    # The finance summary (the paragraph after its heading) is 100 to 120 words.
    paragraphs = document.paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.style.name.startswith("Heading") and "finance summary" in p.text.lower())
    summary = next(p.text for p in paragraphs[at + 1:] if p.text.strip())
    assert 100 <= len(summary.split()) <= 120, summary


def summary_item(shown: dict[str, dict], calculator: str, key: str) -> dict:
    return next(item for item in shown[calculator]["result"]["summary"] if item["key"] == key)


# A case saved by an older build ----------------------------------------------------------------

def keep(page: object, case: object) -> None:
    page.evaluate("(text) => localStorage.setItem('business-case', text)", case if isinstance(case, str) else json.dumps(case))  # type: ignore[attr-defined]
    page.reload()  # type: ignore[attr-defined]


def test_a_case_saved_by_an_older_build_opens_with_what_it_could_not_read_named(browser: object, site_server: SiteServer) -> None:
    recorder = Recorder(browser)
    try:
        page, record = open_case(recorder, site_server)
        # A field this build does not know: named, and the kept case stays exactly as it was.
        case = {"format": "business-case", "version": 1, "title": "Old case", "tags": ["kept"],
                "options": [{"id": "do-nothing", "name": "Do nothing", "do_nothing": True, "description": "", "scenarios": []}]}
        keep(page, case)
        page.get_by_label("Title of the case").focus()  # type: ignore[attr-defined]
        page.wait_for_selector(".business-case[data-case-state=invalid]", state="attached", timeout=READY_TIMEOUT)  # type: ignore[attr-defined]
        problems = page.locator("[data-case-problems]")  # type: ignore[attr-defined]
        assert "tags" in problems.inner_text()
        assert json.loads(page.evaluate("localStorage.getItem('business-case')")) == case  # type: ignore[attr-defined]
        assert problems.get_by_role("button", name="Save what is kept").count() == 1

        # A scenario whose input this build no longer accepts: named with its option and title; the rest is laid out.
        from calculators import business_case  # the case-engine branch's package

        good = json.loads(business_case.new_case("Northshire County Council", "Older case"))
        good["options"].append({"id": "A", "name": "Option A: old figures", "description": "", "scenarios": [
            {"calculator": "placement-cost", "title": "Saved last year", "input": {"title": "Saved last year", "scenario": {"horizon_years": "ten"}}},
            {"calculator": "caseload", "title": "Caseload as it is", "input": calculators.default_input("caseload")}]})
        keep(page, good)
        page.get_by_label("Title of the case").focus()  # type: ignore[attr-defined]
        laid_out(page)
        text = problems.inner_text()
        assert "Saved last year" in text and "Option A: old figures" in text, text
        assert "null" not in text and problems.get_by_role("button", name="Save what is kept").count() == 0
        assert page.locator(".case-report").inner_text().strip()  # type: ignore[attr-defined]
        assert page.get_by_label("Scenario title").count() == 2  # type: ignore[attr-defined]
        assert json.loads(page.evaluate("localStorage.getItem('business-case')")) == good  # type: ignore[attr-defined]
        shots(page, "6-older-build", "[data-case-problems]")

        # Not a case at all: said, and offered to save as it is, before Python has started.
        keep(page, "{not a case")
        assert "not a case file this page can read" in problems.inner_text()
        assert page.evaluate("localStorage.getItem('business-case')") == "{not a case"  # type: ignore[attr-defined]
        assert record.console_errors == [] and record.external == []
    finally:
        recorder.close()


def test_the_report_is_copied_into_the_page_through_an_allow_list(browser: object, site_server: SiteServer) -> None:
    """Markup that could run, style or fetch anything is dropped; text and tables stay (case-report.js).

    Python's report holds no such markup; this feeds the page's copier some, as a defect or a
    hostile case file might. The browser refuses the handler and the style attribute as it parses
    them (reported as policy violations, the two expected here), and the copy leaves them out.
    """
    recorder = Recorder(browser)
    page, record = recorder.open(site_server.url(CASE_PAGE))
    script = page.locator(".business-case + script[type=module]").get_attribute("src")  # type: ignore[attr-defined]
    out = page.evaluate("""async (src) => {
      const { safeReport } = await import(new URL(src.replace('case-page.js', 'case-report.js'), location.href).href);
      const box = document.createElement('div');
      box.append(safeReport('<h2 onclick="x()">Options</h2><script>window.bad = 1<\\/script><p style="color:red">Said <a href="https://example.org/">here</a></p>'
        + '<table><caption>Side by side</caption><tr><th scope="row">Net</th><td class="num evil">£1</td><th scope="row"> </th></tr></table>'
        + '<img src="https://example.org/t.png" alt="x"><img src="data:image/png;base64,iVBORw0KGgo=" alt="Chart"><iframe src="/"></iframe>'
        + '<svg role="img" aria-label="Drivers" viewBox="0 0 10 10"><rect class="case-bar-low evil" x="1" y="1" width="2" height="2"></rect>'
        + '<image href="https://example.org/x.png"></image><foreignObject><p>inside</p></foreignObject><script>window.bad = 2<\\/script></svg>'));
      return box.innerHTML; }""", script)
    assert out == ('<h3>Options</h3><p>Said here</p><div class="calculator-table" tabindex="0" role="region" aria-label="Side by side">'
                   '<table><caption>Side by side</caption><tbody><tr><th scope="row">Net</th><td class="num">£1</td><td> </td></tr></tbody></table></div>'
                   '<img alt="Chart" src="data:image/png;base64,iVBORw0KGgo=">'
                   '<svg role="img" aria-label="Drivers" viewBox="0 0 10 10"><rect class="case-bar-low" x="1" y="1" width="2" height="2"></rect></svg>')
    assert page.evaluate("window.bad") is None  # type: ignore[attr-defined]
    assert record.external == []
    refused = sorted(re.sub(r" \(.*", "", v) for v in record.csp_violations if v.startswith("CSP violation:"))
    assert refused == ["CSP violation: script-src-attr refused inline", "CSP violation: style-src-attr refused inline"], record.csp_violations
    record.csp_violations.clear()
    recorder.close()
