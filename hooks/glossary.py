"""Render the Glossary page from ``data/glossary.csv`` and expand acronyms everywhere.

* ``docs/glossary.md`` holds the marker ``<!-- glossary -->``; this hook
  replaces it with the terms, A to Z, from the ``glossary`` macro in
  ``overrides/hooks/glossary.html`` (rendered through the theme's Jinja
  environment). A page without the marker is untouched; the glossary page
  without it fails the build.
* Every page but the glossary (where each acronym is a heading with its
  expansion under it) gets the acronyms appended as Markdown abbreviation definitions
  (``*[MST]: Multi Systemic Therapy``), so Python-Markdown's ``abbr``
  extension wraps each use in ``<abbr title>`` and Material's
  ``content.tooltips`` shows the expansion on hover.
* Hover alone fails keyboard users (WCAG 2.1.1), so the first use of each
  acronym on a page is made focusable: focus shows the same tooltip. Only the
  first, so a page with many acronyms does not gain dozens of tab stops.
* The glossary's table of contents lists only the letters (``_letters_only``).

``data/glossary.csv`` is read once per build, in ``on_config``, through
``datasets.load_dataset`` (which validates it once for every hook).
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from datasets import load_dataset
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from source_names import register, source_html

__all__ = ["GLOSSARY_PAGE", "MARKER", "Term", "acronyms", "by_letter", "load_terms"]

log = logging.getLogger("mkdocs.plugins.glossary")

GLOSSARY_PAGE = "glossary.md"
MARKER = "<!-- glossary -->"

TEMPLATE = "hooks/glossary.html"

# Set by on_config for this build: the terms, their abbreviation definitions, the page's Markdown.
_build: dict[str, Any] = {"terms": [], "abbreviations": "", "page": ""}


@dataclass(frozen=True)
class Term:
    term: str
    kind: str
    expansion: str
    definition: str
    nation: str
    source: str

    @property
    def anchor(self) -> str:
        return "term-" + re.sub(r"[^a-z0-9]+", "-", self.term.lower()).strip("-")


def load_terms() -> list[Term]:
    """Every glossary row, validated against data/glossary.schema.json, sorted A to Z."""
    frame = load_dataset("glossary")
    terms = [Term(**row) for row in frame.to_dict(orient="records")]
    return sorted(terms, key=lambda t: (t.term.casefold(), t.nation))


def acronyms(terms: list[Term]) -> dict[str, str]:
    """Acronym -> tooltip text; where a meaning differs by nation, each is named."""
    by_term: dict[str, list[Term]] = defaultdict(list)
    for t in terms:
        if t.kind == "acronym":
            by_term[t.term].append(t)
    result = {}
    for term, rows in by_term.items():
        expansions = list(dict.fromkeys(r.expansion for r in rows))
        if len(expansions) == 1:
            result[term] = expansions[0]
        else:
            result[term] = "; ".join(f"{r.expansion} ({r.nation})" for r in rows)
    return result


def by_letter(terms: list[Term]) -> list[tuple[str, list[tuple[Term, str]]]]:
    """The terms under their initial letter (``#`` for a digit), A to Z, each with its anchor.

    Rows for the same term in several nations share one anchor: the first holds it, the others get "".
    """
    groups: dict[str, list[Term]] = defaultdict(list)
    for t in terms:
        initial = t.term[0].upper()
        groups[initial if initial.isalpha() else "#"].append(t)
    letters = []
    for letter in sorted(groups):
        seen: set[str] = set()
        entries = []
        for t in groups[letter]:
            entries.append((t, "" if t.anchor in seen else t.anchor))
            seen.add(t.anchor)
        letters.append((letter, entries))
    return letters


def on_config(config: MkDocsConfig) -> MkDocsConfig | None:
    terms = load_terms()
    abbreviations = "\n".join(f"*[{term}]: {text}" for term, text in sorted(acronyms(terms).items()))
    env = config.theme.get_env()
    env.filters["glossary_source"] = _source_filter(register())
    page = env.get_template(TEMPLATE).module.glossary(by_letter(terms))
    _build.update(terms=terms, abbreviations=abbreviations, page=str(page))
    log.debug("glossary: %d terms, %d acronyms", len(terms), abbreviations.count("\n") + 1)
    return None


def _source_filter(sources: dict[str, dict[str, str]]) -> Any:
    """The template's filter for a term's source: each source document named for a reader, linking to the Sources page."""

    def glossary_source(text: str) -> str:
        # Escaped HTML (the theme's environment does not autoescape; the template uses `| e` elsewhere).
        # The glossary is at glossary/ and the Sources page at sources/ (the link is in raw HTML, which MkDocs does not rewrite).
        return source_html(text, sources, "data/glossary.csv", "../sources/")

    return glossary_source


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    if page.file.src_uri == GLOSSARY_PAGE:
        if MARKER not in markdown:
            raise PluginError(f"{GLOSSARY_PAGE} must contain {MARKER} where the terms go")
        # No tooltips here: on this page each acronym is a heading with its expansion right under it,
        # and Material mounted a tooltip on each of the 67 as the page loaded (issue 31).
        return markdown.replace(MARKER, _build["page"])
    if MARKER in markdown:
        raise PluginError(f"{page.file.src_uri}: {MARKER} belongs only on {GLOSSARY_PAGE}")
    return f"{markdown}\n\n{_build['abbreviations']}\n"


# The opening tag of an acronym's <abbr>, and the acronym.
_ABBR = re.compile(r'(<abbr title="[^"]*")(>([^<]+)</abbr>)')
# A link and its content.
_LINK = re.compile(r"<a\b[^>]*>.*?</a>", re.DOTALL)


def on_page_content(html_text: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    seen: set[str] = set()
    # An <abbr> inside a link is not made focusable: a focusable element
    # inside <a> is invalid HTML (the Nu checker's error) and the link already
    # takes focus. Such a use does not count as the first one.
    links = [m.span() for m in _LINK.finditer(html_text)]

    def focusable_once(match: re.Match[str]) -> str:
        """The first use of each acronym on the page gains tabindex="0"; the others are left as they are."""
        if match.group(3) in seen or any(start < match.start() < end for start, end in links):
            return match.group(0)
        seen.add(match.group(3))
        return match.expand(r'\1 tabindex="0"\2')

    if page.file.src_uri == GLOSSARY_PAGE and page.toc:
        _letters_only(page.toc)
    return _ABBR.sub(focusable_once, html_text)


def _letters_only(toc: Any) -> None:
    """The glossary's table of contents lists the letters, not every term under them.

    The page hides its table of contents on wide screens, but Material still
    writes it into the navigation drawer, where over 200 terms are a long
    scroll to a word the page's own A to Z (and site search) find sooner, and
    its scripts set up every listed link at load: 497 navigation links on the
    glossary, 85 with letters only, and its blocking time in Lighthouse down
    from about 500 ms to about 280 ms (issue 31). The terms stay headings
    with their own addresses.
    """
    for item in toc:
        for letter in item.children:
            letter.children = []
