"""Placement cost (balance of care) calculator.

What it answers: if some children looked after move from one kind of
placement to another (for example from purchased residential care to the
council's own foster carers), or fewer children enter care, or they stay
for less time, what happens to placement spend year by year, how much of
the saving is reinvested in family support, and how does the balance of
care shift?

Method (all amounts in £; ``W`` = :data:`WEEKS_PER_YEAR`):

* Unit cost per child per year, for each placement type ``t``::

      c_t = cost                    if cost_basis = "annual_per_child"
      c_t = cost × W                if cost_basis = "weekly_per_child"
      c_t = cost ÷ children_t       if cost_basis = "annual_total" (total annual spend)

  The same conversion gives the low and high unit costs where a range is given.
* Months are numbered from 1 (first month of year 1) to 12 × horizon. The
  number of children in type ``t`` in month ``m``::

      n_t(m) = (children_t + Σ moves into t started by m − Σ moves out of t started by m) × d_t(m)

  where ``d_t(m)`` is the product of the demand factors that apply to ``t``.
  A demand change with entrants change ``e`` % and length-of-stay change
  ``l`` % has the steady-state factor ``F = (1 + e/100) × (1 + l/100)``
  (Little's law: children in care = entrants a year × average years in
  care), reached in a straight line over ``phase_in_months`` from its
  start month: ``d(m) = 1 + (F − 1) × min(1, (m − start + 1) ÷ phase_in)``.
* Children in year ``y`` are full-year equivalents (the average over its 12
  months), so a move from month 7 counts half in its first year — the
  part-year effect.
* Price factor for type ``t`` in year ``y``: ``p_t(y) = (1 + inflation_t/100)^(y − 1)``;
  costs are entered at year-1 prices.
* Spend: ``S_t(y) = c_t × p_t(y) × FYE children_t(y)``. Baseline spend is
  the same with no change: ``B_t(y) = c_t × p_t(y) × children_t``.
* Gross saving ``G(y) = Σ_t B_t(y) − Σ_t S_t(y)``; net saving
  ``N(y) = G(y) − reinvestment(y)``; cumulative net saving is the running
  sum of ``N``.
* Sensitivity: the saving is linear in each unit cost, ``G = Σ_t c_t × k_t``
  with ``k_t = p_t × (children_t − FYE children_t)``, so its lowest value
  over the ranges is ``Σ_t k_t × (low_t if k_t > 0 else high_t)`` and its
  highest ``Σ_t k_t × (high_t if k_t > 0 else low_t)``. Each year, and each
  cumulative total, is bounded this way separately.

Figures: the presets' unit costs come from ``data/unit_costs.csv`` (Glasgow
IJB report ``000_cae6d205916c5940.txt`` §3.2 and §3.5; CMA 2021; PSSRU
2017; New Economy (GMCA) unit cost database 2013/14), and their inputs
from ``data/preset_inputs.csv``. No figure is written into this module.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ._spec import Calendar, Errors, Field, ListOf, Obj
from ._sums import total
from .presentation import Chart, Form, Presentation, Section
from .registry import Calculator, KeyFigure
from .units import MONTHS_PER_YEAR, WEEKS_PER_YEAR
from .tables import MONEY, PERCENT, Column, Table, headline, render, round_value

__all__ = [
    "WEEKS_PER_YEAR",
    "MONTHS_PER_YEAR",
    "PlacementType",
    "Move",
    "DemandChange",
    "Scenario",
    "PlacementCostInput",
    "TypeYear",
    "YearResult",
    "SensitivityYear",
    "PlacementCostResult",
    "SPEC",
    "calculate",
    "CALCULATOR",
]


_BASES = ("annual_per_child", "weekly_per_child", "annual_total")
_PROVIDERS = ("in-house", "purchased")
_SETTINGS = ("family-based", "residential")
_YEAR_STARTS = ("april", "january")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
_MAX_HORIZON_YEARS = 10


# --------------------------------------------------------------------------
# Input specification (the single source of limits for validation and forms)
# --------------------------------------------------------------------------

_COST_HELP = "in the way chosen under 'How is this cost given?': £ per child per year, £ per child per week, or £ total spend a year for all the children of this type"

SPEC = Obj(
    key="",
    label="Placement cost input",
    help="A baseline placement mix and a scenario of changes to it.",
    fields=(
        Field("title", "Scenario title", "string", "A short name for this scenario, printed and exported with the results.", required=False, default=""),
        Field("notes", "Notes", "string", "Where the figures come from and what is assumed; printed and exported with the results.", required=False, default="", max_length=4000),
        ListOf(
            "placements",
            "Placement types",
            "each kind of placement in the baseline mix, with its number of children and cost.",
            Obj(
                "placement",
                "Placement type",
                "One kind of placement.",
                (
                    Field("id", "Short code", "string", "A short code for this placement type, used in shared links and downloads (lower-case letters, digits and hyphens, e.g. 'in-house-foster'); the name is what the form and results show.", max_length=60, pattern=r"[a-z0-9][a-z0-9-]*"),
                    Field("label", "Name", "string", "Name shown in the form and the results; defaults to the short code.", required=False, default=""),
                    Field("children", "Number of children", "integer", "Children in this type of placement at the start (baseline).", unit="children", minimum=0, maximum=100_000),
                    Field("cost_basis", "How is this cost given?", "choice", "Per child per year, per child per week, or the total spend a year on all the children of this type.", choices=_BASES, default="annual_per_child", choice_labels=(("annual_per_child", "£ per child per year"), ("weekly_per_child", "£ per child per week"), ("annual_total", "£ total spend a year"))),
                    Field("cost", "Cost (central)", "number", f"Central cost, {_COST_HELP}. 0 means none: a type the council does not have, or one that costs its budget nothing.", unit="£", minimum=0, maximum=1_000_000_000),
                    Field("cost_low", "Cost (low)", "number", f"Optional low end of the cost range, same basis; leave empty if there is no range.", unit="£", minimum=0, exclusive_minimum=True, maximum=1_000_000_000, required=False),
                    Field("cost_high", "Cost (high)", "number", f"Optional high end of the cost range, same basis; leave empty if there is no range.", unit="£", minimum=0, exclusive_minimum=True, maximum=1_000_000_000, required=False),
                    Field("provider", "Provider", "choice", "Whether the council provides the placement itself (in-house) or buys it from another provider (purchased).", choices=_PROVIDERS, choice_labels=(("in-house", "In-house (the council's own)"), ("purchased", "Purchased (bought in)"))),
                    Field("setting", "Setting", "choice", "Family-based (foster, kinship, at home) or residential (children's homes).", choices=_SETTINGS, choice_labels=(("family-based", "Family-based"), ("residential", "Residential"))),
                    Field("inflation_pct", "Price inflation", "number", "Yearly rise in this type's cost per child from year 2 on (unit cost: the cost of one child in this placement for a year).", unit="% a year", minimum=-20, maximum=50, default=0),
                ),
            ),
            min_items=1,
            max_items=30,
            required=True,
            unique_by="id",
            item_label="label",
        ),
        Obj(
            "scenario",
            "Scenario",
            "The changes to model over the horizon.",
            (
                Field("horizon_years", "Years to model", "integer", "How many financial years the results cover (the horizon).", unit="years", minimum=1, maximum=_MAX_HORIZON_YEARS, default=3),
                Field("first_year", "Year 1 is the financial year starting in", "integer", "The calendar year in which year 1 begins: 2026 makes year 1 the financial year 2026/27 (from April). Leave empty to number the years 1, 2, 3 only.", unit="calendar year", minimum=1990, maximum=2100, required=False),
                Field("year_start_month", "Financial year starts in", "choice", "April for councils in England, Wales and Scotland; January for a calendar-year budget.", choices=_YEAR_STARTS, default="april", choice_labels=(("april", "April"), ("january", "January"))),
                ListOf(
                    "moves",
                    "Moves",
                    "children moving from one placement type to another from a given month.",
                    Obj(
                        "move",
                        "Move",
                        "Children moving between placement types.",
                        (
                            Field("from", "From placement", "choice", "The placement type the children leave.", choices_from="placements[].id"),
                            Field("to", "To placement", "choice", "The placement type the children go to.", choices_from="placements[].id"),
                            Field("children", "Children moving", "integer", "How many children move.", unit="children", minimum=1, maximum=100_000),
                            Field("start_month", "From", "integer", "The month the move takes effect; it counts for the rest of the years modelled. (In a file: 1 = the first month of year 1.)", unit="month", minimum=1, maximum=_MAX_HORIZON_YEARS * 12, default=1, month=True),
                        ),
                    ),
                    max_items=100,
                ),
                ListOf(
                    "demand_changes",
                    "Demand changes",
                    "changes in the number of children entering care or in how long they stay.",
                    Obj(
                        "demand_change",
                        "Demand change",
                        "A change in entrants or length of stay.",
                        (
                            Field("placement", "Applies to", "choice", "The placement type it applies to, or all of them.", choices_from="placements[].id", extra_choices=("all",), default="all", choice_labels=(("all", "All placement types"),)),
                            Field("entrants_change_pct", "Change in children entering care", "number", "Percentage change in entrants (−10 = 10% fewer).", unit="%", minimum=-100, maximum=500, default=0),
                            Field("length_of_stay_change_pct", "Change in average length of stay", "number", "Percentage change in average time in care (−25 = a quarter shorter).", unit="%", minimum=-100, maximum=500, default=0),
                            Field("start_month", "From", "integer", "The month the change starts. (In a file: 1 = the first month of year 1.)", unit="month", minimum=1, maximum=_MAX_HORIZON_YEARS * 12, default=1, month=True),
                            Field("phase_in_months", "Phase-in", "integer", "Months over which numbers move in a straight line to their new level (0 = at once); about one average length of stay.", unit="months", minimum=0, maximum=_MAX_HORIZON_YEARS * 12, default=12),
                        ),
                    ),
                    max_items=50,
                ),
                ListOf(
                    "reinvestment_by_year",
                    "Reinvestment by year",
                    "money put into family support or prevention in each year (year 1 first); missing years are £0.",
                    Field("reinvestment", "Reinvestment in year", "number", "Money put back into family support or prevention that year, taken off the saving.", unit="£", minimum=0, maximum=1_000_000_000),
                    max_items=_MAX_HORIZON_YEARS,
                ),
                Field("planned_saving", "Planned saving", "number", "Optional saving from a plan (a budget or a source document), shown beside the modelled saving.", unit="£", minimum=0, maximum=1_000_000_000, required=False),
                Field("planned_saving_year", "Year of planned saving", "integer", "Which year of the horizon the planned saving is for.", unit="year", minimum=1, maximum=_MAX_HORIZON_YEARS, default=1),
                Field("planned_saving_label", "Name of the plan", "string", "What the planned saving is, e.g. 'Savings plan 2026/27'.", required=False, default="Planned saving"),
            ),
            required=False,
            calendar=Calendar(first_year="first_year", year_start="year_start_month", years="horizon_years"),
        ),
    ),
)


# --------------------------------------------------------------------------
# Typed inputs and results
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class PlacementType:
    """One kind of placement in the baseline mix."""

    id: str
    label: str
    children: int
    cost_basis: str
    cost: float
    provider: str
    setting: str
    inflation_pct: float = 0.0
    cost_low: float | None = None
    cost_high: float | None = None

    def annual_cost_per_child(self, which: str = "central") -> float:
        """Annual cost per child (£) at the ``"low"``, ``"central"`` or ``"high"`` cost."""
        # A missing end of the range is the central cost; a cost of 0 is a cost (none), not a missing one.
        end = {"low": self.cost_low, "high": self.cost_high}.get(which)
        value = self.cost if end is None else end
        if self.cost_basis == "weekly_per_child":
            return value * WEEKS_PER_YEAR
        if self.cost_basis == "annual_total":
            # No children and no spend: a type the council does not have costs nothing a child (checked: spend needs children).
            return value / self.children if self.children else 0.0
        return value


@dataclass(frozen=True)
class Move:
    """``children`` move from placement ``from_id`` to ``to_id`` from ``start_month`` on."""

    from_id: str
    to_id: str
    children: int
    start_month: int = 1


@dataclass(frozen=True)
class DemandChange:
    """A change in entrants or length of stay for one placement type (or ``"all"``)."""

    placement: str = "all"
    entrants_change_pct: float = 0.0
    length_of_stay_change_pct: float = 0.0
    start_month: int = 1
    phase_in_months: int = 12

    @property
    def steady_state_factor(self) -> float:
        """``(1 + e/100) × (1 + l/100)``: children in care scale with entrants × length of stay (Little's law)."""
        return (1 + self.entrants_change_pct / 100) * (1 + self.length_of_stay_change_pct / 100)

    def factor(self, month: int) -> float:
        """Demand factor in ``month`` (1-based): 1 before the start, then a straight line to the steady state."""
        if month < self.start_month:
            return 1.0
        progress = 1.0 if self.phase_in_months == 0 else min(1.0, (month - self.start_month + 1) / self.phase_in_months)
        return 1 + (self.steady_state_factor - 1) * progress


@dataclass(frozen=True)
class Scenario:
    """The changes modelled over ``horizon_years``."""

    horizon_years: int = 3
    moves: tuple[Move, ...] = ()
    demand_changes: tuple[DemandChange, ...] = ()
    reinvestment_by_year: tuple[float, ...] = ()
    planned_saving: float | None = None
    planned_saving_year: int = 1
    planned_saving_label: str = "Planned saving"
    first_year: int | None = None
    year_start_month: str = "april"

    def month_name(self, month: int) -> str:
        """Month ``month`` of the horizon (1-based) in words: "October 2026", or "October of year 1" with no first year."""
        index = (month - 1) % MONTHS_PER_YEAR
        year = (month - 1) // MONTHS_PER_YEAR + 1
        offset = 3 if self.year_start_month == "april" else 0
        name = _MONTH_NAMES[(index + offset) % MONTHS_PER_YEAR]
        if self.first_year is None:
            return f"{name} of year {year}"
        return f"{name} {self.first_year + year - 1 + (1 if index + offset >= MONTHS_PER_YEAR else 0)}"

    def year_name(self, year: int) -> str:
        """Year ``year`` of the horizon (1-based): "2026/27" (April start), "2026" (January start) or "year 1"."""
        if self.first_year is None:
            return f"year {year}"
        start = self.first_year + year - 1
        return f"{start}/{(start + 1) % 100:02d}" if self.year_start_month == "april" else str(start)

    def timing(self, month: int) -> str:
        """When a change starts, in words: "from October 2026: 6 months in 2026/27"."""
        year = (month - 1) // MONTHS_PER_YEAR + 1
        left = MONTHS_PER_YEAR - (month - 1) % MONTHS_PER_YEAR
        return f"from {self.month_name(month)}: {left} month{'s' if left != 1 else ''} in {self.year_name(year)}"

    def reinvestment(self, year: int) -> float:
        """Reinvestment in ``year`` (1-based); £0 for years not given."""
        return self.reinvestment_by_year[year - 1] if year <= len(self.reinvestment_by_year) else 0.0


@dataclass(frozen=True)
class PlacementCostInput:
    """A baseline placement mix and a scenario."""

    placements: tuple[PlacementType, ...]
    scenario: Scenario = Scenario()
    title: str = ""
    notes: str = ""


@dataclass(frozen=True)
class TypeYear:
    """Children and spend for one placement type in one year."""

    placement: str
    year: int
    children_average: float
    children_year_end: float
    baseline_spend: float
    spend: float


@dataclass(frozen=True)
class Indicators:
    """Balance-of-care indicators for one period."""

    children: float
    spend: float
    family_based_share_pct: float
    in_house_share_pct: float
    residential_spend_share_pct: float
    average_cost_per_child: float


@dataclass(frozen=True)
class YearResult:
    """Totals, savings and indicators for one year of the horizon."""

    year: int
    baseline_spend: float
    scenario_spend: float
    gross_saving: float
    reinvestment: float
    net_saving: float
    cumulative_net_saving: float
    indicators: Indicators
    by_type: tuple[TypeYear, ...]


@dataclass(frozen=True)
class SensitivityYear:
    """Lowest, central and highest saving for a year given the unit-cost ranges."""

    year: int
    gross_low: float
    gross_central: float
    gross_high: float
    net_low: float
    net_central: float
    net_high: float
    cumulative_net_low: float
    cumulative_net_central: float
    cumulative_net_high: float


@dataclass(frozen=True)
class PlacementCostResult:
    """Everything :func:`calculate` works out."""

    input: PlacementCostInput
    baseline: Indicators
    years: tuple[YearResult, ...]
    sensitivity: tuple[SensitivityYear, ...]
    has_range: bool

    @property
    def total_gross_saving(self) -> float:
        return total(y.gross_saving for y in self.years)

    @property
    def total_reinvestment(self) -> float:
        return total(y.reinvestment for y in self.years)

    @property
    def total_net_saving(self) -> float:
        return total(y.net_saving for y in self.years)


# --------------------------------------------------------------------------
# Calculation
# --------------------------------------------------------------------------


def _indicators(types: tuple[PlacementType, ...], children: list[float], spend: list[float]) -> Indicators:
    total_children = total(children)
    total_spend = total(spend)
    family = total(n for t, n in zip(types, children) if t.setting == "family-based")
    in_house = total(n for t, n in zip(types, children) if t.provider == "in-house")
    residential_spend = total(s for t, s in zip(types, spend) if t.setting == "residential")
    return Indicators(
        children=total_children,
        spend=total_spend,
        family_based_share_pct=100 * family / total_children if total_children else 0.0,
        in_house_share_pct=100 * in_house / total_children if total_children else 0.0,
        residential_spend_share_pct=100 * residential_spend / total_spend if total_spend else 0.0,
        average_cost_per_child=total_spend / total_children if total_children else 0.0,
    )


def _monthly_children(inp: PlacementCostInput) -> list[list[float]]:
    """Children in each type in each month (rows: types; columns: months 1..12×horizon)."""
    months = inp.scenario.horizon_years * MONTHS_PER_YEAR
    index = {t.id: i for i, t in enumerate(inp.placements)}
    steps = [[0] * (months + 1) for _ in inp.placements]
    for move in inp.scenario.moves:
        steps[index[move.from_id]][move.start_month - 1] -= move.children
        steps[index[move.to_id]][move.start_month - 1] += move.children
    factors = {id(d): [d.factor(m + 1) for m in range(months)] for d in inp.scenario.demand_changes}
    out = []
    for i, kind in enumerate(inp.placements):
        level = float(kind.children)
        row = []
        for step in steps[i][:months]:
            level += step
            row.append(level)
        for change in inp.scenario.demand_changes:
            if change.placement in ("all", kind.id):
                row = [n * f for n, f in zip(row, factors[id(change)])]
        out.append(row)
    return out


def calculate(inp: PlacementCostInput) -> PlacementCostResult:
    """Work out spend, savings, balance-of-care indicators and sensitivity (see the module docstring)."""
    types = inp.placements
    horizon = inp.scenario.horizon_years
    central = [t.annual_cost_per_child("central") for t in types]
    low = [t.annual_cost_per_child("low") for t in types]
    high = [t.annual_cost_per_child("high") for t in types]
    has_range = any(lo != c or hi != c for lo, c, hi in zip(low, central, high))
    monthly = _monthly_children(inp)

    baseline = _indicators(types, [float(t.children) for t in types], [c * t.children for c, t in zip(central, types)])
    years: list[YearResult] = []
    sens: list[SensitivityYear] = []
    cumulative = 0.0
    cum_k = [0.0] * len(types)
    cum_reinvest = 0.0
    for year in range(1, horizon + 1):
        first = (year - 1) * MONTHS_PER_YEAR
        by_type = []
        fye_all, spend_all, k_year = [], [], []
        for i, kind in enumerate(types):
            price = (1 + kind.inflation_pct / 100) ** (year - 1)
            months = monthly[i][first : first + MONTHS_PER_YEAR]
            fye = total(months) / MONTHS_PER_YEAR
            spend = central[i] * price * fye
            base = central[i] * price * kind.children
            by_type.append(TypeYear(kind.id, year, fye, months[-1], base, spend))
            fye_all.append(fye)
            spend_all.append(spend)
            k_year.append(price * (kind.children - fye))
        baseline_spend = total(t.baseline_spend for t in by_type)
        scenario_spend = total(spend_all)
        gross = baseline_spend - scenario_spend
        reinvest = inp.scenario.reinvestment(year)
        net = gross - reinvest
        cumulative += net
        years.append(
            YearResult(year, baseline_spend, scenario_spend, gross, reinvest, net, cumulative, _indicators(types, fye_all, spend_all), tuple(by_type))
        )
        cum_k = [a + b for a, b in zip(cum_k, k_year)]
        cum_reinvest += reinvest
        g_lo, g_hi = _bounds(k_year, low, high)
        c_lo, c_hi = _bounds(cum_k, low, high)
        sens.append(SensitivityYear(year, g_lo, gross, g_hi, g_lo - reinvest, net, g_hi - reinvest, c_lo - cum_reinvest, cumulative, c_hi - cum_reinvest))
    return PlacementCostResult(inp, baseline, tuple(years), tuple(sens), has_range)


def _bounds(k: list[float], low: list[float], high: list[float]) -> tuple[float, float]:
    """Smallest and largest ``Σ k_i × c_i`` with each ``c_i`` anywhere in ``[low_i, high_i]``."""
    smallest = total(ki * (lo if ki > 0 else hi) for ki, lo, hi in zip(k, low, high))
    largest = total(ki * (hi if ki > 0 else lo) for ki, lo, hi in zip(k, low, high))
    return smallest, largest


# --------------------------------------------------------------------------
# JSON adapters (used by calculators.run_json)
# --------------------------------------------------------------------------


def _check(data: dict[str, Any], errors: Errors) -> None:
    """Cross-field rules: what one field allows depends on another. Tolerates partial input."""
    placements = [p for p in data.get("placements") or [] if isinstance(p, dict)]
    by_id: dict[str, dict[str, Any]] = {p["id"]: p for p in placements if "id" in p}
    for i, p in enumerate(data.get("placements") or []):
        if not isinstance(p, dict):
            continue
        if p.get("cost_basis") == "annual_total" and p.get("children") == 0 and p.get("cost") != 0:
            errors.add(("placements", i, "children"), "Number of children is 0 but the cost is given as total annual spend, so the cost per child cannot be worked out. Give more than 0 children, or give the cost per child (under “How is this cost given?”, choose “£ per child per year” or “£ per child per week”).")
        cost, lo, hi = p.get("cost"), p.get("cost_low"), p.get("cost_high")
        if cost is not None and lo is not None and lo > cost:
            errors.add(("placements", i, "cost_low"), f"Cost (low) is {lo:,.2f}, more than the central cost {cost:,.2f}; the low cost must be no more than the central cost.")
        if cost is not None and hi is not None and hi < cost:
            errors.add(("placements", i, "cost_high"), f"Cost (high) is {hi:,.2f}, less than the central cost {cost:,.2f}; the high cost must be at least the central cost.")
    scenario = data.get("scenario") or {}
    horizon = scenario.get("horizon_years")
    last_month = horizon * MONTHS_PER_YEAR if isinstance(horizon, int) else None
    moves = scenario.get("moves") or []
    for i, move in enumerate(moves):
        if not isinstance(move, dict):
            continue
        if move.get("from") is not None and move.get("from") == move.get("to"):
            errors.add(("scenario", "moves", i, "to"), f"Move to is the same as move from ({move['to']!r}); a move must go to a different placement type.")
        start = move.get("start_month")
        if last_month is not None and isinstance(start, int) and start > last_month:
            errors.add(("scenario", "moves", i, "start_month"), f"From month is {start}, after the end of the {horizon}-year horizon; it must be from 1 to {last_month}.")
    # Running count per type, in date order: no move may take more children than the type has then.
    level = {key: p.get("children") for key, p in by_id.items()}
    order = sorted(
        (m.get("start_month", 1), i, m) for i, m in enumerate(moves) if isinstance(m, dict) and isinstance(m.get("start_month", 1), int)
    )
    for start, i, move in order:
        source, target, n = move.get("from"), move.get("to"), move.get("children")
        if not isinstance(n, int) or source not in level or target not in level or source == target:
            continue
        have = level[source]
        if not isinstance(have, int):
            continue
        if n > have:
            original = by_id[source].get("children")
            if have == original:
                detail = f"but {source!r} has only {have:,} children"
            else:
                detail = f"but only {have:,} are left in {source!r} by then ({original:,} at baseline, changed by earlier moves)"
            errors.add(
                ("scenario", "moves", i, "children"),
                f"Children moving is {n:,} from month {start}, {detail}; move at most {have:,}.",
            )
            continue
        level[source] = have - n
        if isinstance(level[target], int):
            level[target] += n
    for i, change in enumerate(scenario.get("demand_changes") or []):
        if isinstance(change, dict) and last_month is not None and isinstance(change.get("start_month"), int) and change["start_month"] > last_month:
            errors.add(("scenario", "demand_changes", i, "start_month"), f"From month is {change['start_month']}, after the end of the {horizon}-year horizon; it must be from 1 to {last_month}.")
    reinvest = scenario.get("reinvestment_by_year") or []
    if isinstance(horizon, int) and len(reinvest) > horizon:
        errors.add(("scenario", "reinvestment_by_year"), f"Reinvestment by year has {len(reinvest)} years but the horizon is {horizon}; give at most {horizon} amounts.")
    planned_year = scenario.get("planned_saving_year")
    if isinstance(horizon, int) and isinstance(planned_year, int) and planned_year > horizon:
        errors.add(("scenario", "planned_saving_year"), f"Year of planned saving is {planned_year}, beyond the {horizon}-year horizon; it must be from 1 to {horizon}.")


def _from_dict(data: dict[str, Any]) -> PlacementCostInput:
    """Typed input from a validated, normalised dict."""
    placements = tuple(
        PlacementType(
            id=p["id"],
            label=p["label"] or p["id"],
            children=p["children"],
            cost_basis=p["cost_basis"],
            cost=float(p["cost"]),
            provider=p["provider"],
            setting=p["setting"],
            inflation_pct=float(p["inflation_pct"]),
            cost_low=None if p.get("cost_low") is None else float(p["cost_low"]),
            cost_high=None if p.get("cost_high") is None else float(p["cost_high"]),
        )
        for p in data["placements"]
    )
    s = data["scenario"]
    scenario = Scenario(
        horizon_years=s["horizon_years"],
        moves=tuple(Move(m["from"], m["to"], m["children"], m["start_month"]) for m in s["moves"]),
        demand_changes=tuple(
            DemandChange(d["placement"], float(d["entrants_change_pct"]), float(d["length_of_stay_change_pct"]), d["start_month"], d["phase_in_months"])
            for d in s["demand_changes"]
        ),
        reinvestment_by_year=tuple(float(r) for r in s["reinvestment_by_year"]),
        planned_saving=None if s.get("planned_saving") is None else float(s["planned_saving"]),
        planned_saving_year=s["planned_saving_year"],
        planned_saving_label=s["planned_saving_label"] or "Planned saving",
        first_year=s.get("first_year"),
        year_start_month=s["year_start_month"],
    )
    return PlacementCostInput(placements=placements, scenario=scenario, title=data["title"], notes=data["notes"])


# --------------------------------------------------------------------------
# Result layout: every table's columns declared once (calculators.tables)
# --------------------------------------------------------------------------

_PLACEMENTS = Table("placements", "Placement types and unit costs (baseline, year-1 prices)", (
    Column("placement", "Placement type", get=lambda t: t.label),
    Column("id", "Placement id"),
    Column("provider", "Provider"),
    Column("setting", "Setting"),
    Column("children", "Children", "children"),
    Column("annual_per_child", "Per child a year", MONEY, lambda t: t.annual_cost_per_child()),
    Column("weekly_per_child", "Per child a week", MONEY, lambda t: t.annual_cost_per_child() / WEEKS_PER_YEAR),
    Column("annual_spend", "Annual spend", MONEY, lambda t: t.annual_cost_per_child() * t.children),
    Column("annual_per_child_low", "Low, per child a year", MONEY, lambda t: t.annual_cost_per_child("low")),
    Column("annual_per_child_high", "High, per child a year", MONEY, lambda t: t.annual_cost_per_child("high")),
    Column("inflation_pct", "Inflation", PERCENT),
))
#: The placements table as shown: the id is kept in the JSON figures only.
_PLACEMENTS_SHOWN = _PLACEMENTS.only(c.key for c in _PLACEMENTS.columns if c.key != "id")

_BY_YEAR = Table("by_year", "Spend and savings by year", (
    Column("year", "Year"),
    Column("baseline_spend", "Spend with no change", MONEY),
    Column("scenario_spend", "Spend in scenario", MONEY),
    Column("gross_saving", "Gross saving", MONEY),
    Column("reinvestment", "Reinvestment", MONEY),
    Column("net_saving", "Net saving", MONEY),
    Column("cumulative_net_saving", "Cumulative net saving", MONEY),
))

_BY_TYPE = Table("by_type", "Children and spend by placement type and year", (
    Column("year", "Year", get=lambda row: row[0].year),
    Column("placement", "Placement type", get=lambda row: row[1]),
    Column("children_average", "Children (full-year equivalent)", "children", lambda row: row[0].children_average),
    Column("children_year_end", "Children at year end", "children", lambda row: row[0].children_year_end),
    Column("baseline_spend", "Spend with no change", MONEY, lambda row: row[0].baseline_spend),
    Column("spend", "Spend in scenario", MONEY, lambda row: row[0].spend),
    Column("change_in_spend", "Change in spend", MONEY, lambda row: row[0].spend - row[0].baseline_spend),
))

_BALANCE = Table("balance_of_care", "Balance-of-care indicators", (
    Column("period", "Period", get=lambda row: row[0]),
    Column("children", "Children (full-year equivalent)", "children", lambda row: row[1].children),
    Column("family_based_share_pct", "Children in family-based settings", PERCENT, lambda row: row[1].family_based_share_pct),
    Column("in_house_share_pct", "Children in in-house placements", PERCENT, lambda row: row[1].in_house_share_pct),
    Column("residential_spend_share_pct", "Spend on residential care", PERCENT, lambda row: row[1].residential_spend_share_pct),
    Column("average_cost_per_child", "Average cost per child per year", MONEY, lambda row: row[1].average_cost_per_child),
))

_SENSITIVITY = Table("sensitivity", "Net saving across the unit-cost ranges (low / central / high)", (
    Column("year", "Year"),
    Column("net_saving_low", "Net saving, low", MONEY, lambda s: s.net_low),
    Column("net_saving_central", "Net saving, central", MONEY, lambda s: s.net_central),
    Column("net_saving_high", "Net saving, high", MONEY, lambda s: s.net_high),
    Column("cumulative_net_saving_low", "Cumulative, low", MONEY, lambda s: s.cumulative_net_low),
    Column("cumulative_net_saving_central", "Cumulative, central", MONEY, lambda s: s.cumulative_net_central),
    Column("cumulative_net_saving_high", "Cumulative, high", MONEY, lambda s: s.cumulative_net_high),
))

_PLANNED = Table("planned_saving", "Modelled gross saving beside the planned saving", (
    Column("label", "Planned saving"),
    Column("year", "Year"),
    Column("planned", "Planned", MONEY),
    Column("modelled_gross_low", "Modelled, low", MONEY),
    Column("modelled_gross_central", "Modelled, central", MONEY),
    Column("modelled_gross_high", "Modelled, high", MONEY),
    Column("difference_central", "Modelled (central) minus planned", MONEY),
))

_TIMING = Table("timing", "When the changes take effect", (
    Column("change", "Change"),
    Column("starts", "Starts"),
))

_ROUNDING = "Money is rounded to whole pounds; children to 2 decimal places; percentages to 2 decimal places (1 on screen)."


def _summary(result: PlacementCostResult) -> list[dict[str, Any]]:
    horizon = result.input.scenario.horizon_years
    last, final = result.years[-1], result.sensitivity[-1]
    return [
        headline("horizon_years", "Horizon", horizon, "years"),
        headline("baseline_annual_spend", "Baseline placement spend a year", result.baseline.spend, MONEY),
        headline("year_1_gross_saving", "Gross saving in year 1", result.years[0].gross_saving, MONEY),
        headline("total_gross_saving", f"Gross saving over {horizon} year{'s' if horizon > 1 else ''}", result.total_gross_saving, MONEY),
        headline("total_reinvestment", "Reinvestment", result.total_reinvestment, MONEY),
        headline("total_net_saving", "Net saving (central)", result.total_net_saving, MONEY),
        headline("total_net_saving_low", "Net saving, low end of cost ranges", final.cumulative_net_low, MONEY),
        headline("total_net_saving_high", "Net saving, high end of cost ranges", final.cumulative_net_high, MONEY),
        headline("family_based_share_baseline_pct", "Children in family-based settings, baseline", result.baseline.family_based_share_pct, PERCENT),
        headline("family_based_share_final_pct", f"Children in family-based settings, year {horizon}", last.indicators.family_based_share_pct, PERCENT),
        headline("average_cost_baseline", "Average cost per child per year, baseline", result.baseline.average_cost_per_child, MONEY),
        headline("average_cost_final", f"Average cost per child per year, year {horizon}", last.indicators.average_cost_per_child, MONEY),
    ]


def _planned(result: PlacementCostResult) -> dict[str, Any] | None:
    """The planned saving of the source document beside the modelled one (exact figures), if one is given."""
    s = result.input.scenario
    if s.planned_saving is None:
        return None
    sy = result.sensitivity[s.planned_saving_year - 1]
    return {
        "label": s.planned_saving_label,
        "year": s.planned_saving_year,
        "planned": s.planned_saving,
        "modelled_gross_low": sy.gross_low,
        "modelled_gross_central": sy.gross_central,
        "modelled_gross_high": sy.gross_high,
        "difference_central": sy.gross_central - s.planned_saving,
    }


def _headlines(result: PlacementCostResult) -> list[dict[str, Any]]:
    """The headline figures alone (the summary of :func:`_to_json`, without its tables)."""
    summary = _summary(result)
    planned = _planned(result)
    if planned is not None:
        summary.append(headline("planned_saving", f"{planned['label']} (year {planned['year']})", planned["planned"], MONEY))
        summary.append(headline("planned_saving_difference", "Modelled gross saving minus planned", planned["difference_central"], MONEY))
    return summary


def _to_json(result: PlacementCostResult) -> dict[str, Any]:
    """Plain-JSON result: the figures, the ``tables`` and the headline ``summary``."""
    types = result.input.placements
    labels = {t.id: t.label for t in types}
    periods = [("Baseline", result.baseline)] + [(f"Year {y.year}", y.indicators) for y in result.years]
    placements = render(_PLACEMENTS, types)
    by_year = render(_BY_YEAR, result.years)
    by_type = render(_BY_TYPE, [(ty, labels[ty.placement]) for y in result.years for ty in y.by_type])
    balance = render(_BALANCE, periods)
    sensitivity = render(_SENSITIVITY if result.has_range else _SENSITIVITY.titled("Net saving (no unit cost has a range, so low = central = high)"), result.sensitivity)
    tables = [render(_PLACEMENTS_SHOWN, types), by_year, by_type, balance, sensitivity]
    scenario = result.input.scenario
    changes = [
        {"change": f"{m.children:,} {'child' if m.children == 1 else 'children'} from {labels[m.from_id]} to {labels[m.to_id]}", "starts": scenario.timing(m.start_month)}
        for m in scenario.moves
    ] + [
        {"change": f"Demand change ({'all placement types' if d.placement == 'all' else labels.get(d.placement, d.placement)}): entrants {d.entrants_change_pct:+g}%, length of stay {d.length_of_stay_change_pct:+g}%", "starts": scenario.timing(d.start_month)}
        for d in scenario.demand_changes
    ]
    if changes:
        # Second, after the by-year table it explains (the placements table stays first).
        tables.insert(1, render(_TIMING, changes))
    summary = _headlines(result)
    planned = _planned(result)
    if planned is not None:
        tables.append(render(_PLANNED, [planned]))
    n = len(types)
    return {
        "title": result.input.title,
        "notes": result.input.notes,
        "weeks_per_year": WEEKS_PER_YEAR,
        "rounding": _ROUNDING,
        "has_range": result.has_range,
        "baseline": balance["rows"][0] | {"spend": round_value(result.baseline.spend, MONEY)},
        "placements": placements["rows"],
        "years": [
            row | {"indicators": balance["rows"][i + 1], "by_type": by_type["rows"][i * n : (i + 1) * n]}
            for i, row in enumerate(by_year["rows"])
        ],
        "totals": {key: round_value(value, MONEY) for key, value in (
            ("gross_saving", result.total_gross_saving),
            ("reinvestment", result.total_reinvestment),
            ("net_saving", result.total_net_saving),
            ("net_saving_low", result.sensitivity[-1].cumulative_net_low),
            ("net_saving_high", result.sensitivity[-1].cumulative_net_high),
        )},
        "sensitivity": sensitivity["rows"],
        "planned_saving": None if planned is None else render(_PLANNED, [planned])["rows"][0],
        "tables": tables,
        "summary": summary,
    }


# How the page shows it: the form's layout, the headline figures and the chart
# (calculators.presentation; checked against the spec and the results).
PRESENTATION = Presentation(
    form=Form(
        main=("scenario.first_year", "scenario.year_start_month", "scenario.horizon_years", "scenario.moves"),
        main_title="How many children move, from which placement to which, and from when?",
        headline=("year_1_gross_saving", "total_net_saving", "total_gross_saving"),
        sections=(
            Section("Placement types: children and costs now", ("placements",)),
            Section("Demand and reinvestment", ("scenario.demand_changes", "scenario.reinvestment_by_year")),
            Section("Comparison with a plan", ("scenario.planned_saving", "scenario.planned_saving_year", "scenario.planned_saving_label")),
            Section("Price years and uncertain inputs: what drives the result", ("prices", "uncertainty")),
            Section("Scenario title and notes (printed and exported)", ("title", "notes")),
        ),
        preset_only=("scenario.planned_saving", "scenario.planned_saving_year", "scenario.planned_saving_label"),
        preset_only_ranges=("scenario.moves",),
        compare="Compare with the plan",
        compare_what="the planned saving it was compared with",
        ranges_what="the preset's range for when its children move",
    ),
    chart=Chart(
        table="by_year",
        x="year",
        series=("gross_saving", "reinvestment", "net_saving"),
        title="Gross saving, reinvestment and net saving by year (£)",
        x_title="Year of the scenario (year 1 = first financial year)",
        y_title="£ a year",
    ),
)


#: This calculator, as the registry (calculators.registry) knows it.
def _case_lines(result: dict[str, Any]) -> dict[str, Any]:
    """What a placement-cost scenario adds to a business case (see calculators._contribution).

    Spend and its saving are stated by year; whether the placement budget is
    revenue or capital, and who holds it, the calculator is not told, so those stay "not given".
    """
    from . import _contribution as c

    rows = c.table(result, "by_year")["rows"]
    where = "Placement cost calculator, “Spend and savings by year”"
    money = [
        c.money("Placement spend if nothing changes", "baseline", f"{where}, spend with no change", by_year=[(r["year"], r["baseline_spend"]) for r in rows]),
        c.money("Placement spend saved", "saving", f"{where}, gross saving", by_year=[(r["year"], r["gross_saving"]) for r in rows], covers="placement spend"),
    ]
    if any(r["reinvestment"] for r in rows):
        money.append(c.money("Reinvestment", "cost", f"{where}, reinvestment", by_year=[(r["year"], r["reinvestment"]) for r in rows]))
    last = max(r["year"] for r in c.table(result, "by_type")["rows"])
    people = [c.person("children", r["placement"], r["children_year_end"], "children", f"{r['children_year_end']:g}",
                       "Placement cost calculator, “Children and spend by placement type and year”", f"end of year {last}")
              for r in c.table(result, "by_type")["rows"] if r["year"] == last]
    return {"money": money, "people": people, "figures": {}}


#: Where this calculator comes in the registry's list (the site's navigation and index).
CALCULATOR_ORDER = 10

CALCULATOR = Calculator(
    name="placement-cost",
    title="Placement cost (balance of care)",
    spec=SPEC,
    check=_check,
    build=_from_dict,
    calculate=calculate,
    present=_to_json,
    default_preset="glasgow-2017-18-to-in-house-foster",
    summarise=_headlines,
    case_lines=_case_lines,
    key_figures=(
        KeyFigure("total_net_saving", "the scenario no longer saves money over the horizon (net saving below £0)", "the scenario saves money over the horizon"),
        KeyFigure("planned_saving_difference", "the modelled saving falls short of the planned saving", "the modelled saving reaches the planned saving"),
    ),
    presentation=PRESENTATION,
)
