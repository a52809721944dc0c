"""Service capacity calculator: how many families a team or a set of beds can serve, and who waits.

What it answers: with the staff (or beds) a service has, how many families
(or planned stays) can it take in a year, low / central / high; how busy is
it for the referrals it gets; and how long do people wait — or, when
referrals reach or exceed what it can take, how fast does the waiting list
grow?

Method (months throughout; weeks = months × ``WEEKS_PER_YEAR`` ÷ 12):

* Places ``c``, the families (or stays) that can be open at any one time:
  for a team, ``⌊staff × families per worker⌋`` or the team cap, the smaller
  if both are given (a family has a place or it does not, so a part place
  does not count); for beds, the number of planned beds.
* Average time a place is held ``D``: a team's average duration in months;
  for a bed, the length of stay in months divided by the occupancy (a bed
  at 90% occupancy is empty a tenth of the time, between stays).
* Throughput a year (Little's law, places = throughput × time held):
  ``T = c × 12 ÷ D``; for beds this is ``beds × occupancy × WEEKS_PER_YEAR ÷
  length of stay in weeks``. Low / central / high throughput come from the
  longest / central / shortest duration.
* Demand ``λ`` referrals a month; offered load ``a = λ × D`` (the places
  that would be in use with no limit); utilisation ``a ÷ c`` (= referrals a
  year ÷ throughput a year).
* Waiting when ``a < c``: the Erlang C formula for the M/M/c queue — random
  (Poisson) referrals, durations spread exponentially around the average,
  first come, first served, long-run averages. Probability of waiting
  ``C(c, a)`` (:func:`erlang_c`); mean wait over all referrals
  ``W = C × D ÷ (c − a)``; mean waiting list ``λ × W``; the wait that 9 in 10
  referrals stay within ``max(0, D ÷ (c − a) × ln(10 × C))``; months to clear
  the families waiting now, ``waiting ÷ (c ÷ D − λ)``.
* When ``a ≥ c`` there is no long-run state: the list grows by
  ``g = λ − c ÷ D`` a month. After ``N`` months (the horizon) it holds
  ``waiting now + g × N`` families, and a referral arriving then waits
  ``list × D ÷ c`` months for everyone ahead of it to be taken on.
* Emergency beds are a loss system: an emergency that finds every emergency
  bed full goes elsewhere. The share turned away is the Erlang B formula
  ``B(c, a)`` (:func:`erlang_b`) with ``a = requests a month × nights ×
  12 ÷ 365``; it holds whatever the spread of stay lengths. Most stays a
  year at full use: ``emergency beds × 365 ÷ nights``.

Figures: the presets' inputs come from ``data/preset_inputs.csv``
(Flintshire's report ``004_0e49056c93a6daee.txt`` §1.08 and §1.11–1.14;
Strengthening Families slides ``002_9c3f00f77cc2d999.txt`` slide 5). No
figure is written into this module.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ._spec import Errors, Field, Obj
from .presentation import Chart, Form, Presentation, Section, ServiceLink
from .registry import Calculator, KeyFigure
from .tables import PERCENT, Column, Table, headline, render, round_value
from .units import MONTHS_PER_YEAR, WEEKS_PER_YEAR

__all__ = [
    "erlang_b",
    "erlang_c",
    "places_of",
    "reflected_mean",
    "Team",
    "Beds",
    "CapacityInput",
    "Estimate",
    "EmergencyEstimate",
    "CapacityResult",
    "SPEC",
    "calculate",
    "CALCULATOR",
]

_DAYS_PER_YEAR = WEEKS_PER_YEAR * 7  # 365
_WEEKS_PER_MONTH = WEEKS_PER_YEAR / MONTHS_PER_YEAR
_ESTIMATES = ("low", "central", "high")


# --------------------------------------------------------------------------
# Queueing formulas
# --------------------------------------------------------------------------


def erlang_b(servers: int, load: float) -> float:
    """Probability that an arrival finds every server busy in a loss system (Erlang B).

    Parameters
    ----------
    servers:
        ``c``, the number of servers (beds, places); a whole number ≥ 0.
    load:
        ``a``, the offered load in erlangs: arrivals per unit time × mean
        service time (≥ 0).

    Returns
    -------
    float
        ``B(c, a)``, between 0 and 1 (1 when there are no servers).

    Notes
    -----
    ``B(c, a) = (aᶜ ÷ c!) ÷ Σₖ₌₀..c (aᵏ ÷ k!)``, computed with the recursion
    ``B(0, a) = 1``, ``B(k, a) = a B(k−1, a) ÷ (k + a B(k−1, a))``, whose terms
    are all positive and at most 1, so it neither overflows nor loses
    precision for hundreds or thousands of servers (the factorial form
    overflows a float beyond about 170 servers).

    Example
    -------
    >>> erlang_b(1, 1.0), erlang_b(2, 1.0)
    (0.5, 0.2)
    """
    blocked = 1.0
    for k in range(1, servers + 1):
        blocked = load * blocked / (k + load * blocked)
    return blocked


def erlang_c(servers: int, load: float) -> float:
    """Probability that an arrival has to wait in an M/M/c queue (Erlang C).

    Parameters
    ----------
    servers:
        ``c``, the number of servers (places); a whole number ≥ 1.
    load:
        ``a``, the offered load in erlangs (arrival rate × mean service time),
        with ``0 ≤ a < c`` (at ``a ≥ c`` the queue has no steady state).

    Returns
    -------
    float
        ``C(c, a)``, between 0 and 1.

    Notes
    -----
    ``C(c, a) = c B ÷ (c − a (1 − B))`` with ``B = B(c, a)`` from
    :func:`erlang_b` — the same quantity as the textbook
    ``(aᶜ ÷ c!) (c ÷ (c − a)) ÷ (Σₖ₌₀..c−1 aᵏ ÷ k! + (aᶜ ÷ c!) (c ÷ (c − a)))``
    but without factorials. Raises ``ValueError`` when ``a ≥ c``.

    Example
    -------
    >>> round(erlang_c(2, 1.0), 12)  # two servers, one erlang: 1/3
    0.333333333333
    """
    if not 0 <= load < servers:
        raise ValueError(f"Erlang C needs 0 ≤ load < servers; got load {load} with {servers} servers")
    blocked = erlang_b(servers, load)
    return servers * blocked / (servers - load * (1 - blocked))


def _log_normal_cdf(z: float) -> float:
    """``ln Φ(z)``, the logarithm of the standard normal distribution function, without underflow far out in the tail."""
    if z > -30:
        return math.log(0.5 * math.erfc(-z / math.sqrt(2)))
    # Mills' ratio: Φ(z) ≈ φ(z) ÷ |z| × (1 − 1/z² + 3/z⁴) for z ≪ 0.
    u = 1 / (z * z)
    return -z * z / 2 - math.log(-z) - 0.5 * math.log(2 * math.pi) + math.log(1 - u + 3 * u * u)


def _normal_cdf(z: float) -> float:
    return 0.5 * math.erfc(-z / math.sqrt(2))


def _normal_pdf(z: float) -> float:
    return math.exp(-z * z / 2) / math.sqrt(2 * math.pi)


def reflected_mean(start: float, drift: float, variance: float, months: float) -> float:
    """Expected waiting list after ``months``: reflected Brownian motion from ``start`` (the heavy-traffic queue).

    Parameters
    ----------
    start:
        ``x``, the families waiting now (≥ 0).
    drift:
        ``μ``, the average growth of the list a month, referrals − places ÷ time held (any sign).
    variance:
        ``σ²``, how much the list's growth varies a month (≥ 0).
    months:
        ``t`` (> 0).

    Returns
    -------
    float
        ``E[R(t)]``, the expected list: never below 0 and never below ``x + μt``.

    Notes
    -----
    The list moves as ``x + μt + σW(t)`` but is held at 0 when it would go
    below (Harrison, *Brownian Motion and Stochastic Flow Systems*, 1985,
    §1.9), so ``P(R(t) > y) = Φ((m − y) ÷ s) + e^{ky} Φ((−y − m) ÷ s)`` with
    ``m = x + μt``, ``s = σ√t``, ``k = 2μ ÷ σ²``. Integrating over ``y ≥ 0``:

    ``E[R(t)] = s φ(m/s) + m Φ(m/s) + (e^{−kx} Φ(ks − m/s) − Φ(−m/s)) ÷ k``

    and, at ``μ = 0``, the last term's limit ``s φ(m/s) − x Φ(−m/s)``: from
    an empty list, ``σ √t √(2/π)``. The function is continuous and increasing
    in ``μ`` and in ``σ`` across ``μ = 0``, where a growing list
    (``μ > 0``) and a list settling to a long-run level (``μ < 0``, level
    ``σ² ÷ 2|μ|``) meet. Near ``k = 0`` the last term is taken from its
    Taylor series (two terms), which avoids the cancellation of the closed form.

    Example
    -------
    >>> round(reflected_mean(0.0, 0.0, 1.0, 1.0), 6)  # σ √t √(2/π)
    0.797885
    >>> reflected_mean(5.0, -1.0, 0.0, 3.0), reflected_mean(5.0, 1.0, 0.0, 3.0)  # no variance: the fluid list
    (2.0, 8.0)
    """
    m = start + drift * months
    if variance <= 0:
        return max(0.0, m)
    s = math.sqrt(variance * months)
    ratio = m / s
    first = s * _normal_pdf(ratio) + m * _normal_cdf(ratio)
    k = 2 * drift / variance
    if abs(k) * (s + start) < 1e-5:
        # (f(k) − f(0)) ÷ k for f(k) = e^{−kx} Φ(ks − m/s), from f′(0) and f″(0).
        d1 = s * _normal_pdf(ratio) - start * _normal_cdf(-ratio)
        d2 = start**2 * _normal_cdf(-ratio) - 2 * start * s * _normal_pdf(ratio) + s * m * _normal_pdf(ratio)
        second = d1 + k * d2 / 2
    else:
        second = (math.exp(-k * start + _log_normal_cdf(k * s - ratio)) - _normal_cdf(-ratio)) / k
    return max(0.0, m, first + second)


def places_of(staff_fte: float | None, families_per_worker: float | None, team_cap: int | None) -> int:
    """Families a team can hold at any one time: ⌊staff × families per worker⌋, the team cap, or the smaller.

    The product is rounded to 9 decimal places before the whole part is
    taken, so 2.3 FTE × 10 families gives 23 places, not 22 (in binary,
    2.3 × 10 = 22.999999999999996).

    >>> places_of(4, 5, None), places_of(2.3, 10, None), places_of(4, 6, 20), places_of(None, None, 50)
    (20, 23, 20, 50)
    """
    options = []
    if staff_fte is not None and families_per_worker is not None:
        options.append(math.floor(round(staff_fte * families_per_worker, 9)))
    if team_cap is not None:
        options.append(team_cap)
    if not options:
        raise ValueError("give families per worker with staff, or a team cap")
    return min(options)


# --------------------------------------------------------------------------
# Input specification
# --------------------------------------------------------------------------

_FAMILIES_A_MONTH = "families a month"


def _waiting_now(who: str) -> Field:
    return Field("waiting_now", "Waiting now", "integer", f"{who.capitalize()} already on the waiting list today (0 if none).", unit=who, minimum=0, maximum=1_000_000, default=0)


SPEC = Obj(
    key="",
    label="Service capacity input",
    help="A team-based service, a bed-based service or both, with the referrals each receives.",
    fields=(
        Field("title", "Title", "string", "A short name for this service.", required=False, default=""),
        Field("notes", "Notes", "string", "Where the figures come from and what is assumed.", required=False, default="", max_length=4000),
        Obj(
            "team",
            "Team-based service",
            "A team whose staff each work with a number of families at a time (e.g. an intensive family therapy team).",
            (
                Field("staff_fte", "Staff holding families", "number", "Full-time-equivalent staff who work directly with families (leave out supervisors and administrators who hold none). Needed with families per worker.", unit="FTE", minimum=0.1, maximum=500, required=False),
                Field("families_per_worker", "Families per worker", "number", "Families one full-time worker works with at any one time, from 0.1 (one family for ten workers) to 50. Give this, a team cap, or both (the smaller limit applies).", unit="families per FTE", minimum=0.1, maximum=50, required=False),
                Field("team_cap", "Team cap", "integer", "Most families the team works with at any one time, if the service sets a limit.", unit="families at a time", minimum=1, maximum=10_000, required=False),
                Field("duration_months", "Average duration", "number", "Average months a family is with the team (central estimate).", unit="months", minimum=0.1, maximum=60),
                Field("duration_low_months", "Average duration, low", "number", "The shortest plausible average; gives the high estimate of families a year. Leave empty to use the central figure.", unit="months", minimum=0.1, maximum=60, required=False),
                Field("duration_high_months", "Average duration, high", "number", "The longest plausible average; gives the low estimate of families a year. Leave empty to use the central figure.", unit="months", minimum=0.1, maximum=60, required=False),
                Field("referrals_per_month", "Referrals a month", "number", "Families referred to the team a month, on average. Leave empty to see capacity only.", unit=_FAMILIES_A_MONTH, minimum=0, maximum=100_000, required=False),
                _waiting_now("families"),
            ),
            required=False,
            nullable=True,
        ),
        Obj(
            "beds",
            "Bed-based service",
            "Planned beds (e.g. residential assessment) and, optionally, emergency beds.",
            (
                Field("beds", "Planned beds", "integer", "Beds for planned stays.", unit="beds", minimum=1, maximum=1_000),
                Field("length_of_stay_weeks", "Length of stay", "number", "Average weeks of a planned stay (central estimate).", unit="weeks", minimum=0.1, maximum=520),
                Field("length_of_stay_low_weeks", "Length of stay, low", "number", "The shortest plausible average stay; gives the high estimate of stays a year. Leave empty to use the central figure.", unit="weeks", minimum=0.1, maximum=520, required=False),
                Field("length_of_stay_high_weeks", "Length of stay, high", "number", "The longest plausible average stay; gives the low estimate of stays a year. Leave empty to use the central figure.", unit="weeks", minimum=0.1, maximum=520, required=False),
                Field("occupancy_pct", "Occupancy", "number", "Share of the time a planned bed is in use, from 1 % to 100 %; the rest is the gap between one stay and the next. (A bed in use less than 1 % of the time is not a bed the service plans with.)", unit="%", minimum=1, maximum=100),
                Field("referrals_per_month", "Referrals a month", "number", "Young people referred for a planned stay a month, on average. Leave empty to see capacity only.", unit="young people a month", minimum=0, maximum=100_000, required=False),
                _waiting_now("young people"),
                Field("emergency_beds", "Emergency beds", "integer", "Beds kept for emergencies (0 if none).", unit="beds", minimum=0, maximum=100, default=0),
                Field("emergency_nights", "Emergency stay", "number", "Average nights of an emergency stay (central estimate). Needed with emergency beds.", unit="nights", minimum=1, maximum=60, required=False),
                Field("emergency_nights_low", "Emergency stay, low", "number", "The shortest plausible average emergency stay. Leave empty to use the central figure.", unit="nights", minimum=1, maximum=60, required=False),
                Field("emergency_nights_high", "Emergency stay, high", "number", "The longest plausible average emergency stay. Leave empty to use the central figure.", unit="nights", minimum=1, maximum=60, required=False),
                Field("emergency_requests_per_month", "Emergency requests a month", "number", "Emergencies needing a bed a month, on average. Leave empty to see capacity only.", unit="requests a month", minimum=0, maximum=10_000, required=False),
            ),
            required=False,
            nullable=True,
        ),
        Field("horizon_months", "Months ahead", "integer", "How many months ahead to show the waiting list and the wait, starting from the families waiting now.", unit="months", minimum=1, maximum=120, default=12),
    ),
)


# --------------------------------------------------------------------------
# Typed input and result
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Team:
    """A team-based service: places from staff × families per worker and/or a cap; durations in months."""

    places: int
    duration_months: tuple[float, float, float]  # low, central, high
    staff_fte: float | None = None
    referrals_per_month: float | None = None
    waiting_now: int = 0


@dataclass(frozen=True)
class Beds:
    """A bed-based service: planned beds and, optionally, emergency beds."""

    beds: int
    length_of_stay_weeks: tuple[float, float, float]  # low, central, high
    occupancy_pct: float
    referrals_per_month: float | None = None
    waiting_now: int = 0
    emergency_beds: int = 0
    emergency_nights: tuple[float, float, float] | None = None  # low, central, high
    emergency_requests_per_month: float | None = None


@dataclass(frozen=True)
class CapacityInput:
    """A team, beds or both, and the horizon for a growing waiting list."""

    team: Team | None
    beds: Beds | None
    horizon_months: int = 12
    title: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Estimate:
    """Throughput and waiting for one duration (``estimate`` names the throughput: low uses the longest duration).

    ``duration`` is in the input's unit: months for a team, weeks of stay for
    beds. Waiting figures are ``None`` without referrals; the long-run
    (Erlang C) ones, ``p_wait_pct`` to ``months_to_clear``, only when
    utilisation is below 100%; ``growth_per_month`` only when it is 100% or
    more; the list and the wait after the horizon (``waiting_after``,
    ``wait_after_weeks``) at every utilisation, from :func:`reflected_mean`.
    """

    estimate: str
    duration: float
    places: int
    months_held: float
    throughput_per_year: float
    demand_per_year: float | None
    utilisation_pct: float | None
    stable: bool | None
    p_wait_pct: float | None = None
    mean_wait_weeks: float | None = None
    wait_90_weeks: float | None = None
    mean_waiting_list: float | None = None
    months_to_clear: float | None = None
    growth_per_month: float | None = None
    waiting_after: float | None = None
    wait_after_weeks: float | None = None


@dataclass(frozen=True)
class EmergencyEstimate:
    """Emergency beds for one stay length: the most stays a year and, with requests, the share turned away."""

    estimate: str
    nights: float
    beds: int
    max_stays_per_year: float
    requests_per_year: float | None
    utilisation_pct: float | None
    p_full_pct: float | None
    turned_away_per_year: float | None


@dataclass(frozen=True)
class CapacityResult:
    """Everything :func:`calculate` works out (estimates in the order low, central, high)."""

    input: CapacityInput
    team: tuple[Estimate, ...]
    beds: tuple[Estimate, ...]
    emergency: tuple[EmergencyEstimate, ...]


def _estimate(name: str, duration: float, places: int, months_held: float, referrals: float | None, waiting_now: int, horizon: int) -> Estimate:
    """Throughput (Little's law) and, with referrals, Erlang C waiting or the growth of the list."""
    throughput = places * MONTHS_PER_YEAR / months_held
    if referrals is None:
        return Estimate(name, duration, places, months_held, throughput, None, None, None)
    load = referrals * months_held
    common = dict(estimate=name, duration=duration, places=places, months_held=months_held, throughput_per_year=throughput,
                  demand_per_year=referrals * MONTHS_PER_YEAR, utilisation_pct=100 * load / places)
    capacity = places / months_held  # families a month the places can take on when all are in use
    stable = load < places
    waits = erlang_c(places, load) if stable else 1.0
    # The list after the horizon, for every level of demand: the heavy-traffic queue (reflected_mean),
    # its variance chosen so that below capacity it settles to Erlang C's long-run list exactly
    # (σ² ÷ 2|μ| = C a ÷ (c − a)), and at and above it is that of referrals and departures (λ + c ÷ D).
    # Both meet at 100% (C = 1), so the figures run on without a jump as demand crosses capacity.
    variance = waits * (referrals + min(referrals, capacity))
    waiting = reflected_mean(float(waiting_now), referrals - capacity, variance, float(horizon))
    # A referral then waits for everyone ahead, and (if every place is in use, as is Erlang C's chance C) for a place to free up.
    after = dict(waiting_after=waiting, wait_after_weeks=(waiting + waits) * months_held / places * _WEEKS_PER_MONTH)
    if stable:
        # Every division below is by places − load, the test of ``stable`` itself: capacity − referrals
        # is the same quantity divided by months_held, but in floating point it can be 0 when load < places.
        mean_wait = waits * months_held / (places - load)
        within_90 = max(0.0, months_held / (places - load) * math.log(10 * waits)) if waits > 0 else 0.0
        return Estimate(**common, stable=True, p_wait_pct=100 * waits, mean_wait_weeks=mean_wait * _WEEKS_PER_MONTH,
                        wait_90_weeks=within_90 * _WEEKS_PER_MONTH, mean_waiting_list=referrals * mean_wait,
                        months_to_clear=waiting_now * months_held / (places - load), **after)
    return Estimate(**common, stable=False, growth_per_month=referrals - capacity, **after)


def _emergency(name: str, nights: float, beds: int, requests: float | None) -> EmergencyEstimate:
    max_stays = beds * _DAYS_PER_YEAR / nights
    if requests is None:
        return EmergencyEstimate(name, nights, beds, max_stays, None, None, None, None)
    load = requests * nights * MONTHS_PER_YEAR / _DAYS_PER_YEAR
    full = erlang_b(beds, load)
    return EmergencyEstimate(name, nights, beds, max_stays, requests * MONTHS_PER_YEAR, 100 * load * (1 - full) / beds,
                             100 * full, requests * MONTHS_PER_YEAR * full)


def calculate(inp: CapacityInput) -> CapacityResult:
    """Throughput, utilisation and waiting for the team and the beds (see the module docstring).

    Parameters
    ----------
    inp:
        The services and their referrals.

    Returns
    -------
    CapacityResult
        Low, central and high estimates for each service given.

    Notes
    -----
    Throughput ``T = c × 12 ÷ D``; waiting by Erlang C while ``λ D < c``,
    else a list growing by ``λ − c ÷ D`` a month.

    Example
    -------
    >>> team = Team(places=20, duration_months=(3.0, 4.0, 5.0))
    >>> [round(e.throughput_per_year, 2) for e in calculate(CapacityInput(team, None)).team]
    [48.0, 60.0, 80.0]
    """
    team_rows: list[Estimate] = []
    if inp.team is not None:
        t = inp.team
        low, central, high = t.duration_months
        for name, months in zip(_ESTIMATES, (high, central, low)):
            team_rows.append(_estimate(name, months, t.places, months, t.referrals_per_month, t.waiting_now, inp.horizon_months))
    bed_rows: list[Estimate] = []
    emergency_rows: list[EmergencyEstimate] = []
    if inp.beds is not None:
        b = inp.beds
        low, central, high = b.length_of_stay_weeks
        for name, weeks in zip(_ESTIMATES, (high, central, low)):
            held = weeks / _WEEKS_PER_MONTH / (b.occupancy_pct / 100)
            bed_rows.append(_estimate(name, weeks, b.beds, held, b.referrals_per_month, b.waiting_now, inp.horizon_months))
        if b.emergency_beds and b.emergency_nights is not None:
            low, central, high = b.emergency_nights
            for name, nights in zip(_ESTIMATES, (high, central, low)):
                emergency_rows.append(_emergency(name, nights, b.emergency_beds, b.emergency_requests_per_month))
    return CapacityResult(inp, tuple(team_rows), tuple(bed_rows), tuple(emergency_rows))


# --------------------------------------------------------------------------
# JSON adapters (used by calculators.run_json)
# --------------------------------------------------------------------------


def _check_order(group: dict[str, Any], prefix: str, keys: tuple[str, str, str], label: str, unit: str, errors: Errors) -> None:
    """low ≤ central ≤ high, with the errors at the low or high field."""
    low, central, high = (group.get(k) for k in keys)
    if central is None:
        return
    if low is not None and low > central:
        errors.add((prefix, keys[0]), f"{label}, low is {low:g} {unit}, more than the central {central:g} {unit}; the low figure must be at most the central one.")
    if high is not None and high < central:
        errors.add((prefix, keys[2]), f"{label}, high is {high:g} {unit}, less than the central {central:g} {unit}; the high figure must be at least the central one.")


def _check(data: dict[str, Any], errors: Errors) -> None:
    """Cross-field rules: a service to work out, a way to count a team's places, durations in order, emergency stays."""
    team, beds = data.get("team"), data.get("beds")
    if "team" in data and "beds" in data and team is None and beds is None:
        errors.add(("team",), "Give a team-based service, a bed-based service or both: there is nothing to work out.")
    if isinstance(team, dict):
        staff, per_worker, cap = team.get("staff_fte"), team.get("families_per_worker"), team.get("team_cap")
        if per_worker is None and cap is None and "families_per_worker" in team and "team_cap" in team:
            errors.add(("team", "team_cap"), "Give families per worker (with staff holding families), a team cap on families at any one time, or both; there is nothing to count the team's places from.")
        if per_worker is not None and staff is None and "staff_fte" in team:
            errors.add(("team", "staff_fte"), "Staff holding families is missing: families per worker needs the number of full-time-equivalent staff (or leave families per worker empty and give a team cap).")
        if staff is not None and per_worker is not None and places_of(staff, per_worker, cap) < 1:
            errors.add(("team", "families_per_worker"), f"{staff:g} FTE × {per_worker:g} families per worker is less than one place; the team must be able to take at least one family at a time.")
        _check_order(team, "team", ("duration_low_months", "duration_months", "duration_high_months"), "Average duration", "months", errors)
    if isinstance(beds, dict):
        _check_order(beds, "beds", ("length_of_stay_low_weeks", "length_of_stay_weeks", "length_of_stay_high_weeks"), "Length of stay", "weeks", errors)
        _check_order(beds, "beds", ("emergency_nights_low", "emergency_nights", "emergency_nights_high"), "Emergency stay", "nights", errors)
        emergency = beds.get("emergency_beds")
        if emergency and beds.get("emergency_nights") is None and "emergency_nights" in beds:
            errors.add(("beds", "emergency_nights"), f"Emergency stay is missing: give the average nights of an emergency stay for the {emergency} emergency bed{'s' if emergency != 1 else ''}.")
        if emergency == 0 and beds.get("emergency_requests_per_month") is not None:
            errors.add(("beds", "emergency_requests_per_month"), "Emergency requests are given but there are no emergency beds; give at least one emergency bed, or leave the requests empty.")


def _triple(data: dict[str, Any], low: str, central: str, high: str) -> tuple[float, float, float]:
    mid = float(data[central])
    return (mid if data.get(low) is None else float(data[low]), mid, mid if data.get(high) is None else float(data[high]))


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _from_dict(data: dict[str, Any]) -> CapacityInput:
    """Typed input from a validated, normalised dict."""
    team = data.get("team")
    beds = data.get("beds")
    return CapacityInput(
        team=None
        if team is None
        else Team(
            places=places_of(_number(team.get("staff_fte")), _number(team.get("families_per_worker")), team.get("team_cap")),
            duration_months=_triple(team, "duration_low_months", "duration_months", "duration_high_months"),
            staff_fte=_number(team.get("staff_fte")),
            referrals_per_month=_number(team.get("referrals_per_month")),
            waiting_now=team["waiting_now"],
        ),
        beds=None
        if beds is None
        else Beds(
            beds=beds["beds"],
            length_of_stay_weeks=_triple(beds, "length_of_stay_low_weeks", "length_of_stay_weeks", "length_of_stay_high_weeks"),
            occupancy_pct=float(beds["occupancy_pct"]),
            referrals_per_month=_number(beds.get("referrals_per_month")),
            waiting_now=beds["waiting_now"],
            emergency_beds=beds["emergency_beds"],
            emergency_nights=None if beds.get("emergency_nights") is None else _triple(beds, "emergency_nights_low", "emergency_nights", "emergency_nights_high"),
            emergency_requests_per_month=_number(beds.get("emergency_requests_per_month")),
        ),
        horizon_months=data["horizon_months"],
        title=data["title"],
        notes=data["notes"],
    )


# --------------------------------------------------------------------------
# Result layout: every table's columns declared once (calculators.tables)
# --------------------------------------------------------------------------

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
            headline(f"{prefix}_growth_per_month", f"{name}: waiting list growth a month, central (no long-run average: it grows without limit)", central.growth_per_month, _FAMILIES_A_MONTH),
        ]
    return out


