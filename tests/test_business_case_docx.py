"""The business case's Word document: read back with python-docx (test only), converted to PDF by LibreOffice, and the same from the command line.

The sample is Northshire's case (examples/northshire-business-case.json,
built from tests/fixtures/northshire-profile.csv). Expected figures are the
appraisal's own, which tests/calculators/test_business_case.py checks
against the calculators' results.
"""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

docx = pytest.importorskip("docx", reason="python-docx is a test dependency (pip install -e '.[test]')")

from calculators.business_case import case_file, case_json  # noqa: E402
from calculators.business_case.format import pounds  # noqa: E402
from calculators.business_case.summary import MAX_WORDS, MIN_WORDS, words  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "northshire-business-case.json"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built(text: str) -> dict[str, Any]:
    return json.loads(case_json(text))


@pytest.fixture(scope="module")
def data(text: str) -> bytes:
    answer = json.loads(case_file(text, "docx"))
    assert answer["ok"] and answer["mime"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert answer["filename"].endswith(".docx")
    return base64.b64decode(answer["base64"])


@pytest.fixture(scope="module")
def document(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def _table_after(document: Any, caption: str) -> Any:
    """The table that follows the caption paragraph ``caption``."""
    body = document.element.body
    for n, child in enumerate(body):
        if child.tag == f"{_W}p" and "".join(t.text or "" for t in child.iter(f"{_W}t")) == caption:
            following = body[n + 1]
            assert following.tag == f"{_W}tbl"
            return docx.table.Table(following, document)
    raise AssertionError(f"no caption {caption!r}")


def test_headings_are_real_word_headings(document: Any, built: dict[str, Any]) -> None:
    level_1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert level_1 == [b["text"] for b in built["report"]["blocks"] if b["type"] == "heading" and b["level"] == 1]
    assert level_1[0] == "1. Purpose" and "5. Options appraisal" in level_1 and level_1[-1] == "Appendix B. How the figures are worked out"
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == [built["case"]["title"]]
    assert {"Heading 2"} <= {p.style.name for p in document.paragraphs}
    assert document.core_properties.title == built["case"]["title"] and document.core_properties.author == built["case"]["author"]


def test_the_options_table_carries_the_appraisals_figures(document: Any, built: dict[str, Any]) -> None:
    table = _table_after(document, "Table 1. The options side by side")
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0][:5] == ["Option", "Costs (£)", "Savings (£)", "Net saving against doing nothing (£)", "Net present value (£)"]
    for option, row in zip(built["appraisal"]["options"][1:], rows[2:]):
        assert row[0] == f"{option['id']}. {option['name']}"
        assert row[1:5] == [pounds(option["total_costs"]), pounds(option["total_savings"]), pounds(option["total_net_vs_do_nothing"]), pounds(option["npv"])]
    b = rows[3]
    assert b[4] == "3,097,642" and b[5] == "2.49 to 1"  # the invest-to-save calculator's own NPV and ratio for option B
    header = table.rows[0]._tr
    assert header.find(f"{_W}trPr/{_W}tblHeader") is not None, "the header row repeats on each page"


def test_the_finance_summary_is_100_to_120_words(document: Any) -> None:
    paragraphs = [p for p in document.paragraphs]
    n = next(i for i, p in enumerate(paragraphs) if p.text == "3. Finance summary")
    assert MIN_WORDS <= words(paragraphs[n + 1].text) <= MAX_WORDS


def test_each_chart_has_alternative_text_and_its_table(data: bytes, built: dict[str, Any]) -> None:
    charts = [b for b in built["report"]["blocks"] if b["type"] == "chart"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert [n for n in names if n.startswith("word/charts/")] == [f"word/charts/chart{i}.xml" for i in range(1, len(charts) + 1)]
        chart = archive.read("word/charts/chart1.xml").decode("utf-8")
        assert not any(n.endswith((".bin", ".xlsm", ".docm")) or "vbaProject" in n for n in names), "no macros"
        assert "TargetMode=\"External\"" not in "".join(archive.read(n).decode("utf-8") for n in names if n.endswith(".rels"))
    document = docx.Document(io.BytesIO(data))
    descriptions = [d.get("descr") for d in document.element.body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert descriptions == [c["alt"] for c in charts] and all(d.startswith("Bar chart: ") for d in descriptions)
    # The chart's figures are its own cached values (text stays text): the first input's effect at its low value.
    first = charts[0]
    assert f"<c:v>{float(first['series'][0]['values'][0])!r}</c:v>" in chart
    for c in charts:
        _table_after(document, next(b["caption"] for b in built["report"]["blocks"] if b.get("id") == c["table"]))


def _soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and os.environ.get("CI") == "true":
        pytest.fail("LibreOffice (soffice) is missing; run `make libreoffice` (apt-get install libreoffice-writer-nogui poppler-utils)")
    if found is None:
        pytest.skip("LibreOffice (soffice) is not installed: `make libreoffice` installs it")
    return found


def test_libreoffice_converts_it_to_pdf_with_the_options_table(data: bytes, tmp_path: Path, built: dict[str, Any]) -> None:
    soffice = _soffice()
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext (poppler-utils) is missing; run `make libreoffice`")
        pytest.skip("pdftotext (poppler-utils) is not installed: `make libreoffice` installs it")
    source = tmp_path / "case.docx"
    source.write_bytes(data)
    profile = tmp_path / "lo-profile"  # a private profile, so parallel runs do not share LibreOffice's lock
    done = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                          capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "case.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=60, check=True).stdout
    assert "Table 1. The options side by side" in text
    for option in built["appraisal"]["options"][1:]:
        assert pounds(option["npv"]) in text
    assert "Net present value" in text and "Appendix A. Assumptions and sources" in text


def test_the_command_line_writes_the_same_document(text: str, data: bytes, tmp_path: Path) -> None:
    out = tmp_path / "cli.docx"
    done = subprocess.run([sys.executable, "-m", "calculators", "case", str(SAMPLE), "--format", "docx", "--output", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == data
    cli = docx.Document(str(out))
    assert [p.text for p in cli.paragraphs if p.style.name.startswith("Heading")] == [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.style.name.startswith("Heading")]


def test_the_command_line_refuses_a_bad_case_with_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "business-case", "version": 1, "colour": "red", "options": [{"id": "A"}]}), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "calculators", "case", str(bad), "--format", "json"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 2 and done.stdout == "" and "Traceback" not in done.stderr
    assert "colour: is not part of a business case file" in done.stderr
    assert "options[0].id: must be “do-nothing”" in done.stderr and "options[0].name: is empty" in done.stderr


def test_the_command_line_will_not_write_a_word_document_to_a_terminal(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "calculators", "case", str(SAMPLE), "--format", "docx"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 2 and "give --output FILE.docx" in done.stderr and done.stdout == ""


def test_the_command_line_reads_standard_input(text: str) -> None:
    done = subprocess.run([sys.executable, "-m", "calculators", "case", "-", "--format", "csv"], input=text, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("\ufeffTable 1. The options side by side")


def test_every_part_is_well_formed_xml_and_listed_in_the_content_types(data: bytes) -> None:
    from xml.etree import ElementTree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        for name in names:
            ElementTree.fromstring(archive.read(name))
        types = archive.read("[Content_Types].xml").decode("utf-8")
    assert all(f'PartName="/{n}"' in types for n in names if n.endswith(".xml") and n != "[Content_Types].xml")
    assert {"word/document.xml", "word/styles.xml", "word/numbering.xml", "docProps/core.xml", "_rels/.rels", "word/_rels/document.xml.rels"} <= set(names)
