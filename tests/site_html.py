"""Read a built HTML page with the standard library: its ids, links and main text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["ParsedPage", "parse_page"]

# Text inside these is not prose: code, scripts, and the like.
_SKIP_TEXT = {"code", "pre", "script", "style", "kbd", "samp", "svg", "template"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_LINK_ATTRS = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"), ("iframe", "src")}


@dataclass
class ParsedPage:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag, url)
    article_text: list[str] = field(default_factory=list)
    abbr_titles: dict[str, str] = field(default_factory=dict)
    has_revision_date: bool = False


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._stack: list[str] = []
        self._article_depth: int | None = None
        self._skip_depth = 0
        self._abbr: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.page.ids.add(values["id"])
        for attr in ("href", "src"):
            if (tag, attr) in _LINK_ATTRS and attr in values:
                self.page.links.append((tag, values[attr]))
        if "git-revision-date-localized-plugin" in values.get("class", ""):
            self.page.has_revision_date = True
        if tag in _VOID:
            return
        self._stack.append(tag)
        if tag == "article" and self._article_depth is None:
            self._article_depth = len(self._stack)
        if tag in _SKIP_TEXT:
            self._skip_depth += 1
        if tag == "abbr":
            self._abbr = values.get("title", "")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self._stack:
            return
        while self._stack:
            top = self._stack.pop()
            if top in _SKIP_TEXT:
                self._skip_depth -= 1
            if self._article_depth is not None and len(self._stack) < self._article_depth:
                self._article_depth = None
            if top == tag:
                break
        if tag == "abbr":
            self._abbr = None

    def handle_data(self, data: str) -> None:
        if self._abbr is not None:
            self.page.abbr_titles[data.strip()] = self._abbr
        if self._article_depth is not None and not self._skip_depth:
            self.page.article_text.append(data)


def parse_page(path: Path) -> ParsedPage:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.page
