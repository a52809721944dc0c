"""Caseload calculator: caseload per social worker, the gap to a target, and flow.

What it answers: how many open cases does each social worker hold, team by
team and overall; how far is that from the target; how many more
full-time-equivalent (FTE) social workers would bring each team to the
target and what would they cost; and, given how many cases open each month
and how long they last, where will caseloads settle and how many months
would an extra closing effort take to reach the target?

Method:

* Caseload per FTE for team ``j``: ``q_j = Σ_k cases_jk ÷ FTE_j`` (``k`` runs
  over case types); overall ``q = Σ_j cases_j ÷ Σ_j FTE_j``.
* Weighted load (points-based workload schemes), when every case type has
  a weight ``w_k``: ``points_j = Σ_k cases_jk × w_k``; load per FTE
  ``points_j ÷ FTE_j``; share of capacity ``100 × load ÷ capacity per FTE``.
* Gap to target: ``q_j − target``.
* Extra FTE to reach the target: ``max(0, cases_j ÷ target − FTE_j)`` for each
  team, summed over teams (staff are not moved between teams); with a
  capacity per FTE, also ``max(0, points_j ÷ capacity − FTE_j)``.
* Cost of extra FTE a year: ``extra FTE × salary × (1 + on-costs % ÷ 100)``.
* Flow, for all teams together: with ``A`` new cases a month and an
  average case length of ``L`` months, each month ``S/L`` of the ``S`` open
  cases close (all ``S`` of them if ``L`` is under a month: never more than
  are open), so ``S ← S + A − S/L − E`` where ``E`` is the extra closing
  effort (cases a month, for the first ``extra_closure_months`` months, or
  throughout if 0). The steady state is ``S* = A × L`` — Little's law:
  open cases = arrivals × average duration — or ``(A − E) × L`` while the
  effort lasts. If ``A`` is not given, the current caseload is taken as the
  steady state: ``A = S₀ ÷ L``. Months to target is the first month in which
  ``S ÷ Σ FTE ≤ target``. If the effort ends before the steady state is
  below the target, caseloads climb back: the result gives the first month
  after reaching the target in which they are above it again, and the
  caseload in the last month of the projection.

Figures: the presets' inputs come from ``data/preset_inputs.csv`` and
``data/caseload_benchmarks.csv`` (Strengthening Families slides
``002_9c3f00f77cc2d999.txt`` slide 7; Glasgow IJB report
``000_cae6d205916c5940.txt`` §4.2; DfE children's social work workforce
statistics; published points-based workload schemes). No figure is
written into this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._spec import Errors, Field, ListOf, MapOf, Obj
from ._sums import total
from .presentation import Chart, ChartReference, Form, Presentation, Section
from .registry import Calculator, KeyFigure
from .tables import MONEY, PERCENT, Column, Table, headline, render, round_value

__all__ = [
    "CaseType",
    "Team",
    "Flow",
    "CaseloadInput",
    "TeamResult",
    "ProjectionMonth",
    "CaseloadResult",
    "SPEC",
    "calculate",
    "CALCULATOR",
]

_MAX_MONTHS = 120

SPEC = Obj(
    key="",
    label="Caseload input",
    help="Teams with their social workers and open cases, a target caseload and, optionally, case flow.",
    fields=(
        Field("title", "Title", "string", "A short name for this set of teams.", required=False, default=""),
        Field("notes", "Notes", "string", "Where the figures come from and what is assumed.", required=False, default="", max_length=4000),
        ListOf(
            "case_types",
            "Case types",
            "the kinds of case counted (e.g. child protection, looked after, child in need, family support), each with an optional weight in points.",
            Obj(
                "case_type",
                "Case type",
                "One kind of case.",
                (
                    Field("id", "Short code", "string", "A short code for this case type, used in shared links and downloads (lower-case letters, digits and hyphens, e.g. 'child-protection'); the name is what the form and results show.", max_length=60, pattern=r"[a-z0-9][a-z0-9-]*"),
                    Field("label", "Name", "string", "Name shown in the form and the results; defaults to the short code.", required=False, default=""),
                    Field("weight", "Weight", "number", "Optional: how heavy one case of this type is, in the points of a workload scheme (a scheme that gives each kind of case a number of points); give a weight for every case type or for none.", unit="points per case", minimum=0, exclusive_minimum=True, maximum=100, required=False),
                ),
            ),
            min_items=1,
            max_items=20,
            required=True,
            unique_by="id",
            item_label="label",
        ),
        Field("capacity_points_per_fte", "Workload points one social worker can carry", "number", "Optional: the most points a full-time social worker should hold under the workload scheme (needs a weight for each case type).", unit="points per FTE", minimum=1, maximum=1000, required=False),
        Field("target_caseload", "Target caseload", "number", "Open cases per full-time social worker that the council aims for.", unit="cases per FTE", minimum=1, maximum=200),
        Field("salary", "Salary", "number", "Yearly salary of one full-time social worker, from £1,000 to £1,000,000 (a figure below £1,000 is a monthly or weekly pay, not a year's).", unit="£ per FTE per year", minimum=1_000, maximum=1_000_000),
        Field("on_costs_pct", "On-costs", "number", "Employer's on-costs (national insurance, pension) as a percentage of salary.", unit="%", minimum=0, maximum=200),
        ListOf(
            "teams",
            "Teams",
            "each team with its FTE social workers and open cases by case type.",
            Obj(
                "team",
                "Team",
                "One team.",
                (
                    Field("name", "Team name", "string", "Name of the team or area, shown in the results.", max_length=100),
                    Field("fte", "Social workers (FTE)", "number", "Social workers holding cases, counted as full-time equivalents (FTE: two half-time workers count as 1).", unit="FTE", minimum=0.1, maximum=10_000),
                    MapOf(
                        "cases",
                        "Open cases",
                        "Open cases of each case type; a type left empty counts as 0.",
                        Field("cases", "Open cases", "integer", "Open cases of this type.", unit="cases", minimum=0, maximum=1_000_000),
                        key_choices_from="case_types[].id",
                        max_items=20,
                        required=True,
                    ),
                ),
            ),
            min_items=1,
            max_items=100,
            required=True,
            unique_by="name",
            item_label="name",
        ),
        Obj(
            "flow",
            "Case flow (month-by-month projection)",
            "Optional: new cases a month, how long cases last and any extra effort to close cases, for a month-by-month projection.",
            (
                Field("new_cases_per_month", "New cases a month", "number", "Cases opened a month across all teams; leave empty to assume today's caseload is steady (open cases ÷ average case length).", unit="cases a month", minimum=0, maximum=1_000_000, required=False),
                Field("average_case_length_months", "Average case length", "number", "Average months a case stays open.", unit="months", minimum=0.1, maximum=240),
                Field("extra_closures_per_month", "Extra closures a month", "number", "Cases closed each month by an extra effort (e.g. a commissioned team closing long-running cases).", unit="cases a month", minimum=0, maximum=1_000_000, default=0),
                Field("extra_closure_months", "Length of extra effort", "integer", "Months the extra effort lasts (0 = throughout the projection).", unit="months", minimum=0, maximum=_MAX_MONTHS, default=0),
                Field("projection_months", "Projection length", "integer", "Months to project.", unit="months", minimum=1, maximum=_MAX_MONTHS, default=36),
            ),
            required=False,
            nullable=True,
        ),
    ),
)


@dataclass(frozen=True)
class CaseType:
    """A kind of case, with an optional weight in points."""

    id: str
    label: str
    weight: float | None = None


@dataclass(frozen=True)
class Team:
    """A team: FTE social workers and open cases by case type id."""

    name: str
    fte: float
    cases: tuple[tuple[str, int], ...]

    @property
    def total_cases(self) -> int:
        return total(n for _, n in self.cases)


@dataclass(frozen=True)
class Flow:
    """Case flow for the month-by-month projection."""

    average_case_length_months: float
    new_cases_per_month: float | None = None
    extra_closures_per_month: float = 0.0
    extra_closure_months: int = 0
    projection_months: int = 36


@dataclass(frozen=True)
class CaseloadInput:
    """Teams, case types, target and costs."""

    case_types: tuple[CaseType, ...]
    teams: tuple[Team, ...]
    target_caseload: float
    salary: float
    on_costs_pct: float
    capacity_points_per_fte: float | None = None
    flow: Flow | None = None
    title: str = ""
    notes: str = ""

    @property
    def weighted(self) -> bool:
        """True when every case type has a weight."""
        return all(c.weight is not None for c in self.case_types)

    @property
    def cost_per_fte(self) -> float:
        """Salary plus on-costs, £ a year."""
        return self.salary * (1 + self.on_costs_pct / 100)


@dataclass(frozen=True)
class TeamResult:
    """Caseload figures for one team (or for all teams together)."""

    name: str
    fte: float
    cases: int
    caseload_per_fte: float
    gap_to_target: float
    extra_fte: float
    extra_fte_cost: float
    points: float | None
    points_per_fte: float | None
    capacity_used_pct: float | None
    extra_fte_weighted: float | None


@dataclass(frozen=True)
class ProjectionMonth:
    """One month of the flow projection (after that month's openings and closures)."""

    month: int
    new_cases: float
    closed: float
    closed_extra: float
    open_cases: float
    caseload_per_fte: float


@dataclass(frozen=True)
class CaseloadResult:
    """Everything :func:`calculate` works out."""

    input: CaseloadInput
    teams: tuple[TeamResult, ...]
    overall: TeamResult
    cases_by_type: tuple[tuple[str, int], ...]
    new_cases_per_month: float | None
    steady_state_caseload: float | None
    steady_state_caseload_with_effort: float | None
    projection: tuple[ProjectionMonth, ...]
    months_to_target: int | None
    #: First month after reaching the target in which the caseload is above it again (None if it stays at or below).
    month_target_lost: int | None = None
    #: Cases per FTE in the projection's last month (None without a flow).
    final_caseload: float | None = None


def _team_result(inp: CaseloadInput, name: str, fte: float, cases_by_type: dict[str, int], extra_fte: float, extra_weighted: float | None) -> TeamResult:
    cases = total(cases_by_type.values())
    caseload = cases / fte
    weights = {c.id: c.weight or 0.0 for c in inp.case_types}
    points = total(n * weights[k] for k, n in cases_by_type.items()) if inp.weighted else None
    capacity = inp.capacity_points_per_fte
    return TeamResult(
        name=name,
        fte=fte,
        cases=cases,
        caseload_per_fte=caseload,
        gap_to_target=caseload - inp.target_caseload,
        extra_fte=extra_fte,
        extra_fte_cost=extra_fte * inp.cost_per_fte,
        points=points,
        points_per_fte=None if points is None else points / fte,
        capacity_used_pct=None if points is None or capacity is None else 100 * points / fte / capacity,
        extra_fte_weighted=extra_weighted,
    )


def calculate(inp: CaseloadInput) -> CaseloadResult:
    """Work out caseloads, gaps, extra FTE and the flow projection (see the module docstring)."""
    weights = {c.id: c.weight for c in inp.case_types}
    capacity = inp.capacity_points_per_fte
    teams = []
    totals: dict[str, int] = {c.id: 0 for c in inp.case_types}
    sum_extra = 0.0
    sum_extra_weighted: float | None = 0.0 if inp.weighted and capacity else None
    for team in inp.teams:
        by_type = dict(team.cases)
        for key, n in by_type.items():
            totals[key] += n
        extra = max(0.0, team.total_cases / inp.target_caseload - team.fte)
        extra_weighted = None
        if sum_extra_weighted is not None and capacity:
            points = total(n * (weights[k] or 0) for k, n in by_type.items())
            extra_weighted = max(0.0, points / capacity - team.fte)
            sum_extra_weighted += extra_weighted
        sum_extra += extra
        teams.append(_team_result(inp, team.name, team.fte, by_type, extra, extra_weighted))
    total_fte = total(t.fte for t in inp.teams)
    overall = _team_result(inp, "All teams", total_fte, totals, sum_extra, sum_extra_weighted)

    arrivals = steady = steady_effort = None
    projection: list[ProjectionMonth] = []
    months_to_target: int | None = None
    month_target_lost: int | None = None
    flow = inp.flow
    if flow is not None:
        length = flow.average_case_length_months
        open_cases = float(overall.cases)
        arrivals = flow.new_cases_per_month if flow.new_cases_per_month is not None else open_cases / length
        steady = arrivals * length / total_fte
        steady_effort = max(0.0, arrivals - flow.extra_closures_per_month) * length / total_fte
        if open_cases / total_fte <= inp.target_caseload:
            months_to_target = 0
        for month in range(1, flow.projection_months + 1):
            # A case length under a month would close more cases than are open
            # (S/L > S): no month closes more than the cases open at its start,
            # so the step stays stable and never negative for any valid length.
            closed = min(open_cases / length, open_cases)
            effort_on = flow.extra_closure_months == 0 or month <= flow.extra_closure_months
            extra = min(flow.extra_closures_per_month if effort_on else 0.0, max(0.0, open_cases + arrivals - closed))
            open_cases = open_cases + arrivals - closed - extra
            caseload = open_cases / total_fte
            projection.append(ProjectionMonth(month, arrivals, closed, extra, open_cases, caseload))
            if months_to_target is None and caseload <= inp.target_caseload:
                months_to_target = month
            elif months_to_target is not None and month_target_lost is None and caseload > inp.target_caseload:
                month_target_lost = month
    return CaseloadResult(
        input=inp,
        teams=tuple(teams),
        overall=overall,
        cases_by_type=tuple(totals.items()),
        new_cases_per_month=arrivals,
        steady_state_caseload=steady,
        steady_state_caseload_with_effort=steady_effort,
        projection=tuple(projection),
        months_to_target=months_to_target,
        month_target_lost=month_target_lost,
        final_caseload=projection[-1].caseload_per_fte if projection else None,
    )


# --------------------------------------------------------------------------
# JSON adapters (used by calculators.run_json)
# --------------------------------------------------------------------------


def _check(data: dict[str, Any], errors: Errors) -> None:
    """Cross-field rules: weights all-or-none, capacity needs weights, effort within projection."""
    case_types = [c for c in data.get("case_types") or [] if isinstance(c, dict)]
    with_weight = [c for c in case_types if c.get("weight") is not None]
    if with_weight and len(with_weight) < len(case_types):
        for i, c in enumerate(data.get("case_types") or []):
            if isinstance(c, dict) and c.get("weight") is None and "id" in c:
                errors.add(("case_types", i, "weight"), f"Weight is missing for case type {c['id']!r}; other case types have weights, so give a weight (more than 0 points) for every case type, or remove them all.")
    if data.get("capacity_points_per_fte") is not None and case_types and not with_weight:
        errors.add(("capacity_points_per_fte",), "Capacity per FTE is given but no case type has a weight; give each case type a weight in points, or leave the capacity empty.")
    flow = data.get("flow")
    if isinstance(flow, dict):
        effort, months = flow.get("extra_closure_months"), flow.get("projection_months")
        if isinstance(effort, int) and isinstance(months, int) and effort > months:
            errors.add(("flow", "extra_closure_months"), f"Length of extra effort is {effort} months, longer than the {months}-month projection; give at most {months} (or 0 for throughout).")


def _from_dict(data: dict[str, Any]) -> CaseloadInput:
    """Typed input from a validated, normalised dict."""
    order = [c["id"] for c in data["case_types"]]
    flow = data.get("flow")
    return CaseloadInput(
        case_types=tuple(CaseType(c["id"], c["label"] or c["id"], None if c.get("weight") is None else float(c["weight"])) for c in data["case_types"]),
        teams=tuple(
            Team(t["name"], float(t["fte"]), tuple((k, t["cases"][k]) for k in order if k in t["cases"]))
            for t in data["teams"]
        ),
        target_caseload=float(data["target_caseload"]),
        salary=float(data["salary"]),
        on_costs_pct=float(data["on_costs_pct"]),
        capacity_points_per_fte=None if data.get("capacity_points_per_fte") is None else float(data["capacity_points_per_fte"]),
        flow=None
        if flow is None
        else Flow(
            average_case_length_months=float(flow["average_case_length_months"]),
            new_cases_per_month=None if flow.get("new_cases_per_month") is None else float(flow["new_cases_per_month"]),
            extra_closures_per_month=float(flow["extra_closures_per_month"]),
            extra_closure_months=flow["extra_closure_months"],
            projection_months=flow["projection_months"],
        ),
        title=data["title"],
        notes=data["notes"],
    )


# --------------------------------------------------------------------------
# Result layout: every table's columns declared once (calculators.tables)
# --------------------------------------------------------------------------

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


def _summary(result: CaseloadResult) -> list[dict[str, Any]]:
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


def _to_json(result: CaseloadResult) -> dict[str, Any]:
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
        "summary": _summary(result),
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


#: This calculator, as the registry (calculators.registry) knows it.
def _case_lines(result: dict[str, Any]) -> dict[str, Any]:
    """What a caseload scenario adds to a business case: the extra social workers' yearly cost and the workforce figures.

    The cost is a year's salary and on-costs, so it recurs every year of the case.
    """
    from . import _contribution as c

    where = "Social worker caseload calculator, headline figures"
    cost = c.summary(result, "extra_fte_cost")
    money = []
    if cost and cost["value"]:
        money.append(c.money("Extra social workers to reach the target caseload (salary and on-costs)", "cost", f"{where}, “{cost['label']}”",
                             each_year=cost["value"], timing="recurring"))
    people = [c.person("workforce", s["label"], s["value"], s["unit"], s["text"], where)
              for key in ("total_fte", "total_cases", "caseload_per_fte", "target_caseload", "extra_fte") if (s := c.summary(result, key))]
    return {"money": money, "people": people, "figures": {}}


#: Where this calculator comes in the registry's list (the site's navigation and index).
CALCULATOR_ORDER = 20

CALCULATOR = Calculator(
    name="caseload",
    title="Social worker caseload",
    spec=SPEC,
    check=_check,
    build=_from_dict,
    calculate=calculate,
    present=_to_json,
    default_preset="strengthening-families-areas",
    summarise=_summary,
    case_lines=_case_lines,
    key_figures=(KeyFigure("extra_fte_cost", "no extra social workers are needed to bring every team to the target", "extra social workers are needed to bring every team to the target"),),
    presentation=PRESENTATION,
)
