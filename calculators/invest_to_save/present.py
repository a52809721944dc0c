"""Invest to save's result as the page, the command line and the business case show it: tables, headline figures, chart, form layout and the service pages' link."""

from __future__ import annotations

from typing import Any

from .._sums import total
from ..presentation import Chart, Form, Presentation, Section, ServiceLink
from ..tables import MONEY, PERCENT, Column, Table, headline, render, round_value
from .model import BODIES, BODY_LABELS, VALUE_LABELS, VALUE_TYPES, InvestToSaveResult

__all__ = ["PRESENTATION", "present", "summarise", "case_lines", "for_service"]

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
    Column("who_saves", "Who saves", get=lambda row: BODY_LABELS[row[0].beneficiary]),
    Column("value_type", "Kind of value", get=lambda row: VALUE_LABELS[row[0].value_type]),
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


def summarise(result: InvestToSaveResult) -> list[dict[str, Any]]:
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


def present(result: InvestToSaveResult) -> dict[str, Any]:
    """Plain-JSON result: the figures, the ``tables`` and the headline ``summary``."""
    inp = result.input
    kinds = [(VALUE_LABELS[k], result.benefits_where(lambda o, k=k: o.value_type == k, False), result.benefits_where(lambda o, k=k: o.value_type == k, True)) for k in VALUE_TYPES]
    costs = result.total("discounted_costs")
    bodies = [
        (BODY_LABELS[b], costs if b == inp.funder else 0.0, result.benefits_where(lambda o, b=b: o.beneficiary == b, True))
        for b in BODIES
        if b == inp.funder or any(o.beneficiary == b for o in inp.outcomes)
    ]
    outcomes = [
        (o, total(y.benefits_by_outcome[i] for y in result.years), total(y.benefits_by_outcome[i] * y.discount_factor for y in result.years))
        for i, o in enumerate(inp.outcomes)
    ]
    by_year = render(_BY_YEAR, result.years)
    summary = summarise(result)
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
    from .. import origins

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


def _only(rows: list[dict[str, Any]], key: str, amount: str) -> tuple[str | None, str]:
    """The one row's ``key`` when a single row has a non-zero ``amount`` (else None) and a note naming them all."""
    named = [row[key] for row in rows if row[amount]]
    return (named[0] if len(named) == 1 else None), ("" if len(named) < 2 else "Split between " + "; ".join(named) + ".")


def case_lines(result: dict[str, Any]) -> dict[str, Any]:
    """What an invest-to-save scenario adds to a business case (see calculators._contribution).

    The set-up cost (year 0) is one-off and the running costs recur; the
    calculator does not say whether either is capital or revenue. Benefits
    are cashable or not, and who pays and who saves, where every benefit (or
    cost) is of one kind or one body; when they are split, the line says so.
    """
    from .. import _contribution as c

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
