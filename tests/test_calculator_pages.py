"""The calculators in the browser: Pyodide in a Web Worker on the built site.

Every registered calculator's page is checked as an officer would use it:
the default results show before Python loads; editing an input recalculates;
an invalid entry is named next to its field and kept as typed; a shared link
restores the scenario; the CSV download matches the table; the print view is
the scenario summary. The tests name no calculator and no field: the inputs
they type into come from each calculator's own declaration
(tests/calculator_fields.py). Each calculator's page is opened once with
Python for everything a reader does with the form, in one test, so that a
new calculator costs the suite one runtime start here. The browser's result
for presets and random scenarios against the command line's is
tests/test_calculator_parity.py.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import ROOT, BuiltSite, Recorder, SiteServer, run_axe
from calculator_fields import fields

import calculators
from calculators import registry
from calculators._paths import set_value

pytestmark = pytest.mark.browser

#: Every registered calculator's page.
CALCULATORS = {name: f"/calculators/{name}/" for name in registry.names()}
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


@pytest.fixture(params=registry.names())
def calculator(request: pytest.FixtureRequest) -> str:
    return request.param


def value_at(data: dict, path: str) -> object:
    """The value at an input path such as ``teams[0].fte`` in an input."""
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        data = data[int(part[1:-1])] if part.startswith("[") else data[part]  # type: ignore[index]
    return data


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
    # Labelled with the inputs it was worked out from: the default scenario.
    import calculators

    label = page.locator("[data-calculator-result]").get_attribute("data-input")
    assert json.loads(label) == calculators.default_input(calculator)
    first_table = expected["result"]["tables"][0]
    rows = page.locator(f'[data-table="{first_table["id"]}"] tbody tr')
    assert rows.count() == len(first_table["rows"])
    start_and_wait(page, "failed")
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
        # The pages that compute: the calculators, and the business case (class="calculator business-case"),
        # which starts the same runtime from its own script.
        computes = re.search(r'class="calculator[ "]', text) is not None
        assert ("calculator/page.js" in text) == has_calculator, page
        assert "pyodide" not in text.lower() or computes, page


# With Python -----------------------------------------------------------------


def test_the_form_as_an_officer_uses_it(recorder: Recorder, site_server: SiteServer, calculator: str) -> None:
    """Everything a reader does with one calculator's form, in order, on one page with one runtime start:
    an edit before Python is ready, an edit after, the CSV, a wrong entry and its error link, a shared
    link, a heading link, the palette, the print view, a visit to the method page and back, a return by
    the tabs, a renamed id, and every control named. The inputs typed into are the calculator's own
    (tests/calculator_fields.py): ``kept`` takes a new whole number at each step, ``bad`` the wrong entries."""
    declared = fields(calculator)
    kept, bad, values = declared.kept, declared.bad, iter(declared.values)
    page, record = _held_edit_is_not_shown_as_current(recorder, site_server, calculator, kept, next(values))
    _an_edit_recalculates(page, calculator, kept, next(values))
    _the_csv_download_matches_the_table(page)
    _a_wrong_entry_is_named_at_its_field_and_kept(page, calculator, bad)
    _an_error_link_moves_to_its_field_and_loses_nothing(page, calculator, kept, bad)
    _a_share_link_round_trips(page, recorder, site_server, kept, next(values))
    _a_heading_link_keeps_what_was_typed(page, kept)
    if calculators.presentation(calculator)["chart"]:
        _the_chart_follows_the_palette(page)
    _the_print_view_is_a_scenario_summary(page, calculator, kept, next(values))
    _the_scenario_survives_a_visit_to_the_method_page(page, calculator, kept, next(values))
    _the_scenario_is_kept_when_the_page_is_reached_by_a_link(page, calculator, kept, next(values))
    if declared.ids:
        _renaming_an_id_keeps_focus_and_its_references(page, *declared.ids[1:])
    _every_form_control_has_a_name_and_a_unique_id(page)
    assert record.console_errors == [], record.console_errors
    assert record.external == [], record.external


def _held_edit_is_not_shown_as_current(recorder: Recorder, site_server: SiteServer, calculator: str, path: str, value: int) -> tuple[object, object]:
    # Hold the runtime back, as a slow connection would, so that an edit
    # waits for Python: the figures on screen are then the prerendered
    # default's, and the page must say so (in a live region) until the
    # result for the edited inputs replaces them.
    held: list = []
    recorder.context.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    page, record = recorder.open(site_server.url(CALCULATORS[calculator]))
    page.locator(".calculator-form :is(input, select)").first.wait_for(state="attached")
    default_label = page.locator("[data-calculator-result]").get_attribute("data-input")
    assert page.locator(".calculator-results").get_attribute("data-freshness") == "current"
    set_field(page, path, str(value))
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
    recorder.context.unroute("**/pyodide.asm.wasm")  # a second page (the shared link) loads it freely
    for route in held:
        route.continue_()
    assert answer_for(page) == "computed"
    label = json.loads(page.locator("[data-calculator-result]").get_attribute("data-input"))
    assert value_at(label, path) == value
    assert results.get_attribute("data-freshness") == "current"
    assert line.text_content() == ""
    assert page.locator("[data-calculator-tables]").get_attribute("aria-busy") == "false"
    return page, record


def _an_edit_recalculates(page: object, calculator: str, path: str, value: int) -> None:
    outcome = recalculated(page, lambda: set_field(page, path, str(value)))
    assert outcome == {"changed": True, "state": "computed"}
    label = json.loads(page.locator("[data-calculator-result]").get_attribute("data-input"))
    assert value_at(label, path) == value, "the result must be labelled with the input typed"
    assert page.locator(".calculator-results").get_attribute("data-freshness") == "current"
    result = page_result(page)
    assert result["ok"] is True
    assert result == cli(calculator, result["input"]), "the browser's result must be the command line's"
    # Spoken once typing pauses, not at each keystroke.
    page.wait_for_function("document.querySelector('[data-calculator-status]').textContent.startsWith('Results updated.')")


def _the_csv_download_matches_the_table(page: object) -> None:
    table = page_result(page)["result"]["tables"][0]
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


def _a_wrong_entry_is_named_at_its_field_and_kept(page: object, calculator: str, path: str) -> None:
    last_valid = page_result(page)["input"]
    outcome = recalculated(page, lambda: set_field(page, path, "twelve"))
    assert outcome["state"] == "invalid"
    field = page.locator(f'[data-path="{path}"]')
    assert field.input_value() == "twelve", "what was typed must stay"
    assert field.get_attribute("aria-invalid") == "true"
    error = page.locator(f"#{field.get_attribute('id')}-error")
    assert error.is_visible()
    # The same entry through the command line gives the same message.
    set_value(last_valid, path, "twelve")
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


def _an_error_link_moves_to_its_field_and_loses_nothing(page: object, calculator: str, kept: str, bad: str) -> None:
    typed = page.locator(f'[data-path="{kept}"]').input_value()
    address = page.evaluate("location.href")
    outcome = recalculated(page, lambda: set_field(page, bad, "-4"))
    assert outcome["state"] == "invalid"
    # The error list names the field as the form does, with the path the command line uses beside it.
    text = page.locator("[data-calculator-errors] li").first.text_content()
    name = text.split(": ", 1)[0]
    label = next(row["label"] for row in calculators.input_spec(calculator)["fields"] if row["path"] == re.sub(r"\[\d+\]", "[]", bad))
    assert name.endswith(label) and not any(mark in name for mark in "[_"), text
    assert bad in text
    page.locator("[data-calculator-errors] a").first.click()
    assert page.evaluate("document.activeElement.dataset.path") == bad
    assert page.locator(f'[data-path="{kept}"]').input_value() == typed, "following an error link reset the form"
    assert page.locator(f'[data-path="{bad}"]').input_value() == "-4"
    assert page.evaluate("location.href") == address, "the scenario left the address"
    # Put the default's figure back: the rest of the test works on a valid scenario.
    default = value_at(calculators.default_input(calculator), bad)
    assert recalculated(page, lambda: set_field(page, bad, str(default)))["state"] == "computed"
    # Leave the field, as a reader moves on: its change is handled (the form may be redrawn) before the next edit.
    page.evaluate("document.activeElement.blur()")
    assert answer_for(page) == "computed"


def _a_share_link_round_trips(page: object, recorder: Recorder, site_server: SiteServer, path: str, value: int) -> None:
    outcome = recalculated(page, lambda: set_field(page, path, str(value)))
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
    assert second.locator(f'[data-path="{path}"]').input_value() == str(value)
    assert page_result(second) == shared
    assert record.console_errors == []
    second.close()
    page.bring_to_front()


def shared_input(link: str) -> dict:
    """The inputs a scenario link carries after #input=."""
    from urllib.parse import unquote

    return json.loads(unquote(link.split("#input=", 1)[1]))


