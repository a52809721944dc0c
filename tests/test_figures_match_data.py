"""Figures that pages restate from ``data/`` must equal the rows they come from (issue 12).

The pages are Markdown written by hand, so a figure copied from ``data/`` can drift
from it. These tests read every page (``docs/**/*.md``, the notebooks' markdown and
code cells, and the presets' notes in ``data/preset_inputs.csv``) and check:

* Glasgow's per-child costs (spend ÷ children, ``data/unit_costs.csv``) are quoted
  either exactly or as a plain rounding of the value the data gives;
* a national price stated beside its publisher (CMA, PSSRU, County Councils Network,
  New Economy) is one of that publisher's rows, and carries the row's year label;
* a DfE average caseload stated with its year is that year's row in
  ``data/caseload_benchmarks.csv``;
* the Glasgow audit is never dated 2015/16, which §3.2 does not say;
* where a preset or method page infers something (a year, a timing, a link between
  two figures), it says "inferred" or "assumption" — including the corrections of
  issue 12, so that they cannot quietly come back.

Expected values are read from ``data/`` (the one source of truth) and from the
source documents' paragraphs named beside each check.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DATA = ROOT / "data"
WEEKS_PER_YEAR = 365 / 7  # the calculators' convention (reference/placement-cost.md)


def _rows(name: str) -> dict[str, dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


UNIT_COSTS = _rows("unit_costs.csv")
BENCHMARKS = _rows("caseload_benchmarks.csv")
SOURCES = _rows("sources.csv")


def _preset_rows() -> list[dict[str, str]]:
    with open(DATA / "preset_inputs.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _texts() -> Iterator[tuple[str, str]]:
    """(where, text) for every page, notebook cell and preset note a reader sees."""
    for path in sorted(DOCS.rglob("*.md")):
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")
    for path in sorted((DOCS / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for i, cell in enumerate(cells):
            yield f"{path.relative_to(ROOT)} cell {i}", "".join(cell["source"])
    for row in _preset_rows():
        if row["path"] in ("title", "notes"):
            yield f"data/preset_inputs.csv {row['preset']} {row['path']}", row["value"]


def _lines() -> Iterator[tuple[str, str]]:
    """Each line (a paragraph line, list item or table row) with where it is."""
    for where, text in _texts():
        for number, line in enumerate(text.splitlines(), start=1):
            yield f"{where}:{number}", line


def _paragraphs() -> Iterator[tuple[str, str]]:
    """Each paragraph (lines up to a blank line) joined into one line, with where it starts."""
    for where, text in _texts():
        for i, paragraph in enumerate(re.split(r"\n\s*\n", text)):
            yield f"{where} paragraph {i + 1}", " ".join(paragraph.split())


def _amounts(text: str) -> list[tuple[float, str]]:
    """£ amounts on a line, as (pounds, the text after them); '£20.8m' counts as 20,800,000."""
    found = []
    for match in re.finditer(r"£(\d[\d,]*(?:\.\d+)?)(m|k)?\b", text):
        value = float(match.group(1).replace(",", ""))
        value *= {"m": 1_000_000, "k": 1_000, None: 1}[match.group(2)]
        found.append((value, text[match.end() : match.end() + 30]))
    return found


def _is_rounding(stated: float, exact: float) -> bool:
    """True if ``stated`` is ``exact`` rounded to pounds, pence, or to tens to thousands."""
    return any(abs(stated - round(exact, digits)) < 1e-9 for digits in (2, 0, -1, -2, -3))


# Glasgow's per-child costs -------------------------------------------------------------


def _glasgow_per_child() -> dict[str, tuple[float, float]]:
    """Per child a year and a week, from spend ÷ children (000_cae6d205916c5940.txt §3.2)."""
    out = {}
    for key, row in UNIT_COSTS.items():
        if row["basis"] == "annual_total":
            year = float(row["value"]) / int(row["children"])
            out[key] = (year, year / WEEKS_PER_YEAR)
    return out


GLASGOW = _glasgow_per_child()


def test_the_glasgow_divisions_are_the_ones_the_pages_quote() -> None:
    # hand check of two of them: £20.8m ÷ 95 = £218,947.37; £19.5m ÷ 791 = £24,652.34 a year, ÷ (365 ÷ 7) = £472.78 a week
    assert round(GLASGOW["glasgow-purchased-residential"][0], 2) == 218_947.37
    assert round(GLASGOW["glasgow-foster-provided"][0], 2) == 24_652.34
    assert round(GLASGOW["glasgow-foster-provided"][1], 2) == 472.78


def test_a_figure_close_to_a_glasgow_per_child_cost_is_that_cost_or_its_rounding() -> None:
    """A £ figure within 3% of a spend ÷ children value must be that value or a rounding of it.

    This catches a retyped figure (say £24,562 for £24,652) while letting pages say
    "about £24,700". £219,000 is §3.5's own figure, kept as the source prints it.
    """
    exact = [v for pair in GLASGOW.values() for v in pair]
    printed_by_the_report = {float(UNIT_COSTS["glasgow-out-of-city-average"]["value"])}  # §3.5, §4.4
    # Figures that are near a Glasgow cost by coincidence, each another calculation:
    other_calculations = {
        215_932.0,  # caseload preset: (615 ÷ 17.7 − 30) FTE × £35,000 × 1.30 (reference/caseload.md)
        216_000.0,  # the same, rounded in the caseload notebook's summary
        133.0,  # £820 − £686.75, the Strengthening Families low weekly gap (reference/placement-cost.md)
    }
    wrong = []
    for where, line in _lines():
        for stated, _after in _amounts(line):
            if stated in printed_by_the_report or stated in other_calculations:
                continue
            near = [v for v in exact if abs(stated - v) <= 0.03 * v]
            if near and not any(_is_rounding(stated, v) for v in near):
                wrong.append(f"{where}: £{stated:,.2f} is close to {[round(v, 2) for v in near]} but is not it")
    assert not wrong, "\n".join(wrong)


# National prices beside their publisher -------------------------------------------------

# Which rows each publisher's name on a line refers to, and what counts as a mention.
PUBLISHERS = {
    "CMA": (r"\bCMA\b|Competition and Markets Authority", ["ifa-average-price-cma", "residential-private-cma"]),
    "PSSRU": (r"\bPSSRU\b", ["foster-in-house-pssru"]),
    "CCN": (r"County Councils Network|\bCCN\b", ["residential-county-ccn-2019", "residential-county-ccn-2024"]),
    "New Economy": (r"New Economy", ["social-worker-hour", "social-worker-client-hour"]),
}


def _attributed(line: str) -> Iterator[tuple[float, str, str]]:
    """(£ amount, text after it, publisher) for each amount followed by a publisher's name.

    The pages cite after the figure ("about £820 a week (Competition and Markets
    Authority ...)"), so an amount belongs to the first publisher named after it,
    before the next amount and within the same sentence (or table row).
    """
    matches = list(re.finditer(r"£(\d[\d,]*(?:\.\d+)?)(m|k)?\b", line))
    for i, match in enumerate(matches):
        stop = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        stretch = re.split(r"(?<=[.;])\s", line[match.end() : stop])[0]
        hits = [(m.start(), name) for name, (pattern, _) in PUBLISHERS.items() for m in [re.search(pattern, stretch)] if m]
        if hits:
            value = float(match.group(1).replace(",", "")) * {"m": 1_000_000, "k": 1_000, None: 1}[match.group(2)]
            yield value, line[match.end() : match.end() + 30], min(hits)[1]


@pytest.mark.parametrize("publisher", sorted(PUBLISHERS))
def test_a_price_cited_to_its_publisher_is_one_of_its_rows(publisher: str) -> None:
    """A £ price (not a yearly sum) cited to a publisher, and within 30% of one of its rows,
    must equal that row: the page restates the data, it does not retype it."""
    _, ids = PUBLISHERS[publisher]
    values = [float(UNIT_COSTS[i]["value"]) for i in ids]
    checked, wrong = 0, []
    for where, line in _lines():
        for stated, after, cited in _attributed(line):
            if cited != publisher or re.match(r"\s*(?:a year|per year|per child per year|in all)", after):
                continue
            checked += 1
            close = [v for v in values if abs(stated - v) <= 0.3 * v]
            if close and stated not in close:
                wrong.append(f"{where}: £{stated:,.0f} cited to {publisher}, but its rows hold {values}")
    assert not wrong, "\n".join(wrong)
    assert checked, f"no price cited to {publisher} was found: the check has stopped seeing the pages"


def test_cma_prices_carry_the_cmas_own_label_not_2020_21() -> None:
    """The CMA's prices are the largest providers' FY2020 (issue 12); data/ says so."""
    for key in PUBLISHERS["CMA"][1]:
        assert UNIT_COSTS[key]["year"] == "FY2020"
    wrong = [f"{where}: {line.strip()[:120]}" for where, line in _lines() if re.search(PUBLISHERS["CMA"][0], line) and "2020/21" in line]
    assert not wrong, "\n".join(wrong)


def test_pssru_foster_cost_is_for_england_not_the_uk() -> None:
    assert "England" in UNIT_COSTS["foster-in-house-pssru"]["label"]
    wrong = [f"{where}: {line.strip()[:120]}" for where, line in _lines() if "£646" in line and re.search(r"\bUK\b", line)]
    assert not wrong, "\n".join(wrong)


# DfE caseloads with their year ------------------------------------------------------------

DFE_AVERAGE = {row["year"]: float(row["value"]) for key, row in BENCHMARKS.items() if key.startswith("england-average-")}


# DfE, Children's social work workforce, reporting year 2025 (the latest edition, checked on
# 6 December 2026): average caseload per FTE at 30 September, from its national caseload series.
# The 2017 edition first published 2017 as 17.8; the 2025 edition's series gives 17.7.
DFE_SERIES_2025_EDITION = {
    "2017": 17.7, "2018": 17.4, "2019": 16.9, "2020": 16.3, "2021": 16.3,
    "2022": 16.6, "2023": 16.0, "2024": 15.4, "2025": 15.2,
}


def test_the_dfe_series_is_the_latest_editions_every_year() -> None:
    assert DFE_AVERAGE == DFE_SERIES_2025_EDITION
    for year in DFE_AVERAGE:
        row = BENCHMARKS[f"england-average-{year}"]
        assert "reporting year 2025" in row["source"], year
        assert "Checked against the 2025 edition on 6 December 2026" in row["notes"], year
    assert "first published 17.8" in BENCHMARKS["england-average-2017"]["notes"]


def test_no_page_says_the_dfe_average_fell_every_year() -> None:
    """The series rose in 2022 (16.3 → 16.6) and held in 2021, so 'fallen every year' is false."""
    years = sorted(DFE_AVERAGE)
    assert any(DFE_AVERAGE[b] >= DFE_AVERAGE[a] for a, b in zip(years, years[1:]))  # not falling every year
    claim = re.compile(r"fall(en|s)? every year|fell every year|every year since 2017", re.IGNORECASE)
    wrong = [f"{where}: {line.strip()[:120]}" for where, line in _lines() if claim.search(line)]
    wrong += [f"data/preset_inputs.csv {row['preset']} {row['path']}" for row in _preset_rows() if claim.search(row["value"])]
    assert not wrong, "\n".join(wrong)


# every DfE figure for a year: the average and, where kept, the lowest and highest council
DFE_FIGURES = {
    year: {float(row["value"]) for key, row in BENCHMARKS.items() if key.startswith("england-") and row["year"] == year}
    for year in DFE_AVERAGE
}

_CASELOAD_WITH_YEAR = [
    re.compile(r"(?P<value>\d{2}\.\d)\s*(?:cases?\s*)?(?:per FTE\s*)?(?:in|at 30 September)\s*(?P<year>20\d\d)\b"),
    re.compile(r"(?P<year>20\d\d)\s+England average of\s+(?P<value>\d{2}\.\d)"),
    re.compile(r"England(?:'s)? average[^.;]{0,40}?(?P<value>\d{2}\.\d)[^.;]{0,40}?(?:at 30 September|in)\s+(?P<year>20\d\d)\b"),
]


def test_a_dfe_caseload_stated_with_its_year_is_that_years_row() -> None:
    checked, wrong = 0, []
    for where, line in _paragraphs():
        if not re.search(r"caseload|cases per FTE|cases each|England average|DfE", line, re.IGNORECASE):
            continue
        for pattern in _CASELOAD_WITH_YEAR:
            for match in pattern.finditer(line):
                year, value = match.group("year"), float(match.group("value"))
                if year not in DFE_AVERAGE:
                    continue
                checked += 1
                if value not in DFE_FIGURES[year]:
                    wrong.append(f"{where}: {value} in {year}, but data/ holds {sorted(DFE_FIGURES[year])}")
    assert not wrong, "\n".join(wrong)
    assert checked >= 3, "the patterns no longer find the caseload figures the method pages state"


# The Glasgow audit's year ------------------------------------------------------------------


def test_the_glasgow_audit_is_not_dated_2015_16() -> None:
    """§3.2 calls the audit 'current spend' and gives no year; 2015/16 is §3.1's trend analysis."""
    for key, row in UNIT_COSTS.items():
        if row["basis"] == "annual_total":
            assert row["year"] == "current spend as reported in March 2017; year not stated", key
    allowed = re.compile(r"§3\.1|trend|not (?:state|give)|no year|only for|appears only|old name|id keeps")
    wrong = []
    for where, text in _texts():
        for paragraph in re.split(r"\n\s*\n", text):
            flat = paragraph.replace("`glasgow-2015-16-audit`", "").replace("glasgow-2015-16-audit", "")
            if re.search(r"2015/16|2015 / 2016", flat) and not allowed.search(flat):
                wrong.append(f"{where}: {' '.join(flat.split())[:160]}")
    assert not wrong, "\n".join(wrong)


