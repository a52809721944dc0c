"""Hostile input, second round (the calculator half of issue 30, items 1, 7 and 9): each test failed before its fix.

Item 1: a deeply nested JSON profile was read by ``json.loads`` with no depth
check (in the browser, Python's stack overflowed and Pyodide died for the
rest of the visit). Item 7: the pandas adapter read a profile of any size,
and the command line called a 49 MB file "4,000,001 bytes long". Item 9:
negative zero, other scripts' digits, duplicate JSON keys, a huge list index
answered with itself as "did you mean", and "1 rows".
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

import calculators
from calculators import _engine, profile

ROOT = Path(__file__).resolve().parents[2]
HEADER = "calculator,field,value\n"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculators", *args], capture_output=True, text=True, cwd=ROOT, timeout=60)


def messages(read: profile.Profile) -> list[str]:
    return [problem["message"] for problem in read.problems]


# Item 1 -------------------------------------------------------------------------


def test_a_deeply_nested_json_profile_is_refused_before_json_is_parsed(monkeypatch) -> None:
    # The profile of the report: 10 kB, {"rows": then 5,000 "[" (Pyodide's stack gave out at a few thousand).
    deep = '{"rows": ' + "[" * 5000 + "]" * 5000 + "}"

    def must_not_parse(*args: object, **kwargs: object) -> object:
        raise AssertionError("json.loads was reached with a 5,000-deep profile")

    monkeypatch.setattr(_engine, "json", SimpleNamespace(loads=must_not_parse, dumps=json.dumps, JSONDecodeError=json.JSONDecodeError))
    read = profile.read(deep.encode(), filename="deep.json")
    assert len(read.problems) == 1 and "nested too deeply" in messages(read)[0]
    assert "more than 32 levels" in messages(read)[0]


def test_the_browser_entry_point_refuses_a_deep_profile_in_words() -> None:
    # The page's "Use my council's figures" builds the council's scenario from
    # the profile alone (calculators/baseline.py), so the profile is all it reads.
    deep = '{"rows": ' + "[" * 5000
    out = json.loads(profile.apply_text("invest-to-save", json.dumps(calculators.default_input("invest-to-save")), deep.encode(), "deep.json"))
    assert out["ok"] is False and "nested too deeply" in out["errors"][0]["message"]


def test_links_inputs_and_profiles_share_one_json_reader() -> None:
    # One routine: the same refusal, worded for each, for the same text.
    deep = '{"rows": ' + "[" * 40 + "]" * 40 + "}"
    input_error = json.loads(calculators.run_json_text("caseload", deep))["errors"][0]["message"]
    profile_error = messages(profile.read(deep))[0]
    assert input_error.removeprefix("The input ") == profile_error.removeprefix("The profile ")


# Item 7 -------------------------------------------------------------------------


def test_the_pandas_adapter_reads_dev_zero_only_to_the_limit() -> None:
    pytest.importorskip("pandas")
    from calculators import pandas_adapter

    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero on this system")
    # Before: Path.read_bytes() grew without end (gigabytes). Now: 4 MB and a byte, then refused.
    with pytest.raises(ValueError, match=r"more than 4,000,000 bytes long"):
        pandas_adapter.run_frames("caseload", calculators.default_input("caseload"), profile="/dev/zero")
    with pytest.raises(ValueError, match=r"more than 4,000,000 bytes long"):
        pandas_adapter.run_batch("caseload", __import__("pandas").DataFrame({"scenario": ["a"]}), profile="/dev/zero")


def test_a_big_profile_file_is_reported_with_its_real_size(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    size = 49_000_000
    with open(big, "wb") as handle:  # a sparse file: 49 MB long, nothing written but its last byte
        handle.seek(size - 1)
        handle.write(b"\n")
    done = cli("caseload", "--profile", str(big))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "49,000,000 bytes long" in done.stderr, done.stderr
    assert "4,000,001" not in done.stderr
    read = profile.read_path(big)
    assert "49,000,000 bytes long" in messages(read)[0]


def test_a_big_input_file_is_reported_with_its_real_size(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with open(big, "wb") as handle:
        handle.seek(9_999_999)
        handle.write(b"}")
    done = cli("caseload", "--input", str(big))
    assert done.returncode == 2 and "10,000,000 bytes long" in done.stderr, done.stderr


# Item 9 -------------------------------------------------------------------------


def test_negative_zero_is_read_as_zero_everywhere() -> None:
    read = profile.read((HEADER + "caseload,on_costs_pct,-0.0\ncaseload,flow.extra_closures_per_month,-0\n").encode())
    assert not read.problems
    values = [row.value for row in read.rows]
    assert values == [0, 0] and all(str(value) in ("0", "0.0") for value in values), values
    payload = calculators.default_input("caseload")
    payload["on_costs_pct"] = -0.0
    response = calculators.run_json("caseload", payload)
    assert str(response["input"]["on_costs_pct"]) == "0.0"
    file_input = json.dumps(payload)
    assert '"on_costs_pct": 0.0' in json.dumps(json.loads(calculators.run_json_text("caseload", file_input))["input"])


@pytest.mark.parametrize("digits", ["٣٤", "１０", "৪", "12٣"])
def test_digits_of_other_scripts_are_text_not_numbers(digits: str) -> None:
    read = profile.read((HEADER + f"caseload,on_costs_pct,{digits}\n").encode())
    (message,) = messages(read)
    assert f"not the text {digits!r}" in message


def test_a_list_index_in_other_digits_is_not_an_index() -> None:
    read = profile.read((HEADER + "caseload,teams[٠].fte,3\n").encode())
    assert read.problems and not read.rows


def test_a_price_year_in_other_digits_is_not_a_year() -> None:
    read = profile.read(("calculator,field,value,price_year\ncaseload,salary,40000,٢٠٢٤\n").encode())
    assert any("price year" in m for m in messages(read))


def test_a_key_given_twice_is_refused_in_profiles_and_inputs() -> None:
    read = profile.read('{"rows": [{"calculator": "caseload", "field": "salary", "value": 30000, "value": 45000}]}')
    assert messages(read) == ["The profile gives the key 'value' twice in one object; keep one of them (otherwise the last would silently win)."]
    read = profile.read('{"name": "a", "name": "b", "rows": []}')
    assert "'name' twice" in messages(read)[0]
    response = json.loads(calculators.run_json_text("caseload", '{"title": "A", "salary": 30000, "salary": 45000}'))
    assert response["ok"] is False and "'salary' twice" in response["errors"][0]["message"]


def test_a_huge_list_index_is_named_not_offered_back() -> None:
    path = "outcomes[999999999999999999999999].value"
    read = profile.read((HEADER + f"invest-to-save,{path},4\n").encode())
    (message,) = messages(read)
    assert "Did you mean" not in message
    assert "the largest index allowed is 999" in message


def test_a_misspelt_field_still_gets_a_suggestion() -> None:
    read = profile.read((HEADER + "invest-to-save,outcomes[2].valeu,4\n").encode())
    assert "Did you mean 'outcomes[2].value'?" in messages(read)[0]


def test_one_row_for_another_calculator_is_one_row(tmp_path: Path) -> None:
    file = tmp_path / "p.csv"
    file.write_text(HEADER + "caseload,salary,40000\nplacement-cost,placements[0].children,3\n", encoding="utf-8")
    # Laid over a preset, so that the one caseload row is all the profile needs to give.
    done = cli("caseload", "--preset", "strengthening-families-areas", "--profile", str(file))
    assert done.returncode == 0, done.stderr
    assert "1 row for other calculators" in done.stdout and "1 rows" not in done.stdout


def test_one_further_problem_is_one_problem() -> None:
    # 51 bad rows: 50 listed, and the one left over counted in the singular.
    rows = "".join(f"caseload,no_such_field_{i},1\n" for i in range(51))
    errors = profile.apply(profile.read((HEADER + rows).encode()), "caseload", calculators.default_input("caseload"))["errors"]
    assert errors[-1]["message"] == "1 further problem was not listed; correct the 50 above and try again."
    payload = {f"unknown_{i}": 1 for i in range(3)} | {"teams": [{"name": f"t{i}", "fte": "x", "cases": {}} for i in range(50)]}
    last = calculators.run_json("caseload", payload)["errors"][-1]["message"]
    assert "further errors were" in last or "further error was" in last
    assert not last.startswith("1 further errors")
