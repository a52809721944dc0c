"""Shared fixtures: build the site once, serve it on 127.0.0.1, drive Chromium.

The site is built once per test session into a temporary folder, for the
address a standard-library HTTP server serves it at (a free port of
127.0.0.1, chosen first), and the server is stopped when the session ends. Browser tests drive Debian's Chromium through Playwright
(``executable_path=/usr/bin/chromium``; ``playwright install`` is never run).
Under ``CI=true`` a missing browser is a failure, not a skip.
"""

from __future__ import annotations

import functools
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from bench._local_site import CHROMIUM, CHROMIUM_ARGS, ROOT, build_site, serve
from hypothesis import settings
from suite_record import pytest_sessionfinish, pytest_sessionstart  # noqa: F401 - hooks: the whole suite's time, for make bench

# Property tests check what is computed, never how fast: Hypothesis's default
# 200 ms deadline per example made them fail only when the machine was busy.
settings.register_profile("project", deadline=None)
settings.load_profile("project")

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


# Building ---------------------------------------------------------------


@dataclass(frozen=True)
class BuiltSite:
    """The static site built by ``mkdocs build --strict`` and the build's log."""

    root: Path
    log: str

    def pages(self) -> list[Path]:
        """Every HTML page of the site, as paths relative to its root."""
        return sorted(p.relative_to(self.root) for p in self.root.rglob("*.html"))

    def url_path(self, page: Path) -> str:
        """The URL path a browser asks for: ``a/b/index.html`` -> ``/a/b/``."""
        text = page.as_posix()
        if text == "index.html":
            return "/"
        if text.endswith("/index.html"):
            return "/" + text[: -len("index.html")]
        return "/" + text


@pytest.fixture(scope="session")
def built_site(_server: "SiteServer") -> BuiltSite:
    # Built for the address it is served at, so instant navigation works in
    # the browser tests as it does on a published site (see build_site).
    proc = build_site(_server.root, site_url=_server.url("/"))
    log = proc.stdout + proc.stderr
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{log}", pytrace=False)
    return BuiltSite(_server.root, log)


# Serving ----------------------------------------------------------------


@dataclass(frozen=True)
class SiteServer:
    """A server on a free port of 127.0.0.1 for the folder the site is built into."""

    base_url: str
    root: Path

    def url(self, path: str) -> str:
        return self.base_url + path