def test_a_malformed_link_falls_back_to_the_defaults(recorder: Recorder, site_server: SiteServer, calculator: str) -> None:
    page, record = recorder.open(site_server.url(CALCULATORS[calculator]) + "#input=" + quote("{not json"))
    status = page.locator("[data-calculator-status]")
    assert "could not be read" in status.text_content()
    assert "default scenario" in status.text_content()
    import calculators

    assert page_result(page)["input"] == calculators.run_json(calculator, calculators.default_input(calculator))["input"]
    assert record.console_errors == []


def test_reaching_each_calculator_by_clicking_from_the_home_page(recorder: Recorder, site_server: SiteServer) -> None:
    page, record = recorder.open(site_server.url("/"))
    # A mark on the window survives only if no click reloads the page: Material's
    # instant navigation swaps the content in place (it needs sitemap.xml to
    # list the pages at this address; the suite builds the site for it).
    page.evaluate("window.__sameDocument = true")
    for calculator in registry.names():
        # On to each calculator by a click: the same worker, so Python is started once for the visit.
        click_through_to(page, calculator)
        start_and_wait(page, "ready")
        declared = fields(calculator)
        outcome = recalculated(page, lambda: set_field(page, declared.kept, str(declared.values[0])))
        assert outcome == {"changed": True, "state": "computed"}, calculator
        assert page.evaluate("window.__sameDocument") is True, "a click reloaded the page: instant navigation is off"
    runtime_fetches = [url for url in record.requests if url.endswith("pyodide.asm.wasm")]
    assert len(runtime_fetches) == 1, runtime_fetches
    assert record.console_errors == []
    assert record.external == []


