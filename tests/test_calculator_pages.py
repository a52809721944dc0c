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

from calculators import registry

pytestmark = pytest.mark.browser

#: Every registered calculator's page.
CALCULATORS = {name: f"/calculators/{name}/" for name in registry.names()}
#: The calculators whose inputs the tests that type into the form name in
#: each test (a field path per calculator); the tests that need no field run
#: for every registered calculator (the ``any_calculator`` fixture).
TYPED = ("caseload", "placement-cost")
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


# Which inputs the figures are for: the page labels the inputs in its form
# (data-calculator-input on the calculator), the result it shows
# ([data-calculator-result] data-input) and the errors it lists
# ([data-calculator-errors] data-input) with their JSON text, as the browser
# writes it. Python has answered for a set of inputs when the result's or
# the errors' label is theirs.
_ANSWER_FOR = """(expected) => {
  const root = document.querySelector('.calculator');
  const current = root && root.dataset.calculatorInput;
  if (!current) return false;  // the page script has not set up this page yet
  const wanted = expected === null ? current : JSON.stringify(JSON.parse(expected));
  if (current !== wanted) return false;
  const result = root.querySelector('[data-calculator-result]');
  if (result.dataset.input === wanted) return ['computed', result.textContent];
  if (root.querySelector('[data-calculator-errors]').dataset.input === wanted) return ['invalid', null];
  return false;
}"""


def answer_for(page: object, payload: dict | None = None) -> str:
    """Wait until the page shows Python's answer for ``payload`` (by default,
    for whatever its form holds now): "computed" (results for exactly these
    inputs) or "invalid" (errors for them). Any other result, such as the
    prerendered default or a reply to earlier inputs, does not count."""
    return _answer(page, payload)[0]


def result_for(page: object, payload: dict) -> dict:
    """The result the page shows for ``payload``, read from the element in the
    same step that checked its label (the page may be redrawn in between)."""
    state, text = _answer(page, payload)
    assert state == "computed", state
    return json.loads(text)


def _answer(page: object, payload: dict | None) -> list:
    handle = page.wait_for_function(  # type: ignore[attr-defined]
        _ANSWER_FOR, arg=None if payload is None else json.dumps(payload), timeout=READY_TIMEOUT
    )
    return handle.json_value()


def wait_for_state(page: object, *states: str) -> None:
    selector = ", ".join(f".calculator[data-calculator-state={s}]" for s in states)
    page.wait_for_selector(selector, state="attached", timeout=READY_TIMEOUT)  # type: ignore[attr-defined]


_REVEAL = """(path) => { const field = document.querySelector(`[data-path="${CSS.escape(path)}"]`);
  for (let d = field && field.closest('details'); d; d = d.parentElement.closest('details')) d.open = true; }"""


def reveal(page: object, path: str) -> None:
    """Open the section of the form that holds an input (assumptions sit in sections that open)."""
    page.evaluate(_REVEAL, path)  # type: ignore[attr-defined]


def give_intent(page: object) -> None:
    """Show the page that the reader means to use the form, as a reader would
    (focus its first field): the Python runtime starts only then (start.js)."""
    page.locator(".calculator-form :is(input, select)").first.focus()  # type: ignore[attr-defined]


def start_and_wait(page: object, *states: str) -> None:
    give_intent(page)
    wait_for_state(page, *states)


def set_field(page: object, path: str, text: str) -> None:
    """Type into the field for an input path, as a person would (open its section, select all, type)."""
    reveal(page, path)
    field = page.locator(f'[data-path="{path}"]')  # type: ignore[attr-defined]
    field.fill(text)


def recalculated(page: object, action: object) -> dict:
    """Run an action that changes inputs; once Python has answered for the
    inputs it left in the form, say whether the result changed and how it ended."""
    before = page.locator("[data-calculator-result]").text_content()  # type: ignore[attr-defined]
    action()  # type: ignore[operator]
    state = answer_for(page)
    after = page.locator("[data-calculator-result]").text_content()  # type: ignore[attr-defined]
    return {"changed": before != after, "state": state}


