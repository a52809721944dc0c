"""Render the Glossary page from ``data/glossary.csv`` and expand acronyms everywhere.

* ``docs/glossary.md`` holds the marker ``<!-- glossary -->``; this hook
  replaces it with the terms, A to Z. A page without the marker is untouched;
  the glossary page without it fails the build.
* Every page gets the acronyms appended as Markdown abbreviation definitions
  (``*[MST]: Multi Systemic Therapy``), so Python-Markdown's ``abbr``
  extension wraps each use in ``<abbr title>`` and Material's
  ``content.tooltips`` shows the expansion on hover.
* Hover alone fails keyboard users (WCAG 2.1.1), so the first use of each
  acronym on a page is made focusable: focus shows the same tooltip. Only the
  first, so a page with many acronyms does not gain dozens of tab stops.
"""

from __future__ import annotations

import html
import logging
import re
from collections import defaultdict
from dataclasses import dataclass

from datasets import load_dataset
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

__all__ = ["GLOSSARY_PAGE", "MARKER", "Term", "acronyms", "load_terms"]

log = logging.getLogger("mkdocs.plugins.glossary")

GLOSSARY_PAGE = "glossary.md"
MARKER = "<!-- glossary -->"

_terms: list[Term] = []
_abbreviations = ""


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


def _render(terms: list[Term]) -> str:
    """The glossary as a definition list per initial letter, with a letter index."""
    by_letter: dict[str, list[Term]] = defaultdict(list)
    for t in terms:
        initial = t.term[0].upper()
        by_letter[initial if initial.isalpha() else "#"].append(t)
    letters = sorted(by_letter)
    out = ["Jump to: " + " · ".join(f"[{letter}](#letter-{letter.lower()})" for letter in letters), ""]
    for letter in letters:
        out += [f"## {letter} {{#letter-{letter.lower()}}}", "", '<dl class="glossary">']
        seen: set[str] = set()
        for t in by_letter[letter]:
            # Rows for the same term in several nations share one anchor.
            anchor = f' id="{t.anchor}"' if t.anchor not in seen else ""
            seen.add(t.anchor)
            nation = "" if t.nation == "UK-wide" else f" <span class=\"glossary-nation\">({html.escape(t.nation)})</span>"
            heading = html.escape(t.expansion) if t.kind == "acronym" else ""
            out.append(f"<dt{anchor}>{html.escape(t.term)}{nation}</dt>")
            body = f"<strong>{heading}.</strong> " if heading else ""
            body += html.escape(t.definition)
            out.append(
                f"<dd><p>{body}</p><p class=\"glossary-meta\">Applies: {html.escape(t.nation)}. "
                f"Source: {html.escape(t.source)}.</p></dd>"
            )
        out += ["</dl>", ""]
    return "\n".join(out)


def on_config(config: MkDocsConfig) -> MkDocsConfig | None:
    global _terms, _abbreviations
    _terms = load_terms()
    _abbreviations = "\n".join(f"*[{term}]: {text}" for term, text in sorted(acronyms(_terms).items()))
    log.debug("glossary: %d terms, %d acronyms", len(_terms), _abbreviations.count("\n") + 1)
    return None


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    if page.file.src_uri == GLOSSARY_PAGE:
        if MARKER not in markdown:
            raise PluginError(f"{GLOSSARY_PAGE} must contain {MARKER} where the terms go")
        markdown = markdown.replace(MARKER, _render(_terms))
    elif MARKER in markdown:
        raise PluginError(f"{page.file.src_uri}: {MARKER} belongs only on {GLOSSARY_PAGE}")
    return f"{markdown}\n\n{_abbreviations}\n"


_ABBR = re.compile(r'<abbr title="([^"]*)">([^<]+)</abbr>')


def on_page_content(html_text: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    seen: set[str] = set()

    def focusable_once(match: re.Match[str]) -> str:
        word = match.group(2)
        if word in seen:
            return match.group(0)
        seen.add(word)
        return f'<abbr title="{match.group(1)}" tabindex="0">{word}</abbr>'

    return _ABBR.sub(focusable_once, html_text)
