"""The data catalogue (hooks/data_catalogue.py): one page per CSV in data/, complete and downloadable.

Checks run on the site built once per session (the ``built_site`` fixture)
and, for the failure cases, on the hook's functions with small datasets in a
temporary folder.
"""

from __future__ import annotations

import json
import re
import urllib.request
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from types import SimpleNamespace

import pytest
from conftest import BuiltSite, SiteServer
from data_catalogue import (
    CSV_DIR,
    INDEX_PAGE,
    MARKER,
    load_catalogue,
    long_columns,
    on_page_markdown,
    render_dataset_page,
    templates,
)
from datasets import DATA_DIR, load_dataset, load_schema
import source_names
from mkdocs.exceptions import PluginError
from mkdocs.theme import Theme

ROOT = DATA_DIR.parent
DATASETS = sorted(p.stem for p in DATA_DIR.glob("*.csv"))


def _page(built_site: BuiltSite, name: str) -> Path:
    return built_site.root / "data" / name / "index.html"


class _Tables(HTMLParser):
    """Text of every table cell in the page's article, table by table, row by row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.links: list[dict[str, str]] = []
        self._cell: list[str] | None = None
        self._in_article = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "article":
            self._in_article = True
        if not self._in_article:
            return
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")
        elif tag == "a":
            self.links.append(values)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article = False
        if tag in ("td", "th") and self._cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _parse(path: Path) -> _Tables:
    parser = _Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def _norm(text: str) -> str:
    return " ".join(str(text).split())


# Every dataset has a page ---------------------------------------------------------


def test_there_are_datasets_to_catalogue() -> None:
    assert {"unit_costs", "caseload_benchmarks", "preset_inputs", "glossary"} <= set(DATASETS)


@pytest.mark.parametrize("name", DATASETS)
def test_every_csv_in_data_has_a_catalogue_page(built_site: BuiltSite, name: str) -> None:
    assert _page(built_site, name).is_file(), f"data/{name}.csv has no catalogue page (data/{name}/index.html)"


@pytest.mark.parametrize("name", DATASETS)
def test_every_column_has_a_description(name: str) -> None:
    schema, problems = load_schema(DATA_DIR / f"{name}.csv")
    assert schema is not None and problems == []
    undescribed = [f["name"] for f in schema["fields"] if not str(f.get("description", "")).strip()]
    assert undescribed == [], f"data/{name}.schema.json: columns without a description: {undescribed}"


def test_the_catalogue_refuses_a_column_without_a_description(tmp_path: Path) -> None:
    (tmp_path / "things.csv").write_text("id,source\na,Somewhere\n", encoding="utf-8")
    schema = {
        "title": "Things",
        "description": "Some things.",
        "fields": [
            {"name": "id", "type": "string", "description": ""},
            {"name": "source", "type": "string", "description": "Where.", "constraints": {"required": True}},
        ],
    }
    (tmp_path / "things.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    with pytest.raises(PluginError, match="no description"):
        load_catalogue(tmp_path)


def test_the_catalogue_refuses_a_csv_without_a_schema(tmp_path: Path) -> None:
    (tmp_path / "orphan.csv").write_text("id,source\na,Somewhere\n", encoding="utf-8")
    with pytest.raises(PluginError, match="no schema"):
        load_catalogue(tmp_path)


def test_the_catalogue_lists_exactly_the_csv_files(tmp_path: Path) -> None:
    for name in ("b_things", "a_things"):
        (tmp_path / f"{name}.csv").write_text("id,source\nx,Somewhere\n", encoding="utf-8")
        schema = {
            "title": name,
            "description": "Things.",
            "fields": [
                {"name": "id", "type": "string", "description": "An id."},
                {"name": "source", "type": "string", "description": "Where.", "constraints": {"required": True}},
            ],
        }
        (tmp_path / f"{name}.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    assert [d.name for d in load_catalogue(tmp_path)] == ["a_things", "b_things"]


# Each page is complete -------------------------------------------------------------


@pytest.mark.parametrize("name", DATASETS)
def test_the_data_dictionary_describes_every_column(built_site: BuiltSite, name: str) -> None:
    schema, _ = load_schema(DATA_DIR / f"{name}.csv")
    tables = _parse(_page(built_site, name)).tables
    dictionary = next(t for t in tables if t and t[0][:4] == ["Column", "Type", "Unit", "Meaning"])
    described = {row[0]: row for row in dictionary[1:]}
    for field in schema["fields"]:
        assert field["name"] in described, f"{name}: column {field['name']} is not in the data dictionary"
        row = described[field["name"]]
        assert row[1] == field["type"]
        assert _norm(row[3]) == _norm(field["description"])
        if field.get("unit"):
            assert _norm(row[2]) == _norm(field["unit"])


@pytest.mark.parametrize("name", DATASETS)
def test_the_page_shows_every_row_and_every_value(built_site: BuiltSite, name: str) -> None:
    dataset = next(d for d in load_catalogue() if d.name == name)
    frame = load_dataset(name)
    long = long_columns(dataset)
    header = [f["name"] for f in dataset.fields if f["name"] not in long]
    tables = _parse(_page(built_site, name)).tables
    rows_table = next(t for t in tables if t and t[0] == header)
    body = rows_table[1:]
    step = 2 if long else 1
    assert len(body) == step * len(frame), f"{name}: {len(body) // step} rows on the page, {len(frame)} in the file"
    for i, record in enumerate(frame.to_dict(orient="records")):
        shown = body[step * i]
        assert [_norm(v) for v in shown] == [_norm(record[c]) for c in header], f"{name}: row {i + 1} differs"
        if long:
            details = _norm(body[step * i + 1][0])
            for column in long:
                value = _norm(record[column]) or "(empty)"
                assert f"{column}: {value}" in details, f"{name}: row {i + 1}, column {column} is missing"


@pytest.mark.parametrize("name", DATASETS)
def test_the_page_summarises_every_source(built_site: BuiltSite, name: str) -> None:
    frame = load_dataset(name)
    tables = _parse(_page(built_site, name)).tables
    summary = next(t for t in tables if t and t[0] == ["Source", "Rows"])
    counted = {_norm(row[0]): int(row[1]) for row in summary[1:]}
    # A source document is named for a reader, the value as written under it (source_names.py).
    register = source_names.register()

    def shown(value: str) -> str:
        return f"{source_names.source_words(value, register, name)} {value}" if source_names.DOCUMENT.search(value) else value

    expected = frame["source"].map(lambda v: _norm(shown(v))).value_counts().to_dict()
    assert counted == expected


def test_years_are_given_where_a_dataset_has_a_year_column(built_site: BuiltSite) -> None:
    text = _page(built_site, "unit_costs").read_text(encoding="utf-8")
    years = sorted(set(load_dataset("unit_costs")["year"]))
    assert "Year of the figures:" in text
    assert all(year in text for year in years)


# The CSV download -------------------------------------------------------------------


def _download_link(built_site: BuiltSite, name: str) -> str:
    links = [a for a in _parse(_page(built_site, name)).links if "download" in a]
    assert len(links) == 1, f"{name}: expected one download link, found {links}"
    href = links[0]["href"]
    assert not href.startswith(("/", "http:", "https:")), f"{name}: the download link {href} is not relative"
    return href


@pytest.mark.parametrize("name", DATASETS)
def test_the_download_link_gives_the_csv_file_unchanged(built_site: BuiltSite, name: str) -> None:
    href = _download_link(built_site, name)
    target = PurePosixPath("data", name, href)
    parts: list[str] = []
    for part in target.parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    served = built_site.root.joinpath(*parts)
    assert served.as_posix().endswith(f"{CSV_DIR}/{name}.csv")
    assert served.read_bytes() == (DATA_DIR / f"{name}.csv").read_bytes()


def test_the_download_link_works_over_http(built_site: BuiltSite, site_server: SiteServer) -> None:
    href = _download_link(built_site, "unit_costs")
    with urllib.request.urlopen(site_server.url(f"/data/unit_costs/{href}")) as response:
        assert response.read() == (DATA_DIR / "unit_costs.csv").read_bytes()


# The index page and navigation ---------------------------------------------------------


def test_the_index_lists_every_dataset_with_rows_and_years(built_site: BuiltSite) -> None:
    tables = _parse(built_site.root / "data" / "index.html").tables
    index = next(t for t in tables if t and t[0][0] == "Dataset")
    assert index[0] == ["Dataset", "What it holds", "Rows", "Year of the figures", "Sources"]
    listed = {re.search(r"(\w+)\.csv", row[0]).group(1): row for row in index[1:]}
    assert sorted(listed) == DATASETS
    for name, row in listed.items():
        assert int(row[2]) == len(load_dataset(name))
    # unit_costs.csv: New Economy's social worker costs are at 2013/14 prices (the Glasgow audit rows give no year, issue 12)
    assert "2013/14" in listed["unit_costs"][3]
    assert "no year column" in listed["glossary"][3]


def test_every_dataset_page_is_in_the_data_section_of_the_nav(built_site: BuiltSite) -> None:
    html = (built_site.root / "data" / "index.html").read_text(encoding="utf-8")
    nav = html[html.index('md-nav--primary') :]
    for name in DATASETS:
        assert re.search(rf'href="{re.escape(name)}/"', nav), f"data/{name} is not in the navigation"


# Markers --------------------------------------------------------------------------------


def _page_at(uri: str) -> SimpleNamespace:
    return SimpleNamespace(file=SimpleNamespace(src_uri=uri))


def test_the_index_marker_is_required_on_the_index() -> None:
    with pytest.raises(PluginError, match="must contain"):
        on_page_markdown("# Data\n", page=_page_at(INDEX_PAGE), config=None, files=None)


def test_the_index_marker_elsewhere_fails() -> None:
    with pytest.raises(PluginError, match="belongs only"):
        on_page_markdown(f"# Other\n\n{MARKER}\n", page=_page_at("other.md"), config=None, files=None)


def test_an_unknown_marker_fails() -> None:
    with pytest.raises(PluginError, match="unknown"):
        on_page_markdown("# Data\n\n<!-- dataset-list -->\n", page=_page_at(INDEX_PAGE), config=None, files=None)


def test_text_that_looks_like_markdown_is_shown_as_written(tmp_path: Path) -> None:
    tricky = "a | b *c* _d_ [e](f) <g> `h` # i \\ j"
    (tmp_path / "tricky.csv").write_text(f'id,source\n"{tricky}",Somewhere\n', encoding="utf-8")
    schema = {
        "title": "Tricky",
        "description": "Text with Markdown syntax in it.",
        "fields": [
            {"name": "id", "type": "string", "description": "Text."},
            {"name": "source", "type": "string", "description": "Where.", "constraints": {"required": True}},
        ],
    }
    (tmp_path / "tricky.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    import markdown

    # The site's theme with its overrides, whose hooks/data_catalogue.html holds the rows table.
    macros = templates(SimpleNamespace(theme=Theme(name="material", custom_dir=str(ROOT / "overrides"))))
    page = render_dataset_page(macros, load_catalogue(tmp_path)[0])
    html = markdown.markdown(page.split("---", 2)[2], extensions=["tables", "md_in_html", "attr_list"])
    parser = _Tables()
    parser.feed(f"<article>{html}</article>")
    cells = [cell for table in parser.tables for row in table for cell in row]
    assert tricky in cells
