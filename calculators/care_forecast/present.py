"""The forecast's result as plain JSON: tables, headline figures and the link to invest to save."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from .. import _data
from ..presentation import Chart, Form, Presentation, Section
from ..tables import MONEY, Column, Table, headline, render, round_value
from . import model

__all__ = ["present", "summarise", "national_rates", "invest_to_save_input"]

_CHILDREN = "children"
_RATE = "per 10,000"
_ROUNDING = "Money is rounded to whole pounds; children and rates to 2 decimal places (whole children on screen where the figure is a count)."
_THOUSAND = 1000.0  # invest to save counts the saving in £1,000s
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


def _count(key: str, label: str, get: Any = None) -> Column:
    """A column of children, shown to the whole child (a forecast is not exact to a fraction of a child)."""
    return Column(key, label, _CHILDREN, get, 0)


def _whole(value: float) -> int:
    """A number of children for a headline figure, to the whole child (half away from zero)."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


@lru_cache(maxsize=None)
def national_rates() -> tuple[dict[str, str], ...]:
    """The latest published national rates, with their bases and sources (``data/national_rates.csv``)."""
    return _data._rows("national_rates.csv")


def year_name(inp: model.ForecastInput, year: int) -> str:
    """Year ``year`` of the forecast in words: "Now (31 March 2025)", "Year 1 (2025/26)", or "Year 1"."""
    april = inp.year_start_month == "april"
    if year == 0:
        if inp.first_year is None:
            return "Now"
        return f"Now ({'31 March' if april else '31 December'} {inp.first_year if april else inp.first_year - 1})"
    if inp.first_year is None:
        return f"Year {year}"
    start = inp.first_year + year - 1
    return f"Year {year} ({start}/{(start + 1) % 100:02d})" if april else f"Year {year} ({start})"


def month_name(inp: model.ForecastInput, month: int) -> str:
    """Month ``month`` of the forecast (1-based) in words."""
    year = (month - 1) // model.MONTHS + 1
    index = ((month - 1) % model.MONTHS + (3 if inp.year_start_month == "april" else 0)) % model.MONTHS
    if inp.first_year is None:
        return f"{_MONTH_NAMES[index]} of year {year}"
    calendar = inp.first_year + year - 1 + (1 if inp.year_start_month == "april" and index < 3 else 0)
    return f"{_MONTH_NAMES[index]} {calendar}"


def _type_table(table_id: str, title: str, inp: model.ForecastInput) -> Table:
    """Children at each year's end by placement type: one column per type (for the stacked chart) and the total."""
    columns = [Column("year", "Year", get=lambda y: year_name(inp, y.year))]
    columns += [_count(p.id, p.label, (lambda k: lambda y: y.by_type[k])(k)) for k, p in enumerate(inp.placements)]
    if len(inp.placements) > 1:
        columns.append(_count("total", "All placement types", lambda y: y.total))
    return Table(table_id, title, tuple(columns))


def _by_year(result: model.ForecastResult) -> tuple[Table, list[tuple[model.YearFigures, model.YearFigures]]]:
    rate = result.rate_per_10k
    inp = result.input
    table = Table("by_year", "Children looked after at each year's end, with the 80 % band, and the rate per 10,000 children", (
        Column("year", "Year", get=lambda r: year_name(inp, r[0].year)),
        _count("do_nothing", "Do nothing", lambda r: r[0].total),
        _count("do_nothing_low", "Do nothing, 80 % band low", lambda r: r[0].band_low),
        _count("do_nothing_high", "Do nothing, 80 % band high", lambda r: r[0].band_high),
        Column("do_nothing_rate", "Do nothing, per 10,000", _RATE, lambda r: rate(r[0].total), 1),
        _count("with_change", "With the change", lambda r: r[1].total),
        _count("with_change_low", "With the change, 80 % band low", lambda r: r[1].band_low),
        _count("with_change_high", "With the change, 80 % band high", lambda r: r[1].band_high),
        Column("with_change_rate", "With the change, per 10,000", _RATE, lambda r: rate(r[1].total), 1),
        _count("difference", "Change against doing nothing", lambda r: r[1].total - r[0].total),
    ))
    change = result.with_change or result.do_nothing
    return table, list(zip(result.do_nothing.years, change.years))


