"""One registry drives everything: each calculator has a page, presets, CLI output in every format and adapter frames.

The example calculator (tests/calculators/example_calculator.py) is added to
the registry and to the preset rows only; the engine, preset loader, command
line and pandas adapter must then find it with no other change.
"""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

import calculators
from calculators import _data, _presets, registry
from calculators.__main__ import main

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("calc", registry.calculators(), ids=lambda c: c.name)
def test_every_calculator_has_a_page_presets_cli_output_and_frames(calc: registry.Calculator) -> None:
    page = ROOT / "docs" / "calculators" / f"{calc.name}.md"
    assert page.is_file(), f"{calc.name} has no page at {page}"
    text = page.read_text(encoding="utf-8")
    assert f"calculator: {calc.name}\n" in text and "<!-- calculator -->" in text
    assert (ROOT / "docs" / "calculators" / "reference" / f"{calc.name}.md").is_file(), f"{calc.name} has no method page"
    presets = calculators.list_calculators()[calc.name]
    assert calc.default_preset in presets
    for fmt in ("table", "json", "csv"):
        code, out, err = run_cli(calc.name, "--format", fmt)
        assert code == 0 and out and not err, (fmt, err)
    pandas_adapter = pytest.importorskip("calculators.pandas_adapter")
    frames = pandas_adapter.run_frames(calc.name, calculators.default_input(calc.name))
    assert "summary" in frames and len(frames) > 1


def test_a_preset_row_of_an_unregistered_calculator_fails_with_its_line(monkeypatch: pytest.MonkeyPatch) -> None:
    stray = _data.PresetRow("no-such-calculator", "p", "title", "x", "", "Hand-made test row", line=999)
    rows = _data.preset_rows() + (stray,)
    monkeypatch.setattr(_data, "preset_rows", lambda: rows)
    _presets._build.cache_clear()
    try:
        problems = _presets.check_all()
    finally:
        _presets._build.cache_clear()
    assert [p for p in problems if "line 999" in p] == [
        f"data/preset_inputs.csv line 999: there is no calculator called 'no-such-calculator'; choose one of: {', '.join(sorted(registry.names()))}"
    ]


def test_every_module_that_exports_a_calculator_is_found() -> None:
    import importlib
    import pkgutil

    exporting = [f"calculators.{m.name}" for m in pkgutil.iter_modules(calculators.__path__) if m.name not in ("__main__", "pandas_adapter") and hasattr(importlib.import_module(f"calculators.{m.name}"), "CALCULATOR")]
    assert sorted(exporting) == sorted(registry.MODULES), "a module exports CALCULATOR without a CALCULATOR_ORDER line (or the reverse)"


def test_calculators_are_found_by_their_order_line(tmp_path: Path) -> None:
    (tmp_path / "second.py").write_text("CALCULATOR_ORDER = 20\n", encoding="utf-8")
    (tmp_path / "first").mkdir()
    (tmp_path / "first" / "__init__.py").write_text('"""A package."""\nCALCULATOR_ORDER = 5  # first\n', encoding="utf-8")
    (tmp_path / "helper.py").write_text("# CALCULATOR_ORDER = 1 is only a comment here\n", encoding="utf-8")
    (tmp_path / "_private.py").write_text("CALCULATOR_ORDER = 1\n", encoding="utf-8")
    # The name mentioned mid-line before the line itself (the search starts at its first mention).
    (tmp_path / "later.py").write_text('"""Declares its CALCULATOR_ORDER below."""\nCALCULATOR_ORDER = 30\n', encoding="utf-8")
    assert registry.discover(tmp_path, "pkg") == ("pkg.first", "pkg.second", "pkg.later")
    (tmp_path / "third.py").write_text("CALCULATOR_ORDER = 20\n", encoding="utf-8")
    with pytest.raises(ValueError, match="pkg.second and pkg.third both declare CALCULATOR_ORDER = 20"):
        registry.discover(tmp_path, "pkg")


def test_every_preset_row_names_a_registered_calculator() -> None:
    assert {row.calculator for row in _data.preset_rows()} == set(registry.names())


def test_unknown_calculator_is_reported_not_raised() -> None:
    response = calculators.run_json("no-such", {})
    assert not response["ok"] and "no calculator called 'no-such'" in response["errors"][0]["message"]
    with pytest.raises(registry.UnknownCalculator):
        registry.get("no-such")


@pytest.fixture
def example_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """The example calculator listed once in the registry, with two preset rows, and nothing else changed."""
    monkeypatch.setattr(registry, "MODULES", registry.MODULES + ("tests.calculators.example_calculator",))
    extra = tuple(
        _data.PresetRow("example-calculator", "three-children", path, value, "", "Hand-made test figure", line=900 + i)
        for i, (path, value) in enumerate((("title", "Three children"), ("children", "3"), ("unit_cost", "100")))
    )
    rows = _data.preset_rows() + extra
    monkeypatch.setattr(_data, "preset_rows", lambda: rows)
    _presets._build.cache_clear()
    yield
    _presets._build.cache_clear()


def test_a_new_calculator_needs_only_its_module_and_presets(example_registered: None) -> None:
    name = "example-calculator"
    assert calculators.list_calculators()[name] == ["three-children"]
    spec = calculators.input_spec(name)
    assert spec["title"] == "Example calculator"
    assert [f["path"] for f in spec["fields"]] == ["title", "notes", "children", "unit_cost"]
    # Hand calculation: 3 children doubled = 6; 6 × £100 = £600.
    response = calculators.run_json(name, calculators.default_input(name))
    assert response["ok"] and response["result"]["summary"][0]["text"] == "£600"
    bad = calculators.run_json(name, {"children": 13, "unit_cost": -1})
    assert {e["path"] for e in bad["errors"]} == {"children", "unit_cost"}

    code, out, _ = run_cli("list")
    assert code == 0 and "example-calculator: Example calculator" in out and "three-children" in out
    code, out, _ = run_cli(name, "--preset", "three-children")
    assert code == 0 and "£600" in out
    code, out, _ = run_cli(name, "--format", "csv", "--table", "doubled")
    assert code == 0 and out.splitlines() == ["children,spend", "6,600"]

    pandas_adapter = pytest.importorskip("calculators.pandas_adapter")
    frames = pandas_adapter.run_frames(name, calculators.default_input(name))
    assert frames["doubled"].to_dict("records") == [{"children": 6, "spend": 600}]
    batch = pandas_adapter.run_batch(name, __import__("pandas").DataFrame({"scenario": ["five"], "preset": ["three-children"], "children": ["5"]}))
    assert batch.loc[0, "spend"] == 1000  # 5 × 2 × £100
