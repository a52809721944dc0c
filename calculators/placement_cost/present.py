"""Placement cost's result as the page, the command line and the business case show it: tables, headline figures, chart and form layout."""

from __future__ import annotations

from typing import Any

from ..presentation import Chart, Form, Presentation, Section
from ..tables import MONEY, PERCENT, Column, Table, headline, render, round_value
from .model import WEEKS_PER_YEAR, PlacementCostResult

__all__ = ["PRESENTATION", "present", "summarise", "case_lines"]

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


def summarise(result: PlacementCostResult) -> list[dict[str, Any]]:
    """The headline figures alone (the summary of :func:`present`, without its tables)."""
    summary = _summary(result)
    planned = _planned(result)
    if planned is not None:
        summary.append(headline("planned_saving", f"{planned['label']} (year {planned['year']})", planned["planned"], MONEY))
        summary.append(headline("planned_saving_difference", "Modelled gross saving minus planned", planned["difference_central"], MONEY))
    return summary


def present(result: PlacementCostResult) -> dict[str, Any]:
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
    summary = summarise(result)
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


def case_lines(result: dict[str, Any]) -> dict[str, Any]:
    """What a placement-cost scenario adds to a business case (see calculators._contribution).

    Spend and its saving are stated by year; whether the placement budget is
    revenue or capital, and who holds it, the calculator is not told, so those stay "not given".
    """
    from .. import _contribution as c

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

