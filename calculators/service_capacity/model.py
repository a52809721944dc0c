"""Service capacity: the queueing formulas, the typed input and result, and the calculation.

The questions it answers are in the package's docstring (:mod:`calculators.service_capacity`).

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
figure is written into this package.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..units import MONTHS_PER_YEAR, WEEKS_PER_YEAR

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
    "calculate",
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

    Examples
    --------
    One erlang on one server: B = 1 ÷ (1 + 1) = 0.5; on two: (1/2) ÷ (1 + 1 + 1/2) = 0.2:

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

    Examples
    --------
    Two servers, one erlang: B(2, 1) = 0.2, so C = 2 × 0.2 ÷ (2 − 1 × 0.8) = 0.4 ÷ 1.2 = 1/3:

    >>> round(erlang_c(2, 1.0), 12)
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

    Examples
    --------
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

    Parameters
    ----------
    staff_fte : float or None
        Staff (FTE) who hold families.
    families_per_worker : float or None
        Families one worker holds at a time.
    team_cap : int or None
        The most families the team takes at once, if it has a cap.

    Returns
    -------
    int
        ``c``, the places: ``⌊staff × families per worker⌋``, the cap, or the
        smaller of the two. Raises ``ValueError`` when neither is given.

    Notes
    -----
    The product is rounded to 9 decimal places before the whole part is
    taken, so 2.3 FTE × 10 families gives 23 places, not 22 (in binary,
    2.3 × 10 = 22.999999999999996).

    Examples
    --------
    4 × 5 = 20; 2.3 × 10 = 23; 4 × 6 = 24 but capped at 20; a cap of 50 alone:

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

    Examples
    --------
    20 places held 5, 4 or 3 months (longest first, the low estimate):
    20 × 12 ÷ 5 = 48, 20 × 12 ÷ 4 = 60 and 20 × 12 ÷ 3 = 80 families a year:

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
