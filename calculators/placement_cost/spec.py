"""Placement cost's input specification (the single source of limits for validation and the form), its cross-field checks and the typed input."""

from __future__ import annotations

from typing import Any

from .._spec import Calendar, Errors, Field, ListOf, Obj
from ..units import MONTHS_PER_YEAR
from .model import DemandChange, Move, PlacementCostInput, PlacementType, Scenario

__all__ = ["SPEC", "check", "build"]

_BASES = ("annual_per_child", "weekly_per_child", "annual_total")
_PROVIDERS = ("in-house", "purchased")
_SETTINGS = ("family-based", "residential")
_YEAR_STARTS = ("april", "january")
_MAX_HORIZON_YEARS = 10

_COST_HELP = "in the way chosen under 'How is this cost given?': £ per child per year, £ per child per week, or £ total spend a year for all the children of this type"

SPEC = Obj(
    key="",
    label="Placement cost input",
    help="A baseline placement mix and a scenario of changes to it.",
    fields=(
        Field("title", "Scenario title", "string", "A short name for this scenario, printed and exported with the results.", required=False, default=""),
        Field("notes", "Notes", "string", "Where the figures come from and what is assumed; printed and exported with the results.", required=False, default="", max_length=4000),
        ListOf(
            "placements",
            "Placement types",
            "each kind of placement in the baseline mix, with its number of children and cost.",
            Obj(
                "placement",
                "Placement type",
                "One kind of placement.",
                (
                    Field("id", "Short code", "string", "A short code for this placement type, used in shared links and downloads (lower-case letters, digits and hyphens, e.g. 'in-house-foster'); the name is what the form and results show.", max_length=60, pattern=r"[a-z0-9][a-z0-9-]*"),
                    Field("label", "Name", "string", "Name shown in the form and the results; defaults to the short code.", required=False, default=""),
                    Field("children", "Number of children", "integer", "Children in this type of placement at the start (baseline).", unit="children", minimum=0, maximum=100_000),
                    Field("cost_basis", "How is this cost given?", "choice", "Per child per year, per child per week, or the total spend a year on all the children of this type.", choices=_BASES, default="annual_per_child", choice_labels=(("annual_per_child", "£ per child per year"), ("weekly_per_child", "£ per child per week"), ("annual_total", "£ total spend a year"))),
                    Field("cost", "Cost (central)", "number", f"Central cost, {_COST_HELP}. 0 means none: a type the council does not have, or one that costs its budget nothing.", unit="£", minimum=0, maximum=1_000_000_000),
                    Field("cost_low", "Cost (low)", "number", f"Optional low end of the cost range, same basis; leave empty if there is no range.", unit="£", minimum=0, exclusive_minimum=True, maximum=1_000_000_000, required=False),
                    Field("cost_high", "Cost (high)", "number", f"Optional high end of the cost range, same basis; leave empty if there is no range.", unit="£", minimum=0, exclusive_minimum=True, maximum=1_000_000_000, required=False),
                    Field("provider", "Provider", "choice", "Whether the council provides the placement itself (in-house) or buys it from another provider (purchased).", choices=_PROVIDERS, choice_labels=(("in-house", "In-house (the council's own)"), ("purchased", "Purchased (bought in)"))),
                    Field("setting", "Setting", "choice", "Family-based (foster, kinship, at home) or residential (children's homes).", choices=_SETTINGS, choice_labels=(("family-based", "Family-based"), ("residential", "Residential"))),
                    Field("inflation_pct", "Price inflation", "number", "Yearly rise in this type's cost per child from year 2 on (unit cost: the cost of one child in this placement for a year).", unit="% a year", minimum=-20, maximum=50, default=0),
                ),
            ),
            min_items=1,
            max_items=30,
            required=True,
            unique_by="id",
            item_label="label",
        ),
        Obj(
            "scenario",
            "Scenario",
            "The changes to model over the horizon.",
            (
                Field("horizon_years", "Years to model", "integer", "How many financial years the results cover (the horizon).", unit="years", minimum=1, maximum=_MAX_HORIZON_YEARS, default=3),
                Field("first_year", "Year 1 is the financial year starting in", "integer", "The calendar year in which year 1 begins: 2026 makes year 1 the financial year 2026/27 (from April). Leave empty to number the years 1, 2, 3 only.", unit="calendar year", minimum=1990, maximum=2100, required=False),
                Field("year_start_month", "Financial year starts in", "choice", "April for councils in England, Wales and Scotland; January for a calendar-year budget.", choices=_YEAR_STARTS, default="april", choice_labels=(("april", "April"), ("january", "January"))),
                ListOf(
                    "moves",
                    "Moves",
                    "children moving from one placement type to another from a given month.",
                    Obj(
                        "move",
                        "Move",
                        "Children moving between placement types.",
                        (
                            Field("from", "From placement", "choice", "The placement type the children leave.", choices_from="placements[].id"),
                            Field("to", "To placement", "choice", "The placement type the children go to.", choices_from="placements[].id"),
                            Field("children", "Children moving", "integer", "How many children move.", unit="children", minimum=1, maximum=100_000),
                            Field("start_month", "From", "integer", "The month the move takes effect; it counts for the rest of the years modelled. (In a file: 1 = the first month of year 1.)", unit="month", minimum=1, maximum=_MAX_HORIZON_YEARS * 12, default=1, month=True),
                        ),
                    ),
                    max_items=100,
                ),
                ListOf(
                    "demand_changes",
                    "Demand changes",
                    "changes in the number of children entering care or in how long they stay.",
                    Obj(
                        "demand_change",
                        "Demand change",
                        "A change in entrants or length of stay.",
                        (
                            Field("placement", "Applies to", "choice", "The placement type it applies to, or all of them.", choices_from="placements[].id", extra_choices=("all",), default="all", choice_labels=(("all", "All placement types"),)),
                            Field("entrants_change_pct", "Change in children entering care", "number", "Percentage change in entrants (−10 = 10% fewer).", unit="%", minimum=-100, maximum=500, default=0),
                            Field("length_of_stay_change_pct", "Change in average length of stay", "number", "Percentage change in average time in care (−25 = a quarter shorter).", unit="%", minimum=-100, maximum=500, default=0),
                            Field("start_month", "From", "integer", "The month the change starts. (In a file: 1 = the first month of year 1.)", unit="month", minimum=1, maximum=_MAX_HORIZON_YEARS * 12, default=1, month=True),
                            Field("phase_in_months", "Phase-in", "integer", "Months over which numbers move in a straight line to their new level (0 = at once); about one average length of stay.", unit="months", minimum=0, maximum=_MAX_HORIZON_YEARS * 12, default=12),
                        ),
                    ),
                    max_items=50,
                ),
                ListOf(
                    "reinvestment_by_year",
                    "Reinvestment by year",
                    "money put into family support or prevention in each year (year 1 first); missing years are £0.",
                    Field("reinvestment", "Reinvestment in year", "number", "Money put back into family support or prevention that year, taken off the saving.", unit="£", minimum=0, maximum=1_000_000_000),
                    max_items=_MAX_HORIZON_YEARS,
                ),
                Field("planned_saving", "Planned saving", "number", "Optional saving from a plan (a budget or a source document), shown beside the modelled saving.", unit="£", minimum=0, maximum=1_000_000_000, required=False),
                Field("planned_saving_year", "Year of planned saving", "integer", "Which year of the horizon the planned saving is for.", unit="year", minimum=1, maximum=_MAX_HORIZON_YEARS, default=1),
                Field("planned_saving_label", "Name of the plan", "string", "What the planned saving is, e.g. 'Savings plan 2026/27'.", required=False, default="Planned saving"),
            ),
            required=False,
            calendar=Calendar(first_year="first_year", year_start="year_start_month", years="horizon_years"),
        ),
    ),
)