def click_through_to(page: object, calculator: str) -> None:
    """As a reader would: the Calculators tab, then the calculator's link on that page."""
    page.get_by_role("navigation", name="Tabs").get_by_role("link", name="Calculators", exact=True).click()  # type: ignore[attr-defined]
    page.wait_for_url("**/calculators/")  # type: ignore[attr-defined]
    title = registry.get(calculator).short_title  # the name the calculators index links it by
    page.locator("article").get_by_role("link", name=title, exact=True).first.click()  # type: ignore[attr-defined]
    page.wait_for_url(f"**{CALCULATORS[calculator]}")  # type: ignore[attr-defined]


@pytest.fixture(params=TYPED)
def calculator(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(params=registry.names())
def any_calculator(request: pytest.FixtureRequest) -> str:
    return request.param


def _ready(recorder: Recorder, site_server: SiteServer, name: str) -> Iterator[tuple[object, object]]:
    page, record = recorder.open(site_server.url(CALCULATORS[name]))
    start_and_wait(page, "ready")
    yield page, record
    assert record.console_errors == [], record.console_errors
    assert record.external == [], record.external


@pytest.fixture
def ready_page(recorder: Recorder, site_server: SiteServer, calculator: str) -> Iterator[tuple[object, object]]:
    yield from _ready(recorder, site_server, calculator)


@pytest.fixture
def any_ready_page(recorder: Recorder, site_server: SiteServer, any_calculator: str) -> Iterator[tuple[object, object]]:
    yield from _ready(recorder, site_server, any_calculator)


# Before Python ---------------------------------------------------------------


def test_prerendered_results_show_before_the_runtime_loads(
    recorder: Recorder, site_server: SiteServer, built_site: BuiltSite, any_calculator: str
) -> None:
    # Block the runtime, as an old browser or a strict proxy might: the page
    # must still show the build-time results and say why it cannot recalculate.
    recorder.context.route("**/assets/calculators/pyodide/**", lambda route: route.abort())
    page, record = recorder.open(site_server.url(CALCULATORS[any_calculator]))
    expected = cli(any_calculator, json.loads(subprocess.run(
        [sys.executable, "-m", "calculators", any_calculator, "--show-input"] + _default_preset_args(any_calculator),
        capture_output=True, text=True, cwd=ROOT, check=True).stdout))
    assert page_result(page) == expected
    # Labelled with the inputs it was worked out from: the default scenario.
    import calculators

    label = page.locator("[data-calculator-result]").get_attribute("data-input")
    assert json.loads(label) == calculators.default_input(any_calculator)
    first_table = expected["result"]["tables"][0]
    rows = page.locator(f'[data-table="{first_table["id"]}"] tbody tr')
    assert rows.count() == len(first_table["rows"])
    start_and_wait(page, "failed")
    status = page.locator("[data-calculator-status]").text_content()
    assert "could not start" in status and "default scenario" in status
    assert page_result(page) == expected, "the prerendered result must stay when the runtime fails"
    # Only the blocked runtime failed; nothing else errored.
    assert all("pyodide" in e.lower() or "failed to load resource" in e.lower() for e in record.console_errors)


def test_figures_for_other_inputs_are_never_shown_as_current(
    recorder: Recorder, site_server: SiteServer, calculator: str
) -> None:
    # Hold the runtime back, as a slow connection would, so that an edit
    # waits for Python: the figures on screen are then the prerendered
    # default's, and the page must say so (in a live region) until the
    # result for the edited inputs replaces them.
    held: list = []
    recorder.context.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    page, record = recorder.open(site_server.url(CALCULATORS[calculator]))
    path = {"placement-cost": "placements[0].children", "caseload": "teams[0].fte"}[calculator]
    page.locator(f'[data-path="{path}"]').wait_for(state="attached")
    default_label = page.locator("[data-calculator-result]").get_attribute("data-input")
    assert page.locator(".calculator-results").get_attribute("data-freshness") == "current"
    set_field(page, path, "41")
    results = page.locator(".calculator-results")
    assert results.get_attribute("data-freshness") == "starting"
    line = page.locator("[data-calculator-freshness]")
    assert line.get_attribute("role") == "status" and line.is_visible()
    assert "default scenario" in line.text_content()
    assert page.locator("[data-calculator-tables]").get_attribute("aria-busy") == "true"
    assert page.locator("[data-calculator-result]").get_attribute("data-input") == default_label
    assert page.locator(".calculator").get_attribute("data-calculator-input") != default_label
    for _ in range(600):  # the worker asks for the WebAssembly once Pyodide's loader is in
        if held:
            break
        page.wait_for_timeout(100)
    assert len(held) == 1
    assert results.get_attribute("data-freshness") == "starting", "still waiting for the runtime"
    for route in held:
        route.continue_()
    assert answer_for(page) == "computed"
    label = json.loads(page.locator("[data-calculator-result]").get_attribute("data-input"))
    group, index, key = re.match(r"(\w+)\[(\d+)\]\.(\w+)", path).groups()
    assert label[group][int(index)][key] == 41
    assert results.get_attribute("data-freshness") == "current"
    assert line.text_content() == ""
    assert page.locator("[data-calculator-tables]").get_attribute("aria-busy") == "false"
    assert record.console_errors == []


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
        # The pages that compute: the calculators, and the business case (class="calculator business-case"),
        # which starts the same runtime from its own script.
        computes = re.search(r'class="calculator[ "]', text) is not None
        assert ("calculator/page.js" in text) == has_calculator, page
        assert "pyodide" not in text.lower() or computes, page


# With Python -----------------------------------------------------------------


def test_changing_an_input_recalculates(ready_page: tuple[object, object], calculator: str) -> None:
    page, _ = ready_page
    path = {"placement-cost": "placements[0].children", "caseload": "teams[0].fte"}[calculator]
    current = float(page.locator(f'[data-path="{path}"]').input_value())
    outcome = recalculated(page, lambda: set_field(page, path, str(int(current) + 7)))
    assert outcome == {"changed": True, "state": "computed"}
    label = json.loads(page.locator("[data-calculator-result]").get_attribute("data-input"))
    group, index, key = re.match(r"(\w+)\[(\d+)\]\.(\w+)", path).groups()
    assert label[group][int(index)][key] == int(current) + 7, "the result must be labelled with the input typed"
    assert page.locator(".calculator-results").get_attribute("data-freshness") == "current"
    result = page_result(page)
    assert result["ok"] is True
    assert result == cli(calculator, result["input"]), "the browser's result must be the command line's"
    # Spoken once typing pauses, not at each keystroke.
    page.wait_for_function("document.querySelector('[data-calculator-status]').textContent.startsWith('Results updated.')")


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
    # The scenario stays out of the address (and so out of the browser's
    # history) until the reader asks for a link (issue 18, item 15).
    assert "#input=" not in page.evaluate("location.href")
    recorder.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_server.url(""))
    page.get_by_role("button", name="Copy a link to this scenario").click()
    page.wait_for_function("document.querySelector('[data-calculator-status]').textContent.includes('clipboard')")
    link = page.evaluate("navigator.clipboard.readText()")
    assert "#input=" in link
    shared = page_result(page)
    second, record = recorder.open(link)
    assert answer_for(second, shared_input(link)) == "computed"
    assert second.locator(f'[data-path="{path}"]').input_value() == "3"
    assert page_result(second) == shared


