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
  cases close, so ``S ← S + A − S/L − E`` where ``E`` is the extra closing
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

from . import _spec
from ._spec import Errors, Field, ListOf, MapOf, Obj
from ._tables import column, money, number, pct, summary_item, table

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
                    Field("id", "Case type id", "string", "Short identifier used in each team's cases, e.g. 'child-protection'.", max_length=60, pattern=r"[a-z0-9][a-z0-9-]*"),
                    Field("label", "Name", "string", "Name shown in results; defaults to the id.", required=False, default=""),
                    Field("weight", "Weight", "number", "Optional points per case in a points-based workload scheme; give a weight for every case type or for none.", unit="points per case", minimum=0, exclusive_minimum=True, maximum=100, required=False),
                ),
            ),
            min_items=1,
            max_items=20,
            required=True,
            unique_by="id",
        ),
        Field("capacity_points_per_fte", "Capacity per FTE", "number", "Optional points a full-time social worker can carry (needs weights).", unit="points per FTE", minimum=1, maximum=1000, required=False),
        Field("target_caseload", "Target caseload", "number", "Open cases per FTE social worker that the council aims for.", unit="cases per FTE", minimum=1, maximum=200),
        Field("salary", "Salary", "number", "Annual salary of one FTE social worker.", unit="£ per FTE per year", minimum=0, exclusive_minimum=True, maximum=1_000_000),
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
                    Field("name", "Team name", "string", "Name of the team or area.", max_length=100),
                    Field("fte", "FTE social workers", "number", "Full-time-equivalent social workers holding cases.", unit="FTE", minimum=0.1, maximum=10_000),
                    MapOf(
                        "cases",
                        "Open cases",
                        "Open cases by case type id; types left out count as 0.",
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
        ),
        Obj(
            "flow",
            "Flow",
            "Optional: new cases a month, average case length and an extra closing effort, for a month-by-month projection.",
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
        return sum(n for _, n in self.cases)


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
    cases = sum(cases_by_type.values())
    caseload = cases / fte
    weights = {c.id: c.weight or 0.0 for c in inp.case_types}
    points = sum(n * weights[k] for k, n in cases_by_type.items()) if inp.weighted else None
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
            points = sum(n * (weights[k] or 0) for k, n in by_type.items())
            extra_weighted = max(0.0, points / capacity - team.fte)
            sum_extra_weighted += extra_weighted
        sum_extra += extra
        teams.append(_team_result(inp, team.name, team.fte, by_type, extra, extra_weighted))
    total_fte = sum(t.fte for t in inp.teams)
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
            closed = open_cases / length
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


def _optional(value: float | None, rounder: Any = number) -> Any:
    return None if value is None else rounder(value)


def _to_json(result: CaseloadResult) -> dict[str, Any]:
    """Plain-JSON result: raw figures, presentation-neutral ``tables`` and a headline ``summary``."""
    inp = result.input

    def team_row(t: TeamResult) -> dict[str, Any]:
        return {
            "team": t.name,
            "fte": number(t.fte),
            "cases": t.cases,
            "caseload_per_fte": number(t.caseload_per_fte),
            "target": number(inp.target_caseload),
            "gap_to_target": number(t.gap_to_target),
            "extra_fte": number(t.extra_fte),
            "extra_fte_cost": money(t.extra_fte_cost),
            "points_per_fte": _optional(t.points_per_fte),
            "capacity_used_pct": _optional(t.capacity_used_pct, pct),
            "extra_fte_weighted": _optional(t.extra_fte_weighted),
        }

    team_rows = [team_row(t) for t in result.teams] + [team_row(result.overall)]
    total_cases = result.overall.cases
    labels = {c.id: c for c in inp.case_types}
    type_rows = [
        {
            "case_type": labels[key].label,
            "cases": n,
            "share_pct": pct(100 * n / total_cases) if total_cases else 0.0,
            "weight": labels[key].weight,
            "points": None if labels[key].weight is None else number(n * labels[key].weight),
        }
        for key, n in result.cases_by_type
    ]
    team_columns = [
        column("team", "Team"),
        column("fte", "FTE social workers", "FTE"),
        column("cases", "Open cases", "cases"),
        column("caseload_per_fte", "Cases per FTE", "cases per FTE"),
        column("target", "Target", "cases per FTE"),
        column("gap_to_target", "Gap to target", "cases per FTE"),
        column("extra_fte", "Extra FTE to reach target", "FTE"),
        column("extra_fte_cost", "Cost of extra FTE a year", "£"),
    ]
    if inp.weighted:
        team_columns.append(column("points_per_fte", "Weighted load per FTE", "points"))
        if inp.capacity_points_per_fte is not None:
            team_columns += [column("capacity_used_pct", "Share of capacity", "%"), column("extra_fte_weighted", "Extra FTE for capacity", "FTE")]
    tables = [
        table("by_team", "Caseload by team (last row: all teams)", team_columns, team_rows),
        table(
            "by_case_type",
            "Open cases by case type",
            [column("case_type", "Case type"), column("cases", "Open cases", "cases"), column("share_pct", "Share of cases", "%")]
            + ([column("weight", "Weight", "points per case"), column("points", "Points", "points")] if inp.weighted else []),
            type_rows,
        ),
    ]
    projection_rows = [
        {
            "month": p.month,
            "new_cases": number(p.new_cases),
            "closed": number(p.closed),
            "closed_extra": number(p.closed_extra),
            "open_cases": number(p.open_cases),
            "caseload_per_fte": number(p.caseload_per_fte),
        }
        for p in result.projection
    ]
    if result.projection:
        tables.append(
            table(
                "projection",
                "Month-by-month projection (all teams)",
                [
                    column("month", "Month"),
                    column("new_cases", "New cases", "cases"),
                    column("closed", "Closed (usual)", "cases"),
                    column("closed_extra", "Closed (extra effort)", "cases"),
                    column("open_cases", "Open cases at month end", "cases"),
                    column("caseload_per_fte", "Cases per FTE", "cases per FTE"),
                ],
                projection_rows,
            )
        )
    o = result.overall
    summary = [
        summary_item("total_fte", "FTE social workers", number(o.fte), "FTE"),
        summary_item("total_cases", "Open cases", o.cases, "cases"),
        summary_item("caseload_per_fte", "Cases per FTE, all teams", number(o.caseload_per_fte), "cases per FTE"),
        summary_item("target_caseload", "Target", number(inp.target_caseload), "cases per FTE"),
        summary_item("gap_to_target", "Gap to target, all teams", number(o.gap_to_target), "cases per FTE"),
        summary_item("extra_fte", "Extra FTE to bring every team to target", number(o.extra_fte), "FTE"),
        summary_item("extra_fte_cost", "Cost of the extra FTE a year (salary + on-costs)", money(o.extra_fte_cost), "£"),
        summary_item("cost_per_fte", "Cost of one FTE a year (salary + on-costs)", money(inp.cost_per_fte), "£"),
    ]
    if o.points_per_fte is not None:
        summary.append(summary_item("points_per_fte", "Weighted load per FTE, all teams", number(o.points_per_fte), "points"))
    if o.capacity_used_pct is not None:
        summary.append(summary_item("capacity_used_pct", "Share of capacity used, all teams", pct(o.capacity_used_pct), "%"))
    if inp.flow is not None:
        summary += [
            summary_item("new_cases_per_month", "New cases a month", _optional(result.new_cases_per_month), "cases a month"),
            summary_item("steady_state_caseload", "Steady-state cases per FTE (Little's law)", _optional(result.steady_state_caseload), "cases per FTE"),
            summary_item("steady_state_caseload_with_effort", "Steady-state cases per FTE while the extra effort lasts", _optional(result.steady_state_caseload_with_effort), "cases per FTE"),
            summary_item("months_to_target", "Months to reach target" if result.months_to_target is not None else f"Months to reach target (not reached in {inp.flow.projection_months} months)", result.months_to_target, "months"),
        ]
        if result.month_target_lost is not None:
            summary.append(summary_item("month_target_lost", "Month the caseload is back above target", result.month_target_lost))
        summary.append(summary_item("final_caseload", f"Cases per FTE in month {inp.flow.projection_months} (end of projection)", _optional(result.final_caseload), "cases per FTE"))
    return {
        "title": inp.title,
        "notes": inp.notes,
        "rounding": "Money is rounded to whole pounds; cases, caseloads and FTE to 2 decimal places; percentages to 2 decimal places.",
        "cost_per_fte": money(inp.cost_per_fte),
        "teams": team_rows[:-1],
        "overall": team_rows[-1],
        "cases_by_type": type_rows,
        "flow": None
        if inp.flow is None
        else {
            "new_cases_per_month": _optional(result.new_cases_per_month),
            "steady_state_caseload": _optional(result.steady_state_caseload),
            "steady_state_caseload_with_effort": _optional(result.steady_state_caseload_with_effort),
            "months_to_target": result.months_to_target,
            "month_target_lost": result.month_target_lost,
            "final_caseload": _optional(result.final_caseload),
            "projection": projection_rows,
        },
        "tables": tables,
        "summary": summary,
    }


def _field(pattern: str) -> Field:
    """The spec entry at ``pattern`` (used by the preset loader to coerce values)."""
    return _spec.find(SPEC, pattern)
