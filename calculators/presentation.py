"""How a calculator is shown on its page: the form's layout, the headline figures and the chart.

Declared with the calculator (``registry.Calculator.presentation``), so a
typo cannot fail silently on the page: every input path it names is checked
against the calculator's input specification when the registry loads the
calculator (:func:`spec_problems`), and every result table, column and
headline figure against the results of its presets when the site is built
(:func:`result_problems`). The page receives it as JSON (:func:`as_json`)
with the input spec; its Markdown keeps only the page's prose.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from typing import Any

__all__ = ["Section", "Form", "ChartReference", "Chart", "ServiceLink", "Presentation", "as_json", "spec_problems", "result_problems"]


@dataclass(frozen=True)
class Section:
    """A part of the form that opens, holding the inputs at ``paths`` (spec patterns such as ``scenario.moves``)."""

    title: str
    paths: tuple[str, ...]


@dataclass(frozen=True)
class Form:
    """The form, laid out question first.

    ``main``: the inputs that answer the calculator's main question, shown
    first under ``main_title``, beside the ``headline`` figures (keys of the
    result's summary); ``sections``: the detailed assumptions, each in a part
    that opens (an input no section places goes in a last "Other inputs");
    ``omit``: inputs the calculator has no use for (price years where no input
    is money). A preset the reader changes becomes their own scenario:
    ``preset_only`` inputs (another council's planned saving) are then taken
    out unless the reader ticks ``compare`` (``compare_what`` says what goes);
    uncertainty ranges on ``preset_only_ranges`` inputs go too (``ranges_what``);
    ``rename`` gives list items plain names (``{"teams[].name": "Team {n}"}``).
    """

    main: tuple[str, ...] = ()
    main_title: str = ""
    headline: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    omit: tuple[str, ...] = ()
    preset_only: tuple[str, ...] = ()
    preset_only_ranges: tuple[str, ...] = ()
    rename: tuple[tuple[str, str], ...] = ()
    compare: str = ""
    compare_what: str = ""
    ranges_what: str = ""


@dataclass(frozen=True)
class ChartReference:
    """A level drawn across the chart from a top-level number input (e.g. the target caseload)."""

    input: str
    label: str


@dataclass(frozen=True)
class Chart:
    """The chart of one result table: ``x`` along the axis, one series per column in ``series``.

    ``series="all"`` charts every numeric column but ``x`` and those in
    ``exclude`` (for tables with a column per placement type the reader enters).
    """

    table: str
    x: str
    series: tuple[str, ...] | str
    title: str
    x_title: str
    y_title: str
    type: str = "bar"
    stacked: bool = False
    exclude: tuple[str, ...] = ()
    reference: ChartReference | None = None


@dataclass(frozen=True)
class ServiceLink:
    """A link from a service page that opens the calculator prefilled for that service.

    ``label``: the link's text ("Work out how many families it can serve");
    ``preset_note``: what the link starts from when a preset reproduces the
    service (``data/service_calculators.csv`` names it). ``from_service``: for
    a service with no preset, the calculator's own input made from what the
    service page states, ``from_service(title, capacity, cost)`` (each text as
    the documents give it, or ""), with ``service_note`` saying so; without
    it, only services with a preset get the link.
    """

    label: str
    preset_note: str
    from_service: Callable[[str, str, str], dict[str, Any]] | None = None
    service_note: str = ""


@dataclass(frozen=True)
class Presentation:
    """A calculator's page: its form, optionally its chart, and optionally the link to it from service pages."""

    form: Form = field(default_factory=Form)
    chart: Chart | None = None
    service_link: ServiceLink | None = None


def _plain(value: Any) -> Any:
    """A record as the JSON the page reads: tuples as lists, pairs of ``rename`` as an object, empty parts left out."""
    if isinstance(value, (Form, Chart, ChartReference, Section)):
        out = {}
        for item in fields(value):
            part = getattr(value, item.name)
            if part in (None, "", (), False):
                continue
            out[item.name] = dict(part) if item.name == "rename" else _plain(part)
        return out
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def as_json(presentation: Presentation) -> dict[str, Any]:
    """``{"form": {...}, "chart": {...} or None}``, as the page script reads them."""
    return {"form": _plain(presentation.form), "chart": _plain(presentation.chart) if presentation.chart else None}


def _form_paths(form: Form) -> Iterable[tuple[str, str]]:
    for name in ("main", "omit", "preset_only", "preset_only_ranges"):
        for path in getattr(form, name):
            yield name, path
    for section in form.sections:
        for path in section.paths:
            yield f"section {section.title!r}", path
    for path, _template in form.rename:
        yield "rename", path


def spec_problems(presentation: Presentation, patterns: Iterable[str], top_level: Iterable[str]) -> list[str]:
    """Every input path the presentation names that the input spec lacks.

    ``patterns``: every spec pattern of the calculator's full input
    (``_spec.patterns``); ``top_level``: its top-level field keys (a chart's
    reference level is read from one of them).
    """
    known = set(patterns)
    problems = [f"form {where}: no input {path!r}" for where, path in _form_paths(presentation.form) if path not in known]
    chart = presentation.chart
    if chart is not None and chart.reference is not None and chart.reference.input not in set(top_level):
        problems.append(f"chart reference: no top-level input {chart.reference.input!r}")
    return problems


def result_problems(presentation: Presentation, results: list[dict[str, Any]]) -> list[str]:
    """Every headline key, chart table and chart column that none of ``results`` (the presets' results) has."""
    keys = {item["key"] for result in results for item in result.get("summary", [])}
    problems = [f"form headline: no summary figure {key!r}" for key in presentation.form.headline if key not in keys]
    chart = presentation.chart
    if chart is None:
        return problems
    tables = [table for result in results for table in result.get("tables", []) if table["id"] == chart.table]
    if not tables:
        return problems + [f"chart: no result table {chart.table!r}"]
    columns = {column["key"] for table in tables for column in table["columns"]}
    if isinstance(chart.series, tuple):
        named = [chart.x, *chart.series]
    else:
        named = [chart.x]
        if chart.series != "all":
            problems.append(f"chart series: {chart.series!r} is neither a list of columns nor 'all'")
    problems += [f"chart: table {chart.table!r} has no column {key!r}" for key in named if key not in columns]
    return problems
