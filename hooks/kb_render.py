"""The generated parts of the knowledge base's pages, as Markdown (and HTML from templates).

Summary boxes, lists and the programmes table are Markdown, written here.
Anything with HTML in it (the filterable service directory, the register of
sources with its anchors) comes from the Jinja macros in
``overrides/hooks/knowledge_base.html``, rendered through the theme's
environment as Material's own hooks do (:func:`templates`).

Not a hook: ``knowledge_base.py`` imports it by name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from cross_links import Source
from front_matter import LEVELS_OF_NEED, SETTINGS, WORKFORCE_GROUPS, Service, Strategy
from mkdocs.config.defaults import MkDocsConfig
from source_names import register, source_html

__all__ = [
    "SOURCES_PAGE",
    "cell",
    "long_date",
    "render_programme_services",
    "render_service_directory",
    "render_service_programmes",
    "render_service_summary",
    "render_sources_table",
    "render_strategy_summary",
    "render_strategy_table",
    "templates",
    "token",
]

SOURCES_PAGE = "sources.md"
TEMPLATE = "hooks/knowledge_base.html"


def long_date(value: date) -> str:
    """15 March 2017."""
    return f"{value.day} {value:%B %Y}"


def cell(text: Any) -> str:
    """Text made safe for one Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def token(value: str) -> str:
    """A value as one lower-case, hyphenated word: the directory's filter values (``edge-of-care``)."""
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def templates(config: MkDocsConfig) -> Any:
    """The macros of ``overrides/hooks/knowledge_base.html``, through the theme's Jinja environment."""
    env = config.theme.get_env()
    sources = register()

    def cited(text: str, where: str) -> str:
        """Escaped text with each source document named for a reader, linking to the Sources page (from services/)."""
        return source_html(text, sources, where, "../sources/")

    env.filters.update(token=token, cell=cell, long_date=long_date, cited=cited)
    return env.get_template(TEMPLATE).module


def _source_link(source: Source, page_uri: str) -> str:
    depth = page_uri.count("/")
    return f"[{source.title}]({'../' * depth}{SOURCES_PAGE}#{source.anchor})"


def _glance(rows: list[tuple[str, str]]) -> str:
    """A Material admonition listing each label and value on one line."""
    body = "\n".join(f"    - **{label}:** {' '.join(value.split())}" for label, value in rows)
    return f'!!! abstract "At a glance"\n\n{body}\n'


def render_strategy_summary(strategy: Strategy, sources: Mapping[str, Source]) -> str:
    source = sources[strategy.document]
    return _glance([
        ("Who", strategy.body),
        ("Where", strategy.place),
        ("Nation", strategy.nation),
        ("When", long_date(strategy.date)),
        ("Document", _source_link(source, strategy.src_uri)),
        (f"Status as of {long_date(strategy.date)}", strategy.status),
        ("Spend", strategy.money["spend"]),
        ("Planned saving", strategy.money["saving"]),
        ("Grant", strategy.money["grant"]),
    ])


def render_service_summary(service: Service) -> str:
    return _glance([
        ("Who it serves", service.serves),
        ("Ages", service.ages),
        ("Level of need", ", ".join(service.level_of_need)),
        ("Setting", ", ".join(service.setting)),
        ("Workforce", service.workforce),
        ("Intensity", service.intensity),
        ("Duration", service.duration),
        ("Capacity", service.capacity),
        ("Cost", f"{service.cost.summary} (source: {service.cost.source})"),
        ("Evidence", service.evidence),
        ("Evidence rating", evidence_rating(service)),
    ])


def evidence_rating(service: Service) -> str:
    """The public rating of a named programme, its source and check; or that the evidence is local."""
    rating = service.evidence_rating
    if not rating:
        return "no published rating for this service model; local evidence only, as above"
    checked = long_date(rating["checked"])
    status = "confirmed on the publisher's page" if rating["confirmed"] else "not confirmed: this site could not check it on the publisher's page"
    return f"{rating['rating']} (source: [{rating['source_name']}]({rating['source']}); checked {checked}, {status})"


def render_programme_services(strategy: Strategy, services: Mapping[str, Service]) -> str:
    items = sorted((services[slug] for slug in strategy.services), key=lambda s: s.title.casefold())
    return "\n".join(f"- [{s.title}](../{s.src_uri}): {s.summary}" for s in items) + "\n"


def render_service_programmes(service: Service, users: list[Strategy]) -> str:
    heading = "## Programmes that use this service\n\n"
    if not users:
        return heading + f"No programme on this site uses this service model. {service.orphan_reason}\n"
    return heading + "\n".join(
        f"- [{s.title}](../{s.src_uri}): {s.body}, {s.nation}, {s.date:%B %Y}" for s in users
    ) + "\n"


def render_strategy_table(strategies: Iterable[Strategy]) -> str:
    rows = ["| Programme | Body | Nation | Date | Status as of the document |", "| --- | --- | --- | --- | --- |"]
    for s in sorted(strategies, key=lambda s: s.date):
        rows.append(
            f"| [{cell(s.title)}]({s.slug}.md) | {cell(s.body)} | {s.nation} | {long_date(s.date)} | {cell(s.status)} |"
        )
    return "\n".join(rows) + "\n"


def render_sources_table(macros: Any, sources: Iterable[Source]) -> str:
    """The register of sources (``<!-- sources-table -->``), from the ``sources_table`` macro."""
    return str(macros.sources_table(list(sources)))


def render_service_directory(
    macros: Any, services: Iterable[Service], url_of: Callable[[Service], str], script_url: str
) -> str:
    """The filterable directory (``<!-- service-directory -->``), from the ``service_directory`` macro.

    Each filter offers only the levels of need and settings some service has, in the schema's order.
    """
    items = sorted(services, key=lambda s: s.title.casefold())
    levels = [v for v in LEVELS_OF_NEED if any(v in s.level_of_need for s in items)]
    settings = [v for v in SETTINGS if any(v in s.setting for s in items)]
    workforce = [v for v in WORKFORCE_GROUPS if any(v in s.workforce_groups for s in items)]
    return str(macros.service_directory([(s, url_of(s)) for s in items], levels, settings, workforce, script_url))
