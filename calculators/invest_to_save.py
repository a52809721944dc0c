"""Invest-to-save calculator: cost-benefit with discounting, payback, and who pays and who saves.

What it answers: if a council invests in a service (a set-up cost, then a
running cost each year), and the service achieves outcomes that each avoid a
cost (an entry to care avoided, a residential placement stepped down), is the
investment worth it over the appraisal, when does it pay back, and which
bodies gain? The layout follows the cost-benefit model that HM Treasury
published with New Economy (GMCA) in 2014, "Supporting public service
transformation: cost benefit analysis guidance for local partnerships":
fiscal (cashable or not), economic and social value; who pays and who
benefits; deadweight, attribution and optimism bias; a ramp-up of outcomes.

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
as recorded there). No figure is written into this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import _data
from ._spec import Errors, Field, ListOf, Obj
from ._sums import total
from .presentation import Chart, Form, Presentation, Section, ServiceLink
from .registry import Calculator, KeyFigure
from .tables import MONEY, PERCENT, Column, Table, headline, render, round_value
from .units import MONTHS_PER_YEAR

__all__ = ["BODIES", "VALUE_TYPES", "Outcome", "InvestToSaveInput", "YearFlows", "InvestToSaveResult", "SPEC", "calculate", "payback_months", "CALCULATOR"]

_MAX_YEARS = 10

#: Who pays or saves: the bodies the GMCA model lists, as choices.
BODIES = ("council-childrens-services", "council-other", "nhs", "education", "police", "family", "other")
_BODY_LABELS = {
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
_VALUE_LABELS = {
    "fiscal-cashable": "Fiscal, cashable",
    "fiscal-non-cashable": "Fiscal, non-cashable",
    "economic": "Economic",
    "social": "Social",
}

SPEC = Obj(
    key="",
    label="Invest-to-save input",
    help="An intervention's costs, the outcomes it achieves and the value of each, and the appraisal's adjustments.",
    fields=(
        Field("title", "Title", "string", "A short name for this business case.", required=False, default=""),
        Field("notes", "Notes", "string", "Where the figures come from and what is assumed.", required=False, default="", max_length=4000),
        Obj(
            "intervention",
            "The intervention",
            "What the service costs and how many it serves.",
            (
                Field("setup_cost", "Set-up cost", "number", "One-off cost before the service starts (year 0): recruitment, training, licences, premises.", unit="£", minimum=0, maximum=1_000_000_000, default=0),
                Field("running_cost_per_year", "Running cost a year", "number", "Cost of running the service for a full year (staff, supervision, overheads).", unit="£", minimum=0, maximum=1_000_000_000, default=0),
                Field("cost_per_family", "Cost per family", "number", "Optional cost for each family served (e.g. direct costs), on top of the running cost.", unit="£", minimum=0, maximum=10_000_000, default=0),
                Field("families_per_year", "Families served a year", "number", "Families (or children) the service works with in a year; the service capacity calculator works this out from a team's size.", unit="families a year", minimum=0, maximum=1_000_000, default=0),
                Field("funder", "Who pays", "choice", "The body that pays for the service.", choices=BODIES, default="council-childrens-services", choice_labels=tuple(_BODY_LABELS.items())),
            ),
        ),
        ListOf(
            "outcomes",
            "Outcomes",
            "each result the service achieves that avoids a cost, with how many a year and what each saves.",
            Obj(
                "outcome",
                "Outcome",
                "One kind of outcome.",
                (
                    Field("label", "What is achieved", "string", "E.g. 'an entry to residential care avoided'.", max_length=120),
                    Field("count_per_year", "How many a year", "number", "Outcomes achieved in a full year once the service is running.", unit="a year", minimum=0, maximum=1_000_000),
                    Field("unit_cost", "Unit cost from the data", "choice", "Pick the cost each outcome avoids from the site's unit costs (data/unit_costs.csv, each with its source and year), as £ per child per year; or leave it empty and type the saving below.", choices_provider=lambda: ("",) + _data.per_child_unit_costs(), required=False, default="", max_length=60),
                    Field("value", "Saving per outcome a year", "number", "The cost each outcome avoids, per year it lasts (e.g. the yearly cost of the placement avoided), if no unit cost is picked above.", unit="£", minimum=0, maximum=100_000_000, required=False),
                    Field("persistence_years", "Years the saving lasts", "integer", "For how many years each outcome keeps saving, from the year it is achieved.", unit="years", minimum=1, maximum=_MAX_YEARS, default=1),
                    Field("beneficiary", "Who saves", "choice", "The body whose spending falls (or who gains).", choices=BODIES, default="council-childrens-services", choice_labels=tuple(_BODY_LABELS.items())),
                    Field("value_type", "Kind of value", "choice", "Fiscal cashable: budgets can actually be cut; fiscal non-cashable: capacity freed but not cash; economic: gains to the wider economy; social: gains to people's wellbeing.", choices=VALUE_TYPES, default="fiscal-cashable", choice_labels=tuple(_VALUE_LABELS.items())),
                ),
            ),
            min_items=1,
            max_items=20,
            required=True,
            item_label="label",
        ),
        Obj(
            "appraisal",
            "Appraisal",
            "The period, the discount rate and the adjustments.",
            (
                Field("years", "Years of the appraisal", "integer", "How many years of running the service to count (1 to 10).", unit="years", minimum=1, maximum=_MAX_YEARS, default=5),
                Field("discount_rate_pct", "Discount rate", "number", "How much less a pound next year is worth than today; HM Treasury's Green Book uses 3.5 % a year.", unit="% a year", minimum=0, maximum=20, default=3.5),
                Field("deadweight_pct", "Deadweight", "number", "Share of the outcomes that would have happened anyway, without the service.", unit="%", minimum=0, maximum=100, default=0),
                Field("attribution_pct", "Attribution", "number", "Share of the remaining outcomes that this service (rather than others working with the family) can claim.", unit="%", minimum=0, maximum=100, default=100),
                Field("optimism_bias_costs_pct", "Optimism bias on costs", "number", "Uplift to costs, because appraisals tend to underestimate them.", unit="%", minimum=0, maximum=200, default=0),
                Field("optimism_bias_benefits_pct", "Optimism bias on benefits", "number", "Reduction of benefits, because appraisals tend to overestimate them.", unit="%", minimum=0, maximum=100, default=0),
                ListOf(
                    "ramp_up_pct_by_year",
                    "Ramp-up by year",
                    "share of a full year's outcomes achieved in each year while the service builds up (year 1 first); missing years are 100 %.",
                    Field("ramp_up_pct", "Ramp-up", "number", "Share of a full year's outcomes in the year.", unit="%", minimum=0, maximum=100),
                    max_items=_MAX_YEARS,
                ),
            ),
            required=False,
        ),
    ),
)


# --------------------------------------------------------------------------
# Typed inputs and results
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    label: str
    count_per_year: float
    value: float
    persistence_years: int
    beneficiary: str
    value_type: str


@dataclass(frozen=True)
class InvestToSaveInput:
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
    """The Green Book discount factor ``D(t) = 1 ÷ (1 + r)^t`` for year ``year`` (year 0 is not discounted).

    >>> round(discount_factor(3.5, 2), 4)
    0.9335
    """
    return 1 / (1 + rate_pct / 100) ** year


def payback_months(net_by_year: list[float]) -> float | None:
    """First month at which the running total of ``net_by_year`` (year 0 first) is back to zero after going below it.

    Year 0's amount falls at month 0; year ``t``'s is spread evenly over
    months ``12(t−1)`` to ``12t``, so the running total moves in a straight
    line within each year. ``0`` if it never goes below zero; ``None`` if it
    is still below zero at the end.

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
    """Costs, benefits, discounting and payback year by year (see the module docstring)."""
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


