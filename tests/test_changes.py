"""What's changed: the changelog page, the Atom feed and the footer links (issue 17)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import changes
from conftest import BuiltSite

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_feed_is_valid_atom_and_lists_the_changes(built_site: BuiltSite) -> None:
    root = ET.parse(built_site.root / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    # RFC 4287 §4.1.1: a feed has exactly one id, title and updated, and an author.
    for tag in ("id", "title", "updated", "author"):
        assert len(root.findall(f"{ATOM}{tag}")) == 1, tag
    entries = root.findall(f"{ATOM}entry")
    rows = changes.changes()
    assert len(entries) == len(rows) > 0
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        for tag in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{tag}"), tag
        assert entry.findtext(f"{ATOM}updated").endswith("T00:00:00Z")
    titles = " | ".join(e.findtext(f"{ATOM}title") for e in entries)
    # Issue 12 (git log a1a9edf): the Glasgow audit's year, national sources updated.
    assert "Glasgow's spending audit: the year of its figures" in titles
    assert "National sources brought to their latest editions" in titles
    # This changes.
    assert "Accessibility statement published" in titles
    assert "Multi Systemic Therapy: public evidence rating added" in titles


def test_a_figure_change_shows_old_and_new_values(built_site: BuiltSite) -> None:
    page = (built_site.root / "changes" / "index.html").read_text(encoding="utf-8")
    # data/changes.csv, row glasgow-case-points: 100 → 85 points (Wirral's scheme, 100 less 15).
    assert "100 → 85 (inferred: 100 less 15 stable points)" in page
    assert 'href="../feed.xml"' in page


def test_every_page_links_the_statement_and_the_changes_in_its_footer(built_site: BuiltSite) -> None:
    pages = [p for p in built_site.pages() if p.name == "index.html"]
    assert len(pages) > 50
    for page in pages:
        html_text = (built_site.root / page).read_text(encoding="utf-8")
        if "md-copyright" not in html_text:
            continue
        footer = html_text.split("md-copyright", 1)[1]
        # (On the statement's own page its link is "./", so check the links' words and the feed's address.)
        for words in (">Accessibility statement</a>", ">What's changed</a>", 'feed.xml" type="application/atom+xml">'):
            assert words in footer, f"{page}: no footer link {words}"
