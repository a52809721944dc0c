"""Invest to save: the typed input and result, and the formulas (discounting, payback).

The questions it answers are in the package's docstring (:mod:`calculators.invest_to_save`).

Method (all amounts in £ at constant prices, year 1's; ``T`` = years of
the appraisal; ``r`` = discount rate):

* Year 0 is the start: the set-up cost falls there and is not discounted.
  Years 1..T carry the running costs and the benefits. A year-``t`` amount
  is discounted by ``D(t) = 1 ÷ (1 + r)^t`` (HM Treasury Green Book
  convention: costs and benefits at the end of each year, year 0 = today).
* Costs: ``C(0) = set-up × (1 + OBc)``; ``C(t) = (running + cost per family ×
  families a year) × (1 + OBc)`` for ``t ≥ 1``, where ``OBc`` is optimism
  bias on costs (an uplift).
* Outcomes: outcome ``k`` is achieved ``n_k × ramp(t)`` times in year ``t``
  (``ramp(t)`` is the ramp-up share of year ``t``, 100 % when not given).
  Each one saves ``v_k`` a year for ``p_k`` years from the year it is
  achieved (cut at ``T``), so ``B_k(t) = v_k × A × Σ n_k × ramp(c)`` over
  the years ``c`` with ``t − p_k < c ≤ t``, where the adjustment
  ``A = (1 − deadweight) × attribution × (1 − OBb)`` removes what would have
  happened anyway, keeps only the share the service can claim, and reduces
  benefits for optimism bias ``OBb``.
* Net ``N(t) = B(t) − C(t)``; net present value ``NPV = Σ D(t) × N(t)``;
  benefit–cost ratio ``BCR = Σ D(t) B(t) ÷ Σ D(t) C(t)``; return on
  investment ``ROI = NPV ÷ Σ D(t) C(t)`` as a percentage.
* Payback: the first month at which cumulative net benefit reaches zero,
  with each year's flows spread evenly over its 12 months (year 0's at
  month 0); "not within the appraisal" when it never does. The discounted
  payback uses the discounted flows.

Figures: the presets' inputs come from ``data/preset_inputs.csv`` (unit
costs from ``data/unit_costs.csv``; the discount rate from the Green Book
as recorded there). No figure is written into this package.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .._sums import total
from ..units import MONTHS_PER_YEAR

__all__ = ["BODIES", "BODY_LABELS", "VALUE_TYPES", "VALUE_LABELS", "Outcome", "InvestToSaveInput", "YearFlows", "InvestToSaveResult", "discount_factor", "payback_months", "calculate"]

#: Who pays or saves: the bodies the GMCA model lists, as choices.
BODIES = ("council-childrens-services", "council-other", "nhs", "education", "police", "family", "other")
BODY_LABELS = {
    "council-childrens-services": "Council children's services",
    "council-other": "Council, other services",
    "nhs": "NHS",
    "education": "Education",
    "police": "Police and justice",
    "family": "The family",
    "other": "Other",
}
#: Kinds of value (GMCA model): fiscal (cashable or not), economic, social.
VALUE_TYPES = ("fiscal-cashable", "fiscal-non-cashable", "economic", "social")
VALUE_LABELS = {
    "fiscal-cashable": "Fiscal, cashable",
    "fiscal-non-cashable": "Fiscal, non-cashable",
    "economic": "Economic",
    "social": "Social",
}


@dataclass(frozen=True)
class Outcome:
    """One outcome the service achieves: how many a year, what each saves a year (£), for how many years, who saves and what kind of value."""

    label: str
    count_per_year: float
    value: float
    persistence_years: int
    beneficiary: str
    value_type: str


@dataclass(frozen=True)
class InvestToSaveInput:
    """The service's costs and outcomes and the appraisal's terms (see :mod:`calculators.invest_to_save.spec` for each field's meaning)."""

    setup_cost: float
    running_cost_per_year: float
    cost_per_family: float
    families_per_year: float
    funder: str
    outcomes: tuple[Outcome, ...]
    years: int
    discount_rate_pct: float = 3.5
    deadweight_pct: float = 0.0
    attribution_pct: float = 100.0
    optimism_bias_costs_pct: float = 0.0
    optimism_bias_benefits_pct: float = 0.0
    ramp_up_pct_by_year: tuple[float, ...] = ()
    title: str = ""
    notes: str = ""

    def ramp(self, year: int) -> float:
        """Share of a full year's outcomes achieved in ``year`` (1-based)."""
        return self.ramp_up_pct_by_year[year - 1] / 100 if year <= len(self.ramp_up_pct_by_year) else 1.0

    @property
    def benefit_adjustment(self) -> float:
        """``(1 − deadweight) × attribution × (1 − optimism bias on benefits)``."""
        return (1 - self.deadweight_pct / 100) * (self.attribution_pct / 100) * (1 - self.optimism_bias_benefits_pct / 100)


@dataclass(frozen=True)
class YearFlows:
    """One year of the appraisal (year 0 = the start)."""

    year: int
    costs: float
    benefits_by_outcome: tuple[float, ...]
    discount_factor: float
    cumulative_net: float
    cumulative_discounted_net: float

    @property
    def benefits(self) -> float:
        return total(self.benefits_by_outcome)

    @property
    def net(self) -> float:
        return self.benefits - self.costs

    @property
    def discounted_costs(self) -> float:
        return self.costs * self.discount_factor

    @property
    def discounted_benefits(self) -> float:
        return self.benefits * self.discount_factor

    @property
    def discounted_net(self) -> float:
        return self.net * self.discount_factor


@dataclass(frozen=True)
class InvestToSaveResult:
    input: InvestToSaveInput
    years: tuple[YearFlows, ...]
    payback_months: float | None
    discounted_payback_months: float | None

    def total(self, attribute: str) -> float:
        return total(getattr(y, attribute) for y in self.years)

    @property
    def npv(self) -> float:
        return self.total("discounted_net")

    @property
    def bcr(self) -> float | None:
        costs = self.total("discounted_costs")
        return self.total("discounted_benefits") / costs if costs else None

    @property
    def roi_pct(self) -> float | None:
        costs = self.total("discounted_costs")
        return 100 * self.npv / costs if costs else None

    def benefits_where(self, keep: Any, discounted: bool) -> float:
        """Benefits of the outcomes for which ``keep(outcome)`` is true, summed over the years."""
        chosen = [i for i, o in enumerate(self.input.outcomes) if keep(o)]
        return total(total(y.benefits_by_outcome[i] for i in chosen) * (y.discount_factor if discounted else 1) for y in self.years)


# --------------------------------------------------------------------------
# Formulas
# --------------------------------------------------------------------------


def discount_factor(rate_pct: float, year: int) -> float:
    """The Green Book discount factor for year ``year`` (year 0 is not discounted).

    Parameters
    ----------
    rate_pct : float
        The discount rate ``r`` a year, in per cent (the Green Book's 3.5 % for the first 30 years).
    year : int
        Years from today, ``t`` (0 = today).

    Returns
    -------
    float
        ``D(t)``, what £1 in year ``t`` is worth today.

    Notes
    -----
    ``D(t) = 1 ÷ (1 + r/100)^t``, with amounts at the end of each year (HM Treasury, The Green Book, its discounting annex).

    Examples
    --------
    At 3.5 %, year 2: 1.035² = 1.071225 and 1 ÷ 1.071225 = 0.93351:

    >>> round(discount_factor(3.5, 2), 4)
    0.9335
    >>> discount_factor(3.5, 0)
    1.0
    """
    return 1 / (1 + rate_pct / 100) ** year


def payback_months(net_by_year: list[float]) -> float | None:
    """First month at which the running total of ``net_by_year`` (year 0 first) is back to zero after going below it.

    Parameters
    ----------
    net_by_year : list of float
        Net benefit (benefits − costs) of each year, year 0 (the set-up) first;
        discounted amounts give the discounted payback.

    Returns
    -------
    float or None
        The payback month; ``0`` if the running total never goes below zero;
        ``None`` if it is still below zero at the end of the appraisal.

    Notes
    -----
    Year 0's amount falls at month 0; year ``t``'s is spread evenly over
    months ``12(t−1)`` to ``12t``, so the running total moves in a straight
    line within each year. With running totals ``P(t−1) < 0 ≤ P(t)`` the payback month is::

        12 × (t − 1 + (−P(t−1)) ÷ (P(t) − P(t−1)))

    Examples
    --------
    −100 at the start, then +50 a year: running totals −100, −50, 0, so the
    total reaches zero at the end of year 2 (month 24). With −10 in year 1 and
    +40 in year 2 the totals are 0, −10, 30: a quarter of the way through
    year 2, month 12 + 3 = 15:

    >>> payback_months([-100, 50, 50, 50])
    24.0
    >>> payback_months([0, -10, 40])
    15.0
    >>> payback_months([-100, 40]) is None
    True
    >>> payback_months([0, 10, 10])
    0.0
    """
    points = [net_by_year[0]]
    for amount in net_by_year[1:]:
        points.append(points[-1] + amount)
    if min(points) >= 0:
        return 0.0
    first_negative = next(i for i, total in enumerate(points) if total < 0)
    for year in range(first_negative + 1, len(points)):
        before, after = points[year - 1], points[year]
        if after >= 0:
            return MONTHS_PER_YEAR * (year - 1 + (-before) / (after - before))
    return None


def calculate(inp: InvestToSaveInput) -> InvestToSaveResult:
    """Costs, benefits, discounting and payback year by year.

    Parameters
    ----------
    inp : InvestToSaveInput
        The service's costs, its outcomes (how many a year, what each saves,
        for how many years, who saves), and the appraisal (years, discount
        rate, deadweight, attribution, optimism bias, ramp-up).

    Returns
    -------
    InvestToSaveResult
        One :class:`YearFlows` per year 0 … T, with the payback month undiscounted and discounted.

    Notes
    -----
    With ``OBc`` the optimism bias on costs and ``A`` the benefit adjustment
    (:attr:`InvestToSaveInput.benefit_adjustment`)::

        C(0) = set-up × (1 + OBc)
        C(t) = (running + cost per family × families a year) × (1 + OBc)
        B_k(t) = v_k × A × Σ n_k × ramp(c)   over years c with t − p_k < c ≤ t
        NPV = Σ D(t) × (B(t) − C(t))

    Examples
    --------
    A £100,000 set-up and £50,000 a year, with 2 outcomes a year that each
    save £60,000 in their year, over 2 years undiscounted: net −100,000,
    +70,000, +70,000, so NPV £40,000; the running total −30,000 at month 12
    reaches 0 after 30,000 ÷ 70,000 of year 2, at month 12 + 12 × 3/7 = 17.14:

    >>> inp = InvestToSaveInput(100_000, 50_000, 0, 0, "council-childrens-services",
    ...     (Outcome("Step-down", 2, 60_000, 1, "council-childrens-services", "fiscal-cashable"),), years=2, discount_rate_pct=0)
    >>> result = calculate(inp)
    >>> [y.net for y in result.years], result.npv, round(result.payback_months, 2)
    ([-100000.0, 70000.0, 70000.0], 40000.0, 17.14)
    """
    uplift = 1 + inp.optimism_bias_costs_pct / 100
    adjust = inp.benefit_adjustment
    years: list[YearFlows] = []
    cumulative = cumulative_discounted = 0.0
    for year in range(inp.years + 1):
        costs = uplift * (inp.setup_cost if year == 0 else inp.running_cost_per_year + inp.cost_per_family * inp.families_per_year)
        benefits = tuple(
            0.0 if year == 0 else o.value * adjust * total(o.count_per_year * inp.ramp(c) for c in range(max(1, year - o.persistence_years + 1), year + 1))
            for o in inp.outcomes
        )
        factor = discount_factor(inp.discount_rate_pct, year)
        cumulative += total(benefits) - costs
        cumulative_discounted += (total(benefits) - costs) * factor
        years.append(YearFlows(year, costs, benefits, factor, cumulative, cumulative_discounted))
    return InvestToSaveResult(
        input=inp,
        years=tuple(years),
        payback_months=payback_months([y.net for y in years]),
        discounted_payback_months=payback_months([y.discounted_net for y in years]),
    )
