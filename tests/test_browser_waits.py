"""The browser tests' waits (tests/conftest.py) can fail.

Playwright's ``wait_for_function`` does not await a promise: an async
predicate passed at once, whatever it would have answered. Three waits of
the service-worker tests passed that way without checking anything, so
conftest refuses such a predicate, and ``wait_until`` is the wait that
awaits.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import wait_until

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context()  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.set_content("<p>a page</p>")
        yield page
    finally:
        context.close()


def test_a_predicate_returning_a_promise_is_refused_not_passed(page: object) -> None:
    for predicate in ("async () => false", "Promise.resolve(false)"):
        with pytest.raises(Exception, match="returns a promise"):
            page.wait_for_function(predicate, timeout=2_000)  # type: ignore[attr-defined]


def test_a_plain_predicate_still_waits(page: object) -> None:
    page.evaluate("setTimeout(() => { document.body.dataset.done = 'yes'; }, 200)")  # type: ignore[attr-defined]
    page.wait_for_function("document.body.dataset.done === 'yes'", timeout=5_000)  # type: ignore[attr-defined]
    with pytest.raises(Exception, match="Timeout"):
        page.wait_for_function("() => false", timeout=500)  # type: ignore[attr-defined]


def test_wait_until_awaits_the_answer(page: object) -> None:
    page.evaluate("window.answerAt = performance.now() + 300")  # type: ignore[attr-defined]
    later = "async () => { await new Promise((r) => setTimeout(r, 10)); return performance.now() > window.answerAt && 42; }"
    assert wait_until(page, later, timeout_ms=5_000) == 42
    with pytest.raises(AssertionError, match="timed out after 1 s waiting for never"):
        wait_until(page, "async () => false", timeout_ms=1_000, what="never")