def test_the_out_of_city_average_is_neither_dated_nor_derived() -> None:
    """§3.5: 'our analysis of individual cases shows ... average £219,000'; no year, no link to §3.2."""
    row = UNIT_COSTS["glasgow-out-of-city-average"]
    assert not re.match(r"^\d{4}", row["year"])
    wrong = [f"{where}: {line.strip()[:140]}" for where, line in _lines() if re.search(r"individual cases during 2016|rounds this to an average of £219,000", line)]
    assert not wrong, "\n".join(wrong)


# Inferences are marked ---------------------------------------------------------------------


def _notes(preset: str) -> str:
    return next(r["value"] for r in _preset_rows() if r["preset"] == preset and r["path"] == "notes")


def test_every_preset_field_whose_source_infers_says_so_in_its_notes() -> None:
    """A preset field whose source is an inference must be flagged in the preset's notes."""
    for row in _preset_rows():
        if re.search(r"\binferred\b", row["source"], re.IGNORECASE):
            assert "inferred" in _notes(row["preset"]), (row["preset"], row["path"])


def test_the_glasgow_family_support_preset_uses_case_points_and_says_what_is_inferred() -> None:
    """Issue 12 item 1: the weighted test against case points, not a count against England's average."""
    fields = {r["path"]: r for r in _preset_rows() if r["preset"] == "glasgow-family-support"}
    assert fields["capacity_points_per_fte"]["ref"] == "caseload_benchmarks:points-case-capacity-full-time"
    # Wirral: "a maximum of 100 points (15 stable points + case points + extra responsibilities)"
    assert float(BENCHMARKS["points-case-capacity-full-time"]["value"]) == 100 - 15
    assert fields["target_caseload"]["ref"] != "caseload_benchmarks:england-average-2017"
    notes = _notes("glasgow-family-support")
    assert "inferred" in notes and "85" in notes and "assumption" in notes
    assert "1,968,258" not in notes and "43.26" not in notes


