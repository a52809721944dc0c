"""Hostile profiles and slow scenarios in the browser (the calculator half of issue 30, "Done when").

On every calculator page: a deeply nested JSON profile (it killed the
browser's Python for the rest of the visit: "Maximum call stack size
exceeded"), a huge file and a profile with other scripts' digits are each
refused with a message, the page answers the test's scripts all the while,
and the calculator keeps working afterwards. On the placement-cost page, a
valid scenario that kept the calculator busy for half a minute: the
headline of a newer edit comes first, the older analysis is dropped, and the
results say where the bounded analysis stopped.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import Recorder, SiteServer
from slow_inputs import slow_placement_cost
from test_calculator_pages import READY_TIMEOUT, answer_for, give_intent, page_result, set_field, wait_for_state

import calculators
from calculators import profile, sensitivity

pytestmark = pytest.mark.browser

NAMES = list(calculators.list_calculators())
RESPONSIVE_S = 1.0  # the median script round-trip to the page's thread (as in test_hostile_links.py)
STATUS = ".calculator-profile-status"


def page_of(name: str) -> str:
    return f"/calculators/{name}/"


def round_trips(page: object, count: int = 8) -> list[float]:
    """Seconds for each of ``count`` script round-trips to the page's main thread."""
    times = []
    for _ in range(count):
        started = time.perf_counter()
        page.evaluate("document.querySelectorAll('input').length")  # type: ignore[attr-defined]
        times.append(time.perf_counter() - started)
        time.sleep(0.05)
    return times


def a_number_field(name: str) -> tuple[str, float]:
    """The first number input of the calculator's default preset (its fields as the template lists them), and its value."""
    from test_calculator_profiles import preset_rows

    return next((row["field"], row["value"]) for row in preset_rows(name)
                if isinstance(row["value"], (int, float)) and not isinstance(row["value"], bool) and row["value"] > 1)


def hostile_profiles(name: str, folder: Path) -> dict[str, tuple[Path, str]]:
    """Files to choose under "Use my council's figures", and words the refusal must hold."""
    field, _ = a_number_field(name)
    files = {
        "deep.json": ('{"rows": ' + "[" * 5000 + "]" * 5000 + "}", "nested too deeply"),
        "huge.csv": ("calculator,field,value\n" + " " * 5_000_000, "bytes long"),
        "digits.csv": (f"calculator,field,value\n{name},{field},٣٤\n", "not the text '٣٤'"),
    }
    out = {}
    for filename, (text, words) in files.items():
        path = folder / filename
        path.write_text(text, encoding="utf-8")
        out[filename] = (path, words)
    return out


@pytest.mark.parametrize("name", NAMES)
def test_hostile_profiles_are_refused_and_the_page_keeps_working(recorder: Recorder, site_server: SiteServer, name: str, tmp_path: Path) -> None:
    page, record = recorder.open(site_server.url(page_of(name)))
    give_intent(page)
    wait_for_state(page, "ready")
    for filename, (path, words) in hostile_profiles(name, tmp_path).items():
        page.set_input_files(f"#calc-{name}-profile-file", str(path))  # type: ignore[attr-defined]
        page.wait_for_function("(f) => document.querySelector('.calculator-profile-status').textContent.includes(`${f} was not used`)",
                               arg=filename, timeout=READY_TIMEOUT)
        refusal = page.locator(".calculator").text_content()  # type: ignore[attr-defined]
        assert words in refusal, f"{filename}: {words!r} is not in the page's message"
        assert "Pyodide" not in refusal and "RangeError" not in refusal and "Traceback" not in refusal
        times = round_trips(page)
        assert statistics.median(times) < RESPONSIVE_S, f"{filename}: round-trips {times}"
    # Python is alive after all three: an edit is calculated, with every figure for it.
    field, value = a_number_field(name)
    set_field(page, field, str(value + 1))
    assert answer_for(page) == "computed"
    assert "could not start" not in page.locator("[data-calculator-status]").text_content()  # type: ignore[attr-defined]
    fatal = [e for e in record.console_errors if any(w in e for w in ("Pyodide", "RangeError", "Maximum call stack"))]
    assert not fatal, fatal


def test_a_slow_scenario_gives_way_to_a_newer_edit_and_says_where_it_stopped(recorder: Recorder, site_server: SiteServer) -> None:
    slow = slow_placement_cost()
    page, _ = recorder.open(site_server.url(page_of("placement-cost")) + "#input=" + quote(json.dumps(slow)))
    # The link is calculated at once: the quick answer (headline) first, then the analysis, a slice at a time.
    page.wait_for_function("document.querySelector('.calculator').dataset.calculatorQuickMs !== undefined", timeout=READY_TIMEOUT)  # type: ignore[attr-defined]
    # While the analysis works, the page answers at once ...
    times = round_trips(page)
    assert statistics.median(times) < RESPONSIVE_S, times
    # ... and an edit made now has its headline within seconds, not after the older analysis. The page
    # marks the quick answer (the headline) with data-calculator-latency-ms: cleared here, it comes back
    # when the headline for the edited figures is on screen.
    page.evaluate("() => { delete document.querySelector('.calculator').dataset.calculatorLatencyMs; }")  # type: ignore[attr-defined]
    edited_at = time.perf_counter()
    set_field(page, "placements[0].children", "1001")
    page.wait_for_function("() => document.querySelector('.calculator').dataset.calculatorLatencyMs !== undefined",  # type: ignore[attr-defined]
                           timeout=READY_TIMEOUT)
    headline_s = time.perf_counter() - edited_at
    assert answer_for(page) == "computed"
    total_s = time.perf_counter() - edited_at
    shown = page_result(page)
    assert shown["input"]["placements"][0]["children"] == 1001
    drivers = shown["result"]["drivers"]
    assert drivers["runs"] == sensitivity.MAX_RUNS and drivers["limit_reached"]
    tables = page.locator("[data-calculator-tables]").text_content()  # type: ignore[attr-defined]
    assert f"Stopped after {sensitivity.MAX_RUNS:,} runs of the model" in tables
    beside_chart = page.locator("[data-tornado-limit]").text_content()  # type: ignore[attr-defined]
    assert beside_chart == drivers["limit_reached"]
    # The headline did not wait for an analysis: it came in well under the time one analysis takes here.
    analysis_s = float(page.locator(".calculator").get_attribute("data-calculator-ms")) / 1000  # type: ignore[attr-defined]
    assert headline_s < analysis_s / 2, (headline_s, analysis_s, total_s)
    # And it keeps working: another edit is calculated too.
    set_field(page, "title", "Edited again")
    assert answer_for(page) == "computed"
