"""A new calculator is its package, its preset rows and its page: proved on the built site.

In a copy of the project this test adds a small example calculator — this
test's own, not one the site publishes: "cost per child a year = weekly cost
× weeks a year" — as its package under ``calculators/``, its rows in
``data/preset_inputs.csv`` and its page in ``docs/calculators/``, and
nothing else. Then the copy must build (``--strict``), the page must carry
the prerendered result and a place in the navigation, the page must work
the figures out again in the browser when an input changes, and its print
view must be the scenario summary. The files the copy gained or changed
are listed and must be exactly those.

Hand calculation of the figures asserted (the preset: 3 children, £1,000 a
week, 52 weeks a year):

* cost per child a year = £1,000 × 52 = £52,000;
* cost a year for all = £52,000 × 3 = £156,000;
* with the weekly cost typed as £500: £500 × 52 = £26,000 per child, × 3 = £78,000.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from bench._local_site import serve
from conftest import Recorder
from project_copy import build, copy_project
from test_calculator_pages import answer_for, set_field, start_and_wait

pytestmark = pytest.mark.browser

NAME = "example-weekly-cost"
PACKAGE = "calculators/example_weekly_cost"

SOURCES = {
    f"{PACKAGE}/__init__.py": '''"""Example calculator of the site-build test (tests/test_new_calculator_site.py): not published.

What it answers: what a child's placement costs a year at a weekly cost,
and what it costs for all the children.
"""

from __future__ import annotations

from ..registry import Calculator
from . import model, present, spec

CALCULATOR_ORDER = 990

CALCULATOR = Calculator(
    name="example-weekly-cost",
    title="Example: cost a year from a weekly cost",
    spec=spec.SPEC,
    check=spec.check,
    build=spec.build,
    calculate=model.calculate,
    present=present.present,
    default_preset="test-example",
    presentation=present.PRESENTATION,
)
''',
    f"{PACKAGE}/spec.py": '''"""The example's inputs."""

from __future__ import annotations

from typing import Any

from .._spec import Errors, Field, Obj
from .model import Inputs

SPEC = Obj(
    key="",
    label="Example input",
    help="Children, a weekly cost and the weeks in a year.",
    fields=(
        Field("title", "Title", "string", "A short name.", required=False, default=""),
        Field("notes", "Notes", "string", "Notes.", required=False, default="", max_length=4000),
        Field("children", "Children", "integer", "Children placed.", unit="children", minimum=0, maximum=10000),
        Field("weekly_cost", "Weekly cost", "number", "Cost of one child's placement a week.", unit="£", minimum=0, maximum=100000),
        Field("weeks_a_year", "Weeks a year", "number", "Weeks counted in a year.", unit="weeks", minimum=1, maximum=53),
    ),
)


def check(data: dict[str, Any], errors: Errors) -> None:
    """No rule between fields."""


def build(data: dict[str, Any]) -> Inputs:
    return Inputs(data["title"], data["notes"], data["children"], data["weekly_cost"], data["weeks_a_year"])
''',
    f"{PACKAGE}/model.py": '''"""The example's formula: cost per child a year = weekly cost × weeks a year."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Inputs:
    title: str
    notes: str
    children: int
    weekly_cost: float
    weeks_a_year: float


@dataclass(frozen=True)
class Cost:
    children: int
    per_child: float
    total: float


def calculate(inputs: Inputs) -> tuple[Inputs, Cost]:
    """Cost per child a year, and for all the children.

    >>> calculate(Inputs("", "", 3, 1000.0, 52.0))[1]
    Cost(children=3, per_child=52000.0, total=156000.0)
    """
    per_child = inputs.weekly_cost * inputs.weeks_a_year
    return inputs, Cost(inputs.children, per_child, per_child * inputs.children)
''',
    f"{PACKAGE}/present.py": '''"""The example's table, headline figures and page layout."""

from __future__ import annotations

from typing import Any

from ..presentation import Chart, Form, Presentation, Section
from ..tables import MONEY, Column, Table, headline, render
from .model import Cost, Inputs

_TABLE = Table("cost", "Cost a year", (Column("children", "Children", "children"), Column("per_child", "Per child", MONEY), Column("total", "All children", MONEY)))

PRESENTATION = Presentation(
    form=Form(
        main=("children", "weekly_cost", "weeks_a_year"),
        main_title="Children and their weekly cost",
        headline=("per_child", "total"),
        sections=(Section("Title and notes (printed and exported)", ("title", "notes")),),
    ),
    chart=Chart(table="cost", x="children", series=("per_child", "total"), title="Cost a year", x_title="Children", y_title="£ a year"),
)


