"""The CPU slowdown `make bench` uses for its 'mid-tier' Lighthouse columns (bench/lighthouse.py).

Expected values are the anchor points of Lighthouse's CPU throttling
calculator, linked from Lighthouse's docs/throttling.md ("Calibrating the
CPU slowdown"): benchmark index 150 → 1×, 800 → 2×, 1,300 → 3×, 1,533 → 4×,
2,000 → 6×, straight lines between them.
"""

from __future__ import annotations

import pytest
from bench.lighthouse import calibrated_multiplier


@pytest.mark.parametrize(("index", "multiplier"), [(150, 1.0), (800, 2.0), (1300, 3.0), (1533, 4.0), (2000, 6.0)])
def test_the_calculators_anchor_points(index: float, multiplier: float) -> None:
    assert calibrated_multiplier(index) == pytest.approx(multiplier, abs=0.01)


def test_between_anchors_it_is_a_straight_line() -> None:
    # Half way from 800 (2×) to 1,300 (3×): 2.5×. Above 1,300, one more × per 233:
    # this host's index of about 3,300 gives 3 + 2,000 / 233 = 11.58×.
    assert calibrated_multiplier(1050) == pytest.approx(2.5)
    assert calibrated_multiplier(3300) == pytest.approx(3 + 2000 / 233)


def test_a_host_slower_than_the_target_phone_is_not_sped_up() -> None:
    assert calibrated_multiplier(100) == 1.0