def _flows(result: model.ForecastResult) -> tuple[Table, list[tuple[model.YearFigures, model.YearFigures]]]:
    inp = result.input
    table = Table("flows", "Children starting and leaving care in each year (stock and flow)", (
        Column("year", "Year", get=lambda r: year_name(inp, r[0].year)),
        _count("starts", "Starting, do nothing", lambda r: r[0].starts),
        _count("leavers", "Leaving, do nothing", lambda r: r[0].leavers),
        _count("starts_with_change", "Starting, with the change", lambda r: r[1].starts),
        _count("leavers_with_change", "Leaving, with the change", lambda r: r[1].leavers),
    ))
    change = result.with_change or result.do_nothing
    return table, list(zip(result.do_nothing.years, change.years))[1:]


def _cost(result: model.ForecastResult) -> tuple[Table, list[tuple[model.YearFigures, model.YearFigures]]]:
    inp = result.input
    table = Table("cost_by_year", "Placement cost by year (from each type's average number of children in the year)", (
        Column("year", "Year", get=lambda r: year_name(inp, r[0].year)),
        _count("child_years_do_nothing", "Child-years, do nothing", lambda r: math.fsum(r[0].average_children)),
        _count("child_years_with_change", "Child-years, with the change", lambda r: math.fsum(r[1].average_children)),
        Column("cost_do_nothing", "Cost, do nothing", MONEY, lambda r: r[0].cost),
        Column("cost_with_change", "Cost, with the change", MONEY, lambda r: r[1].cost),
        Column("saving", "Saving against doing nothing", MONEY, lambda r: r[0].cost - r[1].cost),
        Column("saving_low", "Saving, low unit costs", MONEY, lambda r: r[0].cost_low - r[1].cost_low),
        Column("saving_high", "Saving, high unit costs", MONEY, lambda r: r[0].cost_high - r[1].cost_high),
    ))
    change = result.with_change or result.do_nothing
    return table, list(zip(result.do_nothing.years, change.years))[1:]


_PLACEMENTS = Table("placements", "Placement types: children now, first placements, leaving and cost", (
    Column("placement", "Placement type", get=lambda p: p.label),
    _count("children", "Children now"),
    Column("first_placement_share_pct", "Share of first placements", "%"),
    Column("leaving_pct", "Leaving care a year (% of children in the type)", "%", lambda p: 100 * p.exit_rate),
    Column("average_years", "Average time in care (years)", "years", lambda p: 1 / p.exit_rate),
    Column("given", "Given as", get=lambda p: "leaving rate (time in care worked out)" if p.exit_given_as == "rate" else "time in care (leaving rate worked out)"),
    Column("cost", "Cost per child a year", MONEY),
))

_STEADY = Table("steady_state", "Where the numbers settle: the steady state with the last year's starts and rates held", (
    Column("scenario", "Scenario", get=lambda r: r[0]),
    _count("children", "Children looked after", lambda r: r[1].steady_total),
    Column("rate", "Per 10,000 children", _RATE, lambda r: r[2], 1),
    Column("years_to_settle", "Years to get 90 % of the way there", "years", lambda r: None if r[1].months_to_settle is None else r[1].months_to_settle / model.MONTHS),
))

_NATIONAL = Table("national", "Rates of children looked after: this forecast and the nations (each on its own basis)", (
    Column("where", "Where"),
    _count("children", "Children looked after"),
    Column("rate", "Rate as published"),
    Column("per_10000", "Per 10,000 children", _RATE, None, 1),
    Column("as_at", "Counted on"),
    Column("basis", "Who is counted"),
    Column("source", "Source"),
))


