"""A source document named for a reader: its publisher, title and date, never its file name.

The council documents behind the presets are cited in ``data/`` by the name
of their text file (``000_cae6d205916c5940.txt §3.2``), which is what the
build's checks and the data catalogue need, but means nothing to a finance
officer reading a result or a board paper. :func:`readable` turns each such
name in a text into the document's publisher, title and date, from the
sources register (``data/sources.csv``, which travels in the wheel with the
other data files), and keeps the rest of the text (the section) as it is::

    000_cae6d205916c5940.txt §3.2
    -> Glasgow City Integration Joint Board, Children's Services Transformation (item 10) (15 March 2017), §3.2

A name that is not in the register is left as written: the text may be a
council's own (a profile's source), and the build's checks already stop a
preset that cites an unknown document. Build hooks use the same wording
(``hooks/source_names.py``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import _data

__all__ = ["DOCUMENT", "long_date", "readable"]

DOCUMENT = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")
"""A source document's file name, as ``data/`` cites it."""

_PLACE_FOLLOWS = re.compile(r"\s+[^\s,;.:)]")
"""After a file name, the place in the document ("§3.2", "slide 7"): a comma goes before it."""

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def long_date(value: str) -> str:
    """``2017-03-15`` as ``15 March 2017``; any other form of date (``2023/24``) as it is."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return value
    return f"{int(match.group(3))} {_MONTHS[int(match.group(2)) - 1]} {match.group(1)}"


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Each registered document's file name and its words for a reader."""
    return {row["id"]: f"{row['publisher']}, {row['title']} ({long_date(row['date'])})"
            for row in _data._rows("sources.csv") if DOCUMENT.fullmatch(row["id"])}


def readable(text: str) -> str:
    """``text`` with each registered source document's file name given as its publisher, title and date."""
    if not isinstance(text, str) or not DOCUMENT.search(text):
        return text
    names = _names()
    def words(match: re.Match[str]) -> str:
        if match.group(0) not in names:
            return match.group(0)
        return names[match.group(0)] + ("," if _PLACE_FOLLOWS.match(text, match.end()) else "")

    return DOCUMENT.sub(words, text)
