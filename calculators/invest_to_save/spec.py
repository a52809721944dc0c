"""Invest to save's input specification (the single source of limits for validation and the form), its cross-field checks and the typed input."""

from __future__ import annotations

from typing import Any

from .. import _data
from .._spec import Errors, Field, ListOf, Obj
from .model import BODIES, BODY_LABELS, VALUE_LABELS, VALUE_TYPES, InvestToSaveInput, Outcome

__all__ = ["SPEC", "check", "build"]

_MAX_YEARS = 10


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
                Field("funder", "Who pays", "choice", "The body that pays for the service.", choices=BODIES, default="council-childrens-services", choice_labels=tuple(BODY_LABELS.items())),
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
                    Field("beneficiary", "Who saves", "choice", "The body whose spending falls (or who gains).", choices=BODIES, default="council-childrens-services", choice_labels=tuple(BODY_LABELS.items())),
                    Field("value_type", "Kind of value", "choice", "Fiscal cashable: budgets can actually be cut; fiscal non-cashable: capacity freed but not cash; economic: gains to the wider economy; social: gains to people's wellbeing.", choices=VALUE_TYPES, default="fiscal-cashable", choice_labels=tuple(VALUE_LABELS.items())),
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


def check(data: dict[str, Any], errors: Errors) -> None:
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


def build(data: dict[str, Any]) -> InvestToSaveInput:
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
