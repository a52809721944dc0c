"""What each field means is described once, in the input spec, and given to the page with it.

The web form names months and financial years, offers money inputs for a
price year and calls list items by their own names from these descriptions
alone (tests/test_page_scripts_know_no_field.py checks it knows no field name).
"""

from __future__ import annotations

import pytest

import calculators
from calculators import _spec, registry
from calculators._spec import Calendar, Field, ListOf, Obj


def _rows(name: str) -> dict[str, dict]:
    return {row["path"]: row for row in calculators.input_spec(name)["fields"]}


def test_month_fields_name_the_fields_their_months_are_counted_in() -> None:
    rows = _rows("placement-cost")
    expected = {"year_one": "scenario.first_year", "year_starts": "scenario.year_start_month", "length": "scenario.horizon_years"}
    assert rows["scenario.moves[].start_month"]["calendar"] == {"kind": "month", **expected}
    assert rows["scenario.demand_changes[].start_month"]["calendar"] == {"kind": "month", **expected}
    assert rows["scenario.first_year"]["calendar"] == {"kind": "year", **expected}
    # A length in months is not a month of the calendar.
    assert "calendar" not in rows["scenario.demand_changes[].phase_in_months"]
    assert _rows("care-forecast")["scenario.start_month"]["calendar"]["kind"] == "month"
    assert not any("calendar" in row for row in _rows("caseload").values())


def test_lists_say_which_field_names_their_items() -> None:
    assert _rows("placement-cost")["placements"]["item_label"] == "label"
    assert _rows("caseload")["teams"]["item_label"] == "name"
    assert _rows("caseload")["case_types"]["item_label"] == "label"
    assert "item_label" not in _rows("placement-cost")["scenario.moves"]  # a move has no name of its own


def test_money_is_said_by_the_one_rule_for_every_calculator() -> None:
    from calculators import prices

    for calc in registry.calculators():
        for row in calculators.input_spec(calc.name)["fields"]:
            if row["type"] in ("number", "integer"):
                assert row["money"] == prices.is_money(_spec.find(calc.spec, row["path"])), (calc.name, row["path"])


def _describe(obj: Obj) -> list[dict]:
    return _spec.describe(Obj("", "Input", "", (obj,)))


def test_a_month_field_without_a_calendar_is_refused_by_name() -> None:
    plan = Obj("plan", "Plan", "", (Field("start", "Start", "integer", "", unit="month", month=True),))
    with pytest.raises(ValueError, match=r"plan\.start: a month field needs a calendar"):
        _describe(plan)


def test_a_calendar_naming_a_missing_field_is_refused_by_name() -> None:
    plan = Obj("plan", "Plan", "", (Field("years", "Years", "integer", ""),), calendar=Calendar(first_year="first_yr", year_start="years", years="years"))
    with pytest.raises(ValueError, match=r"plan: its calendar names 'first_yr', which is not one of its fields"):
        _describe(plan)


def test_an_item_label_that_is_not_a_field_of_the_items_is_refused_by_name() -> None:
    teams = ListOf("teams", "Teams", "", Obj("team", "Team", "", (Field("name", "Name", "string", ""),)), item_label="title")
    with pytest.raises(ValueError, match=r"teams: item_label 'title' is not a field of its items"):
        _describe(teams)
