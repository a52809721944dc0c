"""Bad input, through the API and the command line: every field named, nothing crashes."""

from __future__ import annotations

import copy
import json
import math
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

import pytest

import calculators

ROOT = Path(__file__).resolve().parents[2]


def placement_base() -> dict[str, Any]:
    return {
        "placements": [
            {"id": "res", "children": 10, "cost": 100_000, "provider": "purchased", "setting": "residential"},
            {"id": "fos", "children": 20, "cost_basis": "weekly_per_child", "cost": 500, "provider": "in-house", "setting": "family-based"},
        ],
        "scenario": {"horizon_years": 2, "moves": [{"from": "res", "to": "fos", "children": 3, "start_month": 4}]},
    }


def caseload_base() -> dict[str, Any]:
    return {
        "case_types": [{"id": "cp", "weight": 10}, {"id": "cin", "weight": 5}],
        "teams": [{"name": "A", "fte": 10, "cases": {"cp": 100, "cin": 150}}],
        "target_caseload": 20,
        "salary": 40_000,
        "on_costs_pct": 25,
        "flow": {"average_case_length_months": 10},
    }


def setter(path: list, value: Any) -> Callable[[dict], None]:
    def apply(doc: dict) -> None:
        node = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return apply


def deleter(path: list) -> Callable[[dict], None]:
    def apply(doc: dict) -> None:
        node = doc
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]
    return apply


P, M = ["placements"], ["scenario", "moves"]
# (case id, calculator, mutation, expected error path, words the message must contain)
CASES = [
    ("negative children", "placement-cost", setter(P + [0, "children"], -5), "placements[0].children", "from 0"),
    # A central cost of 0 means none (a type the council does not have); the low end of a range is still more than 0.
    ("zero low cost", "placement-cost", setter(P + [1, "cost_low"], 0), "placements[1].cost_low", "more than 0"),
    ("negative cost", "placement-cost", setter(P + [1, "cost"], -10), "placements[1].cost", "from 0 to"),
    ("NaN cost", "placement-cost", setter(P + [0, "cost"], math.nan), "placements[0].cost", "finite"),
    ("infinite inflation", "placement-cost", setter(P + [0, "inflation_pct"], math.inf), "placements[0].inflation_pct", "finite"),
    ("text children", "placement-cost", setter(P + [0, "children"], "ten"), "placements[0].children", "not text"),
    ("bool children", "placement-cost", setter(P + [0, "children"], True), "placements[0].children", "whole number"),
    ("fractional children", "placement-cost", setter(P + [0, "children"], 2.5), "placements[0].children", "whole number"),
    ("missing cost", "placement-cost", deleter(P + [0, "cost"]), "placements[0].cost", "missing"),
    ("missing provider", "placement-cost", deleter(P + [1, "provider"]), "placements[1].provider", "missing"),
    ("unknown placement type", "placement-cost", setter(M + [0, "to"], "secure-unit"), "scenario.moves[0].to", "'res', 'fos'"),
    ("unknown setting", "placement-cost", setter(P + [0, "setting"], "hotel"), "placements[0].setting", "family-based, residential"),
    ("moving more than a type has", "placement-cost", setter(M + [0, "children"], 11), "scenario.moves[0].children", "at most 10"),
    ("moving zero children", "placement-cost", setter(M + [0, "children"], 0), "scenario.moves[0].children", "from 1"),
    ("move to itself", "placement-cost", setter(M + [0, "to"], "res"), "scenario.moves[0].to", "different"),
    ("move after the horizon", "placement-cost", setter(M + [0, "start_month"], 30), "scenario.moves[0].start_month", "1 to 24"),
    ("horizon 0", "placement-cost", setter(["scenario", "horizon_years"], 0), "scenario.horizon_years", "from 1 to 10"),
    ("horizon 100", "placement-cost", setter(["scenario", "horizon_years"], 100), "scenario.horizon_years", "from 1 to 10"),
    ("empty mix", "placement-cost", setter(P, []), "placements", "at least one"),
    ("missing mix", "placement-cost", deleter(P), "placements", "missing"),
    ("duplicate id", "placement-cost", setter(P + [1, "id"], "res"), "placements[1].id", "twice"),
    ("unknown field", "placement-cost", setter(P + [0, "colour"], "red"), "placements[0].colour", "Allowed fields"),
    ("low above central", "placement-cost", setter(P + [0, "cost_low"], 150_000), "placements[0].cost_low", "no more than the central"),
    ("total spend on no children", "placement-cost", lambda d: d["placements"][1].update(children=0, cost_basis="annual_total"), "placements[1].children", "cost per child"),
    ("reinvestment beyond horizon", "placement-cost", setter(["scenario", "reinvestment_by_year"], [1, 2, 3]), "scenario.reinvestment_by_year", "at most 2"),
    ("negative reinvestment", "placement-cost", setter(["scenario", "reinvestment_by_year"], [-1]), "scenario.reinvestment_by_year[0]", "from 0"),
    ("input not an object", "placement-cost", lambda d: None, "", "object"),
    ("zero FTE", "caseload", setter(["teams", 0, "fte"], 0), "teams[0].fte", "from 0.1"),
    ("negative FTE", "caseload", setter(["teams", 0, "fte"], -3), "teams[0].fte", "from 0.1"),
    ("text FTE", "caseload", setter(["teams", 0, "fte"], "ten"), "teams[0].fte", "not text"),
    ("NaN target", "caseload", setter(["target_caseload"], math.nan), "target_caseload", "finite"),
    ("infinite salary", "caseload", setter(["salary"], -math.inf), "salary", "finite"),
    ("missing salary", "caseload", deleter(["salary"]), "salary", "missing"),
    ("negative cases", "caseload", setter(["teams", 0, "cases", "cp"], -1), "teams[0].cases.cp", "from 0"),
    ("unknown case type", "caseload", setter(["teams", 0, "cases", "adoption"], 5), "teams[0].cases.adoption", "'cp', 'cin'"),
    ("no teams", "caseload", setter(["teams"], []), "teams", "at least one"),
    ("zero case length", "caseload", setter(["flow", "average_case_length_months"], 0), "flow.average_case_length_months", "from 0.1"),
    ("projection 1000 months", "caseload", setter(["flow", "projection_months"], 1000), "flow.projection_months", "from 1 to 120"),
    ("weight for only some types", "caseload", deleter(["case_types", 1, "weight"]), "case_types[1].weight", "every case type"),
    ("bool target", "caseload", setter(["target_caseload"], False), "target_caseload", "not true/false"),
]


