"""Service capacity's result as the page, the command line and the business case show it: tables, headline figures, chart, form layout and the service pages' link."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..presentation import Chart, Form, Presentation, Section, ServiceLink
from ..tables import PERCENT, Column, Table, headline, render, round_value
from .model import CapacityResult, Estimate
from .spec import FAMILIES_A_MONTH

__all__ = ["PRESENTATION", "present", "summarise", "case_lines"]

_A_YEAR = "a year"
_WEEKS = "weeks"


_WAITING_KEYS = ("demand_per_year", "utilisation_pct", "p_wait_pct", "mean_wait_weeks", "wait_90_weeks", "mean_waiting_list", "months_to_clear",
                 "growth_per_month", "waiting_after", "wait_after_weeks")


def _service_table(id: str, title: str, duration: Column, places: Column, per_year: Column, who: str, horizon: int) -> Table:
    """A team's or the planned beds' estimates: throughput, then the waiting figures (their columns only with referrals)."""
    return Table(id, title, (
        Column("estimate", "Estimate"),
        duration,
        places,
        per_year,
        Column("demand_per_year", "Referrals a year", who),
        Column("utilisation_pct", "Utilisation", PERCENT),
        Column("p_wait_pct", "Chance of waiting", PERCENT),
        Column("mean_wait_weeks", "Average wait", _WEEKS),
        Column("wait_90_weeks", "9 in 10 wait at most", _WEEKS),
        Column("mean_waiting_list", "Average waiting list", who),
        Column("months_to_clear", "Months to clear today's list", "months"),
        Column("growth_per_month", "Waiting list growth a month", f"{who} a month"),
        Column("waiting_after", f"Waiting list after {horizon} months", who),
        Column("wait_after_weeks", f"Wait for a referral in month {horizon}", _WEEKS),
    ))


def _team_table(horizon: int) -> Table:
    return _service_table(
        "team", "Team: families a year and waiting",
        Column("duration", "Average duration", "months"), Column("places", "Families at a time", "families"),
        Column("throughput_per_year", "Families a year", "families"), "families", horizon)


def _beds_table(horizon: int) -> Table:
    return _service_table(
        "beds", "Planned beds: stays and waiting",
        Column("duration", "Length of stay", _WEEKS), Column("places", "Beds", "beds"),
        Column("throughput_per_year", "Stays a year", "stays"), "young people", horizon)


def _without_waiting(table: Table, estimates: tuple["Estimate", ...]) -> Table:
    """Without referrals there is nothing to wait for: only the capacity columns."""
    if estimates and estimates[0].demand_per_year is None:
        return table.only(c.key for c in table.columns if c.key not in _WAITING_KEYS)
    return table


_EMERGENCY = Table("emergency", "Emergency beds: stays and turned away", (
    Column("estimate", "Estimate"),
    Column("nights", "Emergency stay", "nights"),
    Column("beds", "Emergency beds", "beds"),
    Column("max_stays_per_year", "Most stays a year (always full)", "stays"),
    Column("requests_per_year", "Requests a year", "requests"),
    Column("utilisation_pct", "Utilisation", PERCENT),
    Column("p_full_pct", "Chance every emergency bed is full", PERCENT),
    Column("turned_away_per_year", "Turned away a year", "requests"),
))

_THROUGHPUT = Table("throughput", "How many a year, against referrals", (
    Column("service", "Service"),
    Column("places", "Places at a time", "places"),
    Column("per_year_low", "Low estimate", _A_YEAR),
    Column("per_year_central", "Central estimate", _A_YEAR),
    Column("per_year_high", "High estimate", _A_YEAR),
    Column("demand_per_year", "Referrals", _A_YEAR),
))

_MODEL = Table("model", "How the figures are worked out", (Column("note", "Method and assumptions"),))

_ROUNDING = "Families, stays, weeks and months are rounded to 2 decimal places; percentages to 2 decimal places (1 on screen)."


def _model_notes(result: CapacityResult) -> list[str]:
    inp = result.input
    notes = [
        "Families (or stays) a year by Little's law: places at a time × 12 ÷ average months a place is held. "
        "The low estimate uses the longest duration (or stay), the high estimate the shortest.",
        "Long-run waiting below capacity by the Erlang C formula (the M/M/c queue): referrals arrive at random (a Poisson "
        "process), durations vary around their average as an exponential distribution, families are taken on first come, "
        "first served, and the figures are averages over every referral once the service has run at this level for a long "
        "time. Close to 100% that takes years, and the long-run wait rises without limit; at 100% or more there is no long-run average.",
        f"The waiting list and the wait {inp.horizon_months} months ahead, starting from the families waiting now, at every "
        "level of demand: the list moves by referrals less the families taken on, with chance ups and downs, and cannot "
        "fall below zero (the heavy-traffic approximation of the queue, a reflected random walk). Below capacity it settles "
        "towards the Erlang C list; at capacity it still grows, by chance alone; above it, it grows by the excess each month. "
        "These figures change smoothly as demand crosses capacity, so they are the ones to compare between scenarios.",
    ]
    if result.emergency:
        notes.append("Emergency beds by the Erlang B formula: an emergency that finds every emergency bed full is placed "
                     "elsewhere rather than kept waiting; this holds whatever the spread of stay lengths.")
    return notes


@dataclass(frozen=True)
class _ServiceRow:
    service: str
    places: int
    per_year_low: float
    per_year_central: float
    per_year_high: float
    demand_per_year: float | None


def _service_rows(result: CapacityResult) -> list[_ServiceRow]:
    rows = []
    for label, estimates in (("Team (families)", result.team), ("Planned beds (stays)", result.beds)):
        if estimates:
            low, central, high = (e.throughput_per_year for e in estimates)
            rows.append(_ServiceRow(label, estimates[0].places, low, central, high, estimates[0].demand_per_year))
    # Emergency beds are left out: the most stays they could take if always
    # full is a ceiling, not a throughput, and would dwarf the others on the chart.
    return rows


def _service_summary(prefix: str, name: str, unit: str, estimates: tuple[Estimate, ...], horizon: int) -> list[dict[str, Any]]:
    low, central, high = estimates
    out = [
        headline(f"{prefix}_places", f"{name}: places at a time", central.places, "places"),
        headline(f"{prefix}_per_year_low", f"{name}: {unit} a year, low", low.throughput_per_year, unit),
        headline(f"{prefix}_per_year_central", f"{name}: {unit} a year, central", central.throughput_per_year, unit),
        headline(f"{prefix}_per_year_high", f"{name}: {unit} a year, high", high.throughput_per_year, unit),
    ]
    if central.demand_per_year is None:
        return out
    out += [
        headline(f"{prefix}_demand_per_year", f"{name}: referrals a year", central.demand_per_year, "referrals"),
        headline(f"{prefix}_utilisation_pct", f"{name}: utilisation, central", central.utilisation_pct, PERCENT),
    ]
    # The list and the wait after the horizon come first: they exist at every level of demand and
    # change smoothly as it crosses capacity. The long-run figures exist only below capacity.
    out += [
        headline(f"{prefix}_waiting_after", f"{name}: waiting list after {horizon} months, central", central.waiting_after, "families"),
        headline(f"{prefix}_wait_after_weeks", f"{name}: wait for a referral in month {horizon}, central", central.wait_after_weeks, _WEEKS),
    ]
    if central.stable:
        out += [
            headline(f"{prefix}_p_wait_pct", f"{name}: chance a referral waits in the long run, central (Erlang C)", central.p_wait_pct, PERCENT),
            headline(f"{prefix}_mean_wait_weeks", f"{name}: average wait in the long run, central (Erlang C)", central.mean_wait_weeks, _WEEKS),
            headline(f"{prefix}_wait_90_weeks", f"{name}: wait 9 in 10 referrals stay within in the long run, central", central.wait_90_weeks, _WEEKS),
        ]
    else:
        out += [
            headline(f"{prefix}_growth_per_month", f"{name}: waiting list growth a month, central (no long-run average: it grows without limit)", central.growth_per_month, FAMILIES_A_MONTH),
        ]
    return out


def summarise(result: CapacityResult) -> list[dict[str, Any]]:
    horizon = result.input.horizon_months
    summary: list[dict[str, Any]] = []
    if result.team:
        summary += _service_summary("team", "Team", "families", result.team, horizon)
    if result.beds:
        summary += _service_summary("beds", "Planned beds", "stays", result.beds, horizon)
    if result.emergency:
        central = result.emergency[1]
        summary.append(headline("emergency_max_stays_per_year", "Emergency beds: most stays a year, central", central.max_stays_per_year, "stays"))
        if central.p_full_pct is not None:
            summary += [
                headline("emergency_p_full_pct", "Emergency beds: chance every one is full, central (Erlang B)", central.p_full_pct, PERCENT),
                headline("emergency_turned_away_per_year", "Emergency beds: requests turned away a year, central", central.turned_away_per_year, "requests"),
            ]
    model = "Erlang C (M/M/c) for the long run; heavy-traffic approximation for the months ahead" + ("; emergency beds: Erlang B" if result.emergency else "")
    summary.append(headline("queue_model", "Queueing model (see “How the figures are worked out”)", model))
    return summary


def present(result: CapacityResult) -> dict[str, Any]:
    """Plain-JSON result: the figures, the ``tables`` and the headline ``summary``."""
    inp = result.input
    horizon = inp.horizon_months
    notes = _model_notes(result)
    tables = [render(_THROUGHPUT, _service_rows(result))]
    team = render(_without_waiting(_team_table(horizon), result.team), result.team)
    beds = render(_without_waiting(_beds_table(horizon), result.beds), result.beds)
    emergency = render(_EMERGENCY, result.emergency)
    if result.team:
        tables.append(team)
    if result.beds:
        tables.append(beds)
    if result.emergency:
        tables.append(emergency)
    tables.append(render(_MODEL, [{"note": note} for note in notes]))
    return {
        "title": inp.title,
        "notes": inp.notes,
        "rounding": _ROUNDING,
        "model_notes": notes,
        "team": team["rows"] or None,
        "beds": beds["rows"] or None,
        "emergency": emergency["rows"] or None,
        "horizon_months": round_value(horizon, "months"),
        "tables": tables,
        "summary": summarise(result),
    }


# How the page shows it: the form's layout, the headline figures and the chart
# (calculators.presentation; checked against the spec and the results).
PRESENTATION = Presentation(
    form=Form(
        main=("team",),
        main_title="How many families can the team take in a year, and how long do they wait?",
        headline=("team_per_year_central", "team_utilisation_pct", "team_wait_after_weeks"),
        sections=(
            Section("Beds (short breaks or emergency stays)", ("beds",)),
            Section("Projection", ("horizon_months",)),
            Section("Uncertain inputs: what drives the result", ("uncertainty",)),
            Section("Scenario title and notes (printed and exported)", ("title", "notes")),
        ),
        omit=("prices",),
    ),
    chart=Chart(
        table="throughput",
        x="service",
        series=("per_year_low", "per_year_central", "per_year_high", "demand_per_year"),
        title="Families or stays a year (low, central, high) and referrals a year",
        x_title="Service",
        y_title="Families or stays a year",
    ),
    service_link=ServiceLink(
        label="Work out how many families it can serve",
        preset_note="the service capacity calculator, from the documents' staffing, beds and durations",
    ),
)


#: Headline figures a business case shows for each service (team, beds, emergency places), in order.
_CASE_FIGURES = ("places", "per_year_central", "demand_per_year", "utilisation_pct", "waiting_after", "wait_after_weeks", "mean_wait_weeks")


def case_lines(result: dict[str, Any]) -> dict[str, Any]:
    """What a service-capacity scenario adds to a business case: families served and waits (it states no money)."""
    from .. import _contribution as c

    where = "Service capacity calculator, headline figures"
    people = [c.person("families", s["label"], s["value"], s["unit"] or "", s["text"], where)
              for s in result["summary"] if any(s["key"].endswith("_" + end) for end in _CASE_FIGURES)]
    return {"money": [], "people": people, "figures": {}}
