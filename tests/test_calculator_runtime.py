"""When the Python runtime loads, and what the page says when it cannot.

A reader who only reads a calculator page downloads no Python (issue 16,
goal 1): the runtime starts on the first sign of intent. A download that
stalls ends with a message and a Retry button, while the page keeps saying
which inputs the figures shown belong to (issue 18, item 6). Each way the
runtime can fail to arrive gets a plain sentence, never a Python traceback
or a JavaScript parser's complaint (issue 18, item 13).
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from conftest import Recorder, SiteServer
from test_calculator_pages import (
    READY_TIMEOUT,
    answer_for,
    click_through_to,
    give_intent,
    recalculated,
    set_field,
    start_and_wait,
    wait_for_state,
)

import calculators

pytestmark = pytest.mark.browser

PAGE = "/calculators/placement-cost/"
FIELD = "placements[0].children"
# What a page that calculates downloads, beyond the page itself: the worker,
# Pyodide's files and the calculators wheel (hooks/calculator_pages.py).
RUNTIME = re.compile(r"/calculator/worker\.js|/pyodide/|\.wasm|python_stdlib|pyodide-lock|\.whl")
# runtime.js STALL_MS: silence this long while loading is a stalled download.
STALL_S = 30


def file_is(suffix: str):
    """A route's URL matcher: the file's path ends with ``suffix`` (a glob such as
    ``**/*.whl`` would also match the worker's address, whose query names the wheel)."""
    return lambda url: urlsplit(url).path.endswith(suffix)


def runtime_requests(record: object) -> list[str]:
    return [url for url in record.requests if RUNTIME.search(url)]  # type: ignore[attr-defined]


def status(page: object) -> str:
    return page.locator("[data-calculator-status]").text_content()  # type: ignore[attr-defined]


# Goal 1: a reader pays nothing ---------------------------------------------------


def test_reading_a_calculator_page_downloads_no_python(recorder: Recorder, site_server: SiteServer) -> None:
    page, record = recorder.open(site_server.url(PAGE))
    page.locator(".calculator-form").wait_for()
    wait_for_state(page, "prerendered")
    # Read and scroll down the whole page, over the results, and back up.
    for _ in range(6):
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(300)
    page.keyboard.press("End")
    page.wait_for_timeout(1500)
    assert runtime_requests(record) == []
    # The page says what starts the live calculation.
    assert "Live recalculation starts when you use the form" in status(page)
    assert page.locator("[data-calculator-progress]").is_hidden()
    # First sign of intent: focus a field. Python loads, and an edit is calculated.
    give_intent(page)
    wait_for_state(page, "ready")
    assert any(url.endswith("pyodide.asm.wasm") for url in runtime_requests(record))
    set_field(page, FIELD, "7")
    assert answer_for(page) == "computed"
    label = json.loads(page.locator("[data-calculator-result]").get_attribute("data-input"))
    assert label["placements"][0]["children"] == 7
    assert record.console_errors == [] and record.external == []


def test_a_shared_link_starts_the_runtime_at_once(recorder: Recorder, site_server: SiteServer) -> None:
    payload = calculators.default_input("placement-cost")
    payload["placements"][0]["children"] = 9
    page, record = recorder.open(site_server.url(PAGE + "#input=" + quote(json.dumps(payload))))
    # No interaction at all: the link itself is the intent.
    assert answer_for(page, payload) == "computed"
    assert runtime_requests(record)


def test_a_page_without_a_calculator_downloads_no_python(recorder: Recorder, site_server: SiteServer) -> None:
    page, record = recorder.open(site_server.url("/glossary/"))
    page.wait_for_load_state("networkidle")
    assert runtime_requests(record) == []


# Issue 18 item 6: a stalled download ------------------------------------------------


def _stall_first(pattern: object, recorder: Recorder) -> list:
    """The first request matching ``pattern`` never gets an answer (a stalled
    connection); later ones go through, as after a successful retry."""
    held: list = []

    def handle(route: object) -> None:
        if not held:
            held.append(route)  # never fulfilled
        else:
            route.continue_()  # type: ignore[attr-defined]

    recorder.context.route(pattern, handle)
    return held


@pytest.mark.parametrize("suffix", ["/pyodide.asm.wasm", ".whl"], ids=["wasm", "wheel"])
def test_a_stalled_download_times_out_and_can_be_retried(recorder: Recorder, site_server: SiteServer, suffix: str) -> None:
    held = _stall_first(file_is(suffix), recorder)
    # The page's timers on a clock the test can move on (time still passes as
    # usual): the 30 s of silence are skipped once the download is held,
    # rather than waited out. The worker's own clock is not faked.
    recorder.context.clock.install()
    page, record = recorder.open(site_server.url(PAGE))
    page.locator(f'[data-path="{FIELD}"]').wait_for(state="attached")  # in a section that opens: set_field opens it
    default_label = page.locator("[data-calculator-result]").get_attribute("data-input")
    set_field(page, FIELD, "41")
    # While it waits, and after it gives up, the page says the figures are the default scenario's.
    line = page.locator("[data-calculator-freshness]")
    assert "default scenario" in line.text_content()
    assert "default scenario" in status(page)
    _wait_for(page, lambda: held, what="the held download to be asked for")
    page.wait_for_timeout(1000)  # what still arrives restarts the watchdog; a restart after the skip waits out real time
    page.clock.fast_forward(STALL_S * 1000)
    page.wait_for_selector(".calculator[data-calculator-state=failed]", state="attached", timeout=(STALL_S + 30) * 1000)
    assert len(held) == 1
    assert "stalled" in status(page) and "default scenario" in status(page)
    assert "default scenario" in line.text_content()
    assert page.locator(".calculator-results").get_attribute("data-freshness") == "failed"
    assert page.locator("[data-calculator-result]").get_attribute("data-input") == default_label
    # Retry: a new download, which goes through this time, and the edit is calculated.
    retry = page.get_by_role("button", name="Retry starting the calculator")
    assert retry.is_visible()
    retry.click()
    assert answer_for(page) == "computed"
    label = json.loads(page.locator("[data-calculator-result]").get_attribute("data-input"))
    assert label["placements"][0]["children"] == 41
    assert page.locator("[data-calculator-retry]").count() == 0
    assert page.locator(".calculator-results").get_attribute("data-freshness") == "current"


def _wait_for(page: object, condition: object, what: str, timeout_s: float = 90) -> None:
    """Waits for a condition on the test's side (Playwright's waits let its route handlers run; time.sleep would not)."""
    deadline = time.monotonic() + timeout_s
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s:.0f} s waiting for {what}")
        page.wait_for_timeout(100)  # type: ignore[attr-defined]


# Issue 18 item 13: plain failure messages --------------------------------------------


def _failed_status(recorder: Recorder, site_server: SiteServer, pattern: object, **fulfil: object) -> str:
    recorder.context.route(pattern, lambda route: route.fulfill(**fulfil))
    page, _ = recorder.open(site_server.url(PAGE))
    page.locator(".calculator-form").wait_for()
    start_and_wait(page, "failed")
    text = status(page)
    # Whatever failed, the page says the figures are the build's default ones, in words only.
    assert "default scenario" in text
    assert "Traceback" not in text and "File \"" not in text and "Unexpected token" not in text
    return text


def test_a_damaged_wheel_is_reported_without_a_traceback(recorder: Recorder, site_server: SiteServer) -> None:
    # Not a zip file at all: Python's unpacking raises with a long traceback.
    text = _failed_status(recorder, site_server, file_is(".whl"), status=200, body=b"PK\x03\x04 not really a wheel",
                          content_type="application/zip")
    assert "is damaged and could not be opened" in text
    assert re.search(r"calculators-[^ ]+\.whl", text)


def test_a_missing_standard_library_is_named(recorder: Recorder, site_server: SiteServer) -> None:
    # Pyodide itself says only "Program terminated with exit(1)".
    text = _failed_status(recorder, site_server, file_is("/python_stdlib.zip"), status=404, body="not found")
    assert "could not download python_stdlib.zip (404" in text
    assert "exit(1)" not in text


def test_a_missing_lock_file_is_named(recorder: Recorder, site_server: SiteServer) -> None:
    # The server's 404 page is HTML; Pyodide would report the JSON parser's "Unexpected token '<'".
    text = _failed_status(recorder, site_server, file_is("/pyodide-lock.json"), status=404, body="<!doctype html><p>Not found</p>",
                          content_type="text/html")
    assert "could not download pyodide-lock.json (404" in text


def test_a_missing_page_script_says_so_and_not_turn_on_javascript(recorder: Recorder, site_server: SiteServer) -> None:
    recorder.context.route(file_is("/javascripts/calculator/page.js"), lambda route: route.fulfill(status=404, body="not found"))
    page, record = recorder.open(site_server.url(PAGE))
    page.wait_for_selector(".calculator[data-calculator-state=no-script]", state="attached", timeout=15_000)
    text = status(page)
    assert "page script could not be loaded" in text and "default scenario" in text
    # JavaScript is on: the <noscript> advice must not show.
    assert "Turn on JavaScript" not in page.locator(".calculator").inner_text()
    # The figures stay; nothing of Python is downloaded for a form that cannot be used.
    assert page.locator("[data-calculator-tables] table").count() >= 1
    page.wait_for_timeout(1000)
    assert runtime_requests(record) == []


# Issue 30, item 1 (the page's half): when Python dies in the worker (a fatal
# error in Pyodide), the page ends that worker, starts another, says so in
# plain words and keeps calculating on every calculator page of the visit.
# Before the fix the page showed the raw "RangeError: Maximum call stack size
# exceeded" and every later calculation failed with "Pyodide already fatally
# failed" until the tab was closed.
#
# Python is killed on purpose the way a deeply nested profile killed it:
# json.loads recursing in C on 50,000 nested lists overflows the stack. The
# test serves the worker script with one more entry in its table of calls
# (worker.js CALLS), so the site itself has no hook for it; the profile
# reader's own depth check (issue 30, item 1, the Python half) means a real
# profile no longer gets there.
KILL_CALL = '\n// Added by the test: a call that kills Python.\nCALLS.__kill_python__ = "import json\\njson.loads";\n'
_KILL = """async (text) => {
  const worker = new URL(document.querySelector('.calculator').getAttribute('data-worker-url'), document.baseURI);
  const runtime = await import(new URL(`runtime.js?v=${worker.searchParams.get('v')}`, worker).href);
  return JSON.parse((await runtime.callInWorker('__kill_python__', text)).output);
}"""


def _with_kill_call(route: object) -> None:
    response = route.fetch()  # type: ignore[attr-defined]
    route.fulfill(response=response, body=response.text() + KILL_CALL)  # type: ignore[attr-defined]


def test_the_page_recovers_when_python_dies(recorder: Recorder, site_server: SiteServer) -> None:
    recorder.context.route(file_is("/javascripts/calculator/worker.js"), _with_kill_call)
    page, record = recorder.open(site_server.url(PAGE))
    start_and_wait(page, "ready")
    answer = page.evaluate(_KILL, "[" * 50_000 + "]" * 50_000)
    # The calculation that killed it is answered in words, not with the JavaScript error.
    assert answer["ok"] is False
    message = answer["errors"][0]["message"]
    assert "stopped working" in message and "started again" in message, message
    assert "Error" not in message and "fatal" not in message, message
    # The status line says so, and the calculator is ready again.
    page.wait_for_function("document.querySelector('[data-calculator-status]').textContent.includes('has been started again')",
                           timeout=READY_TIMEOUT)
    wait_for_state(page, "ready")
    assert "Error" not in status(page), status(page)
    # Calculating works, here and on another calculator page reached by a link (one Python per visit).
    assert recalculated(page, lambda: set_field(page, FIELD, "7"))["state"] == "computed"
    page.evaluate("window.__sameDocument = true")
    click_through_to(page, "caseload")
    assert page.evaluate("window.__sameDocument") is True, "a full page load would start a new worker anyway"
    give_intent(page)
    wait_for_state(page, "ready", "computed")
    assert recalculated(page, lambda: set_field(page, "target_caseload", "15"))["state"] == "computed"
    # Pyodide's own report of the fatal error (caused on purpose) is the only console error.
    assert [e for e in record.console_errors if "fatal error" not in e and "The cause of the fatal error" not in e
            and "Maximum call stack" not in e] == [], record.console_errors


def _pyodide_fatal_report(line: str) -> bool:
    """Pyodide's own console report of a fatal error."""
    return "fatal error" in line or "Maximum call stack" in line


def test_a_deeply_nested_profile_leaves_every_calculator_working(recorder: Recorder, site_server: SiteServer, tmp_path: Path) -> None:
    # The profile: 10 kB, {"rows": then 5,000 "[" (issue 30, item 1). The profile
    # reader refuses it as nested too deeply (the Python half) or, where Python dies on it,
    # the page starts Python again (this half): either way a message in words, and the
    # calculators keep working on every page.
    from test_calculator_profiles import PAGES, load_profile

    deep = tmp_path / "deep.json"
    deep.write_text('{"rows": ' + "[" * 5_000, encoding="utf-8")
    page, record = recorder.open(site_server.url(PAGES["invest-to-save"]))
    start_and_wait(page, "ready")
    load_profile(page, "invest-to-save", deep)
    text = page.locator(".calculator-profile-errors").inner_text()
    assert "The profile deep.json was not used" in text, text
    assert "nested too deeply" in text or "stopped working" in text, text
    assert "RangeError" not in page.locator(".calculator").inner_text()
    wait_for_state(page, "ready", "computed")
    assert recalculated(page, lambda: set_field(page, "intervention.families_per_year", "7"))["state"] == "computed"
    page.evaluate("window.__sameDocument = true")
    click_through_to(page, "caseload")
    assert page.evaluate("window.__sameDocument") is True
    give_intent(page)
    wait_for_state(page, "ready", "computed")
    assert recalculated(page, lambda: set_field(page, "target_caseload", "15"))["state"] == "computed"
    assert [e for e in record.console_errors if not _pyodide_fatal_report(e)] == [], record.console_errors
