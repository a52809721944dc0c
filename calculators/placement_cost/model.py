"""Placement cost (balance of care): the typed input and result, and the formulas.

The questions it answers are in the package's docstring (:mod:`calculators.placement_cost`).

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
from ``data/preset_inputs.csv``. No figure is written into this package.
"""

from __future__ import annotations

from dataclasses import dataclass

from .._sums import total
from ..units import MONTHS_PER_YEAR, WEEKS_PER_YEAR

__all__ = [
    "WEEKS_PER_YEAR",
    "MONTHS_PER_YEAR",
    "PlacementType",
    "Move",
    "DemandChange",
    "Scenario",
    "PlacementCostInput",
    "TypeYear",
    "Indicators",
    "YearResult",
    "SensitivityYear",
    "PlacementCostResult",
    "indicators",
    "monthly_children",
    "bounds",
    "calculate",
]

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")

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


def indicators(types: tuple[PlacementType, ...], children: list[float], spend: list[float]) -> Indicators:
    """The balance-of-care indicators of one period.

    Parameters
    ----------
    types : tuple of PlacementType
        The placement types (their setting and provider are read).
    children : list of float
        Children in each type (full-year equivalents for a year), in the order of ``types``.
    spend : list of float
        Spend on each type in the period (£), in the same order.

    Returns
    -------
    Indicators
        Totals, the shares in family-based settings and in in-house
        placements, the share of spend on residential care, and the average
        cost per child; a share of nothing is 0.

    Notes
    -----
    With ``N = Σ n_t`` and ``S = Σ s_t``::

        family-based share   = 100 × Σ n_t (family-based) ÷ N
        in-house share       = 100 × Σ n_t (in-house) ÷ N
        residential spend    = 100 × Σ s_t (residential) ÷ S
        average cost a child = S ÷ N

    Examples
    --------
    One child in a purchased children's home (£200,000 a year) and one with
    in-house foster carers (£40,000): half of the children are in a
    family-based setting, 200,000 ÷ 240,000 = 83.33 % of spend is on
    residential care, and the average is 240,000 ÷ 2 = £120,000 a child:

    >>> kinds = (PlacementType("home", "Home", 1, "annual_per_child", 200_000, "purchased", "residential"),
    ...          PlacementType("foster", "Foster", 1, "annual_per_child", 40_000, "in-house", "family-based"))
    >>> out = indicators(kinds, [1.0, 1.0], [200_000.0, 40_000.0])
    >>> out.family_based_share_pct, round(out.residential_spend_share_pct, 2), out.average_cost_per_child
    (50.0, 83.33, 120000.0)
    """
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


