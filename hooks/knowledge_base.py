"""The knowledge base: strategy and service pages, checked and cross-linked from their front matter.

Every strategy page (``docs/strategies/<slug>.md``) and service-model page
(``docs/services/<slug>.md``) carries structured front matter. This hook

* reads the front matter of all of them up front (in ``on_files``, so no page
  depends on the order pages are rendered in) and validates it against the
  schemas below: a missing or mistyped field stops the build with the file and
  the field named;
* checks the links between them: every slug in a strategy's ``services`` must
  be a service page, and every service page must be used by a strategy or say
  why not (``orphan_reason``);
* writes the generated parts of pages where their markers stand, so the
  Markdown source stays readable and nothing generated is kept by hand:

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
* checks that every pound figure and percentage on a strategy page sits in a
  paragraph, list item or table row that cites its source (see
  :data:`CITATION`);
* sets Material's ``tags`` on service pages from their level of need, setting
  and ages (the tags plugin reads them later: its ``on_page_markdown`` runs at
  priority -50, after this hook).

Nothing is written into ``docs/``: under ``mkdocs serve`` that would loop.
The tests import the validators and loaders directly.
"""

from __future__ import annotations

import csv
import html
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import YAML_RE

__all__ = [
    "AGE_BANDS",
    "CITATION",
    "FrontMatterError",
    "KnowledgeBase",
    "LEVELS_OF_NEED",
    "NATIONS",
    "SERVICE_SCHEMA",
    "SETTINGS",
    "STRATEGY_SCHEMA",
    "Service",
    "Source",
    "Strategy",
    "load_knowledge_base",
    "load_sources",
    "read_pages",
    "uncited_figures",
    "validate_service",
    "validate_strategy",
]

log = logging.getLogger("mkdocs.plugins.knowledge_base")

ROOT = Path(__file__).resolve().parent.parent
SOURCES_CSV = ROOT / "data" / "sources.csv"

STRATEGIES_DIR = "strategies/"
SERVICES_DIR = "services/"
STRATEGIES_INDEX = "strategies/index.md"
SERVICES_INDEX = "services/index.md"
SOURCES_PAGE = "sources.md"
DIRECTORY_SCRIPT = "javascripts/service-directory.js"

NATIONS = ("England", "Scotland", "Wales")
LEVELS_OF_NEED = ("universal", "targeted", "edge of care", "looked after", "leaving care")
SETTINGS = (
    "family home",
    "community",
    "school",
    "foster home",
    "kinship home",
    "residential home",
    "secure or custody",
    "hospital or clinic",
    "supported accommodation",
    "council office",
)
# Age bands used as tags (and so on the Tags page): a service is tagged with
# every band its age range touches.
AGE_BANDS = ((0, 4, "ages 0-4"), (5, 11, "ages 5-11"), (12, 17, "ages 12-17"), (18, 25, "ages 18-25"))
_AGE_TAG = re.compile(r"^ages \d+-\d+$")

# Front matter keys the theme understands, allowed beside each schema's own.
# Material's `status` (a navigation badge) is not among them: strategy pages
# use `status` for prose, which on_page_markdown removes before the nav renders.
THEME_KEYS = frozenset({"description", "hide", "icon", "search", "subtitle", "template", "comments"})

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# --------------------------------------------------------------------------
# Schemas
# --------------------------------------------------------------------------


class FrontMatterError(PluginError):
    """A page's front matter breaks its schema; the message names the file and the field."""

    def __init__(self, path: str, field_name: str | None, problem: str) -> None:
        self.path = path
        self.field = field_name
        self.problem = problem
        where = f"front matter field '{field_name}'" if field_name else "front matter"
        super().__init__(f"{path}: {where}: {problem}")


Check = Callable[[Any], str | None]
"""A check returns what is wrong with a value, or None when it is fine."""


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"expected text, got {type(value).__name__} {value!r}"
    if not value.strip():
        return "must not be empty"
    return None


def _integer(low: int, high: int) -> Check:
    def check(value: Any) -> str | None:
        # YAML reads `yes` as True, and bool is an int subclass: refuse it.
        if isinstance(value, bool) or not isinstance(value, int):
            return f"expected a whole number from {low} to {high}, got {value!r}"
        if not low <= value <= high:
            return f"{value} is outside {low} to {high}"
        return None

    return check