def check(data: dict[str, Any], errors: Errors) -> None:
    """Cross-field rules: what one field allows depends on another. Tolerates partial input."""
    placements = [p for p in data.get("placements") or [] if isinstance(p, dict)]
    by_id: dict[str, dict[str, Any]] = {p["id"]: p for p in placements if "id" in p}
    for i, p in enumerate(data.get("placements") or []):
        if not isinstance(p, dict):
            continue
        if p.get("cost_basis") == "annual_total" and p.get("children") == 0 and p.get("cost") != 0:
            errors.add(("placements", i, "children"), "Number of children is 0 but the cost is given as total annual spend, so the cost per child cannot be worked out. Give more than 0 children, or give the cost per child (under “How is this cost given?”, choose “£ per child per year” or “£ per child per week”).")
        cost, lo, hi = p.get("cost"), p.get("cost_low"), p.get("cost_high")
        if cost is not None and lo is not None and lo > cost:
            errors.add(("placements", i, "cost_low"), f"Cost (low) is {lo:,.2f}, more than the central cost {cost:,.2f}; the low cost must be no more than the central cost.")
        if cost is not None and hi is not None and hi < cost:
            errors.add(("placements", i, "cost_high"), f"Cost (high) is {hi:,.2f}, less than the central cost {cost:,.2f}; the high cost must be at least the central cost.")
    scenario = data.get("scenario") or {}
    horizon = scenario.get("horizon_years")
    last_month = horizon * MONTHS_PER_YEAR if isinstance(horizon, int) else None
    moves = scenario.get("moves") or []
    for i, move in enumerate(moves):
        if not isinstance(move, dict):
            continue
        if move.get("from") is not None and move.get("from") == move.get("to"):
            errors.add(("scenario", "moves", i, "to"), f"Move to is the same as move from ({move['to']!r}); a move must go to a different placement type.")
        start = move.get("start_month")
        if last_month is not None and isinstance(start, int) and start > last_month:
            errors.add(("scenario", "moves", i, "start_month"), f"From month is {start}, after the end of the {horizon}-year horizon; it must be from 1 to {last_month}.")
    # Running count per type, in date order: no move may take more children than the type has then.
    level = {key: p.get("children") for key, p in by_id.items()}
    order = sorted(
        (m.get("start_month", 1), i, m) for i, m in enumerate(moves) if isinstance(m, dict) and isinstance(m.get("start_month", 1), int)
    )
    for start, i, move in order:
        source, target, n = move.get("from"), move.get("to"), move.get("children")
        if not isinstance(n, int) or source not in level or target not in level or source == target:
            continue
        have = level[source]
        if not isinstance(have, int):
            continue
        if n > have:
            original = by_id[source].get("children")
            if have == original:
                detail = f"but {source!r} has only {have:,} children"
            else:
                detail = f"but only {have:,} are left in {source!r} by then ({original:,} at baseline, changed by earlier moves)"
            errors.add(
                ("scenario", "moves", i, "children"),
                f"Children moving is {n:,} from month {start}, {detail}; move at most {have:,}.",
            )
            continue
        level[source] = have - n
        if isinstance(level[target], int):
            level[target] += n
    for i, change in enumerate(scenario.get("demand_changes") or []):
        if isinstance(change, dict) and last_month is not None and isinstance(change.get("start_month"), int) and change["start_month"] > last_month:
            errors.add(("scenario", "demand_changes", i, "start_month"), f"From month is {change['start_month']}, after the end of the {horizon}-year horizon; it must be from 1 to {last_month}.")
    reinvest = scenario.get("reinvestment_by_year") or []
    if isinstance(horizon, int) and len(reinvest) > horizon:
        errors.add(("scenario", "reinvestment_by_year"), f"Reinvestment by year has {len(reinvest)} years but the horizon is {horizon}; give at most {horizon} amounts.")
    planned_year = scenario.get("planned_saving_year")
    if isinstance(horizon, int) and isinstance(planned_year, int) and planned_year > horizon:
        errors.add(("scenario", "planned_saving_year"), f"Year of planned saving is {planned_year}, beyond the {horizon}-year horizon; it must be from 1 to {horizon}.")


