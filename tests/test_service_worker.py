"""The service worker (sw.js, hooks/service_worker.py): issue 16, goal 4, and issue 31.

A page read once works with the network off (the context set offline), and
the whole site once the reader has chosen "Keep this site for offline use"
(issue 31: a first visit no longer downloads the whole site), calculators
included once a calculator has loaded the runtime; a page without a
calculator never makes the service worker fetch Python; a second visit
downloads no runtime; and a new build shows on the next visit.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bench._local_site import _QuietHandler, serve
from conftest import ROOT, BuiltSite, Recorder, SiteServer, wait_until
from project_copy import build, copy_project
from test_calculator_pages import answer_for, give_intent, set_field

pytestmark = pytest.mark.browser

RUNTIME_FILES = ("pyodide.asm.wasm", "python_stdlib.zip", "pyodide.mjs", "pyodide.asm.mjs", "pyodide-lock.json", ".whl")

# The service worker controls the page once it has installed and activated.
_CONTROLLED = "async () => { await navigator.serviceWorker.ready; return navigator.serviceWorker.controller !== null; }"
# Every URL in the runtime's cache (named calculators-runtime-<digest>).
_RUNTIME_CACHED = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith('calculators-runtime-')) continue;
    for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
  }
  return urls;
}"""


def _load_hook() -> object:
    spec = importlib.util.spec_from_file_location("service_worker_hook", ROOT / "hooks" / "service_worker.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.fixture
def sw_recorder(browser: object) -> Iterator[Recorder]:
    rec = Recorder(browser, service_workers="allow")
    try:
        yield rec
    finally:
        rec.close()


def installed(page: object) -> None:
    """Wait until the service worker has installed and controls the page."""
    wait_until(page, _CONTROLLED, timeout_ms=120_000, what="the service worker to control the page")


# Starting Python took over a minute when the machine was shared and busy.
SLOW_MS = 180_000


def ready(page: object) -> None:
    page.wait_for_selector(".calculator[data-calculator-state=ready], .calculator[data-calculator-state=computed]",  # type: ignore[attr-defined]
                           state="attached", timeout=SLOW_MS)


def runtime_urls(urls: list[str]) -> list[str]:
    # By path: the worker's own address names the wheel in its query.
    return [url for url in urls if any(urlsplit(url).path.endswith(f) for f in RUNTIME_FILES)]


def runtime_requests(record: object) -> list[str]:
    return runtime_urls(record.requests)  # type: ignore[attr-defined]


# The site's files the service worker has kept (hooks/service_worker.js, SITE_CACHE), by path.
_KEPT = """async () => {
  const cache = await caches.open('csc-site');
  return (await cache.keys()).map((request) => new URL(request.url).pathname).sort();
}"""
PAGE_KINDS = ("/glossary/", "/strategies/", "/services/", "/notebooks/", "/calculators/caseload/")


def kept_page(page: object, path: str) -> None:
    """Wait until the service worker has kept the page at ``path`` (a folder's page as its index.html)."""
    wait_until(page, f"async () => ({_KEPT})().then((paths) => paths.includes({json.dumps(path + 'index.html')}))",
               timeout_ms=60_000, what=f"{path} kept by the service worker")


def keep_the_site(page: object) -> None:
    """Choose "Keep this site for offline use" in the footer and wait until it says the site is saved."""
    button = page.get_by_role("button", name="Keep this site for offline use")  # type: ignore[attr-defined]
    button.wait_for(state="visible", timeout=60_000)
    button.click()
    page.locator("[data-offline-status]").filter(has_text="Saved: every page").wait_for(timeout=SLOW_MS)  # type: ignore[attr-defined]


def assert_readable_offline(context: object, url: str) -> None:
    offline = context.new_page()  # type: ignore[attr-defined]
    offline.goto(url)
    assert offline.locator("article h1").count() == 1, url
    # Material's stylesheet applied (a kept copy): the header is fixed-height.
    assert offline.locator(".md-header").evaluate("e => getComputedStyle(e).position") in {"sticky", "fixed"}, url
    offline.close()


def test_a_page_read_once_works_offline_and_only_it_is_kept(
    sw_recorder: Recorder, site_server: SiteServer, built_site: BuiltSite
) -> None:
    page, record = sw_recorder.open(site_server.url("/glossary/"))
    installed(page)
    kept_page(page, "/glossary/")
    # Only what this page used: not the site's other pages, and no Python.
    kept = page.evaluate(_KEPT)
    assert not [path for path in kept if path.endswith("index.html") and path != "/glossary/index.html"], kept
    assert runtime_requests(record) == [] and page.evaluate(_RUNTIME_CACHED) == []
    sw_recorder.context.set_offline(True)
    assert_readable_offline(sw_recorder.context, site_server.url("/glossary/"))
    assert runtime_requests(record) == []


def test_keeping_a_calculator_page_downloads_none_of_its_files_again(browser: object, built_site: BuiltSite) -> None:
    # The page sends the service worker the addresses it used, and the worker keeps them from the
    # browser's cache. The calculators' scripts are loaded as page.js?v=<digest>, the cache knows
    # them by that address, and the worker used to fetch them without the query: every script of
    # a calculator page (and Chart.js) was downloaded a second time on a first visit.
    asked: list[str] = []

    class Recording(_QuietHandler):
        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            asked.append(self.path)
            super().do_GET()

    with serve(built_site.root, Recording) as base:
        context = browser.new_context(service_workers="allow")  # type: ignore[attr-defined]
        try:
            page = context.new_page()
            page.goto(base + "/calculators/caseload/")
            installed(page)
            kept_page(page, "/calculators/caseload/")
            scripts = page.evaluate("""() => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname)
                                          .filter((path) => path.startsWith('/javascripts/calculator/'))""")
            assert len(scripts) > 10, scripts
            wait_until(page, f"async () => ({_KEPT})().then((paths) => {json.dumps(scripts)}.every((path) => paths.includes(path)))",
                       timeout_ms=60_000, what="the page's scripts kept by the service worker")
        finally:
            context.close()
    twice = sorted(path for path, n in Counter(path.split("?")[0] for path in asked).items() if n > 1)
    assert twice == [], f"downloaded twice: {twice}"


def test_the_whole_site_works_offline_once_the_reader_keeps_it_and_never_fetches_python_for_it(
    sw_recorder: Recorder, site_server: SiteServer, built_site: BuiltSite
) -> None:
    page, record = sw_recorder.open(site_server.url("/"))
    installed(page)
    # The control says what it does and how much it downloads, in MB (written in at build time).
    about = page.locator("#site-offline-about").text_content()
    assert "__OFFLINE" not in about and re.search(r"about [0-9.]+\sMB", about), about
    keep_the_site(page)
    # A reader who never uses a calculator downloads no Python, from the page or from the service worker.
    assert runtime_requests(record) == []
    assert page.evaluate(_RUNTIME_CACHED) == []
    sw_recorder.context.set_offline(True)
    # Pages never opened before, one of each kind, with their stylesheets and scripts.
    for path in PAGE_KINDS:
        assert_readable_offline(sw_recorder.context, site_server.url(path))
    assert runtime_requests(record) == []


def test_calculators_work_offline_once_one_has_loaded_the_runtime(browser: object, site_server: SiteServer) -> None:
    # A context without Playwright's request routing: with routing on, the
    # runtime's responses passed on by the service worker never finished
    # arriving in the calculator's worker (Playwright 1.65, Chromium), which
    # no reader's browser does. What reached the network is read from the
    # responses instead: one the service worker answered from its cache is
    # marked as such.
    context = browser.new_context(service_workers="allow")  # type: ignore[attr-defined]
    from_network: list[str] = []

    def responded(response: object) -> None:
        if not response.from_service_worker:  # type: ignore[attr-defined]
            from_network.append(response.url)  # type: ignore[attr-defined]

    context.on("response", responded)
    try:
        page = context.new_page()
        page.goto(site_server.url("/calculators/placement-cost/"))
        installed(page)
        give_intent(page)
        ready(page)
        # The runtime is now kept: wait until the service worker has it all.
        wait_until(
            page,
            f"async () => {{ const urls = await ({_RUNTIME_CACHED})(); "
            f"return {json.dumps(list(RUNTIME_FILES))}.every((f) => urls.some((u) => u.endsWith(f))); }}",
            timeout_ms=60_000, what="the runtime in the service worker's cache",
        )
        assert runtime_urls(from_network), "the first visit downloads the runtime"
        # A second visit, online, downloads no runtime: it comes from the cache.
        before = len(from_network)
        again = context.new_page()
        again.goto(site_server.url("/calculators/placement-cost/"))
        give_intent(again)
        ready(again)
        assert runtime_urls(from_network[before:]) == []
        # The reader keeps the site: the runtime is not downloaded again for it.
        before = len(from_network)
        keep_the_site(again)
        assert runtime_urls(from_network[before:]) == []
        again.close()
        # Offline: another calculator, never opened, calculates an edit.
        context.set_offline(True)
        offline = context.new_page()
        offline.goto(site_server.url("/calculators/caseload/"))
        set_field(offline, "teams[0].fte", "6")
        try:
            offline.wait_for_selector(".calculator[data-calculator-state=computed]", state="attached", timeout=SLOW_MS)
        except Exception:
            pytest.fail("offline: " + str(offline.locator(".calculator").get_attribute("data-calculator-state")) + " / "
                        + offline.locator("[data-calculator-status]").text_content(), pytrace=False)
        assert answer_for(offline) == "computed"
        label = json.loads(offline.locator("[data-calculator-result]").get_attribute("data-input"))
        assert label["teams"][0]["fte"] == 6
    finally:
        context.close()


def test_a_new_build_shows_on_the_next_visit(browser: object, built_site: BuiltSite, tmp_path: Path) -> None:
    # A copy of the built site on a server of its own (its own origin, so its
    # own service worker). A "new build" changes one page and rewrites sw.js,
    # as the build does (hooks/service_worker.py).
    site = tmp_path / "site"
    shutil.copytree(built_site.root, site)
    hook = _load_hook()
    glossary = site / "glossary" / "index.html"
    with serve(site) as base:
        # Without Playwright's request routing, which answered the offline
        # service worker's fetch from the browser's cache of the old page.
        context = browser.new_context(service_workers="allow")  # type: ignore[attr-defined]
        try:
            page = context.new_page()
            page.goto(base + "/glossary/")
            installed(page)
            old_sw = (site / "sw.js").read_text(encoding="utf-8")
            page.close()
            # The new build.
            marker = "Rebuilt-7c1e: this glossary is from the new build."
            glossary.write_text(glossary.read_text(encoding="utf-8").replace("</h1>", f"</h1><p>{marker}</p>", 1), encoding="utf-8")
            hook.write_service_worker(site)
            assert (site / "sw.js").read_text(encoding="utf-8") != old_sw
            # The next visit shows it.
            page = context.new_page()
            page.goto(base + "/glossary/")
            assert page.get_by_text(marker).count() == 1
            # And the service worker keeps the new page in place of the old
            # one: only the new one is there.
            wait_until(
                page,
                """async (marker) => {
                     const texts = [];
                     for (const name of await caches.keys()) {
                       const cache = await caches.open(name);
                       for (const request of await cache.keys()) {
                         if (new URL(request.url).pathname === '/glossary/index.html') texts.push(await (await cache.match(request)).text());
                       }
                     }
                     return texts.length === 1 && texts[0].includes(marker);
                   }""",
                marker, timeout_ms=SLOW_MS, what="the new build's glossary kept, and the old one gone",
            )
            # The new build's worker installs and takes over without fetching any Python:
            # this reader never loaded a calculator (it carries a runtime over only for a
            # reader who has one). update() returns the update already under way, if any.
            wait_until(page, """async () => { const registration = await navigator.serviceWorker.getRegistration();
                await registration.update(); return !registration.installing && !registration.waiting; }""",
                       timeout_ms=SLOW_MS, what="the new build's worker installed and in control")
            assert page.evaluate(_RUNTIME_CACHED) == [], "the new build's worker fetched Python for a reader who never used it"
            page.close()
            # Offline, the next visit shows the new build too, from what was kept.
            context.set_offline(True)
            offline = context.new_page()
            offline.goto(base + "/glossary/")
            assert offline.get_by_text(marker).count() == 1
        finally:
            context.close()


# Issue 30, item 8: the runtime cache keeps each runtime file once, whatever
# query it is asked with, and the page's `cache-runtime` message adds only the
# site's own runtime files. Before the fix twenty `?junk=N` requests of one
# file were twenty entries (213 MB for pyodide.asm.wasm), and the message
# cached any address under the runtime's folders, queries included.
_CACHE_KEYS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith('calculators-runtime-')) continue;
    for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
  }
  return urls.sort();
}"""


def test_the_runtime_cache_ignores_queries_and_takes_only_runtime_files(browser: object, site_server: SiteServer) -> None:
    context = browser.new_context(service_workers="allow")  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.goto(site_server.url("/calculators/caseload/"))
        installed(page)
        # The runtime's addresses as the page gives them to its worker (no Python is started).
        pyodide = page.evaluate("new URL(document.querySelector('.calculator').getAttribute('data-pyodide-url'), document.baseURI).href")
        wheel = page.evaluate("new URL(document.querySelector('.calculator').getAttribute('data-wheel-url'), document.baseURI).href")
        lock, stdlib = pyodide + "pyodide-lock.json", pyodide + "python_stdlib.zip"
        # Twenty requests of one runtime file, each with its own query, through the service worker.
        statuses = page.evaluate(
            "async (url) => { const out = []; for (let i = 0; i < 20; i++) out.push((await fetch(`${url}?junk=${i}`)).status); return out; }", lock)
        assert statuses == [200] * 20
        wait_until(page, f"async () => ({_CACHE_KEYS})().then((urls) => urls.some((url) => url.startsWith({json.dumps(lock)})))",
                   what="the lock file in the runtime cache")
        assert page.evaluate(_CACHE_KEYS) == [lock], "a query made another copy of a runtime file"
        # The message: other files of the site, another host, an address that climbs out of the
        # runtime's folder, a file that is not the runtime's, and two runtime files with queries.
        page.evaluate(
            """(urls) => navigator.serviceWorker.ready.then((registration) =>
                 registration.active.postMessage({ type: 'cache-runtime', urls }))""",
            [site_server.url("/index.html"), site_server.url("/sw.js"), "https://example.org/pyodide.asm.wasm",
             pyodide + "../../../index.html", pyodide + "not-a-runtime-file.js", wheel + "?x=1", stdlib + "?junk=1",
             stdlib + "?junk=2", 42, None],
        )
        expected = sorted([lock, wheel, stdlib])
        wait_until(page, f"async () => ({_CACHE_KEYS})().then((urls) => urls.length >= 3)", what="the message's runtime files cached")
        page.wait_for_timeout(500)
        assert page.evaluate(_CACHE_KEYS) == expected
    finally:
        context.close()


# Issue 30, item 2: a new build reaches a returning reader's calculators,
# online and then offline, from a server that sends Last-Modified and no
# Cache-Control (Python's http.server, as here, and many intranet servers).
# Before the fix the second visit ran the old page scripts (asked for at the
# same address, and answered by the browser's HTTP cache) against the old
# wheel (the same address too, answered by the runtime cache or the HTTP
# cache), and the new build's runtime cache was filled with the old wheel.
REBUILT = "rebuilt-3f9a"
# A label in a page script (the heading scenarios.js draws) and one in the wheel
# (a column of caseload's team table, in the result Python sends the page).
PAGE_LABEL = ('text: "Compare scenarios"', f'text: "Compare scenarios ({REBUILT})"')
WHEEL_LABEL = ('Column("caseload_per_fte", "Cases per FTE"', f'Column("caseload_per_fte", "Cases per FTE ({REBUILT})"')


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r} is not there; has the label moved?"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _labels(page: object) -> tuple[str, str]:
    """The scenarios heading the page script drew, and the result the browser's Python sent for an edit."""
    heading = page.locator(".calculator-scenarios h2").text_content()  # type: ignore[attr-defined]
    give_intent(page)
    ready(page)
    set_field(page, "teams[0].fte", "6")
    assert answer_for(page) == "computed"
    return heading, page.locator("[data-calculator-result]").text_content()  # type: ignore[attr-defined]


