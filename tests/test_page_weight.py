"""What the built site makes each page carry (issue 16, goals 3, 4 and 5), read from the files.

Stylesheets only where they are used; gzip copies of the large files that
decompress to the files themselves; and a service worker whose precache is
the whole site but never the Python runtime.
"""

from __future__ import annotations

import gzip
import json
import re

from conftest import BuiltSite

import calculators

CALCULATORS_CSS = re.compile(r'<link rel="stylesheet" href="[^"]*stylesheets/calculators\.css"')


def test_the_calculator_stylesheet_is_on_calculator_pages_only(built_site: BuiltSite) -> None:
    with_sheet, without = [], []
    for page in built_site.pages():
        html = (built_site.root / page).read_text(encoding="utf-8")
        # The business case page uses the calculators' buttons, tables and status line too.
        has_calculator = 'class="calculator" data-calculator=' in html or 'class="calculator business-case" data-business-case' in html
        has_sheet = bool(CALCULATORS_CSS.search(html))
        (with_sheet if has_sheet else without).append(page)
        assert has_sheet == has_calculator, page
    # One page per calculator (docs/calculators/*.md with `calculator:` in their front matter), and the business case page.
    assert len(with_sheet) == len(calculators.list_calculators()) + 1, with_sheet
    assert without


def test_large_files_have_gzip_copies_that_match(built_site: BuiltSite) -> None:
    # The runtime's folder is named after its content (hooks/calculator_pages.py).
    (runtime,) = built_site.root.glob("assets/calculators/pyodide/*/")
    wasm = runtime / "pyodide.asm.wasm"
    for path in (wasm, built_site.root / "search/search_index.json", built_site.root / "index.html"):
        packed = path.with_name(path.name + ".gz")
        assert packed.exists(), packed
        assert gzip.decompress(packed.read_bytes()) == path.read_bytes()
        assert packed.stat().st_size < 0.9 * path.stat().st_size
    # Already-compressed zip files get none (gzip would save under 10 %).
    assert not (runtime / "python_stdlib.zip.gz").exists()


def test_the_service_worker_precaches_the_site_but_not_python(built_site: BuiltSite) -> None:
    text = (built_site.root / "sw.js").read_text(encoding="utf-8")
    manifest = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", text).group(1))
    urls = {entry["url"] for entry in manifest}
    # Every page of the site is in it, so all of them open offline after one visit.
    assert {page.as_posix() for page in built_site.pages()} <= urls
    assert "javascripts/calculator/worker.js" in urls
    assert "javascripts/calculator/case-page.js" in urls  # the business case page works offline too
    # Nothing of the runtime or the wheel: a reader who never calculates never downloads Python.
    assert not [u for u in urls if u.startswith(("assets/calculators/pyodide/", "assets/calculators/wheel/"))]
    assert not [u for u in urls if u.endswith(".gz")]
    # Every revision is the file's digest, so a changed file has a new one.
    assert all(re.fullmatch(r"[0-9a-f]{16}", entry["revision"]) for entry in manifest)
    assert "__PRECACHE_MANIFEST__" not in text and "__RUNTIME_DIGEST__" not in text and "__RUNTIME_FILES__" not in text
