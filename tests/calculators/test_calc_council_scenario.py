"""A council's own scenario carries its own figures and nothing else (issue 25).

The profile tests/fixtures/northshire-profile.csv is an imagined English
council's own figures for all four calculators, with the template's rows it
has no figures for deleted (no council children's homes, no kinship row, no
planned saving, no flow, no deadweight). Loaded on its own it must give a
scenario with Northshire's figures, named national defaults and the
calculators' neutral settings only; every expected figure is worked out here.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from calculators import origins, profile, registry

ROOT = Path(__file__).resolve().parents[2]
NORTHSHIRE = ROOT / "tests" / "fixtures" / "northshire-profile.csv"
#: Words and marks of the presets' councils and source documents, none of which Northshire's figures hold.
FOREIGN = ("Glasgow", "Flintshire", "Strengthening Families", "North Yorkshire", "§", ".txt", "MST", "CMA", "PSSRU", "East Central")


def council(name: str) -> dict:
    response = profile.run(name, None, NORTHSHIRE.read_bytes(), filename=NORTHSHIRE.name)
    assert response["ok"], response.get("errors")
    return response


def summary(response: dict) -> dict:
    return {item["key"]: item["value"] for item in response["result"]["summary"]}


@pytest.mark.parametrize("name", registry.names())
def test_nothing_from_another_council_reaches_the_results(name: str) -> None:
    text = json.dumps(council(name), ensure_ascii=False)
    for word in FOREIGN:
        assert word not in text, f"{word!r} in the {name} results"


def test_the_caseload_headline_is_northshires_own() -> None:
    got = summary(council("caseload"))
    # 1,100 cases ÷ a target of 18 = 61.11 FTE needed; less the 48 FTE in post = 13.11 more.
    needed = 1100 / 18
    assert got["extra_fte"] == round(needed - 48, 2) == 13.11
    # £42,000 salary plus 30 % on-costs = £54,600 an FTE; × 13.111… FTE = £715,866.67, shown as £715,867.
    assert got["cost_per_fte"] == 42000 * 1.3 == 54600
    assert got["extra_fte_cost"] == round((needed - 48) * 54600) == 715867


def test_the_placement_cost_scenario_has_only_northshires_three_placement_types() -> None:
    response = council("placement-cost")
    placements = response["input"]["placements"]
    assert [p["label"] for p in placements] == ["External residential care", "Agency foster care", "In-house foster care"]
    assert sum(p["children"] for p in placements) == 420
    got = summary(response)
    # 5 children move from external residential (£5,500 a week) to in-house foster care
    # (£450 a week) from month 4 of year 1: 9 of its 12 months, at 365 ÷ 7 weeks a year.
    weekly_saving = 5500 - 450
    assert got["year_1_gross_saving"] == round(5 * weekly_saving * 365 / 7 * 9 / 12) == 987455
    assert "planned_saving" not in got and "planned_saving_difference" not in got


@pytest.mark.parametrize("name", registry.names())
def test_the_origin_table_lists_every_input(name: str) -> None:
    response = council(name)
    table = next(t for t in response["result"]["tables"] if t["id"] == "origins")
    paths = [path for path, value in origins.leaves(response["input"]) if value not in (None, "")]
    assert [item["path"] for item in response["result"]["origin"]["inputs"]] == paths
    assert len(table["rows"]) == len(paths)
    kinds = {item["kind"] for item in response["result"]["origin"]["inputs"]}
    assert kinds <= {"profile", "national", "default", "derived"}, kinds
    assert response["result"]["origin"]["counts"]["preset"] == 0


def test_a_figure_the_profile_leaves_out_is_a_named_national_default() -> None:
    response = council("invest-to-save")
    rate = next(item for item in response["result"]["origin"]["inputs"] if item["path"] == "appraisal.discount_rate_pct")
    assert rate["kind"] == "national" and "Green Book" in rate["source"]
    # Deadweight, attribution and optimism bias stay at the calculator's settings that change nothing.
    assert (response["input"]["appraisal"]["deadweight_pct"], response["input"]["appraisal"]["optimism_bias_benefits_pct"]) == (0, 0)


def test_ranges_follow_the_figure() -> None:
    drivers = council("placement-cost")["result"]["drivers"]["inputs"]
    by_input = {row["input"]: row for row in drivers}
    # The profile's own range for in-house foster care (£400 to £520 a week), with its basis.
    foster = by_input["In-house foster care: cost"]
    assert (foster["low"], foster["high"]) == (400, 520) and foster["basis"].startswith("Northshire fostering allowances")
    # No range given for external residential care: the project's default rule, 20 % either side, said so.
    share, basis = origins.default_range()
    residential = by_input["External residential care: cost"]
    assert (residential["low"], residential["high"]) == pytest.approx((5500 * (1 - share), 5500 * (1 + share)))
    assert residential["basis"] == basis and "default rule" in basis


@pytest.mark.parametrize("name", registry.names())
def test_the_command_line_gives_the_same_figures_and_origins(name: str) -> None:
    done = subprocess.run([sys.executable, "-m", "calculators", name, "--profile", str(NORTHSHIRE), "--format", "json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    cli = json.loads(done.stdout)
    python = council(name)
    assert cli["result"]["summary"] == python["result"]["summary"]
    assert cli["result"]["origin"] == python["result"]["origin"]


def test_a_profile_that_leaves_out_a_required_figure_names_it_in_words(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text("calculator,field,value\ncaseload,teams[0].name,Duty team\ncaseload,teams[0].fte,6\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "calculators", "caseload", "--profile", str(path)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    # No salary, on-costs or cases: named by the form's words, not field paths.
    assert "  Salary: Salary is missing" in done.stderr
    assert "  On-costs: On-costs is missing" in done.stderr
    assert "salary:" not in done.stderr


@pytest.mark.parametrize("name", registry.names())
def test_the_pandas_adapter_gives_the_same_figures(name: str) -> None:
    pytest.importorskip("pandas")
    from calculators import pandas_adapter

    frames = pandas_adapter.run_frames(name, None, profile=NORTHSHIRE)
    assert frames["summary"]["value"].tolist() == [s["value"] for s in council(name)["result"]["summary"]]
    assert "origins" in frames


def test_one_rule_says_which_inputs_are_money() -> None:
    import calculators
    from calculators import prices

    # The page is given Python's rule with the spec: a salary in "£ per FTE per year" is money
    # (so it can take a price year on the page too), a count of FTE is not.
    rows = {row["path"]: row for row in calculators.input_spec("caseload")["fields"]}
    assert rows["salary"]["unit"] == "£ per FTE per year" and rows["salary"]["money"] is True
    assert rows["teams[].fte"]["money"] is False
    assert prices.is_money(next(f for f in registry.get("caseload").spec.fields if f.key == "salary"))


def test_the_template_says_what_each_field_accepts() -> None:
    rows = {row["field"]: row for row in profile.template_rows(["placement-cost", "invest-to-save"])}
    assert rows["placements[0].cost_basis"]["allowed"].startswith("one of: annual_per_child (£ per child per year); weekly_per_child (£ per child per week)")
    # 0 is allowed: it means none (a type the council does not have).
    assert rows["placements[0].cost"]["allowed"] == "a number (£) from 0 to 1,000,000,000"
    assert rows["scenario.moves[0].from"]["allowed"] == "the short code of one of the placements in this profile"
    assert "council-childrens-services (Council children's services)" in rows["outcomes[0].beneficiary"]["allowed"]


# Scenarios started from a preset ------------------------------------------------------


@pytest.mark.parametrize("name", registry.names())
def test_a_preset_says_every_figure_is_the_presets(name: str) -> None:
    import calculators

    preset = registry.get(name).default_preset
    payload = calculators.preset_input(name, preset)
    assert payload["origin"] == {"start": "preset", "preset": preset}
    response = calculators.run_json(name, payload)
    origin = response["result"]["origin"]
    kinds = {item["kind"] for item in origin["inputs"]}
    assert kinds <= {"preset", "default"} and "preset" in kinds, kinds
    assert origin["text"] == f"Every figure comes from the preset “{payload['title']}”: published figures, not your council's."
    assert any(t["id"] == "origins" for t in response["result"]["tables"])


def test_a_figure_changed_from_a_preset_is_the_readers_and_the_rest_are_counted() -> None:
    import calculators

    payload = calculators.preset_input("placement-cost", "glasgow-2017-18-to-in-house-foster")
    payload["placements"][3]["cost"] = 30000
    response = calculators.run_json("placement-cost", payload)
    found = {item["path"]: item for item in response["result"]["origin"]["inputs"]}
    assert found["placements[3].cost"]["kind"] == "typed" and found["placements[3].cost"]["what"] == "Changed from the preset (your own)"
    assert found["placements[0].cost"]["kind"] == "preset" and "§3.2" in found["placements[0].cost"]["source"]
    # Every number the preset sets, less the one changed, is still the preset's (those the calculator
    # fills in at its own neutral setting, such as 0 % inflation, are not counted as the preset's).
    defaults = {item["path"] for item in found.values() if item["kind"] == "default"}
    counted = [path for path, value in origins.leaves(response["input"])
               if isinstance(value, (int, float)) and not isinstance(value, bool) and path not in defaults]
    assert response["result"]["origin"]["text"].startswith(
        f"{len(counted) - 1} of the {len(counted)} figures still come from the preset “{payload['title']}”, not from your council")
    # Ranges follow the figure: the preset's high cost for in-house foster care is not used for the reader's £30,000.
    row = next(r for r in response["result"]["drivers"]["inputs"] if r["path"] == "placements[3].cost")
    share, basis = origins.default_range()
    assert (row["low"], row["high"]) == pytest.approx((30000 * (1 - share), 30000 * (1 + share))) and row["basis"] == basis


def test_a_profile_over_a_preset_marks_its_rows_as_the_profiles(tmp_path: Path) -> None:
    path = tmp_path / "one-row.csv"
    path.write_text("calculator,field,value,source\nprofile,name,Northshire salaries,\ncaseload,salary,42000,Northshire payroll 2025\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "calculators", "caseload", "--preset", "strengthening-families-areas", "--profile", str(path), "--format", "json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    found = {item["path"]: item for item in json.loads(done.stdout)["result"]["origin"]["inputs"]}
    assert found["salary"]["kind"] == "profile" and found["salary"]["what"] == "Your profile “Northshire salaries”"
    assert found["salary"]["source"] == "Northshire payroll 2025"
    assert found["on_costs_pct"]["kind"] == "preset" and found["on_costs_pct"]["what"].startswith("Preset “Strengthening Families")


@pytest.mark.parametrize("name", registry.names())
def test_the_command_line_preset_alone_and_run_frames_carry_the_origins(name: str) -> None:
    import calculators

    preset = calculators.list_calculators()[name][-1]
    done = subprocess.run([sys.executable, "-m", "calculators", name, "--preset", preset, "--format", "json"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    cli = json.loads(done.stdout)
    assert cli["result"]["origin"] == calculators.run_json(name, calculators.preset_input(name, preset))["result"]["origin"]
    assert cli["result"]["origin"]["counts"]["preset"] > 0
    pandas_adapter = pytest.importorskip("calculators.pandas_adapter")
    frames = pandas_adapter.run_frames(name, calculators.preset_input(name, preset))
    assert frames["origins"]["what"].str.startswith("Preset “").any()


def test_a_placement_cost_of_0_means_none(tmp_path: Path) -> None:
    # Northshire has no council children's homes: the row kept with 0 children and a cost of 0, as a total a year.
    text = NORTHSHIRE.read_text(encoding="utf-8") + "".join(
        f"placement-cost,placements[1].{field},{value},,,,,Northshire finance,\n"
        for field, value in (("id", "council-homes"), ("label", "Council children's homes"), ("children", 0),
                             ("cost_basis", "annual_total"), ("cost", 0), ("provider", "in-house"), ("setting", "residential")))
    path = tmp_path / "with-none.csv"
    path.write_text(text, encoding="utf-8")
    with_none = profile.run("placement-cost", None, path.read_bytes(), filename=path.name)
    assert with_none["ok"], with_none.get("errors")
    assert [p["cost"] for p in with_none["input"]["placements"]] == [5500, 0, 900, 450]
    # A type with no children and no spend changes nothing: the same figures as without it.
    without = council("placement-cost")
    assert with_none["result"]["summary"] == without["result"]["summary"]
    # Spend with no children is still refused: its cost per child cannot be worked out.
    import calculators

    payload = json.loads(json.dumps(with_none["input"]))
    payload["placements"][1]["cost"] = 1000
    errors = calculators.run_json("placement-cost", payload)["errors"]
    assert [e["path"] for e in errors] == ["placements[1].children"]



def test_a_profiles_money_figure_over_a_preset_needs_its_own_price_year() -> None:
    """A profile's money figure with no price year is refused over a preset that dates that field.

    The Glasgow preset's money is at 2016-17 prices (its ``entered_in``). Before this
    check, Northshire's £5,000 a week for the first placement type, given with no
    price year, was listed in the price-years table at 2016-17 and, shown at 2025-26
    prices, multiplied by the deflator ratio 2025-26 ÷ 2016-17 (1.3571, to £6,785):
    Glasgow's price year applied to Northshire's figure, with nothing to say so.
    """
    import calculators

    rows = "calculator,field,value,price_year,source\nprofile,name,Northshire,,\nplacement-cost,placements[0].cost_basis,weekly_per_child,,Northshire finance\n"
    payload = calculators.preset_input("placement-cost", "glasgow-2017-18-to-in-house-foster")
    assert payload["prices"]["entered_in"] == "2016-17"
    refused = profile.run("placement-cost", payload, (rows + "placement-cost,placements[0].cost,5000,,Northshire finance\n").encode(), filename="northshire.csv")
    assert not refused["ok"]
    # Row 4 of the file, as a spreadsheet numbers it (the header is row 1).
    assert [(e["row"], e["field"]) for e in refused["errors"]] == [(4, "placements[0].cost")]
    assert "no price year" in refused["errors"][0]["message"] and "(2016-17)" in refused["errors"][0]["message"]
    # With its own year the figure is used, at that year.
    response = profile.run("placement-cost", payload, (rows + "placement-cost,placements[0].cost,5000,2025-26,Northshire finance\n").encode(), filename="northshire.csv")
    assert response["ok"], response.get("errors")
    years = {row["path"]: row["price_year"] for row in response["result"]["prices"]["inputs"]}
    assert (years["placements[0].cost"], years["placements[1].cost"]) == ("2025-26", "2016-17")
    # A preset with no price years, and a profile on its own, need none.
    caseload = calculators.preset_input("caseload", "strengthening-families-areas")
    assert profile.run("caseload", caseload, b"calculator,field,value\ncaseload,salary,42000\n")["ok"]


def test_a_presets_low_and_high_cost_do_not_stay_beside_the_profiles_figure() -> None:
    """Ranges follow the figure in the calculator's own results too, not only in "What drives this result?".

    The Glasgow preset gives purchased residential care £20,800,000 for 95 children with a
    high of £20,805,000 (£219,000 each, its §3.5 and §4.4). Before this fix, Northshire's
    £20,000,000 for that row kept Glasgow's high: the placements table showed £219,000 a
    child as the high beside Northshire's £210,526 (20,000,000 ÷ 95), and the net saving
    "across the unit-cost ranges" used it.
    """
    import calculators

    payload = calculators.preset_input("placement-cost", "glasgow-2017-18-to-in-house-foster")
    assert payload["placements"][0]["cost_high"] == 20805000
    text = b"calculator,field,value,price_year,source\nplacement-cost,placements[0].cost,20000000,2025-26,Northshire finance\n"
    response = profile.run("placement-cost", payload, text, filename="northshire.csv")
    assert response["ok"], response.get("errors")
    row = next(r for r in response["result"]["placements"] if r["id"] == "purchased-residential")
    assert row["annual_per_child_low"] == row["annual_per_child"] == row["annual_per_child_high"] == round(20000000 / 95)  # shown to the pound
    assert response["input"]["placements"][0]["cost_high"] is None
    # The preset's high is no longer there to refuse a figure above it: Strengthening Families'
    # agency foster care has a high of £1,019.59 a week, and Northshire pays £1,100.
    foster = calculators.preset_input("placement-cost", "strengthening-families-foster-shift")
    assert foster["placements"][0]["cost_high"] == pytest.approx(1019.59)
    text = b"calculator,field,value,price_year,source\nplacement-cost,placements[0].cost,1100,2025-26,Northshire finance\n"
    assert profile.run("placement-cost", foster, text, filename="northshire.csv")["ok"]
    # A profile that gives its own low and high keeps them.
    text = b"calculator,field,value,price_year,source\nplacement-cost,placements[0].cost,1100,2025-26,Northshire finance\nplacement-cost,placements[0].cost_high,1300,2025-26,Northshire finance\n"
    kept = profile.run("placement-cost", foster, text, filename="northshire.csv")
    assert kept["ok"] and (kept["input"]["placements"][0]["cost_low"], kept["input"]["placements"][0]["cost_high"]) == (None, 1300)


def test_a_profile_over_a_preset_is_retitled_and_loses_the_presets_notes(tmp_path: Path) -> None:
    """As on the page when a preset is changed: the scenario is the reader's, based on the preset.

    Before this fix, Northshire's salary laid over the Strengthening Families preset printed
    under the preset's own title, with its notes saying "Salary and on-costs are
    illustrative assumptions" above Northshire's £42,000 from its payroll.
    """
    path = tmp_path / "one-row.csv"
    path.write_text("calculator,field,value,source\nprofile,name,Northshire salaries,\ncaseload,salary,42000,Northshire payroll 2025\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "calculators", "caseload", "--preset", "strengthening-families-areas", "--profile", str(path)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    import calculators

    preset = calculators.preset_input("caseload", "strengthening-families-areas")
    assert "Salary and on-costs are illustrative assumptions" in preset["notes"]
    assert "Salary and on-costs are illustrative assumptions" not in done.stdout
    assert done.stdout.startswith(f"Northshire salaries (based on: {preset['title']})\n")
    applied = profile.run("caseload", preset, path.read_bytes(), filename=path.name)["input"]
    assert applied["title"] == f"Northshire salaries (based on: {preset['title']})"
    assert applied["notes"] == (f"Started from the preset “{preset['title']}”, then changed by your profile “Northshire salaries”. "
                                "The preset's own notes describe its figures, not these.")
    # The rest is still counted as the preset's, above the figures.
    assert re.search(r"\n\d+ of the \d+ figures still come from the preset", done.stdout)
    # A profile that gives its own title keeps it; the notes still name the preset's title.
    path.write_text("calculator,field,value,source\ncaseload,title,Northshire teams,\ncaseload,salary,42000,Northshire payroll 2025\n", encoding="utf-8")
    response = profile.run("caseload", preset, path.read_bytes(), filename=path.name)
    assert response["input"]["title"] == "Northshire teams" and f"Started from the preset “{preset['title']}”" in response["input"]["notes"]
    # A profile that gives its own title and notes keeps them.
    path.write_text("calculator,field,value,source\ncaseload,title,Northshire teams,\ncaseload,notes,Our own notes,\ncaseload,salary,42000,Northshire payroll 2025\n", encoding="utf-8")
    response = profile.run("caseload", preset, path.read_bytes(), filename=path.name)
    assert (response["input"]["title"], response["input"]["notes"]) == ("Northshire teams", "Our own notes")


def test_a_profile_over_a_preset_drops_the_presets_comparison_and_team_names(tmp_path: Path) -> None:
    """As on the page when a preset is changed (the presentation's preset_only, rename and preset_only_ranges).

    Before this fix, Northshire's cost for in-house foster care laid over the Glasgow plan
    was headed by "Glasgow planned saving 2017/18 (§4.4) (year 1) £1,400,000" and "Modelled
    gross saving minus planned": Glasgow's plan compared with a saving made from
    Northshire's figure. Over the Strengthening Families areas, Northshire's salary costed
    teams still named East Central, South and North, with the preset's assumed case flow.
    """
    import calculators

    path = tmp_path / "costs.csv"
    path.write_text("calculator,field,value,price_year,source\nprofile,name,Northshire,,\nplacement-cost,placements[3].cost,25000,2016-17,Northshire finance\n"
                    "caseload,salary,42000,,Northshire payroll\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "calculators", "placement-cost", "--preset", "glasgow-2017-18-to-in-house-foster", "--profile", str(path)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Glasgow planned saving" not in done.stdout and "minus planned" not in done.stdout
    response = profile.run("placement-cost", calculators.preset_input("placement-cost", "glasgow-2017-18-to-in-house-foster"), path.read_bytes(), filename=path.name)
    assert response["ok"], response.get("errors")
    assert response["input"]["scenario"].get("planned_saving") is None
    # The preset's range for when its children move described its own plan.
    assert [item for item in response["input"].get("uncertainty") or [] if item["path"].startswith("scenario.moves")] == []
    caseload = profile.run("caseload", calculators.preset_input("caseload", "strengthening-families-areas"), path.read_bytes(), filename=path.name)
    assert caseload["ok"], caseload.get("errors")
    assert [team["name"] for team in caseload["input"]["teams"]] == ["Team 1", "Team 2", "Team 3"]
    assert "East Central" not in json.dumps(caseload["result"], ensure_ascii=False)
    # The preset's assumed flow goes back to the calculator's settings: no new cases given, no extra closures.
    flow = caseload["input"].get("flow") or {}
    assert [flow.get(key) for key in ("new_cases_per_month", "extra_closures_per_month", "extra_closure_months")] == [None, 0, 0]
    assert calculators.preset_input("caseload", "strengthening-families-areas")["flow"]["extra_closures_per_month"] == 15
