"""Every pound figure and percentage on a strategy page cites its source (a hook).

A figure counts as cited when the paragraph, list item, table row, heading or
admonition title that states it also names a source document's file name and
the place in it (see :data:`CITATION`). An uncited figure on any
``docs/strategies/*.md`` page (the index aside) stops the build, quoting the block.

The check reads the Markdown source of every strategy page in ``on_files``,
before any page is rendered; the tests call :func:`uncited_figures` directly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any
from pathlib import Path

from front_matter import STRATEGIES_DIR
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.utils.meta import YAML_RE

__all__ = ["CITATION", "FIGURE", "cite_markers", "uncited_figures"]

FIGURE = re.compile(r"£\s?\d|\d\s?%|\bper cent\b", re.IGNORECASE)
"""A pound figure or a percentage."""

CITATION = re.compile(
    r"\b\d{3}_[0-9a-f]{16}\.txt,?\s+"
    r"(?:§\s?\d+(?:\.\d+)*(?:\([a-z]\))?"  # §3.2, §2.2(c), §1.08
    r"|slides?\s+\d+"  # slide 8
    r"|section\s+\"[^\"]+\""  # section "Savings" (for documents without numbered paragraphs)
    r"|appendix\s+\d+"
    r"|cover sheet|executive summary|direction)",
    re.IGNORECASE,
)
"""A citation: a source document's file name, then where in it (section, slide, appendix...)."""

_BLOCK_START = re.compile(r"^(?:[-*+]\s|\d+[.)]\s|#{1,6}\s|\||!!!|\?\?\?|:\s{3})")


def _blocks(markdown: str) -> Iterator[str]:
    """Paragraphs, list items, table rows, headings and admonition titles, one at a time.

    Indentation is ignored, so text inside an admonition is split the same way.
    """
    current: list[str] = []
    for raw in markdown.splitlines():
        line = raw.strip()
        if not line or _BLOCK_START.match(line):
            if current:
                yield " ".join(current)
            current = []
        if not line:
            continue
        if line.startswith("|") or line.startswith("#") or line.startswith(("!!!", "???")):
            yield line  # a table row, heading or admonition title stands alone
            continue
        current.append(line)
    if current:
        yield " ".join(current)


def uncited_figures(markdown: str) -> list[str]:
    """Blocks of ``markdown`` that state a pound figure or percentage but cite no source."""
    body = YAML_RE.sub("", markdown, count=1)
    return [block for block in _blocks(body) if FIGURE.search(block) and not CITATION.search(block)]


def on_files(files: Files, *, config: MkDocsConfig) -> Files | None:
    docs = Path(config.docs_dir).name
    for file in files.documentation_pages():
        src_uri = file.src_uri
        folder, _, name = src_uri.rpartition("/")
        if f"{folder}/" != STRATEGIES_DIR or name == "index.md":
            continue
        if uncited := uncited_figures(file.content_string):
            raise PluginError(
                f"{docs}/{src_uri}: a pound figure or percentage without a citation "
                "(file name and place, e.g. 000_cae6d205916c5940.txt §3.2) in:\n"
                + "\n".join(f"  {block[:160]}" for block in uncited)
            )
    return None


# ---------------------------------------------------------------------------
# Citations as references: markers in the text, the full reference at the end
# ---------------------------------------------------------------------------
#
# The Markdown keeps its citations as written (so the check above and the
# tests can read them); on strategy and service pages this hook turns each
# parenthesised citation, such as "(000_cae6d205916c5940.txt §3.1, §3.4)" or
# "(§2.2(c))", into a footnote marker. The footnotes extension lists the full
# references under a "Sources" heading at the end of the page, each linking
# to the document's entry on the Sources page, and Material's
# content.footnote.tooltips shows the reference when the marker is hovered or
# focused. A table's "Source" column becomes one sources note under the table.
# It runs after knowledge_base.py, so the "At a glance" boxes are included.

