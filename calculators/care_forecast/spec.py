"""The forecast's input specification (the single source of limits for validation and the form) and its cross-field checks."""

from __future__ import annotations

from typing import Any

from .._spec import Calendar, Errors, Field, ListOf, Obj
from . import model

__all__ = ["SPEC", "check", "build"]

_MAX_HORIZON_YEARS = 10
_MAX_TYPES = 12
_SHARE_TOLERANCE = 0.5  # percentage points: shares typed to one decimal place may not add to exactly 100
_YEAR_STARTS = ("april", "january")

_PLACEMENT = Obj(
    "placement",
    "Placement type",
    "One kind of placement.",
    (
        Field("id", "Short code", "string", "A short code for this placement type, used in shared links and downloads (lower-case letters, digits and hyphens, e.g. 'in-house-foster').", max_length=60, pattern=r"[a-z0-9][a-z0-9-]*"),
        Field("label", "Name", "string", "Name shown in the form and the results; defaults to the short code.", required=False, default=""),
        Field("children", "Children now", "integer", "Children in this type of placement at the start of the forecast.", unit="children", minimum=0, maximum=200_000),
        Field("first_placement_share_pct", "Share of first placements", "number", "Of the children who start to be looked after, the share first placed in this type; the shares add up to 100.", unit="%", minimum=0, maximum=100),
        Field("leaving_pct", "Leaving care a year", "number", "Children who leave care from this type in a year, as a share of the children in it (leavers ÷ average number in the type). Give this or the average time in care, not both.", unit="% a year", minimum=0, exclusive_minimum=True, maximum=500, required=False),
        Field("average_years", "Average time in care", "number", "Average years a child in this type stays before leaving care; the leaving rate is worked out from it (1 ÷ years). Give this or the leaving rate, not both.", unit="years", minimum=0, exclusive_minimum=True, maximum=18, required=False),
        Field("cost", "Cost per child a year (central)", "number", "What one child in this placement type costs for a year.", unit="£", minimum=0, maximum=10_000_000),
        Field("cost_low", "Cost per child a year (low)", "number", "Optional low end of the cost range; leave empty if there is no range.", unit="£", minimum=0, maximum=10_000_000, required=False),
        Field("cost_high", "Cost per child a year (high)", "number", "Optional high end of the cost range; leave empty if there is no range.", unit="£", minimum=0, maximum=10_000_000, required=False),
    ),
)


def _moves(key: str, label: str, help_text: str) -> ListOf:
    return ListOf(
        key,
        label,
        help_text,
        Obj(
            "move",
            "Move",
            "Children moving between placement types each year.",
            (
                Field("from", "From placement", "choice", "The placement type the children leave.", choices_from="placements[].id"),
                Field("to", "To placement", "choice", "The placement type the children go to.", choices_from="placements[].id"),
                Field("children_per_year", "Children a year", "number", "How many children a year make this move at today's numbers; the number scales with the children in the type they leave.", unit="children a year", minimum=0, maximum=100_000),
            ),
        ),
        max_items=60,
    )


