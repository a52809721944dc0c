"""`make serve` reloads the page after an edit (issue 30, item 10).

The development server (mkdocs serve) injects an inline live-reload script
into every page it serves. The site's Content Security Policy (hooks/csp.py)
refused it, so every page logged a violation and edits showed only after a
manual reload, though the README promised a reload in seconds. Under
`mkdocs serve` the pages now carry no policy (the built site always does:
tests/test_csp.py). This test runs `make serve` in a copy of the checkout on
a free port of 127.0.0.1, opens a page, edits its Markdown, and waits for the
browser to reload and show the edit, with no policy violation on the way.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import CSP_WATCH, _is_csp_report, wait_until
from project_copy import copy_project, free_port

pytestmark = pytest.mark.browser

# The first build of the copy (about 10 s on a quiet machine) and the server's start.
START_S = 240


def _wait_for_server(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"make serve stopped (exit {proc.returncode}):\n{log.read_text()[-3000:]}", pytrace=False)
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"make serve did not answer within {START_S} s:\n{log.read_text()[-3000:]}", pytrace=False)


def test_make_serve_reloads_the_page_after_an_edit(browser: object, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        # Its own process group, so the server (a child of make) is stopped with it.
        proc = subprocess.Popen(["make", "serve", f"PORT={port}"], cwd=project, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    context = None
    try:
        url = f"http://127.0.0.1:{port}/accessibility/"
        _wait_for_server(url, proc, log)
        context = browser.new_context()  # type: ignore[attr-defined]
        context.add_init_script(script=CSP_WATCH)
        violations: list[str] = []
        page = context.new_page()
        page.on("console", lambda msg: violations.append(msg.text) if _is_csp_report(msg.text) else None)
        page.goto(url)
        # The development server's reload script is on the page and allowed to run.
        assert page.evaluate("Boolean(window.livereload)"), "the live-reload script did not run"
        page.evaluate("window.__beforeEdit = true")
        marker = "Edited-5d2a: this paragraph was added while the page was open."
        source = project / "docs" / "accessibility.md"
        source.write_text(source.read_text(encoding="utf-8") + f"\n\n{marker}\n", encoding="utf-8")
        wait_until(page, f"() => document.body && document.body.textContent.includes({marker!r})",
                   timeout_ms=120_000, what="the page to reload with the edit")
        # A new document, loaded by the page itself: the script state from before the edit is gone.
        assert page.evaluate("window.__beforeEdit === undefined")
        assert violations == [], violations
    finally:
        if context is not None:
            context.close()
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
