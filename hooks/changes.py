"""What's changed: the changelog in ``data/changes.csv`` as a page and an Atom feed (a hook).

* ``docs/changes.md`` holds the marker ``<!-- changes -->``, which becomes a
  list of every change, newest first, with its date, what changed for a
  reader, old and new values for a figure, the source (a source document's
  file name is given as its publisher, title and date) and a link to the
  page that changed, by its title.
* ``feed.xml`` (Atom 1.0) is added to the site as a generated file with one entry per change,
  linking to the page that changed, so anyone can follow changes in a feed
  reader without signing up.

A change's ``page`` must be a page of the site (a dataset, ``data/<name>.csv``,
links to its data catalogue page), or the build stops naming the change. The
``issue`` column is for the team and is never shown.

Both come from the CSV alone (validated against ``data/changes.schema.json``
by ``data_check.py``), not from git history, so a shallow clone or a tarball
builds the same feed.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from datasets import load_dataset
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from source_names import long_date, register, source_words

MARKER = "<!-- changes -->"
PAGE = "changes.md"
FEED = "feed.xml"
ATOM = "http://www.w3.org/2005/Atom"

__all__ = ["FEED", "atom_feed", "changes", "entry_text", "page_uri", "render_changes"]


def changes(data_dir: Path | None = None) -> list[dict[str, str]]:
    """The changes, newest first (by date, then the order in the file reversed)."""
    frame = load_dataset("changes", data_dir) if data_dir else load_dataset("changes")
    rows = [{k: ("" if v != v else str(v)) for k, v in row.items()} for row in frame.to_dict("records")]
    return sorted(reversed(rows), key=lambda r: r["date"], reverse=True)


def _value(row: dict[str, str]) -> str:
    if row["old"] and row["new"]:
        return f"{row['old']} → {row['new']}"
    if row["new"]:
        return f"new: {row['new']}"
    return ""


def page_uri(row: dict[str, str]) -> str:
    """The page a change is on: a docs page, or a dataset's page in the data catalogue (data/<name>.md)."""
    page = row["page"]
    return page[:-4] + ".md" if page.startswith("data/") and page.endswith(".csv") else page


def entry_text(row: dict[str, str], sources: Mapping[str, Mapping[str, str]]) -> str:
    """What changed, in a reader's words: the change, old and new figures, and the source (no page link)."""
    value = _value(row)
    return f"{row['title']}" + (f": {value}" if value else "") + f". Source: {source_words(row['source'], sources, 'data/changes.csv')}."


def render_changes(rows: list[dict[str, str]], titles: Mapping[str, str], sources: Mapping[str, Mapping[str, str]]) -> str:
    """Markdown: one section per date, a list item per change, each linking the page that changed."""
    out: list[str] = []
    current = None
    for row in rows:
        if row["date"] != current:
            current = row["date"]
            out += ["", f"## {long_date(current)}", ""]
        uri = page_uri(row)
        out.append(f"- {entry_text(row, sources)} See [{titles[uri]}]({uri}).")
    return "\n".join(out).strip() + "\n"


def atom_feed(rows: list[dict[str, str]], site_url: str, site_name: str, urls: Mapping[str, str],
              sources: Mapping[str, Mapping[str, str]]) -> bytes:
    """An Atom 1.0 feed of the changes; each entry links to the page that changed (``urls``: page → its URL)."""
    ET.register_namespace("", ATOM)
    base = site_url.rstrip("/") + "/" if site_url else ""
    feed = ET.Element(f"{{{ATOM}}}feed")

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    updated = max((r["date"] for r in rows), default="1970-01-01") + "T00:00:00Z"
    sub(feed, "title", f"{site_name}: what's changed")
    sub(feed, "id", f"{base}{FEED}" if base else f"urn:children-services-kb:{FEED}")
    sub(feed, "updated", updated)
    sub(feed, "link", href=f"{base}changes/", rel="alternate", type="text/html")
    sub(feed, "link", href=f"{base}{FEED}", rel="self", type="application/atom+xml")
    author = sub(feed, "author")
    sub(author, "name", site_name)
    for row in rows:
        entry = sub(feed, "entry")
        sub(entry, "title", row["title"])
        sub(entry, "id", f"urn:children-services-kb:change:{row['id']}")
        sub(entry, "updated", row["date"] + "T00:00:00Z")
        sub(entry, "link", href=f"{base}{urls[page_uri(row)]}", rel="alternate", type="text/html")
        sub(entry, "summary", entry_text(row, sources))
        sub(entry, "category", term=row["kind"])
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")


def _title(file: File) -> str:
    """A page's title as the navigation shows it, else its front matter title or first heading."""
    if file.page is not None and file.page.title:
        return file.page.title
    text = file.content_string if file.src_uri.endswith(".md") else ""
    match = re.search(r"^title:\s*(.+)$", text, re.M) or re.search(r"^#\s+(.+)$", text, re.M)
    if match:
        return match.group(1).strip().strip('"')
    if file.src_uri.endswith(".ipynb"):
        cells = json.loads(file.content_string).get("cells", [])
        heading = next((line for c in cells if c.get("cell_type") == "markdown" for line in "".join(c["source"]).splitlines() if line.startswith("# ")), "")
        if heading:
            return heading[2:].strip()
    return file.src_uri


_build: dict[str, Any] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig | None:
    _build["rows"] = changes()
    _build["sources"] = register()
    return None


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    if MARKER in markdown and page.file.src_uri != PAGE:
        raise PluginError(f"{page.file.src_uri}: {MARKER} belongs only on {PAGE}")
    if page.file.src_uri != PAGE:
        return None
    if markdown.count(MARKER) != 1:
        raise PluginError(f"{PAGE}: expected {MARKER} exactly once")
    titles = {uri: _title(files.get_file_from_path(uri)) for uri in {page_uri(r) for r in _build["rows"]}}
    return markdown.replace(MARKER, render_changes(_build["rows"], titles, _build["sources"]))


def on_files(files: Files, *, config: MkDocsConfig) -> Files | None:
    """The feed as a generated file, so MkDocs copies it and pages can link to it.

    Every change must name a page that exists (the data catalogue's dataset pages are
    generated before this hook runs), so an entry never links to nothing."""
    urls = {}
    for row in _build["rows"]:
        found = files.get_file_from_path(page_uri(row))
        if found is None:
            raise PluginError(f"data/changes.csv, change {row['id']}: page {row['page']} is not a page of the site")
        urls[page_uri(row)] = found.url
    data = atom_feed(_build["rows"], config.site_url or "", config.site_name, urls, _build["sources"])
    files.append(File.generated(config, FEED, content=data))
    return files
