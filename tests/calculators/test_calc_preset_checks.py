"""Every preset is checked at build time through the calculators' own validation (issue 18 item 9).

Each case edits one data file in memory (the reported mistakes: a broken
non-default preset, text for a number, a field the calculator lacks, a
dangling derived_from, a byte that is not UTF-8) and expects a problem
naming file, line, field and reason, with no exception escaping.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

import calculators
import preset_check
from calculators import _data, _presets

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def edit_data(monkeypatch: pytest.MonkeyPatch):
    """Replace lines of data files as the calculators read them, for one test."""
    real = _data._read_text
    edits: dict[str, tuple[str, str]] = {}

    def fake(name: str) -> str:
        text = real(name)
        for old, new in [edits[name]] if name in edits else []:
            assert old in text, f"{old!r} not in {name}"
            text = text.replace(old, new, 1)
        return text

    def clear() -> None:
        for cached in (_data._rows, _data.unit_costs, _data.benchmarks, _data.preset_rows, _presets._build):
            cached.cache_clear()

    monkeypatch.setattr(_data, "_read_text", fake)

    def edit(name: str, old: str, new: str) -> None:
        edits[name] = (old, new)
        clear()

    yield edit
    clear()


def line_of(name: str, text: str) -> int:
    return next(i for i, line in enumerate((ROOT / "data" / name).read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_the_real_presets_have_no_problems() -> None:
    assert calculators.check_presets() == []


def test_out_of_range_values_in_a_non_default_preset(edit_data) -> None:
    row = "caseload,glasgow-family-support,target_caseload"
    text = (ROOT / "data" / "preset_inputs.csv").read_text(encoding="utf-8")
    if row not in text:
        pytest.skip("the Glasgow family-support preset no longer sets a target")
    line = next(l for l in text.splitlines() if l.startswith(row))
    edit_data("preset_inputs.csv", line, f"{row},500,,Test,")
    problems = calculators.check_presets()
    assert any(f"line {line_of('preset_inputs.csv', row)}" in p and "'target_caseload'" in p and "500" in p for p in problems), problems


def test_text_for_a_number_names_file_line_and_field(edit_data) -> None:
    row = "caseload,strengthening-families-areas,salary,"
    edit_data("preset_inputs.csv", row, "caseload,strengthening-families-areas,salary,abc")
    problems = calculators.check_presets()
    line = line_of("preset_inputs.csv", row)
    assert any(p.startswith(f"data/preset_inputs.csv line {line}, field 'salary'") and "needs a number, not 'abc" in p for p in problems), problems


def test_a_field_the_calculator_does_not_have(edit_data) -> None:
    row = "caseload,strengthening-families-areas,salary,"
    edit_data("preset_inputs.csv", row, "caseload,strengthening-families-areas,teams[50].fte,")
    problems = calculators.check_presets()
    assert problems and all("Traceback" not in p for p in problems)
    assert any("teams" in p and "data/preset_inputs.csv line" in p for p in problems), problems


def test_a_dangling_derived_from_is_reported_against_unit_costs(edit_data) -> None:
    edit_data("unit_costs.csv", ",social-worker-client-hour,5,", ",no-such-cost,5,")
    problems = calculators.check_presets()
    line = line_of("unit_costs.csv", "home-with-support-low")
    assert any(f"data/unit_costs.csv line {line}, id 'home-with-support-low'" in p and "'no-such-cost'" in p for p in problems), problems


def test_a_byte_that_is_not_utf8_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "data"
    bad.mkdir()
    (bad / "caseload_benchmarks.csv").write_bytes(b"id,label\nx,caf\xe9\n")
    monkeypatch.setattr(_data, "__file__", str(tmp_path / "calculators" / "_data.py"))
    # Beside the package (tmp_path/calculators/data: none), then importlib.resources (imported only then), then data/.
    import importlib.resources

    monkeypatch.setattr(importlib.resources, "files", lambda package: tmp_path / "nowhere")
    with pytest.raises(ValueError, match=r"data/caseload_benchmarks.csv line 2: byte 0xe9 is not UTF-8"):
        _data._read_text("caseload_benchmarks.csv")


def test_the_build_hook_stops_with_every_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    class Stub:
        @staticmethod
        def check_presets() -> list[str]:
            return ["data/preset_inputs.csv line 7, field 'x': first", "data/preset_inputs.csv line 9, field 'y': second"]

    monkeypatch.setattr(preset_check, "fresh_calculators", lambda: Stub)
    with pytest.raises(PluginError) as raised:
        preset_check.on_config(None)
    assert "line 7, field 'x': first" in str(raised.value) and "line 9, field 'y': second" in str(raised.value)
