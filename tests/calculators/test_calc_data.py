"""The data files: schemas, provenance, references, and no figure hidden in the code."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

from calculators import _data, _presets, registry

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
FILES = ["unit_costs", "caseload_benchmarks", "preset_inputs"]


@pytest.mark.parametrize("name", FILES)
def test_schema_beside_each_csv_describes_every_column(name: str) -> None:
    schema = json.loads((DATA / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert schema["title"] and schema["description"]
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert [f["name"] for f in schema["fields"]] == header
    for field in schema["fields"]:
        assert field["description"].strip(), f"{name}.{field['name']} needs a description"
        assert field["type"] in {"string", "integer", "number", "boolean", "date"}
    assert {"source"} <= set(header)


@pytest.mark.parametrize("name", FILES)
def test_csv_passes_the_build_validator(name: str) -> None:
    datasets = pytest.importorskip("datasets")  # hooks/datasets.py, the build's pandas validator
    problems = datasets.check_dataset(DATA / f"{name}.csv")
    assert not problems, problems


@pytest.mark.parametrize("name", FILES)
def test_every_row_names_its_source(name: str) -> None:
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            assert row["source"].strip(), f"{name}.csv line {line} has no source"


def test_unit_cost_rows_have_a_year_and_a_value() -> None:
    for cost in _data.unit_costs().values():
        assert cost.year, cost.id
        assert cost.value > 0, cost.id
        if cost.basis == "annual_total":
            assert cost.children, cost.id
        if cost.source.startswith("Assumption"):
            assert "assumption" in cost.notes.lower() or "assumption" in cost.label.lower()


def test_derived_unit_costs() -> None:
    costs = _data.unit_costs()
    hour = costs["social-worker-client-hour"].value  # £55 (GMCA, 2013/14)
    for key, hours in (("home-with-support-low", 5), ("home-with-support-central", 10), ("home-with-support-high", 20)):
        assert costs[key].value == hours * hour


def test_every_preset_reference_resolves_and_every_preset_is_valid() -> None:
    import calculators

    for name, presets in calculators.list_calculators().items():
        for preset in presets:
            response = calculators.run_json(name, _presets.preset_input(name, preset))
            assert response["ok"], (name, preset, response.get("errors"))
            assert response["result"]["notes"], f"{preset} needs notes naming its sources"


def test_default_presets_exist() -> None:
    import calculators

    for name, preset in ((calc.name, calc.default_preset) for calc in registry.calculators()):
        assert preset in calculators.list_calculators()[name]


# Figures from the sources that must live only in data/, never as literals in the code.
SOURCE_FIGURES = {
    20_800_000, 21_500_000, 16_800_000, 19_500_000, 7_000_000, 95, 144, 316, 791, 1_300,
    219_000, 1_400_000, 820, 646, 3_830, 3_935, 6_108, 55, 17.7, 17.8, 15.2, 15.4, 26.4, 10.2, 18, 23, 77, 1.4, 7_000, 90,
}


def test_no_source_figure_is_written_in_the_code() -> None:
    for path in (ROOT / "calculators").glob("*.py"):
        with open(path, "rb") as handle:
            for token in tokenize.tokenize(handle.readline):
                if token.type == tokenize.NUMBER:
                    value = float(token.string.replace("_", ""))
                    assert value not in SOURCE_FIGURES, f"{path.name}:{token.start[0]} has the literal {token.string}"


def test_nothing_is_read_at_import() -> None:
    code = "import calculators, calculators.__main__, calculators.pandas_adapter as p, sys; from calculators import _data; print(_data._rows.cache_info().currsize, 'pandas' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.split() == ["0", "False"]


def test_source_checkout_reads_data_beside_the_package() -> None:
    assert not (ROOT / "calculators" / "data").exists()
    assert _data._read_text("unit_costs.csv") == (DATA / "unit_costs.csv").read_text(encoding="utf-8")