def _one_of(choices: Iterable[str]) -> Check:
    allowed = tuple(choices)

    def check(value: Any) -> str | None:
        if value not in allowed:
            return f"{value!r} is not one of: {', '.join(allowed)}"
        return None

    return check


def _list_of(item: Check) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, list) or not value:
            return f"expected a non-empty list, got {value!r}"
        for i, entry in enumerate(value):
            if problem := item(entry):
                return f"item {i + 1}: {problem}"
        if len(set(map(str, value))) != len(value):
            return "lists a value more than once"
        return None

    return check


def _slug(value: Any) -> str | None:
    if not isinstance(value, str) or not _SLUG.match(value):
        return f"{value!r} is not a page slug (lower-case words joined by hyphens)"
    return None


def _a_date(value: Any) -> str | None:
    # YAML turns an unquoted 2017-03-15 into a date; a quoted one stays text.
    if not isinstance(value, date):
        return f"expected a date written YYYY-MM-DD (unquoted), got {value!r}"
    return None


def _mapping(fields: Mapping[str, Check]) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, dict):
            return f"expected keys {', '.join(fields)}, got {value!r}"
        for key, item in fields.items():
            if key not in value:
                return f"missing '{key}'"
            if problem := item(value[key]):
                return f"'{key}': {problem}"
        if extra := sorted(set(value) - set(fields)):
            return f"unknown keys {extra}"
        return None

    return check


@dataclass(frozen=True)
class Field:
    """One front matter field: its check, whether it is required, and what it holds."""

    check: Check
    description: str
    required: bool = True


STRATEGY_SCHEMA: dict[str, Field] = {
    "title": Field(_text, "the programme's name and year, e.g. Glasgow children's services transformation (2017)"),
    "body": Field(_text, "who: the council, board or partnership that owns the document"),
    "place": Field(_text, "where: the area the programme covers"),
    "nation": Field(_one_of(NATIONS), "England, Scotland or Wales"),
    "date": Field(_a_date, "the date of the document, YYYY-MM-DD"),
    "document": Field(_text, "the source's id in data/sources.csv (for the five documents, the file name)"),
    "status": Field(_text, "where the programme stood as of the document (not today)"),
    "services": Field(_list_of(_slug), "service-model slugs the programme creates, redesigns, stops or relies on"),
    "tags": Field(_list_of(_text), "Material tags", required=False),
}

SERVICE_SCHEMA: dict[str, Field] = {
    "title": Field(_text, "the service model's name"),
    "summary": Field(_text, "one sentence for the directory"),
    "serves": Field(_text, "who it serves"),
    "age_min": Field(_integer(0, 25), "youngest age served, 0 to 25 (0: from birth or before)"),
    "age_max": Field(_integer(0, 25), "oldest age served, 0 to 25, at least age_min"),
    "ages": Field(_text, "a human label for the age range", required=False),
    "level_of_need": Field(_list_of(_one_of(LEVELS_OF_NEED)), "levels of need: " + ", ".join(LEVELS_OF_NEED)),
    "setting": Field(_list_of(_one_of(SETTINGS)), "where it is delivered: " + ", ".join(SETTINGS)),
    "workforce": Field(_text, "who delivers it"),
    "intensity": Field(_text, "how often contact happens, or 'not stated in the documents'"),
    "duration": Field(_text, "how long it lasts, or 'not stated in the documents'"),
    "capacity": Field(_text, "how many at once, or 'not stated in the documents'"),
    "cost": Field(_mapping({"summary": _text, "source": _text}), "{summary, source}: what it costs and where that comes from"),
    "evidence": Field(_text, "what the documents say about results, or that they say nothing"),
    "orphan_reason": Field(_text, "why no strategy page uses it (only when none does)", required=False),
    "tags": Field(_list_of(_text), "Material tags; the hook adds level of need, setting and age bands", required=False),
}


def _validate(meta: Mapping[str, Any], schema: Mapping[str, Field], path: str) -> None:
    if not isinstance(meta, Mapping) or not meta:
        raise FrontMatterError(path, None, "missing: the page must start with a YAML front matter block")
    for name, spec in schema.items():
        if name not in meta or meta[name] is None:
            if spec.required:
                raise FrontMatterError(path, name, f"required field is missing ({spec.description})")
            continue
        if problem := spec.check(meta[name]):
            raise FrontMatterError(path, name, problem)
    if unknown := sorted(set(meta) - set(schema) - THEME_KEYS):
        raise FrontMatterError(path, unknown[0], f"unknown field (expected one of: {', '.join(schema)})")


