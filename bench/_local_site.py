"""Build the site, serve it on 127.0.0.1, and start Debian's Chromium.

Shared by the browser tests (tests/conftest.py) and the browser benchmark
(bench/browser.py), so both measure the same site the same way.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "ROOT", "build_site", "serve", "served_site_in_chromium"]

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
# Flags for Chromium on these machines: no sandbox as root, and no background
# traffic to Google's hosts (the network is closed and would refuse it).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def build_site(out: Path, site_url: str | None = None) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of this checkout into ``out``; the caller checks the result.

    ``site_url`` is where the site will be served (``SITE_URL`` in mkdocs.yml):
    Material's instant navigation only follows links listed in sitemap.xml
    at that address, so a site served on a test port is built for that port.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if site_url is not None:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    # Pyodide needs WebAssembly served as application/wasm to compile it
    # while it streams in; .mjs must be JavaScript for module workers.
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".whl": "application/zip",
    }

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


@contextmanager
def serve(directory: Path, handler_class: type = _QuietHandler) -> Iterator[str]:
    """Serve ``directory`` on a free port of 127.0.0.1; yields the base URL (no trailing slash).

    The port is bound before anything is served, and files are read at each
    request, so a caller can build the site into ``directory`` for the URL it
    is given (see :func:`build_site`).
    """
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def served_site_in_chromium() -> Iterator[tuple[Path, str, Any]]:
    """For a browser benchmark: the site built into a temporary folder for the
    address it is served at on 127.0.0.1, and Debian's Chromium started.

    Yields ``(site folder, base URL, browser)``; stops all three afterwards.
    Exits with a message when Chromium is missing or the build fails.
    """
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise SystemExit(f"Chromium is missing at {CHROMIUM}: run `make chromium`")
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        site.mkdir()
        with serve(site) as base, sync_playwright() as playwright:
            proc = build_site(site, site_url=base + "/")
            if proc.returncode != 0:
                raise SystemExit(f"mkdocs build failed:\n{proc.stdout}{proc.stderr}")
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                yield site, base, browser
            finally:
                browser.close()
