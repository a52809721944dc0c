"""The data validator (hooks/datasets.py): the repository's data is valid, and
a bad row fails with the file, the line and the reason."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import datasets
import pytest
from datasets import DATA_DIR, DatasetError, check_all, check_dataset, load_dataset

ROOT = Path(__file__).resolve().parent.parent

SCHEMA = {
    "title": "Example costs",
    "description": "A small dataset for testing the validator.",
    "primaryKey": ["id"],
    "fields": [
        {"name": "id", "type": "string", "description": "Key.",
         "constraints": {"required": True, "unique": True, "pattern": "^[a-z-]+$"}},
        {"name": "children", "type": "integer", "description": "Count.", "constraints": {"minimum": 0}},
        {"name": "weekly", "type": "number", "unit": "£", "description": "Price.", "constraints": {"maximum": 100000}},
        {"name": "purchased", "type": "boolean", "description": "Bought in?"},
        {"name": "as_at", "type": "date", "description": "Date."},
        {"name": "nation", "type": "string", "description": "Nation.", "constraints": {"enum": ["England", "Wales"]}},
        {"name": "source", "type": "string", "description": "Provenance.", "constraints": {"required": True}},
    ],
}
HEADER = "id,children,weekly,purchased,as_at,nation,source\n"
GOOD_ROW = "foster,3,820.5,true,2021-03-31,England,CMA 2021\n"


def write(tmp_path: Path, body: str, schema: dict | None = SCHEMA, name: str = "costs") -> Path:
    csv_path = tmp_path / f"{name}.csv"
    csv_path.write_text(HEADER + body, encoding="utf-8")
    if schema is not None:
        (tmp_path / f"{name}.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    return csv_path


def messages(csv_path: Path) -> list[str]:
    return [str(p) for p in check_dataset(csv_path)]


def test_every_dataset_in_the_repository_is_valid() -> None:
    assert sorted(DATA_DIR.glob("*.csv")), "data/ has no CSV files"
    assert [str(p) for p in check_all()] == []


def test_a_file_is_validated_once_until_its_bytes_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The data check, the glossary, the catalogue and the knowledge base each
    # read a file in one build: one validation (one pandas read) serves them all.
    reads: list[str] = []
    real_read_csv = datasets.pd.read_csv

    def counting_read_csv(path: object, *args: object, **kwargs: object) -> object:
        reads.append(Path(str(path)).name)
        return real_read_csv(path, *args, **kwargs)

    monkeypatch.setattr(datasets.pd, "read_csv", counting_read_csv)
    csv_path = write(tmp_path, GOOD_ROW)
    assert check_dataset(csv_path) == []
    first = load_dataset("costs", tmp_path)
    first.loc[0, "id"] = "changed by a caller"  # each caller gets its own copy
    assert load_dataset("costs", tmp_path).loc[0, "id"] == "foster"
    assert check_all(tmp_path) == []
    assert reads == ["costs.csv"]

    # An edited file (as under `mkdocs serve`) is checked again, even at the same size and time.
    csv_path.write_text(HEADER + GOOD_ROW.replace("England", "Narnia"), encoding="utf-8")
    assert [p.reason for p in check_dataset(csv_path)] == ["column 'nation': 'Narnia' is not one of England, Wales"]
    with pytest.raises(DatasetError, match="Narnia"):
        load_dataset("costs", tmp_path)
    assert reads == ["costs.csv", "costs.csv"]


def test_a_good_file_loads(tmp_path: Path) -> None:
    frame = load_dataset("costs", write(tmp_path, GOOD_ROW).parent)
    assert frame.to_dict(orient="records") == [
        {"id": "foster", "children": "3", "weekly": "820.5", "purchased": "true",
         "as_at": "2021-03-31", "nation": "England", "source": "CMA 2021"}
    ]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("Foster,3,1,true,2021-03-31,England,x", "column 'id': 'Foster' does not match the pattern ^[a-z-]+$"),
        (",3,1,true,2021-03-31,England,x", "column 'id': a value is required"),
        ("a,-1,1,true,2021-03-31,England,x", "column 'children': '-1' is below the minimum of 0"),
        ("a,2.5,1,true,2021-03-31,England,x", "column 'children': '2.5' is not a whole number"),
        ("a,3,lots,true,2021-03-31,England,x", "column 'weekly': 'lots' is not a number"),
        ("a,3,inf,true,2021-03-31,England,x", "column 'weekly': 'inf' is not a finite number"),
        ("a,3,200000,true,2021-03-31,England,x", "column 'weekly': '200000' is above the maximum of 100000"),
        ("a,3,1,yes,2021-03-31,England,x", "column 'purchased': 'yes' is not true or false"),
        ("a,3,1,true,31/03/2021,England,x", "column 'as_at': '31/03/2021' is not a date written YYYY-MM-DD"),
        ("a,3,1,true,2021-02-30,England,x", "column 'as_at': '2021-02-30' is not a date written YYYY-MM-DD"),
        ("a,3,1,true,2021-03-31,Scotland,x", "column 'nation': 'Scotland' is not one of England, Wales"),
        ("a,3,1,true,2021-03-31,England,", "column 'source': a value is required"),
        ("a,3,1,true,2021-03-31,England", "expected 7 fields, found 6"),
    ],
)
def test_a_bad_row_names_file_line_and_reason(tmp_path: Path, row: str, reason: str) -> None:
    # The bad row is the file's third line: header, one good row, then it.
    path = write(tmp_path, GOOD_ROW + row + "\n")
    assert messages(path) == [f"{path}, line 3: {reason}"]


def test_line_numbers_count_quoted_line_breaks(tmp_path: Path) -> None:
    # A quoted field spanning two lines puts the next record on line 4, not 3.
    body = 'multi,1,1,true,2021-03-31,England,"two\nlines"\n' + "bad id,1,1,true,2021-03-31,England,x\n"
    path = write(tmp_path, body)
    assert messages(path) == [f"{path}, line 4: column 'id': 'bad id' does not match the pattern ^[a-z-]+$"]


def test_every_bad_cell_is_reported_at_once(tmp_path: Path) -> None:
    path = write(tmp_path, "a,-1,lots,maybe,2021-03-31,England,x\n")
    assert len(messages(path)) == 3


def test_duplicate_keys_are_reported(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_ROW + GOOD_ROW)
    assert f"{path}, line 3: column 'id': 'foster' appears more than once; it must be unique" in messages(path)
    assert f"{path}, line 3: duplicate key (id='foster')" in messages(path)


def test_header_must_match_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "costs.csv"
    path.write_text("id,children,extra\nfoster,3,1\n")
    (tmp_path / "costs.schema.json").write_text(json.dumps(SCHEMA))
    [problem] = messages(path)
    assert problem.startswith(f"{path}, line 1: missing columns ['weekly'")
    assert "columns not in the schema ['extra']" in problem


def test_schema_problems_are_reported(tmp_path: Path) -> None:
    bad = {**SCHEMA, "fields": [{**f, "description": ""} if f["name"] == "weekly" else f for f in SCHEMA["fields"]]}
    assert any("field 3 (weekly) has no description" in m for m in messages(write(tmp_path, GOOD_ROW, bad)))
    no_source = {**SCHEMA, "fields": [f for f in SCHEMA["fields"] if f["name"] != "source"]}
    assert any("needs a required 'source' field" in m for m in messages(write(tmp_path, "", no_source)))


def test_a_csv_without_a_schema_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_ROW, schema=None)
    assert messages(path) == [f"{path}: no schema: create {path.with_suffix('.schema.json')}"]
    with pytest.raises(DatasetError, match="no schema"):
        load_dataset("costs", tmp_path)


def test_a_bad_row_stops_the_site_build(tmp_path: Path) -> None:
    # The real build, on a copy of the project whose glossary has a bad row.
    project = tmp_path / "project"
    project.mkdir()
    for part in ("mkdocs.yml", "docs", "hooks", "data", "overrides"):
        subprocess.run(["cp", "-r", str(ROOT / part), str(project)], check=True)
    glossary = project / "data" / "glossary.csv"
    lines = glossary.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(2, "XYZ,acronym,Example,An example.,Atlantis,Made up\n")
    glossary.write_text("".join(lines), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=project, capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode != 0
    assert "data/glossary.csv, line 3: column 'nation': 'Atlantis' is not one of" in proc.stderr + proc.stdout
