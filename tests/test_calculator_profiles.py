"""A council's own figures and pinned scenarios in the browser (issue 15 items 1 and 5).

The profile is read in the page with FileReader and handed to the same
Python as the command line (calculators.profile, in the Pyodide worker), so
the page and ``calculators CALCULATOR --profile FILE`` must agree to the
penny; the file must never leave the browser. Expected figures are the
command line's own, or hand calculations written in the test.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from calculator_fields import fields
from conftest import ROOT, Recorder, SiteServer, run_axe, wait_until
from test_calculator_pages import READY_TIMEOUT, answer_for, give_intent, page_result, set_field, wait_for_state

import calculators
from calculators import profile, registry

pytestmark = pytest.mark.browser

#: Each registered calculator's page (docs/calculators/<name>.md, which the build requires).
PAGES = {name: f"/calculators/{name}/" for name in registry.names()}

# Three hand-written profiles, each changing figures a council would have of its own, in a
# format a council would use (£ and thousands, per cent, JSON, price years); the other
# calculators' profiles are built from their declaration (profile_of).
PROFILES = {
    "placement-cost": "calculator,field,value,price_year,source,note\nprofile,name,Anytown 2025/26,,,\n"
                      'placement-cost,placements[3].cost,"£20,000,000",2024-25,Anytown budget book p.12,\n',
    "caseload": "calculator,field,value,price_year,source\ncaseload,salary,41250.5,2024-25,HR pay scale\n"
                "caseload,on_costs_pct,28%,,\ncaseload,teams[1].fte,12.5,,\n",
    "invest-to-save": json.dumps({"name": "Anytown MST", "rows": [
        {"calculator": "invest-to-save", "field": "intervention.running_cost_per_year", "value": 312345.67, "price_year": "2024"},
        {"calculator": "invest-to-save", "field": "outcomes[0].value", "value": "£187,654.32", "price_year": "2023-24"}]}),
}


def cli_with_profile(calculator: str, path: Path) -> dict:
    done = subprocess.run([sys.executable, "-m", "calculators", calculator, "--profile", str(path), "--format", "json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def open_ready(recorder: Recorder, site_server: SiteServer, calculator: str) -> tuple[object, object]:
    page, record = recorder.open(site_server.url(PAGES[calculator]))
    give_intent(page)  # Python starts on a sign of intent
    wait_for_state(page, "ready")
    # The chart library is loaded once, when the chart first comes near the screen (chart.js).
    page.evaluate("() => document.querySelector('[data-calculator-chart]').scrollIntoView({ block: 'center' })")
    page.wait_for_function("window.Chart !== undefined", timeout=READY_TIMEOUT)
    return page, record


def load_profile(page: object, calculator: str, path: Path) -> None:
    page.set_input_files(f"#calc-{calculator}-profile-file", str(path))  # type: ignore[attr-defined]
    page.wait_for_function("(n) => { const s = document.querySelector('.calculator-profile-status').textContent; "  # type: ignore[attr-defined]
                           "return s.includes('is in use') || s.includes('was not used') || s.includes('sets nothing'); }",
                           arg=calculator, timeout=READY_TIMEOUT)


NORTHSHIRE = ROOT / "tests" / "fixtures" / "northshire-profile.csv"


def filled_in(template: str, rows: list[dict[str, str]]) -> str:
    """The template as an officer fills it in: each row the council has a figure for gets it; the rest stay empty."""
    given = {row["field"]: row for row in rows}
    lines = list(csv.DictReader(io.StringIO(template)))
    for line in lines:
        if line["calculator"] != "profile" and line["field"] in given:
            line.update({key: given[line["field"]].get(key, "") for key in ("value", "price_year", "low", "high", "basis", "source", "note")})
    out = io.StringIO()
    writer = csv.DictWriter(out, list(lines[0]))
    writer.writeheader()
    writer.writerows(lines)
    return out.getvalue()


def test_template_filled_in_and_one_changed_cost_without_a_network_request(recorder: Recorder, site_server: SiteServer, tmp_path: Path) -> None:
    page, record = open_ready(recorder, site_server, "placement-cost")
    with page.expect_download() as download:  # type: ignore[attr-defined]
        page.get_by_role("button", name="Download a profile template (CSV)").click()  # type: ignore[attr-defined]
    template = Path(download.value.path()).read_bytes().decode("utf-8")
    assert template == profile.template_csv(["placement-cost"])  # the same Python made it

    # Filled in with Northshire's figures (the rows it has none for left empty): the command line's figures for Northshire's own profile.
    northshire = [row for row in csv.DictReader(io.StringIO(NORTHSHIRE.read_text(encoding="utf-8"))) if row["calculator"] == "placement-cost"]
    mine = tmp_path / "mine.csv"
    mine.write_text(filled_in(template, northshire), encoding="utf-8")
    requests_before = len(record.requests)
    load_profile(page, "placement-cost", mine)
    assert answer_for(page) == "computed"
    expected = cli_with_profile("placement-cost", NORTHSHIRE)
    assert page_result(page)["result"]["summary"] == expected["result"]["summary"]
    assert page_result(page)["result"]["origin"]["counts"]["preset"] == 0

    # One cost changed: in-house foster care £450 → £500 a week. 5 children move from external residential
    # care (£5,500 a week) in month 4: year 1 holds 9 of their 12 months at 365 ÷ 7 weeks a year, so
    # year 1's gross saving is 5 × (£5,500 − £500) × 365/7 × 9/12 = £977,678.57, shown £977,679.
    changed = [dict(row, value="500") if row["field"] == "placements[3].cost" else row for row in northshire]
    edited = tmp_path / "edited.csv"
    edited.write_text(filled_in(template, changed), encoding="utf-8")
    load_profile(page, "placement-cost", edited)
    assert answer_for(page) == "computed"
    after = {s["key"]: s["value"] for s in page_result(page)["result"]["summary"]}
    assert after["year_1_gross_saving"] == round(5 * (5500 - 500) * 365 / 7 * 9 / 12) == 977679
    assert page.locator('[data-key="year_1_gross_saving"]').first.text_content() == "£977,679"  # type: ignore[attr-defined]
    # The field is marked, and the mark is read with the field (in-house foster care is the third type the profile gives).
    mark = page.locator("#calc-placement-cost-placements-2-cost-profile")  # type: ignore[attr-defined]
    assert mark.text_content() == "From your profile (My council's figures, price year 2025-26)"
    assert "calc-placement-cost-placements-2-cost-profile" in page.locator('[data-path="placements[2].cost"]').get_attribute("aria-describedby")  # type: ignore[attr-defined]
    # Reading the file and applying it made no request at all.
    assert record.requests[requests_before:] == []
    assert record.console_errors == [] and record.external == []


def preset_rows(calculator: str) -> list[dict]:
    """The default preset's figures as rows of a profile (every input field it gives a value)."""
    from calculators import _engine, _spec, origins
    from calculators._paths import pattern_of

    normal = calculators.run_json(calculator, calculators.default_input(calculator))["input"]
    spec = _engine.registry.get(calculator).spec
    out = []
    for path, value in origins.leaves(normal):
        try:
            _spec.find(spec, pattern_of(path))
        except KeyError:
            continue  # price years, ranges: not fields a profile row sets
        if value is not None:
            out.append({"field": path, "value": value})
    return out