SPEC = Obj(
    key="",
    label="Care population forecast input",
    help="Children looked after now, the flows in, out and between placement types, and a change to compare with doing nothing.",
    fields=(
        Field("title", "Forecast title", "string", "A short name for this forecast, printed and exported with the results.", required=False, default=""),
        Field("notes", "Notes", "string", "Where the figures come from and what is assumed; printed and exported with the results.", required=False, default="", max_length=4000),
        ListOf("placements", "Placement types", "each kind of placement, with its children now, share of first placements, leaving rate or average time in care, and cost.", _PLACEMENT, min_items=1, max_items=_MAX_TYPES, required=True, unique_by="id", item_label="label"),
        Field("starts_per_year", "Children starting to be looked after a year", "number", "Children who start to be looked after in a year (the latest year's figure).", unit="children a year", minimum=0, maximum=1_000_000),
        Field("starts_trend_pct", "Trend in starts", "number", "Yearly change in the number of children starting (+2 = 2 % more each year).", unit="% a year", minimum=-50, maximum=100, default=0),
        _moves("moves", "Moves between placement types", "children moving from one placement type to another each year, as now (step-downs, breakdowns)."),
        ListOf(
            "age_bands",
            "Age bands",
            "optional: split every placement type into age bands from 0 to 18, so that children age out of care at 18; leave empty for no bands.",
            Obj(
                "band",
                "Age band",
                "One age band.",
                (
                    Field("label", "Name", "string", "E.g. '10 to 15'.", max_length=40),
                    Field("from_age", "From age", "integer", "The youngest age in the band.", unit="years", minimum=0, maximum=17),
                    Field("to_age", "Up to age", "integer", "The first age after the band (10 to 15 is from 10 up to 16).", unit="years", minimum=1, maximum=18),
                    Field("share_now_pct", "Share of children now", "number", "Share of the children looked after now who are in this band; the shares add up to 100.", unit="%", minimum=0, maximum=100),
                    Field("share_of_starts_pct", "Share of children starting", "number", "Share of the children starting to be looked after who are in this band; the shares add up to 100.", unit="%", minimum=0, maximum=100),
                ),
            ),
            max_items=6,
            item_label="label",
        ),
        Field("child_population", "Children aged 0 to 17 in the area", "integer", "The area's population aged 0 to 17, for rates per 10,000 children (held constant over the forecast); leave empty if not known, and no rate is shown.", unit="children", minimum=1, maximum=20_000_000, required=False),
        Obj(
            "band",
            "Uncertainty band",
            "How uncertain the flows are, for the 80 % band around the forecast.",
            (
                Field("starts_sd_pct", "Uncertainty in starts", "number", "One standard deviation of the starts a year, as a share of the figure given (how far a year's starts may differ from it); 0 for none.", unit="%", minimum=0, maximum=100, default=0),
                Field("exits_sd_pct", "Uncertainty in leaving rates", "number", "One standard deviation of the leaving rates, as a share of the rates given; 0 for none.", unit="%", minimum=0, maximum=100, default=0),
            ),
            required=False,
        ),
        Obj(
            "scenario",
            "Forecast and change",
            "The years forecast and the change compared with doing nothing.",
            (
                Field("horizon_years", "Years to forecast", "integer", "How many years the forecast runs from now (the horizon).", unit="years", minimum=1, maximum=_MAX_HORIZON_YEARS, default=5),
                Field("first_year", "Year 1 is the financial year starting in", "integer", "The calendar year in which year 1 begins: 2025 makes 'now' 31 March 2025 and year 1 the financial year 2025/26. Leave empty to number the years 1, 2, 3 only.", unit="calendar year", minimum=1990, maximum=2100, required=False),
                Field("year_start_month", "Financial year starts in", "choice", "April for councils in England, Wales and Scotland; January for a calendar year.", choices=_YEAR_STARTS, default="april", choice_labels=(("april", "April"), ("january", "January"))),
                Field("start_month", "Change starts", "integer", "The month the change takes effect. (In a file: 1 = the first month of year 1.)", unit="month", minimum=1, maximum=_MAX_HORIZON_YEARS * 12, default=1, month=True),
                Field("starts_change_pct", "Change in children starting", "number", "Percentage change in children starting to be looked after from then on (−10 = 10 % fewer, e.g. an edge-of-care service).", unit="%", minimum=-100, maximum=500, default=0),
                Field("stay_change_pct", "Change in time in care", "number", "Percentage change in the average time in care from then on (−10 = stays a tenth shorter).", unit="%", minimum=-90, maximum=500, default=0),
                _moves("moves", "Extra moves with the change", "step-downs added by the change (e.g. from residential to foster care), children a year on top of the moves as now."),
            ),
            required=False,
            calendar=Calendar(first_year="first_year", year_start="year_start_month", years="horizon_years"),
        ),
    ),
)


def _close_to_100(values: list[Any]) -> tuple[bool, float]:
    numbers = [v for v in values if isinstance(v, (int, float))]
    total = sum(numbers)
    return len(numbers) != len(values) or abs(total - 100) <= _SHARE_TOLERANCE, total


def _check_moves(moves: list[Any], where: tuple[str, ...], children: dict[str, Any], errors: Errors) -> None:
    for i, move in enumerate(moves):
        if not isinstance(move, dict):
            continue
        source = move.get("from")
        if source is not None and source == move.get("to"):
            errors.add(where + (i, "to"), f"To placement is the same as from placement ({source!r}); a move must go to a different placement type.")
        elif children.get(source) == 0 and (move.get("children_per_year") or 0) > 0:
            errors.add(where + (i, "from"), f"From placement {source!r} has no children now, so no child can move out of it; the number moving is worked out per child in the type.")


