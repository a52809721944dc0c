"""The data catalogue: one page per dataset in ``data/``, generated at build time.

For every ``data/<name>.csv`` this hook adds a page ``data/<name>.md`` (never
written to ``docs/``) holding, from the schema beside the file and the rows in
it: what the dataset holds, a data dictionary (each column's name, type,
unit, meaning and constraints), the year or years of its figures, a summary
of its sources, every row, and a link to download the CSV itself. The CSV is
served with the site at ``data/files/<name>.csv`` (a static file MkDocs
copies), so the link works offline and from any folder.

* ``docs/data/index.md`` holds the marker ``<!-- dataset-index -->``, which
  becomes a table of every dataset with its description, rows, sources and
  the year of its figures. The marker anywhere else, the index without it,
  or any other ``<!-- dataset-... -->`` marker fails the build.
* Navigation: the generated pages are added, sorted by title, to the nav
  section that holds ``data/index.md`` (unless ``mkdocs.yml`` already lists
  them), so a new CSV appears under "Data" with no edit to ``mkdocs.yml``.
* A dataset whose schema is missing or has a column without a description
  fails the build (``datasets.py`` validates the rows themselves).

The pages are Markdown written here. The table of every row (HTML) and each
pattern or allowed value shown as code (an HTML ``<code>``, which unlike a
Markdown code span can hold a ``|`` inside a table) come from the macros in
``overrides/hooks/data_catalogue.html``, rendered through the theme's Jinja
environment (:func:`templates`).
"""

from __future__ import annotations

import html
import logging
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from datasets import DATA_DIR, load_dataset, load_schema
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from source_names import DOCUMENT, source_words

__all__ = [
    "CSV_DIR",
    "INDEX_PAGE",
    "MARKER",
    "Dataset",
    "load_catalogue",
    "render_dataset_page",
    "render_index",
    "templates",
]

log = logging.getLogger("mkdocs.plugins.data_catalogue")

INDEX_PAGE = "data/index.md"
MARKER = "<!-- dataset-index -->"
#: Where the CSV files are served in the built site (``site/data/files/<name>.csv``).
CSV_DIR = "data/files"

_ANY_MARKER = re.compile(r"<!--\s*dataset-[\w-]*\s*-->")
# Columns whose values say which year a figure is for.
_YEAR_COLUMNS = {"year", "date", "as_at", "price_year", "financial_year"}
# A year (2017), a date (2017-03-15), a financial year (2015/16) or a
# company's financial year as the CMA labels it (FY2020).
_YEAR = re.compile(r"^(?:FY)?(\d{4})(/\d{2})?")
# The register of sources and how its ids (the five documents' file names) appear in other files.
_REGISTER = "sources"

TEMPLATE = "hooks/data_catalogue.html"

_state: dict[str, Any] = {"datasets": []}


def templates(config: MkDocsConfig) -> Any:
    """The macros of ``overrides/hooks/data_catalogue.html``, through the theme's Jinja environment."""
    return config.theme.get_env().get_template(TEMPLATE).module


# Reading ------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """One CSV in ``data/`` with its schema and rows (all values as text)."""

    name: str
    path: Path
    schema: dict[str, Any]
    rows: pd.DataFrame

    @property
    def title(self) -> str:
        return str(self.schema["title"])

    @property
    def description(self) -> str:
        return str(self.schema["description"])

    @property
    def fields(self) -> list[dict[str, Any]]:
        return list(self.schema["fields"])

    @property
    def page_uri(self) -> str:
        return f"data/{self.name}.md"

    @property
    def csv_uri(self) -> str:
        return f"{CSV_DIR}/{self.path.name}"


def load_catalogue(data_dir: Path = DATA_DIR) -> list[Dataset]:
    """Every ``data/*.csv`` with its schema; raises ``PluginError`` if one cannot be catalogued.

    A dataset cannot be catalogued if its schema is missing or broken, if a
    column has no description, or if its rows break the schema.
    """
    datasets = []
    problems: list[str] = []
    for path in sorted(data_dir.glob("*.csv")):
        schema, schema_problems = load_schema(path)
        problems += [str(p) for p in schema_problems]
        if schema is None or schema_problems:
            continue
        undescribed = [f.get("name", "?") for f in schema["fields"] if not str(f.get("description", "")).strip()]
        if undescribed:  # load_schema reports this too; kept explicit because the catalogue depends on it
            problems.append(f"{path.name}: columns without a description: {', '.join(undescribed)}")
            continue
        try:
            rows = load_dataset(path.stem, data_dir=data_dir)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        datasets.append(Dataset(path.stem, path, schema, rows))
    if problems:
        raise PluginError("The data catalogue cannot describe data/:\n" + "\n".join(f"  {p}" for p in problems))
    return datasets


# Rendering helpers ----------------------------------------------------------

