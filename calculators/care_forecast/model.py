"""The care population forecast: a monthly stock-and-flow model of children looked after.

States are placement types, optionally split into age bands; "not looked
after" is where children come from and where they go. Every flow is a rate
per child a year (a hazard), so a month's step conserves children exactly:
each child in a state at the start of a month either stays, moves to another
state or leaves care, and each child starting in the month is placed
somewhere or has already left by its end.

All figures come from the input (``data/preset_inputs.csv`` for the presets);
none is written here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

__all__ = [
    "MONTHS",
    "Z80",
    "Band",
    "PlacementType",
    "Flow",
    "Change",
    "ForecastInput",
    "Regime",
    "Path",
    "exit_rate",
    "closed_form",
    "build_regime",
    "step",
    "project",
    "steady_state",
    "months_to_settle",
]

#: Months in a year: the model steps one month at a time.
MONTHS = 12
#: The standard normal quantile at 90 %: an 80 % two-sided band is mean ± Z80 × sd.
Z80 = 1.2815515655446004


@dataclass(frozen=True)
class Band:
    """An age band ``[from_age, to_age)``, with its shares of children now and of children starting."""

    label: str
    from_age: int
    to_age: int
    share_now_pct: float
    share_of_starts_pct: float

    @property
    def ageing_rate(self) -> float:
        """Children leaving the band by growing out of it, per child a year: ``1 ÷ width`` (ages spread evenly)."""
        return 1.0 / (self.to_age - self.from_age)


#: A gap to the steady state smaller than this many children counts as none (already settled).
_SETTLED = 0.5

#: Without age bands the model has one band, whose ageing is already inside the exit rates.
WHOLE_CHILDHOOD = Band("0 to 17", 0, 18, 100.0, 100.0)


@dataclass(frozen=True)
class PlacementType:
    """One placement type: children now, share of first placements, leaving rate and cost."""

    id: str
    label: str
    children: float
    first_placement_share_pct: float
    exit_rate: float  # per child a year
    exit_given_as: str  # "rate" or "average_years"
    cost: float  # £ per child a year
    cost_low: float | None = None
    cost_high: float | None = None


@dataclass(frozen=True)
class Flow:
    """Children a year moving from one placement type to another (at today's numbers)."""

    from_id: str
    to_id: str
    children_per_year: float


@dataclass(frozen=True)
class Change:
    """What "with the change" alters, from ``start_month`` (1 = the first month of the forecast)."""

    start_month: int = 1
    starts_change_pct: float = 0.0
    stay_change_pct: float = 0.0
    extra_moves: tuple[Flow, ...] = ()


@dataclass(frozen=True)
class ForecastInput:
    """Everything the forecast needs (see :mod:`calculators.care_forecast.spec` for each field's meaning)."""

    placements: tuple[PlacementType, ...]
    starts_per_year: float
    starts_trend_pct: float
    child_population: float | None
    horizon_years: int
    moves: tuple[Flow, ...] = ()
    bands: tuple[Band, ...] = ()
    change: Change | None = None
    starts_uncertainty_pct: float = 0.0
    exit_uncertainty_pct: float = 0.0
    first_year: int | None = None
    year_start_month: str = "april"
    title: str = ""
    notes: str = ""


def exit_rate(average_years: float) -> float:
    """Exit rate per child a year from the average time in care (Little's law).

    Parameters
    ----------
    average_years : float
        Average time a child spends in the placement type before leaving care, in years (> 0).

    Returns
    -------
    float
        The exit rate ``h``, children leaving a year per child in the type.

    Notes
    -----
    In a steady state, children in care = children leaving a year × average
    years in care (Little's law), so with ``h`` = leaving a year ÷ children:

    .. math:: h = 1 / \\bar{T}

    Examples
    --------
    >>> exit_rate(2.5)
    0.4
    """
    return 1.0 / average_years


def closed_form(n0: float, starts: float, share: float, rate: float, years: float) -> float:
    """Children in one placement type after ``years``, with constant starts and no moves.

    Parameters
    ----------
    n0 : float
        Children in the type now.
    starts : float
        Children starting to be looked after a year.
    share : float
        Share of the starts first placed in this type (0 to 1).
    rate : float
        Exit rate ``h`` per child a year (> 0).
    years : float
        Time from now, in years.

    Returns
    -------
    float
        ``N(t)``.

    Notes
    -----
    The solution of ``dN/dt = starts × share − h × N``:

    .. math:: N(t) = N^* + (N_0 - N^*) e^{-h t}, \\qquad N^* = \\text{starts} \\times \\text{share} / h

    The monthly step (:func:`step`) reproduces it exactly at every month end,
    because it lets children who start during a month leave during that month
    at the same rate (``(1 − e^{−hΔ}) ÷ (hΔ)`` of them remain, Δ = 1/12).

    Examples
    --------
    >>> round(closed_form(100, 60, 0.5, 0.4, 1.0), 4)  # 75 + 25 × e^−0.4
    91.758
    """
    steady = starts * share / rate
    return steady + (n0 - steady) * math.exp(-rate * years)


@dataclass(frozen=True)
class Regime:
    """One set of monthly transition fractions (before or after the change).

    For state ``i``: ``stay[i]`` of its children are still there at the month's
    end; ``keep_new[i]`` of the children placed in it during the month are;
    the rest of each go to ``routes[i]`` as ``(state or -1 for leaving care, fraction)``;
    ``leave[i]`` is the fraction of those outflows that leaves care.
    """

    stay: tuple[float, ...]
    keep_new: tuple[float, ...]
    routes: tuple[tuple[tuple[int, float], ...], ...]
    entry_share: tuple[float, ...]
    starts_factor: float


def _hazards(inp: ForecastInput, changed: bool, exit_factor: float) -> list[list[tuple[int, float]]]:
    """For each state, its rates per child a year: ``(destination, rate)``, destination −1 = leaves care."""
    bands = inp.bands or (WHOLE_CHILDHOOD,)
    index = {p.id: k for k, p in enumerate(inp.placements)}
    nb = len(bands)
    stay_factor = 1.0
    flows = list(inp.moves)
    if changed and inp.change is not None:
        stay_factor = 1 + inp.change.stay_change_pct / 100
        flows += list(inp.change.extra_moves)
    move_rate: dict[tuple[int, int], float] = {}
    for f in flows:
        a, b = index[f.from_id], index[f.to_id]
        base = inp.placements[a].children
        if base > 0 and f.children_per_year > 0:
            move_rate[(a, b)] = move_rate.get((a, b), 0.0) + f.children_per_year / base
    out = []
    for t, p in enumerate(inp.placements):
        for b, band in enumerate(bands):
            rates = [(-1, p.exit_rate * exit_factor / stay_factor)]
            rates += [(u * nb + b, r) for (a, u), r in move_rate.items() if a == t]
            if inp.bands:
                rates.append((-1 if b == nb - 1 else t * nb + b + 1, band.ageing_rate))
            out.append(rates)
    return out


def build_regime(inp: ForecastInput, changed: bool = False, exit_factor: float = 1.0) -> Regime:
    """The monthly fractions for the do-nothing (``changed=False``) or changed rates.

    Parameters
    ----------
    inp : ForecastInput
        The forecast's input.
    changed : bool
        Whether the change's rates apply (shorter stays, extra moves, fewer starts).
    exit_factor : float
        Multiplies every exit rate (used for the uncertainty band).

    Returns
    -------
    Regime

    Notes
    -----
    With total rate ``H_i = Σ_j r_ij`` out of state ``i`` and a month ``Δ = 1/12`` year:

    .. math:: \\text{stay}_i = e^{-H_i Δ}, \\qquad \\text{keep\\_new}_i = (1 - e^{-H_i Δ}) / (H_i Δ)

    and what goes goes to ``j`` in the proportion ``r_ij ÷ H_i`` (competing
    risks). ``keep_new`` is the share of children placed evenly through the
    month who are still there at its end.

    Examples
    --------
    >>> inp = ForecastInput((PlacementType("a", "A", 100, 100, 0.4, "rate", 1.0),), 60, 0, 10000, 1)
    >>> round(build_regime(inp).stay[0], 6)
    0.967216
    """
    bands = inp.bands or (WHOLE_CHILDHOOD,)
    stay, keep, routes = [], [], []
    for rates in _hazards(inp, changed, exit_factor):
        total = math.fsum(r for _, r in rates)
        x = total / MONTHS
        stay.append(math.exp(-x))
        keep.append(1.0 if x == 0 else -math.expm1(-x) / x)
        routes.append(tuple((j, r / total) for j, r in rates if r > 0) if total > 0 else ())
    entry = tuple(p.first_placement_share_pct / 100 * band.share_of_starts_pct / 100 for p in inp.placements for band in bands)
    factor = 1 + inp.change.starts_change_pct / 100 if changed and inp.change is not None else 1.0
    return Regime(tuple(stay), tuple(keep), tuple(routes), entry, factor)


def step(levels: list[float], starts: float, regime: Regime) -> tuple[list[float], float, float]:
    """One month: the new levels, the children who started and the children who left care.

    Parameters
    ----------
    levels : list of float
        Children in each state at the start of the month.
    starts : float
        Children starting to be looked after in the month.
    regime : Regime
        The month's fractions (:func:`build_regime`).

    Returns
    -------
    (list of float, float, float)
        Levels at the month's end, starts, leavers.

    Notes
    -----
    For each state ``i`` with ``E_i = starts × entry_i``::

        out_i = N_i (1 − stay_i) + E_i (1 − keep_new_i)
        N'_i  = N_i stay_i + E_i keep_new_i + Σ_k out_k × route_ki

    Every child is counted once, so ``Σ N' − Σ N = starts − leavers`` exactly
    (up to floating-point rounding).

    Examples
    --------
    >>> inp = ForecastInput((PlacementType("a", "A", 100, 100, 0.4, "rate", 1.0),), 60, 0, 10000, 1)
    >>> new, s, left = step([100.0], 5.0, build_regime(inp))
    >>> abs(sum(new) - 100 - (s - left)) < 1e-12
    True
    """
    new = [0.0] * len(levels)
    left = 0.0
    for i, n in enumerate(levels):
        e = starts * regime.entry_share[i]
        s, k = regime.stay[i], regime.keep_new[i]
        new[i] += n * s + e * k
        out = n * (1 - s) + e * (1 - k)
        if out:
            for j, frac in regime.routes[i]:
                if j < 0:
                    left += out * frac
                else:
                    new[j] += out * frac
    return new, starts, left


@dataclass
class Path:
    """A projection month by month: levels at each month end (index 0 = now), starts and leavers in each month."""

    levels: list[list[float]] = field(default_factory=list)
    starts: list[float] = field(default_factory=list)
    leavers: list[float] = field(default_factory=list)


def starts_in_month(inp: ForecastInput, month: int) -> float:
    """Children starting in ``month`` (1-based) before any change: the yearly figure grown by the trend to the month's middle, ÷ 12."""
    return inp.starts_per_year / MONTHS * (1 + inp.starts_trend_pct / 100) ** ((month - 0.5) / MONTHS)


def initial_levels(inp: ForecastInput) -> list[float]:
    """Children in each state now: each type's children split by the bands' shares of children now."""
    bands = inp.bands or (WHOLE_CHILDHOOD,)
    return [p.children * band.share_now_pct / 100 for p in inp.placements for band in bands]


def project(inp: ForecastInput, changed: bool = False, starts_factor: float = 1.0, exit_factor: float = 1.0, months: int | None = None) -> Path:
    """Step the model month by month over the horizon.

    Parameters
    ----------
    inp : ForecastInput
        The forecast's input.
    changed : bool
        "With the change" (from its start month) rather than "do nothing".
    starts_factor, exit_factor : float
        Multipliers on the starts and on the exit rates (the uncertainty band).
    months : int, optional
        Months to step; the horizon by default.

    Returns
    -------
    Path

    Notes
    -----
    Month ``m`` uses the changed rates if ``changed`` and ``m ≥ start_month``;
    starts in month ``m`` are ``S₀ (1 + g)^{(m − ½)/12} ÷ 12`` times the change's
    factor, ``g`` the trend.

    Examples
    --------
    >>> inp = ForecastInput((PlacementType("a", "A", 100, 100, 0.4, "rate", 1.0),), 60, 0, 10000, 1)
    >>> round(sum(project(inp).levels[-1]), 4)  # = closed_form(100, 60, 1, 0.4, 1)
    116.484
    """
    total_months = inp.horizon_years * MONTHS if months is None else months
    before = build_regime(inp, False, exit_factor)
    after = build_regime(inp, True, exit_factor) if changed and inp.change is not None else before
    begin = inp.change.start_month if changed and inp.change is not None else total_months + 1
    path = Path([initial_levels(inp)])
    levels = path.levels[0]
    for m in range(1, total_months + 1):
        regime = after if m >= begin else before
        levels, s, left = step(levels, starts_in_month(inp, m) * starts_factor * regime.starts_factor, regime)
        path.levels.append(levels)
        path.starts.append(s)
        path.leavers.append(left)
    return path


def steady_state(inp: ForecastInput, changed: bool, starts_per_month: float) -> list[float]:
    """The levels the model settles at with constant starts and rates: solves ``N = step(N)``.

    Parameters
    ----------
    inp : ForecastInput
    changed : bool
        Use the change's rates.
    starts_per_month : float
        Children starting a month, held constant.

    Returns
    -------
    list of float

    Notes
    -----
    ``N* = A N* + b`` with ``A`` the month's transition matrix and ``b`` the
    placed starts, solved by Gaussian elimination of ``(I − A) N* = b``. For
    one type without moves this is ``starts × share ÷ h`` exactly.

    Examples
    --------
    >>> inp = ForecastInput((PlacementType("a", "A", 100, 100, 0.4, "rate", 1.0),), 60, 0, 10000, 1)
    >>> round(steady_state(inp, False, 5.0)[0], 9)
    150.0
    """
    regime = build_regime(inp, changed)
    n = len(regime.stay)
    # Column i of A: where one child of state i is at the month's end; b likewise for the starts.
    a = [[0.0] * n for _ in range(n)]
    b = [0.0] * n
    for i in range(n):
        a[i][i] += regime.stay[i]
        e = starts_per_month * regime.starts_factor * regime.entry_share[i]
        b[i] += e * regime.keep_new[i]
        for j, frac in regime.routes[i]:
            if j >= 0:
                a[j][i] += (1 - regime.stay[i]) * frac
                b[j] += e * (1 - regime.keep_new[i]) * frac
    m = [[(1.0 if r == c else 0.0) - a[r][c] for c in range(n)] + [b[r]] for r in range(n)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        if abs(m[col][col]) < 1e-15:
            raise ValueError("no steady state: some children never leave care")
        for r in range(n):
            if r != col and m[r][col]:
                ratio = m[r][col] / m[col][col]
                m[r] = [x - ratio * y for x, y in zip(m[r], m[col])]
    return [m[i][n] / m[i][i] for i in range(n)]


def months_to_settle(inp: ForecastInput, changed: bool, starts_per_month: float, start: list[float], target: list[float], limit: int = 600) -> int | None:
    """Months until the total is within 10 % of the way from ``start`` to its steady state ``target`` (``None`` past ``limit``).

    Parameters
    ----------
    inp : ForecastInput
        The forecast's input.
    changed : bool
        Whether the change's rates apply.
    starts_per_month : float
        Children starting to be looked after a month, held constant.
    start, target : list of float
        Children in each state now and in the steady state (:func:`steady_state`).
    limit : int
        The most months to step before giving up.

    Returns
    -------
    int or None
        The first month in which the total is within 10 % of the gap; ``None`` if it is not by ``limit``.

    Notes
    -----
    For one type this is ``ln 10 ÷ h`` years: the gap shrinks as ``e^{−h t}``.

    Examples
    --------
    >>> inp = ForecastInput((PlacementType("a", "A", 100, 100, 0.4, "rate", 1.0),), 60, 0, 10000, 1)
    >>> months_to_settle(inp, False, 5.0, [100.0], [150.0])  # ln 10 ÷ 0.4 = 5.76 years
    70
    """
    regime = build_regime(inp, changed)
    goal = math.fsum(target)
    gap = abs(math.fsum(start) - goal)
    if gap < _SETTLED:
        return 0
    levels = list(start)
    for month in range(1, limit + 1):
        levels, _, _ = step(levels, starts_per_month, regime)
        if abs(math.fsum(levels) - goal) <= 0.1 * gap:
            return month
    return None


# --------------------------------------------------------------------------
# The forecast over the horizon, for both scenarios
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class YearFigures:
    """One scenario in one year (year 0 = now): children at the year's end and the year's flows and cost."""

    year: int
    by_type: tuple[float, ...]
    total: float
    band_low: float
    band_high: float
    starts: float
    leavers: float
    average_children: tuple[float, ...]
    cost: float
    cost_low: float
    cost_high: float


@dataclass(frozen=True)
class Scenario:
    """One scenario's years and its steady state."""

    name: str
    years: tuple[YearFigures, ...]
    steady_total: float
    steady_by_type: tuple[float, ...]
    months_to_settle: int | None


@dataclass(frozen=True)
class ForecastResult:
    """Both scenarios ("with the change" is ``None`` without a change)."""

    input: ForecastInput
    do_nothing: Scenario
    with_change: Scenario | None

    def rate_per_10k(self, children: float) -> float | None:
        """Children per 10,000 of the child population aged 0 to 17 (``None`` if it is not given)."""
        if self.input.child_population is None:
            return None
        return children / self.input.child_population * 10_000


def _by_type(inp: ForecastInput, levels: list[float]) -> tuple[float, ...]:
    nb = len(inp.bands) or 1
    return tuple(math.fsum(levels[t * nb : (t + 1) * nb]) for t in range(len(inp.placements)))


def _band_sd(central: float, process: float, shifted: list[float]) -> float:
    """Standard deviation: process variance plus each shifted run's squared difference from the central run."""
    return math.sqrt(max(process, 0.0) + math.fsum((s - central) ** 2 for s in shifted))


def _scenario(inp: ForecastInput, changed: bool) -> Scenario:
    """One scenario's yearly figures, 80 % band and steady state (see the method page for the band)."""
    central = project(inp, changed)
    shifted = []
    if inp.starts_uncertainty_pct:
        shifted.append(project(inp, changed, starts_factor=1 + inp.starts_uncertainty_pct / 100))
    if inp.exit_uncertainty_pct:
        shifted.append(project(inp, changed, exit_factor=1 + inp.exit_uncertainty_pct / 100))
    costs = [(p.cost, p.cost if p.cost_low is None else p.cost_low, p.cost if p.cost_high is None else p.cost_high) for p in inp.placements]
    years = []
    for y in range(inp.horizon_years + 1):
        end = y * MONTHS
        levels = central.levels[end]
        total = math.fsum(levels)
        sd = _band_sd(total, total if y else 0.0, [math.fsum(s.levels[end]) for s in shifted])
        if y:
            months = [_by_type(inp, central.levels[m]) for m in range(end - MONTHS + 1, end + 1)]
            average = tuple(math.fsum(col) / MONTHS for col in zip(*months))
            starts = math.fsum(central.starts[end - MONTHS : end])
            leavers = math.fsum(central.leavers[end - MONTHS : end])
        else:
            average, starts, leavers = _by_type(inp, levels), 0.0, 0.0
        cost = [math.fsum(a * c[k] for a, c in zip(average, costs)) for k in range(3)]
        years.append(YearFigures(y, _by_type(inp, levels), total, max(0.0, total - Z80 * sd), total + Z80 * sd, starts, leavers, average, cost[0], cost[1], cost[2]))
    last_starts = starts_in_month(inp, inp.horizon_years * MONTHS)
    steady = steady_state(inp, changed, last_starts)
    settle = months_to_settle(inp, changed, last_starts, initial_levels(inp), steady)
    return Scenario("with the change" if changed else "do nothing", tuple(years), math.fsum(steady), _by_type(inp, steady), settle)


def calculate(inp: ForecastInput) -> ForecastResult:
    """Both scenarios of the forecast.

    Parameters
    ----------
    inp : ForecastInput

    Returns
    -------
    ForecastResult

    Notes
    -----
    Each year's cost is ``Σ_t c_t × n̄_t`` with ``n̄_t`` the average of the
    type's 12 month-end counts in the year. The 80 % band of the total is
    ``N ± 1.2816 σ`` with ``σ² = N + Σ_k (N_k − N)²``: ``N`` bounds the
    variance of independent children's comings and goings (Poisson starts,
    binomial stays), and each ``N_k`` is the forecast with the starts or the
    exit rates one standard deviation higher. The steady state and the time
    to settle use the starts of the horizon's last month, held constant.

    Examples
    --------
    >>> inp = ForecastInput((PlacementType("a", "A", 100, 100, 0.4, "rate", 1000.0),), 60, 0, 10000, 1)
    >>> result = calculate(inp)
    >>> round(result.do_nothing.years[1].total, 3), round(result.do_nothing.steady_total, 6)
    (116.484, 150.0)
    """
    return ForecastResult(inp, _scenario(inp, False), _scenario(inp, True) if inp.change is not None else None)
