"""The one CSV writer (calculators/_render.py) and the results file (calculators/csv_files.py).

Expected values are written out by hand: each cell as a spreadsheet user
expects it, and the caseload figures from the Strengthening Families preset
(002_9c3f00f77cc2d999.txt slide 7, with this project's stated assumptions:
10 FTE in each team, a £35,000 salary plus 30 % on-costs, a target of 17.7
cases per FTE), worked through in the comments.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import calculators
from calculators import _render, csv_files, input_words, registry

ROOT = Path(__file__).resolve().parents[2]
WHEN = "2026-12-06T22:17"


@pytest.mark.parametrize(("value", "expected"), [
    (485738.0, "485738"),  # a whole number without ".0"
    (485738, "485738"),
    (-50000.0, "-50000"),  # a negative amount is a number, not text made safe
    (-2, "-2"),
    (-0.0, "0"),
    (2.5, "2.5"),
    (-3.25, "-3.25"),
    (0.1, "0.1"),
    (1e-05, "0.00001"),  # no exponent
    (1e16, "10000000000000000"),
    (None, ""),
    (True, "yes"),
    (False, "no"),
    ("East", "East"),
    ("1-", "1-"),
    ("£5", "£5"),
    ("", ""),
])
def test_a_cell_is_written_as_a_reader_expects(value: object, expected: str) -> None:
    assert _render.csv_cell(value) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("=1+1", "'=1+1"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(1+1)", "'@SUM(1+1)"),
    ("\tx", "'\tx"),
    ("\rx", "'\rx"),
])
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(text: str, expected: str) -> None:
    assert _render.csv_cell(text) == expected


def test_rows_are_quoted_only_where_needed_with_crlf_line_ends() -> None:
    rows = [["a\nb", 'say "hi"', "x,y", 1.0], None, ["=A1", -3.5, None, "\rx"]]
    assert _render.csv_text(rows) == '"a\nb","say ""hi""","x,y",1\r\n\r\n\'=A1,-3.5,,"\'\rx"\r\n'
    # And it reads back as written (the line break kept inside its cell).
    assert list(csv.reader(io.StringIO(_render.csv_text(rows), newline=""))) == [["a\nb", 'say "hi"', "x,y", "1"], [], ["'=A1", "-3.5", "", "'\rx"]]


@pytest.mark.parametrize(("when", "expected"), [
    ("2026-12-06T22:17", "6 December 2026 at 22:17"),
    ("2027-01-31T00:05:59", "31 January 2027 at 00:05"),
    ("2026-04-01 09:00", "1 April 2026 at 09:00"),
])
def test_the_time_it_was_worked_out_reads_as_words(when: str, expected: str) -> None:
    assert csv_files.worked_out_on(when) == expected


@pytest.mark.parametrize("when", ["", "yesterday", "2026-13-01T10:00", "06/12/2026 22:17"])
def test_a_time_that_cannot_be_read_is_refused(when: str) -> None:
    with pytest.raises(ValueError, match="2026-12-06T22:17"):
        csv_files.worked_out_on(when)


def _caseload() -> dict:
    return calculators.run_json("caseload", calculators.preset_input("caseload", registry.get("caseload").default_preset))


def _rows(text: str) -> list[list[str]]:
    assert text.startswith(_render.BOM), "UTF-8 with a byte-order mark, so Excel reads £"
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_the_results_file_is_laid_out_for_a_reader() -> None:
    rows = _rows(csv_files.results_csv(_caseload(), WHEN))
    assert rows[:6] == [
        ["Title", "Strengthening Families: area team caseloads (October 2018)"],
        ["Calculator", "Social worker caseload"],
        ["Worked out on", "6 December 2026 at 22:17"],
        [],
        ["Inputs"],
        ["Input", "Value", "Unit", "As shown"],
    ]
    # An input: its name as the form gives it, the number, its unit, and in words.
    assert ["East Central › Social workers (FTE)", "10", "FTE", "10 FTE"] in rows
    assert ["East Central › Team name", "", "", "East Central"] in rows
    head = rows.index(["Headline figures"])
    assert rows[head + 1] == ["Figure", "Value", "Unit", "As shown"]
    # 615 cases ÷ 17.7 a worker = 34.75 FTE needed, less the 30 there are: 4.7458 → 4.75.
    assert ["Extra FTE to bring every team to target", "4.75", "FTE", "4.75 FTE"] in rows
    # 4.745763 FTE × £45,500 (£35,000 + 30 %) = £215,932.2: money as a number, "£" in its own column.
    assert ["Cost of the extra FTE a year (salary + on-costs)", "215932", "£", "£215,932"] in rows
    # A table: its title on a line of its own, headings with units, then its rows.
    at = rows.index(["Caseload by team (last row: all teams)"])
    assert rows[at + 1][:3] == ["Team", "FTE social workers (FTE)", "Open cases (cases)"]
    # East Central: 230 cases ÷ 10 FTE = 23; 23 − 17.7 = 5.3 over target; 230 ÷ 17.7 − 10 = 2.994 extra FTE
    # (2.99 shown); 2.99435 × £45,500 = £136,242.9 → 136243.
    assert rows[at + 2] == ["East Central", "10", "230", "23", "17.7", "5.3", "2.99", "136243"]
    assert rows[at - 1] == [], "a blank line before each table"