# Characters that Markdown (or a table row) would read as syntax.
_MARKDOWN_SYNTAX = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+!|<>"})


# Date formats written out in descriptions (YYYY-MM-DD, YYYY/YY) are shown as code, not read as words.
_DATE_FORMAT = re.compile(r"(?<![\w/-])(?:YYYY|YY|MM|DD)(?:[-/](?:YYYY|YY|MM|DD))*(?![\w/-])")


def _text(value: object) -> str:
    """Plain text for a Markdown table cell: no character read as syntax, line breaks kept.

    A date format (``YYYY-MM-DD``) becomes a Markdown code span: the backticks
    are added after every backtick in the text became an entity.
    """
    text = str(value).strip().replace("&", "&amp;").translate(_MARKDOWN_SYNTAX)
    text = _DATE_FORMAT.sub(r"`\g<0>`", text)
    # A Markdown table cell has no line break of its own: <br> is the usual one.
    return text.replace("\r\n", "\n").replace("\n", "<br>")


def _code_text(value: object) -> str:
    """Text for the ``code`` macro in a Markdown table cell (entities, so a ``|`` in a pattern cannot split the row)."""
    text = html.escape(str(value), quote=False).replace("|", "&#124;").replace("\\", "&#92;")
    return text.replace("*", "&#42;").replace("_", "&#95;").replace("`", "&#96;").replace("[", "&#91;")


def _constraints(field: dict[str, Any], macros: Any) -> str:
    def code(value: object) -> str:
        return str(macros.code(_code_text(value)))

    rules = field.get("constraints", {})
    parts = []
    if rules.get("required"):
        parts.append("required")
    if rules.get("unique"):
        parts.append("unique")
    if "enum" in rules:
        parts.append("one of " + ", ".join(code(v) for v in rules["enum"]))
    if "minimum" in rules:
        parts.append(f"at least {_text(rules['minimum'])}")
    if "maximum" in rules:
        parts.append(f"at most {_text(rules['maximum'])}")
    if "pattern" in rules:
        parts.append("matches " + code(rules["pattern"]))
    return "; ".join(parts) or "none (may be empty)"


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1024:.1f} kB" if size >= 1024 else f"{size} bytes"


def _is_numeric(field: dict[str, Any]) -> bool:
    return field.get("type") in ("integer", "number")


def year_values(dataset: Dataset) -> tuple[list[str], list[str], int]:
    """The distinct years of a dataset's figures, the columns they come from, and rows with no year."""
    columns = [f["name"] for f in dataset.fields if f["name"] in _YEAR_COLUMNS or f["name"].endswith("_year")]
    years: set[str] = set()
    missing = 0
    for _, row in dataset.rows.iterrows():
        found = False
        for col in columns:
            match = _YEAR.match(str(row[col]).strip())
            if match:
                # A date counts by its year; a financial year (2015/16, FY2020) is kept as written.
                years.add(match.group(0) if match.group(2) or match.group(0).startswith("FY") else match.group(1))
                found = True
        missing += 0 if found else 1
    ordered = sorted(years, key=lambda y: (y.removeprefix("FY")[:4], len(y)))
    return ordered, columns, missing if columns else 0


def _years_phrase(years: list[str]) -> str:
    if not years:
        return ""
    if len(years) <= 8:
        return ", ".join(years)
    return f"{years[0]} to {years[-1]} ({len(years)} different years)"


def _register(datasets: list[Dataset]) -> dict[str, dict[str, str]]:
    """The register of sources (``data/sources.csv``) by id, if the project has one."""
    for dataset in datasets:
        if dataset.name == _REGISTER and "id" in dataset.rows.columns:
            return {row["id"]: row for row in dataset.rows.to_dict(orient="records")}
    return {}


def source_summary(dataset: Dataset, register: dict[str, dict[str, str]]) -> tuple[Counter[str], Counter[str]]:
    """How many rows cite each source as written, and each document of the register."""
    by_text: Counter[str] = Counter()
    by_document: Counter[str] = Counter()
    for source in dataset.rows["source"]:
        text = str(source).strip()
        by_text[text] += 1
        for doc_id in register:
            if doc_id in text and dataset.name != _REGISTER:
                by_document[doc_id] += 1
    return by_text, by_document


# Pages ------------------------------------------------------------------------