def test_a_new_build_reaches_the_calculators_of_a_returning_reader(browser: object, built_site: BuiltSite, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    # The first build is the checkout's, as the session built it, copied onto a server
    # of its own (as test_a_new_build_shows_on_the_next_visit does) rather than built
    # again from the unchanged copy: a full build is a minute or two of the suite. Built
    # for the session's address, only its canonical links and sitemap name that other
    # port, and this test follows neither (it opens each page by its address).
    site = tmp_path / "site"
    shutil.copytree(built_site.root, site)
    with serve(site) as base:
        # Published a month ago: with Last-Modified that old and no Cache-Control the
        # browser may reuse a stored file for days without asking (heuristic freshness,
        # a tenth of its age), as it does on a server that has held the site a while.
        month_ago = time.time() - 30 * 24 * 3600
        for path in site.rglob("*"):
            os.utime(path, (month_ago, month_ago))
        context = browser.new_context(service_workers="allow")  # type: ignore[attr-defined]
        try:
            url = base + "/calculators/caseload/"
            page = context.new_page()
            page.goto(url)
            installed(page)
            heading, result = _labels(page)
            assert REBUILT not in heading and REBUILT not in result
            wait_until(page, f"""async () => {{ const urls = await ({_RUNTIME_CACHED})();
                return {json.dumps(list(RUNTIME_FILES))}.every((f) => urls.some((u) => u.endsWith(f))); }}""",
                       timeout_ms=60_000, what="the first build's runtime in the service worker's cache")
            page.close()
            # The new build, with a new label in a page script and one in the wheel.
            _edit(project / "docs" / "javascripts" / "calculator" / "scenarios.js", *PAGE_LABEL)
            _edit(project / "calculators" / "caseload" / "present.py", *WHEEL_LABEL)
            build(project, site, base + "/")
            # The next visit, online: the new page script and the new wheel.
            page = context.new_page()
            page.goto(url)
            heading, result = _labels(page)
            assert REBUILT in heading, f"the old page script ran: {heading!r}"
            assert f"Cases per FTE ({REBUILT})" in result, "the old wheel answered"
            # The new build's service worker keeps the new runtime and wheel as it installs: the
            # runtime carried over from the old cache, the new wheel fetched. (The old worker
            # can stay in control of this page until it closes, and knows nothing of the new
            # wheel: the new worker's activation waited for that in some runs, and the test
            # failed without the carry-over.)
            wheel = page.evaluate("new URL(document.querySelector('.calculator').getAttribute('data-wheel-url'), document.baseURI).href")
            wait_until(page, f"""async () => {{ const urls = await ({_RUNTIME_CACHED})();
                return urls.includes({json.dumps(wheel)})
                  && {json.dumps(list(RUNTIME_FILES))}.every((f) => urls.some((u) => u.endsWith(f))); }}""",
                       timeout_ms=SLOW_MS, what="the new build's runtime and wheel in the service worker's cache")
            page.close()
            # Offline after that: the new build's calculators, from the service worker's caches.
            context.set_offline(True)
            page = context.new_page()
            page.goto(url)
            heading, result = _labels(page)
            assert REBUILT in heading, f"offline, the old page script ran: {heading!r}"
            assert f"Cases per FTE ({REBUILT})" in result, "offline, the old wheel answered"
        finally:
            context.close()