@pytest.mark.parametrize(("case", "calculator", "mutate", "path", "words"), CASES, ids=[c[0] for c in CASES])
def test_api_reports_the_field(case: str, calculator: str, mutate, path: str, words: str) -> None:
    doc = placement_base() if calculator == "placement-cost" else caseload_base()
    payload = [] if case == "input not an object" else doc
    mutate(doc)
    response = calculators.run_json(calculator, payload)
    assert response["ok"] is False and response["calculator"] == calculator
    messages = {e["path"]: e["message"] for e in response["errors"]}
    assert path in messages, response["errors"]
    assert words in messages[path]


def test_base_payloads_are_valid() -> None:
    assert calculators.run_json("placement-cost", placement_base())["ok"]
    assert calculators.run_json("caseload", caseload_base())["ok"]


def test_every_error_is_listed_at_once() -> None:
    doc = placement_base()
    doc["placements"][0]["children"] = -1
    doc["placements"][1]["cost"] = "cheap"
    doc["scenario"]["horizon_years"] = 0
    doc["scenario"]["moves"][0]["to"] = "nowhere"
    paths = {e["path"] for e in calculators.run_json("placement-cost", doc)["errors"]}
    assert {"placements[0].children", "placements[1].cost", "scenario.horizon_years", "scenario.moves[0].to"} <= paths


def test_cross_field_errors_come_with_field_errors() -> None:
    doc = placement_base()
    doc["placements"][1]["cost"] = -1
    doc["scenario"]["moves"][0]["children"] = 50
    paths = {e["path"] for e in calculators.run_json("placement-cost", doc)["errors"]}
    assert {"placements[1].cost", "scenario.moves[0].children"} <= paths


def test_unknown_calculator() -> None:
    response = calculators.run_json("nonsense", {})
    assert response == {"ok": False, "calculator": "nonsense", "errors": [response["errors"][0]]}
    assert response["errors"][0]["path"] == "calculator"
    assert "placement-cost" in response["errors"][0]["message"]
    assert json.loads(calculators.run_json_text("nonsense", "{}"))["errors"][0]["path"] == "calculator"


def test_malformed_json_text() -> None:
    response = json.loads(calculators.run_json_text("caseload", '{"teams": [1, 2,'))
    assert response["ok"] is False
    assert "not valid JSON" in response["errors"][0]["message"] and "line 1" in response["errors"][0]["message"]


def test_nan_in_json_text_names_the_field() -> None:
    text = json.dumps(placement_base()).replace('"cost": 500', '"cost": NaN')
    response = json.loads(calculators.run_json_text("placement-cost", text))
    assert response["errors"][0]["path"] == "placements[1].cost"


def test_ten_megabyte_text_is_rejected_fast() -> None:
    text = json.dumps({"placements": [{"id": "x" * 50}] * 200_000})
    assert len(text) > 10_000_000
    start = time.perf_counter()
    response = json.loads(calculators.run_json_text("placement-cost", text))
    assert time.perf_counter() - start < 0.5
    assert "limit" in response["errors"][0]["message"] and "characters" in response["errors"][0]["message"]


