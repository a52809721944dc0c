"""The one walk over an input spec (calculators._spec.nodes and values), and the walks built on it.

The money inputs that take a price year (prices.money_fields), the numbers
with a low and a high end (sensitivity), the form's description and the
spec's patterns all go through it; here on a small spec whose answer is read
off by eye.
"""

from __future__ import annotations

from calculators import prices, sensitivity
from calculators._spec import Field, ListOf, MapOf, Obj, describe, nodes, patterns, values

SPEC = Obj("", "Input", "", (
    Field("title", "Title", "string", ""),
    ListOf("items", "Items", "", Obj("item", "Item", "", (
        Field("cost", "Cost", "number", "", unit="£"),
        Field("cost_low", "Cost (low)", "number", "", unit="£", required=False),
        Field("cost_high", "Cost (high)", "number", "", unit="£", required=False),
        Field("salary", "Salary", "number", "", unit="£ per FTE per year"),
        Field("children", "Children", "integer", "", unit="children"),
    ))),
    MapOf("cases", "Cases", "", Field("n", "Cases", "integer", "", unit="£"), "items[].id"),
    Obj("uncertainty", "Uncertain inputs", "", (Field("cost", "Cost", "number", "", unit="£"),)),
    Obj("prices", "Price years", "", (Field("cost", "Cost", "number", "", unit="£"),)),
))

DATA = {
    "title": "t",
    "items": [{"cost": 10, "cost_low": 8, "cost_high": 12, "salary": 30000.0, "children": 2}, "not an item", {"cost": 5}],
    "cases": {"a": 3},
    "uncertainty": {"cost": 1},
    "prices": {"cost": 2},
}


def test_nodes_lists_every_node_depth_first_with_its_parents() -> None:
    walked = [(pattern, [p for p, _ in parents]) for pattern, _, parents in nodes(SPEC)]
    assert walked[:4] == [("", []), ("title", [""]), ("items", [""]), ("items[]", ["", "items"])]
    assert ("items[].cost_high", ["", "items", "items[]"]) in walked
    assert ("cases.*", ["", "cases"]) in walked
    assert patterns(SPEC) == [p for p, _ in walked if p]


def test_values_follows_the_data_as_far_as_it_has_the_spec_s_shape() -> None:
    paths = [path for path, _, _ in values(SPEC, DATA, skip=("uncertainty", "prices"))]
    assert paths == [
        (), ("title",), ("items",),
        ("items", 0), ("items", 0, "cost"), ("items", 0, "cost_low"), ("items", 0, "cost_high"), ("items", 0, "salary"), ("items", 0, "children"),
        ("items", 1),  # a string where an object belongs: not entered
        ("items", 2), ("items", 2, "cost"), ("items", 2, "cost_low"), ("items", 2, "cost_high"), ("items", 2, "salary"), ("items", 2, "children"),
        ("cases",), ("cases", "a"),
    ]
    assert dict((path, value) for path, _, value in values(SPEC, DATA))[("items", 2, "salary")] is None
    assert ("uncertainty", "cost") in [path for path, _, _ in values(SPEC, DATA)]  # skipped only when asked


def test_money_fields_are_every_pound_input_outside_the_shared_parts() -> None:
    found = [(path, value) for path, _, value in prices.money_fields(SPEC, DATA)]
    assert found == [("items[0].cost", 10), ("items[0].cost_low", 8), ("items[0].cost_high", 12), ("items[0].salary", 30000.0), ("items[2].cost", 5), ("cases.a", 3)]


def test_ranges_are_the_numbers_with_low_and_high_siblings_that_hold_a_value() -> None:
    assert sensitivity._sibling_ranges(SPEC, DATA) == [("items[0].cost", "items[0].cost_low", "items[0].cost_high", "cost"), ("items[2].cost", "items[2].cost_low", "items[2].cost_high", "cost")]


def test_describe_walks_the_same_nodes() -> None:
    assert [row["path"] for row in describe(SPEC)] == patterns(SPEC)