def test_months_to_target_is_called_a_service_average() -> None:
    """Issue 12 item 4: the projection is for all teams together."""
    assert "service average" in _notes("strengthening-families-areas")
    for page in ("calculators/caseload.md", "calculators/reference/caseload.md"):
        assert "service average" in (DOCS / page).read_text(encoding="utf-8"), page


IMPLIES = re.compile(r"\bimpl(?:y|ies|ied)\b|\bsuggests?\b")


def test_method_pages_and_preset_notes_mark_what_they_infer() -> None:
    """A sentence that draws an inference ('implies', 'suggests') says it is inferred or assumed."""
    texts = [(f"docs/{p.relative_to(DOCS)}", p.read_text(encoding="utf-8")) for p in sorted((DOCS / "calculators").rglob("*.md"))]
    texts += [(f"preset {r['preset']}", r["value"]) for r in _preset_rows() if r["path"] == "notes"]
    wrong = []
    for where, text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if IMPLIES.search(sentence) and not re.search(r"inferred|assum|our reading|inference", sentence, re.IGNORECASE):
                wrong.append(f"{where}: {sentence.strip()[:160]}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    "phrase, why",
    [
        ("as the saving in §4.4 implies", "§4.4 implies no timing"),
        ("allowances have been static", "slide 13 says 'stagnant rates for foster carers'"),
        ("outside the restructure's savings", "the source says only that it is a separate project"),
        ("not spread evenly", "in no source"),
        ("outside the plan for now", "the source says discussions are ongoing"),
        ("fewer placements per child", "slide 10 does not say per child"),
        ("Selby shown as a half hub", "the map key is unclear"),
        ("who also held this role", "the Chief Officer and the Chief Social Work Officer are different people"),
        ("Glasgow 2015/16 audit", "§3.2 gives no year"),
    ],
)
def test_a_corrected_claim_does_not_come_back(phrase: str, why: str) -> None:
    texts = list(_texts())
    with open(DATA / "glossary.csv", encoding="utf-8", newline="") as handle:
        texts += [(f"glossary {row['term']}", row["definition"]) for row in csv.DictReader(handle)]
    wrong = [where for where, text in texts if phrase in text]
    assert not wrong, f"{phrase!r} ({why}) is back in: {wrong}"


# National sources: edition and date kept in data/ ------------------------------------------


@pytest.mark.parametrize(
    "source_id, edition",
    [
        ("dfe-children-looked-after-2025", "81,770"),  # DfE 2025 release, 31 March 2025
        ("welsh-government-looked-after-2024", "7,198"),  # Welsh Government 2024 release
        ("hm-treasury-green-book", "2026"),  # the 2026 edition
        ("lga-standards-for-employers", "2020"),  # the version cited
        ("gmca-cost-benefit-analysis-model", "2014"),  # HM Treasury with New Economy
    ],
)
def test_national_sources_name_their_edition(source_id: str, edition: str) -> None:
    row = SOURCES[source_id]
    assert row["date"], source_id
    assert edition in row["title"] + row["notes"] + row["date"], source_id


def test_the_cost_benefit_guidance_is_published_by_hm_treasury() -> None:
    row = SOURCES["gmca-cost-benefit-analysis-model"]
    assert row["publisher"].startswith("HM Treasury")
    assert "New Economy" in row["publisher"]
