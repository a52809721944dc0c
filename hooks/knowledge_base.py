"""The knowledge base's pages: checked from their front matter, generated parts put in place (a hook).

Every strategy page (``docs/strategies/<slug>.md``) and service-model page
(``docs/services/<slug>.md``) carries structured front matter. This hook

* reads the front matter of all of them up front (in ``on_files``, so no page
  depends on the order pages are rendered in), validates it
  (``front_matter.py``, against ``hooks/schemas/``) and checks the links
  between pages and the register of sources (``cross_links.py``): a bad field
  stops the build with the file and the field named;
* writes the generated parts of pages where their markers stand
  (``kb_render.py``), so the Markdown source stays readable and nothing
  generated is kept by hand:

  - ``<!-- strategy-summary -->``, each strategy page (required): the
    summary box (who, where, nation, when, document, status);
  - ``<!-- programme-services -->``, each strategy page (required): the
    "Services in this programme" list;
  - ``<!-- service-summary -->``, a service page (optional): an "At a glance"
    box from its front matter;
  - ``<!-- service-programmes -->``, a service page (optional; appended at
    the end when absent): "Programmes that use this service";
  - ``<!-- strategy-table -->``, ``strategies/index.md``: the programmes table;
  - ``<!-- service-directory -->``, ``services/index.md``: the filterable
    directory, with ``javascripts/service-directory.js`` on that page only;
  - ``<!-- sources-table -->``, ``sources.md``: the register in
    ``data/sources.csv``.

  A required marker that is missing, or a marker on a page it does not belong
  to, fails the build;
* sets Material's ``tags`` on service pages from their level of need, setting
  and ages (the tags plugin reads them later: its ``on_page_markdown`` runs at
  priority -50, after this hook).

The check that every figure on a strategy page cites its source is its own
hook, ``citations.py``. Nothing is written into ``docs/``: under
``mkdocs serve`` that would loop.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import kb_render
from cross_links import KnowledgeBase, load_knowledge_base, load_sources
from datasets import DATA_DIR
from front_matter import SERVICES_DIR, STRATEGIES_DIR
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.knowledge_base")

STRATEGIES_INDEX = "strategies/index.md"
SERVICES_INDEX = "services/index.md"
SOURCES_PAGE = kb_render.SOURCES_PAGE
DIRECTORY_SCRIPT = "javascripts/service-directory.js"

MARKERS = {
    "<!-- strategy-summary -->": "strategy pages",
    "<!-- programme-services -->": "strategy pages",
    "<!-- service-summary -->": "service pages",
    "<!-- service-programmes -->": "service pages",
    "<!-- strategy-table -->": STRATEGIES_INDEX,
    "<!-- service-directory -->": SERVICES_INDEX,
    "<!-- sources-table -->": SOURCES_PAGE,
}

# Set by on_files for the pages of this build.
_build: dict[str, Any] = {}


def _kind(src_uri: str) -> str | None:
    """Which of this hook's pages ``src_uri`` is, if any."""
    if src_uri in (STRATEGIES_INDEX, SERVICES_INDEX, SOURCES_PAGE):
        return src_uri
    for folder, kind in ((STRATEGIES_DIR, "strategy pages"), (SERVICES_DIR, "service pages")):
        if src_uri.startswith(folder) and src_uri.count("/") == 1:
            return kind
    return None


def _replace(markdown: str, marker: str, text: str, src_uri: str, *, required: bool = True) -> str:
    count = markdown.count(marker)
    if count > 1 or (required and count == 0):
        raise PluginError(f"{src_uri}: expected {marker} exactly once, found it {count} times")
    return markdown.replace(marker, text)


def on_files(files: Files, *, config: MkDocsConfig) -> Files | None:
    pages = [
        (f.src_uri, f.content_string)
        for f in files.documentation_pages()
        if _kind(f.src_uri) in ("strategy pages", "service pages")
    ]
    kb = load_knowledge_base(pages, load_sources(), docs_label=Path(config.docs_dir).name)
    if files.get_file_from_path(DIRECTORY_SCRIPT) is None:
        raise PluginError(f"docs/{DIRECTORY_SCRIPT} is missing: the service directory's filter needs it")
    _build.update(kb=kb, macros=kb_render.templates(config))
    log.debug("knowledge base: %d strategies, %d services, %d sources", len(kb.strategies), len(kb.services), len(kb.sources))
    return None


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    src_uri = page.file.src_uri
    kind = _kind(src_uri)
    for marker, home in MARKERS.items():
        if marker in markdown and home != kind:
            raise PluginError(f"{src_uri}: {marker} belongs only on {home}")
    if kind is None:
        return None
    if "kb" not in _build:
        raise PluginError("knowledge_base.py: a page was rendered before on_files read the knowledge base")
    kb: KnowledgeBase = _build["kb"]
    slug = Path(src_uri).stem

    if kind == "strategy pages":
        strategy = kb.strategies[slug]
        # Material reads `status` as a navigation badge name; this page's
        # status is prose, shown in the summary box instead.
        page.meta.pop("status", None)
        markdown = _replace(markdown, "<!-- strategy-summary -->", kb_render.render_strategy_summary(strategy, kb.sources), src_uri)
        return _replace(markdown, "<!-- programme-services -->", kb_render.render_programme_services(strategy, kb.services), src_uri)

    if kind == "service pages":
        service = kb.services[slug]
        page.meta["tags"] = service.all_tags  # read by the tags plugin after this hook
        page.meta.setdefault("description", service.summary)
        markdown = _replace(markdown, "<!-- service-summary -->", kb_render.render_service_summary(service), src_uri, required=False)
        programmes = kb_render.render_service_programmes(service, kb.users[slug])
        if "<!-- service-programmes -->" in markdown:
            return _replace(markdown, "<!-- service-programmes -->", programmes, src_uri)
        return f"{markdown.rstrip()}\n\n{programmes}"

    if src_uri == STRATEGIES_INDEX:
        return _replace(markdown, "<!-- strategy-table -->", kb_render.render_strategy_table(kb.strategies.values()), src_uri)

    if src_uri == SERVICES_INDEX:
        directory = kb_render.render_service_directory(
            _build["macros"], kb.services.values(),
            lambda service: _url(files, service.src_uri, page), _url(files, DIRECTORY_SCRIPT, page),
        )
        return _replace(markdown, "<!-- service-directory -->", directory, src_uri)

    if src_uri == SOURCES_PAGE:
        return _replace(markdown, "<!-- sources-table -->", kb_render.render_sources_table(_build["macros"], kb.sources.values()), src_uri)
    return None


def _url(files: Files, src_uri: str, page: Page) -> str:
    """The address of ``src_uri`` relative to ``page``; its file was checked to exist in on_files."""
    target = files.get_file_from_path(src_uri)
    if target is None:
        raise PluginError(f"{page.file.src_uri}: no file {src_uri} to link to")
    return target.url_relative_to(page.file)


def on_serve(server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
    # The sources page and strategy summaries are rendered from the register.
    server.watch(str(DATA_DIR / "sources.csv"))
    return server