def build(data: dict[str, Any]) -> PlacementCostInput:
    """Typed input from a validated, normalised dict."""
    placements = tuple(
        PlacementType(
            id=p["id"],
            label=p["label"] or p["id"],
            children=p["children"],
            cost_basis=p["cost_basis"],
            cost=float(p["cost"]),
            provider=p["provider"],
            setting=p["setting"],
            inflation_pct=float(p["inflation_pct"]),
            cost_low=None if p.get("cost_low") is None else float(p["cost_low"]),
            cost_high=None if p.get("cost_high") is None else float(p["cost_high"]),
        )
        for p in data["placements"]
    )
    s = data["scenario"]
    scenario = Scenario(
        horizon_years=s["horizon_years"],
        moves=tuple(Move(m["from"], m["to"], m["children"], m["start_month"]) for m in s["moves"]),
        demand_changes=tuple(
            DemandChange(d["placement"], float(d["entrants_change_pct"]), float(d["length_of_stay_change_pct"]), d["start_month"], d["phase_in_months"])
            for d in s["demand_changes"]
        ),
        reinvestment_by_year=tuple(float(r) for r in s["reinvestment_by_year"]),
        planned_saving=None if s.get("planned_saving") is None else float(s["planned_saving"]),
        planned_saving_year=s["planned_saving_year"],
        planned_saving_label=s["planned_saving_label"] or "Planned saving",
        first_year=s.get("first_year"),
        year_start_month=s["year_start_month"],
    )
    return PlacementCostInput(placements=placements, scenario=scenario, title=data["title"], notes=data["notes"])
