"""What a first visit to the home page downloads, service worker included (issue 31).

The site is built and served gzip-compressed as a real server would (the
build's ``.gz`` copies, as in bench/lighthouse.py), and the server counts
the bytes of every response body it sends, whoever asked: the page, its
scripts, or the service worker in the background. Two fresh browser
contexts (empty caches):

* the page's own weight: the home page opened with service workers blocked,
  until the network has been quiet for half a second;
* a first visit: the home page opened as a reader opens it, service worker
  allowed, and everything the server sent in the next 20 seconds.

Goal (issue 31): the first visit transfers at most twice the page's own
weight. Counted at the server, so nothing the browser does in a worker or
in the background is missed; response headers are not counted (a few
hundred bytes per response).
"""

from __future__ import annotations

import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench._local_site import CHROMIUM, CHROMIUM_ARGS, build_site, serve
from bench.lighthouse import _GzipStaticHandler

PAGE = "/"
WINDOW_S = 20
GOAL_RATIO = 2.0


class _CountingHandler(_GzipStaticHandler):
    """Adds the size of every response body it sends to ``sent`` (shared by all its threads)."""

    sent = {"bytes": 0, "responses": 0, "search_index": 0}
    lock = threading.Lock()

    def copyfile(self, source, outputfile) -> None:  # noqa: ANN001 - the standard library's signature
        start = source.tell()
        super().copyfile(source, outputfile)
        with self.lock:
            self.sent["bytes"] += source.tell() - start
            self.sent["responses"] += 1
            if self.path.split("?")[0].endswith("/search/search_index.json"):
                self.sent["search_index"] += source.tell() - start


def _reset() -> None:
    with _CountingHandler.lock:
        _CountingHandler.sent.update(bytes=0, responses=0, search_index=0)


def _taken() -> dict[str, int]:
    with _CountingHandler.lock:
        return dict(_CountingHandler.sent)


def measure(site: Path, browser: Any, page_path: str = PAGE, window_s: float = WINDOW_S) -> dict[str, Any]:
    """The page's own weight and a first visit's bytes, for a built ``site`` (served here, counted at the server)."""
    with serve(site, _CountingHandler) as base:
        _reset()
        context = browser.new_context(service_workers="block")
        page = context.new_page()
        page.goto(base + page_path)
        page.wait_for_load_state("networkidle")
        context.close()
        own = _taken()
        _reset()
        context = browser.new_context(service_workers="allow")
        page = context.new_page()
        started = time.monotonic()
        page.goto(base + page_path)
        page.wait_for_timeout(max(0.0, window_s - (time.monotonic() - started)) * 1000)
        first = _taken()
        context.close()
    return {"own": own, "first_visit": first, "ratio": first["bytes"] / own["bytes"], "search_index_bytes": first["search_index"]}


def run() -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise SystemExit(f"Chromium is missing at {CHROMIUM}: run `make chromium`")
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        proc = build_site(site)
        if proc.returncode != 0:
            raise SystemExit(f"mkdocs build failed:\n{proc.stdout}{proc.stderr}")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                result = measure(site, browser)
            finally:
                browser.close()
    own, first, ratio = result["own"], result["first_visit"], result["ratio"]
    rows = [
        ["home page's own weight (service worker blocked)", f"{own['bytes'] / 1e3:,.0f} kB", f"{own['responses']} responses"],
        [f"first visit to the home page, {WINDOW_S} s (service worker allowed)", f"{first['bytes'] / 1e3:,.0f} kB",
         f"{first['responses']} responses; {ratio:.2f} × the page's own weight; goal ≤ {GOAL_RATIO:.0f} ×"],
    ]
    return {
        "title": "A first visit's download (site served gzip-compressed on 127.0.0.1; response bodies counted at the server)",
        "columns": ["measure", "bytes", "note"],
        "rows": rows,
        "goal": f"a first visit transfers at most {GOAL_RATIO:.0f} × the page's own weight",
        "met": ratio <= GOAL_RATIO,
        "raw": result,
        "issue_goals": [
            {"figure": f"first visit to the home page: bytes in {WINDOW_S} s ÷ the page's own weight",
             "measured": f"{ratio:.2f} × ({first['bytes'] / 1e3:,.0f} kB ÷ {own['bytes'] / 1e3:,.0f} kB)",
             "goal": f"≤ {GOAL_RATIO:.0f} ×", "met": ratio <= GOAL_RATIO},
            {"figure": "search index downloaded by opening the home page (first visit)",
             "measured": f"{result['search_index_bytes'] / 1e3:,.0f} kB", "goal": "0 (only when the reader goes to search)",
             "met": result["search_index_bytes"] == 0},
        ],
    }
