"""Time of the calculators' JSON entry point on 10,000 random valid scenarios of each calculator.

Goal (issue 4): under 1 ms per scenario under CPython. Each timing is a
``calculators.run_json`` call — validation, calculation, tables and
summary — on inputs drawn with a fixed seed, so runs are comparable.
Every registered calculator is timed (``calculators.registry``): placement
cost and caseload from their own generators below, which vary the shape of
the input (how many placement types, teams, moves); any other calculator
from its presets with every number in them moved at random within its
field's limits (:func:`from_presets`; a draw its own checks refuse is
drawn again), so a new calculator is timed with no edit here.

The goal is judged on the answer issue 4 timed, without the sensitivity
analysis that issue 15 added (``drivers=False``: the quick answer the web
page shows first). The full answer, which also runs every uncertain input
from low to high (about a hundred more calculations on a preset), is timed
beside it on the first ``FULL_SCENARIOS`` scenarios, as information. The
scenarios are built in advance so only the entry point is timed. Beside
them: the care forecast's monthly stepping (issue 28), and a business case
of three options (the Northshire sample) read, worked out with every
scenario's sensitivity analysis and written as .docx (issue 29: under 2 s
in the browser; timed here under CPython). Every
scenario is timed in ``PASSES`` passes and its fastest time kept (as
``timeit`` does), so that other work on a busy machine does not count
against the engine.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from pathlib import Path
from typing import Any, Callable

import calculators
from calculators import _paths, origins, registry

SCENARIOS = 10_000
FULL_SCENARIOS = 1_000
#: Scenarios drawn from presets (the calculators without their own generator, such as the care
#: forecast at about 20 ms a run): fewer, so that ``make bench`` stays within minutes.
PRESET_SCENARIOS = 1_000
PRESET_FULL_SCENARIOS = 50
#: The calculators whose quick answer issue 4 set the 1 ms goal for; the others are timed as information.
GOAL_CALCULATORS = ("placement-cost", "caseload")
SEED = 20_240_401
GOAL_MS = 1.0
PASSES = 3


def _placement(rng: random.Random) -> dict[str, Any]:
    count = rng.randint(2, 7)
    placements = []
    for i in range(count):
        basis = rng.choice(["annual_per_child", "weekly_per_child", "annual_total"])
        children = rng.randint(1, 500)
        cost = {"annual_per_child": rng.uniform(5e3, 3e5), "weekly_per_child": rng.uniform(100, 6e3), "annual_total": rng.uniform(1e5, 3e7)}[basis]
        item = {
            "id": f"type-{i}", "children": children, "cost_basis": basis, "cost": cost,
            "provider": rng.choice(["in-house", "purchased"]), "setting": rng.choice(["family-based", "residential"]),
            "inflation_pct": rng.uniform(0, 5),
        }
        if rng.random() < 0.5:
            item |= {"cost_low": cost * 0.8, "cost_high": cost * 1.3}
        placements.append(item)
    horizon = rng.randint(1, 10)
    level = {p["id"]: p["children"] for p in placements}
    moves = []
    for start in sorted(rng.randint(1, horizon * 12) for _ in range(rng.randint(0, 5))):
        source, target = rng.sample(sorted(level), 2)
        if level[source]:
            n = rng.randint(1, level[source])
            level[source] -= n
            level[target] += n
            moves.append({"from": source, "to": target, "children": n, "start_month": start})
    demand = [
        {"placement": rng.choice(["all", "type-0"]), "entrants_change_pct": rng.uniform(-30, 10), "length_of_stay_change_pct": rng.uniform(-30, 10), "start_month": rng.randint(1, horizon * 12), "phase_in_months": rng.randint(0, 24)}
        for _ in range(rng.randint(0, 2))
    ]
    return {
        "placements": placements,
        "scenario": {"horizon_years": horizon, "moves": moves, "demand_changes": demand, "reinvestment_by_year": [rng.uniform(0, 1e6) for _ in range(rng.randint(0, horizon))]},
    }


def _caseload(rng: random.Random) -> dict[str, Any]:
    types = [{"id": f"case-{i}", "weight": rng.uniform(2, 10)} for i in range(rng.randint(1, 4))]
    payload: dict[str, Any] = {
        "case_types": types,
        "capacity_points_per_fte": 100,
        "teams": [{"name": f"Team {j}", "fte": rng.uniform(1, 40), "cases": {t["id"]: rng.randint(0, 400) for t in types}} for j in range(rng.randint(1, 8))],
        "target_caseload": rng.uniform(10, 25),
        "salary": rng.uniform(30_000, 50_000),
        "on_costs_pct": rng.uniform(20, 35),
    }
    if rng.random() < 0.7:
        months = rng.randint(12, 60)
        payload["flow"] = {"average_case_length_months": rng.uniform(3, 24), "extra_closures_per_month": rng.uniform(0, 30), "extra_closure_months": rng.randint(0, months), "projection_months": months}
    return payload


#: The generators written for one calculator; every other calculator's scenarios come from its presets.
MAKERS: dict[str, Callable[[random.Random], dict[str, Any]]] = {"placement-cost": _placement, "caseload": _caseload}
#: How far a preset's number is moved either way (a share of it), and how many draws a scenario may take.
SPREAD = 0.3
DRAWS = 50


def from_presets(name: str) -> Callable[[random.Random], dict[str, Any]]:
    """Scenarios of calculator ``name``: one of its presets with each number (not in its prices or
    uncertainty ranges) moved by up to ``SPREAD`` of itself, kept within the field's limits and type.

    A draw the calculator refuses (a check across fields, such as shares that
    must add up to 100 %) is drawn again with the fields its errors name left
    as the preset has them, for this and every later scenario; after ``DRAWS``
    tries, the preset itself.
    """
    fields = {row["path"]: row for row in calculators.input_spec(name)["fields"]}
    presets = [calculators.preset_input(name, preset) for preset in calculators.list_calculators()[name]]
    kept: set[str] = set()  # the patterns of fields that cross-field checks tie to others

    def spec_of(pattern: str) -> dict[str, Any] | None:
        return fields.get(pattern) or fields.get(pattern.rsplit(".", 1)[0] + ".*")

    def make(rng: random.Random) -> dict[str, Any]:
        base = rng.choice(presets)
        for _ in range(DRAWS):
            payload = json.loads(json.dumps(base))
            for path, value in origins.leaves(base):
                pattern = _paths.pattern_of(path)
                row = spec_of(pattern)
                if row is None or pattern in kept or isinstance(value, bool) or not isinstance(value, (int, float)) or row["type"] not in ("integer", "number"):
                    continue
                moved = value * rng.uniform(1 - SPREAD, 1 + SPREAD)
                low = row["minimum"] if row["minimum"] is not None else moved
                high = row["maximum"] if row["maximum"] is not None else moved
                moved = min(max(moved, low), high)
                _paths.set_value(payload, path, round(moved) if row["type"] == "integer" else moved)
            response = calculators.run_json(name, payload, drivers=False)
            if response["ok"]:
                return payload
            kept.update(_paths.pattern_of(error["path"]) for error in response["errors"])
        return base

    return make


def _time(name: str, make: Callable[[random.Random], dict[str, Any]], *, drivers: bool, count: int) -> dict[str, Any]:
    rng = random.Random(SEED)
    payloads = [make(rng) for _ in range(count)]
    calculators.run_json(name, payloads[0], drivers=drivers)  # warm the data cache
    best = [float("inf")] * len(payloads)
    failures = 0
    for _ in range(PASSES):
        for i, payload in enumerate(payloads):
            start = time.perf_counter()
            response = calculators.run_json(name, payload, drivers=drivers)
            best[i] = min(best[i], time.perf_counter() - start)
            failures += not response["ok"]
    times = sorted(best)
    return {
        "calculator": name,
        "mean_ms": statistics.fmean(times) * 1000,
        "median_ms": times[len(times) // 2] * 1000,
        "p99_ms": times[int(len(times) * 0.99)] * 1000,
        "max_ms": times[-1] * 1000,
        "under_goal_pct": 100 * sum(t * 1000 < GOAL_MS for t in times) / len(times),
        "invalid": failures,
    }


#: The care forecast's monthly stepping: 10 years, 8 placement types, 4 age bands, under 50 ms (issue 28).
FORECAST_GOAL_MS = 50.0


def _forecast_stepping() -> dict[str, Any]:
    """Best of ``PASSES`` timings of one monthly projection, and of the whole forecast (both scenarios, band, steady state)."""
    from calculators.care_forecast import model

    types = tuple(model.PlacementType(f"t{k}", f"Type {k}", 100.0 + 10 * k, 12.5, 0.3 + 0.05 * k, "rate", 30_000.0) for k in range(8))
    bands = (model.Band("0 to 4", 0, 5, 20, 40), model.Band("5 to 9", 5, 10, 20, 20), model.Band("10 to 15", 10, 16, 40, 30), model.Band("16 to 17", 16, 18, 20, 10))
    moves = tuple(model.Flow(f"t{k}", f"t{(k + 1) % 8}", 5.0) for k in range(8))
    inp = model.ForecastInput(types, 400.0, 2.0, 100_000.0, 10, moves, bands, model.Change(13, -10.0, -10.0, (model.Flow("t0", "t1", 5.0),)), 5.0, 5.0)
    out = {}
    for key, work in (("step_ms", lambda: model.project(inp)), ("forecast_ms", lambda: model.calculate(inp))):
        best = float("inf")
        for _ in range(PASSES):
            start = time.perf_counter()
            work()
            best = min(best, time.perf_counter() - start)
        out[key] = best * 1000
    return out


#: The business case (issue 29): a case of three options read, every scenario worked out with its sensitivity analysis, and the .docx written.
CASE_GOAL_MS = 2000.0
CASE_SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "northshire-business-case.json"


def _business_case() -> dict[str, Any]:
    """Best of ``PASSES`` timings of ``case_file(sample, "docx")`` on the Northshire sample (do nothing and options A to C, six scenarios)."""
    from calculators.business_case import case_file

    text = CASE_SAMPLE.read_text(encoding="utf-8")
    best = float("inf")
    for _ in range(PASSES):
        start = time.perf_counter()
        answer = json.loads(case_file(text, "docx"))
        best = min(best, time.perf_counter() - start)
    return {"ms": best * 1000, "ok": answer["ok"], "options": len(json.loads(text)["options"]) - 1}


def run() -> dict[str, Any]:
    """Benchmark every registered calculator; the goal is met if the quick answer's mean of each of
    ``GOAL_CALCULATORS`` is under 1 ms and no calculator rejected an input."""
    makers = {name: MAKERS.get(name) or from_presets(name) for name in registry.names()}
    counts = {name: (SCENARIOS, FULL_SCENARIOS) if name in MAKERS else (PRESET_SCENARIOS, PRESET_FULL_SCENARIOS) for name in makers}
    results = [_time(name, make, drivers=False, count=counts[name][0]) for name, make in makers.items()]
    full = {name: _time(name, make, drivers=True, count=counts[name][1]) for name, make in makers.items()}
    for r in results:
        r["full"] = full[r["calculator"]]
    forecast = _forecast_stepping()
    case = _business_case()
    return {
        "title": (
            f"Calculators engine: run_json on {SCENARIOS:,} random valid scenarios of {' and '.join(MAKERS)}, {PRESET_SCENARIOS:,} drawn from the presets"
            f" of each other calculator (ms per scenario, best of {PASSES} passes); 'full' = with the sensitivity analysis, on the first {FULL_SCENARIOS:,}"
            f" ({PRESET_FULL_SCENARIOS:,} for those drawn from presets)"
        ),
        "columns": ["calculator", "mean", "median", "99th percentile", "slowest", f"under {GOAL_MS:g} ms", "rejected", "full: mean", "full: median"],
        "rows": [
            [r["calculator"], f"{r['mean_ms']:.3f}", f"{r['median_ms']:.3f}", f"{r['p99_ms']:.3f}", f"{r['max_ms']:.3f}", f"{r['under_goal_pct']:.1f}%", r["invalid"] + r["full"]["invalid"],
             f"{r['full']['mean_ms']:.3f}", f"{r['full']['median_ms']:.3f}"]
            for r in results
        ] + [[
            "care-forecast stepping (10 years monthly, 8 types × 4 age bands; best of one)", f"{forecast['step_ms']:.3f}", "", "", "",
            f"under {FORECAST_GOAL_MS:g} ms: {'yes' if forecast['step_ms'] < FORECAST_GOAL_MS else 'no'}", 0, f"{forecast['forecast_ms']:.3f}", "",
        ], [
            f"business case: {case['options']} options computed and the .docx written (CPython; the goal is for the browser)", f"{case['ms']:.1f}", "", "", "",
            f"under {CASE_GOAL_MS / 1000:g} s in the browser: {'yes on CPython' if case['ms'] < CASE_GOAL_MS else 'no'}", 0 if case["ok"] else 1, "", "",
        ]],
        "goal": (
            f"mean under {GOAL_MS} ms per scenario under CPython (the figures without the sensitivity analysis, as issue 4 timed them);"
            f" for {', '.join(GOAL_CALCULATORS)} (the others as information), every scenario of every calculator accepted;"
            f" the care forecast's monthly stepping under {FORECAST_GOAL_MS:g} ms ('full' = the whole forecast);"
            f" a business case of three options under {CASE_GOAL_MS / 1000:g} s in the browser (timed here under CPython, which is faster than the browser's Python;"
            " the browser's own figure is the business case table's, bench/case_browser.py)"
        ),
        "met": all((r["mean_ms"] < GOAL_MS or r["calculator"] not in GOAL_CALCULATORS) and r["invalid"] == 0 and r["full"]["invalid"] == 0 for r in results) and forecast["step_ms"] < FORECAST_GOAL_MS and case["ok"],
        "forecast": forecast,
        "business_case": case,
        "results": results,
        "issue_goals": [{
            "figure": "care forecast: monthly stepping, 10 years, 8 placement types, 4 age bands (CPython)",
            "measured": f"{forecast['step_ms']:.1f} ms", "goal": f"< {FORECAST_GOAL_MS:g} ms", "met": forecast["step_ms"] < FORECAST_GOAL_MS,
        }],
    }
