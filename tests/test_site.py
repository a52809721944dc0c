"""Checks over every page of the built site that need no browser.

The browser checks (requests, console, accessibility) are in
test_site_browser.py.
"""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest
from conftest import BuiltSite
import accessibility
import link_labels
import plain_tables
from glossary import acronyms, load_terms
from site_html import ParsedPage, parse_page


@pytest.fixture(scope="module")
def parsed(built_site: BuiltSite) -> dict[Path, ParsedPage]:
    return {page: parse_page(built_site.root / page) for page in built_site.pages()}


ROOT = Path(__file__).resolve().parent.parent


def test_hooks_share_modules_not_hooks_and_use_only_public_names() -> None:
    """MkDocs loads each file listed under `hooks:` by its path; imported by name too it would be
    a second copy with its own state (datasets.py's one validation per file and build relies on
    one copy). Names one module takes from another are public."""
    listed = set(re.findall(r"^\s*-\s*hooks/(\w+)\.py\b", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M))
    assert {"data_check", "knowledge_base", "citations", "glossary"} <= listed
    local = {p.stem for p in (ROOT / "hooks").glob("*.py")}
    for path in sorted((ROOT / "hooks").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in local:
                assert node.module not in listed, f"{path.name} imports the hook {node.module}"
                assert not [a.name for a in node.names if a.name.startswith("_")], f"{path.name}: private name from {node.module}"
            if isinstance(node, ast.Import):
                imported |= {a.name for a in node.names if a.name in local}
        assert not imported & listed, f"{path.name} imports the hook(s) {sorted(imported & listed)}"
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in imported:
                assert not node.attr.startswith("_"), f"{path.name}: {node.value.id}.{node.attr} is private"


def test_build_passes_strict_with_no_warnings(built_site: BuiltSite) -> None:
    # The fixture already failed the session if --strict aborted; this also
    # catches warnings that strict mode does not count (e.g. from plugins).
    warnings = [line for line in built_site.log.splitlines() if line.startswith(("WARNING", "ERROR"))]
    # Except the one warning each publisher must act on: mkdocs.yml ships with no accessibility
    # contact, which only the council publishing a copy can give (hooks/accessibility.py).
    assert [w for w in warnings if w != f"WARNING -  {accessibility.WARNING}"] == []


def test_site_has_the_expected_sections(built_site: BuiltSite) -> None:
    pages = {p.as_posix() for p in built_site.pages()}
    for section in ("index.html", "strategies/index.html", "services/index.html", "calculators/index.html",
                    "data/index.html", "notebooks/index.html", "glossary/index.html"):
        assert section in pages


# Links ------------------------------------------------------------------


def _target(page: Path, url: str, root: Path) -> tuple[Path, str] | None:
    """The file and fragment an internal link points at, or None for external links."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("mailto:", "tel:", "javascript:")):
        return None
    if not parts.path:
        return page, unquote(parts.fragment)
    base = PurePosixPath("/" + page.as_posix()).parent
    resolved = PurePosixPath(base / unquote(parts.path)) if not parts.path.startswith("/") else PurePosixPath(unquote(parts.path))
    # Normalise '..' segments the way a browser does.
    segments: list[str] = []
    for seg in resolved.parts[1:]:
        if seg == "..":
            if segments:
                segments.pop()
        elif seg != ".":
            segments.append(seg)
    rel = Path(*segments) if segments else Path()
    if parts.path.endswith("/") or (root / rel).is_dir():
        rel = rel / "index.html"
    return rel, unquote(parts.fragment)


def test_no_broken_internal_links_or_anchors(built_site: BuiltSite, parsed: dict[Path, ParsedPage]) -> None:
    broken = []
    for page, content in parsed.items():
        if page.name == "404.html":
            continue  # served at any depth, so its links are root-relative by design
        for tag, url in content.links:
            target = _target(page, url, built_site.root)
            if target is None:
                continue
            file, fragment = target
            if not (built_site.root / file).is_file():
                broken.append(f"{page}: <{tag}> {url} -> {file} does not exist")
                continue
            if fragment.startswith("input=") and file.parent.parent.name == "calculators":
                continue  # a calculator's share link: the scenario, not an anchor (checked in test_business_case_links.py)
            if fragment and file.suffix == ".html":
                ids = parsed[file].ids if file in parsed else parse_page(built_site.root / file).ids
                if fragment not in ids:
                    broken.append(f"{page}: <{tag}> {url} -> no id '{fragment}' in {file}")
    assert broken == [], "\n".join(broken)


# Glossary ---------------------------------------------------------------

# Upper-case words that are not acronyms and need no glossary entry.
ALLOWED_CAPITALS = {
    "I", "A",                      # words
    "II", "III", "IV", "VI",       # Roman numerals in lists and quoted titles
}
_ACRONYM = re.compile(r"(?<![\w/.-])([A-Z][A-Z0-9&]*[A-Z])(?:s|'s)?(?![\w-])")


def test_every_acronym_on_every_page_is_in_the_glossary(parsed: dict[Path, ParsedPage]) -> None:
    known = set(acronyms(load_terms())) | ALLOWED_CAPITALS
    missing: dict[str, set[str]] = {}
    for page, content in parsed.items():
        text = " ".join(content.article_text)
        for word in _ACRONYM.findall(text):
            if word not in known:
                missing.setdefault(word, set()).add(page.as_posix())
    report = [f"{word}: used on {', '.join(sorted(pages))}" for word, pages in sorted(missing.items())]
    assert report == [], "Acronyms not in data/glossary.csv:\n" + "\n".join(report)


def test_acronyms_expand_with_the_glossary_text(parsed: dict[Path, ParsedPage]) -> None:
    expected = acronyms(load_terms())
    wrong = []
    for page, content in parsed.items():
        for word, title in content.abbr_titles.items():
            if expected.get(word) != title:
                wrong.append(f"{page}: {word} shows {title!r}, glossary says {expected.get(word)!r}")
    assert wrong == []
    assert any(content.abbr_titles for content in parsed.values()), "no page shows any acronym expansion"


def test_glossary_page_lists_every_term(built_site: BuiltSite, parsed: dict[Path, ParsedPage]) -> None:
    page = parsed[Path("glossary/index.html")]
    for term in load_terms():
        assert term.anchor in page.ids, f"{term.term} has no entry on the glossary page"


# Page dates -------------------------------------------------------------


def test_content_pages_show_when_they_last_changed(parsed: dict[Path, ParsedPage]) -> None:
    undated = [
        page.as_posix() for page, content in parsed.items()
        if page.name != "404.html" and content.article_text and not content.has_revision_date
    ]
    assert undated == []


# Heading and footnote links ---------------------------------------------


class _NamedLinks(HTMLParser):
    """Every heading link and footnote back-link on a page, as its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "a" and {"headerlink", "footnote-backref"} & set(values.get("class", "").split()):
            self.links.append(values)


def test_heading_and_footnote_links_are_named_without_a_tooltip(built_site: BuiltSite) -> None:
    # A title would make Material mount a tooltip for each at load (231 on the glossary: issue 31);
    # hooks/link_labels.py names each with aria-label instead, notebook pages included.
    wrong, kinds = [], {"headerlink": 0, "footnote-backref": 0}
    for page in built_site.pages():
        reader = _NamedLinks()
        reader.feed((built_site.root / page).read_text(encoding="utf-8"))
        for link in reader.links:
            kind = "headerlink" if "headerlink" in link["class"].split() else "footnote-backref"
            kinds[kind] += 1
            label = link.get("aria-label", "")
            right = (label == link_labels.HEADING_LABEL if kind == "headerlink"
                     else re.fullmatch(r"Jump back to footnote \d+ in the text", label))
            if "title" in link or not right:
                wrong.append(f"{page}: {link}")
    assert wrong == []
    # Every heading and every footnote has one: 784 and 490 when this test was written.
    assert kinds["headerlink"] > 500 and kinds["footnote-backref"] > 100, kinds


def test_link_labels_keep_the_address_and_the_words_and_drop_the_title() -> None:
    heading = '<h2 id="a">A<a class="headerlink" href="#a" title="Permanent link">¶</a></h2>'
    assert link_labels.label_links(heading) == (
        '<h2 id="a">A<a class="headerlink" href="#a" aria-label="Link to this section">¶</a></h2>')
    # As the footnotes extension writes a back-link (Python-Markdown 3.11).
    back = '<a class="footnote-backref" href="#fnref2:s1" title="Jump back to footnote 1 in the text">&#8617;</a>'
    assert link_labels.label_links(back) == (
        '<a class="footnote-backref" href="#fnref2:s1" aria-label="Jump back to footnote 1 in the text">&#8617;</a>')


# Tables ------------------------------------------------------------------


def test_every_table_in_a_pages_content_is_wrapped_at_build(built_site: BuiltSite) -> None:
    # Material's script wraps each table:not([class]) as the page loads, restyling the page each time
    # (issue 31); hooks/plain_tables.py writes that wrapper at build and marks the table so Material
    # passes it by. A bare table in a page's content would be wrapped again in the browser.
    bare, wrapped = [], 0
    for page in built_site.pages():
        html_text = (built_site.root / page).read_text(encoding="utf-8")
        bare += [f"{page}: {tag}" for tag in re.findall(r"<table(?:\s[^>]*)?>", html_text) if "class=" not in tag]
        wrapped += len(re.findall(r'<div class="md-typeset__table"><table class="plain-table"', html_text))
    assert bare == []
    assert wrapped > 50, wrapped  # the site's tables: 107 when this test was written


def test_plain_tables_keep_materials_own_table_rules() -> None:
    css = ".md-typeset table:not([class]){font-size:.64rem}@media print{.md-typeset table:not([class]){display:table}}.x{y:z}"
    assert plain_tables.plain_table_rules(css) == (
        ".md-typeset table.plain-table{font-size:.64rem}\n@media print{.md-typeset table.plain-table{display:table}}")
    given = '<table>\n<thead><tr><th>A</th></tr></thead></table><table class="dataframe"><tr><td>1</td></tr></table>'
    assert plain_tables.wrap_tables(given) == (
        '<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table class="plain-table">\n'
        '<thead><tr><th>A</th></tr></thead></table></div></div><table class="dataframe"><tr><td>1</td></tr></table>')


def test_plain_tables_stylesheet_holds_every_material_table_rule(built_site: BuiltSite) -> None:
    (theme_css,) = (built_site.root / "assets" / "stylesheets").glob("main.*.min.css")
    material = theme_css.read_text(encoding="utf-8").count("table:not([class])")
    ours = (built_site.root / plain_tables.STYLESHEET).read_text(encoding="utf-8").count("table.plain-table")
    assert material > 10 and ours == material, (material, ours)


def test_the_glossary_shows_no_tooltips_for_its_own_headings(built_site: BuiltSite, parsed: dict[Path, ParsedPage]) -> None:
    # Each acronym there is a heading with its expansion under it; a tooltip each was Material's work at load
    # (hooks/glossary.py, issue 31). Elsewhere acronyms still expand (test_acronyms_expand_with_the_glossary_text).
    glossary_html = (built_site.root / "glossary" / "index.html").read_text(encoding="utf-8")
    assert "<abbr" not in glossary_html
    # The expansion the tooltip showed is under the heading (data/glossary.csv, the row for AA).
    assert '<p class="glossary-definition"><strong>Level AA of the Web Content Accessibility Guidelines (WCAG).</strong>' in glossary_html
    assert sum(bool(content.abbr_titles) for content in parsed.values()) > 20


def test_every_calculator_page_states_its_assumptions_and_sources(built_site: BuiltSite, parsed: dict[Path, ParsedPage]) -> None:
    # A reader who prints a calculator's results or takes its figures to a board gets the
    # assumptions and the sources on the page itself (the print summary prints them), not
    # only behind a link to the method page. Each page with one calculator (front matter
    # `calculator:`) has both sections; the business case composes these calculators.
    pages = [md for md in sorted((ROOT / "docs" / "calculators").glob("*.md"))
             if re.search(r"^calculator: ", md.read_text(encoding="utf-8"), re.MULTILINE)]
    assert len(pages) >= 5, pages
    missing = {md.stem: sorted({"assumptions-and-limits", "sources"} - parsed[Path("calculators") / md.stem / "index.html"].ids)
               for md in pages}
    assert not any(missing.values()), missing
    # The page names its documents in words, linked to the Sources page, and nowhere (not even
    # in code, not even in the prerendered results' data) by their file names: what an officer
    # prints from this page or copies into a paper should not carry `004_0e49056c93a6daee.txt`.
    named = {md.stem: sorted(set(re.findall(r"\d{3}_[0-9a-f]{16}\.txt", (built_site.root / "calculators" / md.stem / "index.html").read_text(encoding="utf-8"))))
             for md in pages}
    assert not any(named.values()), named
