"""The care forecast in the browser: its chart stacks the placement types, and its saving opens invest to save with the same savings by year."""

from __future__ import annotations

import pytest
from conftest import Recorder, SiteServer, run_axe
from test_calculator_pages import answer_for, page_result, result_for, start_and_wait
from test_calculator_parity import open_as_link

import calculators

pytestmark = pytest.mark.browser

_CHART = """() => { const chart = Chart.getChart(document.querySelector('[data-calculator-chart] canvas'));
  return chart ? [chart.options.scales.y.stacked, chart.data.datasets.map((d) => d.label)] : null; }"""


def test_the_saving_opens_invest_to_save_with_the_same_savings_by_year(recorder: Recorder, site_server: SiteServer) -> None:
    page, record = recorder.open(site_server.url("/calculators/care-forecast/"))
    start_and_wait(page, "ready")
    payload = calculators.preset_input("care-forecast", "glasgow-2017-18-step-down")
    open_as_link(page, payload)
    forecast = result_for(page, payload)["result"]
    savings = [row["saving"] for row in next(t for t in forecast["tables"] if t["id"] == "cost_by_year")["rows"]]

    # One bar for each of the preset's five placement types, stacked.
    page.wait_for_function("() => window.Chart && Chart.getChart(document.querySelector('[data-calculator-chart] canvas'))")
    stacked, labels = page.evaluate(_CHART)
    assert stacked is True and labels == [p["label"] for p in payload["placements"]]

    link = page.locator(".calculator-open-in a")
    assert link.count() == 1
    serious = [v["id"] for v in run_axe(page) if v["impact"] in {"serious", "critical"}]
    assert serious == [], serious
    link.click()
    page.wait_for_url("**/calculators/invest-to-save/**")
    start_and_wait(page, "ready", "computed")  # a page opened from a link calculates its inputs at once
    assert answer_for(page) == "computed"
    its = page_result(page)["result"]
    benefits = [row["benefits"] for row in next(t for t in its["tables"] if t["id"] == "by_year")["rows"] if row["year"] >= 1]
    assert benefits == savings  # whole pounds, year by year (£624,350; £1,454,912; £1,963,501)
    assert record.console_errors == [], record.console_errors
