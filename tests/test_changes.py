"""What's changed: the changelog page, the Atom feed and the footer links (issue 17)."""

from __future__ import annotations

import html
import re
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
    # Every entry's title is its row's title, in the order of the page (newest first).
    assert [e.findtext(f"{ATOM}title") for e in entries] == [r["title"] for r in rows]


def test_a_figure_change_shows_old_and_new_values(built_site: BuiltSite) -> None:
    page = (built_site.root / "changes" / "index.html").read_text(encoding="utf-8")
    # data/changes.csv, row glasgow-case-points: 100 → 85 points (Wirral's scheme, 100 less 15).
    assert "100 → 85 (inferred: 100 less 15 stable points)" in page
    # row sf-caseload-target (issue 27): 615 ÷ 17.7 − 30 = 4.75 FTE × £45,500 = £215,932 (was 17.8: £207,051).
    assert "£207,051 a year; range to 15.4 → 17.7 cases per" in page and "4.75 extra" in page and "£215,932 a year" in page
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


# Written for a reader, linking the page that changed (issue 27) ----------------------------

# What a reader should never see in the change log: the project's file names and folders,
# field paths, or issue numbers.
INTERNAL = re.compile(
    r"\b[\w-]+\.(?:csv|py|json|ya?ml|js|md|ipynb|txt)\b|\b(?:data|hooks|docs|tests)/|\bissues? \d+\b|\w\[\d+\]\.\w",
    re.IGNORECASE,
)


def _article_text(html_text: str) -> str:
    article = html_text.split("<article", 1)[1].split("</article>", 1)[0]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article)).split())


def test_every_feed_entry_links_to_the_page_that_changed(built_site: BuiltSite) -> None:
    root = ET.parse(built_site.root / "feed.xml").getroot()
    base = root.find(f"{ATOM}link[@rel='self']").get("href").removesuffix("feed.xml")
    rows = {f"urn:children-services-kb:change:{r['id']}": r for r in changes.changes()}
    for entry in root.findall(f"{ATOM}entry"):
        row = rows[entry.findtext(f"{ATOM}id")]
        href = entry.find(f"{ATOM}link").get("href")
        assert href.startswith(base), href
        target = built_site.root / href.removeprefix(base) / "index.html"
        assert target.is_file(), f"{row['id']}: {href} is not a page of the site"
        if row["page"] != "changes.md":
            assert not href.endswith("/changes/"), f"{row['id']} links to the change log, not to the page that changed"


def test_every_entry_on_the_page_links_to_the_page_that_changed(built_site: BuiltSite) -> None:
    page = (built_site.root / "changes" / "index.html").read_text(encoding="utf-8")
    article = page.split("<article", 1)[1]
    items = re.findall(r"<li>(.*?)</li>", article, re.S)
    rows = changes.changes()
    assert len(items) == len(rows)
    for item, row in zip(items, rows):
        links = re.findall(r'<a href="([^"#]+)"', item)
        assert links, f"{row['id']}: no link to the page that changed"
        target = (built_site.root / "changes" / links[-1]).resolve() / "index.html"
        assert target.is_file(), f"{row['id']}: {links[-1]} is not a page of the site"


def test_the_change_log_has_no_internal_file_names_or_issue_numbers(built_site: BuiltSite) -> None:
    text = _article_text((built_site.root / "changes" / "index.html").read_text(encoding="utf-8"))
    # the one place the page names its feed file is its link text "changes feed"; feed.xml is not shown
    assert not INTERNAL.findall(text), INTERNAL.findall(text)
    root = ET.parse(built_site.root / "feed.xml").getroot()
    for entry in root.findall(f"{ATOM}entry"):
        words = f"{entry.findtext(f'{ATOM}title')} {entry.findtext(f'{ATOM}summary')}"
        assert not INTERNAL.findall(words), (entry.findtext(f"{ATOM}id"), INTERNAL.findall(words))


def test_the_pattern_catches_what_the_old_entries_showed() -> None:
    # Entries as they were before issue 27 (git show 61ce463:data/changes.csv): each must be caught.
    for old in ("Where: calculators/index.md. Source: This site's own calculators. (issues 15 and 16)",
                "Where: `data/preset_inputs.csv`.", "Source: hooks/citations.py. (issue 17)",
                "the preset's placements[1].cost_high"):
        assert INTERNAL.search(old), old


def test_no_reader_facing_page_names_an_issue_number(built_site: BuiltSite) -> None:
    # The data catalogue's dataset pages publish each dataset whole, the change log's own
    # issue column (which piece of work a change came from) included; every other page is prose.
    datasets = {str(p) for p in built_site.pages() if re.fullmatch(r"data/[a-z_]+/index\.html", str(p))}
    assert "data/changes/index.html" in datasets
    wrong = []
    for page in built_site.pages():
        text = (built_site.root / page).read_text(encoding="utf-8")
        if "<article" not in text or str(page) in datasets:
            continue
        wrong += [f"{page}: {m}" for m in re.findall(r"\bissues? \d+\b", _article_text(text), re.IGNORECASE)]
    assert not wrong, wrong