# --------------------------------------------------------------------------
# JSON adapters (the registry's check, build and present)
# --------------------------------------------------------------------------


def _check(data: dict[str, Any], errors: Errors) -> None:
    """Cross-field rules: the ramp-up and the savings' life fit in the appraisal."""
    appraisal = data.get("appraisal") or {}
    years = appraisal.get("years")
    if not isinstance(years, int):
        return
    ramp = appraisal.get("ramp_up_pct_by_year") or []
    if len(ramp) > years:
        errors.add(("appraisal", "ramp_up_pct_by_year"), f"Ramp-up by year has {len(ramp)} years but the appraisal has {years}; give at most {years} shares.")
    for i, outcome in enumerate(data.get("outcomes") or []):
        if not isinstance(outcome, dict):
            continue
        picked, typed = outcome.get("unit_cost"), outcome.get("value")
        if picked and typed is not None:
            errors.add(("outcomes", i, "value"), f"Saving per outcome is typed ({typed:,}) and a unit cost is picked ({picked!r}); keep one: clear the typed saving to use the unit cost, or set the unit cost back to none.")
        elif not picked and typed is None and "unit_cost" in outcome:
            errors.add(("outcomes", i, "value"), "Saving per outcome is missing; type the cost each outcome avoids a year, or pick a unit cost.")
    intervention = data.get("intervention") or {}
    if intervention.get("cost_per_family") and not intervention.get("families_per_year"):
        errors.add(("intervention", "families_per_year"), "Cost per family is given but no families are served; give the families served a year, or set the cost per family to 0.")


