"""Every registered calculator: the browser's result is exactly the command line's (the one place for parity).

Each calculator page is opened once; each preset of that calculator, then
random valid scenarios, are loaded as shared links in the same tab, and the
result the page labels with those inputs must equal ``python -m calculators
NAME --format json`` on the same input. Random scenarios come from the
calculator's own strategy in tests/strategies.py where it has one (its
shape varies: how many placement types, teams, outcomes), otherwise from
its presets with each number moved within its field's limits
(``strategies.inputs_of``), so a new calculator is covered
with no edit here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from conftest import Recorder, SiteServer
from hypothesis import HealthCheck, Phase, given, settings
from strategies import OWN, inputs_of
from test_calculator_pages import READY_TIMEOUT, cli, result_for, start_and_wait

import calculators
from calculators import registry

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
    # The page's own answer, not the result prerendered at build time: the preset that is the page's
    # default scenario carries the prerendered result's label from the start, so its label alone would
    # be met before the browser had worked anything out.
    page.wait_for_selector(".calculator[data-calculator-state=computed]", state="attached", timeout=READY_TIMEOUT)  # type: ignore[attr-defined]
    assert result_for(page, payload) == cli(name, payload)


#: Random scenarios per calculator (each a command-line run of about a second): 20 for a calculator
#: with a strategy of its own (tests/strategies.py), 10 for one whose scenarios are drawn from presets.
OWN_COUNT, FROM_PRESETS = 20, 10


@pytest.mark.parametrize("name", registry.names())
def test_browser_and_command_line_agree_on_random_scenarios(pages, name: str) -> None:
    page = pages(name)
    strategy, count = inputs_of(name), OWN_COUNT if name in OWN else FROM_PRESETS
    seen: list[int] = []

    @settings(max_examples=count, derandomize=True, deadline=None, database=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(strategy)
    def check(payload: dict) -> None:
        open_as_link(page, payload)
        assert result_for(page, payload) == cli(name, payload)
        seen.append(1)

    check()
    assert len(seen) >= count
