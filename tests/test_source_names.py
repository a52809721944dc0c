"""A reader never sees a source document's raw file name: each is named by its publisher, title and date.

``data/`` cites the five council documents by their text files' names
(``001_dd7aaa1f7c121c62.txt Appendix 2, action 1``); the pages, the
calculators' results and the worked examples name the document instead
(``hooks/source_names.py`` at build time, ``calculators/source_names.py`` in
the browser).
"""

from __future__ import annotations

import csv
import html
import re

import pytest
import source_names
from bs4 import BeautifulSoup
from conftest import ROOT, BuiltSite
from mkdocs.exceptions import PluginError

RAW = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")

# The data catalogue publishes each CSV as it is: its table of every row keeps the file names,
# as the downloads do (its list of sources names each document, the value as written under it in code).
_DATA_AS_WRITTEN = ("div.dataset-rows",)


def _row(source_id: str) -> dict[str, str]:
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8", newline="") as f:
        return next(row for row in csv.DictReader(f) if row["id"] == source_id)


def test_a_known_document_reads_as_its_row_in_the_register_says() -> None:
    row = _row("000_cae6d205916c5940.txt")
    # data/sources.csv: Glasgow City Integration Joint Board, "Children's Services Transformation (item 10)", 2017-03-15.
    assert (row["publisher"], row["title"], row["date"]) == (
        "Glasgow City Integration Joint Board", "Children's Services Transformation (item 10)", "2017-03-15")
    words = source_names.source_words("000_cae6d205916c5940.txt §3.2", source_names.register(), "data/x.csv")
    assert words == f"{row['publisher']}, {row['title']} (15 March 2017), §3.2"


def test_the_place_follows_after_a_comma_and_punctuation_is_kept() -> None:
    sources = {"003_a8867a27bee914fe.txt": {"publisher": "A council", "title": "A report", "date": "2011-11-11"}}
    text = "save £100k (003_a8867a27bee914fe.txt, Savings); see 003_a8867a27bee914fe.txt."
    assert source_names.source_words(text, sources, "docs/x.md") == (
        "save £100k (A council, A report (11 November 2011), Savings); see A council, A report (11 November 2011).")


def test_an_unknown_document_stops_the_build_naming_the_file_and_the_name() -> None:
    with pytest.raises(PluginError, match=r"data/glossary\.csv: source 999_0000000000000000\.txt is not in data/sources\.csv"):
        source_names.source_words("999_0000000000000000.txt §1", source_names.register(), "data/glossary.csv")
    with pytest.raises(PluginError, match=r"docs/services/x\.md: source 999_0000000000000000\.txt"):
        source_names.source_html("(999_0000000000000000.txt)", source_names.register(), "docs/services/x.md", "../sources/")


def test_html_escapes_the_text_and_links_each_document_to_its_entry() -> None:
    sources = {"001_dd7aaa1f7c121c62.txt": {"publisher": "Board & partners", "title": "Inspection", "date": "2017"}}
    html_text = source_names.source_html("<b> 001_dd7aaa1f7c121c62.txt Appendix 2", sources, "data/x.csv", "../sources/")
    assert html_text == ('&lt;b&gt; <a href="../sources/#source-001-dd7aaa1f7c121c62-txt">Board &amp; partners, Inspection (2017)</a>,'
                         " Appendix 2")


def test_the_link_goes_to_an_anchor_the_sources_page_has(built_site: BuiltSite) -> None:
    page = (built_site.root / "sources" / "index.html").read_text(encoding="utf-8")
    for source_id in ("000_cae6d205916c5940.txt", "004_0e49056c93a6daee.txt"):
        assert f'id="{source_names.anchor(source_id)}"' in page


def test_the_calculators_name_a_document_as_the_build_does() -> None:
    from calculators.source_names import readable

    text = "000_cae6d205916c5940.txt §3.2; 002_9c3f00f77cc2d999.txt slide 7 and (001_dd7aaa1f7c121c62.txt)"
    assert readable(text) == source_names.source_words(text, source_names.register(), "test")
    # A council's own text may cite a file the register does not hold: left as written, no error in the browser.
    assert readable("999_0000000000000000.txt §1") == "999_0000000000000000.txt §1"


def _visible_raw_names(html_text: str, is_dataset_page: bool) -> list[str]:
    soup = BeautifulSoup(html_text, "html.parser")
    for tag in soup(["code", "script", "style", "template"]):
        tag.decompose()
    if is_dataset_page:
        for tag in soup.select(", ".join(_DATA_AS_WRITTEN)):
            tag.decompose()
    body = soup.body or soup
    text = " ".join(body.get_text(" ").split())
    return [text[max(0, m.start() - 60):m.end() + 20] for m in RAW.finditer(text)]


def test_no_page_shows_a_reader_a_raw_file_name(built_site: BuiltSite) -> None:
    wrong = []
    pages = built_site.pages()
    assert any(str(p) == "glossary/index.html" for p in pages) and any(str(p) == "services/index.html" for p in pages)
    for page in pages:
        is_dataset_page = re.fullmatch(r"data/[a-z_]+/index\.html", page.as_posix()) is not None
        found = _visible_raw_names((built_site.root / page).read_text(encoding="utf-8"), is_dataset_page)
        wrong += [f"{page}: …{hit}…" for hit in found[:3]]
    assert not wrong, "\n".join(wrong)


def test_the_check_finds_a_raw_name_where_a_reader_would_see_it() -> None:
    # The check above must be able to fail: a name in prose is found; in code, or in a dataset's rows, it is not.
    page = ('<html><body><p>Source: 001_dd7aaa1f7c121c62.txt §2.1</p><code>002_9c3f00f77cc2d999.txt</code>'
            '<div class="dataset-rows">003_a8867a27bee914fe.txt</div></body></html>')
    assert [h.split("Source: ")[1] for h in _visible_raw_names(page, True)] == ["001_dd7aaa1f7c121c62.txt §2.1"]
    assert len(_visible_raw_names(page, False)) == 2


def test_the_glossary_names_a_terms_source_document_and_links_to_it(built_site: BuiltSite) -> None:
    # data/glossary.csv, "absconding": source "001_dd7aaa1f7c121c62.txt Appendix 2, action 1"; the register's row
    # for that file: Glasgow City Integration Joint Board, "Services for children ... (item 27)", 2017-09-20.
    row = _row("001_dd7aaa1f7c121c62.txt")
    page = (built_site.root / "glossary" / "index.html").read_text(encoding="utf-8")
    words = html.escape(f"{row['publisher']}, {row['title']} (20 September 2017)")
    assert f'Source: <a href="../sources/#source-001-dd7aaa1f7c121c62-txt">{words}</a>, Appendix 2, action 1.' in page