@pytest.fixture(scope="session")
def _server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The server, started first so the site can be built for its address."""
    root = tmp_path_factory.mktemp("site")
    with serve(root) as base_url:
        yield SiteServer(base_url, root)


@pytest.fixture(scope="session")
def site_server(_server: SiteServer, built_site: BuiltSite) -> SiteServer:
    """The built site, served on 127.0.0.1."""
    return _server


# Browsing ---------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        message = f"Chromium is not installed at {CHROMIUM}: run `make chromium` (apt-get install -y chromium)"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    return parts.scheme in {"http", "https", "ws"} and parts.hostname == "127.0.0.1"


@dataclass
class PageRecord:
    """What a page did while it was open: every request, console message and error."""

    url: str
    requests: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)


# Every page runs under the site's Content Security Policy (hooks/csp.py). A
# violation fires `securitypolicyviolation`; this init script, run in every
# page before the page's own scripts, logs it as a console error, so the
# records below catch it (Chromium's own "Refused to ..." message too).
CSP_WATCH = """addEventListener("securitypolicyviolation", (e) => console.error(
  `CSP violation: ${e.effectiveDirective} refused ${e.blockedURI || "inline"} (${e.sourceFile || location.href}:${e.lineNumber})`), true);"""


def _is_csp_report(text: str) -> bool:
    return text.startswith("CSP violation:") or "Content Security Policy" in text


# Playwright runs a wait_for_function predicate written as an expression
# ("location.hash && ...") through eval() inside the page, which the policy
# refuses ('unsafe-eval' is not allowed); a predicate written as a function is
# created through the DevTools protocol, which the policy does not govern. So
# every expression is passed on as a function of no arguments.
_FUNCTION_LIKE = re.compile(r"\s*(async\s+)?(function\b|\([^()]*\)\s*=>|[A-Za-z_$][\w$]*\s*=>)")


# Playwright does not await a predicate's promise: an async predicate (or one
# returning a promise) counts as true at once, so the wait would pass without
# checking anything. Such a predicate fails here instead; wait_until() below
# is the wait for a condition the page can only answer asynchronously.
_NO_PROMISES = (
    "const result = ({expression})(...args);"
    " if (result && typeof result.then === 'function') throw new Error("
    "'wait_for_function: this predicate returns a promise, which Playwright does not await (the wait would pass at once);"
    " use wait_until() from conftest');"
    " return result;"
)


def _wait_for_function(self: Any, expression: str, *args: Any, **kwargs: Any) -> Any:
    if not _FUNCTION_LIKE.match(expression):
        expression = f"() => ({expression})"
    guarded = "(...args) => { " + _NO_PROMISES.format(expression=expression) + " }"
    return _playwright_wait_for_function(self, guarded, *args, **kwargs)


def wait_until(page: Any, function: str, arg: Any = None, *, timeout_ms: float = 30_000, what: str = "") -> Any:
    """Poll ``function`` (JavaScript, may be async) in ``page`` until it returns a truthy value, and return it.

    ``page.evaluate`` awaits a promise, which ``wait_for_function`` does not.
    A navigation under way (the page's context replaced) is waited out. Fails
    with ``what`` (or the function's start) after ``timeout_ms``.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        try:
            value = page.evaluate(function, arg)
        except Exception as error:  # noqa: BLE001 - only a context replaced by a navigation is retried
            if "context was destroyed" not in str(error) and "navigat" not in str(error):
                raise
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_ms / 1000:.0f} s waiting for {what or function.strip()[:120]}")
        time.sleep(0.1)


try:
    from playwright.sync_api import Page as _Page

    _playwright_wait_for_function = _Page.wait_for_function
    _Page.wait_for_function = _wait_for_function  # type: ignore[method-assign]
except ImportError:  # no Playwright: the browser tests are skipped anyway
    pass


class Recorder:
    """Opens pages in a fresh browser context that records what they do.

    Any request that would leave 127.0.0.1 is recorded and then aborted, so a
    test never waits on the closed network.
    """

    def __init__(self, browser: object, color_scheme: str = "light", service_workers: str = "block") -> None:
        # The site's service worker (sw.js) is blocked unless a test asks for
        # it ("allow"): it fetches the whole site in the background, which
        # would fill every other test's record of requests.
        self.context = browser.new_context(color_scheme=color_scheme, service_workers=service_workers)  # type: ignore[attr-defined]
        self.record: PageRecord | None = None
        self.records: list[PageRecord] = []
        self.context.route("**/*", self._route)
        self.context.add_init_script(script=CSP_WATCH)

    def _route(self, route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if self.record is not None:
            self.record.requests.append(url)
        if _is_local(url):
            route.continue_()  # type: ignore[attr-defined]
        else:
            if self.record is not None:
                self.record.external.append(url)
            route.abort()  # type: ignore[attr-defined]

    def open(self, url: str, wait_until: str = "load") -> tuple[object, PageRecord]:
        """A new page at ``url``, with its record; the record keeps filling while the page is open."""
        record = PageRecord(url)
        self.record = record
        self.records.append(record)
        page = self.context.new_page()
        page.on("console", lambda msg: record.console_errors.append(msg.text) if msg.type == "error" else None)
        page.on("console", lambda msg: record.csp_violations.append(msg.text) if _is_csp_report(msg.text) else None)
        page.on("pageerror", lambda exc: record.console_errors.append(f"uncaught: {exc}"))
        page.on("requestfailed", lambda req: record.failed.append(f"{req.url} ({req.failure})"))
        page.goto(url, wait_until=wait_until)
        return page, record

    def close(self) -> None:
        """Closes the context; fails if any page it opened broke the Content Security Policy."""
        self.context.close()
        violations = [f"{r.url}: {v}" for r in self.records for v in r.csp_violations]
        if violations:
            pytest.fail("Content Security Policy violations:\n" + "\n".join(violations), pytrace=False)


@pytest.fixture
def recorder(browser: object) -> Iterator[Recorder]:
    rec = Recorder(browser)
    try:
        yield rec
    finally:
        rec.close()


def screenshots(page: object, folder: str | None, name: str, scheme: str, selector: str | None = None, media: str = "screen") -> None:
    """Keeps screenshots of the open page at 1280×800 and 390×844 in ``folder`` to look at (nothing when it is unset).

    ``selector`` scrolls the first of its elements that is shown to just below the page's fixed header;
    ``media="print"`` takes the whole printed page. The page's viewport and media are put back after.
    """
    if not folder:
        return
    where = Path(folder)
    where.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size  # type: ignore[attr-defined]
    page.emulate_media(media=media)  # type: ignore[attr-defined]
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})  # type: ignore[attr-defined]
        if selector:
            page.evaluate("""(sel) => { const all = [...document.querySelectorAll(sel)];
              const el = all.find((e) => e.getClientRects().length) || all[0];
              if (el) { el.scrollIntoView({ block: 'start' }); window.scrollBy(0, -70); } }""", selector)  # type: ignore[attr-defined]
        page.wait_for_timeout(150)  # type: ignore[attr-defined]
        page.screenshot(path=str(where / f"{name}-{width}x{height}-{scheme}.png"), full_page=media == "print")  # type: ignore[attr-defined]
    page.emulate_media(media="screen")  # type: ignore[attr-defined]
    page.set_viewport_size(size)  # type: ignore[attr-defined]


AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def run_axe(page: object) -> list[dict]:
    """axe-core's violations on the open page (the npm package, injected from disk)."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci`", pytrace=False)
    # Evaluated through the DevTools protocol, not added as an inline <script>
    # (which the page's Content Security Policy rightly refuses); once per
    # document, so a second check of the same page (another palette) reuses it.
    if not page.evaluate("typeof axe !== 'undefined' && typeof axe.run === 'function'"):  # type: ignore[attr-defined]
        page.evaluate(_axe_source())  # type: ignore[attr-defined]
    # Let finite CSS transitions end first: axe measures colours as drawn, and
    # Material's "Back to top" button fading in (opacity below 1) reads as low
    # contrast only while it is half drawn, which on a busy machine is when
    # axe happened to look.
    page.evaluate(  # type: ignore[attr-defined]
        "async () => await Promise.all(document.getAnimations()"
        ".filter(a => isFinite(a.effect?.getComputedTiming().endTime ?? Infinity))"
        ".map(a => a.finished.catch(() => null)))"
    )
    # resultTypes: axe still runs every rule and reports every violating node
    # in full; only the passing, inapplicable and incomplete results (which no
    # test reads) are cut to one node each, which skips building a selector
    # for every passing element: the run takes well under half the time.
    result = page.evaluate(  # type: ignore[attr-defined]
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}, "
        "resultTypes: ['violations']})"
    )
    return result["violations"]


@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Anything that drives Chromium carries the `browser` marker, so
    # `pytest -m "not browser"` runs everything else on a machine without it.
    for item in items:
        if {"browser", "recorder"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
