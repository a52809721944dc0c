"""The page's first answer to an input (``_engine.headline_json_text``): the headline without the tables that follow.

A shared link's first figures are drawn from this answer (the browser's
worker asks for it before the full answer), so it must carry exactly what the
full quick answer (``run_json_text(..., drivers=False)``) carries, less the
tables of restated prices and of where each figure comes from, which the full
answer brings a moment later.
"""

from __future__ import annotations

import json

import pytest

import calculators
from calculators import _engine

PRESETS = [(name, preset) for name, presets in calculators.list_calculators().items() for preset in presets]


def _both(name: str, payload: object) -> tuple[dict, dict]:
    text = json.dumps(payload)
    return json.loads(_engine.headline_json_text(name, text)), json.loads(calculators.run_json_text(name, text, drivers=False))


@pytest.mark.parametrize(("name", "preset"), PRESETS)
def test_the_headline_is_the_quick_answer_less_its_last_tables(name: str, preset: str) -> None:
    # A preset's input as a shared link carries it: with the record of where its figures come from.
    headline, quick = _both(name, calculators.preset_input(name, preset))
    assert headline["ok"] and quick["ok"]
    head_result, quick_result = headline.pop("result"), quick.pop("result")
    assert headline == quick  # the normalised input (the origin record included)
    head_tables, quick_tables = head_result.pop("tables"), quick_result.pop("tables")
    assert head_result == quick_result  # summary, figures, the sentence on where they come from, prices
    assert head_result["origin"]["text"]  # the sentence the headline shows is there
    # The calculator's own tables, in order; the table of where each input comes from (always, for
    # a link) and that of price years (when the preset gives them) are left for later.
    assert quick_tables[: len(head_tables)] == head_tables
    later = [table["id"] for table in quick_tables[len(head_tables):]]
    assert later in (["origins"], ["price_years", "origins"]), later


def test_some_preset_restates_prices_so_the_price_table_case_is_exercised() -> None:
    later = set()
    for name, preset in PRESETS:
        headline, quick = _both(name, calculators.preset_input(name, preset))
        later |= {table["id"] for table in quick["result"]["tables"][len(headline["result"]["tables"]):]}
    assert later == {"origins", "price_years"}


def test_bad_input_gets_the_same_errors() -> None:
    bad = json.dumps({"scenario": {"moves": "many"}, "unknown": 1})
    assert _engine.headline_json_text("placement-cost", bad) == calculators.run_json_text("placement-cost", bad, drivers=False)
    assert _engine.headline_json_text("nope", "{}") == calculators.run_json_text("nope", "{}", drivers=False)
