"""Council profiles (issue 15 item 1): the template, applying a profile, the command line and the pandas adapter.

Every expected figure below is either the calculator's own default result
(the template must reproduce it exactly) or a hand calculation written in
the test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from calculator_fields import fields

import calculators
from calculators import _spec, profile, registry
from calculators._paths import pattern_of

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "calculators", *args], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    return done


def summary(response: dict) -> dict:
    return {item["key"]: item["value"] for item in response["result"]["summary"]}


# The template -----------------------------------------------------------------------


@pytest.mark.parametrize("name", registry.names())
def test_the_template_unchanged_sets_only_the_national_defaults(name: str) -> None:
    from calculators import origins

    national = {row["field"]: row for row in origins.national_defaults(name)}
    default = calculators.default_input(name)
    for text in (profile.template_csv(), profile.template_json(), profile.template_text(name)):
        read = profile.read(text.encode("utf-8"))
        assert read.problems == []
        # Every row left empty is not used (not an error, not a figure of the council's); the rows with a
        # value are the national defaults, with their sources (data/national_defaults.csv).
        given = {row.field: row for row in read.for_calculator(name)}
        assert set(given) == set(national)
        for field, row in given.items():
            assert (row.value, row.source) == (national[field]["value"], national[field]["source"])
        # Laid over a preset it changes only those fields and, as it changed the preset, what described the
        # preset's own scenario (as on the page when a preset is changed): the title and notes, the preset's
        # comparison and assumptions (the presentation's preset_only) and its names (rename). On its own it is
        # a council scenario with the national defaults (origin: national) and every figure the calculator
        # needs named as missing.
        over = profile.apply(read, name, default)
        assert over["ok"], over.get("errors")
        changed = {path for path, value in origins.leaves(over["input"]) if dict(origins.leaves(default)).get(path) != value}
        form = calculators.presentation(name)["form"]
        own = [*(form.get("preset_only") or ()), *(form.get("rename") or {})]
        described = {path for path in changed if pattern_of(path) in own}
        assert changed <= set(national) | ({"title", "notes"} | described if national else set())
        from calculators import baseline

        alone = baseline.build(read, name)
        assert alone["ok"] and alone["missing"]
        assert {path: entry["kind"] for path, entry in alone["input"]["origin"]["fields"].items() if path in national} == {path: "national" for path in national}
    # No preset's figure, words or sources are in the template.
    text = profile.template_csv([name])
    for word in ("Glasgow", "Flintshire", "Strengthening Families", "§", ".txt", "East Central"):
        assert word not in text, word


def test_the_template_lists_every_input_field_with_label_and_unit() -> None:
    rows = profile.template_rows()
    for name in registry.names():
        patterns = {r["path"] for r in calculators.input_spec(name)["fields"] if r["type"] not in ("object", "list", "map")}
        listed = {pattern_of(r["field"]) for r in rows if r["calculator"] == name}
        # A map's keys are data (case type ids), so teams[].cases.* is listed per key.
        listed = {p if not p.startswith("teams[].cases.") else "teams[].cases.*" for p in listed}
        assert patterns <= listed, patterns - listed
    foster = next(r for r in rows if r["calculator"] == "placement-cost" and r["field"] == "placements[3].cost")
    # Not the default preset's £19.5m (Glasgow's): no national default, so empty, to fill in or delete.
    assert (foster["label"], foster["unit"], foster["value"], foster["source"]) == ("Cost (central)", "£", None, "")
    assert foster["allowed"] == "a number (£) from 0 to 1,000,000,000"


def test_the_command_line_template_is_the_same_file(tmp_path: Path) -> None:
    done = cli("template", "placement-cost")
    assert done.returncode == 0
    assert done.stdout == profile.template_csv(["placement-cost"]).replace("\r\n", "\n")  # read as text
    assert cli("template", "no-such-calculator").returncode == 2


# One changed figure ---------------------------------------------------------------------

FOSTER_PROFILE = (
    "calculator,field,value,price_year,source,note\n"
    "profile,name,Anytown 2025/26,,,\n"
    'placement-cost,placements[3].cost,"£20,000,000",2024/25,Anytown budget book p.12,in-house fostering\n'
)


def test_changing_one_cost_changes_the_result_by_a_hand_calculated_amount() -> None:
    default = calculators.default_input("placement-cost")
    before = summary(calculators.run_json("placement-cost", default))
    got = profile.run("placement-cost", default, FOSTER_PROFILE)
    assert got["ok"], got.get("errors")
    after = summary(got)
    # Glasgow 2017/18 preset: 7 children move in month 1, horizon 1 year, from
    # purchased residential (£20.8m ÷ 95) to in-house foster (£19.5m ÷ 791).
    # Foster cost £19.5m → £20m raises each child's in-house cost by
    # £500,000 ÷ 791 = £632.11, so the saving falls by 7 × £632.11 = £4,424.78:
    # £1,360,065.20 → £1,355,640.42, shown as £1,360,065 → £1,355,640.
    assert (before["total_net_saving"], after["total_net_saving"]) == (1360065, 1355640)
    # The baseline rises by the £500,000 itself: £85.6m → £86.1m.
    assert after["baseline_annual_spend"] - before["baseline_annual_spend"] == 500000
    assert got["profile"]["name"] == "Anytown 2025/26"
    assert got["profile"]["rows"] == [{"row": 3, "field": "placements[3].cost", "value": 20000000, "price_year": "2024-25",
                                       "source": "Anytown budget book p.12", "note": "in-house fostering"}]


def test_a_salary_change_in_the_caseload_calculator() -> None:
    got = profile.run("caseload", calculators.default_input("caseload"), "calculator,field,value\ncaseload,salary,40000\n")
    # Extra FTE = 615 cases ÷ 17.7 target − 30 FTE = 4.745763; one FTE costs
    # £40,000 × 1.30 on-costs = £52,000; so £246,779.66 (was × £45,500 = £215,932.20).
    assert summary(got)["cost_per_fte"] == 52000
    assert summary(got)["extra_fte_cost"] == 246780


# The command line, Python and pandas agree on a profile of every calculator -------------

THREE = {
    "placement-cost": FOSTER_PROFILE,
    "caseload": "calculator,field,value,price_year,source\ncaseload,salary,41250.5,2024-25,HR pay scale\n"
                "caseload,on_costs_pct,28%,,\ncaseload,teams[1].fte,12.5,,\ncaseload,teams[2].cases.all-cases,231,,\n",
    "invest-to-save": json.dumps({"name": "Anytown MST", "rows": [
        {"calculator": "invest-to-save", "field": "intervention.running_cost_per_year", "value": 312345.67, "price_year": "2024", "source": "budget"},
        {"calculator": "invest-to-save", "field": "outcomes[0].value", "value": "£187,654.32", "price_year": "2023-24"},
        {"calculator": "invest-to-save", "field": "appraisal.discount_rate_pct", "value": 3.5},
    ]}),
}


def profile_of(name: str) -> str:
    """A profile for calculator ``name``: the hand-written one above where there is one (each exercises a
    format: £ and thousands, per cent, JSON, a price year), otherwise one built from the calculator's own
    declaration: the input the browser tests change (tests/calculator_fields.py) set to a whole number it takes."""
    if name in THREE:
        return THREE[name]
    chosen = fields(name)
    return f"calculator,field,value,price_year,source\n{name},{chosen.kept},{chosen.values[0]},,Anytown figure\n"


@pytest.mark.parametrize("name", registry.names())
def test_command_line_python_and_pandas_agree_to_the_penny(name: str, tmp_path: Path) -> None:
    text = profile_of(name)
    path = tmp_path / ("profile.json" if text.startswith("{") else "profile.csv")
    path.write_text(text, encoding="utf-8")
    preset = registry.get(name).default_preset
    # Laid over the default preset (--preset): the record says which figures are still the preset's.
    python = profile.run(name, calculators.with_origin(name, preset, calculators.default_input(name)), path.read_bytes(), filename=str(path))
    assert python["ok"], python.get("errors")
    done = cli(name, "--preset", preset, "--profile", str(path), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == json.loads(json.dumps(python))
    assert python["result"] != calculators.run_json(name, calculators.default_input(name))["result"]
    pd = pytest.importorskip("pandas")
    from calculators import pandas_adapter

    frames = pandas_adapter.run_frames(name, calculators.with_origin(name, preset, calculators.default_input(name)), profile=path)
    # A figure the scenario does not give (None: caseload's months to target once the preset's assumed case
    # flow is taken out) is NaN in a pandas column of numbers.
    def plain(values: list) -> list:
        return [None if value != value else value for value in values]

    assert plain(frames["summary"]["value"].tolist()) == [s["value"] for s in python["result"]["summary"]]
    assert frames["profile"]["field"].tolist() == [r["field"] for r in python["profile"]["rows"]]
    batch = pandas_adapter.run_batch(name, pd.DataFrame({"scenario": ["mine"], "preset": [""]}), profile=path)
    assert batch.loc[0, "ok"]
    assert plain([batch.loc[0, s["key"]] for s in python["result"]["summary"]]) == [s["value"] for s in python["result"]["summary"]]


def test_the_text_output_says_which_figures_came_from_the_profile(tmp_path: Path) -> None:
    path = tmp_path / "anytown.csv"
    path.write_text(FOSTER_PROFILE, encoding="utf-8")
    done = cli("placement-cost", "--preset", "glasgow-2017-18-to-in-house-foster", "--profile", str(path))
    assert done.returncode == 0
    assert "From your profile (Anytown 2025/26): 1 field set." in done.stdout
    # Laid over a preset, the rest are still Glasgow's figures, and the output says so first.
    assert "still come from the preset “Glasgow 2017/18 plan" in done.stdout.replace("\n", " ")
    assert "row 3: placements[3].cost = 20000000 (price year 2024-25; Anytown budget book p.12; in-house fostering)" in done.stdout


# Bad input: every case is named, with exit code 2 and nothing applied -------------------

HEAD = "calculator,field,value,price_year,source,note\n"
BAD = {
    "not a profile": ("just some text\nwith lines\n", "row 1: this is not a profile"),
    "unknown calculator": (HEAD + "placement-costs,salary,1,,,\n", "row 2, salary: there is no calculator called 'placement-costs'"),
    "unknown field": (HEAD + "caseload,salry,40000,,,\n", "row 2, salry: 'salry' is not an input field of caseload. Did you mean 'salary'?"),
    "text in a number field": (HEAD + "caseload,salary,forty thousand,,,\n", "row 2, salary: Salary must be a number, not the text 'forty thousand'"),
    "negative cost": (HEAD + "placement-cost,placements[3].cost,-5,,,\n", "row 2, placements[3].cost: Cost (central) is -5; it must be from 0 to 1,000,000,000 (£)"),
    "bad price year": (HEAD + "caseload,salary,40000,last year,,\n", "row 2, salary: price year 'last year' is not a year"),
    "price year on a count": (HEAD + "caseload,teams[0].fte,12,2024-25,,\n", "row 2, teams[0].fte: price year '2024-25' is given, but Social workers (FTE) is not a money figure"),
    "price year outside the deflator series": (HEAD + "caseload,salary,40000,2031-32,,\n", "row 2, salary: price year '2031-32' is outside the deflator series (2000-01 to 2030-31)"),
    "duplicate rows": (HEAD + "caseload,salary,40000,,,\ncaseload,salary,41000,,,\n", "row 3, salary: caseload salary is set twice, in rows 2 and 3"),
    "a column too many": (HEAD + "caseload,salary,40,000,2024,payroll,x\n", "row 2: the row has 7 cells but the first row names 6 columns"),
    "unknown column": ("calculator,field,value,comment\ncaseload,salary,1,x\n", "row 1: unknown column 'comment'"),
    "an incomplete list item": (HEAD + "placement-cost,placements[7].cost,5,,,\n", "Placement type 1 › Number of children: Number of children is missing"),
    "no rows": (HEAD, "the file: The profile has no rows"),
    "malformed JSON": ('{"rows": [', "the file: The profile is not valid JSON"),
    "JSON with an unknown key": ('{"name": "x", "figures": []}', "the file: unknown key 'figures'"),
    "JSON row with a list value": ('{"rows": [{"calculator": "caseload", "field": "salary", "value": [1]}]}', "row 1, salary: the value must be a number or text"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_profile_is_refused_naming_row_field_and_reason(case: str, tmp_path: Path) -> None:
    text, message = BAD[case]
    path = tmp_path / ("bad.json" if text.startswith("{") else "bad.csv")
    path.write_text(text, encoding="utf-8")
    name = "caseload" if "caseload" in text else "placement-cost"
    done = cli(name, "--profile", str(path))
    assert done.returncode == 2
    assert message in done.stderr, done.stderr
    assert ("nothing from it was applied" in done.stderr or "leaves out" in done.stderr) and done.stdout == ""
    if case != "an incomplete list item":  # on its own the profile is a council's scenario, with that item missing
        refused = profile.apply(profile.read(text, filename=path.name), name, calculators.default_input(name))
        assert refused["ok"] is False and "input" not in refused


BINARY = {
    "Windows-1252 (£ as byte 0xa3)": (HEAD.encode() + "caseload,salary,£40000,,,\n".encode("cp1252"), "row 2: byte 0xa3 at line 2 is not UTF-8 text"),
    "a spreadsheet workbook": (b"PK\x03\x04" + bytes(200), "the file: The file is a spreadsheet workbook"),
    "UTF-16": (HEAD.encode("utf-16"), "the file: The file is UTF-16 text"),
    "a picture": (b"\x89PNG\r\n\x1a\n" + bytes(64), "is not UTF-8 text"),
    "100,000 rows": (("calculator,field,value\n" + "a,b,1\n" * 100_000).encode(), "the file: the profile has 100,000 rows; the limit is 2,000"),
    "2.5 MB": ((HEAD + "caseload,salary,40000,,,\n" * 100_000).encode(), "the file: The profile is 2,500,046 characters long; the limit is 1,000,000"),
    "empty": (b"", "the file: The file is empty"),
}


@pytest.mark.parametrize("case", list(BINARY))
def test_files_that_are_not_profiles_are_refused(case: str, tmp_path: Path) -> None:
    data, message = BINARY[case]
    path = tmp_path / "profile.csv"
    path.write_bytes(data)
    done = cli("caseload", "--profile", str(path))
    assert done.returncode == 2
    assert message in done.stderr, done.stderr


def test_a_missing_profile_file_is_a_usage_error(tmp_path: Path) -> None:
    done = cli("caseload", "--profile", str(tmp_path / "nowhere.csv"))
    assert done.returncode == 2 and "cannot read the profile" in done.stderr


def test_many_bad_rows_are_listed_up_to_a_limit() -> None:
    text = HEAD + "".join(f"caseload,teams[0].fte,-{i},,,\n" for i in range(1, 200))
    errors = profile.apply(profile.read(text), "caseload", calculators.default_input("caseload"))["errors"]
    assert len(errors) == 51 and errors[-1]["message"].startswith("149 further problems")


def test_a_profile_leaves_other_calculators_rows_and_earlier_typing_alone() -> None:
    text = HEAD + "caseload,salary,40000,,,\nplacement-cost,placements[3].cost,20000000,,,\n"
    typed = calculators.default_input("caseload")
    typed["target_caseload"] = "eighteen"  # the reader's own unfinished typing
    applied = profile.apply(profile.read(text), "caseload", typed)
    assert applied["ok"] and applied["profile"]["other_rows"] == 1
    assert applied["input"]["salary"] == 40000 and applied["input"]["target_caseload"] == "eighteen"
    assert typed["salary"] == 35000  # the payload passed in is not changed


def test_number_cells_as_spreadsheets_write_them() -> None:
    spec = _spec.find(registry.get("placement-cost").spec, "placements[].cost")
    assert profile._number("£20,800,000", spec) == 20800000
    assert profile._number("20800000.0", spec) == 20800000.0
    assert isinstance(profile._number("1,5", spec), str)  # not a thousands group: refused, not read as 15
    pct = _spec.find(registry.get("caseload").spec, "on_costs_pct")
    assert profile._number("28%", pct) == 28


def test_the_browser_entry_point_answers_in_json_and_never_raises() -> None:
    default = json.dumps(calculators.default_input("caseload"))
    ok = json.loads(profile.apply_text("caseload", default, (HEAD + "caseload,salary,40000,,,\n").encode(), "mine.csv"))
    assert ok["ok"] and ok["input"]["salary"] == 40000 and ok["profile"]["name"] == "mine"
    bad = json.loads(profile.apply_text("caseload", "{not json", b"", "x.csv"))
    assert bad["ok"] is False and bad["errors"][0]["message"]


# Price years: a profile's price year is the one the rebasing uses (issue 15, items 1 and 2) ---------


def test_a_profile_price_year_is_used_to_restate_the_figure() -> None:
    # The caseload salary from a profile at 2019-20 prices, results shown at 2024-25 prices.
    text = HEAD + "caseload,salary,40000,2019,payroll,\n"  # a year alone is the financial year starting in it
    payload = calculators.default_input("caseload")
    payload["prices"] = {"show_in": "2024-25", "entered_in": "2024-25"}
    applied = profile.apply(profile.read(text, filename="p.csv"), "caseload", payload)
    assert applied["ok"], applied
    assert {"path": "salary", "year": "2019-20"} in applied["input"]["prices"]["years"]
    assert applied["profile"]["rows"][0]["price_year"] == "2019"
    # Hand calculation from data/deflators.csv (HM Treasury GDP deflator, March 2026):
    # the 2024-25 index is 100, so £40,000 at 2019-20 prices is 40,000 × 100 ÷ index(2019-20)
    # at 2024-25 prices; the result must equal that of the restated salary entered directly.
    from calculators import prices
    i2019 = prices.deflators()["2019-20"].index
    assert prices.deflators()["2024-25"].index == 100.0
    done = calculators.run_json("caseload", applied["input"])
    assert done["ok"], done.get("errors")
    restated = calculators.run_json("caseload", dict(applied["input"], salary=round(40_000 * 100 / i2019, 6), prices={"show_in": "", "entered_in": ""}))
    key = "extra_fte_cost"
    got = next(item["value"] for item in done["result"]["summary"] if item["key"] == key)
    want = next(item["value"] for item in restated["result"]["summary"] if item["key"] == key)
    assert got == pytest.approx(want, abs=1), (got, want)
    as_entered = calculators.run_json("caseload", dict(applied["input"], prices={"show_in": "", "entered_in": ""}))
    assert next(item["value"] for item in as_entered["result"]["summary"] if item["key"] == key) < got  # prices rose since 2019-20
