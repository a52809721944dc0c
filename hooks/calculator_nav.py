"""The calculators' entries in the site's navigation, from the registry.

``mkdocs.yml`` lists under "Calculators" only the pages that are not one
calculator's: the index and the business case. This hook puts after the
index every registered calculator's page (``docs/calculators/<name>.md``) in
the registry's order (``calculators.registry``: each calculator's
``CALCULATOR_ORDER``), and after the section's own pages each calculator's
method page where it has one (``docs/calculators/reference/<name>.md``). So
a new calculator appears in the navigation with no edit to ``mkdocs.yml``.

The calculators' index page (``docs/calculators/index.md``) holds the
marker ``<!-- calculators-table -->``, which this hook replaces with a table
of every registered calculator in the same order: its page (titled as in
the navigation), what it does (the page's front matter ``description``) and
its method page where it has one. So a new calculator is listed there too
with no edit to the index.

A nav entry's title is the calculator's name as the registry lists it
(``Calculator.short_title``: "Placement cost (balance of care)" → "Placement
cost"), the same name the index's table links it by; a method page is "<that>
method". A registered calculator without a page stops the build,
naming the calculator and the file it looked for.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any, Callable

from fresh_import import fresh_calculators
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import get_data

#: The nav entry the calculators' section is found by, and the page whose marker becomes the table of calculators.
INDEX = "calculators/index.md"
MARKER = "<!-- calculators-table -->"


def nav_title(name: str) -> str:
    """Calculator ``name``'s title in the navigation and the calculators' index (see the module's docstring)."""
    return importlib.import_module("calculators.registry").get(name).short_title


def calculator_entries(docs_dir: Path, names: list[str]) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The nav entries of the calculators ``names``: their pages, and their method pages where they exist."""
    pages, methods = [], []
    for name in names:
        page = docs_dir / "calculators" / f"{name}.md"
        if not page.is_file():
            raise PluginError(f"calculator {name!r} is registered but has no page: add docs/calculators/{name}.md (with 'calculator: {name}' in its front matter)")
        title = nav_title(name)
        pages.append({title: f"calculators/{name}.md"})
        if (docs_dir / "calculators" / "reference" / f"{name}.md").is_file():
            methods.append({f"{title} method": f"calculators/reference/{name}.md"})
    return pages, methods


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell (one line, no column break)."""
    return " ".join(text.split()).replace("|", "\\|")


def index_table(docs_dir: Path, names: list[str], title: Callable[[str], str] = nav_title) -> str:
    """The Markdown table of the calculators ``names`` that the index page shows (each called ``title(name)``)."""
    rows = ["| Calculator | What it does | Method |", "| --- | --- | --- |"]
    for name in names:
        page = docs_dir / "calculators" / f"{name}.md"
        if not page.is_file():
            raise PluginError(f"calculator {name!r} is registered but has no page: add docs/calculators/{name}.md")
        description = str(get_data(page.read_text(encoding="utf-8"))[1].get("description") or "").strip()
        if not description:
            raise PluginError(f"docs/calculators/{name}.md has no 'description' in its front matter: the calculators' index shows it as what the calculator does")
        method = f"[Method and assumptions](reference/{name}.md)" if (docs_dir / "calculators" / "reference" / f"{name}.md").is_file() else "–"
        rows.append(f"| [{_cell(title(name))}]({name}.md) | {_cell(description)} | {method} |")
    return "\n".join(rows)


def nav_files(node: Any) -> list[str]:
    """Every page path a nav (or part of one) lists."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [f for item in node for f in nav_files(item)]
    if isinstance(node, dict):
        return [f for value in node.values() for f in nav_files(value)]
    return []


def with_calculators(nav: list[Any], docs_dir: Path, names: list[str]) -> list[Any]:
    """``nav`` with the calculators' entries added to the section that lists :data:`INDEX`.

    A page ``mkdocs.yml`` already lists is left where it is (not listed twice).
    """
    for item in nav:
        section = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else None
        if not isinstance(section, list) or INDEX not in nav_files(section):
            continue
        listed = set(nav_files(section))
        pages, methods = calculator_entries(docs_dir, names)
        pages = [entry for entry in pages if next(iter(entry.values())) not in listed]
        methods = [entry for entry in methods if next(iter(entry.values())) not in listed]
        at = next(i for i, entry in enumerate(section) if INDEX in nav_files(entry)) + 1
        section[at:at] = pages
        section.extend(methods)
        return nav
    raise PluginError(f"mkdocs.yml nav has no section listing {INDEX}, where the calculators' pages go")


def on_config(config: MkDocsConfig) -> MkDocsConfig | None:
    if config.nav is None:
        return config
    fresh_calculators()
    names = importlib.import_module("calculators.registry").names()
    config.nav = with_calculators(config.nav, Path(config.docs_dir), names)
    return config


def on_page_markdown(markdown: str, page: Any, config: MkDocsConfig, files: Any) -> str | None:
    if page.file.src_uri != INDEX:
        return None
    if MARKER not in markdown:
        raise PluginError(f"docs/{INDEX} has no {MARKER} line, where the table of calculators goes")
    fresh_calculators()
    names = importlib.import_module("calculators.registry").names()
    return markdown.replace(MARKER, index_table(Path(config.docs_dir), names))