def shared_input(link: str) -> dict:
    """The inputs a scenario link carries after #input=."""
    from urllib.parse import unquote

    return json.loads(unquote(link.split("#input=", 1)[1]))


def test_a_malformed_link_falls_back_to_the_defaults(recorder: Recorder, site_server: SiteServer, any_calculator: str) -> None:
    page, record = recorder.open(site_server.url(CALCULATORS[any_calculator]) + "#input=" + quote("{not json"))
    status = page.locator("[data-calculator-status]")
    assert "could not be read" in status.text_content()
    assert "default scenario" in status.text_content()
    import calculators

    assert page_result(page)["input"] == calculators.run_json(any_calculator, calculators.default_input(any_calculator))["input"]
    assert record.console_errors == []


def test_the_csv_download_matches_the_table(any_ready_page: tuple[object, object], any_calculator: str) -> None:
    page, _ = any_ready_page
    result = page_result(page)["result"]
    table = result["tables"][0]
    with page.expect_download() as info:
        page.get_by_role("button", name="Download results (CSV)").click()
    # One file for everything: the table's part starts after a line with its title and ends at a blank line.
    lines = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    start = lines.index([table["title"]]) + 1
    end = next((i for i in range(start, len(lines)) if not lines[i]), len(lines))
    rows = lines[start:end]
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
    # A mark on the window survives only if no click reloads the page: Material's
    # instant navigation swaps the content in place (it needs sitemap.xml to
    # list the pages at this address; the suite builds the site for it).
    page.evaluate("window.__sameDocument = true")
    click_through_to(page, calculator)
    start_and_wait(page, "ready")
    path = {"placement-cost": "placements[0].children", "caseload": "teams[0].fte"}[calculator]
    outcome = recalculated(page, lambda: set_field(page, path, "50"))
    assert outcome == {"changed": True, "state": "computed"}
    assert page.evaluate("window.__sameDocument") is True, "a click reloaded the page: instant navigation is off"
    # On to the other calculator by a click: the same worker, so Python is not started again.
    other = next(name for name in TYPED if name != calculator)
    click_through_to(page, other)
    start_and_wait(page, "ready")
    assert page.evaluate("window.__sameDocument") is True
    runtime_fetches = [url for url in record.requests if url.endswith("pyodide.asm.wasm")]
    assert len(runtime_fetches) == 1, runtime_fetches
    assert record.console_errors == []
    assert record.external == []


