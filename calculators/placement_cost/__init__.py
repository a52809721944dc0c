"""Placement cost (balance of care) calculator.

What it answers: if some children looked after move from one kind of
placement to another (for example from purchased residential care to the
council's own foster carers), or fewer children enter care, or they stay
for less time, what happens to placement spend year by year, how much of
the saving is reinvested in family support, and how does the balance of
care shift?

The package: :mod:`.model` (the typed input and result, and the formulas),
:mod:`.spec` (the inputs and their checks), :mod:`.present` (tables,
headline figures, the page's layout). No figure is written here: the
presets' figures are in ``data/preset_inputs.csv`` and ``data/unit_costs.csv``.
"""

from __future__ import annotations

from ..registry import Calculator, KeyFigure
from . import model, present, spec

__all__ = ["CALCULATOR", "model", "spec", "present"]

#: Where this calculator comes in the registry's list (the site's navigation and index).
CALCULATOR_ORDER = 10

CALCULATOR = Calculator(
    name="placement-cost",
    title="Placement cost (balance of care)",
    spec=spec.SPEC,
    check=spec.check,
    build=spec.build,
    calculate=model.calculate,
    present=present.present,
    default_preset="glasgow-2017-18-to-in-house-foster",
    summarise=present.summarise,
    case_lines=present.case_lines,
    key_figures=(
        KeyFigure("total_net_saving", "the scenario no longer saves money over the horizon (net saving below £0)", "the scenario saves money over the horizon"),
        KeyFigure("planned_saving_difference", "the modelled saving falls short of the planned saving", "the modelled saving reaches the planned saving"),
    ),
    presentation=present.PRESENTATION,
)