# Using the form as a person would -------------------------------------------------


def _renaming_an_id_keeps_focus_and_its_references(page: object, id_path: str, next_path: str) -> None:
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


def _every_form_control_has_a_name_and_a_unique_id(page: object) -> None:
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
    wrong = fields(calculator).wrong_shape  # a number where the calculator has a list or a group of inputs
    page, record = recorder.open(site_server.url(CALCULATORS[calculator]) + "#input=" + quote(json.dumps(wrong)))
    status = page.locator("[data-calculator-status]").text_content()
    assert "could not be read" in status and "should be" in status and "default scenario" in status
    assert page_result(page)["input"] == calculators.run_json(calculator, calculators.default_input(calculator))["input"]
    assert page.locator(".calculator-form input").count() > 3, "the default form should be drawn"
    assert record.console_errors == []


def test_a_runtime_that_cannot_load_its_webassembly_says_so(recorder: Recorder, site_server: SiteServer, calculator: str) -> None:
    # Only the 9 MB WebAssembly file fails (a proxy that blocks .wasm, say):
    # Pyodide itself would wait for ever, so the page must notice.
    recorder.context.route("**/pyodide.asm.wasm", lambda route: route.abort())
    page, _ = recorder.open(site_server.url(CALCULATORS[calculator]))
    start_and_wait(page, "failed")
    status = page.locator("[data-calculator-status]").text_content()
    assert "could not start" in status and "pyodide.asm.wasm" in status


