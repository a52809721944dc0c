"""Cumulative layout shift (CLS) of each calculator page, on a desktop and a phone.

Issue 13 asks for CLS under 0.02 on calculator pages, measured here rather
than in a timed test. For each calculator and screen size, a fresh context
(empty cache) opens the page and records every ``layout-shift`` entry that
did not follow the reader's own input (PerformanceObserver, as Lighthouse
counts them) through the whole of what moves the page: the script drawing
the form and the chart, the first sign of intent (a field focused), Python
starting and its first result replacing the prerendered one. The figure per
page is the largest of a few runs, since a late font or a slow chart shows
up only in some.
"""

from __future__ import annotations

from typing import Any

from bench._local_site import served_site_in_chromium
from calculators import registry

# Every registered calculator's page (docs/calculators/<name>.md).
PAGES = registry.names()
SIZES = {"desktop 1280×800": (1280, 800), "phone 390×844": (390, 844)}
RUNS = 3
GOAL = 0.02

# Installed before any of the page's scripts run, so no shift is missed.
_OBSERVER = """
window.__cls = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
}).observe({ type: "layout-shift", buffered: true });
"""


def _one(browser: Any, url: str, width: int, height: int) -> float:
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
    try:
        context.add_init_script(_OBSERVER)
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector(".calculator-form :is(input, select)", state="attached", timeout=30_000)
        # The chart is drawn once it comes near the screen (chart.js): scroll to it, as a reader does.
        page.evaluate("() => document.querySelector('[data-calculator-chart]').scrollIntoView({ block: 'center' })")
        # The page's own strict CSP refuses string expressions: functions only.
        page.wait_for_function("() => document.querySelector('[data-calculator-chart] canvas') || document.querySelector('[data-calculator-chart][hidden]')", timeout=30_000)
        page.locator(".calculator-form :is(input, select)").first.focus()  # intent: Python starts
        page.wait_for_selector(".calculator:is([data-calculator-state=ready], [data-calculator-state=computed])", state="attached", timeout=180_000)
        page.wait_for_timeout(1000)
        return float(page.evaluate("() => window.__cls"))
    finally:
        context.close()


def run() -> dict[str, Any]:
    figures: dict[str, dict[str, float]] = {}
    with served_site_in_chromium() as (_site, base, browser):
        for name in PAGES:
            url = f"{base}/calculators/{name}/"
            figures[name] = {size: max(_one(browser, url, w, h) for _ in range(RUNS)) for size, (w, h) in SIZES.items()}
    rows = [[name, *(f"{figures[name][size]:.4f}" for size in SIZES)] for name in PAGES]
    worst = max(value for sizes in figures.values() for value in sizes.values())
    return {
        "title": f"Cumulative layout shift of the calculator pages (largest of {RUNS} cold runs: load, form, chart, intent, first Python result)",
        "columns": ["calculator", *SIZES],
        "rows": rows,
        "goal": f"every calculator page under {GOAL} at both sizes (largest {worst:.4f})",
        "met": worst < GOAL,
        "raw": figures,
    }
