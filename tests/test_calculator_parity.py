"""Every registered calculator, every preset: the browser's result is exactly the command line's.

Each calculator page is opened once; each preset of that calculator is then
loaded as a shared link in the same tab, and the result the page labels
with that preset's inputs must equal ``python -m calculators NAME --format
json`` on the same input. The invest-to-save calculator also gets random
valid scenarios (tests/strategies.py), as the first two calculators do in
tests/test_calculator_pages.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from conftest import Recorder, SiteServer
from hypothesis import HealthCheck, Phase, given, settings
from strategies import invest_to_save_inputs
from test_calculator_pages import cli, result_for, start_and_wait

import calculators

pytestmark = pytest.mark.browser

PRESETS = [(name, preset) for name, presets in calculators.list_calculators().items() for preset in presets]


@pytest.fixture(scope="module")
def pages(browser: object, site_server: SiteServer) -> Iterator[dict[str, object]]:
    recorder = Recorder(browser)
    opened: dict[str, object] = {}

    def page_for(name: str) -> object:
        if name not in opened:
            page, _ = recorder.open(site_server.url(f"/calculators/{name}/"))
            start_and_wait(page, "ready")
            opened[name] = page
        return opened[name]

    yield page_for  # type: ignore[misc]
    recorder.close()


def open_as_link(page: object, payload: dict) -> None:
    page.evaluate("(text) => { location.hash = 'input=' + encodeURIComponent(text) }", json.dumps(payload))  # type: ignore[attr-defined]


@pytest.mark.parametrize(("name", "preset"), PRESETS, ids=[f"{n}:{p}" for n, p in PRESETS])
def test_every_preset_gives_the_same_figures_in_the_browser(pages, name: str, preset: str) -> None:
    page = pages(name)
    payload = calculators.preset_input(name, preset)
    open_as_link(page, payload)
    assert result_for(page, payload) == cli(name, payload)


def test_invest_to_save_agrees_on_random_scenarios(pages) -> None:
    page = pages("invest-to-save")
    seen: list[int] = []

    @settings(max_examples=15, derandomize=True, deadline=None, database=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(invest_to_save_inputs())
    def check(payload: dict) -> None:
        open_as_link(page, payload)
        assert result_for(page, payload) == cli("invest-to-save", payload)
        seen.append(1)

    check()
    assert len(seen) >= 15
