"""Invest-to-save calculator: cost-benefit with discounting, payback, and who pays and who saves.

What it answers: if a council invests in a service (a set-up cost, then a
running cost each year), and the service achieves outcomes that each avoid a
cost (an entry to care avoided, a residential placement stepped down), is the
investment worth it over the appraisal, when does it pay back, and which
bodies gain? The layout follows the cost-benefit model that HM Treasury
published with New Economy (GMCA) in 2014.

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
CALCULATOR_ORDER = 30

CALCULATOR = Calculator(
    name="invest-to-save",
    title="Invest to save (cost-benefit, discounting and payback)",
    spec=spec.SPEC,
    check=spec.check,
    build=spec.build,
    calculate=model.calculate,
    present=present.present,
    default_preset="flintshire-mst",
    key_figures=(KeyFigure("npv", "the investment no longer pays for itself (net present value below £0)", "the investment pays for itself (net present value above £0)"),),
    summarise=present.summarise,
    case_lines=present.case_lines,
    presentation=present.PRESENTATION,
)
