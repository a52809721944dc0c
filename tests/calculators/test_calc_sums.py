"""Sums that agree between the command line (CPython 3.11) and the browser (Pyodide's 3.14).

Python 3.12 changed the built-in ``sum()`` of floats to compensated summation,
so the browser and the command line could show different figures for the same
input: a random placement-cost scenario (the browser parity test in
tests/test_calculator_pages.py) averaged 41.205 children over a year, shown
as 41.21 in the browser and 41.2 on the command line. The calculators add
floats with ``calculators._sums.total`` (``math.fsum``, correctly rounded on
every version) instead.
"""

from __future__ import annotations

import math

from calculators._sums import total


def test_floats_are_summed_correctly_rounded_whatever_the_python() -> None:
    # Ten tenths: plain left-to-right addition (CPython 3.11's sum) gives
    # 0.9999999999999999; the correctly rounded sum of the ten doubles is 1.0.
    tenths = [0.1] * 10
    left_to_right = 0.0
    for value in tenths:
        left_to_right += value
    assert left_to_right == 0.9999999999999999
    assert total(tenths) == math.fsum(tenths) == 1.0
    # Values of very different size (1e16 + 1 − 1e16 = 1 exactly).
    assert total([1e16, 1.0, -1e16]) == 1.0


def test_whole_numbers_stay_whole() -> None:
    assert total([1, 2, 3]) == 6 and isinstance(total([1, 2, 3]), int)
    assert total([]) == 0 and isinstance(total([]), int)
    assert isinstance(total([1, 2.5]), float)
