"""What's changed: the changelog in ``data/changes.csv`` as a page and an Atom feed (a hook).

* ``docs/changes.md`` holds the marker ``<!-- changes -->``, which becomes a
  list of every change, newest first, with its date, the page changed, old
  and new values for a figure, and the source.
* ``feed.xml`` (Atom 1.0) is added to the site as a generated file with one entry per change,
  so anyone can follow changes in a feed reader without signing up.

Both come from the CSV alone (validated against ``data/changes.schema.json``
by ``data_check.py``), not from git history, so a shallow clone or a tarball
builds the same feed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from typing import Any

from datasets import load_dataset
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

MARKER = "<!-- changes -->"
PAGE = "changes.md"
FEED = "feed.xml"
ATOM = "http://www.w3.org/2005/Atom"

__all__ = ["FEED", "changes", "render_changes", "atom_feed"]


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


def render_changes(rows: list[dict[str, str]]) -> str:
    """Markdown: one section per date, a list item per change."""
    out: list[str] = []
    current = None
    for row in rows:
        if row["date"] != current:
            current = row["date"]
            day = datetime.strptime(current, "%Y-%m-%d").strftime("%-d %B %Y")
            out += ["", f"## {day}", ""]
        value = _value(row)
        where = f"[{row['page']}]({row['page']})" if row["page"].endswith(".md") else f"`{row['page']}`"
        text = f"- **{row['title']}**" + (f": {value}" if value else "") + f". Where: {where}. Source: {row['source']}. ({row['issue']})"
        out.append(text)
    return "\n".join(out).strip() + "\n"


def atom_feed(rows: list[dict[str, str]], site_url: str, site_name: str) -> bytes:
    """An Atom 1.0 feed of the changes."""
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
        sub(entry, "link", href=f"{base}changes/", rel="alternate", type="text/html")
        value = _value(row)
        summary = (f"{value}. " if value else "") + f"Where: {row['page']}. Source: {row['source']}. ({row['issue']})"
        sub(entry, "summary", summary)
        sub(entry, "category", term=row["kind"])
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")


_build: dict[str, Any] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig | None:
    _build["rows"] = changes()
    return None


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    if MARKER in markdown and page.file.src_uri != PAGE:
        raise PluginError(f"{page.file.src_uri}: {MARKER} belongs only on {PAGE}")
    if page.file.src_uri != PAGE:
        return None
    if markdown.count(MARKER) != 1:
        raise PluginError(f"{PAGE}: expected {MARKER} exactly once")
    return markdown.replace(MARKER, render_changes(_build["rows"]))


def on_files(files: Files, *, config: MkDocsConfig) -> Files | None:
    """The feed as a generated file, so MkDocs copies it and pages can link to it."""
    data = atom_feed(_build["rows"], config.site_url or "", config.site_name)
    files.append(File.generated(config, FEED, content=data))
    return files
