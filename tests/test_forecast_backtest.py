"""The care forecast's backtest (bench/forecast_backtest.py) on small synthetic files in the DfE's column layout.

The figures here are made up for the test; the DfE's own file is never read by the tests.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from bench import forecast_backtest as backtest
from calculators.care_forecast import model

HEADER = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,la_name,new_la_code,population_type,population_estimate,children_count,rate_per_10000"


def write(tmp_path: Path, councils: dict[str, dict[int, tuple[object, object, object]]]) -> Path:
    """A file with one row per council, year and measure: (looked after on 31 March, starting, ceasing)."""
    lines = ["\ufeff" + HEADER, "2025,Reporting year,National,E92000001,England,,,,,,Children looked after on 31 March each year,12183016,81770,67"]
    for code, years in councils.items():
        for year, (stock, starts, ceased) in years.items():
            for measure, value in ((backtest.STOCK, stock), (backtest.STARTS, starts), (backtest.CEASED, ceased)):
                lines.append(f"{year},Reporting year,Local authority,E92000001,England,E1,Region,800,Council {code},{code},{measure},10000,{value},0")
    path = tmp_path / "cla.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


STEADY = {year: (100, 40, 40) for year in range(2021, 2026)}


def test_no_change_and_model_errors_by_hand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Council A: 100 every year, 40 starting and 40 leaving: the leaving rate is 40 ÷ 100 = 0.4 and N* = 40 ÷ 0.4 = 100,
    # so both forecasts are 100. Outturn 2025 is 110: both 10 ÷ 110 = 9.09 % out; 2024 is 100: both exact.
    # Council B has a suppressed figure ("c") in 2022 and is left out.
    a = dict(STEADY) | {2025: (110, 40, 40)}
    b = dict(STEADY) | {2022: ("c", 40, 40)}
    monkeypatch.setenv(backtest.ENV, str(write(tmp_path, {"E1": a, "E2": b})))
    result = backtest.run()
    rows = {row[0]: row for row in result["rows"]}
    assert rows["31 March 2025 from 2021–2024"][1:4] == [1, "9.09%", "9.09%"]
    assert rows["31 March 2024 from 2021–2023"][1:4] == [1, "0.00%", "0.00%"]
    assert rows["both"][1] == 2


def test_the_forecast_is_the_closed_form_from_the_latest_starts_and_the_pooled_leaving_rate(tmp_path: Path) -> None:
    years = {2021: (100, 50, 30), 2022: (110, 40, 30), 2023: (120, 60, 50), 2024: (130, 50, 40)}
    figures = backtest.read(write(tmp_path, {"E1": years}))
    central, low, high = backtest.forecast(figures, "E1", (2021, 2022, 2023, 2024))
    # Leaving rate: (30 + 50 + 40) ÷ (105 + 115 + 125) = 120 ÷ 345; starts: 50 (2024).
    assert central == pytest.approx(model.closed_form(130, 50, 1, 120 / 345, 1), rel=1e-9)
    assert low < central < high


def test_without_the_file_it_says_so_and_judges_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(backtest.ENV, str(tmp_path / "absent.csv"))
    result = backtest.run()
    assert "NOT RUN" in result["title"] and result["met"] is None
    monkeypatch.delenv(backtest.ENV)
    assert "NOT RUN" in backtest.run()["title"]
