"""A link opened on a calculator page while the page is still working out the last one is not lost.

Once Python has answered for a shared link, the page drops the ``#input=``
from the address (the scenario is kept in the tab instead: storage.js
``clearAddress``). Before this test it dropped whatever the address held
then: if the reader had meanwhile opened another link on the same page
(edited the address, or followed a second link), that newer link was wiped
before the page had read it, and the page never showed it. The parity test
met this on a busy machine (its first preset is the page's default scenario,
so it moved on to the next link before the first one's answer had landed).

Made certain here: the second link goes into the address at the very moment
the first link's full answer reaches the page (an init script listens to the
worker's messages ahead of the page's own handler), so the page reads the
answer with the newer link already in the address.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from conftest import Recorder, SiteServer
from test_calculator_pages import READY_TIMEOUT, answer_for, cli, result_for, start_and_wait

import calculators

pytestmark = pytest.mark.browser

CALCULATOR = "service-capacity"

#: Runs before the page's scripts: watches the calculators' worker. Once armed, the first full run the page
#: asks for (a "run" without drivers: false) is noted, and when its answer arrives, a listener added ahead of
#: the page's own (worker.onmessage) puts window.__next into the address, before the page reads the answer.
SWITCH = """(() => {
  const Original = window.Worker;
  window.Worker = function (url, options) {
    const worker = new Original(url, options);
    const post = worker.postMessage.bind(worker);
    worker.postMessage = (message, ...rest) => {
      if (window.__armed && message.type === "run" && message.drivers !== false && window.__fullRun === undefined) window.__fullRun = message.id;
      return post(message, ...rest);
    };
    worker.addEventListener("message", ({ data }) => {
      if (data.type === "result" && window.__armed && data.id === window.__fullRun) {
        window.__armed = false;
        location.hash = window.__next;
        window.__switched = true;
      }
    });
    return worker;
  };
  window.Worker.prototype = Original.prototype;
})();"""


def _link_hash(payload: dict) -> str:
    return "input=" + quote(json.dumps(payload), safe="")  # as the page writes a link (encodeURIComponent)


def test_a_newer_link_survives_the_older_links_answer(recorder: Recorder, site_server: SiteServer) -> None:
    presets = list(calculators.list_calculators()[CALCULATOR])
    first, second = (calculators.preset_input(CALCULATOR, name) for name in presets[1:3])
    assert first != second
    recorder.context.add_init_script(script=SWITCH)  # type: ignore[attr-defined]
    page, record = recorder.open(site_server.url(f"/calculators/{CALCULATOR}/"))
    start_and_wait(page, "ready")
    # The second link goes into the address as the first link's full answer arrives, before the page has read it.
    page.evaluate("""([next, first]) => { window.__next = next; window.__armed = true; location.hash = first; }""",  # type: ignore[attr-defined]
                  [_link_hash(second), _link_hash(first)])
    page.wait_for_function("() => window.__switched === true", timeout=READY_TIMEOUT)  # type: ignore[attr-defined]
    try:
        answered = answer_for(page, second)
    except PlaywrightTimeout:
        pytest.fail("the page never showed the second link: the first link's answer cleared it from the address")
    assert answered == "computed"
    assert result_for(page, second) == cli(CALCULATOR, second)
    assert "#input=" not in page.evaluate("location.href")  # type: ignore[attr-defined]  # and that link, once answered, is dropped from the address
    assert record.console_errors == []
