"""Service capacity's input specification (the single source of limits for validation and the form), its cross-field checks and the typed input."""

from __future__ import annotations

from typing import Any

from .._spec import Errors, Field, Obj
from .model import Beds, CapacityInput, Team, places_of

__all__ = ["SPEC", "check", "build"]

#: The unit of referrals, in the form and in the tables.
FAMILIES_A_MONTH = "families a month"


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
                Field("referrals_per_month", "Referrals a month", "number", "Families referred to the team a month, on average. Leave empty to see capacity only.", unit=FAMILIES_A_MONTH, minimum=0, maximum=100_000, required=False),
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


def _check_order(group: dict[str, Any], prefix: str, keys: tuple[str, str, str], label: str, unit: str, errors: Errors) -> None:
    """low ≤ central ≤ high, with the errors at the low or high field."""
    low, central, high = (group.get(k) for k in keys)
    if central is None:
        return
    if low is not None and low > central:
        errors.add((prefix, keys[0]), f"{label}, low is {low:g} {unit}, more than the central {central:g} {unit}; the low figure must be at most the central one.")
    if high is not None and high < central:
        errors.add((prefix, keys[2]), f"{label}, high is {high:g} {unit}, less than the central {central:g} {unit}; the high figure must be at least the central one.")


def check(data: dict[str, Any], errors: Errors) -> None:
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


def build(data: dict[str, Any]) -> CapacityInput:
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
