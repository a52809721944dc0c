"""The command line as a user runs it: list, presets, --show-input, formats."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import calculators
from calculators import registry

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "calculators", *args], input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert "Traceback" not in done.stderr
    return done


def test_list_json_is_calculators_and_presets() -> None:
    done = cli("list", "--format", "json")
    assert done.returncode == 0
    assert json.loads(done.stdout) == calculators.list_calculators()
    assert list(json.loads(done.stdout)) == registry.names()


def test_list_table_shows_titles() -> None:
    done = cli("list")
    assert done.returncode == 0
    for name, presets in calculators.list_calculators().items():
        assert name in done.stdout
        for preset in presets:
            assert preset in done.stdout


ALL_PRESETS = [(c, p) for c, ps in calculators.list_calculators().items() for p in ps]


@pytest.mark.parametrize(("calculator", "preset"), ALL_PRESETS)
def test_every_preset_runs_in_every_format(calculator: str, preset: str) -> None:
    table = cli(calculator, "--preset", preset)
    assert table.returncode == 0 and table.stderr == ""
    expected = calculators.run_json(calculator, calculators.preset_input(calculator, preset))
    for item in expected["result"]["summary"]:
        assert item["label"] in table.stdout
    as_json = cli(calculator, "--preset", preset, "--format", "json")
    assert json.loads(as_json.stdout) == expected
    as_csv = cli(calculator, "--preset", preset, "--format", "csv", "--table", "summary")
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [r["key"] for r in rows] == [s["key"] for s in expected["result"]["summary"]]


def test_show_input_round_trips_through_input_file(tmp_path: Path) -> None:
    shown = cli("placement-cost", "--preset", "glasgow-2017-18-to-purchased-foster", "--show-input")
    assert shown.returncode == 0
    assert json.loads(shown.stdout) == calculators.preset_input("placement-cost", "glasgow-2017-18-to-purchased-foster")
    file = tmp_path / "mine.json"
    file.write_text(shown.stdout)
    from_file = cli("placement-cost", "--input", str(file), "--format", "json")
    from_preset = cli("placement-cost", "--preset", "glasgow-2017-18-to-purchased-foster", "--format", "json")
    assert json.loads(from_file.stdout) == json.loads(from_preset.stdout)


def test_input_from_stdin() -> None:
    text = json.dumps(calculators.default_input("caseload"))
    done = cli("caseload", "--input", "-", "--format", "json", stdin=text)
    assert done.returncode == 0 and json.loads(done.stdout)["ok"] is True


def test_no_preset_runs_the_default_input() -> None:
    done = cli("caseload", "--format", "json")
    assert json.loads(done.stdout)["input"] == calculators.run_json("caseload", calculators.default_input("caseload"))["input"]


def test_csv_all_tables_have_headed_sections() -> None:
    done = cli("placement-cost", "--preset", "strengthening-families-foster-shift", "--format", "csv")
    rows = list(csv.reader(io.StringIO(done.stdout.removeprefix("\ufeff"))))
    # Each section: a blank line, then its title on a line of its own (the layout of calculators/csv_files.py).
    sections = [rows[i + 1][0] for i, row in enumerate(rows[:-1]) if not row and len(rows[i + 1]) == 1]
    tables = calculators.run_json("placement-cost", calculators.preset_input("placement-cost", "strengthening-families-foster-shift"))["result"]["tables"]
    assert sections == ["Inputs", "Headline figures"] + [t["title"] for t in tables]


def test_csv_one_table_is_plain_csv() -> None:
    done = cli("placement-cost", "--preset", "strengthening-families-foster-shift", "--format", "csv", "--table", "by_year")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [int(r["year"]) for r in rows] == [1, 2, 3]
    assert int(rows[0]["gross_saving"]) > 0


def test_table_output_is_readable() -> None:
    done = cli("placement-cost", "--preset", "glasgow-2017-18-to-in-house-foster")
    text = done.stdout
    # £1,400,000: the planned saving (000_cae6d205916c5940.txt §4.4). £1,360,065: 7 × (£20.8m ÷ 95 − £19.5m ÷ 791),
    # the §3.2 unit costs of purchased residential and provided foster care, derived in test_calc_documents.py.
    assert round(7 * (20_800_000 / 95 - 19_500_000 / 791)) == 1_360_065
    assert "£1,360,065" in text and "£1,400,000" in text
    assert "Spend and savings by year" in text
    assert "nan" not in text.lower().split() and "None" not in text


def test_invalid_input_with_json_format_still_exits_2(tmp_path: Path) -> None:
    file = tmp_path / "bad.json"
    file.write_text(json.dumps({"placements": []}))
    done = cli("placement-cost", "--input", str(file), "--format", "json")
    assert done.returncode == 2
    assert json.loads(done.stdout)["ok"] is False
    assert "placements:" in done.stderr


def test_console_script_is_declared() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    assert 'calculators = "calculators.__main__:main"' in text
    from calculators.__main__ import main

    assert main(["list", "--format", "json"]) == 0