def test_the_file_has_every_table_and_names_every_input() -> None:
    response = _caseload()
    rows = _rows(csv_files.results_csv(response, WHEN))
    for table in response["result"]["tables"]:
        assert [table["title"]] in rows
    inputs = rows[6:rows.index([], 6)]
    assert len(inputs) == len(input_words.rows("caseload", response["input"])) > 10
    assert not any(name.startswith("origin") for name, *_ in inputs), "the origin record has its own table"


def test_months_are_named_on_the_scenarios_calendar() -> None:
    name = "placement-cost"
    payload = calculators.preset_input(name, registry.get(name).default_preset)
    payload["scenario"]["first_year"] = 2026
    payload["scenario"]["moves"][0]["start_month"] = 7
    rows = _rows(csv_files.results_csv(calculators.run_json(name, payload), WHEN))
    # April-to-March years from 2026/27: month 1 is April 2026, so month 7 is October 2026.
    move = next(r for r in rows if r and r[0].endswith("Move 1 › From") and r[1] == "7")
    assert move[3] == "October 2026 (2026/27)"
    assert next(r for r in rows if r and r[0].endswith("Year 1 is the financial year starting in") and r[1] == "2026")[3] == "2026/27"
    # The table of where each input comes from names them the same way (it said "month 7" and "2,026").
    origins = next(t for t in calculators.run_json(name, payload)["result"]["tables"] if t["id"] == "origins")
    shown = {cells[0]: cells[1] for cells in origins["cells"]}
    assert shown["Scenario › Move 1 › From"] == "October 2026 (2026/27)"
    assert shown["Scenario › Year 1 is the financial year starting in"] == "2026/27"


@pytest.mark.parametrize(("year_start", "first", "month", "expected"), [
    ("april", 2026, 10, "January 2027 (2026/27)"),  # the tenth month from April is January, still in 2026/27
    ("january", 2026, 10, "October 2026 (2026)"),
    ("april", None, 14, "May, year 2"),
    ("april", 2026, 40, "Month 40 (after the years modelled)"),  # three years hold 36 months
])
def test_a_month_is_named_as_the_form_names_it(year_start: str, first: int | None, month: int, expected: str) -> None:
    calendar = {"kind": "month", "year_one": "s.first", "year_starts": "s.start", "length": "s.years", "maximum": 120}
    data = {"s": {"first": first, "start": year_start, "years": 3, "moves": [{"m": month}]}}
    assert input_words.calendar_name(calendar, data, "s.moves[0].m", month) == expected


def test_the_command_line_writes_the_same_bytes() -> None:
    name = "caseload"
    done = subprocess.run([sys.executable, "-m", "calculators", name, "--format", "csv", "--worked-out-on", WHEN], capture_output=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == csv_files.results_csv(_caseload(), WHEN).encode("utf-8")


def test_the_worker_call_answers_with_the_file_or_a_message() -> None:
    text = json.dumps(_caseload())
    assert json.loads(csv_files.results_csv_text(text, WHEN)) == {"ok": True, "csv": csv_files.results_csv(_caseload(), WHEN)}
    bad = json.loads(csv_files.results_csv_text(text, "soon"))
    assert bad["ok"] is False and "2026-12-06T22:17" in bad["errors"][0]["message"]
    assert json.loads(csv_files.results_csv_text("{not json", WHEN))["ok"] is False


def test_the_comparison_has_a_column_for_each_scenario_its_difference_and_the_unit() -> None:
    a = _caseload()
    payload = calculators.preset_input("caseload", registry.get("caseload").default_preset)
    payload["salary"] = 40000
    b = calculators.run_json("caseload", payload)
    answer = json.loads(csv_files.comparison_csv_text(json.dumps([a, b]), json.dumps(["A", "B"])))
    rows = _rows(answer["csv"])
    assert rows[0] == ["Scenarios side by side: headline figures and differences from A"]
    assert rows[1] == ["Headline figure", "Scenario A", "Scenario B", "B − A", "Unit"]
    # One FTE: £35,000 × 1.30 = £45,500; at £40,000, × 1.30 = £52,000; £6,500 more.
    assert ["Cost of one FTE a year (salary + on-costs)", "45500", "52000", "6500", "£"] in rows
    assert json.loads(csv_files.comparison_csv_text("[]", "[]"))["ok"] is False
