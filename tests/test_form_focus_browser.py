"""The form is drawn again after an edit, and the reader's place in it survives.

The first edit of a preset (and some others: months, ids) redraws the whole
form a moment after the reader has pressed Tab (form.js ``render``). Before
this test, the redraw dropped the focus to the page when Tab had reached a
section's heading (a ``<summary>`` has no id to find it by), and dropped the
selection Tab makes in a text field, so typing went in front of the old text
("7all-placements" where the reader typed "7" over "all-placements"). Found
by the care forecast's page test; true on every calculator page.

For every registered calculator: change the input the page tests change
(tests/calculator_fields.py), press Tab, wait for the redraw, and check that
focus is where Tab put it, and that typing into a text field replaces it.
No Python is needed: the redraw is the page's own.
"""

from __future__ import annotations

import pytest
from calculator_fields import fields
from conftest import Recorder, SiteServer

from calculators import registry

pytestmark = pytest.mark.browser

#: What has focus, in words a failure message can show: the control's id, or the section heading's text.
FOCUSED = """() => { const a = document.activeElement;
  return { id: a.id, tag: a.tagName, text: a.tagName === 'SUMMARY' ? a.textContent : null, inForm: !!a.closest('.calculator-form'),
           value: a.value ?? null, start: a.selectionStart ?? null, end: a.selectionEnd ?? null }; }"""


#: Counts the times the form is drawn again (its children replaced) in window.__redraws.
REDRAWS = """() => { window.__redraws = 0; const form = document.querySelector('.calculator-form');
  new MutationObserver((changes) => { if (changes.some((c) => c.target === form)) window.__redraws += 1; }).observe(form, { childList: true }); }"""


def page_errors(record: object) -> list[str]:
    """The page's errors, less the one the paused clock itself causes: Material's scheduler (RxJS)
    throws "executing a cancelled action" when the fake clock runs a timer it had already cleared."""
    return [e for e in record.console_errors if "executing a cancelled action" not in e]  # type: ignore[attr-defined]


def stop_the_clock(page: object) -> None:
    """The page's timers run only when the test says (Playwright's clock, paused a second ahead)."""
    page.clock.install()  # type: ignore[attr-defined]
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)  # type: ignore[attr-defined]


@pytest.mark.parametrize("calculator", registry.names())
def test_tab_after_an_edit_keeps_the_readers_place_through_the_redraw(recorder: Recorder, site_server: SiteServer, calculator: str) -> None:
    chosen = fields(calculator)
    page, record = recorder.open(site_server.url(f"/calculators/{calculator}/"))
    field = page.locator(f'[data-path="{chosen.kept}"]')  # type: ignore[attr-defined]
    field.click()
    # The page's timers wait for the test's word (Playwright's clock), so the redraw that the
    # edit queues (setTimeout, calculator.js fieldChanged) comes after Tab, whatever the machine's load.
    stop_the_clock(page)
    page.evaluate(REDRAWS)  # type: ignore[attr-defined]
    field.fill(str(chosen.values[0]))  # the first edit of a preset: the scenario becomes the reader's own, to be redrawn
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    tabbed = page.evaluate(FOCUSED)  # type: ignore[attr-defined]
    assert tabbed["inForm"], f"Tab left the form: {tabbed}"
    assert page.evaluate("window.__redraws") == 0  # type: ignore[attr-defined]
    page.clock.run_for(50)  # type: ignore[attr-defined]
    assert page.evaluate("window.__redraws") >= 1, "no redraw after the edit: this test would check nothing"  # type: ignore[attr-defined]
    after = page.evaluate(FOCUSED)  # type: ignore[attr-defined]
    assert (after["id"], after["tag"], after["text"]) == (tabbed["id"], tabbed["tag"], tabbed["text"]), f"the redraw moved the focus: {tabbed} → {after}"
    if after["tag"] == "INPUT" and after["start"] is not None and after["value"]:
        # Tab selected the field's text; typing replaces it, as before the redraw.
        assert (after["start"], after["end"]) == (0, len(after["value"]))
        page.keyboard.type("7")  # type: ignore[attr-defined]
        assert page.evaluate("document.activeElement.value") == "7"  # type: ignore[attr-defined]
    assert page_errors(record) == []


def test_typing_into_a_presets_field_keeps_the_caret_through_the_redraw(recorder: Recorder, site_server: SiteServer) -> None:
    """The first keystroke in a preset's field redraws the form; the next keystroke goes after it, not in front."""
    chosen = fields("caseload")
    page, record = recorder.open(site_server.url("/calculators/caseload/"))
    field = page.locator(f'[data-path="{chosen.kept}"]')  # type: ignore[attr-defined]
    field.click()
    stop_the_clock(page)
    page.evaluate(REDRAWS)  # type: ignore[attr-defined]
    page.keyboard.press("ControlOrMeta+a")  # type: ignore[attr-defined]
    page.keyboard.type("1")  # type: ignore[attr-defined]
    page.clock.run_for(50)  # type: ignore[attr-defined]  # the redraw the first edit queued
    assert page.evaluate("window.__redraws") >= 1  # type: ignore[attr-defined]
    page.keyboard.type("6")  # type: ignore[attr-defined]
    assert page.locator(f'[data-path="{chosen.kept}"]').input_value() == "16"  # type: ignore[attr-defined]
    assert page_errors(record) == []
