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
from pathlib import Path

from front_matter import STRATEGIES_DIR
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.utils.meta import YAML_RE

__all__ = ["CITATION", "FIGURE", "uncited_figures"]

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
