"""The caseload calculator's result as the page, the command line and the business case show it: tables, headline figures, chart and form layout."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..presentation import Chart, ChartReference, Form, Presentation, Section
from ..tables import MONEY, PERCENT, Column, Table, headline, render, round_value
from .model import CaseloadResult, TeamResult

__all__ = ["PRESENTATION", "present", "summarise", "case_lines"]

_CASES = "cases per FTE"

_BY_TEAM = Table("by_team", "Caseload by team (last row: all teams)", (
    Column("team", "Team", get=lambda t: t.name),
    Column("fte", "FTE social workers", "FTE"),
    Column("cases", "Open cases", "cases"),
    Column("caseload_per_fte", "Cases per FTE", _CASES),
    Column("target", "Target", _CASES, lambda t: t.target),
    Column("gap_to_target", "Gap to target", _CASES),
    Column("extra_fte", "Extra FTE to reach target", "FTE"),
    Column("extra_fte_cost", "Cost of extra FTE a year", MONEY),
    Column("points_per_fte", "Weighted load per FTE", "points"),
    Column("capacity_used_pct", "Share of capacity", PERCENT),
    Column("extra_fte_weighted", "Extra FTE for capacity", "FTE"),
))
_UNWEIGHTED_TEAM_KEYS = ("team", "fte", "cases", "caseload_per_fte", "target", "gap_to_target", "extra_fte", "extra_fte_cost")

_BY_CASE_TYPE = Table("by_case_type", "Open cases by case type", (
    Column("case_type", "Case type", get=lambda c: c.label),
    Column("cases", "Open cases", "cases"),
    Column("share_pct", "Share of cases", PERCENT),
    Column("weight", "Weight", "points per case"),
    Column("points", "Points", "points"),
))

_PROJECTION = Table("projection", "Month-by-month projection (all teams)", (
    Column("month", "Month"),
    Column("new_cases", "New cases", "cases"),
    Column("closed", "Closed (usual)", "cases"),
    Column("closed_extra", "Closed (extra effort)", "cases"),
    Column("open_cases", "Open cases at month end", "cases"),
    Column("caseload_per_fte", "Cases per FTE", _CASES),
))

_ROUNDING = "Money is rounded to whole pounds; cases, caseloads and FTE to 2 decimal places; percentages to 2 decimal places (1 on screen)."


@dataclass(frozen=True)
class _TeamRow:
    """A team's result with the target beside it (one row of the by-team table)."""

    result: TeamResult
    target: float

    def __getattr__(self, name: str) -> Any:
        return getattr(self.result, name)


@dataclass(frozen=True)
class _CaseTypeRow:
    label: str
    cases: int
    share_pct: float
    weight: float | None
    points: float | None


def _team_table(result: CaseloadResult) -> Table:
    """The by-team table with the weighted columns only when the input has weights (and a capacity)."""
    inp = result.input
    keys = list(_UNWEIGHTED_TEAM_KEYS)
    if inp.weighted:
        keys.append("points_per_fte")
        if inp.capacity_points_per_fte is not None:
            keys += ["capacity_used_pct", "extra_fte_weighted"]
    return _BY_TEAM.only(keys)


def _case_type_rows(result: CaseloadResult) -> list[_CaseTypeRow]:
    total = result.overall.cases
    kinds = {c.id: c for c in result.input.case_types}
    return [
        _CaseTypeRow(kinds[key].label, n, 100 * n / total if total else 0.0, kinds[key].weight, None if kinds[key].weight is None else n * kinds[key].weight)
        for key, n in result.cases_by_type
    ]


def summarise(result: CaseloadResult) -> list[dict[str, Any]]:
    inp, o = result.input, result.overall
    summary = [
        headline("total_fte", "FTE social workers", o.fte, "FTE"),
        headline("total_cases", "Open cases", o.cases, "cases"),
        headline("caseload_per_fte", "Cases per FTE, all teams", o.caseload_per_fte, _CASES),
        headline("target_caseload", "Target", inp.target_caseload, _CASES),
        headline("gap_to_target", "Gap to target, all teams", o.gap_to_target, _CASES),
        headline("extra_fte", "Extra FTE to bring every team to target", o.extra_fte, "FTE"),
        headline("extra_fte_cost", "Cost of the extra FTE a year (salary + on-costs)", o.extra_fte_cost, MONEY),
        headline("cost_per_fte", "Cost of one FTE a year (salary + on-costs)", inp.cost_per_fte, MONEY),
    ]
    if o.points_per_fte is not None:
        summary.append(headline("points_per_fte", "Weighted load per FTE, all teams", o.points_per_fte, "points"))
    if o.capacity_used_pct is not None:
        summary.append(headline("capacity_used_pct", "Share of capacity used, all teams", o.capacity_used_pct, PERCENT))
    if inp.flow is not None:
        months = inp.flow.projection_months
        reached = "Months for the service average to reach target" + ("" if result.months_to_target is not None else f" (not reached in {months} months)")
        summary += [
            headline("new_cases_per_month", "New cases a month", result.new_cases_per_month, "cases a month"),
            headline("steady_state_caseload", "Cases per FTE where caseloads settle (new cases a month × average months open ÷ FTE)", result.steady_state_caseload, _CASES),
            headline("steady_state_caseload_with_effort", "Cases per FTE where caseloads settle while the extra effort lasts", result.steady_state_caseload_with_effort, _CASES),
            headline("months_to_target", reached, result.months_to_target, "months"),
        ]
        if result.month_target_lost is not None:
            summary.append(headline("month_target_lost", "Month the service average is back above target", result.month_target_lost))
        summary.append(headline("final_caseload", f"Cases per FTE in month {months} (end of projection, service average)", result.final_caseload, _CASES))
    return summary