def render_dataset_page(macros: Any, dataset: Dataset, register: dict[str, dict[str, str]] | None = None) -> str:
    """The Markdown of one dataset's catalogue page (``macros``: from :func:`templates`)."""
    register = register or {}
    fields = dataset.fields
    rows = dataset.rows
    file_name = dataset.path.name
    years, year_columns, no_year = year_values(dataset)
    by_text, by_document = source_summary(dataset, register)
    description = " ".join(dataset.description.split())

    out = [
        "---",
        # Material writes the description into <meta content="..."> unescaped: a
        # straight double quote would end the attribute (the Nu checker's error).
        f"description: {_yaml_string(description.replace(chr(34), chr(39)))}",
        "---",
        "",
        f"# {dataset.title}",
        "",
        _text(description),
        "",
        f"- **Download:** [{file_name}](files/{file_name}){{ download=\"{file_name}\" }} "
        f"(CSV, UTF-8, {_size(dataset.path)}): {len(rows)} rows, {len(fields)} columns.",
    ]
    if years:
        where = ", ".join(f"`{c}`" for c in year_columns)
        note = f"; {no_year} rows give no year" if no_year else ""
        out.append(f"- **Year of the figures:** {_text(_years_phrase(years))} (from the {where} column{note}).")
    else:
        out.append("- **Year of the figures:** this file has no year column; each row's source gives its date.")
    key = dataset.schema.get("primaryKey", [])
    if key:
        out.append(f"- **Each row is identified by:** {', '.join(f'`{k}`' for k in key)}.")
    out += [
        f"- **In the repository:** `data/{file_name}`, with its schema `data/{dataset.name}.schema.json`. "
        "The build checks every row against the schema and stops, naming the line, if one is wrong.",
        "",
        "## Data dictionary",
        "",
        "| Column | Type | Unit | Meaning | Constraints |",
        "| --- | --- | --- | --- | --- |",
    ]
    for field in fields:
        out.append(
            f"| `{field['name']}` | {_text(field['type'])} | {_text(field.get('unit', '')) or '–'} "
            f"| {_text(field['description'])} | {_constraints(field, macros)} |"
        )

    out += ["", "## Sources", ""]
    if by_document:
        out += ["Source documents from the [register of sources](sources.md) that rows cite:", ""]
        out += ["| Document | Title | Date | Rows citing it |", "| --- | --- | --- | ---: |"]
        for doc_id, count in sorted(by_document.items(), key=lambda kv: (-kv[1], kv[0])):
            doc = register[doc_id]
            out.append(f"| `{doc_id}` | {_text(doc.get('title', ''))} | {_text(doc.get('date', ''))} | {count} |")
        out += [""]
    plural = "s" if len(by_text) != 1 else ""
    # Out of the search index, like the rows: the same texts are in the rows and
    # in the register of sources, and repeated on every data page they made the
    # index larger than the rest of a page's text.
    out += [
        f"Each row names its source in the `source` column: {len(by_text)} different source{plural}, "
        "with the number of rows that cite each. A source document is named by its publisher, title and date, "
        "with the column's value as written under it.",
        "",
        '<div class="dataset-sources" data-search-exclude="sources" markdown>',
        "",
        "| Source | Rows |",
        "| --- | ---: |",
    ]
    for text, count in sorted(by_text.items(), key=lambda kv: (-kv[1], kv[0].casefold())):
        out.append(f"| {_source_cell(macros, text, register, file_name)} | {count} |")
    out += ["", "</div>"]

    out += ["", "## Rows", "", _rows_table(macros, dataset), ""]
    return "\n".join(out)


def _source_cell(macros: Any, text: str, register: dict[str, dict[str, str]], file_name: str) -> str:
    """A source for a reader; where it cites a document by file name, the value as written goes under it, as code."""
    if not register or not DOCUMENT.search(text):
        return _text(text)
    return f"{_text(source_words(text, register, f'data/{file_name}'))}<br>{macros.code(_code_text(text))}"


def long_columns(dataset: Dataset) -> list[str]:
    """Text columns too long to read in a narrow table column (notes, definitions, sources)."""
    long = []
    for field in dataset.fields:
        lengths = dataset.rows[field["name"]].str.len()
        if field["type"] == "string" and len(lengths) and lengths.quantile(0.9) > 50:
            long.append(field["name"])
    return long


def _rows_table(macros: Any, dataset: Dataset) -> str:
    """Every row: the short columns side by side, the long text columns on a full-width line beneath.

    A table of ten columns with notes hundreds of characters long squeezes
    every column to a word's width; putting the long text under its row keeps
    both readable. The table is focusable, so a keyboard can scroll a table
    wider than the page, and out of the search index: the rows repeat what the
    site's pages say (the glossary rows are the Glossary page), and search
    finds the dataset by its title, description, data dictionary and sources.
    (The table holds no ``<div>``, which would end Material's exclusion early:
    it tracks skipped elements by tag.)
    """
    long = long_columns(dataset)
    short = [f for f in dataset.fields if f["name"] not in long]
    rows = dataset.rows
    intro = f"All {len(rows)} rows of `{dataset.path.name}`, in the file's order; an empty cell is an empty value."
    if long:
        intro += " Long text (" + ", ".join(f"`{c}`" for c in long) + ") is on a line of its own under each row."
    records = [
        (
            [(_text(record[f["name"]]), _is_numeric(f)) for f in short],
            [(name, _text(record[name])) for name in long],
        )
        for record in rows.to_dict(orient="records")
    ]
    columns = [(f["name"], _is_numeric(f)) for f in short]
    return f"{intro}\n\n{macros.rows_table(f'Rows of {dataset.path.name}', columns, records)}"