def _the_chart_follows_the_palette(page: object) -> None:
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


def _the_print_view_is_a_scenario_summary(page: object, calculator: str, path: str, value: int) -> None:
    recalculated(page, lambda: set_field(page, path, str(value)))
    charted = page.locator("[data-calculator-chart]").is_visible()  # a scenario may have nothing to chart
    if charted:
        chart = page.locator("[data-calculator-chart]")
        # The reader has seen the chart (it is drawn once near the screen: chart.js), then prints.
        chart.scroll_into_view_if_needed()
        page.locator("[data-calculator-chart] canvas").first.wait_for(state="attached")
    page.emulate_media(media="print")
    summary = page.locator(".calculator-print-summary")
    assert summary.is_visible()
    # Every input is printed once, with its value, in the table of where each input comes from:
    # the command line's table for the same input, the typed figure and the defaults the reader
    # never touched (they shaped the results) among them.
    expected = next(t for t in cli(calculator, page_result(page)["input"])["result"]["tables"] if t["id"] == "origins")
    rows = page.locator('[data-table="origins"] tbody tr')
    assert rows.first.is_visible()
    names = rows.locator("th").all_text_contents()
    values = rows.locator("td:nth-child(2)").all_text_contents()
    assert names == [row["input"] for row in expected["rows"]]
    assert values == [row["value_text"] for row in expected["rows"]]
    assert not any("[" in name or "_" in name for name in names), "inputs are named as the form names them"
    label = names[[item["path"] for item in page_result(page)["result"]["origin"]["inputs"]].index(path)]
    assert str(value) in dict(zip(names, values))[label], "the figure typed is printed"
    assert "Worked out on " in summary.text_content()
    article = page.locator("article")
    assumptions = article.get_by_role("heading", name="Assumptions and limits")
    if assumptions.count():  # the page states its assumptions: printed, not only a link
        assert assumptions.is_visible()
        assert article.locator("h2 + p + ul li").first.is_visible(), "the assumptions themselves, not only a link"
    assert not article.locator(".no-print").first.is_visible(), "the privacy note is not part of the summary"
    if charted:
        assert page.locator("[data-calculator-chart] canvas").first.is_visible()  # the result chart (the tornado chart follows it)
    assert page.locator("[data-calculator-form]").is_hidden()
    page.emulate_media(media="screen")


def _a_heading_link_keeps_what_was_typed(page: object, path: str) -> None:
    typed = page.locator(f'[data-path="{path}"]').input_value()
    page.locator("article h2 a.headerlink").last.dispatch_event("click")  # the ¶ shown on hover
    page.wait_for_function("location.hash && !location.hash.startsWith('#input=')")
    page.wait_for_timeout(300)
    assert page.locator(f'[data-path="{path}"]').input_value() == typed, "a same-page link reset the calculator"


def _the_scenario_survives_a_visit_to_the_method_page(page: object, calculator: str, path: str, value: int) -> None:
    recalculated(page, lambda: set_field(page, path, str(value)))
    page.locator(f'article a[href*="reference/{calculator}/"]').first.click()
    page.wait_for_url("**/reference/**")
    page.go_back()
    page.wait_for_url(f"**{CALCULATORS[calculator]}**")
    assert answer_for(page) == "computed"
    assert page.locator(f'[data-path="{path}"]').input_value() == str(value)
    page.wait_for_function("document.querySelector('[data-calculator-scenario]').textContent.includes('calculated in this browser')")


def _the_scenario_is_kept_when_the_page_is_reached_by_a_link(page: object, calculator: str, path: str, value: int) -> None:
    recalculated(page, lambda: set_field(page, path, str(value)))
    # Through the tabs: the address that comes back holds no #input=.
    click_through_to(page, calculator)
    assert answer_for(page) == "computed"
    assert page.locator(f'[data-path="{path}"]').input_value() == str(value)
    assert "earlier in this visit" in page.locator("[data-calculator-scenario]").text_content()
