"""What the built site makes each page carry (issue 16, goals 3, 4 and 5), read from the files.

Stylesheets only where they are used; gzip copies of the large files that
decompress to the files themselves; and a service worker whose precache is
the whole site but never the Python runtime.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re

from conftest import ROOT, BuiltSite

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


def test_the_service_worker_can_keep_the_whole_site_but_not_python(built_site: BuiltSite) -> None:
    text = (built_site.root / "sw.js").read_text(encoding="utf-8")
    manifest = json.loads(re.search(r"const SITE_FILES = (\[.*?\]);", text).group(1))
    urls = {entry["url"] for entry in manifest}
    # Every page of the site is in it, so all of them open offline once the reader keeps the site.
    assert {page.as_posix() for page in built_site.pages()} <= urls
    assert "javascripts/calculator/worker.js" in urls
    assert "javascripts/calculator/case-page.js" in urls  # the business case page works offline too
    # Nothing of the runtime or the wheel: a reader who never calculates never downloads Python.
    assert not [u for u in urls if u.startswith(("assets/calculators/pyodide/", "assets/calculators/wheel/"))]
    assert not [u for u in urls if u.endswith(".gz")]
    # Every revision is the file's digest, so a changed file has a new one.
    assert all(re.fullmatch(r"[0-9a-f]{16}", entry["revision"]) for entry in manifest)
    assert "__PRECACHE_MANIFEST__" not in text and "__RUNTIME_DIGEST__" not in text and "__RUNTIME_FILES__" not in text


def test_the_offline_control_states_the_size_the_build_measured(built_site: BuiltSite) -> None:
    """The footer's "Keep this site for offline use" says what the hook measured of this build (issue 31)."""
    spec = importlib.util.spec_from_file_location("service_worker_hook", ROOT / "hooks" / "service_worker.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)  # type: ignore[union-attr]
    packed, raw = hook.offline_size(built_site.root)
    assert 0 < packed < raw
    text = (built_site.root / "index.html").read_text(encoding="utf-8")
    about = re.search(r"a download of about ([0-9.]+)&nbsp;MB\s+\(up to ([0-9.]+)&nbsp;MB", text)
    assert about, "the footer's offline note is missing its sizes"
    # Written before the sizes went into the pages, which changed them by a few bytes: within 0.1 MB.
    assert abs(float(about.group(1)) - packed / 1e6) <= 0.1 and abs(float(about.group(2)) - raw / 1e6) <= 0.1
