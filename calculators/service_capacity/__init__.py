"""Service capacity calculator: how many families a team or a set of beds can serve, and who waits.

What it answers: with the staff (or beds) a service has, how many families
(or planned stays) can it take in a year, low / central / high; how busy is
it for the referrals it gets; and how long do people wait — or, when
referrals reach or exceed what it can take, how fast does the waiting list
grow?

The package: :mod:`.model` (the queueing formulas and the calculation),
:mod:`.spec` (the inputs and their checks), :mod:`.present` (tables,
headline figures, the page's layout). No figure is written here: the
presets' figures are in ``data/preset_inputs.csv``.
"""

from __future__ import annotations

from ..registry import Calculator, KeyFigure
from . import model, present, spec

__all__ = ["CALCULATOR", "model", "spec", "present"]

#: Where this calculator comes in the registry's list (the site's navigation and index).
CALCULATOR_ORDER = 40

CALCULATOR = Calculator(
    name="service-capacity",
    title="Service capacity and waiting",
    spec=spec.SPEC,
    check=spec.check,
    build=spec.build,
    calculate=model.calculate,
    present=present.present,
    default_preset="flintshire-mst",
    summarise=present.summarise,
    case_lines=present.case_lines,
    key_figures=(
        KeyFigure("team_utilisation_pct", "the team has room to spare (utilisation below 100%)", "referrals outstrip what the team can take (utilisation above 100%: the waiting list keeps growing)", 100.0),
        KeyFigure("beds_utilisation_pct", "the beds have room to spare (utilisation below 100%)", "referrals outstrip the beds (utilisation above 100%: the waiting list keeps growing)", 100.0),
    ),
    presentation=present.PRESENTATION,
)