def _saving(outcome: dict[str, Any]) -> float:
    """The typed saving, or the picked unit cost as £ per child per year."""
    if outcome.get("unit_cost"):
        return float(_data.unit_costs()[outcome["unit_cost"]].annual_per_child() or 0.0)
    return float(outcome["value"])


def _from_dict(data: dict[str, Any]) -> InvestToSaveInput:
    """Typed input from a validated, normalised dict."""
    i, a = data["intervention"], data["appraisal"]
    return InvestToSaveInput(
        setup_cost=float(i["setup_cost"]),
        running_cost_per_year=float(i["running_cost_per_year"]),
        cost_per_family=float(i["cost_per_family"]),
        families_per_year=float(i["families_per_year"]),
        funder=i["funder"],
        outcomes=tuple(
            Outcome(o["label"], float(o["count_per_year"]), _saving(o), o["persistence_years"], o["beneficiary"], o["value_type"])
            for o in data["outcomes"]
        ),
        years=a["years"],
        discount_rate_pct=float(a["discount_rate_pct"]),
        deadweight_pct=float(a["deadweight_pct"]),
        attribution_pct=float(a["attribution_pct"]),
        optimism_bias_costs_pct=float(a["optimism_bias_costs_pct"]),
        optimism_bias_benefits_pct=float(a["optimism_bias_benefits_pct"]),
        ramp_up_pct_by_year=tuple(float(r) for r in a["ramp_up_pct_by_year"]),
        title=data["title"],
        notes=data["notes"],
    )


# Result layout -------------------------------------------------------------

_BY_YEAR = Table("by_year", "Costs and benefits by year (year 0 = set-up)", (
    Column("year", "Year"),
    Column("costs", "Costs", MONEY),
    Column("benefits", "Benefits", MONEY),
    Column("net", "Net benefit", MONEY),
    Column("discount_factor", "Discount factor", "factor", places=4),
    Column("discounted_costs", "Costs, discounted", MONEY),
    Column("discounted_benefits", "Benefits, discounted", MONEY),
    Column("discounted_net", "Net benefit, discounted", MONEY),
    Column("cumulative_net", "Cumulative net benefit", MONEY),
    Column("cumulative_discounted_net", "Cumulative net benefit, discounted", MONEY),
))

_BY_KIND = Table("by_value_type", "Benefits by kind of value (all years)", (
    Column("value_type", "Kind of value", get=lambda row: row[0]),
    Column("benefits", "Benefits", MONEY, lambda row: row[1]),
    Column("discounted_benefits", "Benefits, discounted", MONEY, lambda row: row[2]),
))

_BY_BODY = Table("by_body", "Who pays and who saves (all years, discounted)", (
    Column("body", "Body", get=lambda row: row[0]),
    Column("pays", "Pays (costs)", MONEY, lambda row: row[1]),
    Column("saves", "Saves or gains (benefits)", MONEY, lambda row: row[2]),
    Column("net", "Net", MONEY, lambda row: row[2] - row[1]),
))

_BY_OUTCOME = Table("by_outcome", "Benefits by outcome (all years, after adjustments)", (
    Column("outcome", "Outcome", get=lambda row: row[0].label),
    Column("who_saves", "Who saves", get=lambda row: _BODY_LABELS[row[0].beneficiary]),
    Column("value_type", "Kind of value", get=lambda row: _VALUE_LABELS[row[0].value_type]),
    Column("benefits", "Benefits", MONEY, lambda row: row[1]),
    Column("discounted_benefits", "Benefits, discounted", MONEY, lambda row: row[2]),
))

_NOT_WITHIN = "not within the appraisal"


def _payback(key: str, label: str, months: float | None) -> dict[str, Any]:
    item = headline(key, label, months, "months")
    if months is None:
        item["text"] = _NOT_WITHIN
    elif months == 0:
        # No set-up cost, and each year's benefits cover its costs: nothing is ever waiting to be paid back.
        item["text"] = "from the start: with no set-up cost, benefits cover costs year by year"
    return item


