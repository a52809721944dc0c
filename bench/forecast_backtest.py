"""Backtest of the care population forecast on every English council's published figures.

For each council with complete figures, a one-year-ahead forecast of the
children looked after on 31 March (2025 from the 2021 to 2024 figures, and
2024 from 2021 to 2023) is made with the forecast's own model, and beside it
the "no change" forecast (next year = this year). Printed: the median
absolute percentage error of each, and the share of outturns inside the
forecast's 80 % band.

The figures are the DfE's open-data file "children looked after on 31 March,
starting and ceasing, number and rate per 10,000" in its own column layout
(``time_period``, ``geographic_level``, ``new_la_code``, ``la_name``,
``population_type``, ``children_count``; ``c`` and ``z`` mark suppressed or
not applicable figures). Its path is ``$BENCH_DFE_CLA`` (``make bench
DFE_CLA=path``); nothing derived from it is written into the project. With
no file, the benchmark says so and the other benchmarks still run.

How each council's forecast is set up from its history years (the years
before the one forecast), with nothing tuned to the outturns:

* children now: the last history year's count on 31 March;
* starts a year: the last history year's starts, as an officer would enter
  the latest published figure (one placement type, no trend);
* leaving rate: all the history years' leavers ÷ the sum of each year's
  average number looked after (the mean of its two 31 March counts);
* the band: starts and leaving rates uncertain by their relative standard
  deviation over the history years, plus the comings and goings of
  independent children (:mod:`calculators.care_forecast.model`).
"""

from __future__ import annotations

import csv
import math
import os
import statistics
from pathlib import Path
from typing import Any

from calculators.care_forecast import model

ENV = "BENCH_DFE_CLA"
STOCK = "Children looked after on 31 March each year"
STARTS = "Children starting to be looked after each year"
CEASED = "Children ceasing to be looked after each year"
TARGETS = ((2025, (2021, 2022, 2023, 2024)), (2024, (2021, 2022, 2023)))
GOAL = "median error no worse than 'no change', and 70 % to 90 % of outturns inside the 80 % band"

Figures = dict[str, dict[tuple[str, int], float]]


def read(path: Path) -> Figures:
    """Council figures by measure: ``{measure: {(council code, year): count}}``; suppressed figures left out."""
    out: Figures = {STOCK: {}, STARTS: {}, CEASED: {}}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("geographic_level") != "Local authority" or row.get("population_type") not in out:
                continue
            try:
                count = float(row["children_count"])
            except (TypeError, ValueError):
                continue  # "c" (suppressed), "z" (not applicable), blank
            out[row["population_type"]][(row["new_la_code"] or row["la_name"], int(row["time_period"]))] = count
    return out


def _relative_sd(values: list[float]) -> float:
    mean = statistics.fmean(values)
    return statistics.stdev(values) / mean if len(values) > 1 and mean > 0 else 0.0


def forecast(figures: Figures, council: str, history: tuple[int, ...]) -> tuple[float, float, float] | None:
    """The one-year-ahead forecast and its 80 % band from ``history``; ``None`` if a figure is missing."""
    stock, starts, ceased = figures[STOCK], figures[STARTS], figures[CEASED]
    try:
        counts = [stock[(council, y)] for y in history]
        flow_years = history[1:]
        s = [starts[(council, y)] for y in flow_years]
        c = [ceased[(council, y)] for y in flow_years]
    except KeyError:
        return None
    average = [(counts[i] + counts[i + 1]) / 2 for i in range(len(flow_years))]
    if min(average) <= 0:
        return None
    rates = [ci / ai for ci, ai in zip(c, average)]
    inp = model.ForecastInput(
        placements=(model.PlacementType("all", "All", counts[-1], 100.0, math.fsum(c) / math.fsum(average), "rate", 0.0),),
        starts_per_year=s[-1],
        starts_trend_pct=0.0,
        child_population=None,
        horizon_years=1,
        starts_uncertainty_pct=100 * _relative_sd(s),
        exit_uncertainty_pct=100 * _relative_sd(rates),
    )
    year = model.calculate(inp).do_nothing.years[1]
    return year.total, year.band_low, year.band_high


def backtest(figures: Figures) -> dict[str, Any]:
    """Errors of the model and of "no change", and the band's coverage, over every council and target year."""
    councils = sorted({key[0] for key in figures[STOCK]})
    model_errors, naive_errors, inside, per_target = [], [], 0, {}
    for target, history in TARGETS:
        m_err, n_err, hits = [], [], 0
        for council in councils:
            outturn = figures[STOCK].get((council, target))
            made = forecast(figures, council, history)
            if outturn is None or outturn <= 0 or made is None:
                continue
            central, low, high = made
            m_err.append(abs(central - outturn) / outturn)
            n_err.append(abs(figures[STOCK][(council, history[-1])] - outturn) / outturn)
            hits += low <= outturn <= high
        per_target[target] = (len(m_err), m_err, n_err, hits)
        model_errors += m_err
        naive_errors += n_err
        inside += hits
    return {"per_target": per_target, "model": model_errors, "naive": naive_errors, "inside": inside}


def _pct(values: list[float]) -> str:
    return f"{100 * statistics.median(values):.2f}%" if values else "–"


def run() -> dict[str, Any]:
    """The backtest table; says so plainly (and judges nothing) when the DfE file is not there."""
    title = "Care forecast backtest: one-year-ahead forecasts of children looked after, every English council with complete figures"
    columns = ["forecast of", "councils", "median error, model", "median error, no change", "outturns inside 80 % band"]
    where = os.environ.get(ENV, "")
    path = Path(where) if where else None
    if path is None or not path.is_file():
        said = f"no file at {where}" if where else f"no file given (set {ENV}, or run make bench DFE_CLA=path)"
        return {"title": f"{title} — NOT RUN: {said}", "columns": columns, "rows": [["–", 0, "–", "–", "–"]], "goal": GOAL, "met": None}
    found = backtest(read(path))
    rows = []
    for target, history in TARGETS:
        n, m_err, n_err, hits = found["per_target"][target]
        rows.append([f"31 March {target} from {history[0]}–{history[-1]}", n, _pct(m_err), _pct(n_err), f"{100 * hits / n:.1f}%" if n else "–"])
    total = len(found["model"])
    coverage = found["inside"] / total if total else 0.0
    rows.append(["both", total, _pct(found["model"]), _pct(found["naive"]), f"{100 * coverage:.1f}%"])
    met = bool(total) and statistics.median(found["model"]) <= statistics.median(found["naive"]) and 0.70 <= coverage <= 0.90
    return {"title": title, "columns": columns, "rows": rows, "goal": GOAL, "met": met}