# --------------------------------------------------------------------------
# The pages' records
# --------------------------------------------------------------------------


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
        return "source-" + re.sub(r"[^a-z0-9]+", "-", self.id.lower()).strip("-")


@dataclass(frozen=True)
class Strategy:
    slug: str
    path: str
    title: str
    body: str
    place: str
    nation: str
    date: date
    document: str
    status: str
    services: tuple[str, ...]

    @property
    def src_uri(self) -> str:
        return f"{STRATEGIES_DIR}{self.slug}.md"


@dataclass(frozen=True)
class Cost:
    summary: str
    source: str


@dataclass(frozen=True)
class Service:
    slug: str
    path: str
    title: str
    summary: str
    serves: str
    age_min: int
    age_max: int
    ages: str
    level_of_need: tuple[str, ...]
    setting: tuple[str, ...]
    workforce: str
    intensity: str
    duration: str
    capacity: str
    cost: Cost
    evidence: str
    orphan_reason: str | None
    tags: tuple[str, ...]

    @property
    def src_uri(self) -> str:
        return f"{SERVICES_DIR}{self.slug}.md"

    @property
    def age_bands(self) -> tuple[str, ...]:
        return tuple(label for low, high, label in AGE_BANDS if self.age_min <= high and self.age_max >= low)

    @property
    def all_tags(self) -> list[str]:
        """The page's own tags, then every level of need, setting and age band it lacks."""
        return list(dict.fromkeys([*self.tags, *self.level_of_need, *self.setting, *self.age_bands]))


def _slug_of(path: str) -> str:
    return Path(path).stem


def validate_strategy(meta: Mapping[str, Any], path: str) -> Strategy:
    """Check a strategy page's front matter; raise :class:`FrontMatterError` naming file and field."""
    _validate(meta, STRATEGY_SCHEMA, path)
    return Strategy(
        slug=_slug_of(path),
        path=path,
        title=meta["title"],
        body=meta["body"],
        place=meta["place"],
        nation=meta["nation"],
        date=meta["date"],
        document=meta["document"],
        status=meta["status"],
        services=tuple(meta["services"]),
    )


def validate_service(meta: Mapping[str, Any], path: str) -> Service:
    """Check a service page's front matter; raise :class:`FrontMatterError` naming file and field."""
    _validate(meta, SERVICE_SCHEMA, path)
    if meta["age_max"] < meta["age_min"]:
        raise FrontMatterError(path, "age_max", f"{meta['age_max']} is below age_min ({meta['age_min']})")
    bands = {label for low, high, label in AGE_BANDS if meta["age_min"] <= high and meta["age_max"] >= low}
    for tag in meta.get("tags") or ():
        if _AGE_TAG.match(tag) and tag not in bands:
            raise FrontMatterError(
                path, "tags", f"{tag!r} does not match ages {meta['age_min']} to {meta['age_max']} "
                f"(the bands are {', '.join(label for *_, label in AGE_BANDS)}; the hook adds the right ones)"
            )
    return Service(
        slug=_slug_of(path),
        path=path,
        title=meta["title"],
        summary=meta["summary"],
        serves=meta["serves"],
        age_min=meta["age_min"],
        age_max=meta["age_max"],
        ages=meta.get("ages") or f"{meta['age_min']} to {meta['age_max']}",
        level_of_need=tuple(meta["level_of_need"]),
        setting=tuple(meta["setting"]),
        workforce=meta["workforce"],
        intensity=meta["intensity"],
        duration=meta["duration"],
        capacity=meta["capacity"],
        cost=Cost(**meta["cost"]),
        evidence=meta["evidence"],
        orphan_reason=meta.get("orphan_reason"),
        tags=tuple(meta.get("tags") or ()),
    )


def load_sources(path: Path = SOURCES_CSV) -> dict[str, Source]:
    """The sources register, by id. (hooks/datasets.py validates it against its schema.)"""
    names = [f.name for f in fields(Source)]
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise PluginError(f"cannot read the sources register {path}: {exc}") from exc
    if rows and (missing := [n for n in names if n not in rows[0]]):
        raise PluginError(f"{path.name}: missing columns {missing}")
    return {row["id"]: Source(**{n: row[n] for n in names}) for row in rows}


