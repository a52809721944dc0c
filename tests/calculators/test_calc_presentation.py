"""Each calculator declares how its page shows it (form layout, headline, chart), and a wrong name fails loudly.

The presentation used to live in the pages' front matter, where a typo
failed silently (no chart; a headline figure quietly left out). Now the
registry checks every input path when it loads a calculator, and the build
checks every headline figure, chart table and column against the results of
the calculator's presets (``calculators.check_presentations``, run by
hooks/preset_check.py). Each failure names the calculator and the bad name.
"""

from __future__ import annotations

import dataclasses
import importlib
from pathlib import Path

import pytest

import calculators
from calculators import registry
from calculators.presentation import Chart, ChartReference, Form, Presentation, Section, as_json, result_problems
from test_calc_registry import example_registered  # noqa: F401 (a fixture)

ROOT = Path(__file__).resolve().parents[2]
example_calculator = importlib.import_module("tests.calculators.example_calculator")  # the module the registry imports


def test_every_registered_calculators_presentation_fits_its_spec_and_results() -> None:
    assert calculators.check_presentations() == []
    for calc in registry.calculators():
        assert calc.presentation.form.headline, f"{calc.name} declares no headline figures"


@pytest.mark.parametrize("name", registry.names())
def test_the_pages_front_matter_holds_only_page_prose(name: str) -> None:
    head = (ROOT / "docs" / "calculators" / f"{name}.md").read_text(encoding="utf-8").split("---")[1]
    assert "\nform:" not in head and "\nchart:" not in head, f"{name}: its page still sets form: or chart:"


@pytest.fixture
def example(example_registered: None, monkeypatch: pytest.MonkeyPatch):
    """The example calculator registered with its preset (test_calc_registry.py); the test gives it a presentation."""

    def present_as(presentation: Presentation) -> None:
        monkeypatch.setattr(example_calculator, "CALCULATOR", dataclasses.replace(example_calculator.CALCULATOR, presentation=presentation))

    return present_as


GOOD = Presentation(
    form=Form(main=("children",), headline=("spend",), sections=(Section("Cost", ("unit_cost",)), Section("Title", ("title", "notes")))),
    chart=Chart(table="doubled", x="children", series=("spend",), title="Spend", x_title="Children", y_title="£"),
)


def test_a_good_presentation_loads_and_reaches_the_page_as_json(example) -> None:
    example(GOOD)
    assert registry.get("example-calculator").presentation == GOOD
    assert [p for p in calculators.check_presentations() if p.startswith("example-calculator")] == []
    shown = calculators.presentation("example-calculator")
    assert shown["form"] == {"main": ["children"], "headline": ["spend"], "sections": [{"title": "Cost", "paths": ["unit_cost"]}, {"title": "Title", "paths": ["title", "notes"]}]}
    assert shown["chart"]["table"] == "doubled" and shown["chart"]["series"] == ["spend"]


def test_an_unknown_input_path_stops_the_registry_naming_calculator_and_path(example) -> None:
    example(dataclasses.replace(GOOD, form=dataclasses.replace(GOOD.form, sections=(Section("Cost", ("unit_cots",)),), preset_only=("childern",))))
    with pytest.raises(registry.InvalidCalculator) as raised:
        registry.get("example-calculator")
    message = str(raised.value)
    assert "'example-calculator'" in message and "form section 'Cost': no input 'unit_cots'" in message and "form preset_only: no input 'childern'" in message
    # The build reports it the same way (and the other calculators have no problems).
    assert calculators.check_presentations() == [
        "example-calculator: form preset_only: no input 'childern'",
        "example-calculator: form section 'Cost': no input 'unit_cots'",
    ]


def test_a_chart_reference_must_be_a_top_level_input(example) -> None:
    example(dataclasses.replace(GOOD, chart=dataclasses.replace(GOOD.chart, reference=ChartReference("target", "Target"))))
    with pytest.raises(registry.InvalidCalculator, match="chart reference: no top-level input 'target'"):
        registry.get("example-calculator")


def test_unknown_headline_table_and_columns_stop_the_build_naming_them(example) -> None:
    example(Presentation(form=Form(headline=("spend", "spnd")), chart=Chart(table="doubled", x="kids", series=("spend", "cost"), title="", x_title="", y_title="")))
    problems = [p for p in calculators.check_presentations() if p.startswith("example-calculator")]
    assert problems == [
        "example-calculator: form headline: no summary figure 'spnd'",
        "example-calculator: chart: table 'doubled' has no column 'kids'",
        "example-calculator: chart: table 'doubled' has no column 'cost'",
    ]
    example(dataclasses.replace(GOOD, chart=dataclasses.replace(GOOD.chart, table="double")))
    assert [p for p in calculators.check_presentations() if p.startswith("example-calculator")] == ["example-calculator: chart: no result table 'double'"]


def test_a_table_only_some_presets_produce_is_accepted() -> None:
    """A chart's table may be absent from one result (a caseload with no case flow has no projection) if another preset's has it."""
    with_table = {"summary": [], "tables": [{"id": "projection", "columns": [{"key": "month"}, {"key": "caseload_per_fte"}]}]}
    presentation = Presentation(chart=Chart(table="projection", x="month", series=("caseload_per_fte",), title="", x_title="", y_title=""))
    assert result_problems(presentation, [{"summary": [], "tables": []}, with_table]) == []
    assert result_problems(presentation, [{"summary": [], "tables": []}]) == ["chart: no result table 'projection'"]


def test_empty_parts_are_left_out_of_the_json() -> None:
    """The page tests `layout.main` for truth: an empty list would draw an empty fieldset."""
    assert as_json(Presentation()) == {"form": {}, "chart": None}


def test_service_pages_ask_each_calculator_for_its_prefilled_input() -> None:
    """hooks/business_case.py builds no input itself: each calculator declares its link and makes its input."""
    blank = calculators.service_links({}, "Family group conferencing", "40 families a year", "£2,000 a family")
    assert [link["calculator"] for link in blank] == ["invest-to-save"]  # service capacity has nothing to offer without a preset
    case = blank[0]["input"]
    assert case["title"] == "Business case: Family group conferencing"
    assert "Capacity: 40 families a year" in case["notes"] and "Cost: £2,000 a family" in case["notes"]
    assert calculators.run_json("invest-to-save", case)["ok"]
    both = calculators.service_links({"invest-to-save": "flintshire-mst", "service-capacity": "flintshire-mst"}, "Multi-systemic therapy")
    assert [(link["calculator"], link["input"]) for link in both] == [
        ("invest-to-save", calculators.preset_input("invest-to-save", "flintshire-mst")),
        ("service-capacity", calculators.preset_input("service-capacity", "flintshire-mst")),
    ]