def _summary(result: CapacityResult) -> list[dict[str, Any]]:
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


def _to_json(result: CapacityResult) -> dict[str, Any]:
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
        "summary": _summary(result),
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


#: This calculator, as the registry (calculators.registry) knows it.
#: Headline figures a business case shows for each service (team, beds, emergency places), in order.
_CASE_FIGURES = ("places", "per_year_central", "demand_per_year", "utilisation_pct", "waiting_after", "wait_after_weeks", "mean_wait_weeks")


def _case_lines(result: dict[str, Any]) -> dict[str, Any]:
    """What a service-capacity scenario adds to a business case: families served and waits (it states no money)."""
    from . import _contribution as c

    where = "Service capacity calculator, headline figures"
    people = [c.person("families", s["label"], s["value"], s["unit"] or "", s["text"], where)
              for s in result["summary"] if any(s["key"].endswith("_" + end) for end in _CASE_FIGURES)]
    return {"money": [], "people": people, "figures": {}}


#: Where this calculator comes in the registry's list (the site's navigation and index).
CALCULATOR_ORDER = 40

CALCULATOR = Calculator(
    name="service-capacity",
    title="Service capacity and waiting",
    spec=SPEC,
    check=_check,
    build=_from_dict,
    calculate=calculate,
    present=_to_json,
    default_preset="flintshire-mst",
    summarise=_summary,
    case_lines=_case_lines,
    key_figures=(
        KeyFigure("team_utilisation_pct", "the team has room to spare (utilisation below 100%)", "referrals outstrip what the team can take (utilisation above 100%: the waiting list keeps growing)", 100.0),
        KeyFigure("beds_utilisation_pct", "the beds have room to spare (utilisation below 100%)", "referrals outstrip the beds (utilisation above 100%: the waiting list keeps growing)", 100.0),
    ),
    presentation=PRESENTATION,
)