def _national(result: model.ForecastResult) -> list[dict[str, Any]]:
    inp = result.input
    now = result.do_nothing.years[0].total
    rows = [{
        "where": "This forecast, now",
        "children": now,
        "rate": "not given (no child population)" if result.rate_per_10k(now) is None else f"{round_value(result.rate_per_10k(now), _RATE, 1):g} per 10,000",
        "per_10000": result.rate_per_10k(now),
        "as_at": year_name(inp, 0).removeprefix("Now (").removesuffix(")") if inp.first_year else "the start of the forecast",
        "basis": "The children in the placement types entered",
        "source": "The inputs of this forecast",
    }]
    for row in national_rates():
        per = int(row["per"])
        rows.append({
            "where": row["nation"],
            "children": int(row["children"]),
            "rate": f"{float(row['rate']):g} per {per:,}",
            "per_10000": float(row["rate"]) * 10_000 / per,
            "as_at": row["as_at"],
            "basis": row["basis"],
            "source": row["source"],
        })
    return rows


def _steady_rows(result: model.ForecastResult) -> list[tuple[str, model.Scenario, float]]:
    out = [("Do nothing", result.do_nothing, result.rate_per_10k(result.do_nothing.steady_total))]
    if result.with_change is not None:
        out.append(("With the change", result.with_change, result.rate_per_10k(result.with_change.steady_total)))
    return out


def _avoided(result: model.ForecastResult) -> list[tuple[float, float]]:
    """Each year's child-years and money avoided by the change (do nothing minus with the change)."""
    if result.with_change is None:
        return []
    return [
        (math.fsum(a.average_children) - math.fsum(b.average_children), a.cost - b.cost)
        for a, b in zip(result.do_nothing.years[1:], result.with_change.years[1:])
    ]


def invest_to_save_input(result: model.ForecastResult) -> dict[str, Any] | None:
    """The change's saving by year as invest to save's input, so the two calculators agree year by year.

    One outcome, "£1,000 of placement spend avoided", worth £1,000: its count
    a year is the largest yearly saving in thousands of pounds, and the
    ramp-up gives each year's saving as a share of that largest one. A
    saving in £1,000s rather than in children is what makes the two agree
    exactly: a step-down saves money without changing the number of
    children, and children avoided in different placement types are worth
    different amounts. ``None`` when the change saves nothing in some year
    (invest to save counts savings, not extra costs).
    """
    avoided = _avoided(result)
    if not avoided or any(m <= 0 for _, m in avoided):
        return None
    peak = max(m for _, m in avoided)
    inp = result.input
    title = f"Savings from the forecast{': ' + inp.title if inp.title else ''}"
    years = ", ".join(f"{year_name(inp, y)}: {_whole(n):,} child-years, £{_whole(m):,}" for y, (n, m) in enumerate(avoided, start=1))
    return {
        "title": title[:200],
        "notes": (
            "Outcomes from the care population forecast: the placement spend the change avoids each year, counted in "
            "thousands of pounds (the ramp-up carries each year's saving as a share of the largest). Child-years in care "
            f"and spend avoided by year: {years}. Add the service's costs under 'The intervention'."
        )[:4000],
        "intervention": {},
        "outcomes": [{
            "label": "£1,000 of placement spend avoided (from the forecast)",
            "count_per_year": round(peak / _THOUSAND, 6),
            "value": _THOUSAND,
            "persistence_years": 1,
        }],
        "appraisal": {
            "years": inp.horizon_years,
            "ramp_up_pct_by_year": [round(100 * m / peak, 6) for _, m in avoided],
        },
    }


def _open_in(result: model.ForecastResult) -> list[dict[str, Any]]:
    """Links to other calculators with this result as their input (checked by the other calculator's own rules)."""
    payload = invest_to_save_input(result)
    if payload is None:
        return []
    from .._engine import run_json  # imported when needed: the engine imports the calculators

    response = run_json("invest-to-save", payload, drivers=False)
    if not response.get("ok"):
        return []
    return [{
        "calculator": "invest-to-save",
        "label": "Open the savings in the invest-to-save calculator",
        "help": "The placement spend the change avoids each year becomes the benefits of an invest-to-save business case; add the service's costs there.",
        "input": payload,
    }]