def _summary(result: InvestToSaveResult) -> list[dict[str, Any]]:
    t = result.input.years
    fiscal = result.benefits_where(lambda o: o.value_type.startswith("fiscal"), True)
    cashable = result.benefits_where(lambda o: o.value_type == "fiscal-cashable", True)
    costs = result.total("discounted_costs")
    return [
        headline("npv", f"Net present value over {t} year{'s' if t > 1 else ''}", result.npv, MONEY),
        headline("bcr", "Benefit–cost ratio (discounted)", result.bcr, "to 1"),
        headline("roi_pct", "Return on investment (discounted)", result.roi_pct, PERCENT),
        _payback("payback_months", "Payback period", result.payback_months),
        _payback("discounted_payback_months", "Payback period, discounted", result.discounted_payback_months),
        headline("total_costs", "Costs, undiscounted", result.total("costs"), MONEY),
        headline("total_benefits", "Benefits, undiscounted", result.total("benefits"), MONEY),
        headline("total_discounted_costs", "Costs, discounted", costs, MONEY),
        headline("total_discounted_benefits", "Benefits, discounted", result.total("discounted_benefits"), MONEY),
        headline("fiscal_bcr", "Fiscal benefit–cost ratio (discounted)", fiscal / costs if costs else None, "to 1"),
        headline("cashable_bcr", "Cashable benefit–cost ratio (discounted)", cashable / costs if costs else None, "to 1"),
    ]


def _to_json(result: InvestToSaveResult) -> dict[str, Any]:
    """Plain-JSON result: the figures, the ``tables`` and the headline ``summary``."""
    inp = result.input
    kinds = [(_VALUE_LABELS[k], result.benefits_where(lambda o, k=k: o.value_type == k, False), result.benefits_where(lambda o, k=k: o.value_type == k, True)) for k in VALUE_TYPES]
    costs = result.total("discounted_costs")
    bodies = [
        (_BODY_LABELS[b], costs if b == inp.funder else 0.0, result.benefits_where(lambda o, b=b: o.beneficiary == b, True))
        for b in BODIES
        if b == inp.funder or any(o.beneficiary == b for o in inp.outcomes)
    ]
    outcomes = [
        (o, total(y.benefits_by_outcome[i] for y in result.years), total(y.benefits_by_outcome[i] * y.discount_factor for y in result.years))
        for i, o in enumerate(inp.outcomes)
    ]
    by_year = render(_BY_YEAR, result.years)
    summary = _summary(result)
    return {
        "title": inp.title,
        "notes": inp.notes,
        "rounding": "Money is rounded to whole pounds; ratios and months to 2 decimal places, discount factors to 4; percentages to 2 decimal places (1 on screen).",
        "years": by_year["rows"],
        "npv": round_value(result.npv, MONEY),
        "bcr": round_value(result.bcr, "to 1"),
        "roi_pct": round_value(result.roi_pct, PERCENT),
        "payback_months": round_value(result.payback_months, "months"),
        "discounted_payback_months": round_value(result.discounted_payback_months, "months"),
        "tables": [by_year, render(_BY_KIND, kinds), render(_BY_BODY, bodies), render(_BY_OUTCOME, outcomes)],
        "summary": summary,
    }


def for_service(title: str, capacity: str, cost: str) -> dict[str, Any]:
    """A business case for a service with no preset: its name and what the documents say (``capacity``, ``cost``), every figure to enter.

    Nothing comes from any preset (another council's case): no ranges, no
    price years, no figures. The discount rate is the national default,
    recorded as such (:mod:`calculators.origins`).
    """
    from . import origins

    rate = next(d for d in origins.national_defaults("invest-to-save") if d["field"] == "appraisal.discount_rate_pct")
    said = [f"Capacity: {capacity}" if capacity else "", f"Cost: {cost}" if cost else ""]
    return {
        "title": f"Business case: {title}",
        "notes": (
            f"Started from the service page '{title}'. What the documents say. " + " ".join(s for s in said if s)
            + " Enter the service's own costs, the outcomes it achieves and what each saves: every figure starts at zero."
        )[:4000],
        "intervention": {"setup_cost": 0, "running_cost_per_year": 0, "cost_per_family": 0, "families_per_year": 0},
        "outcomes": [{"label": f"Outcome of {title} (describe it)"[:120], "count_per_year": 0, "value": 0}],
        "appraisal": {"discount_rate_pct": rate["value"]},
        "origin": {"start": "council", "fields": {"appraisal.discount_rate_pct": {
            "kind": "national", "value": rate["value"], "source": rate["source"], "year": rate["year"], "note": rate["note"]}}},
    }


