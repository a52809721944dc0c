"""Heading and footnote links named for screen readers without a title attribute (a hook).

Material's ``content.tooltips`` mounts a tooltip on every element with a
``title`` when a page loads, and each costs the page's main thread a little:
the glossary's 231 heading links and a strategy page's 50-odd footnote
back-links were much of their blocking time in Lighthouse (issue 31). Both
signs ("¶" and "↩") are ones sighted readers know without a tooltip, so:

* every heading's permanent link (Python-Markdown's ``toc``, with
  ``permalink_title: ""`` in ``mkdocs.yml`` so that it writes no title; the
  build stops if that is changed) is named "Link to this section";
* every footnote's back-link (the ``footnotes`` extension always writes a
  title) keeps its words, "Jump back to footnote 3 in the text", as its
  ``aria-label`` instead.

Runs after ``notebook_pages.py``, whose headings get the same link.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

__all__ = ["HEADING_LABEL", "label_links"]

HEADING_LABEL = "Link to this section"
_HEADING = re.compile(r'<a class="headerlink" href="(#[^"]*)"(?: title="[^"]*")?>')
_BACKREF = re.compile(r'<a class="footnote-backref" href="(#[^"]*)" title="([^"]*)">')


def label_links(html_text: str) -> str:
    """Every heading link and footnote back-link with an ``aria-label`` and no ``title``."""
    html_text = _HEADING.sub(lambda m: f'<a class="headerlink" href="{m[1]}" aria-label="{HEADING_LABEL}">', html_text)
    return _BACKREF.sub(lambda m: f'<a class="footnote-backref" href="{m[1]}" aria-label="{m[2]}">', html_text)


def on_config(config: MkDocsConfig) -> None:
    toc = config["mdx_configs"].get("toc", {})
    if toc.get("permalink_title", "Permanent link") != "":
        raise PluginError('mkdocs.yml: toc needs permalink_title: "" (hooks/link_labels.py names the links instead)')


def on_page_content(html_text: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return label_links(html_text)
