"""Social worker caseload calculator: caseload per social worker, the gap to a target, and flow.

What it answers: how many open cases does each social worker hold, team by
team and overall; how far is that from the target; how many more
full-time-equivalent (FTE) social workers would bring each team to the
target and what would they cost; and, given how many cases open each month
and how long they last, where will caseloads settle and how many months
would an extra closing effort take to reach the target?

The package: :mod:`.model` (the typed input and result, and the formulas),
:mod:`.spec` (the inputs and their checks), :mod:`.present` (tables,
headline figures, the page's layout). No figure is written here: the
presets' figures are in ``data/preset_inputs.csv`` and ``data/caseload_benchmarks.csv``.
"""

from __future__ import annotations

from ..registry import Calculator, KeyFigure
from . import model, present, spec

__all__ = ["CALCULATOR", "model", "spec", "present"]

#: Where this calculator comes in the registry's list (the site's navigation and index).
CALCULATOR_ORDER = 20

CALCULATOR = Calculator(
    name="caseload",
    title="Social worker caseload",
    spec=spec.SPEC,
    check=spec.check,
    build=spec.build,
    calculate=model.calculate,
    present=present.present,
    default_preset="strengthening-families-areas",
    summarise=present.summarise,
    case_lines=present.case_lines,
    key_figures=(KeyFigure("extra_fte_cost", "no extra social workers are needed to bring every team to the target", "extra social workers are needed to bring every team to the target"),),
    presentation=present.PRESENTATION,
)
