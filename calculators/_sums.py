"""Sums that give the same answer on every Python the calculators run on.

The command line runs on CPython 3.11, the browser on Pyodide's Python 3.14.
From Python 3.12 the built-in ``sum()`` adds floats with compensated
(Neumaier) summation, so the two can differ in the last bit, and a figure
that then lands on a rounding boundary (41.205 children) is shown as 41.21
in the browser and 41.2 on the command line. ``math.fsum`` is correctly
rounded on every version, so it is used for every sum of floats. Sums of
whole numbers stay whole (``int``), so counts keep their type in the JSON.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

__all__ = ["total"]


def total(values: Iterable[float]) -> float:
    """The sum of ``values``: exact for whole numbers, correctly rounded (``math.fsum``) otherwise."""
    items = list(values)
    if all(isinstance(v, int) for v in items):
        return sum(items)
    return math.fsum(items)
