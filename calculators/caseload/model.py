"""Social worker caseload: the typed input and result, and the formulas.

The questions it answers are in the package's docstring (:mod:`calculators.caseload`).

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
written into this package.
"""

from __future__ import annotations

from dataclasses import dataclass

from .._sums import total

__all__ = [
    "CaseType",
    "Team",
    "Flow",
    "CaseloadInput",
    "TeamResult",
    "ProjectionMonth",
    "CaseloadResult",
    "Projection",
    "project",
    "calculate",
]


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


@dataclass(frozen=True)
class Projection:
    """What :func:`project` works out: the new cases a month used, each month, and when the target is reached and lost."""

    arrivals: float
    months: tuple[ProjectionMonth, ...]
    months_to_target: int | None
    month_target_lost: int | None


def project(flow: Flow, open_cases: float, total_fte: float, target: float) -> Projection:
    """The month-by-month flow of open cases for all teams together.

    Parameters
    ----------
    flow : Flow
        Average case length ``L`` (months), new cases a month ``A`` (``None``:
        the caseload now is taken as steady, ``A = S0 / L``), the extra
        closing effort ``E`` (cases a month) and how many months it lasts (0:
        throughout), and the months to project.
    open_cases : float
        Open cases now, ``S0``.
    total_fte : float
        Social workers (FTE) in all teams; cases per FTE = ``S / total_fte``.
    target : float
        The target caseload (cases per FTE).

    Returns
    -------
    Projection
        The new cases a month used, one :class:`ProjectionMonth` per month,
        the first month at or below the target (0 if it already is; ``None``
        if never) and the first month after that above it again (``None`` if never).

    Notes
    -----
    Each month, with ``S`` open at its start::

        closed = min(S / L, S)                      (never more than are open)
        extra  = min(E, max(0, S + A - closed))     (while the effort lasts)
        S     <- S + A - closed - extra

    Examples
    --------
    100 open cases, 5 FTE, 8 new cases a month lasting 10 months, 2 extra
    closures a month throughout, target 18. Month 1 closes 100 / 10 = 10,
    leaving 100 + 8 - 10 - 2 = 96 (19.2 per FTE); month 2 closes 9.6, leaving
    92.4 (18.48); month 3 closes 9.24, leaving 89.16 (17.832, at or below 18):

    >>> run = project(Flow(10, 8, 2, 0, 3), 100, 5, 18)
    >>> [round(m.open_cases, 2) for m in run.months]
    [96.0, 92.4, 89.16]
    >>> run.months_to_target, run.month_target_lost
    (3, None)
    """
    length = flow.average_case_length_months
    arrivals = flow.new_cases_per_month if flow.new_cases_per_month is not None else open_cases / length
    months: list[ProjectionMonth] = []
    months_to_target = 0 if open_cases / total_fte <= target else None
    month_target_lost: int | None = None
    for month in range(1, flow.projection_months + 1):
        # A case length under a month would close more cases than are open
        # (S/L > S): no month closes more than the cases open at its start,
        # so the step stays stable and never negative for any valid length.
        closed = min(open_cases / length, open_cases)
        effort_on = flow.extra_closure_months == 0 or month <= flow.extra_closure_months
        extra = min(flow.extra_closures_per_month if effort_on else 0.0, max(0.0, open_cases + arrivals - closed))
        open_cases = open_cases + arrivals - closed - extra
        caseload = open_cases / total_fte
        months.append(ProjectionMonth(month, arrivals, closed, extra, open_cases, caseload))
        if months_to_target is None and caseload <= target:
            months_to_target = month
        elif months_to_target is not None and month_target_lost is None and caseload > target:
            month_target_lost = month
    return Projection(arrivals, tuple(months), months_to_target, month_target_lost)


def calculate(inp: CaseloadInput) -> CaseloadResult:
    """Caseloads by team and overall, the gap to the target, the extra FTE and their cost, and the flow projection.

    Parameters
    ----------
    inp : CaseloadInput
        Case types (with optional weights), teams (FTE and open cases by
        type), the target caseload, salary and on-costs, an optional capacity
        in points per FTE and an optional :class:`Flow`.

    Returns
    -------
    CaseloadResult
        One :class:`TeamResult` per team and one for all teams, cases by type,
        and the flow's steady state and :func:`project` figures (``None``
        without a flow).

    Notes
    -----
    For team ``j``: caseload ``q_j = cases_j / FTE_j``; gap ``q_j - target``;
    extra FTE ``max(0, cases_j / target - FTE_j)``, summed over teams (staff
    are not moved between teams); cost ``extra FTE × salary × (1 + on-costs / 100)``.
    Steady state (Little's law): ``A × L`` open cases, ``(A − E) × L`` with the effort.

    Examples
    --------
    Two teams with a target of 20: 100 cases on 4 FTE is 25 a worker and
    needs 100 / 20 - 4 = 1 more FTE; 30 cases on 2 FTE is 15 and needs none.
    Together 130 / 6 = 21.67. One FTE at £40,000 with 25 % on-costs costs £50,000:

    >>> inp = CaseloadInput((CaseType("cp", "Child protection"),), (Team("North", 4, (("cp", 100),)), Team("South", 2, (("cp", 30),))), 20, 40_000, 25)
    >>> result = calculate(inp)
    >>> [(t.caseload_per_fte, t.extra_fte) for t in result.teams]
    [(25.0, 1.0), (15.0, 0.0)]
    >>> round(result.overall.caseload_per_fte, 2), result.overall.extra_fte_cost
    (21.67, 50000.0)
    """
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

    flow = inp.flow
    run = None if flow is None else project(flow, float(overall.cases), total_fte, inp.target_caseload)
    arrivals = None if run is None else run.arrivals
    projection = () if run is None else run.months
    return CaseloadResult(
        input=inp,
        teams=tuple(teams),
        overall=overall,
        cases_by_type=tuple(totals.items()),
        new_cases_per_month=arrivals,
        steady_state_caseload=None if flow is None or arrivals is None else arrivals * flow.average_case_length_months / total_fte,
        steady_state_caseload_with_effort=None if flow is None or arrivals is None else max(0.0, arrivals - flow.extra_closures_per_month) * flow.average_case_length_months / total_fte,
        projection=projection,
        months_to_target=None if run is None else run.months_to_target,
        month_target_lost=None if run is None else run.month_target_lost,
        final_caseload=projection[-1].caseload_per_fte if projection else None,
    )
