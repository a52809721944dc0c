"""Care population forecast: how many children will be looked after, in which placements, at what cost, with and without a change.

A monthly stock-and-flow model over placement types (and, optionally, age
bands) run from the aggregate figures a council publishes every year:
children in each placement type now, children starting a year and where
they are first placed, how fast children leave each type (a leaving rate
or an average time in care) and move between types, and the child
population for rates per 10,000. It compares "do nothing" with "with the
change" (fewer starts, shorter stays, more step-downs) in children and in
money, gives an 80 % band from the flows, the steady state and the national
rates, and hands the change's savings to the invest-to-save calculator.

The package: :mod:`.model` (the formulas), :mod:`.spec` (the inputs and
their checks), :mod:`.present` (tables, headline figures, the link to invest
to save). No figure is written here: the presets' figures are in
``data/preset_inputs.csv`` and the national rates in ``data/national_rates.csv``.
"""

from __future__ import annotations

from ..registry import Calculator, KeyFigure
from . import model, present, spec

__all__ = ["CALCULATOR", "model", "spec", "present"]

#: This calculator, as the registry (calculators.registry) knows it.
#: Where this calculator comes in the registry's list (the site's navigation and index).
CALCULATOR_ORDER = 50

CALCULATOR = Calculator(
    name="care-forecast",
    title="Care population forecast",
    spec=spec.SPEC,
    check=spec.check,
    build=spec.build,
    calculate=model.calculate,
    present=present.present,
    default_preset="england-2024-25",
    summarise=present.summarise,
    case_lines=present.case_lines,
    presentation=present.PRESENTATION,
    # First the forecast itself (what the tornado chart shows), then the change's saving and its effect on numbers.
    key_figures=(
        KeyFigure("do_nothing_final", "no children are looked after at the end of the forecast", "children are still looked after at the end of the forecast"),
        KeyFigure("total_saving", "the change costs more than doing nothing over the forecast", "the change saves money over the forecast"),
        KeyFigure("difference_final", "the change leaves fewer children looked after than doing nothing", "the change leaves more children looked after than doing nothing"),
    ),
)
