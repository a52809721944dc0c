"""Calculator charts are drawn when they come near the screen (issue 31), in Chromium.

On a phone the results are below a long form: a reader who opens the page
and reads the form has not asked for the charts, so Chart.js is not loaded
and nothing is drawn; scrolling to a chart draws it (and the tornado chart
of "What drives this result?" further down); its space was kept from the
start, so nothing below it moves when it is drawn.
"""

from __future__ import annotations

import pytest
from conftest import SiteServer

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}  # as the screenshots the team checks
CHART_LIBRARY = "vendor/chart.umd.min.js"
DRAWN = "(sel) => { const c = document.querySelector(sel + ' canvas'); return !!(c && window.Chart && Chart.getChart(c)); }"


@pytest.mark.parametrize("path", ["/calculators/placement-cost/", "/calculators/invest-to-save/"])
def test_charts_wait_until_the_reader_scrolls_to_them(browser: object, site_server: SiteServer, path: str) -> None:
    context = browser.new_context(viewport=PHONE, service_workers="block")  # type: ignore[attr-defined]
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    try:
        page = context.new_page()
        page.goto(site_server.url(path))
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)
        chart = page.locator("[data-calculator-chart]")
        assert not chart.is_hidden() and not chart.evaluate("(e) => e.getBoundingClientRect().top < innerHeight * 1.5"), (
            "the chart is not below the first screen on a phone: this test no longer tests anything")
        assert not [url for url in requests if CHART_LIBRARY in url], "Chart.js was loaded before the reader scrolled"
        assert page.evaluate("() => window.Chart === undefined")
        below = page.locator("[data-calculator-tables]").evaluate("(e) => e.getBoundingClientRect().top + scrollY")
        chart.scroll_into_view_if_needed()
        page.wait_for_function(DRAWN, arg="[data-calculator-chart]", timeout=30_000)
        # The chart's space was kept: the tables after it have not moved.
        assert page.locator("[data-calculator-tables]").evaluate("(e) => e.getBoundingClientRect().top + scrollY") == below
        assert len([url for url in requests if CHART_LIBRARY in url]) == 1
        # The tornado chart, further down, is drawn when the reader reaches it.
        page.locator("[data-tornado]").scroll_into_view_if_needed()
        page.wait_for_function(DRAWN, arg="[data-tornado]", timeout=30_000)
    finally:
        context.close()