_FILE = r"\d{3}_[0-9a-f]{16}\.txt"
_PARA = r"§\s?\d+(?:\.\d+)*(?:\([a-z]\))?"
_PLACE = (
    rf"(?:{_PARA}(?:\s*(?:-|–|to)\s*{_PARA})?"
    r"|slides?\s+\d+(?:\s*(?:-|–|to|and)\s*\d+)?"
    r"|(?:slides?|report),?\s+\"[^\"]+\""
    r"|report|slides"
    r"|section\s+\"[^\"]+\""
    r"|appendix\s+\d+(?:,\s*action\s+\d+)?"
    r"|cover sheet|executive summary"
    r"|direction(?:,?\s+item\s+\d+)?)"
)
_CITE = rf"(?:{_FILE},?\s+)?{_PLACE}"
_SEP = r"(?:\s*[,;]\s*|\s+and\s+)"
_CITES = rf"{_CITE}(?:{_SEP}{_CITE})*"
GROUP = re.compile(
    rf"[ \t]?\((?:source:\s*)?(?P<body>{_CITES}|{_FILE}(?:,?\s+[^()]*(?:\([^()]*\)[^()]*)*)?)\)",
    re.IGNORECASE,
)
"""A parenthesised citation, with the space before it: "(000_….txt §3.1, §3.4)", "(§2.2(c))"."""
BARE = re.compile(rf"(?P<body>{_FILE},?\s+{_PLACE}(?:{_SEP}{_PLACE})*)", re.IGNORECASE)
"""A citation not in brackets: a file name and its places."""
_PART = re.compile(rf"(?:(?P<file>{_FILE}),?\s+)?(?P<place>{_PLACE})", re.IGNORECASE)
_SOURCE_COLUMN = re.compile(r"^\*{0,2}sources?\*{0,2}$", re.IGNORECASE)

_refs: dict[str, Any] = {"sources": None}


def _sources() -> dict[str, Any]:
    if _refs["sources"] is None:
        from cross_links import load_sources

        _refs["sources"] = load_sources()
    return _refs["sources"]


def _long_date(value: str) -> str:
    parts = value.split("-")
    if len(parts) == 3:
        return date(int(parts[0]), int(parts[1]), int(parts[2])).strftime("%-d %B %Y")
    return value or "undated"


def _split_table_sources(markdown: str) -> str:
    """Drop a table's "Source" column and put one sources note under the table."""
    out: list[str] = []
    lines = markdown.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        cells = _row(line)
        if cells and i + 1 < len(lines) and re.match(r"^\s*\|[\s:|-]+\|\s*$", lines[i + 1]):
            column = next((n for n, c in enumerate(cells) if _SOURCE_COLUMN.match(c.strip())), None)
            if column is not None:
                notes: list[str] = []
                j = i
                while j < len(lines) and lines[j].lstrip().startswith("|"):
                    row = _row(lines[j])
                    if j > i + 1 and column < len(row):
                        value = row[column].strip()
                        if value and value not in notes:
                            notes.append(value)
                    if column < len(row):
                        del row[column]
                    indent = lines[j][: len(lines[j]) - len(lines[j].lstrip())]
                    out.append(indent + "| " + " | ".join(c.strip() for c in row) + " |")
                    j += 1
                indent = line[: len(line) - len(line.lstrip())]
                label = "Source" if len(notes) == 1 else "Sources, by row"
                out += ["", f'{indent}<p class="table-sources" markdown>{label}: ' + "; ".join(notes) + "</p>"]
                i = j
                continue
        out.append(line)
        i += 1
    return "\n".join(out)


def _row(line: str) -> list[str]:
    text = line.strip()
    if not (text.startswith("|") and text.endswith("|")) or len(text) < 2:
        return []
    return re.split(r"(?<!\\)\|", text[1:-1])


