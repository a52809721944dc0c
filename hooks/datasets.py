"""Validate every ``data/*.csv`` against its ``data/<name>.schema.json``.

The CSVs in ``data/`` are the one source of truth for the site's figures, so a
bad row must stop the build with the file, the line and the reason, rather
than surface later as a wrong number on a page.

Each schema is a small subset of Frictionless Table Schema::

    {"title": "...", "description": "...", "primaryKey": ["id"],
     "fields": [{"name": "id", "type": "string", "description": "...",
                 "unit": "optional", "constraints": {"required": true,
                 "unique": true, "enum": [...], "minimum": 0, "maximum": 1,
                 "pattern": "regex"}}]}

Types: ``string``, ``integer``, ``number``, ``boolean`` (``true``/``false``),
``date`` (``YYYY-MM-DD``). An empty cell is a missing value. Every dataset
must carry a required ``source`` column (provenance), and every field a
description (the data catalogue is generated from it).

Each file is validated once per content: the result is kept, keyed by the
bytes of the CSV and of its schema, so the hooks that read the same file in
one build (``data_check.py``, the glossary, the catalogue, the knowledge base)
share one validation, and a file edited under ``mkdocs serve`` is checked
again.

Not a hook itself (``data_check.py`` is the hook that stops the build): the
hooks and the tests import it by name, so they share one copy of it and of its
cache. Other hooks call :func:`load_dataset`; ``data_check.py`` calls :func:`check_all`.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["DATA_DIR", "DatasetError", "Problem", "check_all", "check_dataset", "load_dataset", "load_schema"]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

_TYPES = {"string", "integer", "number", "boolean", "date"}
_CONSTRAINTS = {"required", "unique", "enum", "minimum", "maximum", "pattern"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a data file; ``line`` is 1-based, as an editor shows it."""

    file: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line else self.file
        return f"{where}: {self.reason}"


class DatasetError(ValueError):
    """Raised by :func:`load_dataset` when a file breaks its schema."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _display(path: Path) -> str:
    """The path as a reader of the error knows it: ``data/x.csv`` where possible."""
    try:
        return str(path.resolve().relative_to(DATA_DIR.parent))
    except ValueError:
        return str(path)


def load_schema(csv_path: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Read and check the schema beside ``csv_path``; return it with any problems."""
    schema_path = csv_path.with_suffix(".schema.json")
    name = _display(schema_path)
    if not schema_path.exists():
        return None, [Problem(_display(csv_path), None, f"no schema: create {name}")]
    try:
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        return None, [Problem(name, exc.lineno, f"not valid JSON: {exc.msg}")]

    problems: list[Problem] = []
    for key in ("title", "description"):
        if not str(schema.get(key, "")).strip():
            problems.append(Problem(name, None, f"the schema needs a non-empty '{key}'"))
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields:
        return None, problems + [Problem(name, None, "the schema needs a non-empty 'fields' list")]
    names = []
    for i, field in enumerate(fields):
        label = f"field {i + 1} ({field.get('name', '?')})"
        if not str(field.get("name", "")).strip():
            problems.append(Problem(name, None, f"{label} has no name"))
        if field.get("type") not in _TYPES:
            problems.append(Problem(name, None, f"{label}: type must be one of {sorted(_TYPES)}"))
        if not str(field.get("description", "")).strip():
            problems.append(Problem(name, None, f"{label} has no description"))
        unknown = set(field.get("constraints", {})) - _CONSTRAINTS
        if unknown:
            problems.append(Problem(name, None, f"{label}: unknown constraints {sorted(unknown)}"))
        names.append(field.get("name"))
    source = next((f for f in fields if f.get("name") == "source"), None)
    if source is None or not source.get("constraints", {}).get("required"):
        problems.append(Problem(name, None, "every dataset needs a required 'source' field (provenance)"))
    for key in schema.get("primaryKey", []):
        if key not in names:
            problems.append(Problem(name, None, f"primaryKey names '{key}', which is not a field"))
    return schema, problems


def _record_lines(csv_path: Path) -> tuple[list[str], list[int], list[Problem]]:
    """Header, and the starting line of each record (quoted fields may span lines)."""
    problems: list[Problem] = []
    starts: list[int] = []
    name = _display(csv_path)
    with csv_path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            return [], [], [Problem(name, 1, "the file is empty: it needs a header row")]
        line = reader.line_num + 1
        for record in reader:
            if record and len(record) != len(header):
                problems.append(Problem(name, line, f"expected {len(header)} fields, found {len(record)}"))
            if record:
                starts.append(line)
            line = reader.line_num + 1
    return header, starts, problems