def _yaml_string(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_index(datasets: list[Dataset]) -> str:
    """The table of every dataset that replaces the marker on ``data/index.md``."""
    register = _register(datasets)
    out = [
        "| Dataset | What it holds | Rows | Year of the figures | Sources |",
        "| --- | --- | ---: | --- | --- |",
    ]
    for dataset in sorted(datasets, key=lambda d: d.title.casefold()):
        years, _, _ = year_values(dataset)
        by_text, by_document = source_summary(dataset, register)
        link = f"[{_text(dataset.title)}]({dataset.name}.md)"
        description = _text(" ".join(dataset.description.split()))
        year_text = _text(_years_phrase(years)) if years else "no year column; see each row's source"
        sources = f"{len(by_text)} different source{'s' if len(by_text) != 1 else ''}"
        if by_document:
            # The documents' file names are long; in a narrow column their numbers (000, 002) suffice.
            docs = ", ".join(d[:3] for d in sorted(by_document))
            sources += f", citing {len(by_document)} of the source documents ({docs})"
        sources += f" ([list]({dataset.name}.md#sources))"
        out.append(f"| {link}<br>`{dataset.path.name}` | {description} | {len(dataset.rows)} | {year_text} | {sources} |")
    return "\n".join(out)


# MkDocs hooks -----------------------------------------------------------------


def on_files(files: Files, *, config: MkDocsConfig) -> Files | None:
    datasets = load_catalogue()
    register = _register(datasets)
    macros = templates(config)
    for dataset in datasets:
        for uri in (dataset.page_uri, dataset.csv_uri):
            if files.get_file_from_path(uri) is not None:
                raise PluginError(f"docs/{uri} would hide the catalogue's generated {uri}: remove or rename it")
        files.append(File.generated(config, dataset.page_uri, content=render_dataset_page(macros, dataset, register)))
        files.append(File.generated(config, dataset.csv_uri, abs_src_path=str(dataset.path)))
    _state["datasets"] = datasets
    log.debug("data catalogue: %d datasets", len(datasets))
    return files


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
    index = files.get_file_from_path(INDEX_PAGE)
    section = index.page.parent if index is not None and index.page is not None else None
    if not isinstance(section, Section) or index.page not in nav.pages:
        raise PluginError(f"{INDEX_PAGE} must be listed in a section of nav: in mkdocs.yml; the dataset pages go beside it")
    listed = {page.file.src_uri for page in nav.pages}
    new_pages = []
    for dataset in _state["datasets"]:
        page = files.get_file_from_path(dataset.page_uri).page
        if dataset.page_uri not in listed and page is not None:
            page.title = dataset.title  # the title before the page is read, as nav shows it
            new_pages.append(page)
    if not new_pages:
        return None
    new_pages.sort(key=lambda p: p.title.casefold())
    taken = {item.title for item in section.children}
    for page in new_pages:
        if page.title in taken:  # e.g. a "Sources" page beside the "Sources" dataset
            page.title = f"{page.title} (dataset)"
        page.parent = section
        section.children.append(page)
    # Reading order (previous / next links): straight after the section's last page.
    last = max(nav.pages.index(p) for p in nav.pages if _within(p, section))
    nav.pages[last + 1 : last + 1] = new_pages
    bookended = [None, *nav.pages, None]
    for before, page, after in zip(bookended[:-2], nav.pages, bookended[2:]):
        page.previous_page, page.next_page = before, after
    return nav


def _within(page: Page, section: Section) -> bool:
    parent = page.parent
    while parent is not None:
        if parent is section:
            return True
        parent = parent.parent
    return False


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    if page.file.src_uri.endswith(".ipynb"):
        return None  # mkdocs-jupyter renders notebooks from their JSON
    found = _ANY_MARKER.findall(markdown)
    unknown = sorted({m for m in found if m != MARKER})
    if unknown:
        raise PluginError(f"{page.file.src_uri}: unknown data catalogue marker {', '.join(unknown)}; the only one is {MARKER}")
    if page.file.src_uri == INDEX_PAGE:
        if MARKER not in markdown:
            raise PluginError(f"{INDEX_PAGE} must contain {MARKER} where the list of datasets goes")
        return markdown.replace(MARKER, render_index(_state["datasets"]))
    if found:
        raise PluginError(f"{page.file.src_uri}: {MARKER} belongs only on {INDEX_PAGE}")
    return None