def cite_markers(markdown: str, page_uri: str, default_file: str | None) -> str:
    """``markdown`` with its citations as footnote markers and a "Sources" list at the end.

    ``default_file`` is the document a bare place ("§2.2") belongs to until a
    citation names another; on a service page it is the first file cited.
    """
    sources = _sources()
    depth = page_uri.count("/")
    labels: dict[str, str] = {}
    notes: list[str] = []
    current = [default_file]

    def reference(body: str) -> str:
        by_file: dict[str, list[str]] = {}
        for segment in re.split(r"\s*;\s*", body):
            parts = list(_PART.finditer(segment))
            if not parts or parts[-1].end() != len(segment.rstrip()) or parts[0].start() != 0:
                # A document (or the current one) and free wording of where in it ("structure diagram").
                file, found, place = segment.partition(".txt")
                if found:
                    current[0] = file.strip() + ".txt"
                else:
                    place = segment
                if current[0] is None:
                    raise PluginError(f"{page_uri}: a place ({segment}) is cited before any document")
                by_file.setdefault(current[0], []).append(" ".join(place.strip(" ,").split()) or "whole document")
                continue
            for part in parts:
                if part.group("file"):
                    current[0] = part.group("file")
                if current[0] is None:
                    raise PluginError(f"{page_uri}: a place ({part.group('place')}) is cited before any document")
                by_file.setdefault(current[0], []).append(" ".join(part.group("place").split()))
        key = "; ".join(f"{f} {', '.join(p)}" for f, p in by_file.items())
        if key not in labels:
            labels[key] = f"s{len(labels) + 1}"
            texts = []
            for file, places in by_file.items():
                src = sources.get(file)
                if src is None:
                    raise PluginError(f"{page_uri}: cites {file}, which is not in data/sources.csv")
                texts.append(
                    f"[{src.title}]({'../' * depth}sources.md#{src.anchor}), "
                    f"{src.publisher}, {_long_date(src.date)}: {', '.join(places)}"
                )
            notes.append(f"[^{labels[key]}]: " + "; ".join(texts) + ".")
        return f"[^{labels[key]}]"

    text = _split_table_sources(markdown)

    def skipped(match: re.Match[str]) -> bool:
        before = text[text.rfind("\n", 0, match.start()) + 1 : match.start()]
        # Headings, admonition titles, abbreviations, and the text of a link
        # (the North Yorkshire report's title ends "(report and slides)").
        return before.lstrip().startswith(("!!!", "???", "#", "*[")) or before.count("[") > before.count("]")

    text = GROUP.sub(lambda m: m.group(0) if skipped(m) else reference(m.group("body")), text)
    text = BARE.sub(lambda m: m.group(0) if skipped(m) else reference(m.group("body")), text)
    # A marker at the end of a line keeps the punctuation that followed it
    # (a line opening with ":" would read as a definition list).
    text = re.sub(r"(?<=\S)\n([ \t]*)((?:\[\^s\d+\])+)", r"\2\n\1", text)
    text = re.sub(r"(\[\^s\d+\])\n([ \t]*)([:;,.])(?=\s)", r"\1\3\n\2", text)
    # Markers side by side read as "1,2", not "12".
    text = re.sub(r"(\[\^s\d+\])(?=\[\^s\d+\])", r"\1,", text)
    if not notes:
        return markdown
    # A page that ends with its own "Sources" section (the strategy pages describe their document
    # there) gets the list under that heading, not under a second "Sources" heading after it.
    own = _LAST_SOURCES.search(text)
    if own:
        return text[: own.start()] + "## Sources {#sources}" + text[own.end():].rstrip() + "\n\n" + "\n".join(notes) + "\n"
    return text.rstrip() + '\n\n## Sources {#sources}\n\n' + "\n".join(notes) + "\n"


# The page's own "## Sources" heading, when it is the last second-level heading.
_LAST_SOURCES = re.compile(r"^## Sources[ \t]*$(?![\s\S]*^## )", re.M)


def on_page_markdown(markdown: str, *, page: Any, config: MkDocsConfig, files: Files) -> str | None:
    src_uri = page.file.src_uri
    folder, _, name = src_uri.rpartition("/")
    if f"{folder}/" not in (STRATEGIES_DIR, "services/") or name == "index.md":
        return None
    document = page.meta.get("document")
    if document is None:
        first = re.search(_FILE, markdown)
        document = first.group(0) if first else None
    return cite_markers(markdown, src_uri, document)


def on_page_content(html_text: str, *, page: Any, config: MkDocsConfig, files: Files) -> str | None:
    """Keep the list of references out of the search index (Material skips ``data-search-exclude``).

    Each page's references repeat the documents' titles; indexed, they made
    every strategy and service page a match for every title, and the index
    a fifth larger. The list holds no nested ``<div>`` (Material's parser
    tracks skipped elements by tag name).
    """
    if "footnote-ref" not in html_text:
        return None
    return html_text.replace('<div class="footnote">', '<div class="footnote" data-search-exclude>')
