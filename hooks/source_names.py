"""A source document named for a reader (not a hook): publisher, title and date in place of its file name.

``data/`` cites the council documents by the name of their text file
(``001_dd7aaa1f7c121c62.txt Appendix 2, action 1``): the build's checks and
the data catalogue need it, but it means nothing to a council officer and
would look odd pasted into a board paper. Every hook that shows such a
citation to a reader passes it through here, so the site names a document
one way everywhere: "Publisher, Title (15 March 2017)", then a comma and the
place in it as written. The sources register is ``data/sources.csv`` (through
``datasets.load_dataset``, validated once per build).

* :func:`source_words`: plain text (the change log, the feed);
* :func:`source_html`: HTML, each document linking to its entry on the
  Sources page (the glossary, the service directory).

A file name that is not in the register stops the build, naming the file
that cites it and the name. The calculators, which run in the reader's
browser without the hooks, word documents the same way in
``calculators/source_names.py``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from html import escape

from datasets import load_dataset
from mkdocs.exceptions import PluginError

__all__ = ["DOCUMENT", "anchor", "long_date", "register", "source_html", "source_words"]

DOCUMENT = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")
"""A source document's file name, as ``data/`` and the pages cite it."""

_PLACE_FOLLOWS = re.compile(r"\s+[^\s,;.:)]")
"""After a file name, the place in the document ("§3.2", "Appendix 2"): a comma goes before it."""

Register = Mapping[str, Mapping[str, str]]


def register() -> dict[str, dict[str, str]]:
    """The sources register, ``data/sources.csv``, by id: each row's columns as text."""
    frame = load_dataset("sources")
    return {str(row["id"]): {k: ("" if v != v else str(v)) for k, v in row.items()} for row in frame.to_dict("records")}


def anchor(source_id: str) -> str:
    """The id of a source's entry on the Sources page (``source-000-cae6d205916c5940-txt``)."""
    return "source-" + re.sub(r"[^a-z0-9]+", "-", source_id.lower()).strip("-")


def long_date(value: str) -> str:
    """``2017-03-15`` as ``15 March 2017``; a year or ``2023/24`` as it is."""
    try:
        day = datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        return value
    return f"{day.day} {day:%B %Y}"


def _words(match: re.Match[str], sources: Register, where: str) -> tuple[str, str, str]:
    """The file name, the document's words for a reader, and the comma before a place that follows."""
    source = sources.get(match.group(0))
    if source is None:
        raise PluginError(f"{where}: source {match.group(0)} is not in data/sources.csv")
    comma = "," if _PLACE_FOLLOWS.match(match.string, match.end()) else ""
    return match.group(0), f"{source['publisher']}, {source['title']} ({long_date(source['date'])})", comma


def source_words(text: str, sources: Register, where: str) -> str:
    """``text`` with each source document's file name given as its publisher, title and date.

    ``where`` names the file the text comes from, for the error when a name is not in the register.
    """
    return DOCUMENT.sub(lambda m: "".join(_words(m, sources, where)[1:]), text)


def source_html(text: str, sources: Register, where: str, sources_url: str) -> str:
    """``text`` as escaped HTML, each document named as :func:`source_words` does and linking to its entry.

    ``sources_url`` is the Sources page's address from the page the HTML goes on (``../sources/``).
    """
    out, last = [], 0
    for match in DOCUMENT.finditer(text):
        source_id, words, comma = _words(match, sources, where)
        out += [escape(text[last:match.start()]), f'<a href="{escape(sources_url)}#{anchor(source_id)}">{escape(words)}</a>{comma}']
        last = match.end()
    return "".join(out) + escape(text[last:])
