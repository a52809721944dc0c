"""How the report writes a figure: the project's own formatting (calculators.tables), so a figure reads the same as in the calculator."""

from __future__ import annotations

from ..tables import MONEY, format_figure, format_value

__all__ = ["money", "pounds", "months", "number", "ratio", "years"]


def money(value: float) -> str:
    """Whole pounds: "£1,234,568", "−£50,000"."""
    return format_value(value, MONEY)


def pounds(value: float) -> str:
    """Whole pounds without the sign, for a table whose heading says "(£)": "1,316,607", "−50,000"."""
    return format_value(round(value), None)


def number(value: float) -> str:
    """A plain number as the calculators show it: "3.5", "12", "1,100"."""
    return format_value(value, None)


def ratio(value: float) -> str:
    """A benefit–cost ratio: "2.49 to 1"."""
    return format_figure(value, "to 1")


def months(value: float) -> str:
    """A payback period: "1 month", "34.3 months" (a whole number of years is said in years too)."""
    text = format_figure(round(value, 1), "months")
    return text if value < 24 or value % 12 else f"{text} ({format_figure(value / 12, 'years')})"


def years(count: int) -> str:
    """A number of years: "1 year", "5 years"."""
    return format_figure(count, "years")
