"""One set of formatting rules: every place a figure is shown uses the text that calculators.tables made.

The expected strings are the rules in calculators/tables.py's docstring,
applied by hand (half away from zero; a true minus sign; en dash for no value).
"""

from __future__ import annotations

import io
import json
import random
from contextlib import redirect_stdout

import pytest
from hypothesis import given
from hypothesis import strategies as st

import calculators
from calculators import _render, registry, tables
from calculators.__main__ import main
from calculators.tables import _cell, format_figure, format_value, heading, round_value


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (2.5, "£", "£3"), (-2.5, "£", "−£3"), (0.4, "£", "£0"), (-0.4, "£", "£0"), (0, "£", "£0"),
        (1_360_065.5, "£", "£1,360,066"), (-914_262.4, "£", "−£914,262"), (1e15, "£", "£1,000,000,000,000,000"),
        (12.25, "%", "12.3%"), (12.35, "%", "12.4%"), (-0.05, "%", "−0.1%"), (0.04, "%", "0.0%"), (100, "%", "100.0%"),
        (20.5, "cases per FTE", "20.5"), (2.675, "FTE", "2.68"), (30.0, "FTE", "30"), (-5.2, "cases", "−5.2"),
        (1234567, "cases", "1,234,567"), (0.0, "cases", "0"), (1.95e117, "cases", f"{195 * 10**115:,}"),
        (None, "£", "–"), (True, None, "yes"), ("East Central", None, "East Central"), (3, None, "3"),
    ],
)
def test_display_rules(value, unit, text) -> None:
    assert format_value(value, unit) == text


def test_rounded_numbers_for_csv_and_charts() -> None:
    # Money to whole pounds and everything else to 2 places, half away from zero.
    assert [round_value(v, "£") for v in (0.5, 1.5, 2.5, -2.5, -0.4)] == [1, 2, 3, -3, 0]
    assert [round_value(v, "%") for v in (12.245, 12.255, -0.005)] == [12.25, 12.26, -0.01]
    assert round_value(7, "children") == 7 and round_value(None, "£") is None


def test_figures_carry_their_unit_words() -> None:
    assert format_figure(1, "years") == "1 year" and format_figure(2, "months") == "2 months"
    assert format_figure(20.5, "cases per FTE") == "20.5 cases per FTE"
    assert format_figure(None, "months") == "–"
    assert heading("Weight", "points per case") == "Weight (points per case)"
    assert heading("Open cases", "cases") == "Open cases" and heading("Spend", "£") == "Spend"


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300), st.sampled_from(["£", "%", "cases", None]))
def test_text_and_rounded_value_agree(value: float, unit: str | None) -> None:
    """The text a reader sees is the rounded number the CSV holds, never a second rounding of it."""
    text = format_value(value, unit).replace("£", "").replace("%", "").replace(",", "").replace("−", "-")
    shown = float(text)
    if unit == "%":
        assert abs(shown - value) <= 0.05 * (1 + 1e-12) + abs(value) * 1e-15
    else:
        assert shown == pytest.approx(round_value(value, unit), rel=1e-12, abs=1e-9)


_ANY_VALUE = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-1e7, max_value=1e7).map(lambda v: round(v * 2) / 2),  # ties at whole pounds
    st.floats(min_value=-1e5, max_value=1e5).map(lambda v: round(v, 3)),  # ties at 2 and 1 places, as a reader types them
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([0.0, -0.0, 0.5, -0.5, 2.675, 2.5, -2.5, 0.49999999999999994, 2.0**52 + 1, -(2.0**53), 4503599627370495.5]),
    st.booleans(), st.none(), st.text(max_size=5),
)


@given(_ANY_VALUE, st.sampled_from(["£", "%", "cases", None]), st.integers(min_value=0, max_value=6))
def test_a_table_cell_is_rounded_as_round_value_and_written_as_format_value(value, unit, places) -> None:
    """render() rounds each cell once (tables._cell, tuned for speed): the same number and text as the two rules."""
    rounded, text = _cell(value, unit, places)
    expected = round_value(value, unit, places)
    assert text == format_value(value, unit, places)
    assert rounded == expected or (rounded is None and expected is None)
    assert type(rounded) is type(expected)


@pytest.mark.parametrize("name", registry.names())
def test_command_line_shows_the_results_own_text(name: str) -> None:
    """Every summary text and table cell of the default result appears as it is in the CLI's table output."""
    response = calculators.run_json(name, calculators.default_input(name))
    out = io.StringIO()
    with redirect_stdout(out):
        assert main([name]) == 0
    printed = out.getvalue()
    assert printed == _render.render_text(json.loads(json.dumps(response)))
    for item in response["result"]["summary"]:
        assert f"{item['label']}  " in printed and printed.split(item["label"], 1)[1].lstrip().startswith(item["text"])
    for tab in response["result"]["tables"]:
        lines = printed.split(f"\n{tab['title']}\n", 1)[1].splitlines()
        rule = next(i for i, line in enumerate(lines) if line.startswith("---"))
        for line, cells in zip(lines[rule + 1 :], tab["cells"], strict=False):
            assert line.split() == " ".join(cells).split(), (tab["id"], cells)


def test_a_cell_rounded_without_a_decimal_is_the_decimal_rounding() -> None:
    """tables._rounded (round() unless the float's text ends on a tie, or the float is large) against Decimal half-up rounding of its text.

    A fixed pseudo-random spread (same numbers every run): magnitudes from 1e-7 to 1e12, values typed with
    a few decimals (ties among them: 2.675, 0.125), and halves; each at 0 to 6 places, as a table cell.
    """
    rng = random.Random(31)
    values = [0.1 + 0.2, 2.675, 1.005, 0.125, -0.125, 1e-7, 5e-7, 2.0**50 / 10**3 - 0.5]
    for _ in range(40_000):
        values.append((rng.random() - 0.5) * 10 ** rng.uniform(-7, 12))
        values.append(round(rng.uniform(-1e5, 1e5), rng.randint(0, 7)))
        values.append(rng.randint(-10**6, 10**6) / 2 / 10 ** rng.randint(0, 6))
    wrong = []
    for value in values:
        for places in range(7):
            quick = tables._rounded(value, places)
            if quick is not None and quick != float(tables._half_up(value, places)):
                wrong.append((value, places))
            for unit in ("cases", "%"):
                if _cell(value, unit, places) != (round_value(value, unit, places), format_value(value, unit, places)):
                    wrong.append((value, places, unit))
    assert wrong == []
    # The quick way is the one taken for most cells (else this test checks little): the ties and the large values are not.
    assert sum(tables._rounded(value, 2) is not None for value in values) > len(values) // 2