# How the page shows it: the form's layout, the headline figures and the chart
# (calculators.presentation; checked against the spec and the results).
PRESENTATION = Presentation(
    form=Form(
        main=("intervention", "outcomes"),
        main_title="What does the service cost, and what does it achieve?",
        headline=("npv", "bcr", "payback_months"),
        sections=(
            Section("Appraisal: years, discounting and adjustments", ("appraisal",)),
            Section("Price years and uncertain inputs: what drives the result", ("prices", "uncertainty")),
            Section("Scenario title and notes (printed and exported)", ("title", "notes")),
        ),
    ),
    chart=Chart(
        table="by_year",
        x="year",
        series=("cumulative_net", "cumulative_discounted_net"),
        title="Cumulative net benefit by year, undiscounted and discounted (£)",
        x_title="Year of the appraisal",
        y_title="£, cumulative",
        type="line",
    ),
    service_link=ServiceLink(
        label="Open the invest-to-save calculator",
        preset_note="starts from the worked preset for this service; its costs and outcomes are illustrative",
        from_service=for_service,
        service_note="starts with this service's name, capacity and cost as the documents give them; you enter the figures",
    ),
)


#: This calculator, as the registry (calculators.registry) knows it.
def _only(rows: list[dict[str, Any]], key: str, amount: str) -> tuple[str | None, str]:
    """The one row's ``key`` when a single row has a non-zero ``amount`` (else None) and a note naming them all."""
    named = [row[key] for row in rows if row[amount]]
    return (named[0] if len(named) == 1 else None), ("" if len(named) < 2 else "Split between " + "; ".join(named) + ".")


def _case_lines(result: dict[str, Any]) -> dict[str, Any]:
    """What an invest-to-save scenario adds to a business case (see calculators._contribution).

    The set-up cost (year 0) is one-off and the running costs recur; the
    calculator does not say whether either is capital or revenue. Benefits
    are cashable or not, and who pays and who saves, where every benefit (or
    cost) is of one kind or one body; when they are split, the line says so.
    """
    from . import _contribution as c

    rows = c.table(result, "by_year")["rows"]
    where = "Invest to save calculator, “Costs and benefits by year”"
    payer, pay_note = _only(c.table(result, "by_body")["rows"], "body", "pays")
    saver, save_note = _only(c.table(result, "by_body")["rows"], "body", "saves")
    kind, kind_note = _only(c.table(result, "by_value_type")["rows"], "value_type", "benefits")
    cashable = {"Fiscal, cashable": True}.get(kind, None if kind is None else False)
    money = [
        c.money("Set-up cost", "cost", f"{where}, costs in year 0", by_year=[(0, rows[0]["costs"])], timing="one-off", who=payer, note=pay_note),
        c.money("Running costs", "cost", f"{where}, costs from year 1", by_year=[(r["year"], r["costs"]) for r in rows[1:]], timing="recurring", who=payer, note=pay_note),
        c.money("Benefits" + (f" ({kind.lower()})" if kind else ""), "saving", f"{where}, benefits", by_year=[(r["year"], r["benefits"]) for r in rows],
                cashable=cashable, who=saver, note=" ".join(n for n in (save_note, kind_note and f"Kinds of value: {kind_note[len('Split between '):]}") if n)),
    ]
    factor = rows[1]["discount_factor"] if len(rows) > 1 else None
    figures = {key: result[key] for key in ("npv", "bcr", "payback_months", "discounted_payback_months")}
    # The rate is read back from year 1's factor (shown to 4 places): enough to say which rate the calculator used.
    figures["discount_rate_pct"] = round((1 / factor - 1) * 100, 2) if factor else None
    return {"money": money, "people": [], "figures": figures}


#: Where this calculator comes in the registry's list (the site's navigation and index).
CALCULATOR_ORDER = 30

CALCULATOR = Calculator(
    name="invest-to-save",
    title="Invest to save (cost-benefit, discounting and payback)",
    spec=SPEC,
    check=_check,
    build=_from_dict,
    calculate=calculate,
    present=_to_json,
    default_preset="flintshire-mst",
    key_figures=(KeyFigure("npv", "the investment no longer pays for itself (net present value below £0)", "the investment pays for itself (net present value above £0)"),),
    summarise=_summary,
    case_lines=_case_lines,
    presentation=PRESENTATION,
)