def present(result: tuple[Inputs, Cost]) -> dict[str, Any]:
    inputs, cost = result
    return {
        "title": inputs.title,
        "notes": inputs.notes,
        "tables": [render(_TABLE, [cost])],
        "summary": [headline("per_child", "Cost per child a year", cost.per_child, MONEY), headline("total", "Cost a year for all", cost.total, MONEY)],
    }
''',
}

PRESET_ROWS = """\
example-weekly-cost,test-example,title,Example for the site-build test,,Assumption: the test's own example,
example-weekly-cost,test-example,children,3,,Assumption: the test's own example,
example-weekly-cost,test-example,weekly_cost,1000,,Assumption: the test's own example,
example-weekly-cost,test-example,weeks_a_year,52,,Assumption: 52 whole weeks a year keeps the test's hand calculation simple,
"""

PAGE = """---
hide:
  - navigation
  - toc
title: Example weekly cost calculator
description: The site-build test's example calculator.
calculator: example-weekly-cost
---

# Example: cost a year from a weekly cost

This page belongs to a test of the site's build, not to the published site.

<!-- calculator -->

## Assumptions and limits

- A year is the weeks the preset gives.
"""


def _files(project: Path) -> dict[str, str]:
    """Every file of the copy (not the linked environments or caches) with its content's digest."""
    out = {}
    for path in project.rglob("*"):
        rel = path.relative_to(project)
        if rel.parts[0] in (".venv", "node_modules", ".cache") or "__pycache__" in rel.parts or not path.is_file():
            continue
        out[rel.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def add_example(project: Path) -> None:
    """The example calculator, added as its author would: package, preset rows, page."""
    for rel, text in SOURCES.items():
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text(text, encoding="utf-8")
    with (project / "data" / "preset_inputs.csv").open("a", encoding="utf-8", newline="") as rows:
        rows.write(PRESET_ROWS)
    (project / "docs" / "calculators" / f"{NAME}.md").write_text(PAGE, encoding="utf-8")


def test_a_new_calculator_is_its_package_its_preset_rows_and_its_page(browser: object, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    before = _files(project)
    add_example(project)
    site = tmp_path / "site"
    site.mkdir()
    with serve(site) as base:
        build(project, site, base + "/")
        after = _files(project)
        changed = sorted(rel for rel in after if before.get(rel) != after[rel]) + sorted(f"(removed) {rel}" for rel in before if rel not in after)
        expected = sorted([*SOURCES, "data/preset_inputs.csv", f"docs/calculators/{NAME}.md"])
        assert changed == expected, "files added or changed in the copy:\n" + "\n".join(changed)

        html = (site / "calculators" / NAME / "index.html").read_text(encoding="utf-8")
        # Prerendered at build time (hand calculation in the module's docstring).
        assert "£52,000" in html and "£156,000" in html
        # In the navigation, from the registry, with no edit to mkdocs.yml.
        home = (site / "index.html").read_text(encoding="utf-8")
        assert f'href="calculators/{NAME}/"' in home
        # In the calculators' index too, from the registry (hooks/calculator_nav.py), by the name its record
        # declares (title= above; no bracketed part to drop), without a method page to link.
        index = (site / "calculators" / "index.html").read_text(encoding="utf-8")
        assert f'<a href="{NAME}/">Example: cost a year from a weekly cost</a>' in index and f"reference/{NAME}/" not in index

        recorder = Recorder(browser)
        try:
            page, record = recorder.open(f"{base}/calculators/{NAME}/")
            start_and_wait(page, "ready")
            set_field(page, "weekly_cost", "500")
            assert answer_for(page) == "computed"
            figures = page.locator("[data-calculator-result]").text_content()
            assert "£26,000" in figures and "£78,000" in figures, figures
            page.emulate_media(media="print")
            summary = page.locator(".calculator-print-summary")
            assert summary.is_visible()
            # Every input is printed once, with its value, in the table of where each input comes from.
            origins = page.locator('[data-table="origins"] tbody tr')
            rows = dict(zip(origins.locator("th").all_text_contents(), origins.locator("td:nth-child(2)").all_text_contents()))
            assert rows.get("Weekly cost") == "£500", rows
            assert page.locator("[data-calculator-form]").is_hidden()
            assert record.console_errors == [], record.console_errors
            assert record.external == [], record.external
        finally:
            recorder.close()
