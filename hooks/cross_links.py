"""The knowledge base as one checked whole: strategies, services and sources, linked both ways.

* every slug in a strategy's ``services`` must be a service page;
* every service page must be used by a strategy or say why not
  (``orphan_reason``), and a used one must not claim to be unused;
* every strategy's ``document`` must be an id in ``data/sources.csv``.

A broken link stops the build naming the file and the field, like a schema
error (:class:`front_matter.FrontMatterError`). Not a hook:
``knowledge_base.py`` and the tests import it by name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path

from datasets import DATA_DIR, DatasetError, load_dataset
from front_matter import (
    SERVICES_DIR,
    STRATEGIES_DIR,
    FrontMatterError,
    Service,
    Strategy,
    front_matter,
    validate_service,
    validate_strategy,
)
from mkdocs.exceptions import PluginError
from source_names import anchor

__all__ = ["KnowledgeBase", "Source", "load_knowledge_base", "load_sources"]


@dataclass(frozen=True)
class Source:
    """One row of data/sources.csv."""

    id: str
    title: str
    publisher: str
    date: str
    kind: str
    nation: str
    notes: str
    source: str

    @property
    def anchor(self) -> str:
        return anchor(self.id)


def load_sources(data_dir: Path = DATA_DIR) -> dict[str, Source]:
    """The sources register (``data/sources.csv``, validated against its schema), by id."""
    try:
        frame = load_dataset("sources", data_dir)
    except DatasetError as exc:
        raise PluginError(f"the sources register is not valid:\n{exc}") from exc
    names = [f.name for f in fields(Source)]
    return {row["id"]: Source(**{n: row[n] for n in names}) for row in frame.to_dict(orient="records")}


@dataclass
class KnowledgeBase:
    """Every strategy, service and source, checked against each other."""

    strategies: dict[str, Strategy]
    services: dict[str, Service]
    sources: dict[str, Source]
    users: dict[str, list[Strategy]] = field(init=False)
    """The strategies that use each service, by the service's slug, oldest first."""

    def __post_init__(self) -> None:
        self.users = {slug: [] for slug in self.services}
        for strategy in sorted(self.strategies.values(), key=lambda s: s.date):
            if strategy.document not in self.sources:
                raise FrontMatterError(
                    strategy.path, "document", f"{strategy.document!r} is not an id in data/sources.csv"
                )
            for slug in strategy.services:
                if slug not in self.services:
                    raise FrontMatterError(
                        strategy.path, "services", f"no service page for {slug!r} (expected docs/{SERVICES_DIR}{slug}.md)"
                    )
                self.users[slug].append(strategy)
        for slug, service in self.services.items():
            if self.users[slug] and service.orphan_reason:
                raise FrontMatterError(
                    service.path, "orphan_reason",
                    f"used by {', '.join(s.slug for s in self.users[slug])}: remove orphan_reason",
                )
            if not self.users[slug] and not service.orphan_reason:
                raise FrontMatterError(
                    service.path, "orphan_reason",
                    "no strategy page lists this service in its `services`: add it to one, or say why not here",
                )


def load_knowledge_base(pages: Iterable[tuple[str, str]], sources: dict[str, Source], docs_label: str = "docs") -> KnowledgeBase:
    """Validate the front matter of every strategy and service page and link them up.

    ``pages`` gives (src_uri, text) pairs; index pages and other folders are skipped.
    """
    strategies: dict[str, Strategy] = {}
    services: dict[str, Service] = {}
    for src_uri, text in pages:
        folder, _, name = src_uri.rpartition("/")
        if name == "index.md" or f"{folder}/" not in (STRATEGIES_DIR, SERVICES_DIR):
            continue
        path = f"{docs_label}/{src_uri}"
        meta = front_matter(text, path)
        if f"{folder}/" == STRATEGIES_DIR:
            strategies[Path(name).stem] = validate_strategy(meta, path)
        else:
            services[Path(name).stem] = validate_service(meta, path)
    return KnowledgeBase(strategies, services, sources)
