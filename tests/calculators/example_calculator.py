"""A minimal calculator used only by the tests: proves that a module plus its presets is all a calculator needs.

It doubles a number of children and costs them at a unit cost (a hand
calculation: 3 children, doubled to 6, at £100 each = £600).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from calculators._spec import Errors, Field, Obj
from calculators.registry import Calculator
from calculators.tables import MONEY, Column, Table, headline, render

SPEC = Obj(
    key="",
    label="Example input",
    help="A number of children and a unit cost.",
    fields=(
        Field("title", "Title", "string", "A short name.", required=False, default=""),
        Field("notes", "Notes", "string", "Notes.", required=False, default=""),
        Field("children", "Children", "integer", "Children now.", unit="children", minimum=0, maximum=1000),
        Field("unit_cost", "Unit cost", "number", "£ per child.", unit="£", minimum=0, maximum=1_000_000),
    ),
)


@dataclass(frozen=True)
class Doubled:
    children: int
    spend: float


_TABLE = Table("doubled", "Children doubled", (Column("children", "Children", "children"), Column("spend", "Spend", MONEY)))


def _check(data: dict[str, Any], errors: Errors) -> None:
    if data.get("children") == 13:
        errors.add(("children",), "Children is 13, which this example refuses (a cross-field rule stand-in).")


def _present(result: tuple[dict[str, Any], Doubled]) -> dict[str, Any]:
    data, doubled = result
    return {
        "title": data["title"],
        "notes": data["notes"],
        "tables": [render(_TABLE, [doubled])],
        "summary": [headline("spend", "Spend", doubled.spend, MONEY)],
    }


CALCULATOR = Calculator(
    name="example-calculator",
    title="Example calculator",
    spec=SPEC,
    check=_check,
    build=lambda data: data,
    calculate=lambda data: (data, Doubled(2 * data["children"], 2 * data["children"] * data["unit_cost"])),
    present=_present,
    default_preset="three-children",
)