def test_huge_python_payload_is_rejected_fast() -> None:
    payload = placement_base()
    payload["placements"] = payload["placements"] * 500_000
    start = time.perf_counter()
    response = calculators.run_json("placement-cost", payload)
    assert time.perf_counter() - start < 0.5
    assert {"path": "placements", "message": "Placement types has 1,000,000 items; the limit is 30."} in response["errors"]


def test_huge_object_and_error_count_are_capped() -> None:
    payload = {f"junk{i}": i for i in range(200_000)}
    start = time.perf_counter()
    response = calculators.run_json("caseload", payload)
    assert time.perf_counter() - start < 0.5
    assert len(response["errors"]) < 60
    assert any("200,000" in e["message"] for e in response["errors"])


def test_deep_nesting_does_not_crash() -> None:
    text = "[" * 100_000 + "]" * 100_000
    response = json.loads(calculators.run_json_text("caseload", text))
    assert response["ok"] is False


# The command line -----------------------------------------------------------

def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculators", *args], input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=60)


@pytest.mark.parametrize(("case", "calculator", "mutate", "path", "words"), CASES, ids=[c[0] for c in CASES])
def test_cli_exits_2_and_names_the_field(tmp_path: Path, case: str, calculator: str, mutate, path: str, words: str) -> None:
    doc = placement_base() if calculator == "placement-cost" else caseload_base()
    mutate(doc)
    payload = [] if case == "input not an object" else doc
    file = tmp_path / "input.json"
    file.write_text(json.dumps(payload))
    done = cli(calculator, "--input", str(file))
    assert done.returncode == 2, done.stdout
    assert "Traceback" not in done.stderr
    assert f"  {path or '(input)'}: " in done.stderr
    assert done.stdout == ""


def test_cli_ten_megabyte_file(tmp_path: Path) -> None:
    file = tmp_path / "big.json"
    file.write_text("[" + ",".join(["1"] * 5_500_000) + "]")
    assert file.stat().st_size > 10_000_000
    start = time.perf_counter()
    done = cli("placement-cost", "--input", str(file))
    assert done.returncode == 2 and "limit" in done.stderr and "Traceback" not in done.stderr
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["placement-cost", "--input", "/nonexistent/file.json"], "cannot read"),
        (["placement-cost", "--preset", "no-such-preset"], "no preset"),
        (["caseload", "--input", "-"], "not valid JSON"),
        (["nonsense"], "invalid choice"),
        (["placement-cost", "--format", "xml"], "invalid choice"),
        (["placement-cost", "--preset", "glasgow-2015-16-audit", "--input", "x.json"], "not allowed with"),
        (["placement-cost", "--format", "csv", "--table", "nope"], "no table"),
        ([], "usage"),
    ],
)
def test_cli_usage_errors_exit_2_without_traceback(args: list[str], words: str) -> None:
    done = cli(*args, stdin="not json")
    assert done.returncode == 2
    assert words in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_binary_input_file(tmp_path: Path) -> None:
    file = tmp_path / "input.json"
    file.write_bytes(b"\xff\xfe\x00garbage")
    done = cli("caseload", "--input", str(file))
    assert done.returncode == 2 and "UTF-8" in done.stderr


def test_cli_reads_a_file_with_a_byte_order_mark(tmp_path: Path) -> None:
    # Windows editors (Notepad) save UTF-8 with a byte-order mark.
    file = tmp_path / "input.json"
    file.write_bytes("\ufeff".encode("utf-8") + json.dumps(placement_base()).encode("utf-8"))
    done = cli("placement-cost", "--input", str(file), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["input"]["placements"][0]["id"] == "res"


def test_cli_on_a_terminal_that_cannot_show_pound_signs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "calculators", "placement-cost", "--preset", "glasgow-2015-16-audit"],
        capture_output=True, text=True, cwd=ROOT, timeout=60, env={**__import__("os").environ, "PYTHONIOENCODING": "ascii"},
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "\\xa3" in done.stdout  # "£", escaped rather than a crash


def test_cli_text_with_a_lone_surrogate_is_named(tmp_path: Path) -> None:
    file = tmp_path / "input.json"
    file.write_text(json.dumps(placement_base()).replace('"id": "res"', '"id": "res", "label": "Res\\ud800"'), encoding="utf-8")
    done = cli("placement-cost", "--input", str(file))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "placements[0].label: " in done.stderr and "not valid text" in done.stderr


def test_cli_table_option_needs_csv() -> None:
    done = cli("caseload", "--table", "by_team")
    assert done.returncode == 2 and "--format csv" in done.stderr


def test_cli_oversized_file_says_it_is_over_the_limit(tmp_path: Path) -> None:
    file = tmp_path / "big.json"
    file.write_text(" " * (calculators.MAX_INPUT_CHARS + 10) + "{}", encoding="utf-8")
    done = cli("caseload", "--input", str(file))
    assert done.returncode == 2
    # Its real length (1,000,000 + 10 spaces + "{}"), and the limit.
    assert "is 1,000,012 characters long; the limit is 1,000,000 characters" in done.stderr