def monthly_children(inp: PlacementCostInput) -> list[list[float]]:
    """Children in each placement type in each month of the horizon, after the moves and demand changes.

    Parameters
    ----------
    inp : PlacementCostInput
        The baseline mix and the scenario.

    Returns
    -------
    list of list of float
        One row per placement type (in input order), one column per month 1 … 12 × horizon.

    Notes
    -----
    ``n_t(m) = (children_t + Σ moves into t started by m − Σ moves out of t started by m) × Π d(m)``
    over the demand changes ``d`` that apply to ``t`` (:meth:`DemandChange.factor`).

    Examples
    --------
    Two children in a home; one moves to foster care from month 7 of a one-year horizon:

    >>> kinds = (PlacementType("home", "Home", 2, "annual_per_child", 200_000, "purchased", "residential"),
    ...          PlacementType("foster", "Foster", 0, "annual_per_child", 40_000, "in-house", "family-based"))
    >>> monthly_children(PlacementCostInput(kinds, Scenario(horizon_years=1, moves=(Move("home", "foster", 1, 7),))))
    [[2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]]
    """
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
    """Spend and savings year by year, the balance-of-care indicators, and the saving across the unit-cost ranges.

    Parameters
    ----------
    inp : PlacementCostInput
        The baseline mix (children, unit costs, inflation) and the scenario.

    Returns
    -------
    PlacementCostResult
        The baseline indicators, and a :class:`YearResult` and a :class:`SensitivityYear` a year.

    Notes
    -----
    For type ``t`` in year ``y``, with unit cost ``c_t``, price factor
    ``p_t(y) = (1 + inflation_t/100)^(y − 1)`` and full-year-equivalent children
    ``F_t(y)`` (the mean of :func:`monthly_children` over the year's 12 months)::

        S(y) = Σ_t c_t × p_t(y) × F_t(y);  baseline B(y) = Σ_t c_t × p_t(y) × children_t
        gross saving G(y) = B(y) − S(y);  net N(y) = G(y) − reinvestment(y)

    The low and high savings are :func:`bounds` of ``k_t = p_t × (children_t − F_t)``.

    Examples
    --------
    Two children in a £200,000-a-year home; one moves to £40,000-a-year
    foster care from month 7: year 1 has 1.5 full-year children in the home and
    0.5 in foster care, spend 1.5 × 200,000 + 0.5 × 40,000 = £320,000 against
    £400,000, a gross saving of £80,000 (half the full-year £160,000):

    >>> kinds = (PlacementType("home", "Home", 2, "annual_per_child", 200_000, "purchased", "residential"),
    ...          PlacementType("foster", "Foster", 0, "annual_per_child", 40_000, "in-house", "family-based"))
    >>> year = calculate(PlacementCostInput(kinds, Scenario(horizon_years=1, moves=(Move("home", "foster", 1, 7),)))).years[0]
    >>> year.baseline_spend, year.scenario_spend, year.gross_saving
    (400000.0, 320000.0, 80000.0)
    """
    types = inp.placements
    horizon = inp.scenario.horizon_years
    central = [t.annual_cost_per_child("central") for t in types]
    low = [t.annual_cost_per_child("low") for t in types]
    high = [t.annual_cost_per_child("high") for t in types]
    has_range = any(lo != c or hi != c for lo, c, hi in zip(low, central, high))
    monthly = monthly_children(inp)

    baseline = indicators(types, [float(t.children) for t in types], [c * t.children for c, t in zip(central, types)])
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
            YearResult(year, baseline_spend, scenario_spend, gross, reinvest, net, cumulative, indicators(types, fye_all, spend_all), tuple(by_type))
        )
        cum_k = [a + b for a, b in zip(cum_k, k_year)]
        cum_reinvest += reinvest
        g_lo, g_hi = bounds(k_year, low, high)
        c_lo, c_hi = bounds(cum_k, low, high)
        sens.append(SensitivityYear(year, g_lo, gross, g_hi, g_lo - reinvest, net, g_hi - reinvest, c_lo - cum_reinvest, cumulative, c_hi - cum_reinvest))
    return PlacementCostResult(inp, baseline, tuple(years), tuple(sens), has_range)


def bounds(k: list[float], low: list[float], high: list[float]) -> tuple[float, float]:
    """Smallest and largest ``Σ k_i × c_i`` with each ``c_i`` anywhere in ``[low_i, high_i]``.

    Parameters
    ----------
    k : list of float
        The coefficient of each unit cost (for a saving: price factor × children no longer in the type).
    low, high : list of float
        The low and high end of each unit cost (£ a child a year).

    Returns
    -------
    tuple of float
        ``(smallest, largest)``.

    Notes
    -----
    The sum is linear in each ``c_i``, so each end is reached with every cost at one end of its range::

        smallest = Σ k_i × (low_i if k_i > 0 else high_i)
        largest  = Σ k_i × (high_i if k_i > 0 else low_i)

    Examples
    --------
    ``k = (2, −1)`` with costs in [10, 20] and [10, 30]: smallest 2 × 10 − 1 × 30 = −10, largest 2 × 20 − 1 × 10 = 30:

    >>> bounds([2, -1], [10, 10], [20, 30])
    (-10, 30)
    """
    smallest = total(ki * (lo if ki > 0 else hi) for ki, lo, hi in zip(k, low, high))
    largest = total(ki * (hi if ki > 0 else lo) for ki, lo, hi in zip(k, low, high))
    return smallest, largest

