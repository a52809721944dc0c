"""The worked examples (docs/notebooks/*.ipynb): they run, their outputs are real, and the pages stay light.

The notebooks are committed with their outputs, and the site renders them
without running them (mkdocs-jupyter ``execute: false``), so ``make serve``
stays quick. These tests keep the outputs honest: each notebook is run
again from the top, in a fresh kernel on this environment's Python, and
every text output (``text/plain``) must match the committed one. Charts are
PNG images whose bytes may differ between matplotlib builds; their figures
are in the text outputs and the alt text beside them.

To refresh the outputs after changing a notebook, the data or the
calculators, run ``make notebooks``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, BuiltSite
from nbclient import NotebookClient

NOTEBOOK_DIR = ROOT / "docs" / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
EXPECTED = {"glasgow-2017-18-saving", "caseload-target", "foster-care-shift", "mst-business-case", "edge-of-care-forecast"}
_REFRESH = "make notebooks"  # re-runs every notebook in place (see the Makefile)

# Material's search index (site/search/search_index.json). Measured when this
# test was written (November 2026: the knowledge base, the calculators, five
# datasets and the three worked examples): 475,974 bytes in all; the notebook
# pages took 20,927 (their prose) and the data catalogue pages 34,065. With
# the notebooks' code and outputs and the datasets' rows left in the index it
# was 646,604 bytes (notebooks 69,938; data pages 153,970). The budget leaves
# room for more pages, not for code, outputs or rows. December 2026: raised
# from 600,000 for the care population forecast, whose calculator page,
# method page and worked example add about 35,000 bytes of prose (the
# index was then about 615,000). Then raised to 660,000 when the glossary
# gave each term a heading of its own, so that search finds the entry by its
# name (the glossary's entries grew to about 75,000 bytes), and the changes
# page was rewritten for readers: the index was 642,539 bytes. Code, outputs
# or rows leaking back in would add over 150,000 and still fail here; making
# the index itself lighter to load is the speed work's (it is fetched on
# every page today).
SEARCH_INDEX_BUDGET = 660_000        # the whole index, in bytes
NOTEBOOK_SHARE_BUDGET = 12_000       # one notebook page's entries, in bytes


@pytest.fixture(scope="module")
def kernel_name(tmp_path_factory: pytest.TempPathFactory, monkeypatch_module: pytest.MonkeyPatch) -> str:
    """A kernel spec for *this* Python (the project's venv, where calculators is installed).

    ipykernel installs a ``python3`` spec into the venv, but a ``python3`` spec
    in the user's own Jupyter folders would take precedence and could point
    at another Python. A spec of our own, first on JUPYTER_PATH, cannot.
    """
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / "csc-tests"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps({
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python (project venv)",
            "language": "python",
        }),
        encoding="utf-8",
    )
    monkeypatch_module.setenv("JUPYTER_PATH", str(root))
    return "csc-tests"


@pytest.fixture(scope="module")
def monkeypatch_module() -> pytest.MonkeyPatch:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def _text_outputs(nb: nbformat.NotebookNode) -> list[tuple[int, str]]:
    """Every code cell's text outputs, in order: streams and text/plain."""
    out = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                out.append((index, output.text))
            elif output.output_type in ("execute_result", "display_data"):
                out.append((index, output.data.get("text/plain", "")))
            elif output.output_type == "error":
                out.append((index, f"{output.ename}: {output.evalue}"))
    return out


def test_the_three_worked_examples_are_there() -> None:
    assert EXPECTED <= {p.stem for p in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_committed_notebook_was_run_in_full(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), (
        f"{path.name} was not run once from top to bottom (execution counts {counts}): {_REFRESH}"
    )
    errors = [o for c in code for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    charts = [o for c in code for o in c.get("outputs", []) if "<img " in o.get("data", {}).get("text/html", "")]
    assert len(charts) >= 2, f"{path.name} has {len(charts)} charts"
    for chart in charts:
        assert re.search(r'alt="[^"]{40,}"', chart.data["text/html"]), "every chart needs a description (alt text)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_notebook_runs_and_gives_the_committed_figures(path: Path, kernel_name: str) -> None:
    committed = nbformat.read(path, as_version=4)
    fresh = nbformat.read(path, as_version=4)
    NotebookClient(
        fresh, kernel_name=kernel_name, timeout=120, allow_errors=False, record_timing=False,
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    ).execute()
    expected, got = _text_outputs(committed), _text_outputs(fresh)
    assert got == expected, (
        f"{path.name} gives different figures when run again: refresh its outputs with\n  {_REFRESH}\n"
        "and check the differences before committing."
    )


# The rendered pages --------------------------------------------------------------------


def _page(built_site: BuiltSite, stem: str) -> str:
    return (built_site.root / "notebooks" / stem / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_page_offers_its_notebook_for_download(built_site: BuiltSite, path: Path) -> None:
    html = _page(built_site, path.stem)
    assert f'href="{path.name}" download="{path.name}"' in html
    served = built_site.root / "notebooks" / path.stem / path.name
    assert served.read_bytes() == path.read_bytes()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_page_shows_its_charts_as_images(built_site: BuiltSite, path: Path) -> None:
    html = _page(built_site, path.stem)
    images = re.findall(r"<img\b[^>]*>", html)
    # Each chart is a PNG file beside the page (hooks/notebook_pages.py takes it out of the HTML).
    folder = built_site.root / "notebooks" / path.stem
    charts = [
        i for i in images
        if (m := re.search(r'src="(figure-[0-9a-f]{12}\.png)"', i)) and (folder / m[1]).stat().st_size > 1000
    ]
    assert len(charts) >= 2, f"{path.stem}: {len(charts)} charts on the page"
    assert all(re.search(r'alt="[^"]{40,}"', chart) for chart in charts), "a chart has no description"
    # Each with its size, so the browser keeps its space before it arrives (issue 31). The PNG's own
    # size, read here with Pillow (a dependency of matplotlib, which drew the charts), not the hook's reader.
    from PIL import Image

    for chart in charts:
        name = re.search(r'src="(figure-[0-9a-f]{12}\.png)"', chart)[1]
        with Image.open(folder / name) as image:
            assert f'width="{image.width}" height="{image.height}"' in chart, chart[-120:]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_pages_load_nothing_from_another_host(built_site: BuiltSite, path: Path) -> None:
    html = _page(built_site, path.stem)
    assert not re.findall(r'<script[^>]*\bsrc="(?:https?:)?//', html)
    assert "cdnjs" not in html and "require.js" not in html and "mathjax" not in html.lower()
    assert not re.findall(r'import\(\s*"https?://', html)


def test_the_search_index_stays_small(built_site: BuiltSite) -> None:
    path = built_site.root / "search" / "search_index.json"
    size = path.stat().st_size
    assert size <= SEARCH_INDEX_BUDGET, f"search_index.json is {size:,} bytes; the budget is {SEARCH_INDEX_BUDGET:,}"
    docs = json.loads(path.read_text(encoding="utf-8"))["docs"]
    for stem in EXPECTED:
        entries = [d for d in docs if d["location"].startswith(f"notebooks/{stem}/")]
        share = sum(len(json.dumps(d, ensure_ascii=False).encode()) for d in entries)
        assert entries, f"notebooks/{stem} is not in the search index at all"
        assert share <= NOTEBOOK_SHARE_BUDGET, f"notebooks/{stem} takes {share:,} bytes of the search index"
        text = " ".join(d["text"] for d in entries)
        assert "def show_chart" not in text and "plt.subplots(" not in text, f"code from {stem} is in the search index"
        assert "plain English" in text, f"the prose of {stem} is missing from the search index"


def test_dataset_rows_stay_out_of_the_search_index(built_site: BuiltSite) -> None:
    docs = json.loads((built_site.root / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    glossary = [d for d in docs if d["location"].startswith("data/glossary/")]
    assert any(d["title"] == "Data dictionary" for d in glossary), "the dataset page itself must stay searchable"
    text = " ".join(d["text"] for d in glossary)
    from datasets import load_dataset

    definitions = [" ".join(v.split())[:60] for v in load_dataset("glossary")["definition"]]
    leaked = [d for d in definitions if d in text]
    assert leaked == [], f"{len(leaked)} rows of the glossary dataset are in the search index"


# Weight (issue 16 item 5, issue 17): nbconvert's CSS in one shared stylesheet.

NOTEBOOK_HTML_BUDGET = 200_000  # bytes: issue 16's goal for a notebook page's HTML


def test_notebook_pages_are_small_and_share_one_stylesheet(built_site: BuiltSite) -> None:
    pages = sorted((built_site.root / "notebooks").glob("*/index.html"))
    notebook_pages = [p for p in pages if list(p.parent.glob("*.ipynb"))]
    assert len(notebook_pages) == len(list((ROOT / "docs" / "notebooks").glob("*.ipynb")))
    for page in notebook_pages:
        html_text = page.read_text(encoding="utf-8")
        assert len(html_text.encode()) <= NOTEBOOK_HTML_BUDGET, f"{page}: {len(html_text.encode()):,} bytes"
        assert "<style" not in html_text, f"{page}: CSS left inline"
        assert not re.search(r'<img[^>]*src="data:', html_text), f"{page}: an image left inline"
        assert 'href="../../assets/stylesheets/nbconvert.css"' in html_text
        assert 'href="../../stylesheets/notebooks.css"' in html_text
        for src in re.findall(r'<img[^>]*\bsrc="([^"]+)"', html_text):
            assert (page.parent / src).is_file(), f"{page}: {src} is missing"
    css = (built_site.root / "assets" / "stylesheets" / "nbconvert.css").read_text(encoding="utf-8")
    assert ".jp-Cell" in css and ".dataframe" in css


# The CSS a notebook page loads: nbconvert's, pruned to the rules the pages can
# use (hooks/css_prune.py), and the site's own notebooks.css. Measured when the
# pruning came in: 16.2 KB + 7.7 KB raw, 2.7 KB + 2.4 KB gzipped (against 591 KB
# and 89 KB gzipped for nbconvert's alone before). The budget leaves room for a
# new kind of output (a chart, a table style) but not for JupyterLab's theme.
NOTEBOOK_CSS_BUDGET = 40_000  # bytes, raw
NOTEBOOK_CSS_GZIP_BUDGET = 8_000  # bytes, gzipped (level 9, as hooks/precompress.py writes)


def _notebook_css(built_site: BuiltSite) -> str:
    return "".join(
        (built_site.root / sheet).read_text(encoding="utf-8")
        for sheet in ("assets/stylesheets/nbconvert.css", "stylesheets/notebooks.css")
    )


def test_notebook_pages_css_stays_within_its_budget(built_site: BuiltSite) -> None:
    import gzip

    css = _notebook_css(built_site).encode()
    assert len(css) <= NOTEBOOK_CSS_BUDGET, f"notebook pages' CSS is {len(css):,} bytes"
    packed = len(gzip.compress(css, compresslevel=9))
    assert packed <= NOTEBOOK_CSS_GZIP_BUDGET, f"notebook pages' CSS is {packed:,} bytes gzipped"


def _selector_classes(css: str) -> list[set[str]]:
    """Each selector's classes (those under ``:not()`` left out), from a stylesheet's rules, ``@media`` too."""
    import tinycss2

    out: list[set[str]] = []

    def walk(rules: list) -> None:
        for rule in rules:
            if rule.type == "qualified-rule":
                for selector in tinycss2.serialize(rule.prelude).split(","):
                    selector = re.sub(r":not\([^()]*\)", "", selector)
                    out.append(set(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", selector)))
            elif rule.type == "at-rule" and rule.content and rule.lower_at_keyword == "media":
                walk(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))

    walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
    return out


def test_pruned_notebook_css_keeps_a_rule_for_every_class_it_styled(built_site: BuiltSite) -> None:
    """Every class on the notebook pages that nbconvert's full CSS could style is still in the shipped CSS.

    The full CSS is made again here as mkdocs-jupyter makes it (its converter,
    the hook's extraction); "could style" is judged by classes alone, not by
    the hook's selector matching: a selector could apply when every class in it
    is on some notebook page.
    """
    sys.path.insert(0, str(ROOT / "hooks"))
    from mkdocs_jupyter import convert
    from notebook_pages import move_styles_out

    blocks: dict[str, str] = {}
    move_styles_out(convert.nb2html(str(NOTEBOOKS[0]), execute=False), blocks)
    full_css = "\n".join(blocks.values())
    pages = [p.read_text(encoding="utf-8") for p in sorted((built_site.root / "notebooks").glob("*/index.html"))]
    used = {name for page in pages for value in re.findall(r'\bclass="([^"]*)"', page) for name in value.split()}
    styled_before = {c for selector in _selector_classes(full_css) if selector and selector <= used for c in selector}
    assert {"jp-Cell", "jp-OutputArea-output", "dataframe"} <= styled_before  # the check sees the pages' classes
    shipped = (built_site.root / "assets" / "stylesheets" / "nbconvert.css").read_text(encoding="utf-8")
    styled_after = {c for selector in _selector_classes(shipped) for c in selector}
    # Classes whose every rule needs a structure the pages do not have (checked
    # below with soupsieve): their rules can match nothing, so pruning drops them.
    unmatched = {"jp-mod-noOutputs": ".jupyter-wrapper .jp-Cell.jp-mod-noOutputs .jp-Cell-outputCollapser"}
    assert sorted(styled_before - styled_after) == sorted(unmatched)
    from bs4 import BeautifulSoup

    soups = [BeautifulSoup(page, "html.parser") for page in pages]
    for name, selector in unmatched.items():
        assert selector in full_css, f"{name}: nbconvert's rule has changed"
        assert all(soup.select_one(selector) is None for soup in soups), f"{selector} matches a notebook page now"
    assert len(shipped) < len(full_css) / 10, "the shipped CSS is not pruned"


def test_notebook_stylesheets_only_on_the_pages_that_use_them(built_site: BuiltSite) -> None:
    for page in ("index.html", "strategies/glasgow-transformation-2017/index.html", "services/index.html", "glossary/index.html"):
        html_text = (built_site.root / page).read_text(encoding="utf-8")
        assert "nbconvert.css" not in html_text and "notebooks.css" not in html_text, page