def _check_column(values: pd.Series, field: dict[str, Any], lines: list[int], name: str) -> list[Problem]:
    col, kind = field["name"], field["type"]
    rules = field.get("constraints", {})
    problems: list[Problem] = []

    def bad(mask: pd.Series, reason: str) -> None:
        for pos in mask[mask].index:
            problems.append(Problem(name, lines[pos], f"column '{col}': {reason.format(v=values[pos])}"))

    present = values.str.strip() != ""
    if rules.get("required"):
        bad(~present, "a value is required")

    if kind in ("integer", "number"):
        numbers = pd.to_numeric(values.where(present), errors="coerce")
        not_number = present & numbers.isna()
        infinite = numbers.map(lambda x: isinstance(x, float) and math.isinf(x))
        bad(not_number, "'{v}' is not a number")
        bad(present & infinite, "'{v}' is not a finite number")
        if kind == "integer":
            bad(present & ~not_number & ~infinite & (numbers % 1 != 0), "'{v}' is not a whole number")
        ok = present & ~not_number & ~infinite
        if "minimum" in rules:
            bad(ok & (numbers < rules["minimum"]), f"'{{v}}' is below the minimum of {rules['minimum']}")
        if "maximum" in rules:
            bad(ok & (numbers > rules["maximum"]), f"'{{v}}' is above the maximum of {rules['maximum']}")
    elif kind == "boolean":
        bad(present & ~values.isin(["true", "false"]), "'{v}' is not true or false")
    elif kind == "date":
        not_date = present & ~values.str.match(_DATE.pattern)
        parsed = pd.to_datetime(values.where(present & ~not_date), format="%Y-%m-%d", errors="coerce")
        bad(not_date | (present & ~not_date & parsed.isna()), "'{v}' is not a date written YYYY-MM-DD")

    if "enum" in rules:
        allowed = [str(a) for a in rules["enum"]]
        bad(present & ~values.isin(allowed), "'{v}' is not one of " + ", ".join(allowed))
    if "pattern" in rules:
        bad(present & ~values.str.fullmatch(rules["pattern"]), f"'{{v}}' does not match the pattern {rules['pattern']}")
    if rules.get("unique"):
        bad(present & values.duplicated(keep="first"), "'{v}' appears more than once; it must be unique")
    return problems


def _digest(csv_path: Path) -> str:
    """A fingerprint of the CSV and its schema as they are now on disk."""
    digest = hashlib.sha256()
    for path in (csv_path, csv_path.with_suffix(".schema.json")):
        digest.update(path.read_bytes() if path.exists() else b"")
        digest.update(b"\0")
    return digest.hexdigest()


def check_dataset(csv_path: Path) -> list[Problem]:
    """Every problem in one CSV file, checked against its schema."""
    return list(_checked(csv_path.resolve(), _digest(csv_path))[0])


@functools.lru_cache(maxsize=64)
def _checked(csv_path: Path, digest: str) -> tuple[tuple[Problem, ...], pd.DataFrame | None]:
    """The problems in a CSV file and, if there are none, its rows; kept while its bytes stay the same."""
    problems, frame = _check(csv_path)
    return tuple(problems), None if problems else frame


def _check(csv_path: Path) -> tuple[list[Problem], pd.DataFrame | None]:
    """The problems in a CSV file, and its rows as read to check them (None if it could not be read)."""
    name = _display(csv_path)
    schema, problems = load_schema(csv_path)
    if schema is None or problems:
        return problems, None
    header, lines, problems = _record_lines(csv_path)
    if problems:
        return problems, None
    fields = schema["fields"]
    expected = [f["name"] for f in fields]
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    if missing or extra:
        parts = ([f"missing columns {missing}"] if missing else []) + ([f"columns not in the schema {extra}"] if extra else [])
        return [Problem(name, 1, "; ".join(parts))], None

    frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False, skip_blank_lines=True)
    for field in fields:
        problems += _check_column(frame[field["name"]], field, lines, name)
    key = schema.get("primaryKey", [])
    if key:
        dupes = frame.duplicated(subset=key, keep="first")
        for pos in dupes[dupes].index:
            values = ", ".join(f"{k}={frame.at[pos, k]!r}" for k in key)
            problems.append(Problem(name, lines[pos], f"duplicate key ({values})"))
    return sorted(problems, key=lambda p: (p.line or 0, p.reason)), frame


def check_all(data_dir: Path = DATA_DIR) -> list[Problem]:
    """Problems in every dataset: each CSV needs a schema, each schema a CSV."""
    problems: list[Problem] = []
    for csv_path in sorted(data_dir.glob("*.csv")):
        problems += check_dataset(csv_path)
    for schema_path in sorted(data_dir.glob("*.schema.json")):
        if not schema_path.with_name(schema_path.name.replace(".schema.json", ".csv")).exists():
            problems.append(Problem(_display(schema_path), None, "schema without a CSV file"))
    return problems


def load_dataset(name: str, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """The rows of ``data/<name>.csv`` as strings, after validating them.

    Raises :class:`DatasetError` listing every problem if the file breaks its schema.
    """
    path = data_dir / f"{name}.csv"
    if not path.exists():
        raise DatasetError([Problem(_display(path), None, "no such file")])
    problems, frame = _checked(path.resolve(), _digest(path))
    if problems or frame is None:
        raise DatasetError(list(problems))
    return frame.copy()
