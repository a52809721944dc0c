"""The calculators in the browser: Pyodide in a Web Worker on the built site.

Each calculator page is checked as an officer would use it: the default
results show before Python loads; editing an input recalculates; an invalid
entry is named next to its field and kept as typed; a shared link restores
the scenario; the CSV download matches the table; and for 20 random valid
scenarios the browser's result is exactly the command line's.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import ROOT, BuiltSite, Recorder, SiteServer, run_axe
from hypothesis import HealthCheck, Phase, given, settings
from strategies import caseload_inputs, placement_inputs

pytestmark = pytest.mark.browser

CALCULATORS = {"placement-cost": "/calculators/placement-cost/", "caseload": "/calculators/caseload/"}
READY_TIMEOUT = 60_000  # ms: a cold Pyodide start on a busy 2-core machine


def cli(calculator: str, payload: dict) -> dict:
    """The command line's JSON output for an input (the reference for parity)."""
    proc = subprocess.run(
        [sys.executable, "-m", "calculators", calculator, "--input", "-", "--format", "json"],
        input=json.dumps(payload), capture_output=True, text=True, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def page_result(page: object) -> dict:
    return json.loads(page.locator("[data-calculator-result]").text_content())  # type: ignore[attr-defined]


def wait_for_state(page: object, *states: str) -> None:
    selector = ", ".join(f".calculator[data-calculator-state={s}]" for s in states)
    page.wait_for_selector(selector, state="attached", timeout=READY_TIMEOUT)  # type: ignore[attr-defined]


def set_field(page: object, path: str, text: str) -> None:
    """Type into the field for an input path, as a person would (select all, type)."""
    field = page.locator(f'[data-path="{path}"]')  # type: ignore[attr-defined]
    field.fill(text)


def recalculated(page: object, action: object) -> dict:
    """Run an action that changes inputs and return the new result once it arrives."""
    before = page.locator("[data-calculator-result]").text_content()  # type: ignore[attr-defined]
    page.evaluate("document.querySelector('.calculator').dataset.calculatorState = 'waiting'")  # type: ignore[attr-defined]
    action()  # type: ignore[operator]
    wait_for_state(page, "computed", "invalid")
    after = page.locator("[data-calculator-result]").text_content()  # type: ignore[attr-defined]
    return {"changed": before != after, "state": page.locator(".calculator").get_attribute("data-calculator-state")}  # type: ignore[attr-defined]


@pytest.fixture(params=sorted(CALCULATORS))
def calculator(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def ready_page(recorder: Recorder, site_server: SiteServer, calculator: str) -> Iterator[tuple[object, object]]:
    page, record = recorder.open(site_server.url(CALCULATORS[calculator]))
    wait_for_state(page, "ready")
    yield page, record
    assert record.console_errors == [], record.console_errors
    assert record.external == [], record.external


# Before Python ---------------------------------------------------------------


def test_prerendered_results_show_before_the_runtime_loads(
    recorder: Recorder, site_server: SiteServer, built_site: BuiltSite, calculator: str
) -> None:
    # Block the runtime, as an old browser or a strict proxy might: the page
    # must still show the build-time results and say why it cannot recalculate.
    recorder.context.route("**/assets/calculators/pyodide/**", lambda route: route.abort())
    page, record = recorder.open(site_server.url(CALCULATORS[calculator]))
    expected = cli(calculator, json.loads(subprocess.run(
        [sys.executable, "-m", "calculators", calculator, "--show-input"] + _default_preset_args(calculator),
        capture_output=True, text=True, cwd=ROOT, check=True).stdout))
    assert page_result(page) == expected
    first_table = expected["result"]["tables"][0]
    rows = page.locator(f'[data-table="{first_table["id"]}"] tbody tr')
    assert rows.count() == len(first_table["rows"])
    wait_for_state(page, "failed")
    status = page.locator("[data-calculator-status]").text_content()
    assert "could not start" in status and "default scenario" in status
    assert page_result(page) == expected, "the prerendered result must stay when the runtime fails"
    # Only the blocked runtime failed; nothing else errored.
    assert all("pyodide" in e.lower() or "failed to load resource" in e.lower() for e in record.console_errors)


def _default_preset_args(calculator: str) -> list[str]:
    """The CLI flags that print the default input: the default is a named preset."""
    import calculators

    default = calculators.default_input(calculator)
    for name in calculators.list_calculators()[calculator]:
        if calculators.preset_input(calculator, name) == default:
            return ["--preset", name]
    pytest.fail(f"the default input of {calculator} is not one of its presets")


def test_pages_without_a_calculator_reference_no_python(built_site: BuiltSite) -> None:
    for page in built_site.pages():
        text = (built_site.root / page).read_text(encoding="utf-8")
        has_calculator = 'class="calculator"' in text
        assert ("calculator/page.js" in text) == has_calculator, page
        assert "pyodide" not in text.lower() or has_calculator, page


# With Python -----------------------------------------------------------------


def test_changing_an_input_recalculates(ready_page: tuple[object, object], calculator: str) -> None:
    page, _ = ready_page
    path = {"placement-cost": "placements[0].children", "caseload": "teams[0].fte"}[calculator]
    current = float(page.locator(f'[data-path="{path}"]').input_value())
    outcome = recalculated(page, lambda: set_field(page, path, str(int(current) + 7)))
    assert outcome == {"changed": True, "state": "computed"}
    result = page_result(page)
    assert result["ok"] is True
    assert result == cli(calculator, result["input"]), "the browser's result must be the command line's"
    # Spoken once typing pauses, not at each keystroke.
    page.wait_for_function("document.querySelector('[data-calculator-status]').textContent === 'Results updated.'")


def test_an_invalid_entry_is_named_at_its_field_and_kept(ready_page: tuple[object, object], calculator: str) -> None:
    page, _ = ready_page
    path = {"placement-cost": "placements[1].children", "caseload": "teams[1].fte"}[calculator]
    last_valid = page_result(page)["input"]
    outcome = recalculated(page, lambda: set_field(page, path, "twelve"))
    assert outcome["state"] == "invalid"
    field = page.locator(f'[data-path="{path}"]')
    assert field.input_value() == "twelve", "what was typed must stay"
    assert field.get_attribute("aria-invalid") == "true"
    error = page.locator(f"#{field.get_attribute('id')}-error")
    assert error.is_visible()
    # The same entry through the command line gives the same message.
    team_or_type, index, key = re.match(r"(\w+)\[(\d+)\]\.(\w+)", path).groups()
    last_valid[team_or_type][int(index)][key] = "twelve"
    expected = cli_errors(calculator, last_valid)
    assert [e["path"] for e in expected] == [path]
    assert error.text_content() == expected[0]["message"]
    assert path in page.locator("[data-calculator-errors]").text_content()
    serious = [v["id"] for v in run_axe(page) if v["impact"] in {"serious", "critical"}]
    assert serious == []


def cli_errors(calculator: str, payload: dict) -> list[dict]:
    """The command line's errors for an invalid input (exit code 2, one line each)."""
    proc = subprocess.run(
        [sys.executable, "-m", "calculators", calculator, "--input", "-", "--format", "json"],
        input=json.dumps(payload), capture_output=True, text=True, cwd=ROOT,
    )
    assert proc.returncode == 2
    return [{"path": m.group(1), "message": m.group(2)} for m in re.finditer(r"^\s+(\S+): (.+)$", proc.stderr, re.M)]


def test_a_share_link_round_trips(
    ready_page: tuple[object, object], recorder: Recorder, site_server: SiteServer, calculator: str
) -> None:
    page, _ = ready_page
    path = {"placement-cost": "scenario.horizon_years", "caseload": "target_caseload"}[calculator]
    outcome = recalculated(page, lambda: set_field(page, path, "3"))
    assert outcome["state"] == "computed"
    # The page's own location: Playwright's page.url follows history.replaceState
    # through protocol events and can lag behind it.
    link = page.evaluate("location.href")
    assert "#input=" in link
    shared = page_result(page)
    second, record = recorder.open(link)
    wait_for_state(second, "computed")
    assert second.locator(f'[data-path="{path}"]').input_value() == "3"
    assert page_result(second) == shared


def test_a_malformed_link_falls_back_to_the_defaults(recorder: Recorder, site_server: SiteServer, calculator: str) -> None:
    page, record = recorder.open(site_server.url(CALCULATORS[calculator]) + "#input=" + quote("{not json"))
    status = page.locator("[data-calculator-status]")
    assert "could not be read" in status.text_content()
    assert "default scenario" in status.text_content()
    import calculators

    assert page_result(page)["input"] == calculators.run_json(calculator, calculators.default_input(calculator))["input"]
    assert record.console_errors == []


def test_the_csv_download_matches_the_table(ready_page: tuple[object, object], calculator: str) -> None:
    page, _ = ready_page
    result = page_result(page)["result"]
    table = result["tables"][0]
    with page.expect_download() as info:
        page.get_by_role("button", name=f"Download “{table['title']}” (CSV)").click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert rows[0] == [c["label"] + (f" ({c['unit']})" if c["unit"] else "") for c in table["columns"]]
    shown = page.locator(f'[data-table="{table["id"]}"] tbody tr')
    assert len(rows) - 1 == shown.count() == len(table["rows"])
    for i, data_row in enumerate(rows[1:]):
        cells = shown.nth(i).locator("th, td").all_text_contents()
        for cell, value, column in zip(cells, data_row, table["columns"]):
            assert _same(cell, value), f"row {i + 1}, {column['label']}: table {cell!r}, CSV {value!r}"


def _same(shown: str, raw: str) -> bool:
    """A formatted cell ("£1,360,065", "91.2%", "–") against the CSV's raw value."""
    if raw == "":
        return shown == "–"
    if raw in ("true", "false"):
        return shown == {"true": "yes", "false": "no"}[raw]
    try:
        number = float(raw)
    except ValueError:
        return shown == raw
    text = shown.replace("£", "").replace(",", "").replace("%", "").replace("−", "-")
    try:
        return abs(float(text) - number) <= 0.5 + 1e-9 * abs(number)  # the table rounds for display
    except ValueError:
        return False


def test_reaching_the_page_by_clicking_from_the_home_page(recorder: Recorder, site_server: SiteServer, calculator: str) -> None:
    page, record = recorder.open(site_server.url("/"))
    page.get_by_role("navigation", name="Navigation").get_by_role("link", name="Calculators", exact=True).first.click()
    page.wait_for_url("**/calculators/")
    title = {"placement-cost": "Placement cost", "caseload": "Caseload"}[calculator]
    page.locator("article").get_by_role("link", name=title, exact=True).first.click()
    page.wait_for_url(f"**{CALCULATORS[calculator]}")
    wait_for_state(page, "ready")
    path = {"placement-cost": "placements[0].children", "caseload": "teams[0].fte"}[calculator]
    outcome = recalculated(page, lambda: set_field(page, path, "50"))
    assert outcome == {"changed": True, "state": "computed"}
    assert record.console_errors == []
    assert record.external == []


# Parity ------------------------------------------------------------------------

STRATEGIES = {"placement-cost": placement_inputs(), "caseload": caseload_inputs()}


@pytest.fixture(scope="module")
def parity_pages(browser: object, site_server: SiteServer) -> Iterator[dict[str, object]]:
    recorder = Recorder(browser)
    pages = {}
    for name, path in CALCULATORS.items():
        page, _ = recorder.open(site_server.url(path))
        wait_for_state(page, "ready")
        pages[name] = page
    yield pages
    recorder.close()


@pytest.mark.parametrize("name", sorted(CALCULATORS))
def test_browser_and_command_line_agree_on_random_scenarios(parity_pages: dict[str, object], name: str) -> None:
    page = parity_pages[name]
    seen: list[int] = []

    @settings(max_examples=20, derandomize=True, deadline=None, database=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(STRATEGIES[name])
    def check(payload: dict) -> None:
        # Open the scenario as a shared link in the same tab (hashchange).
        page.evaluate("document.querySelector('.calculator').dataset.calculatorState = 'waiting'")  # type: ignore[attr-defined]
        page.evaluate("(text) => { location.hash = 'input=' + encodeURIComponent(text) }", json.dumps(payload))  # type: ignore[attr-defined]
        wait_for_state(page, "computed", "invalid")
        in_browser = json.loads(page.locator("[data-calculator-result]").text_content())  # type: ignore[attr-defined]
        assert page.locator(".calculator").get_attribute("data-calculator-state") == "computed"  # type: ignore[attr-defined]
        assert in_browser == cli(name, payload)
        seen.append(1)

    check()
    assert len(seen) >= 20