@dataclass
class KnowledgeBase:
    """Every strategy, service and source, checked against each other."""

    strategies: dict[str, Strategy]
    services: dict[str, Service]
    sources: dict[str, Source]
    users: dict[str, list[Strategy]] = field(init=False)

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


def _front_matter(text: str, path: str) -> dict[str, Any]:
    """The page's YAML front matter, read as MkDocs reads it, but with YAML errors reported.

    (MkDocs drops front matter it cannot parse without a word; here that fails.)
    """
    match = YAML_RE.match(text)
    if not match:
        return {}
    try:
        data = yaml.load(match.group(1), yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise FrontMatterError(path, None, f"is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise FrontMatterError(path, None, "must be a YAML mapping of field: value")
    return data


def read_pages(docs_dir: Path) -> Iterator[tuple[str, str]]:
    """(src_uri, text) of every strategy and service page under ``docs_dir``, from disk."""
    for folder in (STRATEGIES_DIR, SERVICES_DIR):
        for path in sorted((docs_dir / folder).glob("*.md")):
            yield f"{folder}{path.name}", path.read_text(encoding="utf-8")


def load_knowledge_base(pages: Iterable[tuple[str, str]], sources: dict[str, Source], docs_label: str = "docs") -> KnowledgeBase:
    """Validate the front matter of every strategy and service page and link them up.

    ``pages`` gives (src_uri, text) pairs; index pages are skipped.
    """
    strategies: dict[str, Strategy] = {}
    services: dict[str, Service] = {}
    for src_uri, text in pages:
        folder, _, name = src_uri.rpartition("/")
        if name == "index.md" or f"{folder}/" not in (STRATEGIES_DIR, SERVICES_DIR):
            continue
        path = f"{docs_label}/{src_uri}"
        meta = _front_matter(text, path)
        if f"{folder}/" == STRATEGIES_DIR:
            strategies[_slug_of(name)] = validate_strategy(meta, path)
        else:
            services[_slug_of(name)] = validate_service(meta, path)
    return KnowledgeBase(strategies, services, sources)


# --------------------------------------------------------------------------
# The citation check
# --------------------------------------------------------------------------

FIGURE = re.compile(r"£\s?\d|\d\s?%|\bper cent\b", re.IGNORECASE)
"""A pound figure or a percentage."""

CITATION = re.compile(
    r"\b\d{3}_[0-9a-f]{16}\.txt,?\s+"
    r"(?:§\s?\d+(?:\.\d+)*(?:\([a-z]\))?"  # §3.2, §2.2(c), §1.08
    r"|slides?\s+\d+"  # slide 8
    r"|section\s+\"[^\"]+\""  # section "Savings" (for documents without numbered paragraphs)
    r"|appendix\s+\d+"
    r"|cover sheet|executive summary|direction)",
    re.IGNORECASE,
)
"""A citation: a source document's file name, then where in it (section, slide, appendix...)."""

_BLOCK_START = re.compile(r"^(?:[-*+]\s|\d+[.)]\s|#{1,6}\s|\||!!!|\?\?\?|:\s{3})")


def _blocks(markdown: str) -> Iterator[str]:
    """Paragraphs, list items, table rows, headings and admonition titles, one at a time.

    Indentation is ignored, so text inside an admonition is split the same way.
    """
    current: list[str] = []
    for raw in markdown.splitlines():
        line = raw.strip()
        if not line or _BLOCK_START.match(line):
            if current:
                yield " ".join(current)
            current = []
        if not line:
            continue
        if line.startswith("|") or line.startswith("#") or line.startswith(("!!!", "???")):
            yield line  # a table row, heading or admonition title stands alone
            continue
        current.append(line)
    if current:
        yield " ".join(current)


def uncited_figures(markdown: str) -> list[str]:
    """Blocks of ``markdown`` that state a pound figure or percentage but cite no source."""
    body = YAML_RE.sub("", markdown, count=1)
    return [block for block in _blocks(body) if FIGURE.search(block) and not CITATION.search(block)]


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------


def _long_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _cell(text: str) -> str:
    """Text made safe for one Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _token(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def _source_link(source: Source, page_uri: str) -> str:
    depth = page_uri.count("/")
    return f"[{source.title}]({'../' * depth}{SOURCES_PAGE}#{source.anchor})"


def render_strategy_summary(strategy: Strategy, sources: Mapping[str, Source]) -> str:
    source = sources[strategy.document]
    rows = [
        ("Who", strategy.body),
        ("Where", strategy.place),
        ("Nation", strategy.nation),
        ("When", _long_date(strategy.date)),
        ("Document", f"{_source_link(source, strategy.src_uri)} (`{strategy.document}`)"),
        (f"Status as of {_long_date(strategy.date)}", strategy.status),
    ]
    return _glance(rows)


def _glance(rows: list[tuple[str, str]]) -> str:
    """A Material admonition listing each label and value on one line."""
    body = "\n".join(f"    - **{label}:** {' '.join(value.split())}" for label, value in rows)
    return f'!!! abstract "At a glance"\n\n{body}\n'


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


def render_service_summary(service: Service) -> str:
    rows = [
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
    ]
    return _glance(rows)


def render_strategy_table(strategies: Iterable[Strategy]) -> str:
    rows = ["| Programme | Body | Nation | Date | Status as of the document |", "| --- | --- | --- | --- | --- |"]
    for s in sorted(strategies, key=lambda s: s.date):
        rows.append(
            f"| [{_cell(s.title)}]({s.slug}.md) | {_cell(s.body)} | {s.nation} | {_long_date(s.date)} | {_cell(s.status)} |"
        )
    return "\n".join(rows) + "\n"


def render_sources_table(sources: Iterable[Source]) -> str:
    rows = ["| Source | Kind | Notes, and where to find it |", "| --- | --- | --- |"]
    for s in sources:
        rows.append(
            f'| <span id="{s.anchor}"></span>**{_cell(s.title)}**<br>{_cell(s.publisher)}, {s.date or "undated"}<br>`{s.id}` '
            f"| {s.kind}; {s.nation} | {_cell(s.notes)} Published in: {_cell(s.source)}. |"
        )
    return "\n".join(rows) + "\n"


def _options(name: str, label: str, values: Iterable[str]) -> str:
    options = "".join(f'<option value="{_token(v)}">{html.escape(v)}</option>' for v in values)
    return (
        f'<div class="kb-filter__field"><label for="kb-filter-{name}">{label}</label>'
        f'<select id="kb-filter-{name}" name="{name}"><option value="">Any</option>{options}</select></div>'
    )


def render_service_directory(services: Iterable[Service], url_of: Callable[[Service], str], script_url: str) -> str:
    """The directory: filters (shown by the script), a live count, and a plain table that works without it."""
    items = sorted(services, key=lambda s: s.title.casefold())
    used_levels = [v for v in LEVELS_OF_NEED if any(v in s.level_of_need for s in items)]
    used_settings = [v for v in SETTINGS if any(v in s.setting for s in items)]
    rows = []
    for s in items:
        rows.append(
            f'<tr data-level="{" ".join(map(_token, s.level_of_need))}" '
            f'data-setting="{" ".join(map(_token, s.setting))}" data-age-min="{s.age_min}" data-age-max="{s.age_max}">'
            f'<td><a href="{html.escape(url_of(s))}">{html.escape(s.title)}</a></td>'
            f"<td>{html.escape(s.summary)}</td>"
            f"<td>{html.escape(', '.join(s.level_of_need))}</td>"
            f"<td>{html.escape(s.ages)}</td>"
            f"<td>{html.escape(', '.join(s.setting))}</td></tr>"
        )
    count = f"{len(items)} service models."
    return "\n".join(
        [
            '<div class="kb-directory" data-service-directory>',
            '<form class="kb-filter" hidden aria-label="Filter the service models">',
            _options("level", "Level of need", used_levels),
            _options("setting", "Setting", used_settings),
            '<div class="kb-filter__field"><label for="kb-filter-age">Age in years</label>'
            '<input id="kb-filter-age" name="age" type="number" min="0" max="25" step="1" inputmode="numeric"></div>',
            '<button type="reset" class="kb-filter__reset">Clear filters</button>',
            "</form>",
            f'<p class="kb-directory__count" role="status" aria-live="polite" data-total="{len(items)}">{count}</p>',
            "<table>",
            "<caption>Service models, A to Z</caption>",
            '<thead><tr><th scope="col">Service</th><th scope="col">Summary</th><th scope="col">Level of need</th>'
            '<th scope="col">Ages</th><th scope="col">Setting</th></tr></thead>',
            "<tbody>",
            *rows,
            "</tbody>",
            "</table>",
            "</div>",
            f'<script src="{html.escape(script_url)}"></script>',
            "",
        ]
    )


# --------------------------------------------------------------------------
# MkDocs hooks
# --------------------------------------------------------------------------

MARKERS = {
    "<!-- strategy-summary -->": "strategy pages",
    "<!-- programme-services -->": "strategy pages",
    "<!-- service-summary -->": "service pages",
    "<!-- service-programmes -->": "service pages",
    "<!-- strategy-table -->": STRATEGIES_INDEX,
    "<!-- service-directory -->": SERVICES_INDEX,
    "<!-- sources-table -->": SOURCES_PAGE,
}

_kb: KnowledgeBase | None = None


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
    global _kb
    pages = [
        (f.src_uri, f.content_string)
        for f in files.documentation_pages()
        if _kind(f.src_uri) in ("strategy pages", "service pages")
    ]
    docs = Path(config.docs_dir).name
    _kb = load_knowledge_base(pages, load_sources(), docs_label=docs)
    for src_uri, text in pages:
        if src_uri.startswith(STRATEGIES_DIR) and (uncited := uncited_figures(text)):
            raise PluginError(
                f"{docs}/{src_uri}: a pound figure or percentage without a citation "
                "(file name and place, e.g. 000_cae6d205916c5940.txt §3.2) in:\n"
                + "\n".join(f"  {block[:160]}" for block in uncited)
            )
    if files.get_file_from_path(DIRECTORY_SCRIPT) is None:
        raise PluginError(f"docs/{DIRECTORY_SCRIPT} is missing: the service directory's filter needs it")
    log.debug(
        "knowledge base: %d strategies, %d services, %d sources",
        len(_kb.strategies), len(_kb.services), len(_kb.sources),
    )
    return None


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    src_uri = page.file.src_uri
    kind = _kind(src_uri)
    for marker, home in MARKERS.items():
        if marker in markdown and home != kind:
            raise PluginError(f"{src_uri}: {marker} belongs only on {home}")
    if kind is None:
        return None
    assert _kb is not None, "on_files has not run"
    slug = Path(src_uri).stem

    if kind == "strategy pages":
        strategy = _kb.strategies[slug]
        # Material reads `status` as a navigation badge name; this page's
        # status is prose, shown in the summary box instead.
        page.meta.pop("status", None)
        markdown = _replace(markdown, "<!-- strategy-summary -->", render_strategy_summary(strategy, _kb.sources), src_uri)
        return _replace(markdown, "<!-- programme-services -->", render_programme_services(strategy, _kb.services), src_uri)

    if kind == "service pages":
        service = _kb.services[slug]
        page.meta["tags"] = service.all_tags  # read by the tags plugin after this hook
        page.meta.setdefault("description", service.summary)
        markdown = _replace(markdown, "<!-- service-summary -->", render_service_summary(service), src_uri, required=False)
        programmes = render_service_programmes(service, _kb.users[slug])
        if "<!-- service-programmes -->" in markdown:
            return _replace(markdown, "<!-- service-programmes -->", programmes, src_uri)
        return f"{markdown.rstrip()}\n\n{programmes}"

    if src_uri == STRATEGIES_INDEX:
        return _replace(markdown, "<!-- strategy-table -->", render_strategy_table(_kb.strategies.values()), src_uri)

    if src_uri == SERVICES_INDEX:
        script = files.get_file_from_path(DIRECTORY_SCRIPT)
        assert script is not None  # checked in on_files

        def url_of(service: Service) -> str:
            target = files.get_file_from_path(service.src_uri)
            assert target is not None
            return target.url_relative_to(page.file)

        directory = render_service_directory(_kb.services.values(), url_of, script.url_relative_to(page.file))
        return _replace(markdown, "<!-- service-directory -->", directory, src_uri)

    if src_uri == SOURCES_PAGE:
        return _replace(markdown, "<!-- sources-table -->", render_sources_table(_kb.sources.values()), src_uri)
    return None


def on_serve(server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
    # The sources page and strategy summaries are rendered from the register.
    server.watch(str(SOURCES_CSV))
    return server