def _invest_rows(result: model.ForecastResult) -> list[dict[str, Any]]:
    payload = invest_to_save_input(result)
    if payload is None:
        return []
    count = payload["outcomes"][0]["count_per_year"]
    return [
        {"year": year_name(result.input, y), "child_years": n, "saving": m, "as_counted": count * pct / 100 * _THOUSAND}
        for y, ((n, m), pct) in enumerate(zip(_avoided(result), payload["appraisal"]["ramp_up_pct_by_year"]), start=1)
    ]


_INVEST = Table("savings_for_invest_to_save", "The saving by year as sent to invest to save", (
    Column("year", "Year"),
    _count("child_years", "Child-years in care avoided"),
    Column("saving", "Saving against doing nothing", MONEY),
    Column("as_counted", "Saving as invest to save counts it", MONEY),
))


def summarise(result: model.ForecastResult) -> list[dict[str, Any]]:
    """The headline figures."""
    inp = result.input
    h = inp.horizon_years
    last, now = result.do_nothing.years[-1], result.do_nothing.years[0]
    change = result.with_change or result.do_nothing
    saving = math.fsum(a.cost - b.cost for a, b in zip(result.do_nothing.years[1:], change.years[1:]))
    # Without a change the "with the change" figures repeat doing nothing: say so where they are read.
    c = inp.change
    entered = c is not None and bool(c.starts_change_pct or c.stay_change_pct or any(m.children_per_year for m in c.extra_moves))
    none = "" if result.with_change is not None and entered else " (no change entered)"
    return [
        headline("children_now", "Children looked after now", _whole(now.total), _CHILDREN),
        headline("rate_now", "Now, per 10,000 children", result.rate_per_10k(now.total), _RATE),
        headline("do_nothing_final", f"Year {h}, doing nothing", _whole(last.total), _CHILDREN),
        headline("with_change_final", f"Year {h}, with the change{none}", _whole(change.years[-1].total), _CHILDREN),
        headline("difference_final", f"Year {h}: change against doing nothing{none}", _whole(change.years[-1].total - last.total), _CHILDREN),
        headline("do_nothing_final_low", f"Year {h}, doing nothing: 80 % band low", _whole(last.band_low), _CHILDREN),
        headline("do_nothing_final_high", f"Year {h}, doing nothing: 80 % band high", _whole(last.band_high), _CHILDREN),
        headline("rate_final", f"Year {h} with the change{none}, per 10,000 children", result.rate_per_10k(change.years[-1].total), _RATE),
        headline("total_saving", f"Saving over {h} year{'s' if h > 1 else ''} against doing nothing{none}", saving, MONEY),
        headline("steady_state", f"Steady state with the change{none}", _whole(change.steady_total), _CHILDREN),
    ]


def present(result: model.ForecastResult) -> dict[str, Any]:
    """Plain-JSON result: the figures, the ``tables`` and the headline ``summary``."""
    inp = result.input
    by_year_table, by_year_rows = _by_year(result)
    by_year = render(by_year_table, by_year_rows)
    tables = [
        by_year,
        render(_type_table("children_by_type", "Children by placement type at each year's end, doing nothing", inp), result.do_nothing.years),
    ]
    if result.with_change is not None:
        tables.append(render(_type_table("children_by_type_with_change", "Children by placement type at each year's end, with the change", inp), result.with_change.years))
    cost_table, cost_rows = _cost(result)
    tables.append(render(cost_table, cost_rows))
    invest_rows = _invest_rows(result)
    if invest_rows:
        tables.append(render(_INVEST, invest_rows))
    flows_table, flow_rows = _flows(result)
    tables += [
        render(flows_table, flow_rows),
        render(_STEADY, _steady_rows(result)),
        render(_NATIONAL, _national(result)),
        render(_PLACEMENTS, inp.placements),
    ]
    if inp.change is not None:
        c = inp.change
        tables.append(render(Table("change", "The change", (Column("what", "What changes"), Column("value", "By how much"))), [
            {"what": "Starts", "value": f"from {month_name(inp, c.start_month)}"},
            {"what": "Children starting to be looked after", "value": f"{c.starts_change_pct:+g} %"},
            {"what": "Average time in care", "value": f"{c.stay_change_pct:+g} %"},
        ] + [
            {"what": f"Extra moves from {_label(inp, f.from_id)} to {_label(inp, f.to_id)}", "value": f"{f.children_per_year:g} children a year"}
            for f in c.extra_moves
        ]))
    return {
        "title": inp.title,
        "notes": inp.notes,
        "rounding": _ROUNDING,
        "years": by_year["rows"],
        "tables": tables,
        "summary": summarise(result),
        "open_in": _open_in(result),
    }