# Parity ------------------------------------------------------------------------

STRATEGIES = {"placement-cost": placement_inputs(), "caseload": caseload_inputs()}


@pytest.fixture(scope="module")
def parity_pages(browser: object, site_server: SiteServer) -> Iterator[dict[str, object]]:
    recorder = Recorder(browser)
    pages = {}
    for name in STRATEGIES:
        page, _ = recorder.open(site_server.url(CALCULATORS[name]))
        start_and_wait(page, "ready")
        pages[name] = page
    yield pages
    recorder.close()


@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_browser_and_command_line_agree_on_random_scenarios(parity_pages: dict[str, object], name: str) -> None:
    page = parity_pages[name]
    seen: list[int] = []

    @settings(max_examples=20, derandomize=True, deadline=None, database=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(STRATEGIES[name])
    def check(payload: dict) -> None:
        # Open the scenario as a shared link in the same tab (hashchange), and
        # read the result labelled with this scenario, not whichever is shown.
        page.evaluate("(text) => { location.hash = 'input=' + encodeURIComponent(text) }", json.dumps(payload))  # type: ignore[attr-defined]
        assert result_for(page, payload) == cli(name, payload)
        seen.append(1)

    check()
    assert len(seen) >= 20


# Using the form as a person would -------------------------------------------------


def test_an_error_link_moves_to_its_field_and_loses_nothing(ready_page: tuple[object, object], calculator: str) -> None:
    page, _ = ready_page
    kept, bad = {"placement-cost": ("scenario.horizon_years", "placements[1].children"),
                 "caseload": ("target_caseload", "teams[1].fte")}[calculator]
    recalculated(page, lambda: set_field(page, kept, "5"))
    address = page.evaluate("location.href")
    outcome = recalculated(page, lambda: set_field(page, bad, "-4"))
    assert outcome["state"] == "invalid"
    page.locator("[data-calculator-errors] a").first.click()
    assert page.evaluate("document.activeElement.dataset.path") == bad
    assert page.locator(f'[data-path="{kept}"]').input_value() == "5", "following an error link reset the form"
    assert page.locator(f'[data-path="{bad}"]').input_value() == "-4"
    assert page.evaluate("location.href") == address, "the scenario left the address"


def test_the_error_list_names_fields_as_the_form_does(ready_page: tuple[object, object], calculator: str) -> None:
    page, _ = ready_page
    path, bad, name = {
        "placement-cost": ("scenario.moves[0].children", "0", "Scenario › Move 1 › Children moving: "),
        "caseload": ("teams[0].fte", "0", "Team 1 › Social workers (FTE): "),
    }[calculator]
    recalculated(page, lambda: set_field(page, path, bad))
    text = page.locator("[data-calculator-errors] li").first.text_content()
    assert text.startswith(name), text
    assert path in text  # the path the command line uses, beside it


def test_renaming_an_id_keeps_focus_and_its_references(ready_page: tuple[object, object], calculator: str) -> None:
    page, _ = ready_page
    id_path, next_path = {"placement-cost": ("placements[0].id", "placements[0].label"),
                          "caseload": ("case_types[0].id", "case_types[0].label")}[calculator]
    reveal(page, id_path)
    old = page.locator(f'[data-path="{id_path}"]').input_value()
    field = page.locator(f'[data-path="{id_path}"]')
    field.focus()
    field.fill(f"{old}-renamed")
    page.keyboard.press("Tab")
    page.wait_for_function(f"document.activeElement && document.activeElement.dataset.path === {next_path!r}")
    page.wait_for_timeout(100)  # the form is redrawn after the focus has moved
    assert page.evaluate("document.activeElement.dataset.path") == next_path, "Tab lost the focus"
    assert answer_for(page) == "computed"
    result = page_result(page)
    assert result["ok"] is True, "the references did not follow the new id"
    text = json.dumps(result["input"])
    assert f'"{old}-renamed"' in text and f'"{old}"' not in text


def test_every_form_control_has_a_name_and_a_unique_id(any_ready_page: tuple[object, object], any_calculator: str) -> None:
    page, _ = any_ready_page
    # Add one item to every list, so list items of every kind are checked.
    page.evaluate("document.querySelectorAll('.calculator-form details').forEach((d) => { d.open = true; })")
    for button in page.locator(".calculator-add:not([disabled])").all():
        button.click()
    unnamed = page.evaluate("""() => [...document.querySelectorAll('.calculator-form input, .calculator-form select, .calculator-form textarea')]
        .filter((c) => !c.labels || !c.labels.length).map((c) => c.id || c.outerHTML.slice(0, 80))""")
    assert unnamed == []
    duplicated = page.evaluate("""() => { const ids = [...document.querySelectorAll('.calculator [id]')].map((e) => e.id);
        return ids.filter((id, i) => ids.indexOf(id) !== i); }""")
    assert duplicated == []
    serious = [v["id"] for v in run_axe(page) if v["impact"] in {"serious", "critical"}]
    assert serious == []


def test_a_link_of_the_wrong_shape_falls_back_to_the_defaults(recorder: Recorder, site_server: SiteServer, calculator: str) -> None:
    wrong = {"placement-cost": {"placements": 5}, "caseload": {"teams": {"name": "A"}}}[calculator]
    page, record = recorder.open(site_server.url(CALCULATORS[calculator]) + "#input=" + quote(json.dumps(wrong)))
    status = page.locator("[data-calculator-status]").text_content()
    assert "could not be read" in status and "should be" in status and "default scenario" in status
    import calculators

    assert page_result(page)["input"] == calculators.run_json(calculator, calculators.default_input(calculator))["input"]
    assert page.locator(".calculator-form input").count() > 3, "the default form should be drawn"
    assert record.console_errors == []


def test_a_runtime_that_cannot_load_its_webassembly_says_so(recorder: Recorder, site_server: SiteServer, any_calculator: str) -> None:
    # Only the 9 MB WebAssembly file fails (a proxy that blocks .wasm, say):
    # Pyodide itself would wait for ever, so the page must notice.
    recorder.context.route("**/pyodide.asm.wasm", lambda route: route.abort())
    page, _ = recorder.open(site_server.url(CALCULATORS[any_calculator]))
    start_and_wait(page, "failed")
    status = page.locator("[data-calculator-status]").text_content()
    assert "could not start" in status and "pyodide.asm.wasm" in status


def test_the_chart_follows_the_palette(ready_page: tuple[object, object]) -> None:
    page, _ = ready_page
    read = """() => { const chart = Chart.getChart(document.querySelector('[data-calculator-chart] canvas'));
        return [chart.options.scales.y.ticks.color, getComputedStyle(document.body).getPropertyValue('--md-typeset-color').trim()]; }"""
    page.locator("[data-calculator-chart]").scroll_into_view_if_needed()  # drawn once near the screen (chart.js)
    page.wait_for_function("window.Chart && Chart.getChart(document.querySelector('[data-calculator-chart] canvas'))")
    tick, text = page.evaluate(read)
    assert tick == text
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') !== {scheme!r}")
    tick_after, text_after = page.evaluate(read)
    assert text_after != text and tick_after == text_after


def test_the_print_view_is_a_scenario_summary(ready_page: tuple[object, object], calculator: str) -> None:
    page, _ = ready_page
    recalculated(page, lambda: set_field(page, {"placement-cost": "scenario.horizon_years", "caseload": "target_caseload"}[calculator], "4"))
    # The reader has seen the chart (it is drawn once near the screen: chart.js), then prints.
    page.locator("[data-calculator-chart]").scroll_into_view_if_needed()
    page.locator("[data-calculator-chart] canvas").first.wait_for(state="attached")
    page.emulate_media(media="print")
    summary = page.locator(".calculator-print-summary")
    assert summary.is_visible()
    # Every input is printed once, with its value and origin, in the table of where each input comes from.
    rows = page.locator('[data-table="origins"] tbody tr')
    assert rows.first.is_visible()
    names = rows.locator("th").all_text_contents()
    values = rows.locator("td:nth-child(2)").all_text_contents()
    assert not any("[" in name or "_" in name for name in names), "inputs are named as the form names them"
    expected = {"placement-cost": ("Scenario › Years to model", "4 years"), "caseload": ("Target caseload", "4 cases per FTE")}[calculator]
    assert dict(zip(names, values))[expected[0]] == expected[1]
    # Defaults the reader never touched are printed too (they shaped the results).
    default_name = {"placement-cost": "Purchased residential care › Price inflation", "caseload": "Case flow (month-by-month projection) › Length of extra effort"}[calculator]
    assert default_name in names
    assert "Worked out on " in summary.text_content()
    article = page.locator("article")
    assert article.get_by_role("heading", name="Assumptions and limits").is_visible()
    assert article.locator("h2 + p + ul li").first.is_visible(), "the assumptions themselves, not only a link"
    assert not article.locator(".no-print").first.is_visible(), "the privacy note is not part of the summary"
    assert page.locator("[data-calculator-chart] canvas").first.is_visible()  # the result chart (the tornado chart follows it)
    assert page.locator("[data-calculator-form]").is_hidden()


def test_a_heading_link_on_the_page_keeps_what_was_typed(ready_page: tuple[object, object], calculator: str) -> None:
    page, _ = ready_page
    kept = {"placement-cost": "scenario.horizon_years", "caseload": "target_caseload"}[calculator]
    recalculated(page, lambda: set_field(page, kept, "6"))
    page.locator("article h2 a.headerlink").last.dispatch_event("click")  # the ¶ shown on hover
    page.wait_for_function("location.hash && !location.hash.startsWith('#input=')")
    page.wait_for_timeout(300)
    assert page.locator(f'[data-path="{kept}"]').input_value() == "6", "a same-page link reset the calculator"


def test_the_scenario_survives_a_visit_to_the_method_page(ready_page: tuple[object, object], calculator: str) -> None:
    page, _ = ready_page
    kept = {"placement-cost": "scenario.horizon_years", "caseload": "target_caseload"}[calculator]
    recalculated(page, lambda: set_field(page, kept, "7"))
    method = {"placement-cost": "placement cost method page", "caseload": "caseload method page"}[calculator]
    page.locator("article").get_by_role("link", name=method).first.click()
    page.wait_for_url("**/reference/**")
    page.go_back()
    page.wait_for_url(f"**{CALCULATORS[calculator]}**")
    assert answer_for(page) == "computed"
    assert page.locator(f'[data-path="{kept}"]').input_value() == "7"
    page.wait_for_function("document.querySelector('[data-calculator-scenario]').textContent.includes('calculated in this browser')")



def test_the_scenario_is_kept_when_the_page_is_reached_by_a_link(ready_page: tuple[object, object], calculator: str) -> None:
    page, _ = ready_page
    kept = {"placement-cost": "scenario.horizon_years", "caseload": "target_caseload"}[calculator]
    recalculated(page, lambda: set_field(page, kept, "8"))
    # Through the tabs: the address that comes back holds no #input=.
    click_through_to(page, calculator)
    assert answer_for(page) == "computed"
    assert page.locator(f'[data-path="{kept}"]').input_value() == "8"
    assert "earlier in this visit" in page.locator("[data-calculator-scenario]").text_content()
