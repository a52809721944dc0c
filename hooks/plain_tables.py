"""Tables wrapped at build time as Material wraps them in the browser (a hook).

Material's script finds every ``table:not([class])`` in a page as it loads
and moves it into a scrolling box (``.md-typeset__scrollwrap`` >
``.md-typeset__table``), one table at a time: each move makes the browser
restyle and lay the page out again, in the long task that Lighthouse
counted against every page with tables (the service directory's big table,
a calculator page's eleven: issue 31). Here the build writes that same box
around each such table and gives the table the class ``plain-table``, so
Material's script passes it by.

Material styles ``table:not([class])``, which a table with a class no
longer is: ``stylesheets/plain-tables.css`` holds those of Material's rules,
taken from the theme's own stylesheet at each build (tinycss2 parses it,
``@media`` blocks kept) with ``table.plain-table`` in place of
``table:not([class])`` — the same weight in the cascade, so a table looks as
it did, and a new Material release carries over. The calculators' script
draws its result tables with the same class (``results.js``).
"""

from __future__ import annotations

import re
from pathlib import Path

import tinycss2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

__all__ = ["CLASS", "STYLESHEET", "plain_table_rules", "wrap_tables"]

CLASS = "plain-table"
STYLESHEET = "stylesheets/plain-tables.css"
_MATERIAL = "table:not([class])"
# A table with no class attribute: Python-Markdown's tables, and the hooks' and templates' plain ones.
_TABLE = re.compile(r"<table(\s(?:(?!\bclass=)[^>])*)?>(.*?)</table>", re.S)


def wrap_tables(html_text: str, where: str = "") -> str:
    """Each table without a class in Material's scrolling box, with the class ``plain-table``."""

    def wrap(match: re.Match[str]) -> str:
        if "<table" in match[2]:
            raise PluginError(f"{where}: a table inside a table; hooks/plain_tables.py wraps one level only")
        return (f'<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
                f'<table class="{CLASS}"{match[1] or ""}>{match[2]}</table></div></div>')

    return _TABLE.sub(wrap, html_text)


def plain_table_rules(css: str) -> str:
    """Material's rules for ``table:not([class])``, for ``table.plain-table`` instead (``@media`` blocks kept)."""
    kept: list[str] = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule":
            selectors = tinycss2.serialize(rule.prelude)
            if _MATERIAL in selectors:
                kept.append(f"{selectors.replace(_MATERIAL, f'table.{CLASS}').strip()}{{{tinycss2.serialize(rule.content)}}}")
        elif rule.type == "at-rule" and rule.at_keyword == "media" and rule.content is not None:
            inner = plain_table_rules(tinycss2.serialize(rule.content))
            if inner:
                kept.append(f"@media {tinycss2.serialize(rule.prelude).strip()}{{{inner}}}")
    return "\n".join(kept)


def _material_stylesheet(config: MkDocsConfig) -> str:
    for folder in config.theme.dirs:
        found = sorted(Path(folder).glob("assets/stylesheets/main.*.min.css"))
        if found:
            return found[0].read_text(encoding="utf-8")
    raise PluginError("hooks/plain_tables.py: the theme's assets/stylesheets/main.*.min.css was not found")


def on_config(config: MkDocsConfig) -> None:
    if STYLESHEET not in config.extra_css:
        config.extra_css.append(STYLESHEET)


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    rules = plain_table_rules(_material_stylesheet(config))
    if f"table.{CLASS}" not in rules:
        raise PluginError(f"hooks/plain_tables.py: no {_MATERIAL} rule in the theme's stylesheet (has Material changed?)")
    header = ("/* Material for MkDocs' own rules for plain tables, for tables the build has already wrapped\n"
              "   (written by hooks/plain_tables.py from the theme's stylesheet; do not edit). */\n")
    files.append(File.generated(config, STYLESHEET, content=header + rules + "\n"))
    return files


def on_page_content(html_text: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return wrap_tables(html_text, page.file.src_uri)
