"""Each heading's "¶" link is named for screen readers without a title attribute (a hook).

Python-Markdown's ``toc`` gives every heading's permanent link a ``title``
("Permanent link" by default), and Material's ``content.tooltips`` mounts a
tooltip on every element with a title when the page loads. The glossary has
a heading per term: 231 tooltips took much of the 944 ms of main-thread
blocking Lighthouse measured on it (issue 31). So ``mkdocs.yml`` sets
``permalink_title: ""`` and this hook names each link with ``aria-label``
instead: a screen reader still hears what the link is for, and no tooltip
is made for a sign that sighted readers already know.

Runs after ``notebook_pages.py``, whose headings get the same link.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

__all__ = ["LABEL", "name_heading_links"]

LABEL = "Link to this section"
_LINK = re.compile(r'<a class="headerlink" href="(#[^"]*)"( title="[^"]*")?>')


def name_heading_links(html_text: str) -> str:
    """Every ``a.headerlink`` with an ``aria-label`` and no ``title``."""
    return _LINK.sub(lambda m: f'<a class="headerlink" href="{m[1]}" aria-label="{LABEL}">', html_text)


def on_config(config: MkDocsConfig) -> None:
    toc = config["mdx_configs"].get("toc", {})
    if toc.get("permalink_title", "Permanent link") != "":
        raise PluginError('mkdocs.yml: toc needs permalink_title: "" (hooks/heading_links.py names the links instead)')


def on_page_content(html_text: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return name_heading_links(html_text)
