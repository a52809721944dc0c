"""The tornado chart of "What drives this result?" on the calculator pages, in Chromium.

The chart draws the `drivers` table that Python lays out (its figures are
tested in tests/calculators/test_calc_uncertainty.py); here: it appears
before that table, says in words what it shows, follows the scenario in the
address, and passes axe in light and dark palettes.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from conftest import Recorder, SiteServer, run_axe

import calculators

pytestmark = pytest.mark.browser
READY_TIMEOUT = 120_000  # ms: a cold Pyodide start on a busy 2-core machine


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/calculators/placement-cost/", "/calculators/caseload/", "/calculators/invest-to-save/", "/calculators/service-capacity/", "/calculators/care-forecast/"])
def test_the_tornado_chart_is_drawn_before_its_table(browser: object, site_server: SiteServer, path: str, scheme: str) -> None:
    recorder = Recorder(browser, color_scheme=scheme)
    try:
        page, record = recorder.open(site_server.url(path))
        page.wait_for_selector("[data-tornado] canvas", timeout=READY_TIMEOUT)
        label = page.locator("[data-tornado] canvas").get_attribute("aria-label")
        assert label.startswith("Tornado chart: what drives") and "table" in label
        # The figure comes straight before the drivers table, which carries the same figures.
        following = page.evaluate("document.querySelector('[data-tornado]').nextElementSibling.dataset.table")
        assert following == "drivers"
        violations = [v for v in run_axe(page) if v["impact"] in ("serious", "critical")]
        assert violations == [], violations
        assert record.console_errors == [] and record.external == []
    finally:
        recorder.close()


def test_the_tornado_chart_follows_a_scenario_in_the_address(recorder: Recorder, site_server: SiteServer) -> None:
    payload = calculators.preset_input("placement-cost", "strengthening-families-foster-shift")
    page, record = recorder.open(site_server.url("/calculators/placement-cost/") + "#input=" + quote(json.dumps(payload)))
    # Ranked by swing (test_calc_uncertainty): the in-house cost moves the saving most in this preset.
    page.wait_for_function(
        "() => { const c = document.querySelector('[data-tornado] canvas'); return c && c.getAttribute('aria-label').includes('In-house foster care'); }",
        timeout=READY_TIMEOUT,
    )
    switching = page.locator('[data-table="switching_values"]').inner_text()
    assert "above £820" in switching
    assert record.console_errors == []
