"""The calculators as a finance officer uses them (issue 13), on a desktop and a phone.

Two tasks are played from the default page, as an officer would:

* placement cost: "move 5 children from purchased residential care to
  in-house foster care from October" (2026/27, financial year from April);
* caseload: one team with 120 open cases and 6 FTE social workers, target 18.

Each checks the headline against a hand calculation, that the edit turned
the preset into the officer's own scenario (title, notes, no preset
comparison), and that the printed page and the CSV download carry that
scenario and nothing of the preset's comparison. Other tests: a phone
(390 × 844) shows no result table wider than the screen and the headline
within one screen of the main inputs; the page script neutralises CSV
cells exactly as the command line does; stale results are marked and
downloads blocked; a share link with a month number still opens; and the
cumulative layout shift while the page renders stays under 0.02.

Set UX_SHOTS to a folder to keep screenshots of every step and the printed
PDF, light and dark (1280 × 800 and 390 × 844).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import ROOT, SiteServer

from calculators import registry

pytestmark = pytest.mark.browser

READY_TIMEOUT = 90_000
SHOTS = Path(os.environ["UX_SHOTS"]) if os.environ.get("UX_SHOTS") else None
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}


def shot(page: object, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"))  # type: ignore[attr-defined]


@pytest.fixture(params=[(size, scheme) for size in SIZES for scheme in ("light", "dark")], ids=lambda p: f"{p[0]}-{p[1]}")
def officer(request: pytest.FixtureRequest, browser: object, site_server: SiteServer) -> Iterator[tuple[object, str, str]]:
    size, scheme = request.param
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme, accept_downloads=True)  # type: ignore[attr-defined]
    errors: list[str] = []
    context.on("page", lambda page: page.on("pageerror", lambda exc: errors.append(str(exc))))
    yield context, size, scheme
    context.close()
    assert errors == []


def open_calculator(context: object, site_server: SiteServer, name: str, fragment: str = "") -> object:
    page = context.new_page()  # type: ignore[attr-defined]
    page.goto(site_server.url(f"/calculators/{name}/") + fragment)
    if not fragment:  # a link is itself a sign of intent; otherwise focus the form, as a reader would
        # (without scrolling: these tests measure what the reader sees where the page opens)
        page.evaluate("document.querySelector('.calculator-form :is(input, select)').focus({ preventScroll: true })")  # type: ignore[attr-defined]
    page.wait_for_selector(".calculator[data-calculator-state=ready], .calculator[data-calculator-state=computed]", state="attached", timeout=READY_TIMEOUT)
    return page


def settled(page: object) -> dict:
    """Wait until Python has answered for what the form holds; the result shown."""
    page.wait_for_function(  # type: ignore[attr-defined]
        """() => { const root = document.querySelector('.calculator');
          return root.dataset.calculatorInput === root.querySelector('[data-calculator-result]').dataset.input
            && root.dataset.freshness === 'current'; }""",
        timeout=READY_TIMEOUT,
    )
    return json.loads(page.locator("[data-calculator-result]").text_content())  # type: ignore[attr-defined]


def fill(page: object, path: str, text: str) -> None:
    page.locator(f'[data-path="{path}"]').fill(text)  # type: ignore[attr-defined]
    page.locator(f'[data-path="{path}"]').press("Tab")  # type: ignore[attr-defined]


def choose(page: object, path: str, label: str) -> None:
    page.locator(f'[data-path="{path}"]').select_option(label=label)  # type: ignore[attr-defined]


def headline(page: object, key: str) -> str:
    box = page.locator(".calculator-headline:visible")  # type: ignore[attr-defined]
    return box.locator(f'dd[data-key="{key}"]').text_content()


def printed(page: object, name: str) -> str:
    """The page as printed: its text, with a PDF of it kept beside the screenshots."""
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    page.wait_for_timeout(200)  # type: ignore[attr-defined]  (the chart redraws for paper)
    if SHOTS is not None:
        page.pdf(path=str(SHOTS / f"{name}.pdf"), print_background=True)  # type: ignore[attr-defined]
        page.screenshot(path=str(SHOTS / f"{name}-print.png"), full_page=True)  # type: ignore[attr-defined]
    text = page.locator("article").inner_text()  # type: ignore[attr-defined]
    page.emulate_media(media="screen")  # type: ignore[attr-defined]
    return text


def downloaded_csv(page: object) -> tuple[bytes, list[list[str]]]:
    with page.expect_download() as info:  # type: ignore[attr-defined]
        page.get_by_role("button", name="Download results (CSV)").click()  # type: ignore[attr-defined]
    raw = Path(info.value.path()).read_bytes()
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_officer_moves_five_children_to_in_house_foster_care_from_october(officer: tuple[object, str, str], site_server: SiteServer) -> None:
    context, size, scheme = officer
    tag = f"placement-{size}-{scheme}"
    page = open_calculator(context, site_server, "placement-cost")
    shot(page, f"{tag}-1-opened")
    # The question's inputs come first: the move, its timing and the years.
    main = page.locator(".calculator-main")
    for path in ("scenario.moves[0].from", "scenario.moves[0].to", "scenario.moves[0].children", "scenario.moves[0].start_month", "scenario.first_year"):
        assert main.locator(f'[data-path="{path}"]').is_visible(), path
    # The unit costs are in a section that opens, not in the way.
    assert page.locator('[data-path="placements[0].cost"]').is_hidden()
    if size == "desktop":  # the headline beside the inputs, without scrolling at 1280 × 800
        box = page.locator(".calculator-headline--results").bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 800, box
    # Plain words: placement types by name, never by their short codes.
    options = page.locator('[data-path="scenario.moves[0].from"] option').all_text_contents()
    assert "Purchased residential care" in options and not any("purchased-residential" in o for o in options)

    fill(page, "scenario.moves[0].children", "5")
    origin = page.locator(".calculator-origin")
    origin.wait_for()
    assert "Your scenario (based on: Glasgow 2017/18 plan" in origin.text_content()
    assert "planned saving it was compared with" in origin.text_content()
    shot(page, f"{tag}-2-first-edit")
    choose(page, "scenario.moves[0].from", "Purchased residential care")
    choose(page, "scenario.moves[0].to", "Provided foster care")  # the council's own (in-house) foster carers
    choose(page, "scenario.first_year", "2026/27")
    page.wait_for_selector('[data-path="scenario.moves[0].start_month"] option:text("October 2026 (2026/27)")', state="attached")
    choose(page, "scenario.moves[0].start_month", "October 2026 (2026/27)")
    result = settled(page)
    shot(page, f"{tag}-3-october")

    # Hand calculation from the Glasgow audit's unit costs (000_cae6d205916c5940.txt §3.2):
    # purchased residential £20.8m ÷ 95 children, provided foster care £19.5m ÷ 791 children.
    # 5 children for 6 of the 12 months of 2026/27 (October to March): 5 × (218,947.37 − 24,652.34) × 6/12 = £485,737.6.
    expected = 5 * (20_800_000 / 95 - 19_500_000 / 791) * 6 / 12
    assert round(expected) == 485_738
    assert result["result"]["totals"]["gross_saving"] == 485_738
    assert headline(page, "year_1_gross_saving") == "£485,738"
    assert result["input"]["title"].startswith("Your scenario (based on: Glasgow 2017/18 plan")
    assert "planned_saving" not in result["input"]["scenario"] or result["input"]["scenario"]["planned_saving"] is None
    timing = page.locator('[data-table="timing"]')
    assert "5 children from Purchased residential care to Provided foster care" in timing.text_content()
    assert "from October 2026: 6 months in 2026/27" in timing.text_content()
    assert page.locator('[data-table="planned_saving"]').count() == 0

    text = printed(page, f"{tag}-printed")
    assert "Scenario: Your scenario (based on: Glasgow 2017/18 plan" in text
    assert "Glasgow planned saving" not in text and "minus planned" not in text
    assert "Worked out on " in text and "Sources" in text
    assert "October 2026 (2026/27)" in text or "month 7" in text.lower()

    raw, rows = downloaded_csv(page)
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, so Excel reads £"
    assert rows[0][0] == "Title" and rows[0][1].startswith("Your scenario (based on: Glasgow 2017/18 plan")
    assert rows[2][0] == "Worked out on"
    # The inputs list the (empty) planned-saving fields; no figure compares with Glasgow's plan.
    # The preset's range for when its children move went with the first edit; the ranges of
    # the unit costs still in the form stay, and their stated basis names where those costs
    # come from (Glasgow's report, §3.2), so those basis texts are the one other place allowed.
    ranges = result["input"].get("uncertainty") or []
    assert ranges and not any(r["path"].startswith("scenario.moves") for r in ranges), ranges
    assert all(r["path"].startswith("placements[") for r in ranges), ranges
    # The table of where each input comes from names the preset, and each of its rows' sources, on purpose.
    assert any(len(r) > 2 and r[2].startswith("Preset “Glasgow 2017/18 plan") for r in rows)
    flat = "\n".join(",".join(r) for r in rows if not (len(r) > 2 and r[2].startswith("Preset “")))
    for basis in {r["basis"] for r in ranges}:
        flat = flat.replace(basis, "")
    assert "Glasgow" not in flat.replace("Glasgow 2017/18 plan: 7 fewer", ""), "only the title names the preset it came from"
    assert "when its children move" in page.locator(".calculator-origin").text_content()
    assert "minus planned" not in flat and "Modelled gross saving beside the planned saving" not in flat
    titles = [t["title"] for t in result["result"]["tables"]]
    assert all([t] in rows for t in titles), "every result table is in the file"
    assert ["Gross saving in year 1", "485738", "£", "£485,738"] in rows

    # Ticking "compare with the plan" brings the preset's comparison back, and says whose it is.
    page.get_by_label("Compare with the plan").check()
    result = settled(page)
    assert result["input"]["scenario"]["planned_saving"] == 1_400_000  # 000_cae6d205916c5940.txt §4.4
    assert page.locator('[data-table="planned_saving"]').count() == 1


def test_officer_checks_one_team_of_120_cases_and_6_fte_against_a_target_of_18(officer: tuple[object, str, str], site_server: SiteServer) -> None:
    context, size, scheme = officer
    tag = f"caseload-{size}-{scheme}"
    page = open_calculator(context, site_server, "caseload")
    shot(page, f"{tag}-1-opened")
    # One team: remove the preset's other two (its first button press makes the scenario the officer's).
    while page.locator('[data-path^="teams["][data-path$="].fte"]').count() > 1:
        page.locator(".calculator-main button.calculator-remove").last.click()
    fill(page, "teams[0].cases.all-cases", "120")
    fill(page, "teams[0].fte", "6")
    fill(page, "target_caseload", "18")
    result = settled(page)
    shot(page, f"{tag}-2-one-team")
    # Hand calculation: 120 cases ÷ 18 a worker = 6.67 FTE needed; 6.67 − 6 = 0.67 more FTE.
    assert round(120 / 18 - 6, 2) == 0.67
    assert headline(page, "extra_fte") == "0.67 FTE"
    assert result["result"]["overall"]["extra_fte"] == 0.67 if "overall" in result["result"] else True
    flow = result["input"]["flow"]
    # Nothing of the preset's own assumptions is left to contradict the headline:
    # no extra closing effort, and new cases a month follow today's caseload.
    assert flow["extra_closures_per_month"] == 0 and flow.get("new_cases_per_month") is None
    summary = {item["key"]: item for item in result["result"]["summary"]}
    assert summary["months_to_target"]["value"] is None, "without extra effort the team never reaches 18 on its own"
    # Steady state = today's 120 cases ÷ 6 FTE = 20 cases per FTE (open cases ÷ length × length).
    assert summary["steady_state_caseload"]["text"] == "20 cases per FTE"
    assert result["input"]["teams"][0]["name"] == "Team 1"
    body = page.locator(".calculator").inner_text()
    assert "East Central" not in body
    text = printed(page, f"{tag}-printed")
    assert "Scenario: Your scenario (based on: Strengthening Families" in text
    assert "East Central" not in text
    raw, rows = downloaded_csv(page)
    assert rows[0][1].startswith("Your scenario (based on: Strengthening Families")
    assert "East Central" not in raw.decode("utf-8-sig")
    assert ["Extra FTE to bring every team to target", "0.67", "FTE", "0.67 FTE"] in rows


def test_on_a_phone_tables_fit_and_the_headline_is_near_the_inputs(browser: object, site_server: SiteServer) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    try:
        for name, field in (("placement-cost", "scenario.moves[0].children"), ("caseload", "target_caseload")):
            page = open_calculator(context, site_server, name)
            fill(page, field, "3")
            settled(page)
            width = page.evaluate("document.documentElement.clientWidth")
            assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name}: the page scrolls sideways"
            for region in page.locator(".calculator-table").all():
                box = region.bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{name}: {region.get_attribute('aria-label')} is wider than the screen"
                # A table wider than its region scrolls inside it with its first column fixed.
                if region.evaluate("r => r.scrollWidth > r.clientWidth"):
                    assert region.locator("tbody th").first.evaluate("c => getComputedStyle(c).position") == "sticky"
            inputs = page.locator(f'[data-path="{field}"]').bounding_box()
            figures = page.locator(".calculator-question .calculator-headline").bounding_box()
            assert figures["y"] + figures["height"] - inputs["y"] <= 844, f"{name}: headline more than a screen below the inputs"
            # Targets of at least 24 × 24 CSS pixels.
            for control in page.locator(".calculator-form select:visible, .calculator-form input:visible, .calculator button:visible").all():
                box = control.bounding_box()
                assert box["height"] >= 24 and box["width"] >= 24, control.evaluate("c => c.outerHTML.slice(0, 120)")
            page.close()
    finally:
        context.close()


def test_csv_cells_are_neutralised_as_the_command_line_does(browser: object, site_server: SiteServer) -> None:
    context = browser.new_context()  # type: ignore[attr-defined]
    try:
        page = open_calculator(context, site_server, "caseload")
        # The page writes no CSV itself: Python's writer (calculators/_render.py), through the worker, does.
        # In a real download: a team named like a formula arrives as text, as the command line writes it.
        fill(page, "teams[0].name", "=HYPERLINK(\"http://x\")")
        settled(page)
        _, rows = downloaded_csv(page)
        cells = [c for row in rows for c in row]
        assert "'=HYPERLINK(\"http://x\")" in cells and "=HYPERLINK(\"http://x\")" not in cells
    finally:
        context.close()


def test_stale_results_are_marked_everywhere_and_downloads_wait(browser: object, site_server: SiteServer) -> None:
    context = browser.new_context(accept_downloads=True)  # type: ignore[attr-defined]
    try:
        page = open_calculator(context, site_server, "caseload")
        fill(page, "target_caseload", "-5")
        page.wait_for_selector(".calculator-results[data-freshness=invalid]", timeout=READY_TIMEOUT)
        assert page.locator(".calculator-headline:visible .calculator-headline-stale").is_visible()
        assert page.locator("[data-download-note]").is_visible()
        downloads: list[object] = []
        page.on("download", lambda download: downloads.append(download))
        button = page.get_by_role("button", name="Download results (CSV)")
        assert button.get_attribute("aria-disabled") == "true"
        button.click(force=True)  # pressed anyway: it says why instead of saving stale figures
        page.wait_for_timeout(500)
        assert "Downloads are paused" in page.locator("[data-calculator-status]").text_content()
        assert downloads == []
        page.emulate_media(media="print")
        assert page.locator(".calculator-print-stale").is_visible()
        assert "last valid inputs" in page.locator("[data-calculator-freshness]").inner_text()
    finally:
        context.close()


def test_an_old_share_link_with_a_month_number_still_opens(browser: object, site_server: SiteServer) -> None:
    import calculators

    old = calculators.preset_input("placement-cost", "glasgow-2017-18-to-in-house-foster")
    old["scenario"]["moves"][0]["start_month"] = 7  # a link made before months had names
    old["scenario"].pop("first_year", None)
    old["scenario"].pop("year_start_month", None)
    context = browser.new_context()  # type: ignore[attr-defined]
    try:
        page = open_calculator(context, site_server, "placement-cost", "#input=" + quote(json.dumps(old)))
        result = settled(page)
        assert result["input"]["scenario"]["moves"][0]["start_month"] == 7
        # Month 7 of a year from April is October.
        assert page.locator('[data-path="scenario.moves[0].start_month"] option:checked').text_content() == "October, year 1"
        assert "from October of year 1: 6 months in year 1" in page.locator('[data-table="timing"]').text_content()
    finally:
        context.close()


CLS_SCRIPT = """
window.__cls = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
}).observe({ type: "layout-shift", buffered: true });
"""


def layout_shift(browser: object, site_server: SiteServer, name: str, width: int, height: int) -> float:
    """Cumulative layout shift from loading the page until Python is ready (PerformanceObserver)."""
    context = browser.new_context(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
    try:
        context.add_init_script(CLS_SCRIPT)
        page = open_calculator(context, site_server, name)
        # The chart is drawn once it comes near the screen (chart.js): the reader scrolls to it.
        page.evaluate("() => document.querySelector('[data-calculator-chart]').scrollIntoView({ block: 'center' })")
        page.wait_for_function("window.Chart && document.querySelector('[data-calculator-chart] canvas')", timeout=READY_TIMEOUT)
        page.wait_for_timeout(500)
        return page.evaluate("window.__cls")
    finally:
        context.close()


@pytest.mark.parametrize("name", registry.names())
def test_the_page_does_not_shift_as_the_form_renders(browser: object, site_server: SiteServer, name: str) -> None:
    shifts = {size: layout_shift(browser, site_server, name, *SIZES[size]) for size in SIZES}
    print(f"CLS {name}: " + ", ".join(f"{size} {value:.4f}" for size, value in shifts.items()))
    assert all(value < 0.02 for value in shifts.values()), shifts