def check(data: dict[str, Any], errors: Errors) -> None:
    """Cross-field rules; tolerates partial input (it also runs when fields are invalid)."""
    placements = [p for p in data.get("placements") or [] if isinstance(p, dict)]
    for i, p in enumerate(data.get("placements") or []):
        if not isinstance(p, dict):
            continue
        rate, years = p.get("leaving_pct"), p.get("average_years")
        if rate is None and years is None:
            errors.add(("placements", i, "leaving_pct"), "Give either the share leaving care a year or the average time in care for this placement type.")
        elif rate is not None and years is not None:
            errors.add(("placements", i, "average_years"), f"Both a leaving rate ({rate:g} % a year) and an average time in care ({years:g} years) are given; give one, and the other is worked out from it.")
        cost, lo, hi = p.get("cost"), p.get("cost_low"), p.get("cost_high")
        if isinstance(cost, (int, float)) and isinstance(lo, (int, float)) and lo > cost:
            errors.add(("placements", i, "cost_low"), f"Cost (low) is {lo:,.2f}, more than the central cost {cost:,.2f}; the low cost must be no more than the central cost.")
        if isinstance(cost, (int, float)) and isinstance(hi, (int, float)) and hi < cost:
            errors.add(("placements", i, "cost_high"), f"Cost (high) is {hi:,.2f}, less than the central cost {cost:,.2f}; the high cost must be at least the central cost.")
    shares = [p.get("first_placement_share_pct") for p in placements]
    ok, total = _close_to_100(shares)
    if not ok:
        errors.add(("placements", 0, "first_placement_share_pct"), f"The shares of first placements add up to {total:g} %; they must add up to 100 %.")
    children = {p.get("id"): p.get("children") for p in placements}
    _check_moves(data.get("moves") or [], ("moves",), children, errors)
    scenario = data.get("scenario") or {}
    _check_moves(scenario.get("moves") or [], ("scenario", "moves"), children, errors)
    horizon, start = scenario.get("horizon_years"), scenario.get("start_month")
    if isinstance(horizon, int) and isinstance(start, int) and start > horizon * model.MONTHS:
        errors.add(("scenario", "start_month"), f"Change starts in month {start}, after the end of the {horizon}-year forecast; it must be from 1 to {horizon * model.MONTHS}.")
    bands = [b for b in data.get("age_bands") or [] if isinstance(b, dict)]
    if bands:
        _check_bands(bands, errors)


def _check_bands(bands: list[dict[str, Any]], errors: Errors) -> None:
    expected = 0
    for i, band in enumerate(bands):
        low, high = band.get("from_age"), band.get("to_age")
        if not (isinstance(low, int) and isinstance(high, int)):
            return
        if low != expected:
            errors.add(("age_bands", i, "from_age"), f"Age band {i + 1} starts at {low}; the bands must follow on from each other from age 0, so this one should start at {expected}.")
        if high <= low:
            errors.add(("age_bands", i, "to_age"), f"Age band {i + 1} runs from {low} up to {high}; 'up to age' must be more than 'from age'.")
            return
        expected = high
    if expected != 18:
        errors.add(("age_bands", len(bands) - 1, "to_age"), f"The last age band ends at {expected}; it must end at 18, the age at which children leave care.")
    for key, label in (("share_now_pct", "children now"), ("share_of_starts_pct", "children starting")):
        ok, total = _close_to_100([b.get(key) for b in bands])
        if not ok:
            errors.add(("age_bands", 0, key), f"The age bands' shares of {label} add up to {total:g} %; they must add up to 100 %.")


def build(data: dict[str, Any]) -> model.ForecastInput:
    """The typed input from a valid, normalised dict; each type's exit rate from whichever of rate or time was given."""
    placements = tuple(
        model.PlacementType(
            id=p["id"],
            label=p["label"] or p["id"],
            children=float(p["children"]),
            first_placement_share_pct=float(p["first_placement_share_pct"]),
            exit_rate=p["leaving_pct"] / 100 if p.get("leaving_pct") is not None else model.exit_rate(p["average_years"]),
            exit_given_as="rate" if p.get("leaving_pct") is not None else "average_years",
            cost=float(p["cost"]),
            cost_low=None if p.get("cost_low") is None else float(p["cost_low"]),
            cost_high=None if p.get("cost_high") is None else float(p["cost_high"]),
        )
        for p in data["placements"]
    )
    flows = lambda items: tuple(model.Flow(m["from"], m["to"], float(m["children_per_year"])) for m in items)  # noqa: E731
    s, band = data["scenario"], data["band"]
    change = model.Change(s["start_month"], float(s["starts_change_pct"]), float(s["stay_change_pct"]), flows(s["moves"]))
    return model.ForecastInput(
        placements=placements,
        starts_per_year=float(data["starts_per_year"]),
        starts_trend_pct=float(data["starts_trend_pct"]),
        child_population=None if data.get("child_population") is None else float(data["child_population"]),
        horizon_years=s["horizon_years"],
        moves=flows(data["moves"]),
        bands=tuple(model.Band(b["label"], b["from_age"], b["to_age"], float(b["share_now_pct"]), float(b["share_of_starts_pct"])) for b in data["age_bands"]),
        change=change,
        starts_uncertainty_pct=float(band["starts_sd_pct"]),
        exit_uncertainty_pct=float(band["exits_sd_pct"]),
        first_year=s.get("first_year"),
        year_start_month=s["year_start_month"],
        title=data["title"],
        notes=data["notes"],
    )
