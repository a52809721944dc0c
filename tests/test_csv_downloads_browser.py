"""The page's CSV files are Python's: the results download is the command line's --format csv, byte for byte.

For every registered calculator, one page open: before Python has started
(the figures shown are the ones worked out when the site was built), the
reader presses "Download results (CSV)". The button says the file is being
prepared, the press starts Python, and the file that arrives is exactly
what ``python -m calculators <name> --input - --format csv`` writes for the
same input and the same "worked out on" time (the page's clock is fixed at
22:17 on 6 December 2026, London time). Then the results are pinned twice
(scenarios A and B, the same inputs) and the comparison downloads as a CSV
that the csv module reads back with a column for each scenario, the
difference and the unit, and a row for every headline figure.

And when Python cannot start in the browser, a CSV pressed says so, with
why, and nothing is saved (no silent failure).
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import ROOT, SiteServer

from calculators import registry

pytestmark = pytest.mark.browser

READY_TIMEOUT = 120_000  # ms: a cold start of Python on a busy 2-core machine
#: 22:17 in London on 6 December 2026 (GMT, so the same as UTC).
CLOCK = datetime(2026, 12, 6, 22, 17, tzinfo=timezone.utc)
WHEN = "2026-12-06T22:17"


def cli_csv(name: str, payload: dict) -> bytes:
    done = subprocess.run([sys.executable, "-m", "calculators", name, "--input", "-", "--format", "csv", "--worked-out-on", WHEN],
                          input=json.dumps(payload).encode("utf-8"), capture_output=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done.stdout


def download(page: object, button: object) -> bytes:
    with page.expect_download(timeout=READY_TIMEOUT) as info:  # type: ignore[attr-defined]
        button.click()  # type: ignore[attr-defined]
    return Path(info.value.path()).read_bytes()


@pytest.mark.parametrize("name", registry.names())
def test_the_pages_csv_files_are_written_by_python(browser: object, site_server: SiteServer, name: str) -> None:
    context = browser.new_context(accept_downloads=True, timezone_id="Europe/London")  # type: ignore[attr-defined]
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.clock.set_fixed_time(CLOCK)  # new Date() on the page; timers run as usual
        page.goto(site_server.url(f"/calculators/{name}/"))
        page.wait_for_selector(".calculator[data-calculator-state=prerendered] [data-download=csv]", timeout=READY_TIMEOUT)
        shown = json.loads(page.locator("[data-calculator-result]").text_content())
        default = registry.get(name).default_preset
        import calculators

        assert shown["input"] == calculators.run_json(name, calculators.preset_input(name, default))["input"], "the default scenario is shown"

        # Pressed before Python has started: the button says so while it waits, and the file arrives.
        button = page.locator("[data-download=csv]")
        with page.expect_download(timeout=READY_TIMEOUT) as info:
            button.click()
            assert button.text_content() == "Preparing the CSV file…" and button.get_attribute("aria-busy") == "true"
        raw = Path(info.value.path()).read_bytes()
        assert button.text_content() == "Download results (CSV)" and button.get_attribute("aria-busy") is None
        assert info.value.suggested_filename.startswith(f"{name}-") and info.value.suggested_filename.endswith(".csv")
        assert raw == cli_csv(name, shown["input"]), "the page's file is the command line's, byte for byte"
        assert raw.startswith("\ufeffTitle,".encode("utf-8")) and b"\r\nWorked out on,6 December 2026 at 22:17\r\n" in raw

        # The comparison: scenarios A and B pinned (the same figures), downloaded and read back.
        pin = page.locator(f"#calc-{name}-scenarios-pin")
        pin.click()
        page.wait_for_selector(f"#calc-{name}-scenarios-pin:text('Pin as scenario B')", timeout=READY_TIMEOUT)
        pin.click()
        page.wait_for_selector(".calculator-scenarios-table table th:text('B − A')", timeout=READY_TIMEOUT)
        text = download(page, page.locator(f"#calc-{name}-scenarios-csv")).decode("utf-8")
        assert text.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(text[1:], newline="")))
        assert rows[0] == ["Scenarios side by side: headline figures and differences from A"]
        assert rows[1] == ["Headline figure", "Scenario A", "Scenario B", "B − A", "Unit"]
        summary = shown["result"]["summary"]
        assert [row[0] for row in rows[2:]] == [item["label"] for item in summary]
        for row, item in zip(rows[2:], summary):
            assert row[1] == row[2], row  # the same scenario pinned twice
            number = isinstance(item["value"], (int, float)) and not isinstance(item["value"], bool)
            assert row[3] == ("0" if number else ""), row  # no difference; none for a figure that is text
            assert row[4] == (item["unit"] or ""), row
    finally:
        context.close()
    assert errors == []


def test_a_csv_pressed_when_python_cannot_start_says_so_and_saves_nothing(browser: object, site_server: SiteServer) -> None:
    from urllib.parse import urlsplit

    context = browser.new_context(accept_downloads=True)  # type: ignore[attr-defined]
    try:
        # The calculators' wheel cannot be downloaded: Python cannot start in this browser.
        context.route(lambda url: urlsplit(url).path.endswith(".whl"), lambda route: route.fulfill(status=404, body="not found"))
        page = context.new_page()
        downloads: list[object] = []
        page.on("download", lambda download: downloads.append(download))
        page.goto(site_server.url("/calculators/caseload/"))
        button = page.locator("[data-download=csv]")
        button.click()
        assert button.text_content() == "Preparing the CSV file…"
        page.wait_for_selector(".calculator[data-calculator-state=failed]", state="attached", timeout=READY_TIMEOUT)
        page.wait_for_function("() => document.querySelector('[data-calculator-status]').textContent.startsWith('No CSV file was saved')", timeout=10_000)
        status = page.locator("[data-calculator-status]").text_content()
        assert "could not start in this browser (could not download" in status and ".whl" in status, status
        assert button.text_content() == "Download results (CSV)" and button.get_attribute("aria-busy") is None
        # Pressed again now that Python has failed: said at once, still nothing saved.
        page.locator("[data-calculator-status]").evaluate("(node) => { node.textContent = ''; }")
        button.click()
        assert page.locator("[data-calculator-status]").text_content().startswith("No CSV file was saved")
        page.wait_for_timeout(300)
        assert downloads == []
    finally:
        context.close()