def profile_of(calculator: str) -> str:
    """The hand-written profile above, or one setting the input the page tests change (tests/calculator_fields.py) to a whole number it takes."""
    if calculator in PROFILES:
        return PROFILES[calculator]
    chosen = fields(calculator)
    return f"calculator,field,value,price_year,source\n{calculator},{chosen.kept},{chosen.values[0]},,Anytown figure\n"


@pytest.mark.parametrize("calculator", registry.names())
def test_the_page_and_the_command_line_agree_to_the_penny(recorder: Recorder, site_server: SiteServer, tmp_path: Path, calculator: str) -> None:
    # A profile on its own is a whole scenario: the template with the profile's changes in it.
    template = preset_rows(calculator)
    text = profile_of(calculator)
    changed = profile.read(text, filename="anytown.json" if text.startswith("{") else "anytown.csv")
    values = {row.field: row for row in changed.rows}
    path = tmp_path / "anytown.json"
    path.write_text(json.dumps({"name": changed.name, "rows": [
        {"calculator": calculator, "field": row["field"], "value": values[row["field"]].value if row["field"] in values else row["value"],
         "price_year": values[row["field"]].price_year if row["field"] in values else ""}
        for row in template]}), encoding="utf-8")
    expected = cli_with_profile(calculator, path)
    page, record = open_ready(recorder, site_server, calculator)
    load_profile(page, calculator, path)
    assert answer_for(page) == "computed"
    shown = page_result(page)
    assert shown["input"] == expected["input"]
    assert shown["result"] == expected["result"]
    assert record.console_errors == []