def present(result: CaseloadResult) -> dict[str, Any]:
    """Plain-JSON result: the figures, the ``tables`` and the headline ``summary``."""
    inp = result.input
    by_team = render(_team_table(result), [_TeamRow(t, inp.target_caseload) for t in (*result.teams, result.overall)])
    all_team_columns = render(_BY_TEAM, [_TeamRow(t, inp.target_caseload) for t in (*result.teams, result.overall)])["rows"]
    case_columns = _BY_CASE_TYPE if inp.weighted else _BY_CASE_TYPE.only(("case_type", "cases", "share_pct"))
    by_case_type = render(case_columns, _case_type_rows(result))
    tables = [by_team, by_case_type]
    projection = render(_PROJECTION, result.projection)
    if result.projection:
        tables.append(projection)
    return {
        "title": inp.title,
        "notes": inp.notes,
        "rounding": _ROUNDING,
        "cost_per_fte": round_value(inp.cost_per_fte, MONEY),
        "teams": all_team_columns[:-1],
        "overall": all_team_columns[-1],
        "cases_by_type": render(_BY_CASE_TYPE, _case_type_rows(result))["rows"],
        "flow": None
        if inp.flow is None
        else {
            "new_cases_per_month": round_value(result.new_cases_per_month, "cases"),
            "steady_state_caseload": round_value(result.steady_state_caseload, _CASES),
            "steady_state_caseload_with_effort": round_value(result.steady_state_caseload_with_effort, _CASES),
            "months_to_target": result.months_to_target,
            "month_target_lost": result.month_target_lost,
            "final_caseload": round_value(result.final_caseload, _CASES),
            "projection": projection["rows"],
        },
        "tables": tables,
        "summary": summarise(result),
    }


# How the page shows it: the form's layout, the headline figures and the chart
# (calculators.presentation; checked against the spec and the results).
PRESENTATION = Presentation(
    form=Form(
        main=("teams", "target_caseload"),
        main_title="How many more social workers would bring each team to the target caseload?",
        headline=("extra_fte", "caseload_per_fte", "extra_fte_cost"),
        sections=(
            Section("Salary and on-costs", ("salary", "on_costs_pct")),
            Section("Case types and workload points", ("case_types", "capacity_points_per_fte")),
            Section("Case flow: month-by-month projection", ("flow",)),
            Section("Price years and uncertain inputs: what drives the result", ("prices", "uncertainty")),
            Section("Scenario title and notes (printed and exported)", ("title", "notes")),
        ),
        preset_only=("flow.new_cases_per_month", "flow.extra_closures_per_month", "flow.extra_closure_months"),
        rename=(("teams[].name", "Team {n}"),),
        compare="Keep the preset's case flow and extra closing effort",
        compare_what="its assumed new cases a month and extra effort to close cases (the projection now assumes today's caseload is steady); the teams are renamed Team 1, Team 2 and so on",
    ),
    chart=Chart(
        table="projection",
        x="month",
        series=("caseload_per_fte",),
        title="Cases per full-time social worker, month by month",
        x_title="Month of the projection",
        y_title="Open cases per FTE social worker",
        type="line",
        reference=ChartReference("target_caseload", "Target caseload"),
    ),
)


def case_lines(result: dict[str, Any]) -> dict[str, Any]:
    """What a caseload scenario adds to a business case: the extra social workers' yearly cost and the workforce figures.

    The cost is a year's salary and on-costs, so it recurs every year of the case.
    """
    from .. import _contribution as c

    where = "Social worker caseload calculator, headline figures"
    cost = c.summary(result, "extra_fte_cost")
    money = []
    if cost and cost["value"]:
        money.append(c.money("Extra social workers to reach the target caseload (salary and on-costs)", "cost", f"{where}, “{cost['label']}”",
                             each_year=cost["value"], timing="recurring"))
    people = [c.person("workforce", s["label"], s["value"], s["unit"], s["text"], where)
              for key in ("total_fte", "total_cases", "caseload_per_fte", "target_caseload", "extra_fte") if (s := c.summary(result, key))]
    return {"money": money, "people": people, "figures": {}}