def _label(inp: model.ForecastInput, placement_id: str) -> str:
    return next(p.label for p in inp.placements if p.id == placement_id)


def case_lines(result: dict[str, Any]) -> dict[str, Any]:
    """What a care forecast adds to a business case (see calculators._contribution).

    Doing nothing gives the placement spend if nothing changes (context, not
    added in) and the children in each placement type with the rate per
    10,000; with a change entered, also its saving against doing nothing and
    the children with the change. Capital or revenue and who holds the
    budget the forecast is not told, so those stay "not given".
    """
    from .. import _contribution as c

    costs = c.table(result, "cost_by_year")["rows"]
    years = [(c.year_number(r["year"]), r) for r in costs]
    where = "Care population forecast, “Placement cost by year”"
    rates = [r for r in c.table(result, "by_year")["rows"] if c.year_number(r["year"]) is not None]
    changed = any(r["saving"] for r in costs) or any(r["difference"] for r in rates)
    money = [c.money("Placement spend if nothing changes (forecast)", "baseline", f"{where}, cost doing nothing", by_year=[(y, r["cost_do_nothing"]) for y, r in years])]
    if changed:
        money.append(c.money("Placement spend saved (forecast)", "saving", f"{where}, saving", by_year=[(y, r["saving"]) for y, r in years], covers="placement spend"))
    people = []
    for table_id, column, what in (("children_by_type", "do_nothing_rate", "doing nothing"), ("children_by_type_with_change", "with_change_rate", "with the change")):
        tab = c.table(result, table_id)
        if tab is None or (what == "with the change" and not changed):
            continue
        last = tab["rows"][-1]
        source = f"Care population forecast, “{tab['title']}”"
        for col in tab["columns"][1:]:
            people.append(c.person("children", f"{col['label']}, {what}", last[col["key"]], "children", f"{last[col['key']]:,.0f}", source, last["year"]))
        rate = rates[-1][column]
        people.append(c.person("children", f"Rate per 10,000 children, {what}", rate, "per 10,000", f"{rate:.1f} per 10,000",
                               "Care population forecast, “Children looked after at each year's end”", rates[-1]["year"]))
    return {"money": money, "people": people, "figures": {}}
# How the page shows it: the form's layout, the headline figures and the chart
# (calculators.presentation; checked against the spec and the results).
PRESENTATION = Presentation(
    form=Form(
        main=("scenario.first_year", "scenario.year_start_month", "scenario.horizon_years", "placements", "starts_per_year"),
        main_title="How many children are looked after now, how many start a year, and how fast do they leave?",
        headline=("do_nothing_final", "with_change_final", "total_saving"),
        sections=(
            Section("The change, against doing nothing", ("scenario.start_month", "scenario.starts_change_pct", "scenario.stay_change_pct", "scenario.moves")),
            Section("Trend, moves between placements and age bands", ("starts_trend_pct", "moves", "age_bands")),
            Section("Child population (for the rate per 10,000)", ("child_population",)),
            Section("Uncertainty band", ("band",)),
            Section("Price years and uncertain inputs: what drives the result", ("prices", "uncertainty")),
            Section("Forecast title and notes (printed and exported)", ("title", "notes")),
        ),
    ),
    chart=Chart(
        table="children_by_type",
        x="year",
        series="all",
        title="Children looked after at each year's end by placement type, doing nothing",
        x_title="Year of the forecast",
        y_title="Children",
        stacked=True,
        exclude=("total",),
    ),
)