def test_bad_rows_are_listed_and_nothing_changes(recorder: Recorder, site_server: SiteServer, tmp_path: Path) -> None:
    page, record = open_ready(recorder, site_server, "caseload")
    set_field(page, "target_caseload", "eighteen")  # the reader's own typing, to be kept
    assert answer_for(page) == "invalid"
    form_before = page.evaluate("document.querySelector('.calculator').dataset.calculatorInput")  # type: ignore[attr-defined]
    bad = tmp_path / "bad.csv"
    bad.write_text("calculator,field,value,price_year\ncaseload,salary,40000,2024-25\ncaseload,teams[0].fte,-3,\ncaseload,salry,1,\n", encoding="utf-8")
    load_profile(page, "caseload", bad)
    box = page.locator(".calculator-profile-errors")  # type: ignore[attr-defined]
    text = box.inner_text()
    assert "The profile bad.csv was not used" in text and "Nothing in the form has changed" in text
    assert "Row 3, Team 1 › Social workers (FTE): Social workers (FTE) is -3; it must be from 0.1 to 10,000 (FTE)." in text
    assert "Row 4, salry: 'salry' is not an input field of caseload. Did you mean 'salary'?" in text
    assert page.evaluate("document.activeElement.textContent") == "The profile bad.csv was not used"  # type: ignore[attr-defined]
    assert page.evaluate("document.querySelector('.calculator').dataset.calculatorInput") == form_before  # type: ignore[attr-defined]
    assert page.locator('[data-path="target_caseload"]').input_value() == "eighteen"  # type: ignore[attr-defined]
    assert page.locator(".calculator-profile-mark").count() == 0  # type: ignore[attr-defined]
    # A workbook saved as Windows text: named, refused.
    latin = tmp_path / "latin.csv"
    latin.write_bytes("calculator,field,value\ncaseload,salary,£40000\n".encode("cp1252"))
    load_profile(page, "caseload", latin)
    assert "byte 0xa3 at line 2 is not UTF-8 text" in box.inner_text()
    assert record.console_errors == []


def test_the_profile_stays_in_the_tab_and_out_of_links_unless_chosen(recorder: Recorder, site_server: SiteServer, tmp_path: Path) -> None:
    path = tmp_path / "northshire.csv"
    path.write_text((ROOT / "tests" / "fixtures" / "northshire-profile.csv").read_text(encoding="utf-8"), encoding="utf-8")
    page, record = open_ready(recorder, site_server, "placement-cost")
    recorder.context.grant_permissions(["clipboard-read", "clipboard-write"])
    load_profile(page, "placement-cost", path)
    assert answer_for(page) == "computed"
    assert page.evaluate("location.hash") == ""  # type: ignore[attr-defined]  # the address holds no scenario
    # A link without the profile's figures would not show these results: the page says so and copies nothing.
    page.evaluate("navigator.clipboard.writeText('')")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Copy a link to this scenario").click()  # type: ignore[attr-defined]
    page.wait_for_function("document.querySelector('[data-calculator-status]').textContent.includes('leaves out its')")  # type: ignore[attr-defined]
    assert page.evaluate("navigator.clipboard.readText()") == ""  # type: ignore[attr-defined]
    page.get_by_label("Include my profile's figures in links to this scenario").check()  # type: ignore[attr-defined]
    assert page.evaluate("location.hash") == ""  # type: ignore[attr-defined]  # still none: only a copied link carries a scenario
    page.get_by_role("button", name="Copy a link to this scenario").click()  # type: ignore[attr-defined]
    wait_until(page, "async () => (await navigator.clipboard.readText()).includes('#input=')", what="a link in the clipboard")
    link = page.evaluate("navigator.clipboard.readText()")  # type: ignore[attr-defined]
    assert json.loads(unquote(link.split("#input=")[1]))["placements"][0]["cost"] == 5500
    # Another page and back: the profile's marks are still there (sessionStorage).
    page.goto(site_server.url("/calculators/caseload/"))  # type: ignore[attr-defined]
    page.goto(site_server.url(PAGES["placement-cost"]))  # type: ignore[attr-defined]
    wait_for_state(page, "ready", "computed", "calculating")
    page.locator(".calculator-profile-mark").first.wait_for(state="attached")  # type: ignore[attr-defined]  # (its field may sit in a closed section)
    assert page.locator("#calc-placement-cost-placements-0-cost-profile").text_content() == "From your profile (Northshire 2025/26 budget, price year 2025-26)"  # type: ignore[attr-defined]
    # Stopping brings back the scenario from before the profile: the default preset's.
    page.get_by_role("button", name="Stop using my profile").click()  # type: ignore[attr-defined]
    assert answer_for(page) == "computed"
    assert {s["key"]: s["value"] for s in page_result(page)["result"]["summary"]}["total_net_saving"] == 1360065
    assert page.locator(".calculator-profile-mark").count() == 0  # type: ignore[attr-defined]
    assert run_axe(page) == []
    assert record.console_errors == []


