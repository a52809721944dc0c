"""The caseload calculator's input specification (the single source of limits for validation and the form), its cross-field checks and the typed input."""

from __future__ import annotations

from typing import Any

from .._spec import Errors, Field, ListOf, MapOf, Obj
from .model import CaseloadInput, CaseType, Flow, Team

__all__ = ["SPEC", "check", "build"]

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


def check(data: dict[str, Any], errors: Errors) -> None:
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


def build(data: dict[str, Any]) -> CaseloadInput:
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
