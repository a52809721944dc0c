"""Calendar constants shared by the calculators and the preset loader."""

from __future__ import annotations

__all__ = ["WEEKS_PER_YEAR", "MONTHS_PER_YEAR"]

#: Weeks in a year used to convert weekly costs to annual ones: a 365-day
#: year ÷ 7 = 52.142857… weeks (so £100 a week = £5,214.29 a year).
WEEKS_PER_YEAR: float = 365 / 7
#: Months in a year (the models step month by month).
MONTHS_PER_YEAR: int = 12
