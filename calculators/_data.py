"""Read the figures in ``data/*.csv`` with the standard library.

The CSV files are the one source of truth for every figure the calculators
use (unit costs, caseload benchmarks, preset inputs). They are found

1. inside the installed package as ``calculators/data/<file>`` (the wheel
   build copies ``data/`` there): read beside this module when the package is
   files on a disk (as in Pyodide, where :mod:`importlib.resources` and what it
   imports would add to every start), else through :mod:`importlib.resources`
   (a package installed in a zip file), or else
2. in a source checkout, in ``data/`` beside the package directory.

Nothing is read at import time; each file is read once, on first use, and
cached for the life of the process.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .units import WEEKS_PER_YEAR

__all__: list[str] = []  # internal module


def _read_text(name: str) -> str:
    """The text of data file ``name``, from the installed package or the source checkout."""
    here = Path(__file__).resolve().parent
    if (here / "data" / name).is_file():
        return (here / "data" / name).read_text(encoding="utf-8")
    try:
        from importlib import resources  # only for a package in a zip file (above: files on a disk)

        packaged = resources.files(__package__ or "calculators").joinpath("data", name)
        if packaged.is_file():
            return packaged.read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError, NotADirectoryError):
        pass
    beside = here.parent / "data" / name
    try:
        return beside.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = beside.read_bytes()[: exc.start].count(b"\n") + 1
        raise ValueError(f"data/{name} line {line}: byte {exc.object[exc.start]:#04x} is not UTF-8 text; save the file as UTF-8") from None
    except FileNotFoundError:
        raise FileNotFoundError(
            f"data file {name!r} not found in the installed package (calculators/data/) "
            f"or in the source checkout ({beside.parent})"
        ) from None


@lru_cache(maxsize=None)
def _rows(name: str) -> tuple[dict[str, str], ...]:
    """All rows of a CSV file as dicts of stripped strings (read once, then cached)."""
    reader = csv.DictReader(io.StringIO(_read_text(name), newline=""))
    return tuple({key: (value or "").strip() for key, value in row.items()} for row in reader)


@dataclass(frozen=True)
class UnitCost:
    """One row of ``data/unit_costs.csv`` with derived values resolved."""

    id: str
    label: str
    basis: str  # weekly_per_child | annual_per_child | annual_total | hourly
    value: float
    children: int | None
    year: str
    source: str
    notes: str

    def annual_per_child(self) -> float | None:
        """£ per child per year (weekly × 365/7; total spend ÷ children); None for an hourly cost."""
        if self.basis == "weekly_per_child":
            return self.value * WEEKS_PER_YEAR
        if self.basis == "annual_per_child":
            return self.value
        if self.basis == "annual_total" and self.children:
            return self.value / self.children
        return None


def per_child_unit_costs() -> tuple[str, ...]:
    """Ids of the unit costs that can be read as £ per child per year (not hourly rates), in file order."""
    return tuple(key for key, cost in unit_costs().items() if cost.annual_per_child() is not None)


@dataclass(frozen=True)
class Benchmark:
    """One row of ``data/caseload_benchmarks.csv``."""

    id: str
    label: str
    value: float
    unit: str
    year: str
    source: str
    notes: str


@dataclass(frozen=True)
class PresetRow:
    """One row of ``data/preset_inputs.csv``: a value (or a reference) for one input path."""

    calculator: str
    preset: str
    path: str
    value: str
    ref: str
    source: str
    line: int


@lru_cache(maxsize=None)
def unit_costs() -> dict[str, UnitCost]:
    """Unit costs by id. A row with ``derived_from`` and ``multiplier`` has value = multiplier × that row's value."""
    raw = {row["id"]: row for row in _rows("unit_costs.csv")}
    lines = {row["id"]: index + 2 for index, row in enumerate(_rows("unit_costs.csv"))}
    out: dict[str, UnitCost] = {}

    def resolve(key: str, depth: int = 0) -> float:
        row = raw[key]
        where = f"data/unit_costs.csv line {lines[key]}, id {key!r}"
        if row["derived_from"]:
            if depth > 5:
                raise ValueError(f"{where}: derived_from goes round in a loop")
            if row["derived_from"] not in raw:
                raise ValueError(f"{where}: derived_from names {row['derived_from']!r}, which is not an id in the file")
            return float(row["multiplier"]) * resolve(row["derived_from"], depth + 1)
        return float(row["value"])

    for key, row in raw.items():
        out[key] = UnitCost(
            id=key,
            label=row["label"],
            basis=row["basis"],
            value=resolve(key),
            children=int(row["children"]) if row["children"] else None,
            year=row["year"],
            source=row["source"],
            notes=row["notes"],
        )
    return out


@lru_cache(maxsize=None)
def benchmarks() -> dict[str, Benchmark]:
    """Caseload benchmarks by id."""
    return {
        row["id"]: Benchmark(
            id=row["id"],
            label=row["label"],
            value=float(row["value"]),
            unit=row["unit"],
            year=row["year"],
            source=row["source"],
            notes=row["notes"],
        )
        for row in _rows("caseload_benchmarks.csv")
    }


@lru_cache(maxsize=None)
def preset_rows() -> tuple[PresetRow, ...]:
    """The rows of ``data/preset_inputs.csv`` in file order (``line`` is the file's line number)."""
    return tuple(
        PresetRow(
            calculator=row["calculator"],
            preset=row["preset"],
            path=row["path"],
            value=row["value"],
            ref=row["ref"],
            source=row["source"],
            line=index + 2,
        )
        for index, row in enumerate(_rows("preset_inputs.csv"))
    )