def test_two_pinned_scenarios_side_by_side(recorder: Recorder, site_server: SiteServer, tmp_path: Path) -> None:
    page, record = open_ready(recorder, site_server, "caseload")
    page.get_by_role("button", name="Pin as scenario A").click()  # type: ignore[attr-defined]
    set_field(page, "salary", "40000")
    assert answer_for(page) == "computed"
    page.get_by_role("button", name="Pin as scenario B").click()  # type: ignore[attr-defined]
    page.wait_for_function("document.querySelector('.calculator-scenarios table') && document.querySelector('.calculator-scenarios table').textContent.includes('Scenario B')")  # type: ignore[attr-defined]

    def rows() -> dict[str, list[str]]:
        cells = page.eval_on_selector_all(".calculator-scenarios tbody tr", "trs => trs.map(tr => [...tr.children].map(c => c.textContent))")  # type: ignore[attr-defined]
        return {line[0]: line[1:] for line in cells}

    table = rows()
    # One FTE: £35,000 × 1.30 = £45,500 (A) and £40,000 × 1.30 = £52,000 (B), a difference of £6,500.
    assert table["Cost of one FTE a year (salary + on-costs)"] == ["£45,500", "£52,000", "+£6,500"]
    # Extra FTE: 615 ÷ 17.7 − 30 = 4.745763; × £45,500 = £215,932.20 → £215,932 and
    # × £52,000 = £246,779.66 → £246,780; B − A of the figures shown = £30,848.
    assert table["Cost of the extra FTE a year (salary + on-costs)"] == ["£215,932", "£246,780", "+£30,848"]
    assert table["Open cases"][2] == "no change"
    assert "Salary: £35,000 per FTE per year → £40,000 per FTE per year" in page.locator(".calculator-scenarios-changes").inner_text()  # type: ignore[attr-defined]

    # The comparison as CSV (written by Python, calculators/csv_files.py): its title, then one row
    # per headline figure, A, B and B − A, with the unit. A byte-order mark first, so Excel reads £.
    with page.expect_download() as download:  # type: ignore[attr-defined]
        page.get_by_role("button", name="Download the comparison (CSV)").click()  # type: ignore[attr-defined]
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    csv_rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert csv_rows[0] == ["Scenarios side by side: headline figures and differences from A"]
    assert csv_rows[1][:4] == ["Headline figure", "Scenario A", "Scenario B", "B − A"]
    assert ["Cost of one FTE a year (salary + on-costs)", "45500", "52000", "6500", "£"] in csv_rows

    # One link restores both pinned scenarios, in a new tab.
    recorder.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy a link to the pinned scenarios").click()  # type: ignore[attr-defined]
    page.wait_for_function("document.querySelector('.calculator-scenarios-status').textContent.includes('clipboard')")  # type: ignore[attr-defined]
    link = page.evaluate("navigator.clipboard.readText()")  # type: ignore[attr-defined]
    other = recorder.context.new_page()  # type: ignore[attr-defined]
    other.goto(link)
    other.wait_for_function("document.querySelector('.calculator-scenarios table') && document.querySelector('.calculator-scenarios table').textContent.includes('Scenario B')", timeout=READY_TIMEOUT)
    page = other
    assert rows()["Cost of the extra FTE a year (salary + on-costs)"] == ["£215,932", "£246,780", "+£30,848"]
    assert page.locator('[data-path="salary"]').input_value() == "40,000"  # the form holds B

    # Printed: the comparison is on a page of its own, the buttons left out.
    page.emulate_media(media="print")
    assert page.locator(".calculator-scenarios table").is_visible()
    assert not page.get_by_role("button", name="Pin as scenario C").is_visible()
    page.emulate_media(media="screen")
    assert run_axe(page) == []
    assert record.console_errors == []


def test_typing_over_a_profile_figure_drops_the_profiles_price_year(recorder: Recorder, site_server: SiteServer, tmp_path: Path) -> None:
    """The profile's price year was for the profile's figure: once the reader types their own, it no longer applies."""
    path = ROOT / "tests" / "fixtures" / "northshire-profile.csv"  # salary £42,000 at 2025-26 prices
    page, record = open_ready(recorder, site_server, "caseload")
    load_profile(page, "caseload", path)
    assert answer_for(page) == "computed"
    assert page_result(page)["input"]["prices"]["years"] == [{"path": "salary", "year": "2025-26"}]
    set_field(page, "salary", "43000")
    assert answer_for(page) == "computed"
    shown = page_result(page)["input"]
    assert shown["salary"] == 43000
    # The figure is now the reader's own entry, and says so.
    salary = next(item for item in page_result(page)["result"]["origin"]["inputs"] if item["path"] == "salary")
    assert salary["kind"] == "typed"
    assert [item for item in (shown.get("prices") or {}).get("years", []) if item["path"] == "salary"] == []
    # The form no longer marks the figure as the profile's.
    assert page.locator("#calc-caseload-salary-profile").count() == 0  # type: ignore[attr-defined]
    assert record.console_errors == []
