"""Everywhere the calculators are listed agrees with the registry (calculators/registry.py).

The site's navigation (``mkdocs.yml`` with the calculators' pages added by
hooks/calculator_nav.py), the calculators' index page and the data schemas
whose ``calculator`` column names calculators each list them; these tests
name any registered calculator one of them leaves out, and any calculator
one of them lists that is not registered.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from calculator_nav import nav_files, with_calculators

from calculators import registry

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
NAMES = registry.names()


class _Loader(yaml.SafeLoader):
    """mkdocs.yml with its tags (``!ENV``) read as plain values."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _calculator_of(page: Path) -> str | None:
    """The calculator a page declares in its front matter (``calculator: name``), or None."""
    text = page.read_text(encoding="utf-8") if page.is_file() else ""
    head = text.split("---")[1] if text.startswith("---") else ""
    found = re.search(r"^calculator:\s*(\S+)", head, re.M)
    return found.group(1) if found else None


def missing_and_extra(listed: list[str], where: str, docs: Path = DOCS) -> list[str]:
    """What a list of page paths (relative to ``docs``) leaves out of the registry, and what it adds."""
    problems = []
    for name in NAMES:
        for page in (f"calculators/{name}.md", f"calculators/reference/{name}.md"):
            if page not in listed:
                problems.append(f"{where} lists no {page} (calculator {name!r} is registered)")
    for page in listed:
        declared = _calculator_of(docs / page)
        if declared is not None and declared not in NAMES:
            problems.append(f"{where} lists {page}, the page of calculator {declared!r}, which is not registered")
    return problems


def test_the_navigation_lists_every_registered_calculator_and_no_other() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    nav = with_calculators(config["nav"], DOCS, NAMES)
    assert missing_and_extra(nav_files(nav), "the site's nav") == []
    calculators = next(item["Calculators"] for item in nav if isinstance(item, dict) and "Calculators" in item)
    files = nav_files(calculators)
    # The registry's order, the business case after the calculators it adds up, the method pages last.
    assert files == ["calculators/index.md", *(f"calculators/{n}.md" for n in NAMES), "calculators/business-case.md", *(f"calculators/reference/{n}.md" for n in NAMES)]


def test_mkdocs_yml_lists_no_calculator_page_by_hand() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    assert [f for f in nav_files(config["nav"]) if _calculator_of(DOCS / f) in NAMES or f.startswith("calculators/reference/")] == []


def test_the_calculators_index_lists_every_registered_calculator_and_no_other() -> None:
    text = (DOCS / "calculators" / "index.md").read_text(encoding="utf-8")
    linked = [f"calculators/{target}" for target in re.findall(r"\]\(((?:reference/)?[a-z0-9-]+\.md)\)", text)]
    assert missing_and_extra(linked, "docs/calculators/index.md") == []


def test_a_missing_or_unregistered_page_is_named(tmp_path: Path) -> None:
    listed = [f"calculators/{n}.md" for n in NAMES] + [f"calculators/reference/{n}.md" for n in NAMES]
    listed.remove("calculators/reference/caseload.md")
    assert missing_and_extra(listed, "nav") == ["nav lists no calculators/reference/caseload.md (calculator 'caseload' is registered)"]
    (tmp_path / "calculators").mkdir()
    (tmp_path / "calculators" / "retired.md").write_text("---\ncalculator: retired-calculator\n---\n", encoding="utf-8")
    assert missing_and_extra([*listed, "calculators/retired.md"], "nav", tmp_path)[-1] == (
        "nav lists calculators/retired.md, the page of calculator 'retired-calculator', which is not registered"
    )


def _enum(schema: str) -> list[str]:
    fields = json.loads((ROOT / "data" / f"{schema}.schema.json").read_text(encoding="utf-8"))["fields"]
    return next(f for f in fields if f["name"] == "calculator")["constraints"]["enum"]


def test_data_schemas_name_only_registered_calculators() -> None:
    # A preset's calculator is checked against the registry when the site is built
    # (calculators.check_presets, file and line named), so the schema lists none:
    # a new calculator's preset rows need no edit to it.
    fields = json.loads((ROOT / "data" / "preset_inputs.schema.json").read_text(encoding="utf-8"))["fields"]
    assert "enum" not in next(f for f in fields if f["name"] == "calculator")["constraints"]
    # A national default is for one calculator, or for all of them.
    assert [n for n in _enum("national_defaults") if n != "all" and n not in NAMES] == []
    # A service page's action opens a calculator that declares a link from service pages.
    linked = [calc.name for calc in registry.calculators() if calc.presentation.service_link is not None]
    assert _enum("service_calculators") == linked


def test_the_navigation_and_the_index_call_each_calculator_by_the_registrys_name() -> None:
    """One name for each calculator wherever it is listed: the registry's short title (no "Invest-to-save" beside "Invest to save")."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    nav = with_calculators(config["nav"], DOCS, NAMES)
    section = next(item["Calculators"] for item in nav if isinstance(item, dict) and "Calculators" in item)
    titles = {file: title for entry in section if isinstance(entry, dict) for title, file in entry.items()}
    text = (DOCS / "calculators" / "index.md").read_text(encoding="utf-8")
    linked = dict((target, words) for words, target in re.findall(r"\[([^\]]+)\]\(([a-z0-9-]+\.md)\)", text))
    for calc in registry.calculators():
        assert titles[f"calculators/{calc.name}.md"] == calc.short_title, calc.name
        assert titles[f"calculators/reference/{calc.name}.md"] == f"{calc.short_title} method", calc.name
        assert linked[f"{calc.name}.md"] == calc.short_title, f"docs/calculators/index.md links {calc.name} as {linked[f'{calc.name}.md']!r}"
    # "Invest to save (cost-benefit, discounting and payback)" is listed as "Invest to save".
    assert registry.get("invest-to-save").short_title == "Invest to save"
